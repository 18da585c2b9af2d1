"""Export: TEI records as files that other projects and tools can use.

Three derived forms, all deterministic (the same TEI gives the same bytes):

``standalone``
    Each record as one TEI file that travels alone. The entries of other files that the
    record points to (through its ``prefixDef`` private URIs such as ``pers:stalin``, or
    through ``authority.xml#stalin``) are copied into a ``standOff`` of the record, and the
    pointers are rewritten to local ``#id`` references. Prefix definitions that are no longer
    used are dropped, and so are schema associations by relative path (they would not
    resolve next to a lone file); the canonical ``tei_all`` schema named in
    ``schemaRef[@type='release']`` is associated instead. A ``change`` (``type="export"``,
    ``@who`` as the record's own changes) says what was done, and that the file is to be
    checked against ``tei_all``: the project's schema is for the records as the edition keeps
    them (``pers:KEY`` pointers into the authority file, no ``standOff`` in a record), so
    ``parley validate`` rejects a standalone file. The site offers each record for download
    in this form (:func:`standalone_file`).

``text``
    The diplomatic and the reading text of each record as plain UTF-8. Diplomatic: the
    source text exactly (``sic``, ``abbr``, ``orig`` kept; ``corr``, ``expan``, ``reg`` and
    every ``note`` left out), ``supplied`` in square brackets. Reading: ``corr``, ``expan``,
    ``reg`` instead; ``supplied`` in square brackets too; notes as numbered endnotes.

``turns``
    Every turn (``sp``, or ``u`` in the Parla-CLARIN style) as one row of a CSV and a JSON
    Lines file, for corpus and network-analysis tools.

The functions read any TEI, not only parley's records: a drama in the DraCor style (``sp
who="#id"`` resolved through its ``particDesc``) or a FRUS document (prose, no turns) does
not make them fail.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from lxml import etree

from . import __version__
from .problems import WARNING, InputError, Problem, has_errors
from .xml import TEI_NS, XML_NS, atomic_write, parse_xml

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"

DEFAULT_OUT = Path("build/export")

#: TEI attributes whose values are (lists of) pointers (``teidata.pointer``).
POINTER_ATTRS = (
    "ref", "target", "corresp", "sameAs", "who", "resp", "source", "ana", "rendition",
    "hand", "decls", "copyOf", "next", "prev", "exclude", "select", "synch", "facs", "wit",
    "change", "parts", "active", "passive", "mutual", "spanTo",
)
#: ``@scheme`` is a pointer only on these (on ``rendition`` it names a language, e.g. css).
SCHEME_POINTERS = {"catRef", "classCode", "keywords"}


_POINTER_SET = frozenset(POINTER_ATTRS)


def pointer_attrs(el: etree._Element) -> tuple[str, ...]:
    """The names of *el*'s attributes that hold pointers."""
    return POINTER_ATTRS + ("scheme",) if local(el.tag) in SCHEME_POINTERS else POINTER_ATTRS


def pointer_items(el: etree._Element) -> list[tuple[str, str]]:
    """*el*'s pointer attributes that are present, as (name, value). A ``certainty`` about a
    pointer (``match="@ref"``) holds a pointer in ``@assertedValue`` too: the other entry the
    editors consider ("pers:togo")."""
    names = el.keys()
    if not names:
        return []
    scheme = "scheme" in names and local(el.tag) in SCHEME_POINTERS
    items = [(name, value) for name, value in el.items() if name in _POINTER_SET or (scheme and name == "scheme")]
    if "assertedValue" in names and el.get("assertedValue") and local(el.tag) == "certainty" and (el.get("match") or "").strip().lstrip("@") in _POINTER_SET:
        items.append(("assertedValue", el.get("assertedValue")))
    return items


_RESOLVED: dict[tuple[Path, str], Path] = {}


def resolved(folder: Path, relpath: str) -> Path:
    """``(folder / relpath).resolve()``, remembered (resolving is slow and asked often)."""
    key = (folder, relpath)
    if key not in _RESOLVED:
        _RESOLVED[key] = (folder / relpath).resolve()
    return _RESOLVED[key]

#: the list element a copied entry goes into, by the entry's element name.
LIST_FOR = {
    "person": "listPerson",
    "personGrp": "listPerson",
    "place": "listPlace",
    "org": "listOrg",
    "event": "listEvent",
    "bibl": "listBibl",
    "biblStruct": "listBibl",
    "nym": "listNym",
}
LIST_ORDER = ("listPerson", "listPlace", "listOrg", "listEvent", "listBibl", "listNym")

TURN_FIELDS = (
    "record", "turn_id", "n", "speaker_id", "speaker_name", "speaker_label",
    "text", "text_diplomatic", "stage",
)

