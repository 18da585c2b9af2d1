"""The ODD as a source: the Schematron rules and the HTML encoding manual.

``schema/parley.odd`` is the single source of the project's customization. Two things are
derived from it here, both deterministically and offline:

* :func:`odd_to_schematron` writes ``schema/parley.sch``: the ``sch:ns``, ``sch:let`` and
  ``xsl:*`` declarations of the ODD's ``constraintDecl``, then one ``sch:pattern`` per
  ``constraintSpec``, in document order (``parley schema-doc --schematron -o schema/parley.sch``;
  a test checks that the committed file is what this function produces).
* :func:`odd_to_html` renders the ODD as a readable HTML manual for encoders: the prose
  sections, the elements by module (linked to the TEI Guidelines), the closed value lists and
  every rule under an anchor named by its identifier (the ``see`` of each Schematron
  assertion). The page has no scripts and loads nothing; all text is escaped.
"""

from __future__ import annotations

import copy
import html
import importlib.resources
import re
from pathlib import Path
from typing import Optional

from lxml import etree

from .problems import InputError, Problem
from .xml import parse_xml, plain_cause

TEI_NS = "http://www.tei-c.org/ns/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"tei": TEI_NS, "sch": SCH_NS, "xsl": XSL_NS}
T = f"{{{TEI_NS}}}"
#: Namespaces declared on the generated schema: the Schematron and XSLT namespaces, and the
#: prefixes that the rules and functions use in XPath (also declared with sch:ns).
SCH_NSMAP = {
    "sch": SCH_NS,
    "xsl": XSL_NS,
    "tei": TEI_NS,
    "xs": "http://www.w3.org/2001/XMLSchema",
    "parley": "urn:x-parley:schematron",
}
GUIDELINES = "https://tei-c.org/release/doc/tei-p5-doc/en/html/"


ODD_NAME = "schema/parley.odd"


def load_odd() -> bytes:
    """The ODD shipped with the package (``schema/parley.odd``)."""
    return importlib.resources.files("parley.schema").joinpath("parley.odd").read_bytes()


def _parse(odd_bytes: bytes, source: str = ODD_NAME) -> etree._Element:
    """The ODD's root, parsed with the hardened parser (no DTD, no entities, no network);
    :class:`~parley.problems.InputError` (file:line:col) if it is not well-formed or not a
    TEI document."""
    root = parse_xml(odd_bytes, source)
    if root.tag != f"{T}TEI":
        raise InputError(
            Problem(
                source,
                root.sourceline or 1,
                f"not an ODD: {_root_name(root)}; an ODD is a TEI document "
                f"(<TEI xmlns=\"{TEI_NS}\">) with a <schemaSpec>, such as schema/parley.odd",
                "odd-not-tei",
            )
        )
    return root


def _schema_spec(root: etree._Element, source: str = ODD_NAME) -> etree._Element:
    spec = root.find(f".//{T}schemaSpec")
    if spec is None:
        raise InputError(
            Problem(
                source,
                root.sourceline or 1,
                "not an ODD: the TEI document has no <schemaSpec> (the customization that lists the "
                "elements and holds the rules), such as schema/parley.odd",
                "odd-no-schemaspec",
            )
        )
    return spec


def _root_name(el: etree._Element) -> str:
    q = etree.QName(el)
    return f"the root element is <{q.localname}>" + (
        f" in the namespace {q.namespace}" if q.namespace else " in no namespace" if q.localname == "TEI" else ""
    )


def schema_doc(odd_path: Optional[Path] = None, schematron: bool = False) -> bytes:
    """What ``parley schema-doc`` writes: the HTML manual (or, with *schematron*, the
    Schematron rules) of the ODD at *odd_path* (default: the one shipped with parley).
    Raises InputError naming the file when it is not a readable, well-formed ODD."""
    if odd_path is None:
        odd, source = load_odd(), ODD_NAME
    else:
        source = odd_path.as_posix()
        try:
            odd = odd_path.read_bytes()
        except OSError as exc:
            raise InputError(Problem(source, 0, f"cannot read the ODD ({plain_cause(exc, odd_path)})", "odd-unreadable")) from None
    return odd_to_schematron(odd, source) if schematron else odd_to_html(odd, source)


def odd_elements(odd_bytes: bytes, source: str = ODD_NAME) -> dict[str, list[str]]:
    """The elements the ODD selects, by module: ``{"core": ["abbr", ...], ...}``."""
    spec = _schema_spec(_parse(odd_bytes, source), source)
    out: dict[str, list[str]] = {}
    for ref in spec.findall(f"{T}moduleRef"):
        names = (ref.get("include") or "").split()
        if names:
            out[ref.get("key")] = names
    return out


