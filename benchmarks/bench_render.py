#!/usr/bin/env python3
"""Benchmark of the renderer (parley.render): compile once, then time the views.

    python benchmarks/bench_render.py [--runs 50] [--sizes 1000,2500,5000,10000] [--json FILE]

1. Compiling the stylesheets (once per process).
2. Both views of each record in tei/, in memory: from the TEI bytes (parse + the maps both
   views share + reading view + diplomatic view) and from the parsed record (as in the build,
   where the validator's parse is reused); each part alone; median, first quartile and best
   of --runs runs, after 10 warm-up runs, all of them timed in turn, round by round (see
   timed_together); and render_record() with its three files written.
3. Linear cost: generated records of N turns (cycling the turns of the 10 August record,
   with fresh ids) and N/2 editorial notes, N from --sizes up to 10,000 turns with 5,000
   notes; time per turn should stay flat.
4. The site pages (index, registers, encoding) for the records in tei/.

For scale, the floor: Saxon parsing the record, and a one-template stylesheet that turns
every element into a <span> (the least any view can cost with this engine); and the
machine's speed of the moment: a fixed piece of pure-Python work timed with the rest.

Timings are wall-clock on one core (the renderer is single-threaded). Nothing is written
outside a temporary folder.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


FLOOR = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" html-version="5"/>
  <xsl:template match="/"><html><body><xsl:apply-templates/></body></html></xsl:template>
  <xsl:template match="*"><span class="{local-name()}"><xsl:apply-templates/></span></xsl:template>
</xsl:stylesheet>"""


