"""Parse a plain-text record export into a small data model.

The records come from the web export of an online archive: page chrome, the page date and
title, a funding line, an optional inner heading, a date-time line, the turns of the
conversation, then a trailer (summary, "Document Information", the archival source line,
rights paragraphs, metadata fields, the document type, the funder). This module knows that
layout and nothing about TEI: it turns text into :class:`Record` values and reports every
problem as a :class:`~parley.problems.Problem` with file and line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Callable, Optional

from .problems import ERROR, WARNING, InputError, Problem, not_utf8

# ---------------------------------------------------------------------------------------
# Data model


@dataclass(frozen=True)
class Line:
    """One source line: its 1-based number and its text (trailing white space removed)."""

    number: int
    text: str


@dataclass(frozen=True)
class DateSpan:
    """The record's date-time line, with the interval it states (local time, no zone)."""

    line: Line
    day: date
    start: Optional[datetime] = None
    end: Optional[datetime] = None


@dataclass(frozen=True)
class Block:
    """A block inside a turn or a narrative record: ``p``, ``stage`` or ``list``.

    A list block holds one line per item; the others hold exactly one line.
    """

    kind: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Present:
    """A name of the "Present:" block: its line, the person it resolves to (authority key,
    "" if nobody), and the name as written."""

    line: Line
    key: str
    name: str


@dataclass(frozen=True)
class Turn:
    """One speaker turn: the label as printed and the person it resolves to."""

    line: Line
    label: str  # as printed, colon included: "[T.V] Soong:"
    name: str  # the name in the label, brackets dropped: "T.V Soong"
    who: str  # authority key of the speaker
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Stage:
    """A stage direction standing between turns ("(Stalin laughs)")."""

    line: Line
    who: Optional[str]


@dataclass(frozen=True)
class Archival:
    """The archival source line: collection, box, folder, repository, contributor."""

    line: Line
    collection: str = ""
    box: str = ""
    folder: str = ""
    repository: str = ""
    contributor: str = ""


@dataclass(frozen=True)
class Record:
    source: str  # file name for messages
    page_date: Optional[Line]
    page_title: Optional[Line]
    funder: str
    headings: tuple[Line, ...]
    dateline: DateSpan
    present: tuple[Present, ...]  # the names of the "Present:" block
    body: tuple[object, ...]  # Turn | Stage | Block (narrative records)
    abstract: Optional[Line]
    archival: Optional[Archival]
    rights: tuple[Line, ...]
    doc_type: Optional[Line]
    fields: tuple[tuple[str, str], ...]  # labelled metadata fields that had a value
    problems: tuple[Problem, ...] = field(default=())

    @property
    def turns(self) -> tuple[Turn, ...]:
        return tuple(b for b in self.body if isinstance(b, Turn))

    @property
    def body_lines(self) -> tuple[Line, ...]:
        """The source lines of the document proper: headings, date line, body, in order."""
        out = list(self.headings) + [self.dateline.line]
        for item in self.body:
            if isinstance(item, Turn):
                out.append(item.line)
                for block in item.blocks:
                    out.extend(block.lines)
            elif isinstance(item, Stage):
                out.append(item.line)
            else:
                out.extend(item.lines)
        return tuple(out)


# ---------------------------------------------------------------------------------------
# Text decoding


#: The start of an XML document: a declaration, a comment, a processing instruction or a tag.
_XML_START = re.compile(rb"\s*<(?:\?xml|!--|\?|!DOCTYPE|[A-Za-z_][\w.:-]*[\s/>])")