_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_SPACE = re.compile(r"\s+")


def local(tag) -> str:
    """The local name of an element tag ('' for comments and processing instructions)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------


@dataclass
class Doc:
    """A parsed TEI file with an index of its ``xml:id``s."""

    path: Path
    root: etree._Element
    display: str

    @classmethod
    def load(cls, path: Path, display: Optional[str] = None) -> "Doc":
        display = display or path.as_posix()
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(Problem(display, 0, "file not found", "export-missing")) from None
        return cls(path, parse_xml(data, display), display)

    @property
    def ids(self) -> dict[str, etree._Element]:
        cache = self.__dict__.get("_ids")
        if cache is None:
            cache = {}
            for el in self.root.iter():
                if isinstance(el.tag, str) and el.get(XML_ID):
                    cache.setdefault(el.get(XML_ID), el)
            self.__dict__["_ids"] = cache
        return cache

    @property
    def kind(self) -> str:
        """``record`` (a TEI with a text), ``corpus`` (teiCorpus), ``data`` (a TEI without a
        text, such as the authority file) or ``other`` (not a TEI document)."""
        if etree.QName(self.root).namespace != TEI_NS:
            return "other"
        name = local(self.root.tag)
        if name == "teiCorpus":
            return "corpus"
        if name == "TEI" and self.root.find(T + "text") is not None:
            return "record"
        return "data"

    @property
    def stem(self) -> str:
        return self.path.stem


class PrefixMap:
    """The private URI schemes a document declares with ``prefixDef``."""

    def __init__(self, root: etree._Element):
        self.defs: dict[str, list[tuple[re.Pattern, str]]] = {}
        for pd in root.iter(T + "prefixDef"):
            ident, match, repl = pd.get("ident"), pd.get("matchPattern"), pd.get("replacementPattern")
            if not (ident and match and repl is not None):
                continue
            try:
                rx = re.compile(match)
            except re.error:
                continue
            self.defs.setdefault(ident, []).append((rx, repl))

    def expand(self, token: str) -> Optional[str]:
        prefix, sep, rest = token.partition(":")
        if not sep or prefix not in self.defs:
            return None
        for rx, repl in self.defs[prefix]:
            m = rx.fullmatch(rest)
            if m:
                return re.sub(r"\$(\d)", lambda g: (m.group(int(g.group(1))) or "") if int(g.group(1)) <= rx.groups else "", repl)
        return None

    def prefix_of(self, token: str) -> Optional[str]:
        prefix, sep, _ = token.partition(":")
        return prefix if sep and prefix in self.defs else None


class Resolver:
    """Resolves pointers of one document: local ``#id``, ``prefix:key`` and ``file#id``."""

    def __init__(self, doc: Doc, cache: Optional[dict[Path, Optional[Doc]]] = None):
        self.doc = doc
        self.prefixes = PrefixMap(doc.root)
        self.cache = cache if cache is not None else {}
        self._external: dict[str, Optional[tuple[str, str]]] = {}  # token -> external(token)

    def other(self, relpath: str) -> Optional[Doc]:
        path = resolved(self.doc.path.parent, relpath)
        if path not in self.cache:
            if path.is_file():
                try:
                    self.cache[path] = Doc.load(path, (self.doc.path.parent / relpath).as_posix())
                except InputError:
                    self.cache[path] = None
            else:
                self.cache[path] = None
        return self.cache[path]

    def external(self, token: str) -> Optional[tuple[str, str]]:
        """``(relative file, id)`` if *token* points into another local file (worked out
        once per token: a record repeats its pointers)."""
        if token in self._external:
            return self._external[token]
        found = self._external[token] = self._external_of(token)
        return found

    def _external_of(self, token: str) -> Optional[tuple[str, str]]:
        expanded = self.prefixes.expand(token)
        target = expanded if expanded is not None else token
        if expanded is None and _URI_SCHEME.match(token):
            return None
        if _URI_SCHEME.match(target) or "#" not in target:
            return None
        relpath, _, frag = target.partition("#")
        if not relpath or not frag:
            return None
        return relpath, frag

    def element(self, token: str) -> Optional[etree._Element]:
        """The element *token* points to, in this document or another local file."""
        if token.startswith("#"):
            return self.doc.ids.get(token[1:])
        ext = self.external(token)
        if ext is None:
            return None
        other = self.other(ext[0])
        return other.ids.get(ext[1]) if other is not None else None

    def key(self, token: str) -> str:
        """The bare identifier a pointer names: ``#x`` -> ``x``; ``pers:soong`` -> ``soong``."""
        if token.startswith("#"):
            return token[1:]
        ext = self.external(token)
        return ext[1] if ext else token


