"""``parley validate``: is a TEI file a valid parley document, and if not, what is wrong?

Four layers, each reporting every problem it finds (not only the first), as
:class:`~parley.problems.Problem` values with file, line, column, severity and a rule id:

1. **Well-formedness**, with a hardened parser: a DOCTYPE (and so any entity declaration,
   the vehicle of external-entity attacks and of "billion laughs" expansion bombs) is refused
   before anything is expanded; nothing is loaded from the network or the disk. Codes
   ``xml-syntax`` and ``xml-doctype``.
2. **The grammar**, ``schema/parley.xsd`` (codes ``xsd-*``). libxml2 (lxml) decides validity
   quickly; only for an invalid document is the slower ``xmlschema`` run, for its precise
   reports.
3. **The rules**, ``schema/parley.sch``, ISO Schematron with the XSLT 3 query binding. It is
   compiled once per process into XSLT 3 by :func:`compile_schematron` (a small compiler for
   the subset the project uses: ``ns``, ``let``, ``pattern``, ``rule``, ``assert``, ``report``,
   ``name``, ``value-of``, and ``xsl:key``/``xsl:function`` declarations) and run with
   Saxon (saxonche); the SVRL result gives each rule's id, role and ``see``.
4. **Pointer resolution**, inside the rules: the authority file beside the document
   (``authority.xml``) is parsed once per process and passed to the rules, which resolve every
   ``pers:``/``place:``/``org:``/``event:`` pointer through ``prefixDef`` and every ``#id``.

Everything is loaded from the package (``parley.schema``), offline. The library API, used by
the build step::

    from parley.validate import Validator, validate_paths
    v = Validator()                                    # cheap; schemas load on first use
    problems = v.validate_bytes(data, "tei/x.xml", authority_dir=Path("tei"))
    results, n_valid, n_invalid = validate_paths([Path("tei")], validator=v)

A document is *valid* when it has no problem of severity ``error`` (warnings are allowed).
"""

from __future__ import annotations

import importlib.resources
import json
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from lxml import etree

from . import teiall
from .problems import ERROR, INFO, WARNING, Problem
from .xml import syntax_problem

TEI_NS = "http://www.tei-c.org/ns/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
MAP_NS = "http://www.w3.org/2005/xpath-functions/map"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID_ATT = f"{{{XML_NS}}}id"

#: The Schematron pattern that :func:`check_pointers` implements in Python.
POINTER_PATTERNS = ("parley-pointers",)

#: Where the manual explains a code that is not a Schematron rule.
SEE_VALIDATING = "parley.odd#validating"

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


# ======================================================================================
# Schematron -> XSLT 3
# ======================================================================================


