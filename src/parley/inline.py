"""Inline markup of one source line: names, supplements, queried readings, quotations,
measures, times and the editorial table's interventions.

Every rule proposes *spans* over the line's characters; the spans that nest properly are
kept (in priority order) and built into a tree. The source's characters all stay as text
in order, except the square brackets of a supplement, which become ``<supplied>`` (the
``rendition`` in the header records that they are brackets in the source).
"""

from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from lxml import etree

from .authority import Authority, Entry
from .editorial import Editorial, Rule, find_rule_matches
from .parse import MONTHS
from .xml import TEI_NS

T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

RESP_ENC = "#resp-enc"
RESP_SOURCE = "#resp-wcda"
RESP_RECORDER = "#resp-recorder"

# Priority: lower numbers are placed first and win conflicts; for equal ranges, the span
# placed first is the outer one.
P_TABLE, P_UNCLEAR, P_SUPPLIED, P_NAME, P_GENERIC = range(5)


@dataclass
class Span:
    start: int
    end: int
    tag: str
    attrib: dict = field(default_factory=dict)
    priority: int = P_GENERIC
    leaf: Optional[etree._Element] = None  # a ready-made element replacing the text
    point: Optional[etree._Element] = None  # a zero-width insertion (a note)
    entry: Optional[Entry] = None
    order: int = 0
    #: For an insertion of the editorial table (a note, a certainty): the range of the text
    #: the table's rule matched, where the name it concerns is looked for.
    scope: Optional[tuple[int, int]] = None

    @property
    def is_point(self) -> bool:
        return self.point is not None


def crosses(a: Span, b: Span) -> bool:
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


# ---------------------------------------------------------------------------------------
# Span proposers

SUPPLIED_RE = re.compile(r"\[([^\[\]]*)\]")
QUERY_IN_PARENS_RE = re.compile(r"\((?P<w>[^()?]*[^()?\s])\s?\?\)")
QUERY_AFTER_RE = re.compile(r"(?P<w>[^\s()]+?)[,;:.]?\s\(\?\)")
QUOTE_RE = re.compile(r"(?<!\w)(?:'[^'\n]{1,80}'|\"[^\"\n]{1,200}\"|‘[^'’\n]{1,80}['’]|“[^”\n]{1,200}”)(?!\w)")
NUMBER = r"\d{1,3}(?:[.,]\d{3})+|\d+"
#: unit spellings -> (unit code, expansion if the spelling is an abbreviation)
UNITS = {
    "klms.": ("km", "kilometres"),
    "kms.": ("km", "kilometres"),
    "km": ("km", None),
    "kilometers": ("km", None),
    "kilometres": ("km", None),
    "miles": ("mi", None),
}
#: "2500 klms.", and an estimate between two numbers: "2 or 3 kilometers", "20 to 30 km".
MEASURE_RE = re.compile(
    rf"(?<![\w.])(?:(?P<low>{NUMBER})\s*(?:or|to|-|–)\s*)?(?P<num>{NUMBER})\s+(?P<unit>"
    + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    + r")(?!\w)"
)
CLOCK_RE = re.compile(r"(?<![\w:])(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s?(?P<mer>a\.m\.|p\.m\.)")
OCLOCK_RE = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}) o'clock\b")
MONTH_DAY_RE = re.compile(
    r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\s+"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
)


