"""The schema files agree with each other, and the grammar is a restriction of TEI's tei_all.

* the ODD's element list (its moduleRef/@include) equals the elements parley.xsd declares;
* the ODD's closed value lists equal the XSD's enumerations, and every XSD enumeration is
  documented in the ODD (or is one of TEI's own closed lists);
* schema/parley.sch is exactly what the ODD's constraintSpecs generate, and every assertion
  has an id, a role and a ``see`` that names a section of the ODD;
* the HTML manual is deterministic, escaped and self-contained;
* with TEI's tei_all.rng at hand (``../shared/tei-p5/``, a development copy; skipped without
  it), every content model of parley.xsd is checked to accept only child sequences that
  tei_all accepts for that element (regular-language inclusion over element names), text only
  where TEI allows text, and only attributes that TEI defines, with TEI's required ones.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from parley.schemadoc import odd_elements, odd_rules, odd_to_html, odd_to_schematron
from parley.teiall import _TeiAll as TeiAllIndex

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema"
ODD = (SCHEMA / "parley.odd").read_bytes()
XS = "http://www.w3.org/2001/XMLSchema"
X = f"{{{XS}}}"
TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"
NS = {"xs": XS, "tei": TEI_NS, "sch": "http://purl.oclc.org/dsdl/schematron"}
XSD = etree.parse(str(SCHEMA / "parley.xsd")).getroot()
TEI_ALL = ROOT.parent / "shared" / "tei-p5" / "tei_all.rng"
CONFORMANCE = ROOT.parent / "shared" / "tools" / "tei-conformance"

#: TEI's own closed lists, which parley.xsd repeats without the ODD changing them.
TEI_CLOSED = {
    ("availability", "status"), ("correction", "method"), ("normalization", "method"),
    ("quotation", "marks"), ("punctuation", "marks"), ("punctuation", "placement"),
    ("hyphenation", "eol"), ("certainty", "locus"), ("certainty", "cert"),
}
#: Lists that are closed in one context only and documented in the element's description.
CONTEXT_LISTS = {("measure", "unit")}


def _local(qname: str) -> str:
    return qname.split(":")[-1]


# -- reading parley.xsd ------------------------------------------------------------------

TYPES = {t.get("name"): t for t in XSD.findall(f"{X}complexType")}
SIMPLE = {t.get("name"): t for t in XSD.findall(f"{X}simpleType")}
GROUPS = {g.get("name"): g for g in XSD.findall(f"{X}group")}
ATT_GROUPS = {g.get("name"): g for g in XSD.findall(f"{X}attributeGroup")}


def xsd_declarations() -> list[tuple[str, str]]:
    """Every element declaration: (element name, type name)."""
    return sorted({(e.get("name"), _local(e.get("type"))) for e in XSD.iter(f"{X}element") if e.get("name")})


def xsd_attributes(type_name: str) -> dict[str, etree._Element]:
    """Attribute name -> declaration, for a complex type (groups and extensions followed)."""
    out: dict[str, etree._Element] = {}

    def walk(node):
        for child in node:
            if child.tag == f"{X}attribute":
                name = child.get("name") or ("xml:" + _local(child.get("ref")))
                out[name] = child
            elif child.tag == f"{X}attributeGroup":
                walk(ATT_GROUPS[_local(child.get("ref"))])
            elif child.tag in (f"{X}simpleContent", f"{X}complexContent", f"{X}extension", f"{X}restriction"):
                if child.tag == f"{X}extension" and _local(child.get("base")) in TYPES:
                    walk(TYPES[_local(child.get("base"))])
                walk(child)

    walk(TYPES[type_name])
    return out


def enumeration(att: etree._Element):
    st = att.find(f"{X}simpleType")
    if st is None and att.get("type") and _local(att.get("type")) in SIMPLE:
        st = SIMPLE[_local(att.get("type"))]
    if st is None:
        return None
    values = [e.get("value") for e in st.iter(f"{X}enumeration")]
    if st.find(f".//{X}union") is not None:
        return None
    return set(values) or None


# -- agreement -----------------------------------------------------------------------------


def test_odd_element_list_equals_xsd():
    odd = {n for names in odd_elements(ODD).values() for n in names}
    xsd = {name for name, _ in xsd_declarations()}
    assert odd == xsd


def test_only_document_elements_are_global():
    assert sorted(e.get("name") for e in XSD.findall(f"{X}element")) == ["TEI", "teiCorpus"]


def test_xsd_loads_with_both_engines():
    import xmlschema

    etree.XMLSchema(etree.parse(str(SCHEMA / "parley.xsd")))
    xmlschema.XMLSchema10(str(SCHEMA / "parley.xsd"))


def odd_value_lists() -> dict[tuple[str, str], set[str]]:
    root = etree.fromstring(ODD)
    out = {}
    for spec in root.iterfind(".//tei:schemaSpec/tei:elementSpec", NS):
        for ad in spec.iterfind(".//tei:attDef", NS):
            vl = ad.find("tei:valList[@type='closed']", NS)
            if vl is not None:
                out[(spec.get("ident"), ad.get("ident"))] = {v.get("ident") for v in vl.iterfind("tei:valItem", NS)}
    return out


def xsd_value_lists() -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for name, type_name in xsd_declarations():
        for att_name, att in xsd_attributes(type_name).items():
            values = enumeration(att)
            if values and not (att.get("type") and _local(att.get("type")) in ("data.cert",)):
                out.setdefault((name, att_name), set()).update(values)
    return out


def test_closed_value_lists_agree():
    odd, xsd = odd_value_lists(), xsd_value_lists()
    for key, values in odd.items():
        assert xsd.get(key) == values, key
    undocumented = set(xsd) - set(odd) - TEI_CLOSED - CONTEXT_LISTS
    assert undocumented == set()


def test_cert_list_agrees_with_the_class_spec():
    root = etree.fromstring(ODD)
    vl = root.find(".//tei:classSpec[@ident='att.global.responsibility']//tei:attDef[@ident='cert']/tei:valList", NS)
    assert {v.get("ident") for v in vl.iterfind("tei:valItem", NS)} == {e.get("value") for e in SIMPLE["data.cert"].iter(f"{X}enumeration")}


def test_sp_who_pattern_agrees():
    root = etree.fromstring(ODD)
    restriction = root.find(".//tei:elementSpec[@ident='sp']//tei:attDef[@ident='who']//tei:dataRef", NS).get("restriction")
    assert [p.get("value") for p in SIMPLE["data.persRef"].iter(f"{X}pattern")] == [restriction]


def test_schematron_is_generated_from_the_odd():
    assert (SCHEMA / "parley.sch").read_bytes() == odd_to_schematron(ODD), (
        "schema/parley.sch is out of date: run `parley schema-doc --schematron -o schema/parley.sch`"
    )


def test_every_assertion_has_id_role_and_see():
    sch = etree.parse(str(SCHEMA / "parley.sch")).getroot()
    odd_ids = set(etree.fromstring(ODD).xpath("//@xml:id"))
    asserts = sch.xpath("//sch:assert | //sch:report", namespaces=NS)
    ids = [a.get("id") for a in asserts]
    assert len(ids) == len(set(ids)) and all(ids)
    for a in asserts:
        assert a.get("role") in ("error", "warning", "info")
        assert a.get("see") == f"parley.odd#{a.get('id')}"
        assert a.get("id") in odd_ids
        assert a.xpath(".//sch:value-of | .//sch:name", namespaces=NS), f"{a.get('id')} quotes nothing"


def test_rules_and_constraint_specs_agree():
    rules = odd_rules(ODD)
    idents = [r["ident"] for r in rules]
    assert len(idents) == len(set(idents))
    all_ids = [i for r in rules for i in r["ids"]]
    assert sorted(idents) == sorted(all_ids)
    by_id = {i: role for r in rules for i, role in zip(r["ids"], r["roles"])}
    for r in rules:
        assert by_id[r["ident"]] == r["role"], r["ident"]
        assert r["title"] and r["desc"]


def _codes_in_source() -> set[str]:
    """Every problem code the source passes to Problem(...), as regular expressions: string
    constants, the values a variable passed as the code is given in the same function, and
    f-strings (``f"{kind}-wrong-file"``), whose replacement fields match any word."""
    import ast

    codes: set[str] = set()
    for path in sorted((ROOT / "src" / "parley").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes = [tree] + [f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for function in scopes:  # the module too: a call outside any function
            assigned: dict[str, list] = {}
            for node in ast.walk(function):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            assigned.setdefault(target.id, []).append(node.value)
            values = []
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Problem":
                    arg = node.args[3] if len(node.args) > 3 else next((k.value for k in node.keywords if k.arg == "code"), None)
                    if arg is not None:
                        values.append(arg)
            while values:
                value = values.pop()
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    codes.add(re.escape(value.value))
                elif isinstance(value, ast.JoinedStr):
                    codes.add("".join(re.escape(p.value) if isinstance(p, ast.Constant) else "[a-z]+" for p in value.values))
                elif isinstance(value, ast.Name):
                    values.extend(assigned.get(value.id, []))
                elif isinstance(value, ast.BoolOp):  # found.get("id") or "sch"
                    values.extend(value.values)
                elif isinstance(value, ast.IfExp):
                    values.extend((value.body, value.orelse))
    return codes


def test_every_problem_code_of_the_source_is_documented():
    """Each code a command can print is explained in the encoding manual: a rule (constraintSpec)
    or a labelled item of its lists (validating; the other commands' codes)."""
    root = etree.fromstring(ODD)
    documented = {r["ident"] for r in odd_rules(ODD)}
    for item in root.iterfind(".//tei:body/tei:div//tei:item", NS):
        label = item.find("tei:label", NS)
        if label is not None:
            documented |= {i.text for i in label.iterfind("tei:ident", NS)}
            documented |= {i.text for i in item.iterfind("tei:ident", NS) if i.getprevious() is label or (i.getprevious() is not None and i.getprevious().tag == f"{T}ident")}
    used = _codes_in_source()
    assert len(used) > 60
    missing = sorted(c for c in used if not any(re.fullmatch(c, d) for d in documented))
    assert missing == [], f"not documented in schema/parley.odd: {missing}"


def test_odd_is_a_tei_document():
    root = etree.fromstring(ODD)
    assert root.tag == f"{T}TEI"
    spec = root.find(".//tei:schemaSpec", NS)
    assert spec.get("start") == "TEI teiCorpus"
    assert root.find(".//tei:constraintDecl[@queryBinding='xslt3']", NS) is not None


def test_records_point_to_the_schemas():
    for record in sorted((ROOT / "tei").glob("1*.xml")):
        head = record.read_text(encoding="utf-8")[:1000]
        assert 'href="../schema/parley.xsd"' in head and 'href="../schema/parley.sch"' in head


def test_xsd_imports_only_the_shipped_xml_xsd():
    imports = XSD.findall(f"{X}import")
    assert [i.get("schemaLocation") for i in imports] == ["xml.xsd"]
    assert (SCHEMA / "xml.xsd").is_file()


# -- the HTML manual ----------------------------------------------------------------------------


def test_html_manual():
    html = odd_to_html(ODD)
    assert html == odd_to_html(ODD)
    text = html.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text and "src=" not in text
    for r in odd_rules(ODD):
        assert f'id="{r["ident"]}"' in text
    for name in ("sp", "unclear", "persName"):
        assert f"ref-{name}.html" in text


def test_html_escapes_odd_text():
    odd = ODD.replace(b"<head>About this manual</head>", b"<head>About &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</head>")
    text = odd_to_html(odd).decode("utf-8")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; more" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in text


def test_schema_doc_command(tmp_path):
    from click.testing import CliRunner

    from parley.cli import main

    out = tmp_path / "manual.html"
    result = CliRunner().invoke(main, ["schema-doc", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == odd_to_html(ODD)
    result = CliRunner().invoke(main, ["schema-doc", "--schematron"])
    assert result.output.encode("utf-8") == (SCHEMA / "parley.sch").read_bytes()


BAD_ODD = ROOT / "tests" / "fixtures" / "bad-odd"


@pytest.mark.parametrize(
    "fixture, code, where, message",
    [
        ("no-schemaspec.odd", "odd-no-schemaspec", "3", "not an ODD: the TEI document has no <schemaSpec>"),
        ("not-tei.odd", "odd-not-tei", "3", "not an ODD: the root element is <schema>"),
        ("not-well-formed.odd", "xml-syntax", "4:16", "not well-formed XML: <text> opened at line 4 is not closed before </txet>: close it with </text> where it ends"),
        ("binary.odd", "xml-syntax", "1:1", "not well-formed XML: Start tag expected"),
        ("entity-bomb.odd", "xml-doctype", "3", "the document has entity declarations; DTDs and entities are refused"),
    ],
)
@pytest.mark.parametrize("options", [[], ["--schematron"]])
def test_schema_doc_bad_odd_is_a_located_error(tmp_path, fixture, code, where, message, options):
    """A file that is not an ODD: one line FILE:LINE[:COL]: error: [code] message, exit 1, no
    traceback; read with the hardened parser (the DOCTYPE is refused, nothing is expanded)."""
    from click.testing import CliRunner

    from parley.cli import main

    odd = tmp_path / fixture
    odd.write_bytes((BAD_ODD / fixture).read_bytes())
    out = tmp_path / "manual.html"
    result = CliRunner().invoke(main, ["schema-doc", "--odd", str(odd), "-o", str(out), *options])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "amplification" not in result.output
    assert result.output.startswith(f"{odd.as_posix()}:{where}: error: [{code}] {message}"), result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == [fixture]


def test_odd_functions_raise_input_errors_naming_the_file():
    from parley.problems import InputError

    data = (BAD_ODD / "no-schemaspec.odd").read_bytes()
    for fn in (odd_to_html, odd_to_schematron, odd_elements, odd_rules):
        with pytest.raises(InputError) as exc:
            fn(data, "my.odd")
        assert [(p.file, p.code) for p in exc.value.problems] == [("my.odd", "odd-no-schemaspec")]


def test_schematron_comment_survives_a_double_hyphen_in_a_gloss():
    odd = re.sub(rb"(<constraintSpec[^>]*>\s*<gloss[^>]*>)", rb"\1a -- b ", ODD, count=1)
    assert odd != ODD
    sch = odd_to_schematron(odd)
    assert b"a - - b" in sch
    etree.fromstring(sch)


def test_schema_doc_cannot_write_names_the_target(tmp_path):
    """A file where the output folder should be, or a folder where the file should be: the
    message names the output file and the cause, never a temporary file; nothing is left."""
    from click.testing import CliRunner

    from parley.cli import main

    (tmp_path / "plain").write_text("a file", encoding="utf-8")
    target = tmp_path / "plain" / "manual.html"
    result = CliRunner().invoke(main, ["schema-doc", "-o", str(target)])
    assert result.exit_code == 1
    assert result.output.strip() == f"{target.as_posix()}: error: cannot write ({(tmp_path / 'plain').as_posix()} is a file, not a folder)"
    assert ".tmp" not in result.output and "Traceback" not in result.output


# -- tei_all: the grammar restricts TEI's ---------------------------------------------------------

R = "{http://relaxng.org/ns/structure/1.0}"
EMPTY, EPS = ("empty",), ("eps",)


def _seq(*items):
    items = [i for i in items if i != EPS]
    if any(i == EMPTY for i in items):
        return EMPTY
    return ("seq", tuple(items)) if len(items) != 1 else items[0] if items else EPS


def _alt(*items):
    items = [i for i in items if i != EMPTY]
    return ("alt", tuple(items)) if len(items) != 1 else items[0] if items else EMPTY


def _star(item):
    return EPS if item in (EMPTY, EPS) else ("star", item)


class _ContentModels(TeiAllIndex):
    """tei_all's content models as regular expressions over the element names in *alphabet*,
    built on parley.teiall's index of the schema's defines and elements."""

    def __init__(self, path: Path, alphabet: set[str]):
        super().__init__(path)
        self.alphabet = alphabet

    def element(self, name: str) -> etree._Element:
        return self.element_define[name]

    def content(self, name: str):
        """(regex over element names, text allowed?, {attribute: required?})"""
        el = self.element(name)
        self._text = False
        self._atts: dict[str, bool] = {}
        regex = _seq(*[self._pattern(c, required=True) for c in el if isinstance(c.tag, str) and c.tag.startswith(R)])
        return regex, self._text, self._atts

    def _pattern(self, node, required: bool, seen=()):
        tag = node.tag[len(R):]
        kids = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(R)]
        if tag == "ref":
            name = node.get("name")
            ds = self.defines[name]
            if ds[0].find(f"{R}element") is not None:
                el_name = ds[0].find(f"{R}element").get("name")
                return ("sym", el_name) if el_name in self.alphabet else EMPTY
            assert name not in seen, f"recursive define {name}"
            parts = [_seq(*[self._pattern(c, required, seen + (name,)) for c in d if isinstance(c.tag, str) and c.tag.startswith(R)]) for d in ds]
            return _alt(*parts) if len(ds) > 1 else parts[0]
        if tag == "element":
            return ("sym", node.get("name")) if node.get("name") in self.alphabet else EMPTY
        if tag in ("group", "define"):
            return _seq(*[self._pattern(c, required, seen) for c in kids])
        if tag == "choice":
            return _alt(*[self._pattern(c, False, seen) for c in kids])
        if tag == "optional":
            return _alt(EPS, _seq(*[self._pattern(c, False, seen) for c in kids]))
        if tag == "zeroOrMore":
            return _star(_seq(*[self._pattern(c, False, seen) for c in kids]))
        if tag == "oneOrMore":
            inner = _seq(*[self._pattern(c, required, seen) for c in kids])
            return _seq(inner, _star(inner))
        if tag in ("text", "data", "value", "list"):
            self._text = True
            return EPS
        if tag == "attribute":
            if node.get("name"):
                name = node.get("name")
                self._atts[name] = self._atts.get(name, False) or required
            return EPS
        if tag == "empty":
            return EPS
        if tag == "notAllowed":
            return EMPTY
        if tag == "interleave":
            raise AssertionError("interleave is not handled by this check")
        return EPS  # annotations, sch:pattern, etc.


def _xsd_regex(type_name: str):
    """(regex over element names, text allowed?, {attribute: required?}) for an XSD complex type."""
    t = TYPES[type_name]
    text = t.get("mixed") == "true" or t.find(f"{X}simpleContent") is not None

    def occurs(node, item):
        lo = int(node.get("minOccurs", "1"))
        hi = node.get("maxOccurs", "1")
        if hi == "unbounded":
            return _seq(*([item] * lo), _star(item))
        return _seq(*([item] * lo), *([_alt(EPS, item)] * (int(hi) - lo)))

    def model(node):
        tag = node.tag[len(X):]
        if tag == "element":
            return occurs(node, ("sym", node.get("name")))
        if tag == "group":
            g = GROUPS[_local(node.get("ref"))]
            inner = model([c for c in g if c.tag in (f"{X}sequence", f"{X}choice")][0])
            return occurs(node, inner)
        if tag == "sequence":
            return occurs(node, _seq(*[model(c) for c in node if c.tag in PARTICLES]))
        if tag == "choice":
            return occurs(node, _alt(*[model(c) for c in node if c.tag in PARTICLES]))
        raise AssertionError(tag)

    PARTICLES = {f"{X}element", f"{X}group", f"{X}sequence", f"{X}choice"}
    body = t
    cc = t.find(f"{X}complexContent/{X}extension")
    if cc is not None:
        base = TYPES[_local(cc.get("base"))]
        parts = [model(c) for c in list(base) + list(cc) if c.tag in PARTICLES]
        regex = _seq(*parts)
    else:
        parts = [model(c) for c in body if c.tag in PARTICLES]
        regex = _seq(*parts) if parts else EPS
    atts = {name: a.get("use") == "required" for name, a in xsd_attributes(type_name).items()}
    return regex, text, atts


class _NFA:
    def __init__(self, regex):
        self.edges: list[list[tuple[str | None, int]]] = []
        self.start, self.end = self._build(regex)

    def _new(self):
        self.edges.append([])
        return len(self.edges) - 1

    def _build(self, r):
        s, e = self._new(), self._new()
        kind = r[0]
        if kind == "eps":
            self.edges[s].append((None, e))
        elif kind == "sym":
            self.edges[s].append((r[1], e))
        elif kind == "seq":
            cur = s
            for item in r[1]:
                a, b = self._build(item)
                self.edges[cur].append((None, a))
                cur = b
            self.edges[cur].append((None, e))
        elif kind == "alt":
            for item in r[1]:
                a, b = self._build(item)
                self.edges[s].append((None, a))
                self.edges[b].append((None, e))
        elif kind == "star":
            a, b = self._build(r[1])
            self.edges[s] += [(None, a), (None, e)]
            self.edges[b] += [(None, a), (None, e)]
        # "empty": no path from s to e
        return s, e

    def closure(self, states):
        stack, seen = list(states), set(states)
        while stack:
            for label, nxt in self.edges[stack.pop()]:
                if label is None and nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return frozenset(seen)

    def step(self, states, symbol):
        return self.closure({n for s in states for label, n in self.edges[s] if label == symbol})


def _counterexample(small, big, alphabet):
    """A word in L(small) but not in L(big), or None (breadth-first: the shortest)."""
    a, b = _NFA(small), _NFA(big)
    start = (a.closure({a.start}), b.closure({b.start}))
    queue, seen = [(start, ())], {start}
    while queue:
        (sa, sb), word = queue.pop(0)
        if a.end in sa and b.end not in sb:
            return word
        for sym in alphabet:
            na = a.step(sa, sym)
            if not na:
                continue
            nxt = (na, b.step(sb, sym))
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, word + (sym,)))
    return None


