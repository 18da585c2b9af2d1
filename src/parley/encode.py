"""Encode a parsed :class:`~parley.parse.Record` as a TEI P5 document.

The encoding follows the project's brief (see the README and the ODD): the web page's
metadata goes to the ``teiHeader``; the document proper (heading, date line, turns) to
``text/body/div[@type='record']``; names link to the authority file through ``prefixDef``;
the source's square brackets become ``supplied``; the recorder's queries ``unclear`` with an
editorial note. Output is deterministic: the same raw bytes, authority and editorial files
give the same TEI bytes.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

from lxml import etree

from . import __version__
from .authority import Authority, load_authority
from .editorial import Editorial, Rule, diplomatic_text, load_editorial, rules_in_text, unmatched_rule_problems
from .inline import RESP_ENC, IdMinter, LineContext, encode_label, encode_line
from .parse import Block, Record, Stage, Turn, decode, label_match, parse_record
from .problems import WARNING, InputError, Problem
from .xml import TEI_NS, XML_NS, atomic_write

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"

TEI_VERSION = "4.12.0"
TEI_ALL_URL = f"https://www.tei-c.org/Vault/P5/{TEI_VERSION}/xml/tei/custom/schema/relaxng/tei_all.rng"
SCHEMA_PIS = (
    ("../schema/parley.xsd", "http://www.w3.org/2001/XMLSchema"),
    ("../schema/parley.sch", "http://purl.oclc.org/dsdl/schematron"),
)
CHECKSUM_PI = "parley-checksum"

#: The hidden address the web page shows instead of an e-mail address.
HIDDEN_EMAIL = "[email\u00a0protected]"
HIDDEN_EMAIL_RE = re.compile(r"\[email[\s\u00a0]protected\]")

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


def E(tag: str, attrib: Optional[dict] = None, text: Optional[str] = None, *children) -> etree._Element:
    el = etree.Element(T + tag, {k: v for k, v in (attrib or {}).items() if v not in (None, "")})
    if text:
        el.text = text
    for c in children:
        if c is not None:
            el.append(c)
    return el


def sub(parent: etree._Element, tag: str, attrib: Optional[dict] = None, text: Optional[str] = None) -> etree._Element:
    el = E(tag, attrib, text)
    parent.append(el)
    return el


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def human_date(d) -> str:
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


@dataclass(frozen=True)
class Source:
    """The raw input: its path as recorded in the header and its bytes."""

    name: str  # e.g. raw/1945-07-07-soong-stalin.txt
    stem: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


# ---------------------------------------------------------------------------------------
# The document


def encode_record(record: Record, source: Source, authority: Authority, editorial: Editorial, matched: Optional[set] = None) -> etree._Element:
    """The record's TEI. *matched*, if given, receives the idents of the editorial table's
    rules that matched in the record."""
    prefix = "rec-" + slug(source.stem)
    ctx = LineContext(authority, editorial, record.dateline.day.year, IdMinter(prefix), matched=matched if matched is not None else set())
    tei = etree.Element(T + "TEI", {"version": TEI_VERSION, XML_LANG: "en", XML_ID: prefix}, nsmap={None: TEI_NS})
    body_div = _text(record, ctx, prefix)
    tei.append(_header(record, source, authority, editorial, ctx, body_div))
    text = sub(tei, "text")
    sub(text, "body").append(body_div)
    _number_notes(tei, prefix)
    etree.cleanup_namespaces(tei, top_nsmap={None: TEI_NS})
    return tei


def _text(record: Record, ctx: LineContext, prefix: str) -> etree._Element:
    div = E("div", {"type": "record"})
    for h in record.headings:
        encode_line(sub(div, "head"), h.text, ctx)
    dl = record.dateline
    attrs = {"when": dl.day.isoformat()} if dl.start is None else {"from": dl.start.isoformat(), "to": dl.end.isoformat()}
    dateline = sub(div, "dateline")
    sub(dateline, "date", attrs, dl.line.text.strip())
    n = 0
    for item in record.body:
        if isinstance(item, Turn):
            n += 1
            sp = sub(div, "sp", {"who": f"pers:{item.who}", "n": str(n), XML_ID: f"{prefix}-sp{n:03d}"})
            encode_label(sub(sp, "speaker"), item.label)
            for block in item.blocks:
                _block(sp, block, ctx)
        elif isinstance(item, Stage):
            st = sub(div, "stage", {"type": "business", "who": f"pers:{item.who}" if item.who else None})
            encode_line(st, item.line.text, ctx)
        else:
            _block(div, item, ctx)
    return div


LIST_LABEL_RE = re.compile(r"^(?P<label>\(?\d{1,3}[).])\s+(?P<item>.*)$")


def _block(parent: etree._Element, block: Block, ctx: LineContext) -> None:
    if block.kind == "p":
        encode_line(sub(parent, "p"), block.lines[0].text, ctx)
    elif block.kind == "stage":
        encode_line(sub(parent, "stage", {"type": "business"}), block.lines[0].text, ctx)
    elif block.kind == "list":
        lst = sub(parent, "list", {"rend": "numbered"})
        for ln in block.lines:
            m = LIST_LABEL_RE.match(ln.text.strip())
            sub(lst, "label", None, m.group("label"))
            encode_line(sub(lst, "item"), m.group("item"), ctx)


def _number_notes(tei: etree._Element, prefix: str) -> None:
    """Number the editorial notes of the text in document order and give them ids."""
    body = tei.find(f"{T}text")
    for i, note in enumerate(body.iter(T + "note"), start=1):
        note.set("n", str(i))
        note.set(XML_ID, f"{prefix}-n{i:02d}")


# ---------------------------------------------------------------------------------------
# The header


def _header(record: Record, source: Source, authority: Authority, editorial: Editorial, ctx: LineContext, body: etree._Element) -> etree._Element:
    header = E("teiHeader")
    header.append(_file_desc(record, source, authority, ctx, body))
    header.append(_encoding_desc(record))
    header.append(_profile_desc(record, authority, editorial, ctx))
    rev = sub(header, "revisionDesc")
    sub(
        rev,
        "change",
        {"who": "#resp-enc", "type": "conversion"},
        f"Converted by parley {__version__} from {source.name} (SHA-256 {source.sha256}).",
    )
    return header


def _title(record: Record) -> str:
    base = record.page_title.text.strip() if record.page_title else (record.headings[0].text.strip() if record.headings else "Record")
    return f"{base}, {human_date(record.dateline.day)}"


def _file_desc(record: Record, source: Source, authority: Authority, ctx: LineContext, body: etree._Element) -> etree._Element:
    fd = E("fileDesc")
    ts = sub(fd, "titleStmt")
    sub(ts, "title", {"type": "main"}, _title(record))
    rs = sub(ts, "respStmt", {XML_ID: "resp-enc"})
    sub(rs, "resp", None, "TEI encoding, identifications and editorial notes")
    sub(rs, "orgName", None, ctx.editorial.edition.editors)
    turns = len(body.findall(T + "sp"))
    words = len(diplomatic_words(body))
    ext = sub(fd, "extent")
    sub(ext, "measure", {"unit": "turns", "quantity": str(turns)}, f"{turns} turns")
    sub(ext, "measure", {"unit": "words", "quantity": str(words)}, f"{words} words")
    ps = sub(fd, "publicationStmt")
    edition = ctx.editorial.edition
    sub(ps, "publisher", None, edition.publisher)
    sub(ps, "idno", {"type": "parley"}, source.stem)
    av = sub(ps, "availability", {"status": "restricted"})
    terms = "The transcript itself remains subject to the terms stated for the source (see the source description)."
    if edition.licence:
        sub(av, "licence", {"target": edition.licence_url} if edition.licence_url else {},
            f"Markup, identifications and editorial notes: {edition.licence}. {terms}")
    else:
        sub(av, "p", None, f"The editors have stated no licence for the markup, identifications and editorial notes. {terms}")
    sd = sub(fd, "sourceDesc")
    sd.append(_bibl(record, authority, ctx))
    ms = _ms_desc(record, authority)
    if ms is not None:
        sd.append(ms)
    return fd


def _name(tag: str, text: str, authority: Authority, kind: str) -> etree._Element:
    """A name element with @ref where the authority knows the name."""
    key = None
    for entry in authority.entries.values():
        if entry.kind == kind and any(n.text == text for n in entry.names):
            key = entry.ref
            break
    return E(tag, {"ref": key}, text)


def _bibl(record: Record, authority: Authority, ctx: LineContext) -> etree._Element:
    bibl = E("bibl", {XML_ID: "src-wcda"})
    if record.page_title:
        sub(bibl, "title", None, record.page_title.text.strip())
    if record.page_date:
        sub(bibl, "date", {"when": record.dateline.day.isoformat()}, record.page_date.text.strip())
    bibl.append(_name("publisher", "Wilson Center Digital Archive", authority, "org"))
    meeting = ctx.editorial.meetings.get(record.dateline.day.isoformat())
    for ref in meeting.online if meeting is not None else ():
        # The address of the record's page, where the editorial table gives one (verified).
        bibl.append(copy.deepcopy(ref))
    rs = sub(bibl, "respStmt", {XML_ID: "resp-wcda"})
    sub(rs, "resp", None, "transcription and publication; the supplements in square brackets are taken to be theirs")
    rs.append(_name("orgName", "History and Public Policy Program", authority, "org"))
    if record.archival and record.archival.contributor:
        rs2 = sub(bibl, "respStmt")
        sub(rs2, "resp", None, "contributed the document")
        rs2.append(_name("persName", record.archival.contributor, authority, "person"))
    if record.funder:
        bibl.append(_name("funder", record.funder, authority, "org"))
    if record.rights:
        av = sub(bibl, "availability", {"status": "restricted"})
        for ln in record.rights:
            p = sub(av, "p", None, ln.text.strip())
            if HIDDEN_EMAIL_RE.search(ln.text):
                sub(
                    p,
                    "note",
                    {"type": "editorial", "resp": RESP_ENC},
                    "\u201c[email protected]\u201d is how the archive's web page hides an e-mail "
                    "address from harvesters; the export kept the placeholder, not the address. "
                    "The address is not supplied here.",
                )
    for witness in meeting.witnesses if meeting is not None else ():
        # Independent witnesses of the same meeting: linked by reference, never copied.
        sub(bibl, "relatedItem", {"type": "witness"}).append(copy.deepcopy(witness))
    return bibl


def _ms_desc(record: Record, authority: Authority) -> Optional[etree._Element]:
    a = record.archival
    if a is None:
        return None
    ms = E("msDesc", {XML_ID: "src-archival"})
    ident = sub(ms, "msIdentifier")
    ident.append(_name("repository", a.repository, authority, "org"))
    if a.collection:
        ident.append(_name("collection", a.collection, authority, "org"))
    if a.box:
        sub(ident, "idno", {"type": "box"}, a.box)
    if a.folder:
        sub(ident, "idno", {"type": "folder"}, a.folder)
    item = sub(sub(ms, "msContents"), "msItem")
    rs = sub(item, "respStmt", {XML_ID: "resp-recorder"})
    sub(rs, "resp", None, "recorded the conversation")
    sub(rs, "name", None, "unidentified recorder")
    return ms


EDITORIAL_DECL = [
    ("correction", {"method": "markup"}, "Apparent slips of the transcript are kept and marked with choice/sic/corr; corrections are the editors' (resp=\"#resp-enc\"), taken from the project's editorial table (tei/editorial.xml)."),
    ("normalization", {"method": "markup"}, "Names keep the source's spelling; the standard form is reached through @ref into the authority file (tei/authority.xml). Abbreviations are expanded with choice/abbr/expan."),
    ("quotation", {"marks": "all"}, "Quotation marks are kept, inside mentioned, q or soCalled."),
    ("punctuation", {"marks": "all", "placement": "internal"}, "All punctuation of the source is kept, including the recorder's parentheses and query marks."),
    ("hyphenation", {"eol": "none"}, "Born-digital source: there are no line-end hyphens; hyphens such as in Sin-Kiang are the source's."),
    ("segmentation", None, "One sp per speaker label, the label kept as printed in speaker; one p per non-empty line of a turn; numbered lines form a list; lines wholly in parentheses are stage directions."),
    ("interpretation", None, "supplied (resp=\"#resp-wcda\") = square brackets of the Digital Archive's transcript (an assumption: the brackets are taken to be the archive's, not the recorder's); unclear reason=\"queried\" (resp=\"#resp-recorder\") = a word the recorder queried with a question mark; @cert, certainty and note type=\"editorial\" (resp=\"#resp-enc\") = the editors' identifications and comments. The web page's chrome (\"Skip to content\", \"Document Information\") and its empty fields are dropped; its metadata are in the header."),
]


def _encoding_desc(record: Record) -> etree._Element:
    ed = E("encodingDesc")
    sub(ed, "schemaRef", {"type": "release", "url": TEI_ALL_URL})
    sub(ed, "schemaRef", {"type": "project", "url": "../schema/parley.xsd"})
    app = sub(sub(ed, "appInfo"), "application", {"ident": "parley", "version": __version__})
    sub(app, "label", None, "parley plain-text converter")
    decl = sub(ed, "editorialDecl")
    for tag, attrs, text in EDITORIAL_DECL:
        sub(sub(decl, tag, attrs), "p", None, text)
    tags = sub(ed, "tagsDecl")
    sub(tags, "rendition", {XML_ID: "rnd-sqb-open", "scheme": "css", "selector": "supplied", "scope": "before"}, 'content: "[";')
    sub(tags, "rendition", {XML_ID: "rnd-sqb-close", "scheme": "css", "selector": "supplied", "scope": "after"}, 'content: "]";')
    refs = sub(ed, "refsDecl")
    cs = sub(refs, "citeStructure", {"unit": "turn", "match": "/TEI/text/body/div[@type='record']/sp", "use": "@n", "delim": ":"})
    sub(cs, "citeStructure", {"unit": "paragraph", "match": "p", "use": "position()", "delim": "."})
    if record.doc_type is not None:
        tax = sub(sub(ed, "classDecl"), "taxonomy", {XML_ID: "wcda-doctype"})
        sub(tax, "bibl", None, "Document types of the Wilson Center Digital Archive")
        cat = sub(tax, "category", {XML_ID: "wcda-" + slug(record.doc_type.text)})
        sub(cat, "catDesc", None, record.doc_type.text.strip())
    lpd = sub(ed, "listPrefixDef")
    for ident, what in (("pers", "person"), ("place", "place"), ("org", "organisation"), ("event", "event")):
        pd = sub(lpd, "prefixDef", {"ident": ident, "matchPattern": "([a-z0-9\\-]+)", "replacementPattern": "authority.xml#$1"})
        sub(pd, "p", None, f"{ident}:X points to the {what} with xml:id X in the authority file authority.xml.")
    return ed


def _profile_desc(record: Record, authority: Authority, editorial: Editorial, ctx: LineContext) -> etree._Element:
    pd = E("profileDesc")
    if record.abstract is not None:
        ab = sub(pd, "abstract", {"source": "#src-wcda", "resp": "#resp-wcda"})
        encode_line(sub(ab, "p"), record.abstract.text.strip(), LineContext(authority, editorial, ctx.year, ctx.ids, generic=False, queries=False, matched=ctx.matched))
    lu = sub(pd, "langUsage")
    sub(lu, "language", {"ident": "en"}, "English")
    # Each participant with the names the record gives them (speaker labels, the Present:
    # block): the identification is as sure as the surest of them.
    names: dict[str, list[str]] = {}
    for t in record.turns:  # the name that identified the speaker, supplements aside if so
        names.setdefault(t.who, []).append(label_match(t.label, authority.person_by_name)[1])
    speakers = list(names)
    for p in record.present:
        if p.key and p.key not in speakers:
            names.setdefault(p.key, []).append(p.name)
    if names:
        lp = sub(sub(pd, "particDesc"), "listPerson", {"type": "participants"})
        for key, said in names.items():
            entry = authority.get(key)
            person = sub(lp, "person", {"sameAs": f"pers:{key}", "role": "speaker" if key in speakers else "present"})
            cert = surest(authority.person_name_cert(n) for n in said)
            # The name the editors give a participant identified by a name that is not
            # certain (only a surname: "Wang") carries their confidence, as a tagged name
            # in the text does: the record does not state the identification as fact.
            sub(person, "persName", {"cert": cert, "resp": RESP_ENC if cert else None}, entry.preferred if entry else key)
    meeting = editorial.meetings.get(record.dateline.day.isoformat())
    setting = sub(sub(pd, "settingDesc"), "setting")
    if meeting is not None and meeting.place_ref:
        locale = sub(setting, "locale")
        locale.append(E("placeName", {"ref": meeting.place_ref, "cert": meeting.place_cert or None, "resp": RESP_ENC}, meeting.place_name))
        if meeting.evidence:
            locale[-1].tail = f" ({meeting.evidence})"
    dl = record.dateline
    attrs = {"when": dl.day.isoformat()} if dl.start is None else {"from": dl.start.isoformat(), "to": dl.end.isoformat()}
    sub(setting, "date", attrs)
    if record.doc_type is not None:
        sub(sub(pd, "textClass"), "catRef", {"scheme": "#wcda-doctype", "target": "#wcda-" + slug(record.doc_type.text)})
    return pd


#: The editors' confidence, from the least to the most sure (None: certain, no @cert).
CERT_ORDER = ("low", "medium", "high", None)


def surest(certs: Iterable[Optional[str]]) -> Optional[str]:
    """The surest of several identifications' confidences (None, certain, wins)."""
    certs = list(certs)
    return max(certs, key=lambda c: CERT_ORDER.index(c) if c in CERT_ORDER else -1) if certs else None