def compile_schematron(sch_bytes: bytes, skip_patterns: Iterable[str] = ()) -> str:
    """Compile an ISO Schematron schema (query binding xslt2/xslt3) into an XSLT 3 stylesheet.

    The stylesheet produces SVRL: one ``svrl:failed-assert`` or ``svrl:successful-report``
    per finding, with ``@id``, ``@role``, ``@see``, ``@location`` (an XPath as given by
    ``fn:path``) and the message in ``svrl:text``, in document order of the nodes (and, for
    one node, in the order of the patterns and of the assertions). Supported: ``sch:ns``,
    global and rule ``sch:let`` (global ones become stylesheet parameters, so a caller may
    pass them), ``sch:pattern`` (a node is matched by the first rule of each pattern whose
    context matches it), ``sch:rule/@context`` (path patterns and unions of them),
    ``sch:assert``, ``sch:report``, and in messages ``sch:value-of``, ``sch:name`` and the
    text-level ``sch:emph``/``sch:dir``/``sch:span``. Top-level ``xsl:*`` elements
    (``xsl:key``, ``xsl:function``) are copied. Abstract patterns, phases, ``sch:include``
    and contexts that are not path patterns (``.[…]``, ``document-node()``, ``except``,
    ``intersect``) are not supported and raise :class:`ValueError`. Patterns whose ``@id``
    is in *skip_patterns* are left out.

    Each rule is evaluated as one XPath expression that selects the nodes where it fails,
    ``//CONTEXT[let $v := … return not(TEST) or …]``: for a valid document the rules cost
    a few filter expressions (Saxon finds ``//name`` through its name index), not a
    template call per element and rule. Only the failing nodes are revisited to build the
    messages.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    sch = etree.fromstring(sch_bytes, parser)
    S = f"{{{SCH_NS}}}"
    if sch.tag != S + "schema":
        raise ValueError("not an ISO Schematron schema")
    binding = sch.get("queryBinding", "xslt")
    if binding not in ("xslt2", "xslt3"):
        raise ValueError(f"unsupported queryBinding {binding!r}: use xslt2 or xslt3")
    for unsupported in ("phase", "include", "extends"):
        if sch.find(f".//{S}{unsupported}") is not None:
            raise ValueError(f"sch:{unsupported} is not supported")
    if sch.find(f".//{S}pattern[@abstract='true']") is not None:
        raise ValueError("abstract patterns are not supported")

    nsmap = {"xsl": XSL_NS, "svrl": SVRL_NS, "xs": "http://www.w3.org/2001/XMLSchema"}
    for ns in sch.findall(f"{S}ns"):
        nsmap[ns.get("prefix")] = ns.get("uri")
    map_prefix = "parley-sch-map"
    nsmap[map_prefix] = MAP_NS
    X = f"{{{XSL_NS}}}"
    out = etree.Element(X + "stylesheet", nsmap=nsmap)
    out.set("version", "3.0")
    out.set("exclude-result-prefixes", "#all")
    etree.SubElement(out, X + "output", method="xml", indent="no")

    for let in sch.findall(f"{S}let"):
        param = etree.SubElement(out, X + "param", name=let.get("name"))
        if let.get("value") is not None:
            param.set("select", let.get("value"))
        if let.get("as"):
            param.set("as", let.get("as"))
    for child in sch:
        if isinstance(child.tag, str) and child.tag.startswith(X):
            out.append(_copy_xsl(child))

    skip = set(skip_patterns)
    patterns = [p for p in sch.findall(f"{S}pattern") if p.get("id") not in skip]
    root_t = etree.SubElement(out, X + "template", match="/")
    # Every finding, as map { 'node': the context node, 'report': its SVRL elements }, rule
    # by rule; then regrouped in document order.
    found_var = etree.SubElement(root_t, X + "variable", name="parley-sch-found")
    found_var.set("as", "map(*)*")
    for pattern in patterns:
        pattern_lets = pattern.findall(f"{S}let")
        earlier: list[str] = []
        for rule in pattern.findall(f"{S}rule"):
            context = rule.get("context", "")
            nodes = _context_nodes(context)
            if earlier:  # only the first rule of a pattern that matches a node fires for it
                nodes = f"({nodes} except ({' | '.join(earlier)}))"
            earlier.append(_context_nodes(context))
            tests = [t for t in rule if isinstance(t.tag, str) and t.tag in (S + "assert", S + "report")]
            if not tests:
                continue
            lets = [(let.get("name"), let.get("value") if let.get("value") is not None else "()")
                    for let in pattern_lets + rule.findall(f"{S}let")]
            fires = [f"not({t.get('test')})" if t.tag == S + "assert" else f"boolean({t.get('test')})" for t in tests]
            condition = " or ".join(fires)
            if lets:
                condition = "let " + ", ".join(f"${name} := ({value})" for name, value in lets) + f" return ({condition})"
            each = etree.SubElement(found_var, X + "for-each", select=f"{nodes}[{condition}]")
            for name, value in lets:
                etree.SubElement(each, X + "variable", name=name, select=value)
            report = etree.SubElement(each, X + "variable", name="parley-sch-report")
            report.set("as", "element()*")
            for test, fire in zip(tests, fires):
                if_ = etree.SubElement(report, X + "if", test=fire)
                kind = "failed-assert" if test.tag == S + "assert" else "successful-report"
                found = etree.SubElement(if_, f"{{{SVRL_NS}}}{kind}")
                for att in ("id", "role", "see", "flag"):
                    if test.get(att):
                        found.set(att, test.get(att).replace("{", "{{").replace("}", "}}"))
                found.set("test", test.get("test").replace("{", "{{").replace("}", "}}"))
                found.set("location", "{path(.)}")
                text = etree.SubElement(found, f"{{{SVRL_NS}}}text")
                _message(test, text)
            etree.SubElement(each, X + "sequence", select="map { 'node': ., 'report': $parley-sch-report }")
    output = etree.SubElement(root_t, f"{{{SVRL_NS}}}schematron-output")
    by_node = etree.SubElement(output, X + "variable", name="parley-sch-by-node")
    by_node.set("select", f"{map_prefix}:merge($parley-sch-found ! map {{ generate-id(?node): ?report }}, "
                          "map { 'duplicates': 'combine' })")
    each = etree.SubElement(output, X + "for-each", select="$parley-sch-found?node/.")
    etree.SubElement(each, X + "sequence", select="$parley-sch-by-node(generate-id(.))")
    return etree.tostring(out, encoding="unicode")


def _context_nodes(context: str) -> str:
    """The XPath expression that selects, in a document, the nodes a rule context (an XSLT
    pattern) matches: ``//P`` for each relative path pattern P of the union, P itself for
    an absolute one (``/…``, ``//…``)."""
    branches, current = [], []
    for ch, top in _top_level(context):
        if ch == "|" and top:
            branches.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    branches.append("".join(current).strip())
    out = []
    for branch in branches:
        operators = re.search(r"\s(union|intersect|except)\s", _outside_brackets(branch))
        if not branch or branch.startswith((".", "(", "document-node(")) or operators:
            raise ValueError(f"unsupported rule context {context!r}: use path patterns and |")
        out.append("(/)" if branch == "/" else branch if branch.startswith("/") else "//" + branch)
    return out[0] if len(out) == 1 else "(" + " | ".join(out) + ")"


def _outside_brackets(text: str) -> str:
    """*text* without what is inside brackets, parentheses, braces and quotes."""
    return "".join(ch for ch, top in _top_level(text) if top)


def _top_level(text: str):
    """Each character of an XPath expression, and whether it stands outside every bracket,
    parenthesis, brace and string literal (those characters themselves are not outside)."""
    depth, quote = 0, None
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
            yield ch, False
        elif ch in "'\"":
            quote = ch
            yield ch, False
        elif ch in "[({":
            depth += 1
            yield ch, False
        elif ch in "])}":
            depth -= 1
            yield ch, False
        else:
            yield ch, depth == 0


def _copy_xsl(el: etree._Element) -> etree._Element:
    import copy

    el = copy.deepcopy(el)
    el.tail = None
    return el


def _message(test: etree._Element, target: etree._Element) -> None:
    """Copy an assertion's mixed-content message as xsl:text / xsl:value-of."""
    X = f"{{{XSL_NS}}}"
    S = f"{{{SCH_NS}}}"

    def text(s: Optional[str]) -> None:
        if s:
            etree.SubElement(target, X + "text").text = s

    def walk(node: etree._Element) -> None:
        text(node.text)
        for child in node:
            if not isinstance(child.tag, str):
                text(child.tail)
                continue
            if child.tag == S + "value-of":
                v = etree.SubElement(target, X + "value-of", select=child.get("select"))
                v.set("separator", " ")
            elif child.tag == S + "name":
                etree.SubElement(target, X + "value-of", select=f"name({child.get('path', '.')})")
            else:
                walk(child)
            text(child.tail)

    walk(test)


# ======================================================================================
# Locating elements and attributes in the source text
# ======================================================================================

_MASK = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
_START_TAG = re.compile(r"<([^\s/>!?][^\s/>]*)")


class _Locator:
    """Exact line and column of every start tag, computed lazily from the source text.

    Comments, CDATA sections and processing instructions are blanked out (keeping line
    breaks); the n-th remaining start tag is then the n-th element in document order.
    """

    def __init__(self, data: bytes, root: etree._Element):
        self.data = data
        self.root = root
        self._starts: Optional[list[int]] = None
        self._index: Optional[dict] = None
        self._text = ""
        self._line_starts: list[int] = []

    def _build(self) -> None:
        try:
            text = self.data.decode(self.root.getroottree().docinfo.encoding or "utf-8")
        except (LookupError, UnicodeDecodeError):
            text = self.data.decode("utf-8", "replace")
        masked = _MASK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        self._text = text
        self._starts = [m.start() for m in _START_TAG.finditer(masked)]
        self._index = {el: i for i, el in enumerate(e for e in self.root.iter() if isinstance(e.tag, str))}
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def _line_col(self, offset: int) -> tuple[int, int]:
        import bisect

        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def locate(self, el: Optional[etree._Element], attribute: Optional[str] = None) -> tuple[int, int]:
        if el is None:
            return 1, 0
        if self._starts is None:
            self._build()
        i = self._index.get(el)
        if i is None or i >= len(self._starts):
            return (el.sourceline or 1), 0
        offset = self._starts[i]
        if attribute:
            end = self._text.find(">", offset)
            tag = self._text[offset : end if end > 0 else len(self._text)]
            m = re.search(r"\s(" + re.escape(attribute) + r")\s*=", tag)
            if m:
                offset += m.start(1)
        return self._line_col(offset)


# ======================================================================================
# The validator
# ======================================================================================


@dataclass(frozen=True)
class _Authority:
    key: tuple
    node: object  # saxonche PyXdmNode


class Validator:
    """Validates parley TEI documents. Construct once; schemas are loaded on first use.

    Calls are serialized by a lock (the compiled Saxon stylesheet is shared); for parallel
    validation use one instance per process, as ``parley build`` does.
    """

    def __init__(self, pointers_in_python: bool = True) -> None:
        #: Check pointers with the Python implementation of the pattern ``parley-pointers``
        #: (same rule ids and messages, several times faster than the XSLT); False runs the
        #: Schematron's own pattern instead (the tests check that both agree).
        self.pointers_in_python = pointers_in_python
        self._lock = threading.Lock()
        self._xsd = None
        self._xsd_report = None
        self._saxon = None
        self._sch = None
        self._authorities: dict[str, _Authority] = {}

    # -- schemas -------------------------------------------------------------------------

    @staticmethod
    def _schema_files():
        return importlib.resources.files("parley.schema")

    def _fast_xsd(self) -> etree.XMLSchema:
        if self._xsd is None:
            files = self._schema_files()
            with importlib.resources.as_file(files.joinpath("parley.xsd")) as xsd, importlib.resources.as_file(
                files.joinpath("xml.xsd")
            ):
                doc = etree.parse(str(xsd), etree.XMLParser(no_network=True, resolve_entities=False))
                self._xsd = etree.XMLSchema(doc)
        return self._xsd

    def _report_xsd(self):
        if self._xsd_report is None:
            import xmlschema

            files = self._schema_files()
            with importlib.resources.as_file(files.joinpath("parley.xsd")) as xsd, importlib.resources.as_file(
                files.joinpath("xml.xsd")
            ):
                self._xsd_report = xmlschema.XMLSchema10(str(xsd), allow="local")
        return self._xsd_report

    def _schematron(self):
        if self._sch is None:
            from saxonche import PySaxonProcessor

            sch_bytes = self._schema_files().joinpath("parley.sch").read_bytes()
            xslt = compile_schematron(sch_bytes, skip_patterns=POINTER_PATTERNS if self.pointers_in_python else ())
            self._saxon = _saxon_processor()
            compiler = self._saxon.new_xslt30_processor()
            self._sch = compiler.compile_stylesheet(stylesheet_text=xslt)
        return self._sch

    def _authority_node(self, path: Path):
        """The authority file as a Saxon document, parsed once per (path, size, mtime)."""
        try:
            st = path.stat()
        except OSError:
            return None
        key = (st.st_size, st.st_mtime_ns)
        cached = self._authorities.get(str(path))
        if cached and cached.key == key:
            return cached.node
        data = path.read_bytes()
        try:
            _parse(data, str(path))  # the same hardening as for any input
        except _NotWellFormed:
            return None
        node = self._saxon_parse(data)
        self._authorities[str(path)] = _Authority(key, node)
        return node

    def _saxon_parse(self, data: bytes):
        self._schematron()
        return self._saxon.parse_xml(xml_text=_decode(data))

    def _authority_kinds(self, path: Path) -> Optional[dict[str, str]]:
        """xml:id -> element name of every element of the authority file (cached)."""
        try:
            st = path.stat()
        except OSError:
            return None
        key = (str(path), st.st_size, st.st_mtime_ns)
        if getattr(self, "_kinds_key", None) != key:
            try:
                root = _parse(path.read_bytes(), str(path))
            except (_NotWellFormed, OSError):
                return None
            self._kinds = {
                el.get(XML_ID_ATT): etree.QName(el).localname
                for el in root.iter()
                if isinstance(el.tag, str) and el.get(XML_ID_ATT)
            }
            self._kinds_key = key
        return self._kinds

    # -- validation ----------------------------------------------------------------------

    def validate_file(self, path: Path, name: Optional[str] = None, authority: Optional[Path] = None) -> list[Problem]:
        """Validate one file against *authority*, by default the authority file beside it."""
        name = name or path.as_posix()
        try:
            data = path.read_bytes()
        except OSError as exc:
            return [Problem(name, 0, f"cannot read the file: {exc.strerror or exc}", "io-error")]
        return self.validate_bytes(data, name, authority_dir=path.parent, authority=authority)

    def validate_bytes(
        self, data: bytes, name: str, authority_dir: Optional[Path] = None, saxon_node=None, authority: Optional[Path] = None
    ) -> list[Problem]:
        """Validate a document given as bytes; *name* is used in the messages.

        *authority_dir* is the folder holding ``authority.xml``, against which ``pers:``,
        ``place:``, ``org:`` and ``event:`` pointers are resolved; *authority*, an authority file
        to resolve them in instead. Without either (or without the file), such pointers cannot
        be checked and an error says so. *saxon_node* is the document already
        parsed by :func:`parley.xml.saxon_processor` from the same bytes, when the caller has
        it (the build gives the validator and the renderer one parse). Returns every problem
        found, sorted by line and column; a document is valid when none of them is an error.
        """
        with self._lock:
            return self._validate(data, name, authority_dir, saxon_node, authority)

    def saxon_document(self, data: bytes, name: str):
        """*data* parsed by the shared Saxon processor, once the hardened parser has accepted
        it (no DTD, no entities, well-formed); None when it has not. For callers that give
        the same document to the validator and to the renderer."""
        try:
            _parse(data, name)
        except _NotWellFormed:
            return None
        with self._lock:
            self._schematron()
            return self._saxon.parse_xml(xml_text=_decode(data))

    def _validate(self, data: bytes, name: str, authority_dir: Optional[Path], saxon_node=None, authority_path: Optional[Path] = None) -> list[Problem]:
        try:
            root = _parse(data, name)
        except _NotWellFormed as exc:
            return [exc.problem]
        locator = _Locator(data, root)
        problems: list[Problem] = []

        if root.tag not in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"):
            ns = etree.QName(root).namespace
            line, col = locator.locate(root)
            where = f"in the namespace {ns}" if ns else "in no namespace"
            problems.append(
                Problem(
                    name, line,
                    f"the root element is <{etree.QName(root).localname}> {where}; a parley document is a "
                    f"<TEI> or <teiCorpus> in the TEI namespace {TEI_NS}. Nothing else was checked",
                    "xsd-root", ERROR, col,
                )
            )
            return problems

        problems.extend(self._check_xsd(root, name, locator))
        problems.extend(self._check_rules(data, root, name, locator, authority_dir, saxon_node, authority_path))
        problems.sort(key=lambda p: (p.line, p.col))  # stable: layers keep their order per place
        return problems

    def _check_xsd(self, root: etree._Element, name: str, locator: _Locator) -> list[Problem]:
        tree = root.getroottree()
        if self._fast_xsd().validate(tree):
            return []
        problems = []
        try:
            errors = list(self._report_xsd().iter_errors(tree))
        except Exception as exc:  # pragma: no cover - xmlschema failing on odd input
            errors = []
            problems.append(Problem(name, 1, f"the grammar check could not finish: {exc}", "xsd-invalid"))
        for err in errors:
            problems.append(_xsd_problem(err, name, locator))
        if not errors and not problems:
            # libxml2 and xmlschema disagree: report libxml2's messages.
            for e in self._fast_xsd().error_log:
                problems.append(Problem(name, e.line or 1, _clean_ns(e.message), "xsd-invalid", ERROR))
        return problems

    def _check_rules(self, data: bytes, root: etree._Element, name: str, locator: _Locator, authority_dir, saxon_node=None, authority_path=None):
        problems = []
        executable = self._schematron()
        authority = None
        if authority_path is None and authority_dir is not None:
            authority_path = Path(authority_dir) / "authority.xml"
        if authority_path is not None:
            authority = self._authority_node(Path(authority_path))
        uses_authority = _uses_authority(root) if authority is None else None
        if uses_authority:
            where = Path(authority_path).as_posix() if authority_path is not None else "authority.xml"
            problems.append(
                Problem(
                    name, 1,
                    f"the authority file {where} was not found (or is not well-formed): pointers such as "
                    f"{uses_authority} cannot be checked. Keep authority.xml beside the records, or name "
                    "it with --authority FILE",
                    "parley-authority-missing", ERROR,
                )
            )
        try:
            doc = saxon_node if saxon_node is not None else self._saxon.parse_xml(xml_text=_decode(data))
            executable.clear_parameters()
            executable.set_parameter("authority", authority if authority is not None else self._saxon.empty_sequence())
            svrl = executable.transform_to_string(xdm_node=doc)
        except Exception as exc:  # Saxon errors: report, never crash
            msg = " ".join(str(exc).split())[:500]
            problems.append(Problem(name, 1, f"the rules could not be run on this document: {msg}", "sch-failed", ERROR))
            return problems
        problems.extend(_svrl_problems(svrl, root, name, locator))
        if self.pointers_in_python:
            kinds = None
            if authority is not None:
                kinds = self._authority_kinds(Path(authority_path))
            problems.extend(check_pointers(root, name, locator, kinds))
        return problems


_SAXON = None


def _saxon_processor():
    """One Saxon processor per process, shared with the renderer (see parley.xml)."""
    from .xml import saxon_processor

    return saxon_processor()


# ======================================================================================
# Layer 1: hardened parsing
# ======================================================================================


class _NotWellFormed(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _parser() -> etree.XMLParser:
    # collect_ids=False: a duplicate xml:id is a validity error (reported by the grammar with
    # its rule id), not a reason to stop reading the document.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_blank_text=False, collect_ids=False,
    )


def _parse(data: bytes, name: str) -> etree._Element:
    m = _DOCTYPE.search(data[:65536])
    if m:
        raise _NotWellFormed(_doctype_problem(data, name, data[: m.start()].count(b"\n") + 1))
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise _NotWellFormed(syntax_problem(exc, data, name)) from None
    except ValueError as exc:  # e.g. a str with an encoding declaration
        raise _NotWellFormed(Problem(name, 1, f"not well-formed XML: {exc}", "xml-syntax", ERROR)) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _NotWellFormed(_doctype_problem(data, name, 1))
    return root


def _doctype_problem(data: bytes, name: str, line: int) -> Problem:
    what = "entity declarations" if _ENTITY.search(data[:1_000_000]) else "a DOCTYPE"
    return Problem(
        name, line,
        f"the document has {what}; DTDs and entities are refused (they can read files, reach the "
        "network or expand without bound). Remove the DOCTYPE: TEI needs none",
        "xml-doctype", ERROR,
    )


def _decode(data: bytes) -> str:
    """The document as text for Saxon, with its XML declaration's encoding removed."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    enc = "utf-8"
    m = re.match(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9._\-]+)[\"']", data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16"
    elif m:
        enc = m.group(1).decode("ascii")
    try:
        text = data.decode(enc)
    except (LookupError, UnicodeDecodeError):
        text = data.decode("utf-8", "replace")
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)


def _uses_authority(root: etree._Element) -> Optional[str]:
    """The first pers:/place:/org:/event: pointer of the document, if any."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for att in ("ref", "who", "sameAs", "target", "corresp", "ana"):
            v = el.get(att)
            if v:
                for tok in v.split():
                    if tok.startswith(("pers:", "place:", "org:", "event:")):
                        return tok
    return None


# ======================================================================================
# Layer 2: grammar messages
# ======================================================================================

_TYPE_WORDS = {
    "data.temporal": "a W3C date or time, such as 1945, 1945-08, 1945-08-10, 1945-08-10T21:00:00 or 14:00:00",
    "dateTime": "a date and time, such as 1945-08-10T21:00:00",
    "date": "a date, such as 1945-08-10",
    "data.persRef": "a person of the authority file, pers:KEY (lower-case letters, digits, hyphens)",
    "data.orgRef": "an organisation of the authority file, org:KEY",
    "data.nameRef": "pers:KEY, place:KEY, org:KEY, event:KEY or #ID",
    "data.localPointer": "#ID, pointing to an xml:id of this file",
    "data.localPointers": "one or more #ID, each pointing to an xml:id of this file",
    "data.cert": "high, medium or low",
    "data.version": "a TEI release number, such as 4.12.0",
    "data.geo": "latitude and longitude in decimal degrees, separated by a space",
    "data.word": "one word, without spaces",
    "data.numeric": "a number",
    "data.uri": "a URI without spaces",
    "positiveInteger": "a whole number from 1",
    "nonNegativeInteger": "a whole number from 0",
    "ID": "an XML name (a letter or _ first; letters, digits, -, _ and . after)",
    "Name": "an XML name",
    "language": "a BCP 47 language tag, such as en, ru or zh-Hant",
}


def _short(tag) -> str:
    if not isinstance(tag, str):
        return "?"
    if not tag.startswith("{"):
        return tag[4:] if tag.startswith("tei:") else tag
    q = etree.QName(tag)
    if q.namespace == TEI_NS:
        return q.localname
    if q.namespace == XML_NS:
        return f"xml:{q.localname}"
    return f"{{{q.namespace}}}{q.localname}" if q.namespace else q.localname


def _clean_ns(s: str) -> str:
    s = s.replace(f"{{{TEI_NS}}}", "").replace(f"{{{XML_NS}}}", "xml:")
    return s.replace("'tei:", "'")


def _expected(err) -> str:
    names = []
    for e in getattr(err, "expected_tags", None) or []:
        n = _short(e) if isinstance(e, str) else str(e)
        if n not in names:
            names.append(n)
    if not names:
        return ""
    items = [f"<{n}>" for n in names]
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]