@pytest.mark.skipif(not TEI_ALL.is_file(), reason="TEI's tei_all.rng (../shared/tei-p5) is not available")
def test_every_content_model_restricts_tei_all():
    alphabet = {name for name, _ in xsd_declarations()}
    tei = _ContentModels(TEI_ALL, alphabet)
    failures = []
    for name, type_name in xsd_declarations():
        mine, my_text, my_atts = _xsd_regex(type_name)
        theirs, their_text, their_atts = tei.content(name)
        word = _counterexample(mine, theirs, sorted(alphabet))
        if word is not None:
            failures.append(f"<{name}> (type {type_name}) accepts children {list(word)}, which tei_all rejects")
        if my_text and not their_text:
            failures.append(f"<{name}> (type {type_name}) allows text, which tei_all does not")
        for att in my_atts:
            if att not in their_atts:
                failures.append(f"<{name}> allows @{att}, which tei_all does not define for it")
        for att, required in their_atts.items():
            if required and not my_atts.get(att):
                failures.append(f"<{name}>: tei_all requires @{att}, parley.xsd does not")
    assert failures == []


@pytest.mark.skipif(not TEI_ALL.is_file(), reason="TEI's tei_all.rng (../shared/tei-p5) is not available")
def test_the_table_of_what_tei_allows_is_generated_from_tei_all():
    from parley.teiall import generate

    assert (ROOT / "src" / "parley" / "teiall_data.py").read_text(encoding="utf-8") == generate(TEI_ALL, ODD), (
        "src/parley/teiall_data.py is out of date: run "
        "`.venv/bin/python -m parley.teiall ../shared/tei-p5/tei_all.rng > src/parley/teiall_data.py`"
    )