# ---------------------------------------------------------------------------------------
# Diplomatic text (the extent count)


def diplomatic_words(el: etree._Element) -> list[str]:
    return diplomatic_text(el).split()


# ---------------------------------------------------------------------------------------
# Serialisation and the convert command's library function


def serialize(tei: etree._Element) -> bytes:
    """Pretty-printed TEI with the schema PIs and a checksum PI that detects hand edits."""
    indent(tei)
    body = etree.tostring(tei, encoding="unicode")
    pis = "".join(f'<?xml-model href="{href}" type="application/xml" schematypens="{ns}"?>\n' for href, ns in SCHEMA_PIS)
    doc = f'<?xml version="1.0" encoding="UTF-8"?>\n{pis}{body}\n'
    digest = hashlib.sha256(doc.encode("utf-8")).hexdigest()
    return doc.replace("\n", f'\n<?{CHECKSUM_PI} sha256="{digest}"?>\n', 1).encode("utf-8")


#: Elements whose content is text: never indented inside (white space there is content).
MIXED = {
    T + t
    for t in (
        "p", "head", "speaker", "stage", "item", "label", "title", "resp", "licence", "catDesc",
        "change", "funder", "locale", "date", "time", "persName", "placeName", "orgName", "name",
        "note", "desc", "publisher", "idno", "measure", "language", "repository", "collection",
        "q", "mentioned", "soCalled", "supplied", "unclear", "num", "rendition",
    )
}