_KNOWN_ELEMENTS: Optional[frozenset] = None


def _known_elements() -> frozenset:
    """The element names of the customization (from the ODD)."""
    global _KNOWN_ELEMENTS
    if _KNOWN_ELEMENTS is None:
        from .schemadoc import load_odd, odd_elements

        _KNOWN_ELEMENTS = frozenset(n for names in odd_elements(load_odd()).values() for n in names)
    return _KNOWN_ELEMENTS


def _xsd_problem(err, name: str, locator: _Locator) -> Problem:
    from xmlschema.validators.exceptions import XMLSchemaChildrenValidationError, XMLSchemaDecodeError

    elem = err.elem if isinstance(getattr(err, "elem", None), etree._Element) else None
    reason = err.reason or err.message or "invalid"
    el_name = f"<{_short(elem.tag)}>" if elem is not None else "the element"

    if isinstance(err, XMLSchemaChildrenValidationError):
        child = err.invalid_child if isinstance(getattr(err, "invalid_child", None), etree._Element) else None
        expected = _expected(err)
        if child is not None:
            cname = _short(child.tag)
            line, col = locator.locate(child)
            q = etree.QName(child)
            if q.namespace != TEI_NS:
                where = f"namespace {q.namespace}" if q.namespace else "no namespace"
                msg = f"<{q.localname}> in {where} is not allowed in {el_name}: parley documents use TEI elements only ({TEI_NS})"
                code = "xsd-unknown-element"
            elif cname not in _known_elements():
                tei = (
                    ": TEI defines it, but parley's customization leaves it out" if teiall.is_tei_element(cname)
                    else ", nor of TEI"
                )
                msg = f"<{cname}> is not an element of parley's TEI customization{tei} (see the element list in the encoding manual)"
                code = "xsd-unknown-element"
            else:
                msg = f"<{cname}> is not allowed here, in {el_name}"
                code = "xsd-element"
            if expected:
                msg += f"; expected {expected}"
            return Problem(name, line, msg, code, ERROR, col)
        line, col = locator.locate(elem)
        msg = f"{el_name} is incomplete"
        msg += f": expected {expected} after its last child element" if expected else f": {reason}"
        return Problem(name, line, msg, "xsd-element", ERROR, col)

    m = re.match(r"'([^']+)' attribute not allowed for element", reason)
    if m:
        att = _short(m.group(1)) if m.group(1).startswith("{") else m.group(1)
        line, col = locator.locate(elem, att)
        tei = teiall.defines_attribute(_tei_name(elem), att)
        why = (": TEI allows it there, but parley's customization does not" if tei
               else " (nor does TEI define it there)" if tei is False else "")
        return Problem(name, line, f"attribute @{att} is not allowed on {el_name}{why}", "xsd-attribute", ERROR, col)
    m = re.match(r"missing required attribute '([^']+)'", reason)
    if m:
        line, col = locator.locate(elem)
        att = _short(m.group(1))
        why = ": TEI makes it optional, but parley's customization requires it" if teiall.requires_attribute(_tei_name(elem), att) is False else ""
        return Problem(name, line, f"{el_name} lacks the required attribute @{att}{why}", "xsd-attribute", ERROR, col)
    m = re.match(r"attribute (\S+)=(['\"])(.*)\2: duplicated xs:ID value", reason, re.S)
    if m:
        value = m.group(3)
        line, col = locator.locate(elem, "xml:id")
        first = next((e for e in elem.getroottree().iter() if isinstance(e.tag, str) and e.get(f"{{{XML_NS}}}id") == value), None)
        where = f" (first at line {locator.locate(first, 'xml:id')[0]})" if first is not None and first is not elem else ""
        return Problem(name, line, f'xml:id="{value}" is used twice{where}: every xml:id must be unique in a file', "xsd-id", ERROR, col)
    if "character data between child elements not allowed" in reason or "character data is not allowed" in reason.lower():
        line, col = locator.locate(elem)
        text = next((s.strip() for s in ([elem.text] + [c.tail for c in elem]) if s and s.strip()), "")
        return Problem(name, line, f'text ("{text[:40]}") is not allowed directly inside {el_name}: it holds elements only', "xsd-text", ERROR, col)
    m = re.match(r"attribute '([^']+)' has a fixed value '(.*)'$", reason, re.S)
    if m:
        att, fixed = m.group(1), m.group(2).replace("\\\\", "\\")
        line, col = locator.locate(elem, att)
        value = elem.get(att) if elem is not None else ""
        return Problem(name, line, f'@{att}="{value}" on {el_name} must be "{fixed}"', "xsd-value", ERROR, col)
    m = re.match(r"attribute (\S+)=(['\"])(.*)\2: (.*)$", reason, re.S)
    if m:
        att, value, why = m.group(1), m.group(3), m.group(4)
        att = _short(att) if att.startswith("{") else att
        line, col = locator.locate(elem, att)
        if att == "xml:lang":
            why = "expected " + _TYPE_WORDS["language"]
        if elem is not None:  # the value as written, not as the report quotes it
            actual = elem.get(f"{{{XML_NS}}}{att[4:]}" if att.startswith("xml:") else att)
            value = actual if actual is not None else value
        tei = ""
        if teiall.accepts_value(_tei_name(elem), att, value):
            tei = f'; TEI allows {att}="{value}" there, but parley\'s customization does not'
        return Problem(name, line, f'@{att}="{value}" on {el_name} is not valid: {_why(err, why)}{tei}', "xsd-value", ERROR, col)
    if isinstance(err, XMLSchemaDecodeError) or "value must be" in reason or "not a valid value" in reason:
        line, col = locator.locate(elem)
        value = (elem.text or "").strip() if elem is not None else ""
        return Problem(name, line, f'the content "{value[:60]}" of {el_name} is not valid: {_why(err, reason)}', "xsd-value", ERROR, col)
    line, col = locator.locate(elem)
    return Problem(name, line, f"{el_name}: {_clean_ns(reason)}", "xsd-invalid", ERROR, col)