def test_what_tei_allows():
    from parley import teiall

    assert teiall.defines_attribute("p", "rend") is True and teiall.defines_attribute("p", "when") is False
    assert teiall.defines_attribute("persName", "when") is True  # att.datable
    assert teiall.requires_attribute("sp", "who") is False and teiall.requires_attribute("prefixDef", "matchPattern") is True
    assert teiall.accepts_value("persName", "cert", "0.6") is True and teiall.accepts_value("persName", "cert", "1.5") is False
    assert teiall.accepts_value("certainty", "cert", "0.6") is False  # certainty's own cert has no probabilities
    assert teiall.accepts_value("rendition", "scheme", "xslfo") is True and teiall.accepts_value("rendition", "scheme", "sass") is False
    assert teiall.accepts_value("p", "rend", "indent") is None  # not restricted by the ODD: not in the table
    assert teiall.is_tei_element("lg") and not teiall.is_tei_element("foo")
    assert teiall.defines_attribute("lg", "type") is None  # not an element of the customization


@pytest.mark.skipif(not TEI_ALL.is_file(), reason="TEI's tei_all.rng (../shared/tei-p5) is not available")
def test_the_inclusion_check_catches_a_looser_model():
    tei = _ContentModels(TEI_ALL, {"sp", "speaker", "p", "stage", "div", "TEI", "text"})
    theirs = tei.content("sp")[0]
    assert _counterexample(("seq", (("sym", "speaker"), ("sym", "p"))), theirs, ["p", "speaker"]) is None
    assert _counterexample(("sym", "div"), theirs, ["div"]) == ("div",)  # a div is no content of sp


@pytest.mark.skipif(not (CONFORMANCE.is_file() and shutil.which("jing")), reason="the tei-conformance tool (../shared/tools) or jing is not available")
def test_tei_conformance_of_the_odd_the_records_and_the_valid_fixtures():
    fixtures = ROOT / "tests" / "fixtures" / "invalid"
    files = [SCHEMA / "parley.odd", *sorted((ROOT / "tei").glob("*.xml")), fixtures / "ok-record.xml", fixtures / "ok-corpus.xml", fixtures / "authority.xml"]
    result = subprocess.run([str(CONFORMANCE), *map(str, files)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^\d+ passed, 0 failed$", result.stdout, re.M)