def is_mixed(el: etree._Element) -> bool:
    return el.tag in MIXED or bool(el.text and el.text.strip()) or any(c.tail and c.tail.strip() for c in el)


def indent(el: etree._Element, level: int = 0, step: str = "  ") -> None:
    """Indent element-only content; leave mixed content exactly as it is."""
    if not len(el) or is_mixed(el):
        return
    inner = "\n" + step * (level + 1)
    el.text = inner
    for child in el:
        child.tail = inner
        indent(child, level + 1, step)
    el[-1].tail = "\n" + step * level


def stored_checksum_ok(data: bytes) -> Optional[bool]:
    """True if *data* is untouched converter output, False if edited, None if not ours."""
    m = re.search(rb'\n<\?' + CHECKSUM_PI.encode() + rb' sha256="([0-9a-f]{64})"\?>\n', data)
    if not m:
        return None
    original = data[: m.start()] + b"\n" + data[m.end():]
    return hashlib.sha256(original).hexdigest() == m.group(1).decode()


@dataclass(frozen=True)
class Converted:
    source: str
    target: Path
    data: bytes
    problems: tuple[Problem, ...]
    changed: bool
    matched: frozenset = frozenset()  # the idents of the editorial table's rules that matched


def convert_bytes(
    data: bytes, name: str, stem: str, authority: Authority, editorial: Editorial, matched: Optional[set] = None
) -> tuple[bytes, list[Problem], Record]:
    """Raw bytes -> TEI bytes. Raises InputError when the record cannot be converted.
    *matched*, if given, receives the idents of the editorial table's rules that matched."""
    lines = decode(data, name)
    record = parse_record(lines, name, authority.person_by_name)
    tei = encode_record(record, Source(name, stem, data), authority, editorial, matched)
    return serialize(tei), list(record.problems), record