def _tei_name(elem: Optional[etree._Element]) -> str:
    """The local name of a TEI element ("" for another or none): what parley.teiall knows."""
    if elem is None or not isinstance(elem.tag, str):
        return ""
    q = etree.QName(elem)
    return q.localname if q.namespace == TEI_NS else ""


_PATTERN_TYPES: Optional[dict[str, str]] = None


def _pattern_types() -> dict[str, str]:
    """Pattern facet of parley.xsd -> the name of its simple type (for messages in words)."""
    global _PATTERN_TYPES
    if _PATTERN_TYPES is None:
        xsd = etree.fromstring(importlib.resources.files("parley.schema").joinpath("parley.xsd").read_bytes())
        XS = "{http://www.w3.org/2001/XMLSchema}"
        _PATTERN_TYPES = {}
        for st in xsd.findall(f"{XS}simpleType"):
            for facet in st.iter(f"{XS}pattern"):
                _PATTERN_TYPES.setdefault(facet.get("value"), st.get("name"))
    return _PATTERN_TYPES


def _why(err, why: str) -> str:
    why = _clean_ns(why)
    m = re.match(r"value must be one of \[(.*)\]", why)
    if m:
        values = [v.strip().strip("'") for v in m.group(1).split(",")]
        return "the allowed values are " + ", ".join(values)
    validator = getattr(err, "validator", None)
    type_name = None
    for cand in (validator, getattr(validator, "type", None)):
        local = getattr(cand, "local_name", None) or getattr(getattr(cand, "name", None), "__str__", lambda: None)()
        if isinstance(local, str):
            local = local.split("}")[-1]
            if local in _TYPE_WORDS:
                type_name = local
                break
    if type_name is None and "match any pattern" in why:
        patterns = _pattern_types()
        for pattern in re.findall(r"'((?:[^'\\]|\\.)*)'", why.split("pattern of", 1)[-1]):
            type_name = patterns.get(pattern.replace("\\\\", "\\"))
            if type_name:
                break
    if type_name:
        return f"expected {_TYPE_WORDS[type_name]}"
    if why.startswith("invalid value"):
        return "not of the expected form (see the encoding manual)"
    return why


