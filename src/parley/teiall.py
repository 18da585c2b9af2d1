"""What TEI itself allows, for messages about what parley's customization does not.

An encoder who brings TEI from another project into parley meets errors that TEI would not
give: an attribute parley leaves out (``@rend`` on ``<p>``), a value outside one of parley's
closed lists (``cert="0.6"``), an attribute parley requires and TEI does not, an element
parley does not select. The validator's messages say so where it is true, from a table of
TEI P5's own definitions, :mod:`parley.teiall_data`, generated from TEI's ``tei_all.rng``
(a development copy, not needed at run time) by::

    .venv/bin/python -m parley.teiall ../shared/tei-p5/tei_all.rng > src/parley/teiall_data.py

The table holds every element name of TEI, the attributes TEI defines (and requires) on each
element of the customization, and TEI's own definition, as RELAX NG, of each attribute the
ODD (``schema/parley.odd``) restricts (an ``attDef``). A value is checked against TEI's
definition with libxml2's RELAX NG validator (lxml), only when a message needs it. Every
answer is ``None`` where the table does not know, and the message then says nothing of TEI.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Optional

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
R = f"{{{RNG_NS}}}"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XSD_TYPES = "http://www.w3.org/2001/XMLSchema-datatypes"


def _data():
    from . import teiall_data

    return teiall_data


def is_tei_element(name: str) -> Optional[bool]:
    """Whether TEI P5 defines an element of this name."""
    return name in _data().ELEMENTS


def defines_attribute(element: str, attribute: str) -> Optional[bool]:
    """Whether TEI defines *attribute* (``rend``, ``xml:lang``) on *element*; None if the table
    does not describe the element (not one of the customization's)."""
    data = _data()
    if element not in data.ATTRIBUTES:
        return None
    return attribute in data.GLOBAL_ATTRIBUTES or attribute in data.ATTRIBUTES[element].split()


def requires_attribute(element: str, attribute: str) -> Optional[bool]:
    """Whether TEI requires *attribute* on *element*; None if the table does not describe it."""
    data = _data()
    if element not in data.ATTRIBUTES:
        return None
    return attribute in data.REQUIRED.get(element, "").split()


def accepts_value(element: str, attribute: str, value: str) -> Optional[bool]:
    """Whether TEI's definition of *attribute* on *element* accepts *value*; None where the
    table has no definition (the ODD does not restrict that attribute)."""
    data = _data()
    pattern = data.VALUES.get((element, attribute), data.VALUES.get(("*", attribute)))
    if pattern is None or ":" in attribute:
        return None
    try:
        doc = etree.Element("x")
        doc.set("v", value)
        return bool(_validator(pattern).validate(doc))
    except (etree.RelaxNGError, ValueError):
        return None


@lru_cache(maxsize=64)
def _validator(pattern: str) -> etree.RelaxNG:
    grammar = (
        f'<element xmlns="{RNG_NS}" datatypeLibrary="{XSD_TYPES}" name="x">'
        f'<attribute name="v">{pattern}</attribute></element>'
    )
    return etree.RelaxNG(etree.fromstring(grammar))


# ======================================================================================
# The table, from tei_all.rng
# ======================================================================================


class _TeiAll:
    """Element and attribute definitions of a tei_all.rng."""

    def __init__(self, path: Path):
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
        self.root = etree.parse(str(path), parser).getroot()
        self.defines: dict[str, list[etree._Element]] = {}
        for d in self.root.iter(f"{R}define"):
            self.defines.setdefault(d.get("name"), []).append(d)
        self.element_define: dict[str, etree._Element] = {}
        for ds in self.defines.values():
            for d in ds:
                for e in d.findall(f"{R}element"):
                    if e.get("name") and e.get("ns", TEI_NS) == TEI_NS:
                        self.element_define.setdefault(e.get("name"), e)

    def elements(self) -> list[str]:
        return sorted(self.element_define)

    def attributes(self, element: Optional[str] = None, define: Optional[str] = None) -> dict[str, tuple[bool, etree._Element]]:
        """Attribute name -> (required?, the attribute's RELAX NG element), of an element or of a
        define (an attribute class)."""
        out: dict[str, tuple[bool, etree._Element]] = {}
        nodes = list(self.element_define[element]) if element else [c for d in self.defines[define] for c in d]
        for node in nodes:
            self._walk(node, True, out, ())
        return out

    def _walk(self, node, required: bool, out: dict, seen: tuple) -> None:
        if not isinstance(node.tag, str) or not node.tag.startswith(R):
            return
        tag = node.tag[len(R):]
        if tag == "attribute":
            name = node.get("name")
            if name:
                was = out.get(name)
                out[name] = ((was[0] if was else False) or required, node)
            return
        if tag == "element":
            return
        if tag == "ref":
            name = node.get("name")
            ds = self.defines.get(name, [])
            if not ds or ds[0].find(f"{R}element") is not None or name in seen:
                return
            for d in ds:
                for child in d:
                    self._walk(child, required, out, seen + (name,))
            return
        inner = required and tag in ("group", "oneOrMore", "interleave")
        for child in node:
            self._walk(child, inner, out, seen)

    def pattern(self, attribute: etree._Element) -> str:
        """The content of an attribute definition as RELAX NG text, its refs inlined and its
        annotations left out; "<text/>" for any text."""
        parts = [self._copy(c, ()) for c in attribute if isinstance(c.tag, str) and c.tag.startswith(R)]
        if not parts:
            return "<text/>"
        text = "".join(etree.tostring(p, encoding="unicode") for p in parts)
        return text.replace(f' xmlns="{RNG_NS}"', "").replace(f' xmlns:rng="{RNG_NS}"', "")

    def _copy(self, node: etree._Element, seen: tuple) -> etree._Element:
        if node.tag == f"{R}ref":
            name = node.get("name")
            if name in seen:
                raise ValueError(f"recursive define {name} in an attribute")
            group = etree.Element(f"{R}group", nsmap={None: RNG_NS})
            for d in self.defines[name]:
                for child in d:
                    if isinstance(child.tag, str) and child.tag.startswith(R):
                        group.append(self._copy(child, seen + (name,)))
            return group
        out = etree.Element(node.tag, dict(node.attrib), nsmap={None: RNG_NS})
        out.text = node.text if node.tag in (f"{R}value", f"{R}param") else None
        for child in node:
            if isinstance(child.tag, str) and child.tag.startswith(R):
                out.append(self._copy(child, seen))
        return out


def generate(rng_path: Path, odd_bytes: Optional[bytes] = None) -> str:
    """The source of :mod:`parley.teiall_data` from *rng_path* (TEI's tei_all.rng) and the
    ODD (default: the one shipped with parley)."""
    from .schemadoc import load_odd, odd_elements

    odd_bytes = odd_bytes if odd_bytes is not None else load_odd()
    tei = _TeiAll(rng_path)
    release = ""
    for comment in [*tei.root.itersiblings(preceding=True), *tei.root]:
        if isinstance(comment, etree._Comment) and "TEI Edition:" in comment.text:
            m = re.search(r"Version\s+([0-9][0-9.]*[0-9])", comment.text)
            release = m.group(1) if m else ""
    odd = etree.fromstring(odd_bytes)
    T = f"{{{TEI_NS}}}"
    mine = sorted({n for names in odd_elements(odd_bytes).values() for n in names})
    global_atts = tei.attributes(define="att.global.attributes")
    extras, required = {}, {}
    for name in mine:
        atts = tei.attributes(element=name)
        extras[name] = " ".join(sorted(a for a in atts if a not in global_atts))
        req = sorted(a for a, (r, _) in atts.items() if r)
        if req:
            required[name] = " ".join(req)
    values: dict[tuple[str, str], str] = {}
    for spec in odd.iter(f"{T}elementSpec"):
        el = spec.get("ident")
        for ad in spec.iter(f"{T}attDef"):
            att = ad.get("ident")
            found = tei.attributes(element=el).get(att)
            if found is not None:
                values[(el, att)] = tei.pattern(found[1])
    for spec in odd.iter(f"{T}classSpec"):
        for ad in spec.iter(f"{T}attDef"):
            att = ad.get("ident")
            by_element = {el: tei.pattern(tei.attributes(element=el)[att][1]) for el in mine if att in tei.attributes(element=el)}
            if not by_element:
                continue
            common = max(set(by_element.values()), key=lambda p: (list(by_element.values()).count(p), p))
            values[("*", att)] = common
            for el, p in by_element.items():  # an element that defines the attribute its own way
                if p != common:
                    values[(el, att)] = p

    lines = [
        f'"""What TEI P5 {release} itself defines, for the validator\'s messages (see :mod:`parley.teiall`).',
        "",
        "Generated from tei_all.rng by `python -m parley.teiall PATH/tei_all.rng`: do not edit.",
        '"""',
        "",
        f"RELEASE = {release!r}",
        "",
        "#: Every element of TEI P5.",
        "ELEMENTS = frozenset(",
        *_wrapped(tei.elements()),
        ")",
        "",
        "#: The attributes TEI defines on every element (att.global).",
        "GLOBAL_ATTRIBUTES = frozenset(",
        *_wrapped(sorted(global_atts)),
        ")",
        "",
        "#: The other attributes TEI defines on each element of parley's customization.",
        "ATTRIBUTES = {",
        *[f"    {k!r}: {v!r}," for k, v in extras.items()],
        "}",
        "",
        "#: The attributes TEI requires, by element of the customization.",
        "REQUIRED = {",
        *[f"    {k!r}: {v!r}," for k, v in required.items()],
        "}",
        "",
        "#: TEI's definition (RELAX NG) of each attribute the ODD restricts: (element, attribute),",
        '#: or ("*", attribute) for an attribute class.',
        "VALUES = {",
        *[f"    {k!r}: {v!r}," for k, v in sorted(values.items())],
        "}",
        "",
    ]
    return "\n".join(lines)


def _wrapped(names: list[str], width: int = 96) -> list[str]:
    out, line = [], ""
    for n in names:
        if line and len(line) + len(n) + 1 > width:
            out.append(line)
            line = ""
        line = f"{line} {n}".strip()
    if line:
        out.append(line)
    return ['    """'] + [f"    {chunk}" for chunk in out] + ['    """.split()']


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m parley.teiall PATH/tei_all.rng > src/parley/teiall_data.py", file=sys.stderr)
        return 2
    path = Path(argv[0])
    if not path.is_file():
        print(f"{path}: error: not found (TEI's tei_all.rng, e.g. ../shared/tei-p5/tei_all.rng)", file=sys.stderr)
        return 2
    try:
        sys.stdout.write(generate(path))
    except (etree.XMLSyntaxError, KeyError, ValueError, IndexError) as exc:
        print(f"{path}: error: not a tei_all.rng this table can be made from ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