def entry_name(el: etree._Element) -> str:
    """The display name of a person, place, org (or any element with a name child)."""
    for tag in ("persName", "placeName", "orgName", "name", "roleName", "title"):
        preferred = el.find(f"{T}{tag}[@type='preferred']")
        if preferred is not None and norm("".join(preferred.itertext())):
            return norm("".join(preferred.itertext()))
    for tag in ("persName", "placeName", "orgName", "name", "roleName", "title"):
        for named in el.findall(T + tag):
            if named.get(f"{{{XML_NS}}}lang") in (None, "en") and norm("".join(named.itertext())):
                return norm("".join(named.itertext()))
    for tag in ("persName", "placeName", "orgName", "name"):
        named = el.find(T + tag)
        if named is not None and norm("".join(named.itertext())):
            return norm("".join(named.itertext()))
    return norm("".join(t for t in el.itertext()))


# --------------------------------------------------------------------------------------------
# Text projections
# --------------------------------------------------------------------------------------------

DIPLOMATIC, READING = "diplomatic", "reading"

#: never part of the text (analytic or linking apparatus)
_SKIP_ALWAYS = {
    "certainty", "precision", "respons", "interp", "interpGrp", "span", "spanGrp", "link",
    "linkGrp", "index", "fs", "fLib", "fvLib", "alt", "altGrp", "join", "joinGrp",
    "timeline", "figDesc", "teiHeader", "standOff", "facsimile",
}
_SKIP = {
    DIPLOMATIC: _SKIP_ALWAYS | {"corr", "reg", "expan", "ex"},
    READING: _SKIP_ALWAYS | {"am"},
}
_CHOICE_PREFER = {DIPLOMATIC: ("sic", "orig", "abbr"), READING: ("corr", "reg", "expan")}
_EMPTY = {"pb", "cb", "milestone", "anchor", "gb", "caesura"}

#: elements that hold further blocks (not text themselves)
_CONTAINERS = {
    "text", "front", "body", "back", "group", "div", "div1", "div2", "div3", "div4", "div5",
    "div6", "div7", "floatingText", "opener", "closer", "castList", "castGroup", "performance",
    "set", "prologue", "epilogue", "titlePage", "argument", "epigraph", "postscript", "spGrp",
    "listBibl",
}
#: elements whose lines belong together (one group, one line per child block)
_GROUPS = {"lg", "list", "castGroup"}


class TextContext:
    """The mode of a projection; collects the endnotes of a reading text.

    With *stages* given, stage directions (``stage``, ``kinesic``, ``incident``, ``vocal``)
    are taken out of the text flow into that list (for the stage column of the turns).
    """

    def __init__(self, mode: str, with_notes: bool = True, stages: Optional[list[str]] = None):
        self.mode = mode
        self.with_notes = with_notes and mode == READING
        self.notes: list[str] = []
        self.stages = stages

    def note(self, el: etree._Element) -> str:
        if not self.with_notes:
            return ""
        self.notes.append("")
        i = len(self.notes)
        self.notes[i - 1] = norm(inline(el, self))
        return f"[{i}]"

    def quiet(self) -> "TextContext":
        """The same mode, without collecting notes or stages (for labels and probes)."""
        return TextContext(self.mode, False)


def inline(el: etree._Element, ctx: TextContext) -> str:
    """The text of *el*'s content (not its tail) in the context's mode."""
    parts = [el.text or ""]
    for child in el:
        parts.append(_render(child, ctx))
        parts.append(child.tail or "")
    return "".join(parts)


def _is_label(el) -> bool:
    """``speaker``, or Parla-CLARIN's verbatim label ``note type="speaker"``."""
    name = local(el.tag)
    return name == "speaker" or (name == "note" and el.get("type") == "speaker")


def _render(el, ctx: TextContext) -> str:
    if not isinstance(el.tag, str):  # comments, processing instructions
        return ""
    name = local(el.tag)
    if etree.QName(el.tag).namespace not in (TEI_NS, None):
        return ""
    if name in _SKIP[ctx.mode] or name in _EMPTY:
        return ""
    if ctx.stages is not None and name in _STAGES:
        text = _stage_text(el)
        if text:
            ctx.stages.append(text)
        return ""
    if name == "note":
        return line(el, ctx.quiet()) if _is_label(el) else ctx.note(el)
    if name == "choice":
        children = [c for c in el if isinstance(c.tag, str)]
        chosen = next((c for pref in _CHOICE_PREFER[ctx.mode] for c in children if local(c.tag) == pref), None)
        if chosen is None and children:
            chosen = children[0]
        return inline(chosen, ctx) if chosen is not None else ""
    if name == "supplied":
        return "[" + inline(el, ctx) + "]"
    if name == "gap":
        return "[...]"
    if name == "lb":
        return "" if el.get("break") == "no" else " "
    if name == "space":
        return " "
    if name == "del" and ctx.mode == READING:
        return ""
    return inline(el, ctx)


