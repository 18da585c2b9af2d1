"""The conventions table compiled into XSLT template rules, one module per view.

``xslt/conventions.xml`` is the one place where the reading and diplomatic views differ.
``common.xsl`` can read it at run time (for each element, find the row, then run the named
behaviour with the row's attributes as settings), but doing so for every element of a record
costs more than rendering it. So the table is also compiled, here, into
``xslt/rules-reading.xsl`` and ``xslt/rules-diplomatic.xsl``, which ``reading.xsl`` and
``diplomatic.xsl`` include:

* one template rule (mode ``text``) per row: ``match="tei:p | tei:ab"``, the row's attribute
  test as a predicate, a priority that follows the table's order (the first row that applies
  wins, as at run time); its body calls the behaviour's template ``p:do-BEHAVIOUR`` in
  ``common.xsl`` with each attribute of the row as a constant parameter;
* the same rows in mode ``p:settings``, answering "what are the settings of this element's
  row?" with a constant map (the diplomatic turn uses it to find the paragraph it runs into);
* a last rule for TEI elements without a row: their text, as at run time.

Nothing here decides how a construct looks: that stays in the table (settings) and in
``common.xsl`` (behaviours). The modules are committed; a test checks that they are what
this module makes from the committed table. After editing the table, regenerate them::

    python -m parley.rules [FOLDER]   # writes FOLDER/rules-reading.xsl, FOLDER/rules-diplomatic.xsl
                                      # (FOLDER: the package's xslt/, the repository's in a dev install)

The compiled rules follow the table they were compiled from; the ``$conventions`` parameter
of the stylesheets then supplies only the legend (render.py passes the same file).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Optional

from lxml import etree

XSL = "http://www.w3.org/1999/XSL/Transform"
NSMAP = {
    "xsl": XSL,
    "xs": "http://www.w3.org/2001/XMLSchema",
    "map": "http://www.w3.org/2005/xpath-functions/map",
    "tei": "http://www.tei-c.org/ns/1.0",
    "p": "urn:parley:xslt",
}
VIEWS = ("reading", "diplomatic")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def _x(tag: str) -> str:
    return f"{{{XSL}}}{tag}"


def _literal(value: str) -> str:
    """An XPath string literal."""
    return "'" + value.replace("'", "''") + "'"


def _name(value: str, what: str) -> str:
    if not _NAME.match(value):
        raise ValueError(f"conventions.xml: {what} {value!r} is not a name")
    return value


def module_name(view: str) -> str:
    return f"rules-{view}.xsl"


def compile_rules(conventions: bytes, view: str) -> bytes:
    """The XSLT module of the rows of *view* in the table *conventions* (bytes of the file)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    table = etree.fromstring(conventions, etree.XMLParser(resolve_entities=False, no_network=True))
    constructs = table.findall("construct")
    sheet = etree.Element(_x("stylesheet"), nsmap=NSMAP)
    sheet.set("version", "3.0")
    sheet.set("exclude-result-prefixes", "#all")
    sheet.text = "\n  "
    sheet.append(
        etree.Comment(
            f" Generated from conventions.xml by `python -m parley.rules` (src/parley/rules.py): do not"
            f" edit.\n       The rows of the {view} view as template rules; the behaviours are the"
            f" p:do-* templates of common.xsl. "
        )
    )
    for index, construct in enumerate(constructs):
        rows = construct.findall(view)
        if len(rows) != 1:
            raise ValueError(f"conventions.xml: construct {construct.get('id')!r} needs one <{view}> row")
        row = rows[0]
        names = (construct.get("element") or "").split()
        if not names:
            continue
        predicate = ""
        if construct.get("attr") is not None:
            attr = _name(construct.get("attr"), "attribute")
            values = ", ".join(_literal(v) for v in (construct.get("value") or "").split())
            predicate = f"[@{attr}/normalize-space() = ({values})]"
        match = " | ".join(f"tei:{_name(n, 'element')}{predicate}" for n in names)
        priority = str(len(constructs) - index)  # earlier rows first, as p:rule
        behaviour = _name(row.get("behaviour") or "text", "behaviour")
        settings = [(k, v) for k, v in row.attrib.items() if k != "behaviour"]
        sheet.append(etree.Comment(f" {construct.get('id')}: {behaviour} "))
        rule = etree.SubElement(sheet, _x("template"), match=match, mode="text", priority=priority)
        call = etree.SubElement(rule, _x("call-template"), name=f"p:do-{behaviour}")
        for key, value in settings:
            etree.SubElement(call, _x("with-param"), name=_name(key, "setting"), select=_literal(value))
        entries = ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in row.attrib.items())
        known = etree.SubElement(sheet, _x("template"), match=match, mode="p:settings", priority=priority)
        known.set("as", "map(*)")
        etree.SubElement(known, _x("sequence"), select=f"map{{{entries}}}")
    sheet.append(etree.Comment(" TEI elements without a row: their text. "))
    rest = etree.SubElement(sheet, _x("template"), match="tei:*", mode="text", priority="0")
    etree.SubElement(rest, _x("apply-templates"), mode="text")
    rest = etree.SubElement(sheet, _x("template"), match="tei:*", mode="p:settings", priority="0")
    rest.set("as", "map(*)")
    etree.SubElement(rest, _x("sequence"), select="map{}")
    etree.indent(sheet, space="  ")
    body = etree.tostring(sheet, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def xslt_dir() -> Path:
    from importlib import resources

    return Path(str(resources.files("parley.xslt")))


def write_rules(folder: Optional[Path] = None) -> list[Path]:
    """Regenerate the rules modules in *folder* (the installed xslt/ by default)."""
    from .xml import atomic_write

    folder = Path(folder) if folder else xslt_dir()
    table = (folder / "conventions.xml").read_bytes()
    written = []
    for view in VIEWS:
        target = folder / module_name(view)
        data = compile_rules(table, view)
        if not target.is_file() or target.read_bytes() != data:
            atomic_write(target, data)
        written.append(target)
    return written


def stale_rules(folder: Optional[Path] = None) -> list[str]:
    """The rules modules in *folder* that are not what the table there compiles to (edited
    table, module not regenerated): the views would not follow the table."""
    folder = Path(folder) if folder else xslt_dir()
    table = (folder / "conventions.xml").read_bytes()
    stale = []
    for view in VIEWS:
        target = folder / module_name(view)
        if not target.is_file() or target.read_bytes() != compile_rules(table, view):
            stale.append(module_name(view))
    return stale


def main(argv: Optional[list[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in write_rules(Path(args[0]) if args else None):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