# ======================================================================================
# Layer 4: pointer resolution (the pattern parley-pointers of parley.sch, in Python)
# ======================================================================================

_POINTER_ATTS = ("ref", "who", "sameAs", "target", "resp", "source", "corresp", "ana")
_EXTERNAL = re.compile(r"^(https?|mailto|urn):")
_PREFIXED = re.compile(r"^[a-z][a-z0-9+.\-]*:")
_KEY = re.compile(r"^[a-z0-9\-]+$")
_PREFIX_KIND = {"pers": "person", "place": "place", "org": "org", "event": "event"}
#: The kinds of entry an rs/@type names (rs/@ref must point to one of that kind).
_RS_KINDS = frozenset(("person", "place", "org", "event"))
#: The only prefixDef/@matchPattern that is evaluated.
PROJECT_PATTERN = "([a-z0-9\\-]+)"
_POINTER_SET = frozenset(_POINTER_ATTS + ("scheme", "assertedValue"))


def _expected_kinds(el: str, att: str, rs_type: Optional[str] = None) -> tuple[str, ...]:
    """parley:expected-kinds of parley.sch (*rs_type*: the @type of an ``rs``)."""
    if el == "persName" and att == "ref":
        return ("person",)
    if el == "placeName" and att == "ref":
        return ("place",)
    if el in ("orgName", "funder") and att == "ref":
        return ("org",)
    if el == "name" and att == "ref":
        return ("person", "place", "org")
    if el == "rs" and att == "ref" and rs_type in _RS_KINDS:
        return (rs_type,)
    if el in ("sp", "stage") and att == "who":
        return ("person",)
    if el == "person" and att == "sameAs":
        return ("person",)
    if att == "resp" or (el == "change" and att == "who"):
        return ("respStmt",)
    if el == "abstract" and att == "source":
        return ("bibl", "msDesc")
    if el == "catRef" and att == "scheme":
        return ("taxonomy",)
    if el == "catRef" and att == "target":
        return ("category",)
    return ()