def decode(data: bytes, source: str) -> list[Line]:
    """Decode UTF-8 bytes (a BOM and CRLF/CR line ends are accepted) into numbered lines. An
    XML file (a TEI file given to convert by mistake) is refused, saying what it is."""
    if not data.strip():
        raise InputError(Problem(source, 1, "the file is empty; a record needs a date line and turns", "empty-file"))
    start = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if _XML_START.match(start):
        raise InputError(
            Problem(
                source,
                start[: len(start) - len(start.lstrip())].count(b"\n") + 1,
                "this is an XML file, not a transcript: convert reads plain-text records from raw/; "
                "to check TEI use `parley validate`",
                "not-a-transcript",
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            Problem(
                source,
                line,
                not_utf8(data[exc.start]),
                "not-utf8",
                col=col,
            )
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Line(i, s.rstrip()) for i, s in enumerate(text.split("\n"), start=1)]


# ---------------------------------------------------------------------------------------
# Dates and times

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATE_DMY = rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}"
_DATE_MDY = rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}"
_MERIDIEM = r"(?:a\.\s?m\.?|p\.\s?m\.?|am\b|pm\b)"
_CLOCK = r"\d{1,2}(?::\d{2})?"
_TIME = rf"(?P<t1>{_CLOCK})\s*(?P<m1>{_MERIDIEM})?\s*(?:-|–|—|to)\s*(?P<t2>{_CLOCK})\s*(?P<m2>{_MERIDIEM})?"
# Month-day-year gets renamed groups (bmonth, bday, byear) so both orders live in one regex.
_DATE_MDY_B = _DATE_MDY.replace("?P<", "?P<b")
DATE_RE = re.compile(rf"^(?:{_DATE_DMY}|{_DATE_MDY_B})", re.IGNORECASE)
TIME_RE = re.compile(rf"^[,\s]*{_TIME}\s*\.?$", re.IGNORECASE)


def _match_date(text: str) -> tuple[Optional[date], str]:
    """Match a date at the start of *text*; return it and the rest of the text."""
    m = DATE_RE.match(text.strip())
    if not m:
        return None, text
    g = m.groupdict()
    month = g["month"] or g["bmonth"]
    day = g["day"] or g["bday"]
    year = g["year"] or g["byear"]
    try:
        value = date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None, text
    return value, text.strip()[m.end():]


def _is_plain_date(text: str) -> bool:
    parsed = parse_dateline(text)
    return parsed is not None and parsed[1] is None


def _clock(value: str, meridiem: Optional[str]) -> Optional[time]:
    hours, _, minutes = value.partition(":")
    h, mi = int(hours), int(minutes or 0)
    if mi > 59:
        return None
    if meridiem:
        if not 1 <= h <= 12:
            return None
        pm = meridiem.lower().startswith("p")
        h = (h % 12) + (12 if pm else 0)
    elif h > 23:
        return None
    return time(h, mi)


def parse_dateline(text: str) -> Optional[tuple[date, Optional[datetime], Optional[datetime]]]:
    """Parse a date-time line such as "7 July 1945, 11:00 - 11:45 p.m.".

    Accepted: day-month-year or month-day-year (ordinals and commas allowed), optionally
    followed by a span of clock times separated by a hyphen, dash or "to". A missing a.m./p.m.
    on the first time is taken from the second unless that would put the start after the end;
    a span whose end is before its start crosses midnight.
    Returns None when the line is no date line.
    """
    day, rest = _match_date(text)
    if day is None:
        return None
    if not rest.strip(" ,."):
        return day, None, None
    m = TIME_RE.match(rest)
    if not m:
        return None
    m1, m2 = m.group("m1"), m.group("m2")
    end_t = _clock(m.group("t2"), m2)
    start_t = _clock(m.group("t1"), m1 or m2)
    if start_t is None or end_t is None:
        return None
    if m1 is None and m2 is not None and start_t > end_t:
        # "11:00 - 1:00 p.m." is 11 a.m. to 1 p.m., not a span across midnight.
        other = "a.m." if m2.lower().startswith("p") else "p.m."
        alt = _clock(m.group("t1"), other)
        if alt is not None and alt <= end_t:
            start_t = alt
    start = datetime.combine(day, start_t)
    end = datetime.combine(day, end_t)
    if end < start:
        end += timedelta(days=1)
    return day, start, end


# ---------------------------------------------------------------------------------------
# Line classes

