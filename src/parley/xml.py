"""Hardened XML parsing and atomic file writing, shared by every stage.

TEI from elsewhere may be hostile. The parser never resolves external entities, never
loads a DTD or anything from the network, and refuses documents that declare entities at
all (the usual vehicle of "billion laughs" expansion bombs), before any expansion happens.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from pathlib import Path
from typing import Iterator, Optional

from lxml import etree

from .problems import InputError, Problem, not_utf8

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

_DOCTYPE_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_xml(data: bytes, source: str) -> etree._Element:
    """Parse *data* safely; raise :class:`InputError` with file:line:col on any problem
    (a DOCTYPE or entity declaration, bytes that are not well-formed XML)."""
    at = _doctype_at(data)
    if at is not None:
        raise InputError(_doctype_problem(data, source, data[:at].count(b"\n") + 1))
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(syntax_problem(exc, data, source)) from None
    except (ValueError, LookupError) as exc:  # e.g. an unknown encoding in the declaration
        raise InputError(Problem(source, 1, f"not well-formed XML: {exc}", "xml-syntax")) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:  # one past the first 64 kB
        raise InputError(_doctype_problem(data, source, 1))
    return root


# ---------------------------------------------------------------------------------------
# libxml2's messages in the project's words


def syntax_problem(exc: etree.XMLSyntaxError, data: bytes, source: str) -> Problem:
    """The problem of a document the parser rejected (code ``xml-syntax``): libxml2's common
    messages (:data:`SYNTAX_MESSAGES`) in plain words with the fix; any other as libxml2
    words it. A duplicate xml:id is said as the validator says it (``xsd-id``)."""
    line, col = exc.position if exc.position else (0, 0)
    text = re.sub(r",? line \d+, column \d+$", "", exc.msg or str(exc))
    for pattern, explain in SYNTAX_MESSAGES:
        m = pattern.fullmatch(text)
        said = explain(m, data, line, col) if m else None
        if said is not None:
            message, code, line, col = said if isinstance(said, tuple) else (said, "xml-syntax", line, col)
            break
    else:
        message, code = text, "xml-syntax"
    if code == "xml-syntax":
        message = f"not well-formed XML: {message}"
    return Problem(source, line or 1, message, code, col=col)


def _undefined_entity(m: re.Match, data: bytes, line: int, col: int) -> str:
    import html.entities

    name = m[1]
    char = html.entities.html5.get(f"{name};", "")
    number = f"&#{ord(char)};" if len(char) == 1 else "its number (&#NNNN;)"
    return f"TEI has no named entities such as &{name};: type the character, or write {number}"


def _declared_encoding(data: bytes) -> Optional[str]:
    m = re.match(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._\-]+)[\"']", data)
    return m[1].decode("ascii").lower() if m else None


def _not_utf8(m: re.Match, data: bytes, line: int, col: int):
    """The first byte that is not UTF-8, where the document is (or says it is) UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _declared_encoding(data) not in (None, "utf-8", "utf8"):
        return None
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        at = exc.start
    start = data.rfind(b"\n", 0, at) + 1
    return not_utf8(data[at]), "xml-syntax", data.count(b"\n", 0, at) + 1, at - start + 1


def _too_deep(m: re.Match, data: bytes, line: int, col: int) -> str:
    return (
        f"elements nested more than {m[1]} deep, deeper than parley reads (a limit against hostile files); "
        "no record needs that: look for empty elements written without their slash (<lb> for <lb/>) "
        "or start tags never closed"
    )


def _mismatch(m: re.Match, data: bytes, line: int, col: int) -> str:
    opened, at, closed = m[1], m[2], m[3]
    fix = (
        f"element names are case-sensitive: write </{opened}>"
        if opened.lower() == closed.lower()
        else f"close it with </{opened}> where it ends"
    )
    return f"<{opened}> opened at line {at} is not closed before </{closed}>: {fix}"


_NOT_MARKUP = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)


def _duplicate_id(m: re.Match, data: bytes, line: int, col: int):
    """As the validator says it: where the second xml:id is, and the line of the first."""
    value = m[1]
    markup = _NOT_MARKUP.sub(lambda c: re.sub(rb"[^\n]", b" ", c[0]), data)  # the same offsets
    found = list(re.finditer(rb"\sxml:id\s*=\s*([\"'])" + re.escape(value.encode("utf-8")) + rb"\1", markup))
    where = ""
    if len(found) > 1:
        lines = [data.count(b"\n", 0, f.start(0) + 1) + 1 for f in found]
        second = max((i for i, n in enumerate(lines) if n <= line), default=1) or 1
        at = found[second].start(0) + 1
        start = data.rfind(b"\n", 0, at) + 1
        line, col = lines[second], len(data[start:at].decode("utf-8", "replace")) + 1
        where = f" (first at line {lines[0]})"
    return f'xml:id="{value}" is used twice{where}: every xml:id must be unique in a file', "xsd-id", line, col


