"""Deposit: the edition as a BagIt bag that archives and repositories accept.

``parley deposit`` packs what ``make build`` made into one folder (default
``build/deposit/``), bagged with the Library of Congress's ``bagit`` library::

    bagit.txt, bag-info.txt           BagIt 1.0 declaration; who sent the bag, what it is
    manifest-sha256.txt, -sha512.txt  a checksum for every payload file
    tagmanifest-sha256.txt, -sha512   checksums of the files above
    CITATION.cff                      how to cite the edition
    data/tei/                         every tei/*.xml byte for byte: records, authority,
                                      editorial table, corpus file
    data/schema/                      schema/* (so the records' ../schema/ paths still work)
    data/html/                        the site, build/site/, with each record's TEI download
                                      (<stem>/<stem>.xml: its standalone export)
    data/metadata/                    one Dublin Core (oai_dc) record per record, mets.xml
    data/README.txt                   what is where

Before anything is written, :func:`check_edition` makes sure the edition is the one
``parley build`` made and validated: every TEI file valid, the site's pages and TEI downloads
of the records current (each download is what :func:`parley.export.standalone_file` makes of
the record in ``tei/`` now), the corpus current, and all of it made from the authority file
and editorial table now in ``tei/`` (``build/manifest.json`` records which); otherwise
nothing is packed.
Of ``build/site/`` only the site pages and the folders of the records in ``tei/`` are packed.

The bag is written to a temporary folder next to the target, validated, and only then
renamed into place; an existing deposit is replaced only with ``force``. Everything in it is
deterministic except ``Bagging-Date`` in ``bag-info.txt`` (and the tag manifests that hold
that file's checksums). The DC and METS records are derived from the TEI headers and the
authority file; nothing is invented, and they carry no run dates.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from lxml import etree

from . import __version__
from .authority import Authority, load_authority
from .problems import ERROR, INFO, WARNING, InputError, Problem, has_errors
from .render import RECORD_VIEWS, download_name  # what render.py writes for each record
from .xml import TEI_NS, XML_NS, curated_kind, parse_xml, plain_cause

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    try:
        import tomli as tomllib  # type: ignore[no-redef]
    except ModuleNotFoundError:
        tomllib = None  # type: ignore[assignment]

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"

DEFAULT_OUT = Path("build/deposit")
SETTINGS_FILE = "parley.toml"
CITATION_FILE = "CITATION.cff"
CHECKSUMS = ("sha256", "sha512")
#: RFC 8493 (BagIt 1.0), section 2.1.1. The bagit library (1.9) writes "0.97" and has no
#: option for 1.0, though it reads and validates 1.0 bags; parley writes this file itself,
#: before the tag manifests are made.
BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
#: characters a BagIt 1.0 manifest must percent-encode in a path (RFC 8493, 2.1.3); the
#: bagit library encodes only the line breaks, so paths with any of them are refused
UNSAFE_IN_MANIFEST = ("%", "\r", "\n")

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_LOCATION = "http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
METS_LOCATION = "http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/mets.xsd"

#: IANA media type of TEI (RFC 6129)
TEI_MIME = "application/tei+xml"
#: media types by file extension; a fixed table, so that the METS does not depend on the
#: machine's /etc/mime.types
MIME = {
    ".xml": "application/xml",
    ".xsd": "application/xml",
    ".sch": "application/xml",
    ".rng": "application/xml",
    ".rnc": "text/plain",
    ".odd": TEI_MIME,
    ".xsl": "application/xslt+xml",
    ".xslt": "application/xslt+xml",
    ".html": "text/html",
    ".htm": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".ico": "image/vnd.microsoft.icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".cff": "application/x-yaml",
    ".pdf": "application/pdf",
}

#: METS file groups, in order: (USE, payload folder)
GROUPS = (
    ("TEI records", "tei"),
    ("TEI corpus", "tei"),
    ("authority", "tei"),
    ("editorial", "tei"),
    ("other XML", "tei"),
    ("schema", "schema"),
    ("standalone TEI", "html"),
    ("HTML", "html"),
    ("metadata", "metadata"),
    ("documentation", ""),
)


# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """The ``[deposit]`` table of ``parley.toml``."""

    title: str
    source_organization: str
    external_description: str
    contact_name: str = ""
    contact_email: str = ""
    identifier: str = ""


#: the settings parley cannot do without, and what each is for (the messages say it)
REQUIRED_SETTINGS = {
    "title": "the title of the edition (METS LABEL, the bag's README.txt)",
    "source-organization": "the organisation that sends the deposit (bag-info.txt Source-Organization, METS creator)",
    "external-description": "what the deposit holds, in a sentence or two (bag-info.txt External-Description)",
}
OPTIONAL_SETTINGS = ("contact-name", "contact-email", "identifier")
FILL_IN = "parley does not guess it: set it in parley.toml, [deposit] (see the README)"


def load_settings(root: Path) -> Settings:
    """The ``[deposit]`` table of ``parley.toml``; raises :class:`InputError` naming every
    required setting that is missing, with the line where it is (commented out) if it is."""
    path = root / SETTINGS_FILE
    shown = SETTINGS_FILE
    needed = ", ".join(REQUIRED_SETTINGS)
    if tomllib is None:  # pragma: no cover
        raise InputError(Problem(shown, 0, "reading the project settings needs Python 3.11 or the 'tomli' package", "deposit-settings"))
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise InputError(
            Problem(shown, 0, f"not found: run parley deposit in the collection's folder (the one with tei/ and parley.toml); the file's [deposit] table names {needed} (`parley init` writes one to fill in)", "deposit-settings")
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(Problem(shown, 0, f"cannot read the project settings: {exc}", "deposit-settings")) from None
    table = data.get("deposit")
    if not isinstance(table, dict):
        raise InputError(Problem(shown, 0, f"no [deposit] table: it names {needed} of the bag (see the README)", "deposit-settings"))

    lines = text.splitlines()

    def line_of(key: str) -> int:
        pattern = re.compile(rf"^\s*#?\s*{re.escape(key)}\s*=")
        return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), 0)

    problems: list[Problem] = []
    values: dict[str, str] = {}
    for key in list(REQUIRED_SETTINGS) + list(OPTIONAL_SETTINGS):
        v = table.get(key, "")
        if not isinstance(v, str):
            problems.append(Problem(shown, line_of(key), f"[deposit] {key} must be a string", "deposit-settings"))
            continue
        values[key] = " ".join(v.split())
        if key in REQUIRED_SETTINGS and not values[key]:
            problems.append(Problem(shown, line_of(key), f"[deposit] {key} is not set: {REQUIRED_SETTINGS[key]}; {FILL_IN}", "deposit-settings"))
    if problems:
        raise InputError(problems)
    return Settings(
        title=values["title"],
        source_organization=values["source-organization"],
        external_description=values["external-description"],
        contact_name=values["contact-name"],
        contact_email=values["contact-email"],
        identifier=values["identifier"],
    )


#: the keys CFF 1.2.0 requires; title and authors are the collection's to give
CFF_REQUIRED = ("cff-version", "message", "title", "authors")


def check_citation(path: Path) -> list[Problem]:
    """``CITATION.cff`` has the keys CFF 1.2.0 requires, with values (a title, at least one
    author). A check of the top-level keys, line by line (parley reads no YAML otherwise):
    it finds what ``parley init`` leaves commented out, not every YAML error."""
    shown = CITATION_FILE
    if not path.is_file():
        return [
            Problem(shown, 0, "not found at the project root; the bag carries it so that the edition can be cited: write one with at least cff-version, message, title and authors (`parley init` writes one to fill in; see the README)", "deposit-no-citation")
        ]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return [Problem(shown, 0, "not UTF-8 text; CFF is YAML in UTF-8", "deposit-citation")]
    keys: dict[str, tuple[int, str, list[str]]] = {}  # key -> (line, inline value, indented lines after it)
    current = None
    for n, line in enumerate(lines, 1):
        m = re.match(r"^([A-Za-z][\w-]*):(.*)$", line)
        if m:
            current = m.group(1)
            keys[current] = (n, m.group(2), [])
        elif current and line[:1] in (" ", "\t", "-") and not line.strip().startswith("#"):
            keys[current][2].append(line)
        elif line.strip() and not line.strip().startswith("#"):
            current = None

    def has_value(text: str) -> bool:
        text = re.sub(r"\s+#.*$", "", text).strip()
        return text not in ("", '""', "''", "[]", "{}", "~", "null", "|", ">", "|-", ">-")

    problems = []
    for key in CFF_REQUIRED:
        if key not in keys:
            problems.append(Problem(shown, _commented_line(lines, key), f"no {key}: {_CFF_WHAT[key]}; parley does not guess it: fill it in before parley deposit (see the README)", "deposit-citation"))
            continue
        line, inline, block = keys[key]
        values = [inline] + [re.sub(r"^[\s-]*([\w-]+:)?", "", b) for b in block]
        if not any(has_value(v) for v in values):
            problems.append(Problem(shown, line, f"{key} is empty: {_CFF_WHAT[key]}; parley does not guess it: fill it in before parley deposit (see the README)", "deposit-citation"))
    return problems


_CFF_WHAT = {
    "cff-version": "the version of the Citation File Format (1.2.0)",
    "message": "what a user should do with the citation",
    "title": "the title of the edition, as it is to be cited",
    "authors": "who is to be cited for it (the editors, or their organisation)",
}


def _commented_line(lines: list[str], key: str) -> int:
    pattern = re.compile(rf"^\s*#\s*{re.escape(key)}:")
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), 0)


# --------------------------------------------------------------------------------------------
# The TEI files
# --------------------------------------------------------------------------------------------


def _text(el: Optional[etree._Element]) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


@dataclass
class TeiFile:
    path: Path
    data: bytes
    root: etree._Element

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def role(self) -> str:
        """The METS file group: TEI records, TEI corpus, authority, editorial (or other XML)."""
        if etree.QName(self.root).namespace != TEI_NS:
            return "other XML"
        tag = etree.QName(self.root).localname
        if tag == "teiCorpus":
            return "TEI corpus"
        if self.root.find(T + "text") is not None:
            return "TEI records"
        kind = curated_kind(self.root)
        if kind == "authority" or (kind is None and self.stem == "authority"):
            return "authority"
        return "editorial"


# --------------------------------------------------------------------------------------------
# Dublin Core
# --------------------------------------------------------------------------------------------


def _reading(el: etree._Element) -> str:
    """The reading text of a header element (corr/expan/reg, notes left out)."""
    from .export import READING, TextContext, line

    return line(el, TextContext(READING, False))


def _source_text(el: etree._Element) -> str:
    """The text of a header element as the source has it: sic, abbr and orig kept; corr,
    expan, reg and notes left out (the diplomatic projection of ``parley export --text``)."""
    from .export import DIPLOMATIC, TextContext, line

    return line(el, TextContext(DIPLOMATIC, False))


def _name(el: etree._Element, authority: Optional[Authority]) -> str:
    """A name, in its authority's preferred form if it points to an entry."""
    ref = el.get("ref") or ""
    if authority is not None and ref:
        entry = authority.resolve_ref(ref.split()[0])
        if entry is not None:
            return entry.preferred
    return _reading(el)