CHROME = {"skip to content", "document information"}
FUNDING_RE = re.compile(r"^This document was made possible with support from (?P<funder>.+?)\.?$")
ARCHIVAL_RE = re.compile(
    r"^(?P<collection>.+?),\s*box\s+(?P<box>[\w.-]+)(?:,\s*folder\s+(?P<folder>[\w.-]+))?,\s*(?P<repository>[^.]+?)\."
    r"(?:\s*Contributed by (?P<contributor>.+?)\.)?\s*$"
)
FIELD_LABELS = {"Original Uploaded Date": "date", "Record ID": "id"}
LABEL_RE = re.compile(
    r"^(?P<label>(?:\[[^\]\n]{1,30}\]\s*)?[A-Z][\w.'’\-]*(?:\s+(?:\[[^\]\n]{1,30}\]|[A-Z][\w.'’\-]*)){0,3}\s*:)(?:\s|$)"
)
# A line wholly in parentheses is a stage direction, unless it is a query "(De Castri?)".
STAGE_RE = re.compile(r"^\((?![^()]*\?\s*\))[^()]*\)\s*[.;]?$")
ITEM_RE = re.compile(r"^\(?\d{1,3}[).]\s+\S")
PRESENT_RE = re.compile(r"^Present\s*:\s*(?P<rest>.*)$", re.IGNORECASE)


def label_name(label: str) -> str:
    """The name in a speaker label: brackets dropped, white space folded, colon removed."""
    name = label.rstrip().rstrip(":").replace("[", "").replace("]", "")
    return " ".join(name.split())


def recorded_name(label: str) -> str:
    """The name in a speaker label as the recorder wrote it: the transcript's supplements in
    square brackets left out ("[T.V] Soong:" -> "Soong"), white space folded, colon removed."""
    return " ".join(re.sub(r"\[[^\]]*\]", " ", label.rstrip().rstrip(":")).split())


def resolve_label(label: str, resolve: Callable[[str], Optional[str]]) -> Optional[str]:
    """The person a speaker label names: its name with the supplements ("T.V Soong", "Joseph
    Stalin"), or else the name as the recorder wrote it ("Soong"). So the authority file
    needs no spelling the records do not have ("T.V Soong") to know a supplemented label."""
    return label_match(label, resolve)[0]


def label_match(label: str, resolve: Callable[[str], Optional[str]]) -> tuple[Optional[str], str]:
    """:func:`resolve_label`, and the name that found the person (the one whose certainty
    the identification has: "Wang" of "[Shijie] Wang:")."""
    name = label_name(label)
    who = resolve(name)
    if who is None and "[" in label:
        recorded = recorded_name(label)
        if recorded:
            who, name = resolve(recorded), recorded
    return who, name


def check_brackets(line: Line, source: str) -> list[Problem]:
    """Square brackets must pair up on a line (they become <supplied>)."""
    if "[" not in line.text and "]" not in line.text:
        return []
    depth = 0
    for col, ch in enumerate(line.text, start=1):
        if ch == "[":
            if depth:
                return [Problem(source, line.number, "'[' inside another '[': square brackets cannot nest", "bracket-nested", col=col)]
            depth, opened = 1, col
        elif ch == "]":
            if not depth:
                return [Problem(source, line.number, "']' without a matching '[' on the same line", "bracket-unbalanced", col=col)]
            depth = 0
    if depth:
        return [Problem(source, line.number, "'[' is not closed by ']' on the same line", "bracket-unbalanced", col=opened)]
    return []


# ---------------------------------------------------------------------------------------
# The parser

Resolver = Callable[[str], Optional[str]]