#: libxml2's messages (without their position) -> what to say instead: a function of the
#: match, the document and the position, giving the message (code ``xml-syntax``) or
#: ``(message, code, line, col)``, or None when it cannot say more than libxml2 did.
SYNTAX_MESSAGES = tuple(
    (re.compile(pattern), explain)
    for pattern, explain in (
        (r"xmlParseEntityRef: no name", lambda m, data, line, col: "a bare & must be written &amp;"),
        (r"Entity '([^']+)' not defined", _undefined_entity),
        (r"Invalid bytes in character encoding", _not_utf8),
        (r"Excessive depth in document: (\d+), use XML_PARSE_HUGE option", _too_deep),
        (r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)", _mismatch),
        (r"ID (\S+) already defined", _duplicate_id),
    )
)


_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)


def _doctype_at(data: bytes) -> Optional[int]:
    """The offset of a DOCTYPE: in the first 64 kB, or after any amount of comments and
    processing instructions before the root element (found before the parser sees it)."""
    m = _DOCTYPE.search(data[:65536])
    if m:
        return m.start()
    pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        m = _PROLOG_ITEM.match(data, pos)
        if not m:
            break
        pos = m.end()
    return pos if _DOCTYPE.match(data, pos) else None


def _doctype_problem(data: bytes, source: str, line: int) -> Problem:
    what = "entity declarations" if _DOCTYPE_ENTITY.search(data[:1_000_000]) else "a DOCTYPE"
    return Problem(
        source,
        line,
        f"the document has {what}; DTDs and entities are refused (they can read files, reach the "
        "network or expand without bound). Remove the DOCTYPE: TEI needs none",
        "xml-doctype",
    )


#: What makes a curated file's standOff that file's: the lists of its entries ("authority":
#: persons, places, organisations, events; "editorial": the table's rules and meetings).
_CURATED = {
    "authority": ("<listPerson>, <listPlace>, <listOrg> and <listEvent>", lambda el: _local(el) in ("listPerson", "listPlace", "listOrg") or (_local(el) == "listEvent" and el.get("type") != "meetings")),
    "editorial": ('<listAnnotation> and <listEvent type="meetings">', lambda el: _local(el) == "listAnnotation" and el.get("type") is not None or (_local(el) == "listEvent" and el.get("type") == "meetings")),
}


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _placeholder(el) -> bool:
    """What a new collection's file holds before its first entry: a note, or an untyped
    listAnnotation (``parley init`` writes one: TEI allows no empty list)."""
    return _local(el) == "note" or (_local(el) == "listAnnotation" and el.get("type") is None)


def curated_standoff(root: etree._Element, path: str, kind: str) -> etree._Element:
    """The ``standOff`` of a curated file (*kind* "authority": ``tei/authority.xml``, or
    "editorial": ``tei/editorial.xml``). Raises InputError naming *path* when the document is
    not such a file (another file in its place, the other curated file, a file of another
    vocabulary), so that nothing is converted against it. A ``standOff`` with a placeholder
    only (see :func:`_placeholder`) is a new collection's file without entries yet."""
    names, its_own = _CURATED[kind]
    other = next(o for o in _CURATED if o != kind)
    expected = (
        f'the {kind} file is a TEI document (<TEI xmlns="{TEI_NS}">) whose <standOff> holds {names} '
        "(`parley init DIR` writes one to start from)"
    )
    code = f"{kind}-wrong-file"
    if root.tag != f"{{{TEI_NS}}}TEI":
        q = etree.QName(root)
        found = f"the root element is <{q.localname}>" + (
            f" in the namespace {q.namespace}" if q.namespace else " in no namespace" if q.localname == "TEI" else ""
        )
        raise InputError(Problem(path, root.sourceline or 1, f"not a TEI {kind} file: {found}; {expected}", code))
    stand_off = root.find(f"{{{TEI_NS}}}standOff")
    if stand_off is None:
        raise InputError(Problem(path, root.sourceline or 1, f"not a TEI {kind} file: it has no <standOff>; {expected}", code))
    children = [el for el in stand_off if isinstance(el.tag, str)]
    theirs = [el for el in children if _CURATED[other][1](el)]
    if theirs or not (any(its_own(el) for el in children) or all(_placeholder(el) for el in children)):
        wrong = theirs or [el for el in children if not its_own(el) and not _placeholder(el)]
        found = ", ".join(dict.fromkeys(f"<{_local(el)}>" for el in wrong))
        whose = f"the {other} file's lists" if theirs else "no list of its entries"
        raise InputError(
            Problem(path, wrong[0].sourceline or stand_off.sourceline or 1, f"not a TEI {kind} file: its <standOff> holds {found} ({whose}); {expected}", code)
        )
    return stand_off


