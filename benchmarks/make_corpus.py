#!/usr/bin/env python3
"""Make N realistic raw records for benchmarks, recombined from the real ones in raw/.

    python benchmarks/make_corpus.py N DIR [--seed S] [--source PROJECT]

DIR becomes a parley project: DIR/raw/ gets N records in the archive's export format, and
DIR/tei/ a copy of the source project's authority and editorial files. Every record is a
recombination of the real records' lines (SYNTHETIC: for measurements only, not documents):
its own date and time span, page title, speakers (the speakers' labels are names the
authority file knows: the real records' speakers and other persons of the authority file),
turn order and number of turns; turns are real turns, some cut short or joined, their
speaker rotated; the recorder's queried readings ("Kalkhim (?)", "(De Castri?)") come with
the real turns that hold them (a query needs its entry in the editorial table, or the record
is invalid); numbered lists and stage lines ("(Stalin laughs)") are added for the new
record's speakers. The trailer (summary, archival
line, rights, fields) follows the real records. The same N and seed give the same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parent

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
LABEL_RE = re.compile(r"^(?:\[[^\]]{1,30}\]\s*)?[A-Z][\w.'\-]*(?:\s+(?:\[[^\]]{1,30}\]|[A-Z][\w.'\-]*)){0,3}\s*:(?:\s|$)")
ITEM_RE = re.compile(r"^\(?\d{1,3}[).]\s+\S")
STAGE_RE = re.compile(r"^\((?![^()]*\?\s*\))[^()]*\)\s*[.;]?$")

#: speakers: label as printed -> how stage directions name them; all are authority names
SPEAKERS = [
    "Stalin", "Soong", "Molotov", "Wang", "Fu", "Hsiung", "Antonov", "Lossovski", "Victor Hoo",
    "T.V. Soong", "Dr. Soong", "General Hsiung",
]
STAGES = ["({who} laughs)", "({who} reads the draft aloud)", "({who} consults the map)", "(Pause)", "(He reads the two concluding lines)."]
LIST_ITEMS = [
    "Friendship and alliance;", "Chinese Eastern Railway and South Manchurian Railway;", "Port Arthur and Dalny;",
    "Declaration on independence of Outer Mongolia.", "Military zone of Dairen;", "Withdrawal of troops;",
    "Joint commission of the railway;", "Status of Sinkiang.",
]
SUBJECTS = [
    "the status of Outer Mongolia", "the Chinese Eastern Railway", "Port Arthur and Dairen", "the war with Japan",
    "the treaty of friendship and alliance", "Sinkiang", "the withdrawal of Soviet troops", "the frontiers of Manchuria",
]


def split_record(text: str):
    """The real record's parts: front lines, turns (lists of lines), trailer lines."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    content = [ln for ln in lines if ln.strip()]
    info = next(i for i, ln in enumerate(content) if ln.strip() == "Document Information")
    trailer = content[info + 1:]
    main = content[:info]
    abstract = main[-1]
    first_turn = next(i for i, ln in enumerate(main) if LABEL_RE.match(ln))
    turns: list[list[str]] = []
    for ln in main[first_turn:-1]:
        if LABEL_RE.match(ln):
            turns.append([ln])
        elif turns:
            turns[-1].append(ln)
    return turns, abstract, trailer


def turn_body(turn: list[str]) -> list[str]:
    """A turn's lines without its speaker label and without stage lines (a stage line names
    the real record's people; stage lines are added for the new record's speakers)."""
    first = LABEL_RE.sub("", turn[0], count=1).strip()
    lines = ([first] if first else []) + [ln.strip() for ln in turn[1:]]
    return [ln for ln in lines if not STAGE_RE.match(ln)]


def shorten(line: str, rng: random.Random) -> str:
    """Cut a long line after one of its sentences (turn lengths vary)."""
    parts = re.split(r"(?<=[.?!])\s+(?=[A-Z])", line)
    if len(parts) < 3 or rng.random() < 0.5:
        return line
    keep = rng.randint(1, len(parts) - 1)
    return " ".join(parts[:keep])