def parse_record(lines: list[Line], source: str, resolve: Resolver) -> Record:
    """Parse numbered lines into a :class:`Record`.

    *resolve* maps a name as printed ("Soong", "Joseph Stalin") to an authority key, or None;
    a speaker label is looked up with its supplements and then without them (see
    :func:`resolve_label`).
    Raises :class:`InputError` when the record cannot be converted; warnings are kept in
    ``Record.problems``.
    """
    problems: list[Problem] = []
    content = [ln for ln in lines if ln.text.strip()]
    if not content:
        raise InputError(Problem(source, 1, "the file has no text", "empty-file"))

    # Trailer: everything from "Document Information" on; the abstract is the last
    # paragraph before it.
    info_idx = next((i for i, ln in enumerate(content) if ln.text.strip().lower() == "document information"), None)
    trailer = content[info_idx + 1:] if info_idx is not None else []
    main = content[:info_idx] if info_idx is not None else content

    # Front matter up to the date-time line.
    idx = 0
    while idx < len(main) and main[idx].text.strip().lower() in CHROME:
        idx += 1
    page_date = page_title = None
    funder = ""
    headings: list[Line] = []
    if idx + 1 < len(main) and _is_plain_date(main[idx].text) and parse_dateline(main[idx + 1].text) is None:
        # The web page's own date line, followed by the page title.
        page_date = main[idx]
        idx += 1
        page_title = main[idx]
        idx += 1
    dateline: Optional[DateSpan] = None
    while idx < len(main):
        ln = main[idx]
        parsed = parse_dateline(ln.text)
        if parsed:
            dateline = DateSpan(ln, *parsed)
            idx += 1
            break
        if LABEL_RE.match(ln.text) and resolve_label(LABEL_RE.match(ln.text).group("label"), resolve):
            break
        m = FUNDING_RE.match(ln.text.strip())
        if m:
            funder = m.group("funder").strip()
        elif PRESENT_RE.match(ln.text):
            break
        else:
            headings.append(ln)
        idx += 1
    if dateline is None:
        at = main[idx] if idx < len(main) else main[-1]
        raise InputError(
            Problem(
                source,
                at.number,
                "no date line found before the first turn; expected a line such as "
                "'7 July 1945, 11:00 - 11:45 p.m.' or 'June 30th, 1945'",
                "no-date-line",
            )
        )
    if page_title is None and headings:
        # No page chrome: the first heading is the title.
        page_title = headings[0]

    rest = main[idx:]
    # The summary paragraph ends the main part when a trailer follows and the last line is
    # not itself a turn.
    abstract = None
    if info_idx is not None and rest and not LABEL_RE.match(rest[-1].text):
        abstract = rest[-1]
        rest = rest[:-1]

    for ln in rest:
        problems.extend(check_brackets(ln, source))
    if any(p.severity == ERROR for p in problems):
        raise InputError(problems)

    present, rest = _present_block(rest, source, resolve, problems)
    body = _body(rest, source, resolve, problems)
    if not any(isinstance(b, Turn) for b in body):
        problems.append(
            Problem(
                source,
                dateline.line.number,
                "no speaker turns found; the record is encoded as narrative paragraphs",
                "no-turns",
                WARNING,
            )
        )

    archival, rights, doc_type, fields = _trailer(trailer, funder, source)
    return Record(
        source=source,
        page_date=page_date,
        page_title=page_title,
        funder=funder,
        headings=tuple(headings),
        dateline=dateline,
        present=tuple(present),
        body=tuple(body),
        abstract=abstract,
        archival=archival,
        rights=tuple(rights),
        doc_type=doc_type,
        fields=tuple(fields),
        problems=tuple(problems),
    )


def _present_block(rest: list[Line], source: str, resolve: Resolver, problems: list[Problem]):
    """A "Present:" block names those present, on its line and the lines that follow
    up to the first turn or date-free paragraph that ends with a full stop."""
    if not rest or not PRESENT_RE.match(rest[0].text):
        return [], rest
    names: list[Present] = []
    i = 0
    chunks = [(rest[0], PRESENT_RE.match(rest[0].text).group("rest"))]
    i = 1
    while i < len(rest) and not LABEL_RE.match(rest[i].text) and len(rest[i].text) < 80:
        chunks.append((rest[i], rest[i].text))
        i += 1
    for ln, text in chunks:
        for part in re.split(r"[;,]|\band\b", text):
            name = part.strip().rstrip(".").strip()
            if not name:
                continue
            key = resolve(name) or ""
            if not key:
                problems.append(Problem(source, ln.number, f"'{name}' in the Present: block names nobody in the authority file", "unknown-participant", WARNING))
            names.append(Present(ln, key, name))
    return names, rest[i:]