def _a(name: str) -> str:
    """An element name with its article: "a <place>", "an <event>" (parley:a of parley.sch)."""
    return f"{'an' if name[:1] in 'aeiouAEIOU' and name else 'a'} <{name}>"


def _prefix_table(tei: etree._Element) -> Optional[dict[str, tuple[str, str]]]:
    """The prefixDefs of a TEI element's header, or None if it has no listPrefixDef."""
    lists = tei.findall(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}encodingDesc/{{{TEI_NS}}}listPrefixDef")
    if not lists:
        return None
    table: dict[str, tuple[str, str]] = {}
    for lpd in lists:
        for pd in lpd.findall(f"{{{TEI_NS}}}prefixDef"):
            table.setdefault(pd.get("ident", ""), (pd.get("matchPattern", ""), pd.get("replacementPattern", "")))
    return table


def _expand(token: str, table: Optional[dict[str, tuple[str, str]]]) -> Optional[str]:
    """parley:expand of parley.sch."""
    if token.startswith("#"):
        return token
    prefix, _, rest = token.partition(":")
    if prefix in ("http", "https", "mailto", "urn"):
        return token
    definition = (table or {}).get(prefix) if ":" in token else None
    if definition is not None:
        # Only the project's own pattern is evaluated, as a fixed regular expression: a
        # document's own pattern could backtrack without end (ReDoS).
        match, replacement = definition
        if match == PROJECT_PATTERN and _KEY.match(rest):
            return replacement.replace("$1", rest)
        return None
    if table is None and ":" in token and prefix in _PREFIX_KIND and _KEY.match(rest):
        return f"authority.xml#{rest}"
    return None