def odd_rules(odd_bytes: bytes, source: str = ODD_NAME) -> list[dict]:
    """Every rule (constraintSpec): ident, role, title, description, and its assertions' ids."""
    spec = _schema_spec(_parse(odd_bytes, source), source)
    rules = []
    for cs in spec.iter(f"{T}constraintSpec"):
        asserts = cs.xpath(".//sch:assert | .//sch:report", namespaces=NS)
        rules.append(
            {
                "ident": cs.get("ident"),
                "role": cs.get("type", ""),
                "title": _text(cs.find(f"{T}gloss")),
                "desc": _text(cs.find(f"{T}desc")),
                "ids": [a.get("id") for a in asserts],
                "roles": [a.get("role") for a in asserts],
                "sees": [a.get("see") for a in asserts],
            }
        )
    return rules


# --------------------------------------------------------------------------------------
# ODD -> Schematron
# --------------------------------------------------------------------------------------

SCH_HEADER = (
    "Generated from parley.odd by parley schema-doc (option schematron): do not edit; edit the\n"
    "  constraintSpec elements of the ODD and regenerate. Query binding XSLT 3 (run with an XSLT 3\n"
    "  Schematron processor, e.g. oXygen, SchXslt, or parley validate). The global variable\n"
    "  $authority is the authority file beside the document; a processor may pass it as a parameter."
)