_STAGES = {"stage", "kinesic", "incident", "vocal"}


def _stage_text(el: etree._Element) -> str:
    """A stage direction as reading text; for kinesic/incident/vocal, their desc."""
    return line(el, TextContext(READING, False))


def line(el: etree._Element, ctx: TextContext) -> str:
    return norm(inline(el, ctx))


def _blocks(el: etree._Element, ctx: TextContext) -> list[tuple[str, str]]:
    """The lines of the children of a group element (sp, u, lg, list), as (element name, line)."""
    lines: list[tuple[str, str]] = []
    pending_label: Optional[str] = None
    for child in el:
        if not isinstance(child.tag, str) or etree.QName(child.tag).namespace not in (TEI_NS, None):
            continue
        name = local(child.tag)
        if name in _SKIP[ctx.mode] or name in _EMPTY:
            pass
        elif ctx.stages is not None and name in _STAGES:
            text = _stage_text(child)
            if text:
                ctx.stages.append(text)
        elif name == "note" and not _is_label(child):
            marker = ctx.note(child)
            if marker:
                lines.append(("note", marker))
        elif name == "label" and local(el.tag) == "list":
            pending_label = line(child, ctx)
        else:
            if name in _GROUPS or name in _CONTAINERS:
                sub = [(n, t) for n, t in _blocks(child, ctx) if t]
            else:
                text = line(child, ctx)
                sub = [("speaker" if _is_label(child) else name, text)] if text else []
            if pending_label is not None:
                sub = [(sub[0][0], f"{pending_label} {sub[0][1]}")] + sub[1:] if sub else [("label", pending_label)]
                pending_label = None
            lines.extend(sub)
        tail = norm(child.tail or "")
        if tail:
            lines.append(("#text", tail))
    if pending_label:
        lines.append(("label", pending_label))
    return lines


def _turn_lines(turn: etree._Element, ctx: TextContext) -> list[str]:
    """A turn as lines: the label and the first line of the speech together ("Stalin: Yes."),
    as in the source, unless a stage direction comes first."""
    blocks = _blocks(turn, ctx)
    if len(blocks) > 1 and blocks[0][0] == "speaker" and blocks[1][0] not in _STAGES | {"note", "speaker"}:
        blocks[0:2] = [("speaker", f"{blocks[0][1]} {blocks[1][1]}")]
    return [t for _, t in blocks]


def text_groups(el: etree._Element, ctx: TextContext) -> list[list[str]]:
    """The text of a ``text`` element as groups of lines (one group per turn or block)."""
    groups: list[list[str]] = []

    def walk(node):
        if norm(node.text or ""):
            groups.append([norm(node.text)])
        for child in node:
            if isinstance(child.tag, str) and etree.QName(child.tag).namespace in (TEI_NS, None):
                name = local(child.tag)
                if name in _SKIP[ctx.mode] or name in _EMPTY:
                    pass
                elif name in ("sp", "u"):
                    lines = _turn_lines(child, ctx)
                    if lines:
                        groups.append(lines)
                elif name == "note":
                    marker = ctx.note(child)
                    if marker:
                        groups.append([marker])
                elif name in _CONTAINERS:
                    walk(child)
                elif name in _GROUPS:
                    lines = [t for _, t in _blocks(child, ctx)]
                    if lines:
                        groups.append(lines)
                else:
                    text = line(child, ctx)
                    if text:
                        groups.append([text])
            tail = norm(child.tail or "")
            if tail:
                groups.append([tail])

    walk(el)
    return groups


def render_text(doc: Doc, mode: str) -> str:
    """The diplomatic or reading text of a record, as the content of a UTF-8 file."""
    ctx = TextContext(mode)
    groups: list[list[str]] = []
    for text_el in _text_elements(doc.root):
        groups.extend(text_groups(text_el, ctx))
    out = "\n\n".join("\n".join(g) for g in groups)
    if ctx.notes:
        out += "\n\nNotes\n\n" + "\n".join(f"[{i}] {t}" for i, t in enumerate(ctx.notes, 1))
    return out + "\n" if out else ""


def _text_elements(root: etree._Element) -> list[etree._Element]:
    if local(root.tag) == "teiCorpus":
        return [t for tei in root.iter(T + "TEI") for t in tei.findall(T + "text")]
    return root.findall(T + "text")