def _record_date(root: etree._Element) -> str:
    """The date of the record: the setting's date, else the source's, else the date line's."""
    candidates = [
        root.find(f"{T}teiHeader/{T}profileDesc/{T}settingDesc/{T}setting/{T}date"),
        root.find(f"{T}teiHeader/{T}fileDesc/{T}sourceDesc/{T}bibl/{T}date"),
        next(root.iter(T + "dateline"), None),
    ]
    for el in candidates:
        if el is None:
            continue
        if el.tag != T + "date":
            el = el.find(f".//{T}date")
            if el is None:
                continue
        when = el.get("when")
        if when:
            return when[:10] if "T" in when else when
        start, end = el.get("from"), el.get("to")
        if start:
            start = start[:10]
            end = end[:10] if end else ""
            return start if not end or end == start else f"{start}/{end}"
    return ""


#: the kinds of authority entries a record's Dublin Core subjects name, in this order: the
#: persons, places, organisations and events (``event:``, ``rs type="event"``) the record
#: refers to
SUBJECT_KINDS = ("person", "place", "org", "event")


def dublin_core(tei: TeiFile, authority: Optional[Authority], problems: list[Problem]) -> bytes:
    """An oai_dc record of a TEI record, derived from its header (and the authority)."""
    root = tei.root
    header = root.find(T + "teiHeader")
    file_desc = header.find(T + "fileDesc") if header is not None else None
    profile = header.find(T + "profileDesc") if header is not None else None
    shown = tei.path.as_posix()
    fields: list[tuple[str, str]] = []

    def add(name: str, value: str) -> None:
        value = " ".join(value.split())
        if value and (name, value) not in fields:
            fields.append((name, value))

    title_stmt = file_desc.find(T + "titleStmt") if file_desc is not None else None
    if title_stmt is not None:
        title = title_stmt.find(f"{T}title[@type='main']")
        add("title", _reading(title if title is not None else title_stmt.find(T + "title")))
        # the makers of this edition (the resource described is the TEI record)
        for el in title_stmt.findall(f"{T}author") + title_stmt.findall(f"{T}editor"):
            add("creator", _name(el, authority))
        for resp in title_stmt.findall(T + "respStmt"):
            for el in resp:
                if etree.QName(el).localname in ("persName", "orgName"):
                    add("creator", _name(el, authority))
    if not any(n == "title" for n, _ in fields):
        problems.append(Problem(shown, 0, "no titleStmt/title: the Dublin Core record has no title", "deposit-dc-title", WARNING))

    # subjects: the persons, places, organisations and events the record is about (its text
    # and profile, not the people named in the bibliographic description), each kind in
    # alphabetical order
    subjects: dict[str, set[str]] = {kind: set() for kind in SUBJECT_KINDS}
    for part in ([profile] if profile is not None else []) + root.findall(T + "text"):
        for el in part.iter():
            if not isinstance(el.tag, str):
                continue
            for attr in ("ref", "who", "sameAs"):
                for token in (el.get(attr) or "").split():
                    entry = authority.resolve_ref(token) if authority is not None else None
                    if entry is not None and entry.kind in subjects:
                        subjects[entry.kind].add(entry.preferred)
    for kind in SUBJECT_KINDS:
        for name in sorted(subjects[kind]):
            add("subject", name)

    if profile is not None:
        abstract = profile.find(T + "abstract")
        if abstract is not None:  # the archive's abstract, word for word: not the editors' corrections
            add("description", _source_text(abstract))
    pub = file_desc.find(T + "publicationStmt") if file_desc is not None else None
    if pub is not None:
        for el in pub.findall(T + "publisher"):
            add("publisher", _reading(el))

    source_desc = file_desc.find(T + "sourceDesc") if file_desc is not None else None
    if source_desc is not None:
        for resp in source_desc.iter(T + "respStmt"):
            for el in resp:
                if etree.QName(el).localname in ("persName", "orgName"):
                    add("contributor", _name(el, authority))

    date = _record_date(root)
    if date:
        add("date", date)
    else:
        problems.append(Problem(shown, 0, "no date found (settingDesc, sourceDesc/bibl or dateline): the Dublin Core record has no date", "deposit-dc-date", WARNING))
    add("type", "Text")
    if profile is not None:
        for cat in profile.iter(T + "catRef"):
            for token in (cat.get("target") or "").split():
                target = root.find(f".//{T}category[@{{{XML_NS}}}id='{token.lstrip('#')}']")
                if target is not None:
                    add("type", _reading(target.find(T + "catDesc")))
    add("format", TEI_MIME)
    if pub is not None:
        for idno in pub.findall(T + "idno"):
            add("identifier", _text(idno))
    if source_desc is not None:
        for ms in source_desc.iter(T + "msIdentifier"):
            parts = [_text(ms.find(T + t)) for t in ("repository", "collection")]
            for idno in ms.findall(T + "idno"):
                kind = idno.get("type")
                parts.append(f"{kind} {_text(idno)}" if kind in ("box", "folder", "volume", "item", "file") else _text(idno))
            add("source", ", ".join(p for p in parts if p))
        for bibl in source_desc.findall(T + "bibl"):
            publisher = _text(bibl.find(T + "publisher"))
            title = _reading(bibl.find(T + "title")) if bibl.find(T + "title") is not None else ""
            date_el = bibl.find(T + "date")
            bits = ": ".join(b for b in (publisher, title) if b)
            if date_el is not None and _text(date_el):
                bits += f" ({_text(date_el)})"
            add("source", bits)
    if not any(n == "source" for n, _ in fields):
        problems.append(Problem(shown, 0, "no sourceDesc/msDesc or bibl: the Dublin Core record names no source", "deposit-dc-source", WARNING))
    languages = [lang.get("ident") for lang in root.iter(T + "language") if lang.get("ident")]
    for lang in languages or [root.get(f"{{{XML_NS}}}lang") or ""]:
        add("language", lang)
    if source_desc is not None:
        for item in source_desc.iter(T + "relatedItem"):
            for ref in item.iter(T + "ref"):
                add("relation", ref.get("target") or "")
    if profile is not None:
        for setting in profile.iter(T + "setting"):
            for place in setting.iter(T + "placeName"):
                add("coverage", _name(place, authority))
    if pub is not None:
        for licence in pub.iter(T + "licence"):
            add("rights", _reading(licence))
            add("rights", licence.get("target") or "")
        if not any(n == "rights" for n, _ in fields):
            for avail in pub.iter(T + "availability"):
                add("rights", _reading(avail))

    order = ("title", "creator", "subject", "description", "publisher", "contributor", "date", "type",
             "format", "identifier", "source", "language", "relation", "coverage", "rights")
    nsmap = {"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    dc = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap=nsmap)
    dc.set(f"{{{XSI_NS}}}schemaLocation", OAI_DC_LOCATION)
    for name in order:
        for n, v in fields:
            if n == name:
                etree.SubElement(dc, f"{{{DC_NS}}}{n}").text = v
    return _serialize(dc)


def _serialize(el: etree._Element) -> bytes:
    etree.indent(el, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(el, encoding="UTF-8") + b"\n"


# --------------------------------------------------------------------------------------------
# METS
# --------------------------------------------------------------------------------------------


@dataclass
class PayloadFile:
    rel: str  # path under data/, with /
    group: str  # METS USE
    data: bytes
    record: str = ""  # stem of the record it belongs to
    label: str = ""

    @property
    def mime(self) -> str:
        if self.group in ("TEI records", "TEI corpus", "authority", "editorial", "standalone TEI"):
            return TEI_MIME
        return MIME.get(Path(self.rel).suffix.lower(), "application/octet-stream")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _ncname(text: str) -> str:
    out = "".join(c if c.isascii() and (c.isalnum() or c in "-._") else "-" for c in text)
    return out if out[:1].isalpha() or out[:1] == "_" else "_" + out


def mets(files: list[PayloadFile], records: dict[str, str], settings: Settings) -> bytes:
    """A METS 1.12.1 document describing the payload (relative to data/metadata/mets.xml)."""
    M = f"{{{METS_NS}}}"
    XL = f"{{{XLINK_NS}}}"
    root = etree.Element(M + "mets", nsmap={"mets": METS_NS, "xlink": XLINK_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", METS_LOCATION)
    if settings.identifier:
        root.set("OBJID", settings.identifier)
    root.set("LABEL", settings.title)
    root.set("TYPE", "TEI edition")
    hdr = etree.SubElement(root, M + "metsHdr")
    agent = etree.SubElement(hdr, M + "agent", ROLE="CREATOR", TYPE="ORGANIZATION")
    etree.SubElement(agent, M + "name").text = settings.source_organization
    agent = etree.SubElement(hdr, M + "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    etree.SubElement(agent, M + "name").text = f"parley {__version__}"

    ids: dict[str, str] = {}
    taken: set[str] = set()
    for f in files:
        base = _ncname("file-" + f.rel.replace("/", "-"))
        fid, i = base, 2
        while fid in taken:
            fid, i = f"{base}-{i}", i + 1
        taken.add(fid)
        ids[f.rel] = fid

    by_rel = {f.rel: f for f in files}
    for stem in sorted(records):
        dc_rel = f"metadata/{stem}.dc.xml"
        dc = by_rel[dc_rel]
        dmd = etree.SubElement(root, M + "dmdSec", ID=_ncname(f"dmd-{stem}"))
        ref = etree.SubElement(dmd, M + "mdRef", LOCTYPE="URL")
        ref.set(XL + "href", _href(dc_rel))
        ref.set("MDTYPE", "DC")
        ref.set("MIMETYPE", "application/xml")
        ref.set("LABEL", f"Dublin Core (oai_dc) record of {stem}")
        ref.set("SIZE", str(len(dc.data)))
        ref.set("CHECKSUM", dc.sha256)
        ref.set("CHECKSUMTYPE", "SHA-256")

    file_sec = etree.SubElement(root, M + "fileSec")
    for use, _ in GROUPS:
        members = [f for f in files if f.group == use]
        if not members:
            continue
        grp = etree.SubElement(file_sec, M + "fileGrp", USE=use)
        for f in members:
            el = etree.SubElement(grp, M + "file", ID=ids[f.rel], MIMETYPE=f.mime, SIZE=str(len(f.data)))
            el.set("CHECKSUM", f.sha256)
            el.set("CHECKSUMTYPE", "SHA-256")
            if f.group == "TEI records" and f.record:
                el.set("DMDID", _ncname(f"dmd-{f.record}"))
            loc = etree.SubElement(el, M + "FLocat", LOCTYPE="URL")
            loc.set(XL + "href", _href(f.rel))

    smap = etree.SubElement(root, M + "structMap", TYPE="logical", LABEL="contents of the deposit")
    top = etree.SubElement(smap, M + "div", TYPE="edition", LABEL=settings.title)
    for stem in sorted(records):
        div = etree.SubElement(top, M + "div", TYPE="record", LABEL=records[stem] or stem, DMDID=_ncname(f"dmd-{stem}"))
        rank = {use: i for i, (use, _) in enumerate(GROUPS)}
        for f in sorted((f for f in files if f.record == stem), key=lambda f: (rank[f.group], f.rel)):
            etree.SubElement(div, M + "fptr", FILEID=ids[f.rel])
    labels = {
        "TEI corpus": "corpus",
        "authority": "authority",
        "editorial": "editorial",
        "other XML": "other XML",
        "schema": "schema",
        "HTML": "HTML site",
        "documentation": "documentation",
    }
    for use, _ in GROUPS:
        if use not in labels:
            continue
        members = [f for f in files if f.group == use]
        if not members:
            continue
        div = etree.SubElement(top, M + "div", TYPE=labels[use])
        for f in members:
            etree.SubElement(div, M + "fptr", FILEID=ids[f.rel])
    return _serialize(root)


def _source_of(rel: str) -> str:
    """Where a payload file comes from, as the user knows it (for messages)."""
    return "build/site/" + rel[len("html/"):] if rel.startswith("html/") else rel


def _href(rel: str) -> str:
    """A payload path as seen from data/metadata/mets.xml."""
    return rel[len("metadata/"):] if rel.startswith("metadata/") else "../" + rel


# --------------------------------------------------------------------------------------------
# The bag
# --------------------------------------------------------------------------------------------


RUN_BUILD = "run `parley build`"



@dataclass
class Checked:
    """What :func:`check_edition` found: the TEI files, the site files to pack, and why not."""

    tei_files: list[TeiFile] = field(default_factory=list)
    site_files: list[Path] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def check_edition(root: Path, validator=None) -> Checked:
    """Is the edition in *root* what ``parley build`` makes of ``tei/``, and valid?

    * every ``tei/*.xml`` passes the project's validator (grammar, rules, pointers);
    * the site, ``build/site/``, has the views of every record and its TEI download, equal
      byte for byte to the standalone export of the record in ``tei/`` now (else the site was
      rendered before the last edit of the record or of the authority file), and the site
      pages (index, registers, encoding page) with their stylesheet;
    * the site pages link only to files that will be in the deposit, and the index links
      to every record (else the pages were made for another set of records);
    * ``tei/corpus.xml``, where there is one, holds the current copy of every record;
    * ``tei/authority.xml`` and ``tei/editorial.xml`` are the versions the last build of every
      stage made the edition from, as ``build/manifest.json`` records them (an edit of either
      without a build changes no record, so none of the checks above would see it).

    The site files to pack are the site pages and the folders of the records in ``tei/``;
    anything else in ``build/site/`` (the pages of a record rendered from elsewhere, say)
    is left out, with a warning. Nothing is written.
    """
    from .encode import stored_checksum_ok
    from .export import Doc, standalone
    from .render import SITE_PAGES, STATIC
    from .validate import Validator

    root = Path(root)
    tei_dir, site_dir = root / "tei", root / "build" / "site"
    validator = validator or Validator()
    out = Checked()

    # every TEI file validates
    for path in sorted(tei_dir.glob("*.xml")):
        if path.name.startswith(".") or not path.is_file():
            continue
        shown = f"tei/{path.name}"
        try:  # read once: the bytes validated are the bytes packed
            data = path.read_bytes()
        except OSError as exc:
            out.errors.append(Problem(shown, 0, f"cannot read the file: {plain_cause(exc, path)}", "io-error"))
            continue
        found = [p for p in validator.validate_bytes(data, shown, authority_dir=tei_dir) if p.severity == ERROR]
        if found:
            out.errors.extend(found)
            out.errors.append(
                Problem(shown, 0, f"does not validate ({len(found)} error{'s' if len(found) != 1 else ''} above); the deposit packs only a valid edition: correct it, then {RUN_BUILD}", "deposit-invalid-tei")
            )
            continue
        out.tei_files.append(TeiFile(path, data, parse_xml(data, shown)))
    records = {t.stem: t for t in out.tei_files if t.role == "TEI records"}
    for t in records.values():  # packed as they are, but the archive should know
        if stored_checksum_ok(t.data) is False:
            out.warnings.append(Problem(
                f"tei/{t.name}", 0,
                "edited by hand since parley converted it (its parley-checksum no longer matches): it is deposited as "
                "edited, and its revisionDesc should say so in a dated <change type=\"edit\" when=\"YYYY-MM-DD\">",
                "deposit-hand-edited", WARNING,
            ))
    invalid = {p.file for p in out.errors}
    if not records and not invalid:
        out.errors.append(Problem("tei/", 0, "no TEI records (TEI documents with a text) among the TEI files", "deposit-no-records"))
    if not site_dir.is_dir() or not any(site_dir.iterdir()):
        return out

    # the site pages and each record's pages, current
    for name in [f"{page}.html" for page in SITE_PAGES] + list(STATIC):
        if not (site_dir / name).is_file():
            out.errors.append(Problem(f"build/site/{name}", 0, f"missing: the site is incomplete: {RUN_BUILD}", "deposit-site-missing"))
    export_cache: dict = {}  # the authority file, read once for every record's download
    for stem, t in records.items():
        folder = site_dir / stem
        for view in RECORD_VIEWS:
            if not (folder / f"{view}.html").is_file():
                out.errors.append(Problem(f"build/site/{stem}/{view}.html", 0, f"missing: the site has no {view} view of tei/{t.name}: {RUN_BUILD}", "deposit-site-missing"))
        download = folder / download_name(stem)
        shown = f"build/site/{stem}/{download.name}"
        if not download.is_file():
            out.errors.append(Problem(shown, 0, f"missing: the site has no TEI download of tei/{t.name}: {RUN_BUILD}", "deposit-site-missing"))
            continue
        expected, problems = standalone(Doc(t.path, t.root, f"tei/{t.name}"), export_cache)
        if has_errors(problems):  # a valid record's entries are all there: not expected
            out.errors.extend(problems)
        elif download.read_bytes() != expected:
            out.errors.append(
                Problem(
                    shown, 0,
                    f"is not the standalone export of tei/{t.name} as it is now (what `parley build` puts on the site for download): the site "
                    f"was rendered from another version of the record or of the authority file (edited since the last build?): {RUN_BUILD}",
                    "deposit-site-stale",
                )
            )

    # the records and the site were made from the authority file and editorial table in tei/
    out.errors.extend(_check_curated(root, out.tei_files, invalid))

    # what of the site is packed: the site pages, and the folders of the records
    keep_top = {f"{page}.html" for page in SITE_PAGES} | set(STATIC)
    left_out: list[str] = []
    for entry in sorted(site_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and entry.name in records:
            out.site_files.extend(_tree(entry))
        elif entry.is_file() and entry.name in keep_top:
            out.site_files.append(entry)
        else:
            left_out.append(entry.name + ("/" if entry.is_dir() else ""))
    for name in left_out:
        why = "the pages of a record that is not in tei/ (rendered from elsewhere?)" if (site_dir / name).is_dir() else "not a page of the site"
        out.warnings.append(Problem(f"build/site/{name}", 0, f"{why}: left out of the deposit", "deposit-site-extra", WARNING))

    # the site pages link only to what is packed, and the index to every record (unless a
    # record is invalid: which pages belong in the deposit is then not known yet)
    packed = {p.relative_to(site_dir).as_posix() for p in out.site_files}
    for page in sorted(keep_top & packed) if not invalid else ():
        if not page.endswith(".html"):
            continue
        targets = _links(site_dir, page)
        broken = sorted({t for t in targets if t not in packed})
        if broken:
            shown = ", ".join(broken[:3]) + (f" and {len(broken) - 3} more" if len(broken) > 3 else "")
            out.errors.append(
                Problem(f"build/site/{page}", 0, f"links to {shown}, not in the deposit: the page was made for other records than those in tei/: {RUN_BUILD}", "deposit-site-link")
            )
        if page == "index.html":
            for stem, t in records.items():
                if not any(target.startswith(f"{stem}/") for target in targets):
                    out.errors.append(
                        Problem("build/site/index.html", 0, f"does not list tei/{t.name}: the index was made for other records: {RUN_BUILD}", "deposit-site-index")
                    )

    # the corpus file holds the current records
    corpus = next((t for t in out.tei_files if t.role == "TEI corpus" and t.name == "corpus.xml"), None)
    if corpus is not None and records and not invalid:
        out.errors.extend(_check_corpus(corpus, records))
    elif corpus is None and records and not (tei_dir / "corpus.xml").exists():
        out.warnings.append(Problem("tei/corpus.xml", 0, f"not there: the deposit has no corpus file ({RUN_BUILD} to make it)", "deposit-no-corpus", WARNING))
    return out


#: the curated files, and what the build makes from each of them (for the messages)
CURATED = {
    "tei/authority.xml": "the records and the site",
    "tei/editorial.xml": "the records and the corpus",
}


def _check_curated(root: Path, tei_files: list[TeiFile], invalid: set[str]) -> list[Problem]:
    """The authority file and the editorial table are the versions the last build made the
    edition from (``build/manifest.json`` records their SHA-256: see
    :data:`parley.build.CURATED_KEY`). An edit without a build changes neither the records nor
    the site, so nothing else shows it: a preferred name changed in the authority file, say,
    leaves the registers with the old one. A curated file that does not validate is reported
    as such, and not compared here."""
    from .build import CURATED_KEY, MANIFEST_NAME, load_manifest

    manifest_path = root / "build" / MANIFEST_NAME
    shown = f"build/{MANIFEST_NAME}"
    names = " and ".join(CURATED)
    if not manifest_path.is_file():
        return [Problem(shown, 0, f"missing: nothing says which {names} the site was made from (made by `parley render`, not `parley build`?): {RUN_BUILD}", "deposit-build-unrecorded")]
    manifest, note = load_manifest(manifest_path)
    recorded = manifest.get(CURATED_KEY)
    if note or not isinstance(recorded, dict):
        why = "unreadable, or written by another parley" if note else "written by an older parley"
        return [Problem(shown, 0, f"does not say which {names} the site and the records were made from ({why}): {RUN_BUILD}", "deposit-build-unrecorded")]
    current = {f"tei/{t.name}": hashlib.sha256(t.data).hexdigest() for t in tei_files if f"tei/{t.name}" in CURATED}
    problems = []
    for rel, made in CURATED.items():
        if rel in invalid:
            continue
        now, then = current.get(rel), recorded.get(rel)
        if rel not in recorded:
            problems.append(
                Problem(rel, 0, f"changed since the last build of every stage (the builds since ran some stages only, stopped, or could not write all their files): {made} may have been made from another version of it: {RUN_BUILD}", "deposit-build-unrecorded")
            )
        elif now != then:
            what, version = ("edited", "from another version of it") if now and then else ("added", "without it") if now else ("removed", "with it")
            problems.append(Problem(rel, 0, f"{what} since the last build: {made} were made {version}: {RUN_BUILD}", "deposit-curated-stale"))
    return problems


def _links(site_dir: Path, rel: str) -> set[str]:
    """The files the page *rel* of the site links to (href, src), relative to the site,
    without fragments; links with a scheme (https:, mailto:) or only a fragment are not
    links to files of the site."""
    import posixpath
    from urllib.parse import unquote, urlsplit

    from lxml import html as lxml_html

    doc = lxml_html.fromstring((site_dir / rel).read_bytes())
    base = posixpath.dirname(rel)
    found = set()
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("href", "src"):
            value = el.get(attr)
            if not value:
                continue
            parts = urlsplit(value.strip())
            if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
                continue
            found.add(posixpath.normpath(posixpath.join(base, unquote(parts.path))))
    return found


def _check_corpus(corpus: TeiFile, records: dict[str, TeiFile]) -> list[Problem]:
    """``tei/corpus.xml`` is what ``parley build`` makes of the records in ``tei/``."""
    from .build import CORPUS_END, corpus_fragment, corpus_header
    from .editorial import load_edition

    fragments = {stem: corpus_fragment(t.data, stem, f"tei/{t.name}")[0] for stem, t in sorted(records.items())}
    publisher = load_edition(corpus.path.parent).publisher
    body = b"".join(fragments.values()) + CORPUS_END
    if corpus.data == corpus_header(len(fragments), publisher) + body:
        return []
    stale = [f"tei/{records[stem].name}" for stem, frag in fragments.items() if frag not in corpus.data]
    if stale:
        shown = ", ".join(stale[:3]) + (f" and {len(stale) - 3} more" if len(stale) > 3 else "")
        why = f"does not hold the current copy of {shown} (edited since the last build?)"
    elif corpus.data.endswith(body) and b"<TEI" not in corpus.data[: len(corpus.data) - len(body)]:
        # the records as they are, and no others: the header is what differs
        why = "holds the current records, but not the header made from tei/editorial.xml now (the edition's publisher changed since the last build?)"
    else:
        why = "holds other records than those in tei/ (one removed since the last build?)"
    return [Problem("tei/corpus.xml", 0, f"{why}: {RUN_BUILD}", "deposit-corpus-stale")]


@dataclass
class DepositResult:
    path: Path
    files: int = 0
    bytes: int = 0
    bag_info: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _tree(folder: Path, skip_python: bool = False) -> list[Path]:
    """The files under *folder*, sorted, without hidden files (and Python files, if asked:
    schema/ is also a Python package of the installed software)."""
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if path.is_file() and not (skip_python and path.suffix in (".py", ".pyc")):
            out.append(path)
    return out


def _schema_payload(local: Path, problems: list[Problem]) -> list[PayloadFile]:
    """The schema the edition was validated with: the installed package ``parley.schema``
    (in the parley repository, with parley installed from it, that is ``schema/`` itself; a
    collection made with ``parley init`` has no schema of its own). If the project has a
    ``schema/`` that differs from it, the user is told."""
    from importlib.resources import files as resources

    out: list[PayloadFile] = []

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name.startswith(".") or child.name == "__pycache__":
                continue
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif not child.name.endswith((".py", ".pyc")):
                out.append(PayloadFile(f"schema/{prefix}{child.name}", "schema", child.read_bytes()))

    walk(resources("parley.schema"), "")
    if local.is_dir():
        theirs = {f"schema/{p.relative_to(local).as_posix()}": p.read_bytes() for p in _tree(local, skip_python=True)}
        if theirs != {f.rel: f.data for f in out}:
            problems.append(
                Problem("schema/", 0, "differs from the schema parley validates with (the installed parley's); the deposit carries the installed one: install parley again from this folder (pip install -e .) if schema/ is the one you mean", "deposit-schema-differs", WARNING)
            )
    return out


def _readme(settings: Settings, files: list[PayloadFile], records: dict[str, str]) -> bytes:
    from importlib.resources import files as resources

    template = (resources("parley") / "templates" / "deposit-README.txt").read_text(encoding="utf-8")
    counts = {use: sum(1 for f in files if f.group == use) for use, _ in GROUPS}
    listing = "\n".join(f"  tei/{stem}.xml  {title}" for stem, title in sorted(records.items()))
    return template.format(
        title=settings.title,
        organization=settings.source_organization,
        records=len(records),
        record_list=listing,
        schema=counts["schema"],
        html=counts["HTML"] + counts["standalone TEI"],
        downloads=counts["standalone TEI"],
        start=" Start at html/index.html in a browser." if any(f.rel == "html/index.html" for f in files) else "",
        version=__version__,
    ).encode("utf-8")


def _bag_info(settings: Settings, problems: list[Problem]) -> dict:
    import bagit

    info = {
        "Source-Organization": settings.source_organization,
        "External-Description": settings.external_description,
        "Bag-Software-Agent": f"parley {__version__} with bagit.py v{bagit.VERSION} <{bagit.PROJECT_URL}>",
    }
    if settings.contact_name:
        info["Contact-Name"] = settings.contact_name
    if settings.contact_email:
        info["Contact-Email"] = settings.contact_email
    else:
        problems.append(
            Problem(
                SETTINGS_FILE,
                0,
                "no contact e-mail configured ([deposit] contact-email); Contact-Email is left out of bag-info.txt",
                "deposit-no-contact-email",
                INFO,
            )
        )
    if settings.identifier:
        info["External-Identifier"] = settings.identifier
    return info


def _write_tagmanifests(bag_dir: Path) -> None:
    """Rewrite the tag manifests in sorted order (bagit lists them in directory order)."""
    tag_files = sorted(
        p.relative_to(bag_dir).as_posix()
        for p in bag_dir.rglob("*")
        if p.is_file() and p.relative_to(bag_dir).parts[0] != "data" and not p.name.startswith("tagmanifest-")
    )
    for alg in CHECKSUMS:
        lines = [f"{hashlib.new(alg, (bag_dir / rel).read_bytes()).hexdigest()} {rel}\n" for rel in tag_files]
        (bag_dir / f"tagmanifest-{alg}.txt").write_text("".join(lines), encoding="utf-8")


def deposit(root: Path, out: Path = DEFAULT_OUT, force: bool = False) -> DepositResult:
    """Write the deposit bag of the project in *root* to *out* (relative paths: under *root*)."""
    import bagit

    root = Path(root)
    out = out if out.is_absolute() else root / out
    shown_out = os.path.relpath(out, root) if out.is_relative_to(root) else out.as_posix()
    problems: list[Problem] = []
    tei_dir, schema_dir, site_dir = root / "tei", root / "schema", root / "build" / "site"

    # --- what must be there before anything is written: every problem, in one run -------
    errors: list[Problem] = []
    if out.exists() and not force:
        errors.append(Problem(shown_out, 0, "a deposit is already there; it is not overwritten: use --force to replace it, or -o for another folder", "deposit-exists"))
    has_tei = tei_dir.is_dir() and any(p for p in tei_dir.glob("*.xml") if not p.name.startswith("."))
    if not has_tei:
        errors.append(Problem("tei/", 0, f"no TEI files: {RUN_BUILD} first", "deposit-no-tei"))
    if not site_dir.is_dir() or not _tree(site_dir):
        errors.append(Problem("build/site/", 0, f"the HTML site is missing; the deposit includes it: {RUN_BUILD} first", "deposit-no-site"))
    errors.extend(check_citation(root / CITATION_FILE))
    settings = None
    try:
        settings = load_settings(root)
    except InputError as exc:
        errors.extend(exc.problems)

    # --- the edition as built: valid, current, complete ------------------------------------
    checked = check_edition(root) if has_tei else Checked()
    errors.extend(checked.errors)
    if errors:
        raise InputError(errors)
    problems.extend(checked.warnings)
    tei_files, site_files = checked.tei_files, checked.site_files
    records = {t.stem: t for t in tei_files if t.role == "TEI records"}

    # --- the payload, in memory ----------------------------------------------------------
    authority_path = tei_dir / "authority.xml"
    authority = load_authority(authority_path) if authority_path.is_file() else None
    if authority is None:
        problems.append(Problem("tei/authority.xml", 0, "no authority file: the Dublin Core subjects are left out", "deposit-no-authority", WARNING))

    files: list[PayloadFile] = []
    titles: dict[str, str] = {}
    for t in tei_files:
        if t.role == "other XML":
            problems.append(Problem(f"tei/{t.name}", t.root.sourceline or 1, "not a TEI document (its root is not in the TEI namespace); deposited as it is, as other XML", "deposit-not-tei", WARNING))
        files.append(PayloadFile(f"tei/{t.name}", t.role, t.data, record=t.stem if t.role == "TEI records" else "", label=t.name))
    files.extend(_schema_payload(schema_dir, problems))
    for p in site_files:
        rel = p.relative_to(site_dir).as_posix()
        stem = Path(rel).parts[0] if Path(rel).parts[0] in records else ""
        group = "standalone TEI" if stem and rel == f"{stem}/{download_name(stem)}" else "HTML"
        files.append(PayloadFile(f"html/{rel}", group, p.read_bytes(), record=stem))
    for stem, t in records.items():
        dc_problems: list[Problem] = []
        dc = dublin_core(t, authority, dc_problems)
        problems.extend(dc_problems)
        files.append(PayloadFile(f"metadata/{stem}.dc.xml", "metadata", dc, record=stem))
        title = etree.fromstring(dc).find(f"{{{DC_NS}}}title")
        titles[stem] = title.text if title is not None else stem
    unsafe = [f.rel for f in files if any(c in f.rel for c in UNSAFE_IN_MANIFEST)]
    if unsafe:
        raise InputError(
            [
                Problem(_source_of(rel), 0, "the name has a '%' or a line break, which a BagIt 1.0 manifest must percent-encode and the bagit library cannot: rename the file", "deposit-path-name")
                for rel in unsafe
            ]
        )
    files.append(PayloadFile("README.txt", "documentation", _readme(settings, files, titles)))
    files.sort(key=lambda f: f.rel)
    files.append(PayloadFile("metadata/mets.xml", "metadata", mets(files, titles, settings)))
    problems.extend(_check_schema_paths(records.values(), {f.rel for f in files}))

    # --- write, bag, validate, move into place -------------------------------------------
    from .xml import WriteError, make_dirs, plain_cause

    make_dirs(out.parent)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as exc:  # named by the deposit's folder, not the temporary one
        raise WriteError(shown_out, plain_cause(exc, out), exc.errno) from None
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; the bag is not
        for f in files:
            target = tmp / f.rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.data)
        info = _bag_info(settings, problems)
        try:
            bag = bagit.make_bag(str(tmp), bag_info=dict(info), checksums=list(CHECKSUMS))
            (tmp / "bagit.txt").write_bytes(BAGIT_TXT)  # 1.0, where the library writes 0.97
            shutil.copyfile(root / CITATION_FILE, tmp / CITATION_FILE)
            _write_tagmanifests(tmp)  # after bagit.txt and CITATION.cff: their checksums are in them
            bag = bagit.Bag(str(tmp))
            bag.validate()
        except (bagit.BagError, bagit.BagValidationError) as exc:
            raise InputError(Problem(shown_out, 0, f"the bag did not validate after writing, nothing was replaced: {exc}", "deposit-invalid-bag")) from None
        for f in files:  # the payload is what we meant to write (and tei/ byte for byte)
            if hashlib.sha256((tmp / "data" / f.rel).read_bytes()).hexdigest() != f.sha256:
                raise InputError(Problem(f"data/{f.rel}", 0, "payload file differs from its source after writing", "deposit-payload-changed"))
        if out.exists():
            if not force:  # appeared while we were working
                raise InputError(Problem(shown_out, 0, "a deposit appeared there meanwhile; it is not overwritten: use --force to replace it", "deposit-exists"))
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
            os.rename(out, old / out.name)
            os.rename(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, WriteError):
            raise
        raise WriteError(shown_out, plain_cause(exc, out), exc.errno) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return DepositResult(
        path=out,
        files=len(files),
        bytes=sum(len(f.data) for f in files),
        bag_info=dict(bagit.Bag(str(out)).info),
        problems=problems,
    )


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _check_schema_paths(records, payload: set[str]) -> list[Problem]:
    """Warn if a record's xml-model path would not resolve inside the bag."""
    problems = []
    for t in records:
        for pi in reversed(list(t.root.itersiblings(preceding=True))):
            if isinstance(pi, etree._ProcessingInstruction) and pi.target == "xml-model":
                href = pi.get("href") or ""
                if not href or ":" in href.split("/")[0]:
                    continue
                rel = os.path.normpath(os.path.join("tei", href)).replace(os.sep, "/")
                if rel not in payload:
                    problems.append(
                        Problem(f"tei/{t.name}", pi.sourceline or 0, f"xml-model href=\"{href}\" points to data/{rel}, which is not in the bag (is the schema built?)", "deposit-schema-path", WARNING)
                    )
    return problems