def convert_file(raw: Path, out_dir: Path, authority: Authority, editorial: Editorial, force: bool = False, display_name: Optional[str] = None) -> Converted:
    """Convert one raw file into ``out_dir/<stem>.xml`` atomically.

    Refuses (InputError) to overwrite a TEI file that was edited by hand since the converter
    wrote it, unless *force*.
    """
    name = display_name or raw.as_posix()
    try:
        data = raw.read_bytes()
    except OSError as exc:
        raise InputError(Problem(name, 0, f"cannot read the file: {exc.strerror}", "unreadable")) from None
    matched: set = set()
    out, problems, _ = convert_bytes(data, name, raw.stem, authority, editorial, matched)
    target = out_dir / f"{raw.stem}.xml"
    changed = True
    if target.exists():
        old = target.read_bytes()
        if old == out:
            changed = False
        elif not force and stored_checksum_ok(old) is not True:
            raise InputError(
                Problem(
                    target.as_posix(),
                    1,
                    "this TEI file was edited by hand since parley wrote it (its checksum does not "
                    "match); not overwritten. Move your edits into tei/editorial.xml or tei/authority.xml, "
                    "or run again with --overwrite-hand-edits to replace it",
                    "hand-edited",
                )
            )
    if changed:
        atomic_write(target, out)
    return Converted(name, target, out, tuple(problems), changed, frozenset(matched))