def distance(a: str, b: str) -> int:
    """The edit distance (Levenshtein) of two strings (parley:distance of parley.sch)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(row[j - 1] + 1, previous[j] + 1, previous[j - 1] + (ca != cb)))
        previous = row
    return previous[-1]


def did_you_mean(token: str, key: str, authority: dict[str, str]) -> str:
    """parley:did-you-mean of parley.sch: "; did you mean pers:stalin?" for a key the
    authority file lacks, naming the entries of the token's kind nearest to it (at most a
    third of its letters away, at least one; at most three, alphabetically); "" if none."""
    prefix = token.split(":", 1)[0]
    kind = _PREFIX_KIND.get(prefix)
    if kind is None:
        return ""
    limit = max(1, len(key) // 3)
    near = {k: d for k, k_kind in authority.items() if k_kind == kind for d in [distance(key, k)] if d <= limit}
    if not near:
        return ""
    nearest = min(near.values())
    found = [f"{prefix}:{k}" for k in sorted(k for k, d in near.items() if d == nearest)][:3]
    named = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " or " + found[-1]
    return f"; did you mean {named}?"


def check_pointers(
    root: etree._Element, name: str, locator: "_Locator", authority: Optional[dict[str, str]]
) -> list[Problem]:
    """Every pointer resolves, to the right kind of thing (rules parley-pointer-resolves and
    parley-pointer-kind, with the messages of parley.sch).

    *authority* maps the xml:ids of the authority file to their element names; None when
    there is no authority file (pointers into it are then not checked).
    """
    local: dict[str, str] = {}
    pointing: list[tuple[etree._Element, str, list[str]]] = []
    tei_prefix = f"{{{TEI_NS}}}"
    pointer_set = _POINTER_SET
    # One pass over the elements (comments and processing instructions have no keys); lxml
    # builds el.tag afresh at each access, so it is read only where needed.
    for el in root.iter():
        keys = el.keys()
        if not keys:
            continue
        if XML_ID_ATT in keys:
            value = el.get(XML_ID_ATT)
            if value not in local:
                local[value] = el.tag.rpartition("}")[2]
        if pointer_set.isdisjoint(keys):
            continue
        tag = el.tag
        if isinstance(tag, str) and tag.startswith(tei_prefix):
            pointing.append((el, tag, keys))
    out: list[Problem] = []
    if not pointing:
        return out
    tei_tag = f"{{{TEI_NS}}}TEI"
    teis = [root] if root.tag == tei_tag else []
    teis += list(root.iterdescendants(tei_tag))
    single = len(teis) <= 1
    tables: dict = {}
    results: dict = {}
    #: (scope, element, attribute, value) -> (message of parley-pointer-resolves or None,
    #: message of parley-pointer-kind or None): a record repeats the same pointers.
    verdicts: dict = {}

    def table_of(el):
        if single:
            tei = teis[0] if teis else None
        else:
            tei = el if el.tag == tei_tag else next(el.iterancestors(tei_tag), None)
        if tei not in tables:
            tables[tei] = _prefix_table(tei) if tei is not None else None
        return tei, tables[tei]

    def resolve(token: str, tei, table):
        """(problem or None, target element name or None), once per token and scope."""
        key = (token, tei)
        if key in results:
            return results[key]
        uri = _expand(token, table)
        problem = target = None
        if uri is None:
            definition = (table or {}).get(token.split(":", 1)[0]) if ":" in token else None
            if definition is not None and definition[0] != PROJECT_PATTERN:
                problem = (f'"{token}" uses the prefix "{token.split(":", 1)[0]}:", whose prefixDef has a matchPattern '
                           f"other than the project's {PROJECT_PATTERN}, which is not evaluated")
            elif _PREFIXED.match(token):
                problem = f'"{token}" uses the prefix "{token.split(":", 1)[0]}:", which no prefixDef of this file declares for this value'
            else:
                problem = f'"{token}" is neither #ID nor pers:/place:/org:/event:KEY'
        else:
            file, _, frag = uri.partition("#")
            if uri.startswith("#"):
                target = local.get(frag)
                if target is None:
                    problem = f'no element of this file has xml:id="{frag}"'
            elif file.rsplit("/", 1)[-1] == "authority.xml":
                if authority is not None:
                    target = authority.get(frag)
                    if target is None:
                        problem = f'the authority file has no entry "{frag}" ({token}{did_you_mean(token, frag, authority)})'
            else:
                problem = f'"{token}" points to {uri}, outside this file and the authority file'
        results[key] = (problem, target)
        return problem, target

    def verdict(el_name: str, att: str, value: str, tei, table, rs_type=None):
        kinds = _expected_kinds(el_name, att, rs_type)
        unresolved, misdirected = [], []
        for token in value.split():
            if _EXTERNAL.match(token):
                continue
            problem, target = resolve(token, tei, table)
            if problem:
                unresolved.append(problem)
            if target is not None:
                pk = _PREFIX_KIND.get(token.split(":", 1)[0]) if ":" in token else None
                if kinds and target not in kinds:
                    must = " or ".join(_a(k) for k in kinds)
                    misdirected.append(f'"{token}" is {_a(target)}, but it must be {must}')
                elif pk and target != pk:
                    misdirected.append(f'"{token}" is {_a(target)}, but the prefix {token.split(":", 1)[0]}: is for {_a(pk)}')
        return (
            f'@{att}="{value}" on <{el_name}> points to nothing: {"; ".join(unresolved)}. Point to an existing entry or xml:id'
            if unresolved else None,
            f"@{att} on <{el_name}> points to the wrong kind of thing: {'; '.join(misdirected)}" if misdirected else None,
        )

    if single:
        scope = table_of(root)
    skip = len(tei_prefix)
    for el, tag, keys in pointing:
        el_name = tag[skip:]
        tei, table = scope if single else table_of(el)
        rs_type = el.get("type") if el_name == "rs" else None
        for att in keys:
            if att not in pointer_set or (att == "scheme" and el_name != "catRef"):
                continue
            if att == "assertedValue" and not (el_name == "certainty" and (el.get("match") or "@ref").strip() == "@ref"):
                continue  # a pointer only where the certainty is about a @ref: the other entry
            value = el.get(att)
            key = (tei, el_name, att, value, rs_type)
            found = verdicts.get(key)
            if found is None:
                found = verdicts[key] = verdict(el_name, att, value, tei, table, rs_type)
            unresolved, misdirected = found
            if unresolved or misdirected:
                line, col = locator.locate(el, att)
                if unresolved:
                    out.append(Problem(name, line, unresolved, "parley-pointer-resolves", ERROR, col))
                if misdirected:
                    out.append(Problem(name, line, misdirected, "parley-pointer-kind", ERROR, col))
    return out


# ======================================================================================
# Layer 3: SVRL -> problems
# ======================================================================================

_STEP = re.compile(r"(@)?(?:Q\{([^}]*)\})?([^\[/@]+)(?:\[(\d+)\])?")
_ROLE = {"error": ERROR, "fatal": ERROR, "warning": WARNING, "warn": WARNING, "info": INFO, "information": INFO}


def _resolve_path(root: etree._Element, path: str) -> tuple[Optional[etree._Element], Optional[str]]:
    """The element (and attribute name) that an fn:path() location designates."""
    el: Optional[etree._Element] = None
    attribute = None
    steps = re.findall(r"/(@?(?:Q\{[^}]*\})?[^/\[]+(?:\[\d+\])?)", path)
    parent = None
    for k, step in enumerate(steps):
        m = _STEP.fullmatch(step)
        if not m:
            return el, None
        at, ns, local, pos = m.groups()
        if at:
            attribute = (f"xml:{local}" if ns == XML_NS else local)
            break
        tag = f"{{{ns}}}{local}" if ns else local
        pos = int(pos or 1)
        if parent is None:
            el = root if root.tag == tag else None
        else:
            same = [c for c in parent if c.tag == tag]
            el = same[pos - 1] if len(same) >= pos else None
        if el is None:
            return parent, None
        parent = el
    return el if el is not None else root, attribute


def _svrl_problems(svrl: str, root: etree._Element, name: str, locator: _Locator) -> list[Problem]:
    out = []
    if not svrl:
        return out
    doc = etree.fromstring(svrl.encode("utf-8"))
    for found in doc.iter(f"{{{SVRL_NS}}}failed-assert", f"{{{SVRL_NS}}}successful-report"):
        el, attribute = _resolve_path(root, found.get("location", "/"))
        line, col = locator.locate(el, attribute)
        text = found.find(f"{{{SVRL_NS}}}text")
        message = " ".join("".join(text.itertext()).split()) if text is not None else ""
        message = message.rstrip(".")
        severity = _ROLE.get((found.get("role") or "error").lower(), ERROR)
        out.append(Problem(name, line, message, found.get("id") or "sch", severity, col))
    return out


# ======================================================================================
# Many files
# ======================================================================================


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders searched recursively for ``*.xml`` (hidden ones skipped).

    Raises :class:`FileNotFoundError` for a path that does not exist.
    """
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = []
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                found += [Path(dirpath) / f for f in filenames if f.endswith(".xml") and not f.startswith(".")]
            out.extend(sorted(found))
        elif p.exists():
            out.append(p)
        else:
            raise FileNotFoundError(str(p))
    return out


