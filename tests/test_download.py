"""The TEI the site offers for download, ``<stem>/<stem>.xml``: the record as one
self-contained file (its standalone export), not a copy of ``tei/<stem>.xml``.

A scholar who downloads it has nothing else: every pointer must resolve inside the file
(checked here by a resolver of our own, not the exporter's), the file must be valid TEI P5
``tei_all``, and it must be the same bytes from one rendering to the next.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from conftest import TEI, tei_all
from parley.export import standalone_file
from parley.xml import parse_xml

T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
STEMS = sorted(p.stem for p in TEI.glob("*.xml") if p.name not in {"authority.xml", "editorial.xml", "corpus.xml"})
#: the attributes that identify (names, speakers, participants) or link
POINTERS = ("ref", "who", "sameAs", "target", "corresp", "resp", "source")
NAMES = ("persName", "placeName", "orgName", "rs", "funder")
WEB = re.compile(r"^(https?|mailto):")



def asserts_a_pointer(el: etree._Element) -> bool:
    """A certainty about an identification (match="@ref") holds another one in assertedValue
    (the entry the editors consider: "pers:togo")."""
    return etree.QName(el).localname == "certainty" and (el.get("match") or "").lstrip("@") in POINTERS


def resolve(root: etree._Element) -> tuple[dict[str, etree._Element], list[str]]:
    """Every pointer of the file, resolved within the file through its own prefixDefs:
    (token -> element, for those that resolve; the problems of those that do not). A link to
    the web (https:, mailto:) is not an identification and is left alone."""
    ids = {el.get(XML_ID): el for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    prefixes = {pd.get("ident"): pd for pd in root.iter(f"{T}prefixDef")}
    found, bad = {}, []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        attrs = POINTERS + (("assertedValue",) if asserts_a_pointer(el) else ())
        for attr in attrs:
            for token in (el.get(attr) or "").split():
                if WEB.match(token):
                    continue
                target = token
                prefix, sep, rest = token.partition(":")
                if sep and prefix in prefixes:
                    pd = prefixes[prefix]
                    m = re.fullmatch(pd.get("matchPattern"), rest)
                    target = re.sub(r"\$(\d)", lambda g: m.group(int(g.group(1))), pd.get("replacementPattern")) if m else token
                if target.startswith("#") and target[1:] in ids:
                    found[token] = ids[target[1:]]
                else:
                    bad.append(f"line {el.sourceline}: <{etree.QName(el).localname} {attr}=\"{token}\"> -> {target}")
    return found, bad


def name_pointers(root: etree._Element) -> list[str]:
    """The record's own identifications: not those of the entries copied into its standOff
    (an identification note may name another entry: Tōgō's names Tōjō)."""
    return [
        token
        for el in root.iter(*(f"{T}{n}" for n in NAMES))
        if not el.xpath("ancestor::t:standOff", namespaces={"t": T[1:-1]})
        for token in (el.get("ref") or "").split()
    ] + [token for el in root.iter(f"{T}sp", f"{T}stage", f"{T}person") for a in ("who", "sameAs") for token in (el.get(a) or "").split()] + [
        el.get("assertedValue") for el in root.iter(f"{T}certainty") if asserts_a_pointer(el)
    ]


@pytest.mark.parametrize("stem", STEMS)
def test_every_pointer_of_the_download_resolves_within_it(site, stem):
    data = (site / stem / f"{stem}.xml").read_bytes()
    root = parse_xml(data, f"{stem}.xml")
    found, bad = resolve(root)
    assert bad == []
    # every identification of the record is there, each to an entry with its preferred name
    original = parse_xml((TEI / f"{stem}.xml").read_bytes(), stem)
    assert len(name_pointers(root)) == len(name_pointers(original)) > 100
    for token in name_pointers(root):
        entry = found[token]
        assert etree.QName(entry).localname in ("person", "place", "org", "event"), token
        assert entry.find(f"*[@type='preferred']") is not None, token
    # nothing left that points outside: no prefixDef into another file, no relative schema path
    assert [pd.get("replacementPattern") for pd in root.iter(f"{T}prefixDef") if not pd.get("replacementPattern", "").startswith("#")] == []
    assert re.findall(rb'<\?xml-model href="(?!https://)', data) == []
    assert b"parley-checksum" not in data


def test_downloads_are_valid_tei_all(site):
    report = tei_all([site / stem / f"{stem}.xml" for stem in STEMS])
    assert f"{len(STEMS)} passed, 0 failed" in report


@pytest.mark.parametrize("stem", STEMS)
def test_the_download_is_the_standalone_export(site, stem):
    """Made by the function `parley export --standalone` uses: the same bytes."""
    data = (site / stem / f"{stem}.xml").read_bytes()
    exported, problems = standalone_file(TEI / f"{stem}.xml")
    assert problems == [] and data == exported
    assert data != (TEI / f"{stem}.xml").read_bytes()


def test_downloads_are_deterministic(site, tmp_path):
    """A second rendering, by another renderer, gives the same bytes."""
    from parley.render import Renderer

    for stem in STEMS:
        Renderer().render_record(TEI / f"{stem}.xml", tmp_path)
        assert (tmp_path / stem / f"{stem}.xml").read_bytes() == (site / stem / f"{stem}.xml").read_bytes(), stem


def test_the_index_says_what_the_download_is(site):
    doc = lxml_html.document_fromstring((site / "index.html").read_bytes())
    lede = " ".join(doc.xpath('string(//p[@class="lede"])').split())
    assert "downloaded as one self-contained file, valid TEI P5 (tei_all)" in lede
    assert "the entries of the registers it refers to are included in it" in lede


def test_an_edited_authority_file_changes_the_next_download(renderer, tmp_path):
    """The renderer keeps the authority file it read, while it is unchanged."""
    stem = STEMS[0]
    tei = tmp_path / "tei"
    tei.mkdir()
    for name in (f"{stem}.xml", "authority.xml"):
        shutil.copyfile(TEI / name, tei / name)
    renderer.render_record(tei / f"{stem}.xml", tmp_path / "a")
    assert b"Joseph Stalin</persName>" in (tmp_path / "a" / stem / f"{stem}.xml").read_bytes()
    authority = tei / "authority.xml"
    authority.write_text(authority.read_text(encoding="utf-8").replace('type="preferred">Joseph Stalin<', 'type="preferred">Iosif Stalin<', 1), encoding="utf-8")
    renderer.render_record(tei / f"{stem}.xml", tmp_path / "b")
    data = (tmp_path / "b" / stem / f"{stem}.xml").read_bytes()
    assert b'type="preferred">Iosif Stalin<' in data and b'type="preferred">Joseph Stalin<' not in data


def test_a_record_rendered_away_from_its_authority_file_says_what_its_download_is(tmp_path):
    """`parley render other.xml -o DIR` with no authority file beside the record: the views
    link no names, and the download cannot carry the entries. It keeps those pointers as they
    were and says so in its own change; the index does not promise a self-contained file."""
    from parley.render import render_paths

    stem = STEMS[0]
    record = tmp_path / f"{stem}.xml"
    shutil.copyfile(TEI / f"{stem}.xml", record)
    render_paths([record], tmp_path / "out")
    data = (tmp_path / "out" / stem / f"{stem}.xml").read_bytes()
    root = parse_xml(data, stem)
    found, bad = resolve(root)
    assert bad and all("authority.xml#" in b for b in bad)  # pointers into the missing file, no others
    change = root.find(f"{T}teiHeader/{T}revisionDesc/{T}change")
    text = " ".join(change.text.split())
    assert change.get("type") == "export" and change.get("who") == "#resp-enc"
    assert "the pointers it could not resolve (into authority.xml) are left as they were: they do not resolve in this file" in text
    assert "Check this file against TEI P5 tei_all" not in text
    doc = lxml_html.document_fromstring((tmp_path / "out" / "index.html").read_bytes())
    lede = " ".join(doc.xpath('string(//p[@class="lede"])').split())
    assert lede.endswith("The TEI XML of each record can be downloaded.") and "self-contained" not in lede