def _body(rest: list[Line], source: str, resolve: Resolver, problems: list[Problem]) -> list:
    body: list = []
    current: Optional[dict] = None  # the turn being built

    def flush() -> None:
        nonlocal current
        if current is not None:
            body.append(Turn(current["line"], current["label"], current["name"], current["who"], tuple(current["blocks"])))
            current = None

    def add_block(kind: str, ln: Line) -> None:
        blocks = current["blocks"] if current is not None else None
        if kind == "item":
            target = blocks if blocks is not None else body
            if target and isinstance(target[-1], Block) and target[-1].kind == "list":
                target[-1] = Block("list", target[-1].lines + (ln,))
            else:
                target.append(Block("list", (ln,)))
            return
        if blocks is not None:
            blocks.append(Block(kind, (ln,)))
        else:
            body.append(Block(kind, (ln,)))

    for ln in rest:
        text = ln.text.strip()
        m = LABEL_RE.match(text)
        if m:
            label = m.group("label")
            name = label_name(label)
            who = resolve_label(label, resolve)
            if who:
                flush()
                current = {"line": ln, "label": label, "name": name, "who": who, "blocks": []}
                after = text[m.end():].strip()
                if after:
                    kind = "stage" if STAGE_RE.match(after) else "p"
                    current["blocks"].append(Block(kind, (Line(ln.number, after),)))
                continue
            problems.append(
                Problem(
                    source,
                    ln.number,
                    f"'{label}' looks like a speaker label, but '{name}' is not a name of any person in "
                    "the authority file; the line is kept as text. Add the spelling as a persName "
                    "variant in tei/authority.xml if it is a speaker",
                    "unknown-speaker",
                    WARNING,
                )
            )
        if STAGE_RE.match(text):
            who = _stage_who(text, resolve)
            if current is not None and who and who != current["who"]:
                flush()
                body.append(Stage(Line(ln.number, text), who))
            else:
                add_block("stage", Line(ln.number, text))
        elif ITEM_RE.match(text):
            add_block("item", Line(ln.number, text))
        else:
            add_block("p", Line(ln.number, text))
    flush()
    return body


def _stage_who(text: str, resolve: Resolver) -> Optional[str]:
    """The person a stage direction names first ("(Stalin laughs)" -> stalin), if any."""
    words = re.findall(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*", text)
    for w in words:
        key = resolve(w)
        if key:
            return key
    return None


def _trailer(trailer: list[Line], funder: str, source: str):
    """Archival source line, rights paragraphs, labelled fields, document type."""
    archival = None
    rights: list[Line] = []
    fields: list[tuple[str, str]] = []
    loose: list[Line] = []
    i = 0
    if trailer:
        m = ARCHIVAL_RE.match(trailer[0].text.strip())
        if m:
            archival = Archival(trailer[0], **{k: (v or "").strip() for k, v in m.groupdict().items()})
            i = 1
    while i < len(trailer) and trailer[i].text.strip() not in FIELD_LABELS:
        rights.append(trailer[i])
        i += 1
    while i < len(trailer):
        text = trailer[i].text.strip()
        if text in FIELD_LABELS:
            kind = FIELD_LABELS[text]
            nxt = trailer[i + 1].text.strip() if i + 1 < len(trailer) else ""
            # The export keeps the label even when the value is lost; a value is taken
            # only when it has the field's form.
            if (kind == "date" and (_match_date(nxt)[0] or re.match(r"^\d{4}-\d{2}-\d{2}", nxt))) or (
                kind == "id" and re.fullmatch(r"\d+", nxt)
            ):
                fields.append((text, nxt))
                i += 2
                continue
        else:
            loose.append(trailer[i])
        i += 1
    # Unlabelled trailer lines: the document type, then the funder again.
    doc_type = None
    for ln in loose:
        if funder and ln.text.strip() == funder:
            continue
        if doc_type is None:
            doc_type = ln
    return archival, rights, doc_type, fields


def normalize_space(text: str) -> str:
    """Fold white space (including no-break spaces) to single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())
