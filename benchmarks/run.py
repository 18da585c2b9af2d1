#!/usr/bin/env python3
"""Benchmarks of `parley build`: throughput and memory for 100, 1,000 and 10,000 records.

    python benchmarks/run.py [--sizes 100,1000,10000] [-j 2] [--workdir DIR] [--update-readme]

For each size N, a project of N generated records (benchmarks/make_corpus.py, seed 1) is
built with `parley build -j J` in a fresh process, as a user would run it:

cold            first build: convert, validate, render, site pages, corpus
no-op           the same again, nothing changed
one record      one raw file edited (words added), built again: its views and the index
one record, a name added
                another raw file edited, adding a name: its views, the index, the registers
convert, validate, render, site, corpus
                each stage alone over all records (`--force --only STAGE`)

Each row gives wall-clock seconds, CPU seconds (user and system, all processes), records/s, MB/s (of the stage's input: raw text for convert and
the cold build, TEI for the others) and peak resident memory (RSS), both of the largest
single process and of all of the build's processes together (sampled from /proc every
20 ms). Beside each, the floor: lxml parsing and serialising the same N TEI files in one
process, nothing else, and the ratio of the row's time to it.

Results go to benchmarks/results.json (merged by size) and, with --update-readme, into the
table of benchmarks/README.md between its result markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402

RESULTS = HERE / "results.json"
README = HERE / "README.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
STAGES = ("convert", "validate", "render", "site", "corpus")


# ---------------------------------------------------------------------------------------
# Memory of a process tree, sampled from /proc


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def _rss_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in kB, 0 if gone."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    except OSError:
        pass
    return rss, hwm


class TreeMemory(threading.Thread):
    """Peak RSS of a process and its descendants: sum over the tree, and largest process."""

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_total = 0
        self.peak_single = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            kids = _children_map()
            tree, todo = [], [self.pid]
            while todo:
                p = todo.pop()
                tree.append(p)
                todo.extend(kids.get(p, []))
            total = 0
            for p in tree:
                rss, hwm = _rss_kb(p)
                total += rss
                self.peak_single = max(self.peak_single, hwm)
            self.peak_total = max(self.peak_total, total)
            time.sleep(self.interval)

    def stop(self) -> None:
        self.running = False
        self.join()


PYTHON = sys.executable  # the interpreter whose parley is measured (--python)


def run_build(project: Path, jobs: int, *extra: str) -> dict:
    cmd = [PYTHON, "-m", "parley", "build", "-q", "-j", str(jobs), *extra]
    load = os.getloadavg()[0]
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    mem = TreeMemory(proc.pid)
    mem.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    mem.stop()
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}) in {project}:\n{out}\n{err[-4000:]}")
    return {"seconds": seconds, "cpu_seconds": cpu, "load_before": load, "rss_single_mb": mem.peak_single / 1024, "rss_total_mb": mem.peak_total / 1024, "summary": out.strip().splitlines()[-8:]}


# ---------------------------------------------------------------------------------------
# The floor: lxml parsing and serialising the same TEI files


FLOOR = r"""
import sys, time
from pathlib import Path
from lxml import etree
files = [p for p in sorted(Path(sys.argv[1]).glob("*.xml")) if p.name not in {"authority.xml", "editorial.xml", "corpus.xml"}]
if len(sys.argv) > 2:
    files = files[: int(sys.argv[2])]
t0 = time.perf_counter()
n = 0
for p in files:
    n += len(etree.tostring(etree.parse(str(p)), encoding="utf-8"))