def make_record(i: int, seed: int, pool: list[list[str]], abstracts: list[str], trailers: list[list[str]]) -> tuple[str, str]:
    rng = random.Random(f"{seed}:{i}")
    day = date(1945, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    people = rng.sample(SPEAKERS[:9], rng.choice([2, 2, 3, 3, 4]))
    a, b = people[0], people[1]
    h1, m1 = rng.randint(1, 11), rng.choice(["00", "15", "30", "45"])
    h2, m2 = h1 + rng.randint(0, 2), rng.choice(["00", "15", "30", "45"])
    if (h2, m2) <= (h1, m1):
        h2 = h1 + 1
    mer = rng.choice(["a.m.", "p.m."])
    if h2 > 12:
        h2 -= 12
    style = rng.randrange(3)
    if style == 0:
        dateline = f"{day.day} {MONTHS[day.month - 1]} {day.year}, {h1}:{m1} - {h2}:{m2} {mer}"
    elif style == 1:
        dateline = f"{day.day} {MONTHS[day.month - 1]}, {day.year} {h1}:{m1} \u2013 {h2}:{m2} {mer}"
    else:
        dateline = f"{MONTHS[day.month - 1]} {day.day}, {day.year}, {h1}:{m1} to {h2}:{m2} {mer}"
    title = f"Record of a Meeting Between {a} and {b}"
    out = ["Skip to content", f"{MONTHS[day.month - 1]} {day.day}, {day.year}", title,
           "This document was made possible with support from Chun & Jane Chiu Family Foundation"]
    if rng.random() < 0.4:
        out.append(f"Record of Meeting Between {a} and {b}")
    out += ["", dateline, ""]
    n_turns = rng.randint(25, 180)
    for t in range(n_turns):
        src = rng.choice(pool)
        who = people[t % len(people)] if t < len(people) or rng.random() < 0.8 else rng.choice(people)
        body = [shorten(ln, rng) for ln in turn_body(src)]
        if not body:
            body = ["Yes."]
        if rng.random() < 0.3:  # join a second turn's words: longer turns
            body += [ln for ln in turn_body(rng.choice(pool))[:2] if not LABEL_RE.match(ln)]
        first, rest = body[0], body[1:]
        out.append(f"{who}: {first}" if not ITEM_RE.match(first) and not STAGE_RE.match(first) else f"{who}:")
        if ITEM_RE.match(first) or STAGE_RE.match(first):
            rest = [first] + rest
        for ln in rest:
            out.append(ln)
        if rng.random() < 0.03:  # a numbered list
            items = rng.sample(LIST_ITEMS, rng.randint(2, 4))
            for k, item in enumerate(items, start=1):
                out.append(f"{k}) {item}")
        if rng.random() < 0.04:  # a stage line between turns
            out.append(rng.choice(STAGES).format(who=rng.choice(people)))
        out.append("")
    subject = " and ".join(rng.sample(SUBJECTS, 2))
    out.append(f"{a} and {b} discuss {subject}." if rng.random() < 0.5 else rng.choice(abstracts))
    out.append("Document Information")
    out += rng.choice(trailers)
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in (a, b))
    name = f"{day.isoformat()}-{slug}-{i:05d}"
    return name, "\n\n".join(out).replace("\n\n\n\n", "\n\n") + "\n"


def make_corpus(n: int, target: Path, seed: int = 1, source: Path = DEFAULT_SOURCE) -> list[Path]:
    raws = sorted((source / "raw").glob("*.txt"))
    if not raws:
        raise SystemExit(f"{source}/raw: no records to recombine")
    pool, abstracts, trailers = [], [], []
    for p in raws:
        turns, abstract, trailer = split_record(p.read_text(encoding="utf-8"))
        pool += turns
        abstracts.append(abstract)
        trailers.append(trailer)
    (target / "raw").mkdir(parents=True, exist_ok=True)
    (target / "tei").mkdir(parents=True, exist_ok=True)
    for name in ("authority.xml", "editorial.xml"):
        shutil.copyfile(source / "tei" / name, target / "tei" / name)
    written = []
    for i in range(n):
        name, text = make_record(i, seed, pool, abstracts, trailers)
        path = target / "raw" / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of records")
    ap.add_argument("dir", type=Path, help="the project folder to create")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="project whose raw/ and tei/ tables are used")
    args = ap.parse_args(argv)
    written = make_corpus(args.n, args.dir, args.seed, args.source)
    size = sum(p.stat().st_size for p in written)
    print(f"{len(written)} records, {size / 1e6:.1f} MB in {args.dir / 'raw'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