def load_context(tei_dir: Path, names: Optional[Callable[[Path], str]] = None) -> tuple[Authority, Editorial]:
    """The curated tables of a project's ``tei/`` folder, checked (see :func:`load_tables`);
    a missing editorial table is an empty one. *names* gives the name a file is reported by."""
    authority, editorial, _ = load_tables(tei_dir / "authority.xml", tei_dir / "editorial.xml", names=names)
    return authority, editorial


def load_tables(
    authority_path: Path, editorial_path: Path, editorial_required: bool = False, names: Optional[Callable[[Path], str]] = None
) -> tuple[Authority, Editorial, list[Problem]]:
    """The authority file and the editorial table the converter reads, and warnings.

    Either file that is there but is not what it should be (not well-formed, the other
    table, a file of another vocabulary) is an InputError naming it: nothing is converted
    against it. A missing authority file is an error; a missing editorial table is an
    error when *editorial_required* (it was named), otherwise a warning, and the records are
    converted without its corrections and notes."""
    name = names or (lambda p: p.as_posix())
    authority = load_authority(authority_path, name(authority_path))
    if editorial_path.exists() or editorial_required:
        return authority, load_editorial(editorial_path, name(editorial_path)), []
    warning = Problem(
        name(editorial_path),
        0,
        "no editorial table here: the records are converted without its corrections, notes and meeting "
        "descriptions; `parley convert` takes one with --editorial FILE (a project's is tei/editorial.xml)",
        "editorial-missing",
        WARNING,
    )
    return authority, Editorial.empty(), [warning]