def synthetic_record(template: Path, turns: int, notes: int) -> bytes:
    """A record of *turns* turns and *notes* editorial notes, made from the template's turns."""
    root = etree.parse(str(template)).getroot()
    div = root.find(f".//{T}div")
    model = [el for el in div if el.tag == T + "sp"]
    for el in list(div):
        if el.tag in (T + "sp", T + "stage"):
            div.remove(el)
    every = max(1, turns // max(1, notes))
    made = 0
    for i in range(turns):
        sp = copy.deepcopy(model[i % len(model)])
        for el in list(sp.iter(T + "note")):  # drop the template's notes, keep their tails
            parent, prev, tail = el.getparent(), el.getprevious(), el.tail or ""
            parent.remove(el)
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        for el in sp.iter():
            if el is not sp and el.get(XML_ID):
                del el.attrib[XML_ID]
        sp.set("n", str(i + 1))
        sp.set(XML_ID, f"rec-bench-sp{i + 1:05d}")
        p = sp.find(T + "p")
        if made < notes and i % every == 0 and p is not None:
            made += 1
            note = etree.SubElement(p, T + "note", {"type": "editorial", "resp": "#resp-enc", "n": str(made), XML_ID: f"rec-bench-n{made:05d}"})
            note.text = f"Generated note {made}, naming "
            name = etree.SubElement(note, T + "persName", ref="pers:stalin")
            name.text = "Stalin"
            name.tail = "."
        div.append(sp)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _summary(times: list[float], runs: int) -> dict:
    times = sorted(times)
    return {
        "median_ms": round(statistics.median(times), 1),
        "p25_ms": round(times[len(times) // 4], 1),
        "best_ms": round(times[0], 1),
        "runs": runs,
    }


def timed(fn, runs: int, warmup: int = 10) -> dict:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return _summary(times, runs)


def timed_together(fns: dict, runs: int, warmup: int = 10) -> dict:
    """Time several functions in turn, one run of each per round, so that all of them see
    the same machine: on a virtual machine, speed drifts by half from one minute to the
    next, and functions timed one after the other would be compared across that drift."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times: dict = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t) * 1000)
    return {name: _summary(values, runs) for name, values in times.items()}


def calibration() -> int:
    """A fixed piece of pure-Python work (about 10 ms on the machine of benchmarks/README.md):
    the machine's speed at the moment, to compare runs made at different times."""
    total = 0
    for i in range(200_000):
        total += i * i % 7
    return total


def _cpu_model() -> str:
    """The processor's model name (a virtual machine may move to another kind between runs)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--sizes", default="1000,2500,5000,10000")
    ap.add_argument("--json", type=Path, default=None, help="write the results here as JSON")
    args = ap.parse_args()

    from parley.render import Renderer, record_files

    results: dict = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        import saxonche

        results["saxon"] = saxonche.PySaxonProcessor(license=False).version
    except Exception:  # pragma: no cover
        pass

    t = time.perf_counter()
    renderer = Renderer()
    results["compile_ms"] = round((time.perf_counter() - t) * 1000)
    print(f"compile stylesheets: {results['compile_ms']} ms (once per process)")

    tei = ROOT / "tei"
    authority = renderer._authority(tei / "authority.xml")
    floor_exe = renderer._proc.new_xslt30_processor().compile_stylesheet(stylesheet_text=FLOOR)
    results["records"] = {}
    print(f"\nboth views of a record, in memory ({args.runs} runs after 10 warm-up runs):")
    for path in record_files(tei):
        data = path.read_bytes()
        node = renderer._parse(data, path.name)[1]
        # As the build does: the record parsed once (shared with the validator), the maps
        # both views share made once, then the two views.
        params = renderer._page_params(path.stem, authority)
        maps = renderer._maps_of(node, path.name, params)
        fns = {
            "both_views": lambda: renderer.render_views(data, path.stem, authority),
            "both_views_parsed": lambda: renderer._views_of(node, path.stem, authority, path.name),
            "shared_maps": lambda: renderer._maps_of(node, path.name, params),
            **{
                view: (lambda exe=exe: renderer._run(exe, node, path.name, **params, **{"record-maps": maps}))
                for view, exe in renderer._views.items()
            },
            "parse": lambda: renderer._parse(data, path.name),
            "floor_one_template": lambda: floor_exe.transform_to_string(xdm_node=node),
            "calibration": calibration,
        }
        got = timed_together(fns, args.runs)
        both, parsed, shared, parse, floor = (got[k] for k in ("both_views", "both_views_parsed", "shared_maps", "parse", "floor_one_template"))
        per_view = {view: got[view] for view in renderer._views}
        with tempfile.TemporaryDirectory() as tmp:
            written = timed(lambda: renderer.render_record(path, Path(tmp)), max(5, args.runs // 5), warmup=2)
        results["records"][path.stem] = {
            "tei_bytes": len(data),
            "turns": len(etree.parse(str(path)).getroot().findall(f".//{T}sp")),
            "both_views": both,
            "both_views_parsed": parsed,
            "parse": parse,
            "shared_maps": shared,
            "floor_one_template": floor,
            "reading": per_view["reading"],
            "diplomatic": per_view["diplomatic"],
            "render_record_with_files": written,
            "calibration_python": got["calibration"],
            "both_views_parsed_per_calibration": round(parsed["best_ms"] / got["calibration"]["best_ms"], 2),
        }
        r = results["records"][path.stem]
        print(
            f"  {path.stem} ({r['tei_bytes'] // 1024} KB, {r['turns']} turns): both views with the parse "
            f"{both['median_ms']} ms median, {both['best_ms']} ms best; of a parsed record {parsed['median_ms']} ms median, "
            f"{parsed['best_ms']} ms best. Best times: parse {parse['best_ms']}, shared maps {shared['best_ms']}, "
            f"reading {per_view['reading']['best_ms']}, diplomatic {per_view['diplomatic']['best_ms']}; "
            f"render_record with files {written['median_ms']} ms median; floor: one-template stylesheet {floor['best_ms']} ms; "
            f"machine speed: the Python calibration {got['calibration']['best_ms']} ms best ({r['both_views_parsed_per_calibration']} of it for both views)"
        )

    print("\nlinear cost: generated records, N turns and N/2 notes, both views:")
    template = tei / "1945-08-10-soong-stalin.xml"
    results["scaling"] = []
    for n in [int(s) for s in args.sizes.split(",") if s]:
        data = synthetic_record(template, n, n // 2)
        t = time.perf_counter()
        renderer.render_views(data, "bench", authority)
        first = time.perf_counter() - t
        t = time.perf_counter()
        renderer.render_views(data, "bench", authority)
        second = time.perf_counter() - t
        best = min(first, second)
        row = {"turns": n, "notes": n // 2, "tei_mb": round(len(data) / 1e6, 2), "seconds": round(best, 2), "ms_per_turn": round(best * 1000 / n, 3)}
        results["scaling"].append(row)
        print(f"  {n:>6} turns, {n // 2:>5} notes ({row['tei_mb']} MB): {row['seconds']} s, {row['ms_per_turn']} ms per turn")

    with tempfile.TemporaryDirectory() as tmp:
        site = timed(lambda: renderer.render_site_pages(record_files(tei), tei / "authority.xml", Path(tmp)), 5, warmup=1)
    results["site_pages"] = site
    print(f"\nsite pages (index, 4 registers, encoding) for {len(record_files(tei))} records: {site['median_ms']} ms median")

    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(f"load average (1, 5, 15 min) at start {results['load_average_at_start']}, at end {results['load_average_at_end']}; "
          f"{os.cpu_count()} CPUs: figures from a busy machine are inflated")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