def odd_to_schematron(odd_bytes: bytes, source: str = ODD_NAME) -> bytes:
    """The ISO Schematron schema of the ODD's ``constraintDecl`` and ``constraintSpec``s."""
    root = _parse(odd_bytes, source)
    spec = _schema_spec(root, source)
    decl = spec.find(f"{T}constraintDecl[@scheme='schematron']")
    query_binding = decl.get("queryBinding", "xslt3") if decl is not None else "xslt3"
    nsmap = SCH_NSMAP
    schema = etree.Element(f"{{{SCH_NS}}}schema", nsmap=nsmap)
    schema.set("queryBinding", query_binding)
    schema.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    schema.text = "\n  "
    schema.append(etree.Comment(f" {SCH_HEADER} "))
    title = etree.SubElement(schema, f"{{{SCH_NS}}}title")
    title.text = "parley: the rules of the encoding manual (schema/parley.odd)"
    if decl is not None:
        for child in decl:
            if isinstance(child.tag, str) and not child.tag.startswith(T):
                schema.append(_clean(child))
    for cs in spec.iter(f"{T}constraintSpec"):
        if cs.get("scheme") != "schematron":
            continue
        constraint = cs.find(f"{T}constraint")
        if constraint is None:
            continue
        # an XML comment may not hold "--": a gloss with one gets a space between the hyphens
        comment = re.sub(r"-(?=-)", "- ", f"{cs.get('ident')}: {_text(cs.find(f'{T}gloss'))}")
        schema.append(etree.Comment(f" {comment} "))
        for child in constraint:
            if isinstance(child.tag, str):
                schema.append(_clean(child))
    _indent(schema)
    body = etree.tostring(schema, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def _clean(el: etree._Element) -> etree._Element:
    """A copy of *el* without the ODD's namespace declarations that it does not need."""
    el = copy.deepcopy(el)
    el.tail = None
    etree.cleanup_namespaces(el, top_nsmap=SCH_NSMAP, keep_ns_prefixes=list(SCH_NSMAP))
    return el


def _indent(schema: etree._Element) -> None:
    # Separate the top-level children by newlines; keep the ODD's own indentation inside them.
    children = list(schema)
    for i, child in enumerate(children):
        if i and isinstance(child, etree._Comment):
            children[i - 1].tail = "\n\n  "
        else:
            if i:
                children[i - 1].tail = children[i - 1].tail or "\n  "
    if children:
        children[-1].tail = "\n"
    for child in children:
        if isinstance(child.tag, str):
            _reindent(child)


def _reindent(el: etree._Element) -> None:
    """Shift the ODD's indentation of *el*'s content to start at two spaces."""
    text_nodes = [el] + [d for d in el.iterdescendants()]
    indents = []
    for node in text_nodes:
        for s in (node.text, node.tail if node is not el else None):
            if s and "\n" in s and not s.strip():
                indents.append(len(s.rsplit("\n", 1)[1]))
    if not indents:
        return
    base = min(indents) - 2
    if base <= 0:
        return

    def fix(s):
        if s and "\n" in s and not s.strip():
            head, tail = s.rsplit("\n", 1)
            return head + "\n" + tail[base:] if len(tail) >= base else s
        return s

    for node in text_nodes:
        node.text = fix(node.text)
        if node is not el:
            node.tail = fix(node.tail)


# --------------------------------------------------------------------------------------
# ODD -> HTML
# --------------------------------------------------------------------------------------

CSS = """
body{font:16px/1.5 Georgia,serif;max-width:52em;margin:2em auto;padding:0 1em;color:#222}
h1,h2,h3{font-family:Helvetica,Arial,sans-serif;line-height:1.2}
code,.gi,.att,.val,.ident{font-family:Menlo,Consolas,monospace;font-size:.9em}
.gi{color:#1a5c8c}.att{color:#7a3e00}.val{color:#2e6b2e}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}
section.rule{border-left:4px solid #bbb;padding-left:1em;margin:1.5em 0}
section.rule.error{border-color:#b00}section.rule.warning{border-color:#c90}section.rule.info{border-color:#06c}
.role{font-family:Helvetica,Arial,sans-serif;font-size:.8em;text-transform:uppercase;letter-spacing:.05em}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto;font-size:.85em}
nav ul{columns:2}
""".strip()


def _text(el) -> str:
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _inline(el: etree._Element) -> str:
    """Mixed TEI prose (p, desc, item) as escaped HTML."""
    out = [_esc(el.text or "")]
    for child in el:
        if not isinstance(child.tag, str):
            out.append(_esc(child.tail or ""))
            continue
        name = etree.QName(child).localname
        inner = _inline(child)
        if name == "gi":
            out.append(f'<code class="gi">&lt;{inner}&gt;</code>')
        elif name == "att":
            out.append(f'<code class="att">@{inner}</code>')
        elif name == "val":
            out.append(f'<code class="val">{inner}</code>')
        elif name in ("ident", "code"):
            out.append(f'<code class="ident">{inner}</code>')
        elif name == "label":
            out.append(f"<strong>{inner}</strong>")
        elif name == "ref" and child.get("target", "").startswith(("http://", "https://", "#")):
            out.append(f'<a href="{_esc(child.get("target"))}">{inner}</a>')
        elif name == "list":
            out.append(_list(child))
        else:
            out.append(inner)
        out.append(_esc(child.tail or ""))
    return "".join(out)


def _list(el: etree._Element) -> str:
    tag = "ol" if el.get("rend") == "numbered" else "ul"
    items = "".join(f"<li>{_inline(item)}</li>" for item in el.findall(f"{T}item"))
    return f"<{tag}>{items}</{tag}>"


def _prose(div: etree._Element) -> str:
    parts = []
    for child in div:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name == "p":
            parts.append(f"<p>{_inline(child)}</p>")
        elif name == "list":
            parts.append(_list(child))
    return "\n".join(parts)


def _element_link(name: str) -> str:
    return f'<a class="gi" href="{GUIDELINES}ref-{_esc(name)}.html">&lt;{_esc(name)}&gt;</a>'


def odd_to_html(odd_bytes: bytes, source: str = ODD_NAME) -> bytes:
    """Render the ODD as a standalone HTML encoding manual (UTF-8 bytes, deterministic)."""
    root = _parse(odd_bytes, source)
    title = _text(root.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title")) or "Encoding manual"
    edition = _text(root.find(f"{T}teiHeader/{T}fileDesc/{T}editionStmt/{T}edition"))
    spec = _schema_spec(root, source)
    body = root.find(f"{T}text/{T}body")
    if body is None:
        raise InputError(
            Problem(source, root.sourceline or 1, "the ODD has no <text><body>: the manual's prose (its sections, <div>s) is missing", "odd-no-body")
        )
    divs = [d for d in body.findall(f"{T}div")]

    nav = ["<nav><h2>Contents</h2><ul>"]
    for d in divs:
        nav.append(f'<li><a href="#{_esc(d.get(XML_ID, ""))}">{_esc(_text(d.find(f"{T}head")))}</a></li>')
    nav.append('<li><a href="#rules">Rules</a></li></ul></nav>')

    sections = []
    for d in divs:
        ident = d.get(XML_ID, "")
        head = _text(d.find(f"{T}head"))
        content = _prose(d)
        if d.find(f".//{T}schemaSpec") is not None:
            content += _reference(spec)
        sections.append(f'<section id="{_esc(ident)}"><h2>{_esc(head)}</h2>\n{content}\n</section>')

    rules = ['<section id="rules"><h2>Rules</h2>',
             "<p>What the grammar cannot say. Each rule is named by the identifier that messages print in brackets.</p>",
             "<table><tr><th>Rule</th><th>Role</th><th>What it checks</th></tr>"]
    specs = [cs for cs in spec.iter(f"{T}constraintSpec")]
    for cs in specs:
        ident = cs.get("ident", "")
        rules.append(
            f'<tr><td><a href="#{_esc(ident)}"><code>{_esc(ident)}</code></a></td>'
            f'<td>{_esc(cs.get("type", ""))}</td><td>{_esc(_text(cs.find(f"{T}gloss")))}</td></tr>'
        )
    rules.append("</table>")
    for cs in specs:
        ident = cs.get("ident", "")
        role = cs.get("type", "")
        desc = cs.find(f"{T}desc")
        rule_xml = "".join(
            etree.tostring(c, encoding="unicode").strip() for c in cs.findall(f"{T}constraint/*")
        )
        rule_xml = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", rule_xml)
        rules.append(
            f'<section class="rule {_esc(role)}" id="{_esc(ident)}"><h3>{_esc(_text(cs.find(f"{T}gloss")))}</h3>'
            f'<p><code>{_esc(ident)}</code> <span class="role">{_esc(role)}</span></p>'
            f"<p>{_inline(desc) if desc is not None else ''}</p>"
            f"<details><summary>Schematron</summary><pre>{_esc(rule_xml)}</pre></details></section>"
        )
    rules.append("</section>")

    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{_esc(title)}</h1>" + (f"<p>{_esc(edition)}</p>" if edition else "") + "</header>\n"
        + "\n".join(nav) + "\n<main>\n" + "\n".join(sections) + "\n" + "\n".join(rules) + "\n</main>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _reference(spec: etree._Element) -> str:
    out = ["<h3>Elements by module</h3><table><tr><th>Module</th><th>Elements</th></tr>"]
    for ref in spec.findall(f"{T}moduleRef"):
        names = (ref.get("include") or "").split()
        if not names:
            continue
        links = ", ".join(_element_link(n) for n in sorted(names, key=str.lower))
        out.append(f'<tr><td><code>{_esc(ref.get("key", ""))}</code></td><td>{links}</td></tr>')
    out.append("</table>")
    out.append("<h3>Elements and attributes specific to parley</h3>")
    for es in spec.findall(f"{T}elementSpec") + spec.findall(f"{T}classSpec"):
        ident = es.get("ident", "")
        is_class = etree.QName(es).localname == "classSpec"
        label = f'<code class="ident">{_esc(ident)}</code>' if is_class else _element_link(ident)
        out.append(f'<h4 id="el-{_esc(ident)}">{label}</h4>')
        desc = es.find(f"{T}desc")
        if desc is not None:
            out.append(f"<p>{_inline(desc)}</p>")
        atts = es.findall(f".//{T}attDef")
        if atts:
            out.append("<table><tr><th>Attribute</th><th>Values</th></tr>")
            for ad in atts:
                cells = []
                d = ad.find(f"{T}desc")
                if d is not None:
                    cells.append(_inline(d))
                vl = ad.find(f"{T}valList")
                if vl is not None:
                    kind = "closed list" if vl.get("type") == "closed" else "suggested values"
                    items = "".join(
                        f'<li><code class="val">{_esc(v.get("ident", ""))}</code>: {_inline(v.find(f"{T}desc")) if v.find(f"{T}desc") is not None else ""}</li>'
                        for v in vl.findall(f"{T}valItem")
                    )
                    cells.append(f"{kind}:<ul>{items}</ul>")
                dr = ad.find(f"{T}datatype/{T}dataRef")
                if dr is not None:
                    pattern = dr.get("restriction")
                    cells.append(
                        f'<code class="ident">{_esc(dr.get("name", ""))}</code>'
                        + (f' matching <code class="val">{_esc(pattern)}</code>' if pattern else "")
                    )
                usage = " (required)" if ad.get("usage") == "req" else ""
                out.append(f'<tr><td><code class="att">@{_esc(ad.get("ident", ""))}</code>{usage}</td><td>{"".join(cells)}</td></tr>')
            out.append("</table>")
    return "\n".join(out)