def convert_many(
    raws: list[Path],
    out_dir: Path,
    authority_path: Optional[Path] = None,
    force: bool = False,
    editorial_path: Optional[Path] = None,
) -> tuple[list[Converted], list[Problem]]:
    """Convert every raw file into *out_dir*; a file that cannot be converted is reported
    and skipped (no output written for it), the others are converted.

    The tables default to ``out_dir/authority.xml`` and ``out_dir/editorial.xml``. A missing
    default editorial table is a warning (see :func:`load_tables`); anything wrong with
    either table is an InputError before any record is converted.

    A rule of the editorial table that matched in none of the records is reported
    (editorial-unmatched), when that is true of the collection: the records are the
    transcripts in the folders of the files converted, and a rule that matched none of the
    files converted is looked for in the raw text of the others (and of those that could not
    be converted), so that a rule meant for a record not converted this time is not one.
    When no file could be converted, nothing is said of the rules."""
    table_path = editorial_path or out_dir / "editorial.xml"
    authority, editorial, problems = load_tables(
        authority_path or out_dir / "authority.xml",
        table_path,
        editorial_required=editorial_path is not None,
    )
    results: list[Converted] = []
    matched: set[str] = set()
    unsearched: list[Path] = []  # converted by nobody: their raw text is searched instead
    for raw in raws:
        try:
            result = convert_file(raw, out_dir, authority, editorial, force)
        except InputError as exc:
            problems.extend(exc.problems)
            unsearched.append(raw)
            continue
        results.append(result)
        matched |= result.matched
        problems.extend(result.problems)
    # Nothing converted (every file named was refused): the errors say what to do, and the
    # rules are not in question.
    if results:
        converted = {p.resolve() for p in raws} - {p.resolve() for p in unsearched}
        folders = sorted({p.resolve().parent for p in raws})
        others = (p for folder in folders for p in sorted(folder.glob("*.txt")) if p.resolve() not in converted)
        problems.extend(unmatched_in_collection(editorial.rules, matched, others, table_path.as_posix()))
    return results, problems


def unmatched_in_collection(rules: Iterable[Rule], matched: set[str], unsearched: Iterable[Path], table: str) -> list[Problem]:
    """The warnings (editorial-unmatched) for the *rules* that matched in no record of a
    collection: not among those that matched where records were converted (*matched*, by
    rule id), nor in the raw text of the records that were not (*unsearched*, read only
    while some rule is left)."""
    left = [r for r in rules if r.ident not in matched]
    if left:
        left = rules_unmatched_in_raw(left, unsearched)
    return unmatched_rule_problems(left, table)


def rules_unmatched_in_raw(rules: list[Rule], raws: Iterable[Path]) -> list[Rule]:
    """Those of *rules* whose match text occurs in none of the raw files *raws* (read in
    turn until every rule is found; a file that cannot be read or decoded is passed over)."""
    left = list(rules)
    for path in raws:
        if not left:
            break
        try:
            lines = [ln.text for ln in decode(path.read_bytes(), path.as_posix())]
        except (OSError, InputError):
            continue
        found = rules_in_text(left, lines)
        left = [r for r in left if r.ident not in found]
    return left