class IdMinter:
    """Deterministic ids inside one record: ``{prefix}-pl01`` for names that notes point to."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.counts: dict[str, int] = {}

    def mint(self, kind: str) -> str:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return f"{self.prefix}-{kind}{self.counts[kind]:02d}"


NAME_ID_KIND = {"person": "ps", "place": "pl", "org": "og"}
#: The same, by element: a name the editorial table marks up has no authority entry.
NAME_TAG_ID_KIND = {"persName": "ps", "placeName": "pl", "orgName": "og"}


@dataclass
class LineContext:
    authority: Authority
    editorial: Editorial
    year: Optional[int]
    ids: IdMinter
    tag_names: bool = True
    generic: bool = True
    queries: bool = True
    #: the idents of the editorial table's rules that matched in the record so far (a rule
    #: that matches in no record of the collection is reported: editorial-unmatched)
    matched: set = field(default_factory=set)


def _transparent(text: str) -> tuple[str, Sequence[int]]:
    """*text* with square brackets removed, and the map back to positions in *text*."""
    if "[" not in text and "]" not in text:
        return text, range(len(text))
    out, back = [], []
    for i, ch in enumerate(text):
        if ch in "[]":
            continue
        out.append(ch)
        back.append(i)
    return "".join(out), back


def supplied_spans(text: str) -> list[Span]:
    return [
        Span(m.start(), m.end(), "supplied", {"reason": "clarification", "resp": RESP_SOURCE}, P_SUPPLIED)
        for m in SUPPLIED_RE.finditer(text)
    ]


WORD_START_RE = re.compile(r"(?<![\w-])\w+")
WORD_RE = re.compile(r"\w+")
#: Quick tests that rule a line out before the regular expressions above run: each of them
#: needs what the test looks for (a digit, a quotation mark, a query mark).
DIGIT_RE = re.compile(r"\d")
QUOTE_MARKS = frozenset("'\"‘“")


def name_spans(text: str, ctx: LineContext, supplied: list[Span]) -> list[Span]:
    """Names from the authority file: whole words, leftmost first and, where several names
    start at the same word, the longest; square brackets are transparent."""
    flat, back = _transparent(text)
    index = ctx.authority.name_index()
    if index.keys().isdisjoint(WORD_RE.findall(flat)):  # no word that starts a name
        return []
    spans = []
    pos = 0
    for word in WORD_START_RE.finditer(flat):
        a = word.start()
        if a < pos:
            continue
        for name, entry, cert in index.get(word.group(), ()):
            b = a + len(name)
            if flat.startswith(name, a) and not (b < len(flat) and (flat[b].isalnum() or flat[b] in "_-")):
                break
        else:
            continue
        pos = b
        start, end = back[a], back[b - 1] + 1
        # Take in a supplement the name reaches into ("[Joseph] Stalin", "Chiang [Kai-shek]").
        for s in supplied:
            if s.start < start < s.end or (start <= s.start < end < s.end):
                start, end = min(start, s.start), max(end, s.end)
        attrib = {"ref": entry.ref}
        if cert:
            attrib["cert"] = cert
            attrib["resp"] = RESP_ENC
        spans.append(Span(start, end, entry.element, attrib, P_NAME, entry=entry))
    return spans


def query_spans(text: str, names: list[Span], ctx: LineContext) -> list[Span]:
    """The recorder's queries, "(De Castri?)" and "Kalkhim (?)": the doubtful words in
    ``unclear reason="queried"``, followed by an editorial note giving the probable reading."""
    spans = []
    if "?" not in text:
        return spans
    for regex in (QUERY_IN_PARENS_RE, QUERY_AFTER_RE):
        for m in regex.finditer(text):
            a, b = m.start("w"), m.end("w")
            if any(s.start < b and a < s.end for s in spans if s.tag == "unclear"):
                continue
            unclear = Span(a, b, "unclear", {"reason": "queried", "resp": RESP_RECORDER}, P_UNCLEAR)
            spans.append(unclear)
            name = next((n for n in names if n.start == a and n.end == b), None)
            note = etree.Element(T + "note", {"type": "editorial", "resp": RESP_ENC})
            if name is None or name.entry is None:
                # No name to identify: the note points to the queried words themselves.
                ident = ctx.ids.mint("qr")
                unclear.attrib[XML_ID] = ident
                note.set("target", "#" + ident)
            if name is not None and name.entry is not None:
                ident = ctx.ids.mint(NAME_ID_KIND[name.entry.kind])
                name.attrib[XML_ID] = ident
                name.attrib.setdefault("cert", "medium")
                name.attrib["resp"] = RESP_ENC
                note.set("target", "#" + ident)
                entry = name.entry
                note.text = (
                    f"The query mark is the recorder's. Probable reading: {entry.preferred} "
                    f"(identification: {name.attrib['cert']})."
                )
            else:
                note.text = "The query mark is the recorder's; the reading is not identified."
            spans.append(Span(m.end(), m.end(), "note", point=note, priority=P_UNCLEAR))
    return spans


def generic_spans(text: str, ctx: LineContext) -> list[Span]:
    spans = []
    if not QUOTE_MARKS.isdisjoint(text):
        for m in QUOTE_RE.finditer(text):
            spans.append(Span(m.start(), m.end(), "mentioned"))
    digits = DIGIT_RE.search(text) is not None
    if not digits and "o'clock" not in text:
        return spans
    for m in MEASURE_RE.finditer(text) if digits else ():
        unit, expansion = UNITS[m.group("unit")]
        value = re.sub(r"[.,]", "", m.group("num"))
        if m.group("low"):
            # An estimate (att.ranging): "2 or 3 kilometers" is at least 2, at most 3.
            low = re.sub(r"[.,]", "", m.group("low"))
            spans.append(Span(m.start(), m.end(), "measure", {"type": "length", "unit": unit, "atLeast": low, "atMost": value}))
            spans.append(Span(m.start("low"), m.end("low"), "num", {"value": low}))
        else:
            spans.append(Span(m.start(), m.end(), "measure", {"type": "length", "quantity": value, "unit": unit}))
        spans.append(Span(m.start("num"), m.end("num"), "num", {"value": value}))
        if expansion:
            choice = etree.Element(T + "choice")
            etree.SubElement(choice, T + "abbr").text = m.group("unit")
            etree.SubElement(choice, T + "expan", {"resp": RESP_ENC}).text = expansion
            spans.append(Span(m.start("unit"), m.end("unit"), "choice", leaf=choice))
    for m in CLOCK_RE.finditer(text) if digits else ():
        h, mi = int(m.group("h")), int(m.group("m") or 0)
        if 1 <= h <= 12 and mi < 60:
            h = h % 12 + (12 if m.group("mer").startswith("p") else 0)
            spans.append(Span(m.start(), m.end(), "time", {"when": f"{h:02d}:{mi:02d}:00"}))
    for m in OCLOCK_RE.finditer(text):
        spans.append(Span(m.start(), m.end(), "time"))
    if ctx.year and digits:
        for m in MONTH_DAY_RE.finditer(text):
            try:
                d = datetime.date(ctx.year, MONTHS[m.group("month").lower()], int(m.group("day")))
            except ValueError:
                continue
            spans.append(Span(m.start(), m.end(), "date", {"when": d.isoformat()}))
    return spans


def table_spans(text: str, ctx: LineContext) -> list[Span]:
    spans = []
    for rule in ctx.editorial.rules:
        for at in find_rule_matches(rule, text):
            ctx.matched.add(rule.ident)
            spans.extend(_rule_spans(rule, at))
    return spans


def _rule_spans(rule: Rule, at: int) -> list[Span]:
    spans = []
    # Outer elements first: sort by start, then longer first.
    for mk in sorted(rule.markup, key=lambda m: (m.start, -(m.end - m.start))):
        tag = etree.QName(mk.element).localname
        if mk.leaf:
            spans.append(Span(at + mk.start, at + mk.end, tag, priority=P_TABLE, leaf=copy.deepcopy(mk.element)))
        else:
            spans.append(Span(at + mk.start, at + mk.end, tag, dict(mk.element.attrib), P_TABLE))
    end = at + len(rule.match)
    for note in rule.notes:
        spans.append(Span(end, end, etree.QName(note).localname, point=copy.deepcopy(note), priority=P_TABLE, scope=(at, end)))
    return spans


def link_insertions(spans: list[Span], ctx: LineContext) -> None:
    """Point the editorial table's notes and certainty statements (that point nowhere yet)
    at the name they concern: the one name in the text their rule matched, given an
    ``xml:id`` if it has none. A rule whose match holds no name, or several, concerns the
    passage, not an identification, and its note keeps no ``@target``."""
    names = [s for s in spans if not s.is_point and s.tag in NAME_TAG_ID_KIND]
    for s in spans:
        if s.scope is None or s.point.get("target"):
            continue
        inside = [n for n in names if s.scope[0] <= n.start and n.end <= s.scope[1]]
        if len(inside) != 1:
            continue
        name = inside[0]
        if XML_ID not in name.attrib:
            name.attrib[XML_ID] = ctx.ids.mint(NAME_TAG_ID_KIND[name.tag])
        s.point.set("target", "#" + name.attrib[XML_ID])


# ---------------------------------------------------------------------------------------
# Choosing and building


def choose(spans: list[Span]) -> list[Span]:
    """Keep the spans that nest properly with every span kept before them, in priority order.

    Rules: a span may not cross a kept one; the same element over the same range is kept
    once; nothing goes inside a ready-made element (a ``choice``) except over its whole
    range; and where the editorial table marks up a range, the generic rules (quotations,
    measures, times) add nothing over that same range.
    """
    kept: list[Span] = []
    table_ranges = {(s.start, s.end) for s in spans if s.priority == P_TABLE and not s.is_point}
    for order, s in enumerate(sorted(spans, key=lambda s: s.priority)):
        s.order = order
        if s.is_point:
            kept.append(s)
            continue
        rng = (s.start, s.end)
        if s.priority == P_GENERIC and rng in table_ranges:
            continue
        if any(_conflicts(s, k) for k in kept if not k.is_point):
            continue
        kept.append(s)
    return kept


def _conflicts(s: Span, k: Span) -> bool:
    same = (s.start, s.end) == (k.start, k.end)
    if crosses(s, k) or (same and s.tag == k.tag):
        return True
    if same:
        return False
    inside = k.start <= s.start and s.end <= k.end
    around = s.start <= k.start and k.end <= s.end
    return (k.leaf is not None and inside) or (s.leaf is not None and around)


def build(parent: etree._Element, text: str, spans: list[Span]) -> None:
    """Append *text* with the (properly nesting) *spans* as children of *parent*."""
    hidden = set()
    for s in spans:
        if s.tag == "supplied" and s.leaf is None:
            hidden.update((s.start, s.end - 1))
    # Outer before inner; for equal ranges a ready-made element (a choice) is innermost.
    ordered = sorted(spans, key=lambda s: (s.start, 0 if s.is_point else 1, -s.end, s.leaf is not None, s.order))
    root: list = []
    children: dict[int, list] = {}
    stack: list[Span] = []
    for s in ordered:
        while stack and not _contains(stack[-1], s):
            stack.pop()
        (children.setdefault(id(stack[-1]), []) if stack else root).append(s)
        if not s.is_point and s.leaf is None:
            stack.append(s)
    _render(parent, text, 0, len(text), root, children, hidden)


def _contains(outer: Span, s: Span) -> bool:
    if s.is_point:
        return outer.start < s.start < outer.end
    return outer.start <= s.start and s.end <= outer.end


def _render(parent, text, lo, hi, nodes, children, hidden) -> None:
    pos = lo
    for s in nodes:
        _emit(parent, _slice(text, pos, s.start, hidden))
        if s.is_point:
            parent.append(s.point)
            pos = s.start
            continue
        if s.leaf is not None:
            parent.append(s.leaf)
        else:
            el = etree.SubElement(parent, T + s.tag, s.attrib)
            _render(el, text, s.start, s.end, children.get(id(s), []), children, hidden)
        pos = s.end
    _emit(parent, _slice(text, pos, hi, hidden))


def _emit(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _slice(text: str, a: int, b: int, hidden: set[int]) -> str:
    if not hidden:
        return text[a:b]
    return "".join(ch for i, ch in enumerate(text[a:b], start=a) if i not in hidden)


def encode_line(parent: etree._Element, text: str, ctx: LineContext) -> None:
    """Encode one line's text into *parent*."""
    supplied = supplied_spans(text)
    spans = list(supplied)
    table = table_spans(text, ctx)
    spans.extend(table)
    names = name_spans(text, ctx, supplied) if ctx.tag_names else []
    # A name the table marks up itself (e.g. with a note) keeps the table's attributes.
    spans.extend(names)
    if ctx.queries:
        queried = query_spans(text, names, ctx)
        table_notes = {s.start: s for s in table if s.is_point}
        for q in queried:
            mine = table_notes.get(q.start) if q.is_point else None
            if mine is None:
                spans.append(q)
            elif q.point.get("target") and not mine.point.get("target"):
                # The table's note on a queried reading points to the name it concerns.
                mine.point.set("target", q.point.get("target"))
    if ctx.generic:
        spans.extend(generic_spans(text, ctx))
    kept = choose(spans)
    link_insertions(kept, ctx)
    build(parent, text, kept)


def encode_label(parent: etree._Element, text: str) -> None:
    """A speaker label: supplements only; the speaker is identified by ``sp/@who``."""
    build(parent, text, choose(supplied_spans(text)))
