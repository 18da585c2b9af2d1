"""The editorial table (``tei/editorial.xml``): curated interventions the converter applies.

Editors do not hand-edit generated records; they state their interventions here, as TEI,
and the converter applies them to every record whose text matches, so that the edition is
always reproducible from ``raw/``. The file holds:

* ``listAnnotation/note[@type='markup']``: each has a ``seg type="match"`` whose
  *diplomatic* text (``sic``, ``abbr``, ``orig`` kept; ``corr``, ``expan``, ``reg`` dropped)
  is searched for in the record lines. Its child elements are applied as markup at the
  matching place (a ``choice`` for a correction, ``q``/``soCalled``/``measure``/``persName``...).
  A ``note type="editorial"`` (or a ``certainty``) beside the seg is inserted right after
  the match; when the match holds one name, the note (or certainty) points to it
  (``@target``): it concerns that identification. A rule that matches in no record of the
  collection is reported (:func:`unmatched_rule_problems`): a slip in its match text would
  otherwise drop its intervention everywhere without a word.
* ``listEvent/event``: one per meeting (``@when`` = the meeting day): where it took place
  and on what evidence, the independent witnesses that report it (``bibl type="witness"``),
  and the record's own publication (a ``bibl`` without that type), whose address (``ref``)
  the converter puts into the record's source description.
* its own header names the edition's editors (``respStmt[@xml:id='resp-enc']``), its
  publisher and its licence (``publicationStmt``): the converter writes them into every
  record's header (:class:`Edition`), so that a collection's records name its own editors.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from typing import Iterable, Optional

from lxml import etree

from .problems import WARNING, InputError, Problem
from .xml import TEI_NS, curated_standoff, parse_xml, plain_cause

T = f"{{{TEI_NS}}}"
#: In the diplomatic projection, the content of these elements is not source text.
EDITORIAL_ONLY = {T + "corr", T + "expan", T + "reg", T + "note", T + "certainty"}


@dataclass(frozen=True)
class Markup:
    """A piece of markup: the element (copied, without children) and its offsets in the
    match text. ``leaf`` elements (``choice``) are inserted whole."""

    start: int
    end: int
    element: etree._Element
    leaf: bool


@dataclass(frozen=True)
class Rule:
    key: str
    match: str
    markup: tuple[Markup, ...]
    notes: tuple[etree._Element, ...]
    line: int
    match_line: int = 0  # the line of its <seg type="match">: where its wording is

    @property
    def ident(self) -> str:
        """What names the rule in a record of the rules that matched: its xml:id, or (a rule
        without one) its line."""
        return self.key or f"line-{self.line}"


@dataclass(frozen=True)
class Meeting:
    when: str
    place_ref: str
    place_name: str
    place_cert: str
    evidence: str  # the words after the place in <desc>: on what evidence
    witnesses: tuple[etree._Element, ...]
    #: the addresses (``ref``) of the record's own publication: the ``bibl`` of the meeting
    #: that is not a witness (the page of the archive the record was taken from)
    online: tuple[etree._Element, ...] = ()


@dataclass(frozen=True)
class Edition:
    """Who makes the edition, from the editorial table's header. Without a table, neutral
    words (no names are guessed) and no licence."""

    editors: str = "the editors"
    publisher: str = "the editors"
    licence_url: str = ""
    licence: str = ""


@dataclass(frozen=True)
class Editorial:
    rules: tuple[Rule, ...]
    meetings: dict[str, Meeting]
    edition: Edition = Edition()

    @staticmethod
    def empty() -> "Editorial":
        return Editorial((), {})


LEAF_TAGS = {T + "choice"}


BLOCKS = {T + t for t in ("head", "dateline", "p", "speaker", "stage", "label", "item", "sp", "list")}


def diplomatic_text(el: etree._Element) -> str:
    """The text of *el* exactly as transcribed (encoding brief, section 14): square brackets
    around ``supplied``, no editorial content (``corr``, ``expan``, ``reg``, notes,
    ``certainty``). Block elements are separated by newlines."""
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag in EDITORIAL_ONLY or not isinstance(node.tag, str):
            return
        if node.tag in BLOCKS:
            out.append("\n")
        supplied = node.tag == T + "supplied"
        out.append(("[" if supplied else "") + (node.text or ""))
        for child in node:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if supplied:
            out.append("]")

    walk(el)
    return "".join(out)


def _markup_of(seg: etree._Element) -> tuple[str, list[Markup]]:
    parts: list[str] = [seg.text or ""]
    pos = len(parts[0])
    found: list[Markup] = []

    def walk(parent: etree._Element) -> None:
        nonlocal pos
        for child in parent:
            start = pos
            if child.tag in LEAF_TAGS:
                text = diplomatic_text(child)
                parts.append(text)
                pos += len(text)
                leaf = copy.deepcopy(child)
                leaf.tail = None
                found.append(Markup(start, pos, leaf, True))
            else:
                shell = etree.Element(child.tag, dict(child.attrib))
                parts.append(child.text or "")
                pos += len(child.text or "")
                walk(child)
                found.append(Markup(start, pos, shell, False))
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)

    walk(seg)
    return "".join(parts), found


def parse_editorial(root: etree._Element, path: str) -> Editorial:
    rules: list[Rule] = []
    problems: list[Problem] = []
    for note in root.iter(T + "note"):
        if note.get("type") != "markup":
            continue
        seg = note.find(T + "seg[@type='match']")
        key = note.get("{http://www.w3.org/XML/1998/namespace}id", "")
        if seg is None:
            problems.append(Problem(path, note.sourceline or 0, f"markup rule '{key}' has no <seg type=\"match\">", "editorial-no-match"))
            continue
        text, markup = _markup_of(seg)
        if not text.strip():
            problems.append(Problem(path, seg.sourceline or 0, f"markup rule '{key}' matches empty text", "editorial-empty-match"))
            continue
        notes = tuple(_detached(n) for n in note.iterchildren(T + "note", T + "certainty"))
        rules.append(Rule(key, text, tuple(markup), notes, note.sourceline or 0, seg.sourceline or note.sourceline or 0))
    meetings: dict[str, Meeting] = {}
    for event in root.iter(T + "event"):
        when = event.get("when", "")
        place = event.find(f".//{T}placeName")
        meetings[when] = Meeting(
            when=when,
            place_ref=place.get("ref", "") if place is not None else "",
            place_name="".join(place.itertext()) if place is not None else "",
            place_cert=place.get("cert", "") if place is not None else "",
            evidence=_evidence(place),
            witnesses=tuple(_detached(b) for b in event.iter(T + "bibl") if b.get("type") == "witness"),
            online=tuple(_detached(r) for b in event.iter(T + "bibl") if b.get("type") != "witness" for r in b.iter(T + "ref")),
        )
    if problems:
        raise InputError(problems)
    return Editorial(tuple(rules), meetings, edition_of(root))


def _text(el: Optional[etree._Element]) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def edition_of(root: etree._Element) -> Edition:
    """The edition's editors, publisher and licence, from an editorial table's header."""
    header = root.find(T + "teiHeader")
    if header is None:
        return Edition()
    default = Edition()
    resp = header.find(f"{T}fileDesc/{T}titleStmt/{T}respStmt[@{{http://www.w3.org/XML/1998/namespace}}id='resp-enc']")
    editors = _text(next((c for c in resp if c.tag in (T + "orgName", T + "persName", T + "name")), None)) if resp is not None else ""
    pub = header.find(f"{T}fileDesc/{T}publicationStmt")
    publisher = _text(pub.find(T + "publisher")) if pub is not None else ""
    licence = pub.find(f"{T}availability/{T}licence") if pub is not None else None
    return Edition(
        editors=editors or default.editors,
        publisher=publisher or default.publisher,
        licence_url=(licence.get("target") or "").strip() if licence is not None else "",
        licence=_text(licence),
    )


def load_edition(tei_dir: Path | str) -> Edition:
    """The edition of the collection whose records are in *tei_dir*, from its editorial.xml
    (neutral words without one; InputError naming the file when it is not a table)."""
    path = Path(tei_dir) / "editorial.xml"
    return load_editorial(path).edition if path.is_file() else Edition()


def _evidence(place: Optional[etree._Element]) -> str:
    """The words after the place in an event's description: on what evidence.

    "Held in <placeName/>: not stated in the record; ..." gives "not stated in the record; ..."
    """
    if place is None:
        return ""
    parts = [place.tail or ""]
    for sibling in place.itersiblings():
        parts.append("".join(sibling.itertext()) + (sibling.tail or ""))
    return " ".join("".join(parts).split()).lstrip(":;,. ").rstrip(".")


def _detached(el: etree._Element) -> etree._Element:
    """A copy of *el* without the text that follows it in its source file."""
    el = copy.deepcopy(el)
    el.tail = None
    return el


def load_editorial(path: Path | str, name: Optional[str] = None) -> Editorial:
    """The editorial table at *path* (reported as *name*), checked to be one: InputError
    naming the file when it is missing, unreadable, not well-formed, or another kind of file
    (see :func:`parley.xml.curated_standoff`)."""
    path = Path(path)
    name = name or path.as_posix()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(name, 0, "editorial table not found (looked for it here)", "editorial-missing")) from None
    except OSError as exc:
        raise InputError(Problem(name, 0, f"cannot read the editorial table ({plain_cause(exc, path)})", "editorial-unreadable")) from None
    root = parse_xml(data, name)
    curated_standoff(root, name, "editorial")
    return parse_editorial(root, name)


def unmatched_rule_problems(rules: Iterable[Rule], table: str) -> list[Problem]:
    """The warning for each rule of *rules* that matched no record (the caller has found that
    it matched none of the records of the collection): a rule whose match text has a slip
    (a letter too many or missing) drops its intervention from every record without a word.
    *table*: the name the table is reported by."""
    out = []
    for rule in sorted(rules, key=lambda r: (r.match_line or r.line, r.key)):
        name = f"rule {rule.key}" if rule.key else "the rule without an xml:id"
        out.append(
            Problem(
                table,
                rule.match_line or rule.line,
                f'{name} ("{rule.match}") matched no record: check its wording against the record',
                "editorial-unmatched",
                WARNING,
            )
        )
    return out


def rules_in_text(rules: Iterable[Rule], lines: Iterable[str]) -> set[str]:
    """The idents of the *rules* whose match text occurs in one of *lines* (a record's raw
    lines): a quick test, without converting the record, that a rule can match there. A
    rule that does not occur in a record's raw lines cannot match in the record."""
    lines = list(lines)
    return {rule.ident for rule in rules if any(rule.match in line for line in lines)}


def find_rule_matches(rule: Rule, text: str) -> list[int]:
    """Start offsets of every occurrence of the rule's match text in *text*."""
    out, start = [], 0
    while True:
        i = text.find(rule.match, start)
        if i < 0:
            return out
        out.append(i)
        start = i + max(1, len(rule.match))