# --------------------------------------------------------------------------------------------
# Turns
# --------------------------------------------------------------------------------------------


def iter_turns(doc: Doc, problems: list[Problem], resolver: Optional[Resolver] = None) -> Iterable[dict]:
    """One row per ``sp`` (or Parla-CLARIN ``u``) in the record's text, in document order."""
    resolver = resolver or Resolver(doc)
    for text_el in _text_elements(doc.root):
        for turn in text_el.iter(T + "sp", T + "u"):
            yield _turn_row(doc, turn, resolver, problems)


def _turn_row(doc: Doc, turn: etree._Element, resolver: Resolver, problems: list[Problem]) -> dict:
    ids, names = [], []
    for token in (turn.get("who") or "").split():
        ids.append(resolver.key(token))
        target = resolver.element(token)
        if target is None:
            names.append("")
            problems.append(
                Problem(
                    doc.display,
                    turn.sourceline or 0,
                    f'<{local(turn.tag)} who="{token}"> points to no person in this file or its authority file; the speaker name is left empty',
                    "export-who-unresolved",
                    WARNING,
                )
            )
        else:
            names.append(entry_name(target))
    stages: list[str] = []
    reading = _blocks(turn, TextContext(READING, False, stages))
    diplomatic = _blocks(turn, TextContext(DIPLOMATIC, False, []))
    return {
        "record": doc.stem,
        "turn_id": turn.get(XML_ID) or "",
        "n": turn.get("n") or "",
        "speaker_id": " ".join(ids),
        "speaker_name": "; ".join(names),
        "speaker_label": " ".join(t for n, t in diplomatic if n == "speaker"),
        "text": " ".join(t for n, t in reading if n != "speaker"),
        "text_diplomatic": " ".join(t for n, t in diplomatic if n != "speaker"),
        "stage": " ".join(stages),
    }