def curated_kind(root: etree._Element) -> Optional[str]:
    """Which curated file a TEI document is, by the lists in its ``standOff`` (the rule of
    :func:`curated_standoff`): "authority", "editorial", or None (no such list: not a curated
    file, or a new collection's file with a placeholder only)."""
    stand_off = root.find(f"{{{TEI_NS}}}standOff") if root.tag == f"{{{TEI_NS}}}TEI" else None
    if stand_off is None:
        return None
    children = [el for el in stand_off if isinstance(el.tag, str)]
    return next((kind for kind, (_, its_own) in _CURATED.items() if any(its_own(el) for el in children)), None)


def saxon_processor():
    """The process's one Saxon processor (saxonche keeps one Java isolate alive; documents
    parsed by it can be given to any stylesheet compiled by it, so the validator and the
    renderer share it)."""
    global _SAXON
    if _SAXON is None:
        from saxonche import PySaxonProcessor

        _SAXON = PySaxonProcessor(license=False)
    return _SAXON


_SAXON = None


def file_mode() -> int:
    """The mode an ordinary new file gets (0o666 less the umask); temporary files are 0o600."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


class WriteError(OSError):
    """A file could not be written. Its ``filename`` is the file that was to be written (never
    the temporary file beside it), its ``strerror`` the cause in plain words:
    ``cannot write (read-only file system)``."""

    def __init__(self, path: Path | str, cause: str, errno_: Optional[int] = None, what: str = "cannot write"):
        super().__init__(errno_, f"{what} ({cause})", str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


_CAUSES = {
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "the file is too large",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EIO: "input/output error",
    errno.EMFILE: "too many open files",
    errno.ENFILE: "too many open files",
    errno.ELOOP: "too many symbolic links",
}


def display_path(path: Path | str) -> str:
    """*path* as a person would type it here: relative to the working folder when inside it."""
    p = Path(path)
    if p.is_absolute():
        try:
            return p.relative_to(Path.cwd()).as_posix() or "."
        except ValueError:
            pass
    return p.as_posix()


def plain_cause(exc: OSError, target: Path | str) -> str:
    """What went wrong when writing *target*, in plain words (no errno, no temporary name)."""
    target = Path(target)
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):  # a file where a folder should be
        for folder in (target.parent, *target.parent.parents):
            if folder.exists() or folder.is_symlink():
                if not folder.is_dir():
                    return f"{display_path(folder)} is a file, not a folder"
                break
    if exc.errno == errno.EISDIR or target.is_dir():
        return "it is a folder"
    if exc.errno in _CAUSES:
        return _CAUSES[exc.errno]
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


def os_error_text(exc: OSError, target: Path | str) -> str:
    """What went wrong with *target*, in plain words: a WriteError's own message ("cannot
    write (read-only file system)"), or the cause of any other system error."""
    return exc.strerror if isinstance(exc, WriteError) else plain_cause(exc, target)


def make_dirs(folder: Path | str) -> None:
    """``mkdir -p`` whose error names *folder* and says why in plain words (WriteError)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        cause = plain_cause(exc, folder / "x")
        if cause == f"{display_path(folder)} is a file, not a folder":
            cause = "a file of that name is in the way"
        raise WriteError(folder, cause, exc.errno, what="cannot make the folder") from None


def atomic_write(path: Path, data: bytes) -> None:
    """Write *data* to *path* through a temporary file in the same folder and a rename.
    Raises :class:`WriteError` naming *path* when it cannot."""
    with atomic_output(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary file in *path*'s folder for a writer that wants a file name (Saxon writing
    a large page, say); when the block ends without an error it is synced and renamed to
    *path*, otherwise removed. A system error (read-only folder, disk full, a folder in the
    way) is raised as :class:`WriteError` naming *path*, not the temporary file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(path, plain_cause(exc, path), exc.errno) from None
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        # an error of the temporary file (writing it, renaming it); errors that name another
        # file (one the writer reads, say) keep their own name
        if isinstance(exc, OSError) and not isinstance(exc, WriteError) and exc.filename in (None, tmp, str(tmp)):
            raise WriteError(path, plain_cause(exc, path), exc.errno) from None
        raise