print(time.perf_counter() - t0, len(files), n)
"""


def floor(project: Path, limit: int | None = None) -> float:
    cmd = [sys.executable, "-c", FLOOR, str(project / "tei")] + ([str(limit)] if limit else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
    return float(out[0])


# ---------------------------------------------------------------------------------------


def size_of(folder: Path, pattern: str, skip=("authority.xml", "editorial.xml", "corpus.xml")) -> int:
    return sum(p.stat().st_size for p in folder.glob(pattern) if p.name not in skip)


def bench(n: int, jobs: int, workdir: Path, seed: int, stages: bool) -> dict:
    project = workdir / f"parley-bench-{n}"
    if project.exists():
        shutil.rmtree(project)
    t0 = time.perf_counter()
    make_corpus(n, project, seed=seed)
    print(f"[{n}] corpus made in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    raw_bytes = size_of(project / "raw", "*.txt")
    rows = {}

    def row(name: str, result: dict, records: int, nbytes: int) -> None:
        s = result["seconds"]
        rows[name] = {
            "seconds": s,
            "cpu_seconds": result["cpu_seconds"],
            "load_before": result["load_before"],
            "records_per_s": records / s,
            "mb_per_s": nbytes / 1e6 / s,
            "rss_single_mb": result["rss_single_mb"],
            "rss_total_mb": result["rss_total_mb"],
            "records": records,
        }
        print(f"[{n}] {name}: {s:.2f} s (CPU {result['cpu_seconds']:.1f} s, load before {result['load_before']:.1f}), {records / s:.1f} records/s, RSS {result['rss_single_mb']:.0f} MB (largest), {result['rss_total_mb']:.0f} MB (all)", file=sys.stderr)

    row("cold", run_build(project, jobs), n, raw_bytes)
    tei_bytes = size_of(project / "tei", "*.xml")
    row("no-op", run_build(project, jobs), n, 0)
    victim = sorted((project / "raw").glob("*.txt"))[n // 2]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace("\n\nDocument Information", " (Edited for the benchmark.)\n\nDocument Information", 1), encoding="utf-8")
    row("one record", run_build(project, jobs), 1, victim.stat().st_size)
    # the same, but the edit names someone: the registers are made again too
    victim = sorted((project / "raw").glob("*.txt"))[n // 3]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace("\n\nDocument Information", " Molotov agreed.\n\nDocument Information", 1), encoding="utf-8")
    row("one record, a name added", run_build(project, jobs), 1, victim.stat().st_size)
    if stages:
        for stage in STAGES:
            nbytes = raw_bytes if stage == "convert" else tei_bytes
            row(f"{stage} alone", run_build(project, jobs, "--force", "--only", stage), n, nbytes)
    floor_s = floor(project)
    for r in rows.values():
        r["floor_seconds"] = floor_s
        r["ratio"] = r["seconds"] / floor_s
    print(f"[{n}] floor (lxml parse+serialise of {n} TEI files, 1 process): {floor_s:.2f} s", file=sys.stderr)
    return {"n": n, "jobs": jobs, "raw_mb": raw_bytes / 1e6, "tei_mb": tei_bytes / 1e6, "floor_seconds": floor_s, "rows": rows}


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    probe = (
        "import json, parley, platform; from importlib.metadata import version; "
        "print(json.dumps({'parley': parley.__version__, 'lxml': version('lxml'), 'saxonche': version('saxonche'), "
        "'python': platform.python_version()}))"
    )
    versions = json.loads(subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=True).stdout)

    return {
        "cpu": cpu or platform.processor(),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        **versions,
    }


def table(results: dict) -> str:
    m = results["machine"]
    # What was measured, per size (sizes are measured in separate runs, maybe of other commits).
    by_note: dict[str, list[str]] = {}
    for key in sorted(results["sizes"], key=int):
        by_note.setdefault(results["sizes"][key].get("note") or m.get("note") or "", []).append(f"{int(key):,}")
    if len(by_note) == 1:
        measured = f" ({next(iter(by_note))})" if next(iter(by_note)) else ""
    else:
        measured = " (" + "; ".join(f"N = {', '.join(sizes)}: {note or 'not recorded'}" for note, sizes in by_note.items()) + ")"
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['os']}; Python {m['python']}, "
        f"lxml {m.get('lxml')}, saxonche {m.get('saxonche')}; parley {m['parley']}" + measured + ".",
        "",
        "| N | run | seconds | CPU s | records/s | MB/s | peak RSS, largest process (MB) | peak RSS, all processes (MB) | floor (s) | ratio to floor |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key in sorted(results["sizes"], key=int):
        r = results["sizes"][key]
        for name, row in r["rows"].items():
            lines.append(
                f"| {int(key):,} | {name} | {row['seconds']:.2f} | {row['cpu_seconds']:.1f} | {row['records_per_s']:.1f} | {row['mb_per_s']:.2f} | "
                f"{row['rss_single_mb']:.0f} | {row['rss_total_mb']:.0f} | {row['floor_seconds']:.2f} | {row['ratio']:.1f} |"
            )
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--no-stages", action="store_true", help="skip the stage-alone rows")
    ap.add_argument("--update-readme", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the generated projects")
    ap.add_argument("--python", default=sys.executable, help="interpreter with the parley to measure (e.g. a venv with a snapshot installed)")
    ap.add_argument("--note", default="", help="recorded with the results, e.g. the commit measured")
    args = ap.parse_args(argv)
    global PYTHON
    PYTHON = args.python
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"sizes": {}}
    for kept in results["sizes"].values():  # sizes measured before notes were kept per size
        kept.setdefault("note", results.get("machine", {}).get("note", ""))
    results["machine"] = machine()
    results["machine"]["note"] = args.note
    for n in (int(x) for x in args.sizes.split(",")):
        results["sizes"][str(n)] = {**bench(n, args.jobs, args.workdir, args.seed, not args.no_stages), "note": args.note}
        RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
        if not args.keep:
            shutil.rmtree(args.workdir / f"parley-bench-{n}", ignore_errors=True)
    text = table(results)
    print(text)
    if args.update_readme and README.exists():
        readme = README.read_text(encoding="utf-8")
        if BEGIN in readme and END in readme:
            head, rest = readme.split(BEGIN, 1)
            _, tail = rest.split(END, 1)
            README.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