def is_valid(problems: list[Problem]) -> bool:
    """Valid means: no problem of severity error (warnings and information are allowed)."""
    return not any(p.severity == ERROR for p in problems)


def validate_paths(
    paths: Iterable[Path], validator: Optional[Validator] = None, authority: Optional[Path] = None
) -> tuple[list[tuple[str, list[Problem]]], int, int]:
    """Validate files and folders; returns ``(results, n_valid, n_invalid)``.

    *results* lists ``(file name, problems)`` for every file, in order (folders sorted).
    Pointers are resolved in *authority*, by default in the ``authority.xml`` of each file's
    own folder. Raises
    :class:`FileNotFoundError` if a path does not exist.
    """
    validator = validator or Validator()
    results = []
    n_valid = n_invalid = 0
    for f in collect_files(paths):
        problems = validator.validate_file(f, authority=authority)
        results.append((f.as_posix(), problems))
        if is_valid(problems):
            n_valid += 1
        else:
            n_invalid += 1
    return results, n_valid, n_invalid


def see_for(code: str) -> str:
    """Where the encoding manual explains a problem code."""
    if code.startswith(("parley-", "tei-")) and code != "parley-authority-missing":
        return f"parley.odd#{code}"
    return SEE_VALIDATING


def results_as_json(results: list[tuple[str, list[Problem]]], n_valid: int, n_invalid: int) -> str:
    """``--format json``: the same facts as the text report, as data."""
    files = []
    for name, problems in results:
        files.append(
            {
                "file": name,
                "valid": is_valid(problems),
                "problems": [dict(p.as_dict(), see=see_for(p.code)) for p in problems],
            }
        )
    return json.dumps({"files": files, "valid": n_valid, "invalid": n_invalid}, ensure_ascii=False, indent=2)