def turns_csv(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=TURN_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buf.getvalue().encode("utf-8")


def turns_jsonl(rows: list[dict]) -> bytes:
    return "".join(json.dumps({k: row[k] for k in TURN_FIELDS}, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")


# --------------------------------------------------------------------------------------------
# Standalone TEI
# --------------------------------------------------------------------------------------------


def standalone(doc: Doc, cache: Optional[dict] = None) -> tuple[bytes, list[Problem]]:
    """The record as one TEI file with the entries it points to copied into its standOff."""
    problems: list[Problem] = []
    src = Resolver(doc, cache)
    root = copy.deepcopy(doc.root)
    used_ids = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    local_id: dict[tuple[str, str], str] = {}  # (resolved file, id there) -> id here
    unresolved: set[str] = set()  # the files of the pointers left as they were
    copied: list[tuple[Doc, etree._Element]] = []  # (source file, copy of the entry)

    def new_id(relpath: str, frag: str) -> str:
        candidate = frag
        if candidate in used_ids:
            candidate = f"{Path(relpath).stem}-{frag}"
        base, i = candidate, 2
        while candidate in used_ids:
            candidate, i = f"{base}-{i}", i + 1
        used_ids.add(candidate)
        return candidate

    # (document, relative path) -> (the document, kept so that its id stays its own; the
    # file the path names, resolved): resolving a path for every pointer is slow
    files: dict[tuple[int, str], tuple[Doc, str]] = {}

    def want(relpath: str, frag: str, where: etree._Element, token: str, origin: Resolver) -> Optional[str]:
        """The local id of an entry of another file, copying the entry on first use."""
        known = files.get((id(origin.doc), relpath))
        if known is None:
            known = files[(id(origin.doc), relpath)] = (origin.doc, resolved(origin.doc.path.parent, relpath).as_posix())
        key = (known[1], frag)
        if key in local_id:
            return local_id[key]
        other = origin.other(relpath)
        line_no = where.sourceline or 0
        if other is None:
            unresolved.add(relpath)
            problems.append(Problem(doc.display, line_no, f"'{token}' points into {relpath}, which cannot be read next to {origin.doc.display}", "export-target-missing"))
            return None
        target = other.ids.get(frag)
        if target is None:
            unresolved.add(relpath)
            problems.append(Problem(doc.display, line_no, f"'{token}' points to '{frag}', which {other.display} does not have", "export-target-missing"))
            return None
        if local(target.tag) not in LIST_FOR:
            unresolved.add(relpath)
            problems.append(Problem(doc.display, line_no, f"'{token}' points to a <{local(target.tag)}> in {other.display}, which cannot be carried into a standOff list", "export-target-kind"))
            return None
        lid = new_id(relpath, frag)
        local_id[key] = lid
        entry = copy.deepcopy(target)
        entry.tail = None
        entry.set(XML_ID, lid)
        # ids inside the copy move into this file's id space; pointers to them are fixed below
        for inner in entry.iter():
            if inner is not entry and isinstance(inner.tag, str) and inner.get(XML_ID):
                ikey = (key[0], inner.get(XML_ID))
                if ikey not in local_id:
                    local_id[ikey] = new_id(relpath, inner.get(XML_ID))
                inner.set(XML_ID, local_id[ikey])
        copied.append((other, entry))
        return lid

    def rewrite(el: etree._Element, origin: Resolver, own_file: Optional[str]) -> None:
        """Rewrite *el*'s pointers into other files (and, in a copied entry, into its own file)."""
        for attr, value in pointer_items(el):
            out = []
            for token in value.split():
                if token.startswith("#"):
                    target = (own_file, token[1:]) if own_file is not None else None
                else:
                    target = origin.external(token)
                lid = want(target[0], target[1], el, token, origin) if target else None
                out.append(f"#{lid}" if lid else token)
            new = " ".join(out)
            if new != value:
                el.set(attr, new)

    for el in list(root.iter()):
        if isinstance(el.tag, str):
            rewrite(el, src, None)
    done = 0
    origins: dict[int, Resolver] = {}  # one per file entries are copied from
    while done < len(copied):  # entries can point to further entries (transitively)
        other, entry = copied[done]
        done += 1
        origin = origins.get(id(other))
        if origin is None:
            origin = origins[id(other)] = Resolver(other, src.cache)
        for el in entry.iter():
            if isinstance(el.tag, str):
                rewrite(el, origin, other.path.name)

    _attach_standoff(root, [e for _, e in copied])
    _drop_unused_prefixes(root)
    pis, schema = _schema_association(doc.root, root)
    _note_export(root, bool(copied), schema, sorted(unresolved))
    return serialize(root, pis), problems


def standalone_file(
    path: Path, data: Optional[bytes] = None, cache: Optional[dict] = None, display: Optional[str] = None
) -> tuple[bytes, list[Problem]]:
    """:func:`standalone` of the record file *path* (whose bytes are *data*, when the caller
    has read them already): what ``parley export --standalone`` writes, and what the site
    offers for download (``<stem>/<stem>.xml``, see :mod:`parley.render`). The entries it
    points to are read from the files beside *path* (``authority.xml``); *cache* keeps the
    files read, by resolved path, across calls."""
    path = Path(path)
    if data is None:
        doc = Doc.load(path, display)
    else:
        shown = display or path.as_posix()
        doc = Doc(path, parse_xml(data, shown), shown)
    return standalone(doc, cache)


def _indent_of(el: etree._Element) -> str:
    """The whitespace before *el*, guessed from its neighbours."""
    prev = el.getprevious()
    if prev is not None and prev.tail and not prev.tail.strip():
        return prev.tail.rsplit("\n", 1)[-1]
    parent = el.getparent()
    if parent is not None and parent.text and not parent.text.strip():
        return parent.text.rsplit("\n", 1)[-1]
    return ""


def _attach_standoff(root: etree._Element, entries: list[etree._Element]) -> None:
    """Put the copied entries in lists (listPerson, listPlace, ...) of a standOff after the text."""
    if not entries:
        return
    step = "  "
    standoff = root.find(T + "standOff")
    last: Optional[etree._Element]
    if standoff is None:
        standoff = etree.Element(T + "standOff")
        anchor = root.find(T + "text")
        if anchor is None:
            anchor = root.find(T + "teiHeader")
        anchor.addnext(standoff)
        standoff.tail = anchor.tail
        anchor.tail = "\n" + step
        standoff.text = "\n" + step * 2
        last = None
    else:
        last = standoff[-1] if len(standoff) else None
    by_list: dict[str, list[etree._Element]] = {}
    for e in entries:
        by_list.setdefault(LIST_FOR[local(e.tag)], []).append(e)
    for list_name in LIST_ORDER:
        members = sorted(by_list.get(list_name, []), key=lambda e: e.get(XML_ID))
        if not members:
            continue
        lst = etree.SubElement(standoff, T + list_name)
        if last is not None:
            last.tail = "\n" + step * 2
        lst.text = "\n" + step * 3
        for i, m in enumerate(members):
            lst.append(m)
            m.tail = "\n" + step * (3 if i < len(members) - 1 else 2)
        last = lst
    if last is not None:
        last.tail = "\n" + step


def _drop_unused_prefixes(root: etree._Element) -> None:
    """Remove prefixDefs no pointer uses any more (and an emptied listPrefixDef)."""
    used: set[str] = set()
    prefixes = PrefixMap(root)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for _, value in pointer_items(el):
            for token in value.split():
                p = prefixes.prefix_of(token)
                if p:
                    used.add(p)
    for lpd in list(root.iter(T + "listPrefixDef")):
        for pd in list(lpd.findall(T + "prefixDef")):
            if pd.get("ident") not in used:
                _remove(pd)
        if not len(lpd.findall(T + "prefixDef")):
            parent = lpd.getparent()
            _remove(lpd)
            if local(parent.tag) == "encodingDesc" and not any(isinstance(c.tag, str) for c in parent):
                _remove(parent)  # an empty encodingDesc is not valid TEI


def _remove(el: etree._Element) -> None:
    """Remove *el* with the whitespace before it, keeping the parent's layout."""
    parent = el.getparent()
    prev = el.getprevious()
    if prev is not None:
        prev.tail = el.tail
    else:
        parent.text = el.tail
    parent.remove(el)


def _schema_association(original: etree._Element, root: etree._Element) -> tuple[list[str], str]:
    """The processing instructions before the root of the standalone file.

    Associations by relative path (``../schema/parley.xsd``) would not resolve next to a
    file that travels alone: they are dropped, with ``schemaRef``s by relative URL, and the
    TEI release schema named in ``schemaRef[@type='release']`` is associated instead. The
    ``parley-checksum`` PI is dropped too: the export is no longer the converter's output.
    """
    kept: list[str] = []
    dropped = False
    for pi in reversed(list(original.itersiblings(preceding=True))):
        if not isinstance(pi, etree._ProcessingInstruction):
            continue
        if pi.target == "parley-checksum":
            continue
        if pi.target == "xml-model" and not _URI_SCHEME.match(pi.get("href") or ""):
            dropped = True
            continue
        kept.append(etree.tostring(pi, encoding="unicode").strip())
    for ref in list(root.iter(T + "schemaRef")):
        url = ref.get("url") or ""
        if url and not _URI_SCHEME.match(url):
            _remove(ref)
    release = next(
        (r.get("url") for r in root.iter(T + "schemaRef") if r.get("type") == "release" and (r.get("url") or "").endswith(".rng")),
        None,
    )
    replaced = dropped and bool(release) and not any(k.startswith("<?xml-model") for k in kept)
    if replaced:
        for ns in ("http://relaxng.org/ns/structure/1.0", "http://purl.oclc.org/dsdl/schematron"):
            kept.append(f'<?xml-model href="{release}" type="application/xml" schematypens="{ns}"?>')
    return kept, ("replaced" if replaced else "dropped" if dropped else "")


def _note_export(root: etree._Element, copied: bool, schema: str, unresolved: list[str] = ()) -> None:
    """Say in revisionDesc what the export changed (no date: the output is deterministic),
    and which pointers it could not resolve (*unresolved*: the files they point into), if
    any: ``parley export`` writes no such file, but the site offers one for a record
    rendered away from its authority file."""
    header = root.find(T + "teiHeader")
    if header is None:
        return
    rev = header.find(T + "revisionDesc")
    if rev is None:
        last = header[-1] if len(header) else None
        rev = etree.SubElement(header, T + "revisionDesc")
        if last is not None:
            rev.tail = last.tail
            last.tail = "\n" + (_indent_of(last) or "    ")
        rev.text = "\n" + (_indent_of(rev) or "    ") + "  "
    what = []
    if copied:
        what.append("the authority entries it points to are copied into its standOff and its pointers rewritten to them")
    if schema == "replaced":
        what.append("associations with the project schema by relative path are replaced by the TEI release schema")
    elif schema == "dropped":
        what.append("associations with schemas by relative path are dropped")
    if unresolved:
        what.append(
            f"the pointers it could not resolve (into {' and '.join(unresolved)}) are left as they were: they do not resolve in this file"
        )
    text = f"Exported by parley {__version__} as a standalone file" + (": " + "; ".join(what) if what else "") + "."
    if copied and schema == "replaced" and not unresolved:
        # the project's schema expects pointers into the authority file and no standOff in a
        # record: this file is checked with the release schema only (see the README)
        text += (
            " Check this file against TEI P5 tei_all (the release schema it names), not against the"
            " project's own schema, which is for the records as the edition keeps them, pointing into its authority file."
        )
    change = etree.Element(T + "change")
    who = _responsible(root)
    if who:
        change.set("who", who)
    change.set("type", "export")
    change.text = text
    first = next((c for c in rev if isinstance(c.tag, str)), None)
    if first is not None:
        first.addprevious(change)
        change.tail = rev.text
    else:
        rev.append(change)
        change.tail = "\n" + (_indent_of(rev) or "    ")


def _responsible(root: etree._Element) -> str:
    """Whom the export's ``change`` names in ``@who``: those the record's own changes name
    (the first ``change/@who`` whose pointers all resolve in the file: ``#resp-enc``, the
    edition's editors, in parley's records), or else the first ``respStmt`` of the
    ``titleStmt`` that has an ``xml:id``; nobody (no ``@who``) when the file names neither,
    rather than an id made up."""
    ids = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    header = root.find(T + "teiHeader")
    if header is None:
        return ""
    for change in header.iter(T + "change"):
        tokens = (change.get("who") or "").split()
        if tokens and all(t.startswith("#") and t[1:] in ids for t in tokens):
            return " ".join(tokens)
    for resp in header.iterfind(f"{T}fileDesc/{T}titleStmt/{T}respStmt"):
        if resp.get(XML_ID):
            return "#" + resp.get(XML_ID)
    return ""


def serialize(root: etree._Element, pis: list[str]) -> bytes:
    head = ['<?xml version="1.0" encoding="UTF-8"?>', *pis]
    body = etree.tostring(root, encoding="unicode")
    return ("\n".join(head) + "\n" + body.rstrip("\n") + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    turns: int = 0


def record_paths(tei_dir: Path) -> list[Path]:
    """The records in a TEI folder: TEI documents with a text (not the authority, editorial or corpus files)."""
    if not tei_dir.is_dir():
        raise InputError(Problem(tei_dir.as_posix(), 0, "no such folder: run `make build` (or `parley convert`) first, or name the TEI files to export", "export-no-input"))
    out = []
    for path in sorted(tei_dir.glob("*.xml")):
        if path.name.startswith("."):
            continue
        if Doc.load(path).kind == "record":
            out.append(path)
    return out


def export(
    paths: list[Path],
    out_dir: Path = DEFAULT_OUT,
    *,
    standalone_files: bool = True,
    text: bool = True,
    turns: bool = True,
) -> ExportResult:
    """Write the chosen exports of *paths* under *out_dir* (``standalone/``, ``text/``, ``turns/``)."""
    result = ExportResult()
    if not paths:
        raise InputError(Problem(out_dir.as_posix(), 0, "nothing to export: no TEI records found (run `make build` first, or name the files)", "export-no-input"))
    stems: dict[str, Path] = {}
    docs: list[Doc] = []
    for path in paths:
        doc = Doc.load(path)
        if doc.kind != "record":
            what = {
                "corpus": "a teiCorpus (export its records instead)",
                "data": "a TEI file without a text (such as the authority file)",
            }.get(doc.kind) or (
                f"not a TEI document: the root element <{local(doc.root.tag)}> is not in the TEI namespace ({TEI_NS})"
            )
            result.problems.append(Problem(doc.display, doc.root.sourceline or 1, f"skipped: {what}", "export-not-a-record", WARNING))
            continue
        if doc.stem in stems:
            raise InputError(Problem(doc.display, 0, f"two inputs are named {doc.stem}.xml ({stems[doc.stem].as_posix()} too); their exports would overwrite each other", "export-duplicate-name"))
        stems[doc.stem] = path
        docs.append(doc)
    if not docs:
        raise InputError(result.problems + [Problem(paths[0].as_posix(), 0, "nothing to export: none of the inputs is a TEI record (a TEI document with a text)", "export-no-input")])
    cache: dict = {}
    outputs: list[tuple[Path, bytes]] = []
    rows: list[dict] = []
    for doc in docs:
        if standalone_files:
            data, problems = standalone(doc, cache)
            result.problems.extend(problems)
            if not has_errors(problems):
                # check that what we write is well-formed before writing it
                parse_xml(data, (out_dir / "standalone" / f"{doc.stem}.xml").as_posix())
                outputs.append((out_dir / "standalone" / f"{doc.stem}.xml", data))
        if text:
            outputs.append((out_dir / "text" / f"{doc.stem}.diplomatic.txt", render_text(doc, DIPLOMATIC).encode("utf-8")))
            outputs.append((out_dir / "text" / f"{doc.stem}.reading.txt", render_text(doc, READING).encode("utf-8")))
        if turns:
            rows.extend(iter_turns(doc, result.problems, Resolver(doc, cache)))
    if turns:
        outputs.append((out_dir / "turns" / "turns.csv", turns_csv(rows)))
        outputs.append((out_dir / "turns" / "turns.jsonl", turns_jsonl(rows)))
        result.turns = len(rows)
    for path, data in outputs:
        atomic_write(path, data)
        result.written.append(path)
    return result
