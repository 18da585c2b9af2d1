"""Throughput of ``parley validate`` (not a unit test).

Measures, in one process on one core, after the schemas have been compiled once:

* the two committed records (``tei/1945-*.xml``), validated repeatedly;
* a folder of 1,000 generated records (copies of the two records, each under its own name,
  id prefix and identifier, beside a copy of the authority file), validated with
  :func:`parley.validate.validate_paths` as ``parley validate FOLDER`` does;

and prints files/s and MB/s for each, the time to load and compile the schemas, and the
peak resident memory. Every generated record must come out valid (the benchmark checks).

    .venv/bin/python benchmarks/bench_validate.py [--records N] [--rounds N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from parley.validate import Validator, _Locator, _parse, check_pointers, is_valid, validate_paths  # noqa: E402


def generate(folder: Path, n: int) -> list[Path]:
    """n records made from the committed ones: each stem gets a suffix, everywhere it occurs
    (file name, TEI/@xml:id and every id prefix, idno, change log)."""
    sources = sorted((ROOT / "tei").glob("1*.xml"))
    shutil.copy(ROOT / "tei" / "authority.xml", folder / "authority.xml")
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        stem = src.stem
        new = f"{stem}-b{i:04d}"
        text = src.read_text(encoding="utf-8").replace(stem, new)
        path = folder / f"{new}.xml"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def row(label: str, files: int, size: int, seconds: float) -> str:
    return f"{label:<34} {files:>6} {size / 1e6:>8.2f} {seconds:>8.2f} {files / seconds:>9.1f} {size / 1e6 / seconds:>7.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=1000, help="generated records (default 1000)")
    ap.add_argument("--rounds", type=int, default=100, help="rounds over the two records (default 100)")
    args = ap.parse_args()

    validator = Validator()
    records = sorted((ROOT / "tei").glob("1*.xml"))
    t0 = time.perf_counter()
    first = validator.validate_file(records[0])
    startup = time.perf_counter() - t0
    assert is_valid(first), first

    data = [(p, p.read_bytes()) for p in records]
    t0 = time.perf_counter()
    size = 0
    for _ in range(args.rounds):
        for p, b in data:
            problems = validator.validate_bytes(b, p.name, authority_dir=p.parent)
            size += len(b)
    two = time.perf_counter() - t0
    assert is_valid(problems)

    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        folder = Path(tmp)
        generated = generate(folder, args.records)
        gen_size = sum(p.stat().st_size for p in folder.glob("*.xml"))
        t0 = time.perf_counter()
        results, n_valid, n_invalid = validate_paths([folder], validator)
        folder_time = time.perf_counter() - t0
    if n_invalid:
        bad = next((name, ps) for name, ps in results if not is_valid(ps))
        print(f"generated record invalid: {bad[0]}: {bad[1][0]}", file=sys.stderr)
        return 1

    # Where the time goes, for the largest record: best of several runs of each layer.
    path, big = max(data, key=lambda pb: len(pb[1]))

    def best(f, n=10, k=5):
        times = []
        for _ in range(k):
            t = time.perf_counter()
            for _ in range(n):
                f()
            times.append((time.perf_counter() - t) / n)
        return min(times) * 1000

    root = _parse(big, path.name)
    locator = _Locator(big, root)
    kinds = validator._authority_kinds(path.parent / "authority.xml")
    layers = [
        ("well-formedness (lxml)", best(lambda: _parse(big, path.name))),
        ("grammar (libxml2)", best(lambda: validator._fast_xsd().validate(root.getroottree()))),
        ("rules (Saxon: parse + transform)", best(lambda: validator._check_rules(big, root, path.name, locator, None)) - 0),
        ("pointers (Python)", best(lambda: check_pointers(root, path.name, locator, kinds))),
        ("all layers", best(lambda: validator.validate_bytes(big, path.name, authority_dir=path.parent))),
    ]

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'case':<34} {'files':>6} {'MB':>8} {'seconds':>8} {'files/s':>9} {'MB/s':>7}")
    print(row(f"two records x {args.rounds} rounds", args.rounds * len(data), size, two))
    print(row(f"folder of {len(generated)} records + authority", n_valid + n_invalid, gen_size, folder_time))
    print(f"first file, schemas loaded and compiled: {startup:.2f} s")
    print(f"best time per layer for {path.name} ({len(big) / 1000:.0f} kB):")
    for label, ms in layers:
        print(f"  {label:<34} {ms:6.2f} ms")
    print(f"peak resident memory: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
