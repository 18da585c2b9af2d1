"""The edition site: both views of both records, registers, index, encoding page.

* Golden files of both views of both records (``tests/golden/``), compared after
  normalisation. After a deliberate change, regenerate and review them::

      PARLEY_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py -k golden
      git diff tests/golden/

* The diplomatic view is the transcript: every raw line from the date line (or the inner
  heading) to the last turn is a line of its text, in order, white space folded.
* Every internal link of the site resolves (file and fragment), register back-links included.
* Hostile and foreign TEI render without error and inert.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from conftest import FIXTURES, RAW, ROOT, TEI

GOLDEN = Path(__file__).resolve().parent / "golden"
FOREIGN = FIXTURES / "foreign"
RECORD_STEMS = sorted(p.stem for p in TEI.glob("*.xml") if p.name not in {"authority.xml", "editorial.xml", "corpus.xml"})
VIEWS = ("reading", "diplomatic")


def fold(text: str) -> str:
    return " ".join(text.split())



@pytest.fixture(scope="session")
def authority_node(renderer):
    return renderer._authority(TEI / "authority.xml")


def page(path: Path):
    return lxml_html.document_fromstring(path.read_bytes())


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


# ----------------------------------------------------------------------------------------
# Golden files


def normalise(text: str) -> str:
    """HTML with white space folded and one block element per line, for stable diffs."""
    doc = lxml_html.document_fromstring(text)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text:
            el.text = re.sub(r"\s+", " ", el.text)
        if el.tail:
            el.tail = re.sub(r"\s+", " ", el.tail)
    out = lxml_html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>")
    out = re.sub(r"\s*(<(?:div|p|li|h[1-6]|section|ul|ol|dl|dt|dd|header|nav|main|footer|details|summary|table|tr|head|body|meta|link|title)\b)", r"\n\1", out)
    out = re.sub(r"> +\n", ">\n", out)
    # White space before a block's end tag is not shown (and the serializer may or may not
    # indent): drop it.
    out = re.sub(r"\s+(</(?:div|section|ul|ol|dl|header|nav|main|footer|details|table|tr|head|body|html)>)", r"\1", out)
    return out.strip() + "\n"


@pytest.mark.parametrize("stem", RECORD_STEMS)
@pytest.mark.parametrize("view", VIEWS)
def test_golden(renderer, authority_node, stem, view):
    html = renderer.render_views((TEI / f"{stem}.xml").read_bytes(), stem, authority_node)[view]
    got = normalise(html)
    golden = GOLDEN / f"{stem}.{view}.html"
    if os.environ.get("PARLEY_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with PARLEY_UPDATE_GOLDEN=1 and review it"
    want = golden.read_text(encoding="utf-8")
    if got != want:
        import difflib

        diff = "".join(list(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "rendered", n=1))[:80])
        pytest.fail(f"{golden.name} differs (PARLEY_UPDATE_GOLDEN=1 regenerates it; review the diff):\n{diff}")


def test_output_is_deterministic(renderer, authority_node):
    data = (TEI / f"{RECORD_STEMS[0]}.xml").read_bytes()
    first = renderer.render_views(data, RECORD_STEMS[0], authority_node)
    second = renderer.render_views(data, RECORD_STEMS[0], authority_node)
    assert first == second


@pytest.mark.parametrize("stem", RECORD_STEMS)
def test_shared_record_maps_change_nothing(renderer, authority_node, stem):
    """The maps made once per record (record-maps.xsl) are a saving only: each view and the
    summary, run without them, compute the same maps and write the same bytes."""
    data = (TEI / f"{stem}.xml").read_bytes()
    _, node = renderer._parse(data, stem)
    params = renderer._page_params(stem, authority_node)
    maps = renderer._maps_of(node, stem, params)
    for view, exe in renderer._views.items():
        alone = renderer._run(exe, node, stem, **params)
        shared = renderer._run(exe, node, stem, **params, **{"record-maps": maps})
        assert alone == shared, view
        if view == "reading":
            assert 'id="_ma.1"' in shared and 'href="../persons.html#stalin"' in shared  # the summary's first name
    assert renderer._summary_of(node, stem, authority_node, stem) == renderer._summary_of(node, stem, authority_node, stem, maps)


# ----------------------------------------------------------------------------------------
# The diplomatic view is the transcript


def raw_document_lines(raw: Path) -> list[str]:
    """The raw lines of the document proper: after the funding line, before the summary
    that precedes "Document Information"; blank lines dropped, white space folded."""
    lines = raw.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("This document was made possible")) + 1
    end = next(i for i, line in enumerate(lines) if line.strip() == "Document Information")
    body = [fold(line) for line in lines[start:end] if line.strip()]
    return body[:-1]  # the last one is the archive's summary


def diplomatic_lines(text: str) -> list[str]:
    doc = lxml_html.document_fromstring(text)
    section = doc.get_element_by_id("_transcript")
    for el in section.xpath('.//*[contains(concat(" ", normalize-space(@class), " "), " apparatus ")]'):
        el.drop_tree()  # turn numbers and view links: the edition's, not the source's
    section.get_element_by_id("_transcript-h").drop_tree()
    return [fold(el.text_content()) for el in section.xpath(".//p | .//li | .//h3 | .//h4 | .//h5 | .//h6")]


@pytest.mark.parametrize("stem", [s for s in RECORD_STEMS if (RAW / f"{s}.txt").is_file()])
def test_diplomatic_view_is_the_transcript(site, stem):
    want = raw_document_lines(RAW / f"{stem}.txt")
    got = diplomatic_lines((site / stem / "diplomatic.html").read_text(encoding="utf-8"))
    assert len(want) > 50
    for i, (w, g) in enumerate(zip(want, got)):
        assert g == w, f"line {i + 1} of the document differs:\n raw:        {w}\n diplomatic: {g}"
    assert len(got) == len(want), f"{len(want)} raw lines, {len(got)} lines in the diplomatic view"


@pytest.mark.parametrize("stem", [s for s in RECORD_STEMS if (RAW / f"{s}.txt").is_file()])
def test_diplomatic_view_gives_the_summary_as_published(site, stem):
    """The archive's summary is part of the record as exported (the raw line before
    "Document Information"): the diplomatic view shows it exactly, its slips kept ("Chian"),
    outside the transcript; the reading view corrects it, marked, and says so."""
    lines = [fold(line) for line in (RAW / f"{stem}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    summary = lines[lines.index("Document Information") - 1]
    doc = page(site / stem / "diplomatic.html")
    section = doc.get_element_by_id("_abstract")
    assert [fold(p.text_content()) for p in section.xpath('p[@class="p"]')] == [summary]
    assert fold(section.xpath('string(p[@class="attribution"])')) == (
        "Summary by the History and Public Policy Program, exactly as published with the source.")
    assert not section.xpath('.//*[contains(@class, "tip")]')
    reading = page(site / stem / "reading.html").get_element_by_id("_abstract")
    attribution = fold(reading.xpath('string(p[@class="attribution"])'))
    if "Chian " in summary:
        assert "Chiang" in reading.text_content()
        assert attribution == ("Summary by the History and Public Policy Program, as published with the source; "
                               "one slip corrected by the editors, marked.")
    else:
        assert attribution == "Summary by the History and Public Policy Program, as published with the source."


def test_diplomatic_view_has_no_editorial_notes(site):
    for stem in RECORD_STEMS:
        doc = page(site / stem / "diplomatic.html")
        assert not doc.xpath('//*[contains(@class, "fn-ref")]')
        assert not doc.xpath('//*[@id="_notes"]')
        tei = etree.parse(str(TEI / f"{stem}.xml"))
        text = doc.get_element_by_id("_transcript").text_content()
        for note in tei.iter("{http://www.tei-c.org/ns/1.0}note"):
            if note.getparent().tag.endswith("}p"):
                assert fold(note.xpath("string()"))[:40] not in fold(text)


# ----------------------------------------------------------------------------------------
# The reading view


def test_reading_view_conventions(site):
    doc = page(site / "1945-07-07-soong-stalin" / "reading.html")
    text = fold(doc.get_element_by_id("_transcript").text_content())
    # corrected and expanded text, with the source's reading on demand
    choice = [el for el in doc.xpath('//*[contains(@class, "choice")]') if "Petropavlovsk" in el.text_content()]
    assert choice and "source: Petropavlosk" in choice[0].text_content()
    assert "kilometres" in text
    # the source's supplements, in their brackets
    supplied = doc.xpath('//*[@id="_transcript"]//*[contains(@class, "supplied")]')
    shown = ["".join(s.xpath("./text() | ./*[not(@class='tip')]//text()")) for s in supplied]
    assert "[Kai-shek]" in shown
    # the queried reading is marked, and says so to keyboard and screen-reader users
    queried = doc.xpath('//*[contains(concat(" ", @class, " "), " queried ")]')
    assert queried and "De Castri" in queried[0].text_content()
    assert "queried by the recorder" in queried[0].text_content()
    # who made the square brackets: as the TEI's interpretation says, an assumption
    tip = fold(supplied[0].xpath("string(span[@class='tip'])"))
    assert tip == "(square brackets of the published transcript, taken to be its publisher’s: History and Public Policy Program)"
    assert "supplied in the transcript" not in doc.xpath("string(//body)")
    # speaker labels as printed (the brackets as elsewhere), linked to the register, the
    # standard name on demand as for names
    def label(turn):
        [speaker] = doc.get_element_by_id(f"rec-1945-07-07-soong-stalin-sp{turn:03d}").xpath('p[@class="speaker"]')
        [a] = speaker.xpath("a")
        words = fold("".join(a.xpath(".//text()[not(ancestor::span[contains(concat(' ', @class, ' '), ' tip ')])]")))
        return a.get("href"), words, fold(a.xpath("string(span[@class='tip'])"))
    assert label(1) == ("../persons.html#soong", "[T.V] Soong:", "(T. V. Soong)")
    assert label(2) == ("../persons.html#stalin", "[Joseph] Stalin:", "")  # the label is the standard name
    assert label(12) == ("../persons.html#molotov", "Molotov:", "(Vyacheslav Molotov)")
    # explanations are set apart in the text, for screen readers and text extraction
    assert "reported how important Stalin (Joseph Stalin) considers" in text
    # stage directions are set apart (p.stage), in the other record
    doc10 = page(site / "1945-08-10-soong-stalin" / "reading.html")
    assert doc10.xpath('//p[contains(@class, "stage")][starts-with(normalize-space(.), "(Stalin")][contains(., "laughs)")]')
    # a speaker the authority identifies with high confidence, not certainty ("Wang" is a
    # variant of cert="high"): said so, as for names
    labels = {fold(p.text_content()) for p in doc10.xpath('//p[@class="speaker"]')}
    assert {"Wang: (Wang Shijie; identification of high confidence, not certain)",
            "Lossovski: (Solomon Lozovsky; identification of high confidence, not certain)",
            "Fu: (Fu Bingchang; identification of high confidence, not certain)",
            "Stalin: (Joseph Stalin)", "Soong: (T. V. Soong)", "Molotov: (Vyacheslav Molotov)"} == labels


def test_legend_explains_what_the_record_has(site):
    """A view's legend gives the conventions of the constructs that occur in that record
    (its text and summary), not examples from another record or marks it never shows."""
    def legend(stem, view):
        doc = page(site / stem / f"{view}.html")
        return {fold(dt.text_content()): fold(dt.xpath("string(following-sibling::dd[1])")) for dt in doc.xpath('//dl[@class="legend"]/dt')}
    july, august = "1945-07-07-soong-stalin", "1945-08-10-soong-stalin"
    assert "statement of certainty" not in legend(july, "reading")  # 7 July has none
    assert "possibly … instead" in legend(august, "reading")["statement of certainty"]
    assert "Tōgō" not in " ".join(legend(august, "reading").values())  # generic wording
    assert "deletion" not in legend(july, "diplomatic") and "deletion" not in legend(august, "diplomatic")
    assert "heading" not in legend(july, "reading") and "heading" in legend(august, "reading")
    assert "stage direction" in legend(august, "diplomatic") and "stage direction" not in legend(july, "diplomatic")
    for stem in (july, august):
        for view in VIEWS:
            assert {"speech turn (sp)", "speaker label", "name with a reference to the register"} <= set(legend(stem, view))


def test_turn_anchors_permalinks_and_view_switch(site):
    for stem in RECORD_STEMS:
        tei = etree.parse(str(TEI / f"{stem}.xml"))
        ids = tei.xpath("//t:sp/@xml:id", namespaces={"t": "http://www.tei-c.org/ns/1.0"})
        for view, other in (("reading", "diplomatic"), ("diplomatic", "reading")):
            doc = page(site / stem / f"{view}.html")
            for sp_id in ids:
                turn = doc.get_element_by_id(sp_id)
                assert "sp" in classes(turn)
                perma = turn.xpath('./a[contains(@class, "n")]')[0]
                assert perma.get("href") == f"#{sp_id}" and perma.text_content().strip()
                switch = turn.xpath('./a[contains(@class, "switch")]')[0]
                assert switch.get("href") == f"{other}.html#{sp_id}"


def test_footnotes_link_to_notes_and_back(site):
    doc = page(site / "1945-08-10-soong-stalin" / "reading.html")
    markers = doc.xpath('//a[contains(@class, "fn-ref")]')
    notes = doc.xpath('//ol[contains(@class, "notes")]/li')
    assert len(markers) == len(notes) == 5
    for k, (marker, note) in enumerate(zip(markers, notes), start=1):
        assert marker.xpath("string(sup)") == str(k)
        preview = fold(marker.xpath("string(span[@class='tip note-tip'])"))
        assert preview.startswith("(") and preview.endswith(")")  # set apart for screen readers and text extraction
        assert preview[1:-1] in fold(note.text_content())  # the preview is the note
        assert marker.get("href") == "#" + note.get("id")
        back = note.xpath('.//a[contains(@class, "back")]')[0]
        assert back.get("href") == "#" + marker.get("id")


def test_names_link_to_registers_with_standard_form_on_demand(site):
    doc = page(site / "1945-08-10-soong-stalin" / "reading.html")
    tojo = [a for a in doc.xpath('//a[contains(@class, "name")]') if a.text == "Tojo"]
    assert tojo, "Tojo is named in the 10 August record"
    tips = [a.xpath('./span[@class="tip"]')[0].text_content() for a in tojo]
    assert all("Tōjō Hideki" in tip for tip in tips)
    # the turn-103 "Tojo" is a doubtful identification (cert="medium"): marked, and said so
    doubtful = [a for a in tojo if "cert-medium" in classes(a)]
    assert doubtful and "probable identification" in doubtful[0].text_content()
    # an identification of high confidence is not certain either: said so, without the dashed
    # underline of a probable or possible one
    emperor = [a for a in doc.xpath('//a[contains(@class, "name")]') if a.text == "their emperor"]
    assert emperor and all(fold(a.xpath("string(span[@class='tip'])")) == "(Hirohito; identification of high confidence, not certain)"
                           and "cert-high" in classes(a) for a in emperor)
    # the standard form is text in the page (keyboard, touch, print, screen readers), not a title
    assert not doc.xpath('//*[@id="_transcript"]//*[@title]')


@pytest.mark.parametrize("view", VIEWS)
def test_names_inside_a_reference_keep_their_links(site, view):
    """Links do not nest in HTML: a reference with names inside it ("Yalta formula signed by
    the Three") is a span whose words keep their own links, and links to its entry from a
    marker after them (no text of its own: the mark is the stylesheet's)."""
    nested = 0
    for stem in RECORD_STEMS:
        tei = etree.parse(str(TEI / f"{stem}.xml"))
        t = {"t": "http://www.tei-c.org/ns/1.0"}
        outer = tei.xpath("//t:text//t:rs[@ref][.//*[@ref]] | //t:abstract//t:rs[@ref][.//*[@ref]]", namespaces=t)
        doc = page(site / stem / f"{view}.html")
        spans = doc.xpath('//span[contains(concat(" ", @class, " "), " outer ")]')
        assert len(spans) == len(outer) > 0
        for span, rs in zip(spans, outer):
            assert not span.xpath("ancestor::a") and not span.xpath(".//a//a")
            inner = rs.xpath(".//*[@ref]")
            links = span.xpath('.//a[contains(@class, "name")]')
            assert len(links) == len(inner)
            for a, name in zip(links, inner):
                key = name.get("ref").split(":")[1]
                assert a.get("href").endswith(f".html#{key}")
                assert a.text_content().startswith(fold(name.xpath("string()")).split()[0])
            [marker] = span.xpath('a[@class="to-entry"]')
            assert marker.get("href").endswith("#" + rs.get("ref").split(":")[1])
            assert marker.get("aria-label").startswith("Register entry: ") and marker.text_content() == ""
            nested += 1
    assert nested >= 14  # 7 July turns 7, 14, 20, 23, 24, 29, 30, 42, 43 and the summary; 10 Aug 15, 22, 51, 69, 108


def test_header_of_the_reading_view(site):
    doc = page(site / "1945-07-07-soong-stalin" / "reading.html")
    about = fold(doc.get_element_by_id("_about").text_content())
    for expected in (
        "7 July 1945, 23:00–23:45",
        "Moscow",
        "Joseph Stalin",
        "Chairman of the Council of People's Commissars of the USSR",
        "Hoover Institution Archives, Victor Hoo Collection, box 6, folder 9",
        "Wilson Center Digital Archive",
        "Meeting Notes",
        "CC BY 4.0",
        "welcomes reuse",
    ):
        assert expected in about, expected
    assert "Outer Mongolia" in doc.get_element_by_id("_abstract").text_content()
    # The source's date is the document's, as the archive catalogues it, not a date of
    # publication: said so, not run on after the publisher.
    published = fold(doc.xpath('string(//dt[. = "Published source"]/following-sibling::dd[1])'))
    assert "Wilson Center Digital Archive; document dated July 7, 1945." in published
    assert "Archive, July 7, 1945" not in published
    # The place is the editors' inference (the record does not state it): said so wherever
    # it is given, and the evidence is in the header.
    for view in VIEWS:
        when = fold(page(site / "1945-07-07-soong-stalin" / f"{view}.html").xpath('string(//p[@class="when"])'))
        assert when == "7 July 1945, 23:00–23:45 · Moscow (inferred by the editors)"
    assert "(not stated in the record; Harriman" in about
    # The source description the licence refers to is there by that name; the licence's text
    # is linked by its address, not by a lone word.
    assert doc.xpath('//h3[@id="_source-description"][. = "Source description"]')
    licence = doc.xpath('//dt[. = "Licence"]/following-sibling::dd[1]')[0]
    assert "(see the source description)" in licence.text_content()
    [link] = licence.xpath('a[@rel="license"]')
    assert link.text == "creativecommons.org/licenses/by/4.0/" and link.get("href") == "https://creativecommons.org/licenses/by/4.0/"
    # One form of citation: the one the README gives and refsDecl declares (record:turn).
    cite = fold(doc.xpath('string(//dt[. = "How to cite"]/following-sibling::dd[1])'))
    assert "for instance 1945-07-07-soong-stalin:1 for turn 1" in cite
    assert "`1945-07-07-soong-stalin:54`" in (ROOT / "README.md").read_text(encoding="utf-8")
    tei = etree.parse(str(TEI / "1945-07-07-soong-stalin.xml"))
    [delim] = tei.xpath("//t:refsDecl/t:citeStructure/@delim", namespaces={"t": "http://www.tei-c.org/ns/1.0"})
    assert delim == ":"


def test_published_source_gives_its_online_address_when_the_tei_has_one(renderer, authority_node):
    """A verified address of the publisher's page (sourceDesc/bibl/ref) is a link in the
    published source; a target that is not http(s) or relative is not."""
    url = "https://digitalarchive.wilsoncenter.org/document/record-meeting-between-tv-soong-and-stalin-1"
    data = (TEI / "1945-08-10-soong-stalin.xml").read_bytes()
    data = re.sub(rb'<ref target="' + re.escape(url.encode()) + rb'">[^<]*</ref>\s*', b"", data, count=1)  # the record's own
    assert url.encode() not in data
    publisher = b'<publisher ref="org:wcda">Wilson Center Digital Archive</publisher>'
    for target, linked in ((url, True), ("javascript:alert(1)", False)):
        edited = data.replace(publisher, publisher + b"<ref target=\"" + target.encode() + b"\">digitalarchive.wilsoncenter.org</ref>", 1)
        assert edited != data
        html = renderer.render_views(edited, "1945-08-10-soong-stalin", authority_node)["reading"]
        doc = lxml_html.document_fromstring(html)
        dd = doc.xpath('//dt[. = "Published source"]/following-sibling::dd[1]')[0]
        assert "Online: digitalarchive.wilsoncenter.org." in fold(dd.text_content())
        assert bool(dd.xpath(f'.//a[@href="{url}"]')) is linked
        assert not dd.xpath('.//a[starts-with(@href, "javascript")]')


# ----------------------------------------------------------------------------------------
# The site


def test_site_files(site):
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    for page_name in ("index.html", "persons.html", "places.html", "organisations.html", "events.html", "encoding.html", "parley.css"):
        assert page_name in names
    for stem in RECORD_STEMS:
        for name in ("reading.html", "diplomatic.html", f"{stem}.xml"):
            assert f"{stem}/{name}" in names
        # the download is the record's standalone export, not a copy (tests/test_download.py)
        assert (site / stem / f"{stem}.xml").read_bytes() != (TEI / f"{stem}.xml").read_bytes()
    assert not any(n.endswith(".tmp") for n in names)


def _html_pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def _ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        cache[path] = set(page(path).xpath("//@id"))
    return cache[path]


def test_no_broken_internal_links(site):
    cache: dict = {}
    checked = 0
    for path in _html_pages(site):
        doc = page(path)
        for el in doc.xpath("//*[@href or @src]"):
            target = el.get("href") or el.get("src")
            parts = urlsplit(target)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme and not parts.netloc, f"{path.name}: non-relative link {target}"
            dest = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert dest.is_file(), f"{path.relative_to(site)}: broken link {target}"
            if parts.fragment and dest.suffix == ".html":
                assert unquote(parts.fragment) in _ids(dest, cache), f"{path.relative_to(site)}: no #{parts.fragment} in {dest.name}"
            checked += 1
    assert checked > 1000


def test_register_back_links_reach_mentions(site):
    """Every register entry links to every mention of it, and each link lands on that mention."""

    persons = page(site / "persons.html")
    stalin = persons.get_element_by_id("stalin")
    links = stalin.xpath('.//ul[contains(@class, "back-links")]//a[contains(@href, "reading.html#")]')
    cache: dict = {}
    landed = {"name": 0, "turn": 0}
    for a in links:
        path, frag = a.get("href").split("#")
        target = page(site / path).get_element_by_id(unquote(frag))
        if "sp" in classes(target):
            landed["turn"] += 1
            assert target.xpath('.//a[@href="../persons.html#stalin"]')
        else:
            landed["name"] += 1
            assert target.get("href") == "../persons.html#stalin", a.get("href")
        _ids(site / path, cache)
    # Stalin speaks 29 + 78 times (encoding brief, section 5) and is named in both records.
    assert landed["turn"] == 29 + 78
    assert landed["name"] > 10
    # every name in every reading view is listed in its register entry
    for stem in RECORD_STEMS:
        doc = page(site / stem / "reading.html")
        for a in doc.xpath('//a[contains(@class, "name")][@id]'):
            reg, key = a.get("href").split("#")
            entry = page(site / reg.replace("../", "")).get_element_by_id(key) if reg.startswith("../") else None
            assert entry is not None
            assert entry.xpath(f'.//a[@href="{stem}/reading.html#{a.get("id")}"]'), f"{key}: no back-link to {a.get('id')}"


def test_register_lists_group_repeated_mentions_and_keep_every_link(site, renderer):
    """A place named twice is listed once, with the count and a link to each further
    mention ("the summary (3×: 2nd, 3rd)", "turns 3 (2×: 2nd), 23, 30"); a single turn is
    "turn", not "turns … (1)"; every mention of the summaries is still one link, in order,
    named for assistive technology "turn 3, mention 2 of 2"."""
    persons = page(site / "persons.html")

    def lines(key):
        return [fold(p.text_content()) for p in persons.get_element_by_id(key).xpath('.//ul[@class="back-links"]//p[@class="turns"]')]

    assert lines("fu") == ["Speaks in turn 172"]
    assert lines("lozovsky") == ["Speaks in turns 50, 111 (2 turns)"]
    assert lines("soong")[1] == "Named in the summary (3×: 2nd, 3rd)"
    assert lines("chiang")[0] == "Named in the summary, turns 3 (2×: 2nd), 23, 30, 33, 47, 53 (8 mentions in all)"
    assert lines("joffe") == ["Named in turn 43"]
    assert lines("sun") == ["Named in turns 41, 42, 43"]  # the count is plain to see
    three = persons.get_element_by_id("soong").xpath('.//ul[@class="back-links"]/li[1]/p[2]/a/@aria-label')
    assert three == ["the summary, mention 1 of 3", "the summary, mention 2 of 3", "the summary, mention 3 of 3"]
    for stem in RECORD_STEMS:
        summary = etree.fromstring(renderer.summarise_record(TEI / f"{stem}.xml"))
        for name in summary.findall("name"):
            entry = next((page(site / f"{r}.html").get_element_by_id(name.get("key")) for r in ("persons", "places", "organisations", "events")
                          if page(site / f"{r}.html").xpath(f'//section[@id="{name.get("key")}"]')), None)
            hrefs = [unquote(h.split("#")[1]) for h in entry.xpath(f'.//ul[@class="back-links"]//p[@class="turns"]/a[starts-with(@href, "{stem}/reading.html#")]/@href')]
            want = [unquote(m.get("at")) for m in name if m.tag in ("speech", "mention")]
            assert [h for h in hrefs if h in want] == want and len(set(hrefs) - set(want)) == len(name.findall("possible")), name.get("key")


def _place_of(target) -> str:
    """Where a name of a reading view is, said as the registers say it: "turn N" (the
    turn's number), "the summary", or the kind of text it is in outside the turns."""
    for el in target.iterancestors():
        if "sp" in classes(el):
            return "turn " + el.xpath('string(./a[contains(@class, "n")])').strip()
        if el.get("id") == "_abstract":
            return "the summary"
        if "stage" in classes(el):
            return "stage"
        if "head" in classes(el):
            return "heading"
    return "text"


def test_register_back_links_say_where_each_mention_is(site):
    """Each "Named in" (or "Referred to in") link of a register is labelled by where the name
    really is: a turn, the summary (the header's abstract), the heading, or a stage direction
    between turns (with the turn before it); never "the summary" for a name of the text."""
    cache: dict = {}
    checked = {"turn": 0, "the summary": 0, "heading": 0, "stage": 0}
    for register in ("persons", "places", "organisations", "events"):
        doc = page(site / f"{register}.html")
        said = " or ".join(f'span[@class="label"] = "{label}"' for label in ("Named in ", "Referred to in ", "Named or referred to in "))
        for p in doc.xpath(f'//ul[@class="back-links"]//p[@class="turns"][{said}]'):
            for a in p.xpath("./a"):
                path, frag = a.get("href").split("#")
                if path not in cache:
                    cache[path] = page(site / path)
                where = _place_of(cache[path].get_element_by_id(unquote(frag)))
                # The link's accessible name says where it goes ("turn 3", "the summary,
                # mention 2 of 3"); its text is shorter in a list ("3", "2nd").
                label = a.get("aria-label").split(", mention ")[0]
                if where.startswith("turn "):
                    assert label == where, (register, a.get("href"), label)
                    checked["turn"] += 1
                elif where == "the summary":
                    assert label == "the summary", (register, a.get("href"), label)
                    checked["the summary"] += 1
                elif where == "heading":
                    assert label == "the heading" or label.startswith("a heading after turn "), (a.get("href"), label)
                    checked["heading"] += 1
                else:
                    assert where == "stage" and label.startswith("a stage direction "), (a.get("href"), label)
                    checked["stage"] += 1
    assert all(checked.values()), checked
    # The reviewer's cases, in the 10 August record: the names of the inner heading, and
    # "(Stalin laughs)" between turns 94 and 95.
    persons = page(site / "persons.html")
    stem = "1945-08-10-soong-stalin"

    def labels(key):
        return {a.get("href").split("#")[1]: a.get("aria-label").split(", mention ")[0] for a in persons.get_element_by_id(key).xpath(f'.//a[starts-with(@href, "{stem}/reading.html#")][@aria-label]')}

    reading = page(site / stem / "reading.html")
    in_heading = {a.get("href").split("#")[1]: a.get("id") for a in reading.xpath('//*[contains(@class, "head")]//a[@id]')}
    assert labels("soong")[in_heading["soong"]] == "the heading" and labels("stalin")[in_heading["stalin"]] == "the heading"
    laughs = reading.xpath('//p[contains(@class, "stage")][contains(., "laughs")]//a[@href="../persons.html#stalin"]/@id')
    before = reading.xpath('//p[contains(@class, "stage")][contains(., "laughs")]/preceding-sibling::div[contains(@class, "sp")][1]/a[contains(@class, "n")]')
    assert laughs and before[0].text == "94"
    assert labels("stalin")[laughs[0]] == "a stage direction after turn 94"
    in_summary = reading.xpath('//*[@id="_abstract"]//a[@href="../persons.html#stalin"]/@id')
    assert in_summary and labels("stalin")[in_summary[0]] == "the summary"


def test_registers_tell_text_mentions_from_header_citations(site, renderer):
    """An entry that a record's header cites (its source description: a contributor, a
    funder) but whose text does not name it is not "not named in the records": the entry
    says, per record, that the record cites it, and links to the record's description. Such
    citations are not mentions: no "Named in" link, no spelling."""
    tei_ns = {"t": "http://www.tei-c.org/ns/1.0"}
    cited_in = {}  # key -> stems whose source description refers to it
    named_in = {}  # key -> stems whose text or abstract names it (or whose particDesc lists it)
    where = {}  # key -> what the registers say: the archival or the published source's description
    for stem in RECORD_STEMS:
        tei = etree.parse(str(TEI / f"{stem}.xml"))
        for ref in tei.xpath("//t:sourceDesc//@ref", namespaces=tei_ns):
            cited_in.setdefault(ref.split(":")[-1], set()).add(stem)
            kind = "archival" if ref.getparent().xpath("ancestor::t:msDesc", namespaces=tei_ns) else "published"
            where.setdefault(ref.split(":")[-1], set()).add(f"cited in the {kind} source description")
        for ref in tei.xpath("//t:text//@ref | //t:text//@who | //t:abstract//@ref | //t:particDesc//@sameAs", namespaces=tei_ns):
            for token in ref.split():
                named_in.setdefault(token.split(":")[-1], set()).add(stem)
    only_cited = {k for k in cited_in if k not in named_in}
    assert {"wolff", "chiu", "hppp"} <= only_cited
    pages = {name: page(site / f"{name}.html") for name in ("persons", "places", "organisations")}
    for key in only_cited:
        entry = next(p.get_element_by_id(key) for p in pages.values() if p.xpath(f'//*[@id="{key}"]'))
        text = fold(entry.text_content())
        assert "Not named in the records" not in text and "Named in" not in text and "Spellings in the records" not in text
        items = entry.xpath('.//ul[@class="back-links"]/li')
        assert sorted(li.xpath('string(a[@class="rec"]/@href)') for li in items) == sorted(f"{s}/reading.html#_about" for s in cited_in[key])
        for li in items:
            assert fold(li.text_content()).endswith(": not named in the text; " + "; ".join(sorted(where[key]))), key
    # An entry nothing refers to says no more than is true; one named in the text is not
    # said to be cited.
    fdr = fold(pages["persons"].get_element_by_id("fdr").text_content())
    assert "Not named in the text of the records." in fdr
    assert "source description" not in fold(pages["persons"].get_element_by_id("stalin").text_content())
    # In the summaries, citations are an attribute of the entry's <name>, not mentions.
    summary = etree.fromstring(renderer.summarise_record(TEI / f"{RECORD_STEMS[-1]}.xml"))
    wolff = summary.find('name[@key="wolff"]')
    assert wolff.get("cited") == "published" and len(wolff) == 0


def test_registers_say_where_in_the_header_an_entry_is_cited(renderer, tmp_path):
    """The wording comes from where the header refers to the entry, not from the entry: the
    repository and the collection of the archival source description (msIdentifier), once
    they point to the authority file, are "cited in the archival source description", as
    the contributor and the funder of the published source are "cited in the published
    source description"; the place of the meeting, which the setting gives and the records
    do not state (the editors' @cert), says so for every record, named in its text or not."""
    tei_ns = {"t": "http://www.tei-c.org/ns/1.0"}
    summaries = []
    for stem in RECORD_STEMS:
        tei = etree.parse(str(TEI / f"{stem}.xml"))
        [repository] = tei.xpath("//t:msIdentifier/t:repository", namespaces=tei_ns)
        [collection] = tei.xpath("//t:msIdentifier/t:collection", namespaces=tei_ns)
        assert repository.get("ref") in (None, "org:hoover") and collection.get("ref") in (None, "org:hoo-coll")
        repository.set("ref", "org:hoover")
        collection.set("ref", "org:hoo-coll")
        summaries.append(renderer.summarise(etree.tostring(tei), stem, renderer._authority(TEI / "authority.xml")))
    renderer.render_site_from_summaries(summaries, TEI / "authority.xml", tmp_path, pages=("organisations", "places"), static=False)
    orgs, places = page(tmp_path / "organisations.html"), page(tmp_path / "places.html")

    def said(doc, key):
        return [fold(li.text_content()) for li in doc.get_element_by_id(key).xpath('.//ul[@class="back-links"]/li')]

    titles = [etree.fromstring(s).get("title") for s in summaries]
    for key in ("hoover", "hoo-coll"):
        assert said(orgs, key) == [f"{t}: not named in the text; cited in the archival source description" for t in titles], key
    for key in ("hppp", "chiu"):
        assert said(orgs, key) == [f"{t}: not named in the text; cited in the published source description" for t in titles], key
    inferred = "place of the meeting (not stated in the record: inferred by the editors)"
    moscow = said(places, "moscow")
    assert moscow[0] == f"{titles[0]}: not named in the text; {inferred}"
    assert moscow[1].startswith(f"{titles[1]}: {inferred}Named in turn 28")


AUGUST = "1945-08-10-soong-stalin"


def test_a_conjectured_reference_is_a_possible_mention_not_a_spelling(site):
    """The certainty statement on Molotov's "Tojo" (it may stand for Tōgō Shigenori) gives
    Tōgō's entry a "possibly meant in turn 103" link to that name; "Tojo" is not among his
    spellings in the records, and Tōjō's entry still counts it as his."""
    persons = page(site / "persons.html")
    togo = persons.get_element_by_id("togo")
    text = fold(togo.text_content())
    # The statement's certainty is low: "possibly", the word the mention lists use for it.
    assert "Possibly meant in turn 103 (“Tojo”, which the record links to Tōjō Hideki)" in text
    assert "certainty" not in fold(togo.xpath('string(.//ul[@class="back-links"])'))
    assert "Spellings in the records" not in text
    [link, linked] = togo.xpath('.//p[span[@class="label"][starts-with(., "Possibly meant")]]/a')
    assert link.get("href") == f"{AUGUST}/reading.html#rec-{AUGUST}-ps01"
    assert linked.get("href") == "persons.html#tojo" and linked.text == "Tōjō Hideki"
    reading = page(site / AUGUST / "reading.html")
    assert reading.get_element_by_id(f"rec-{AUGUST}-ps01").text == "Tojo"
    tojo = persons.get_element_by_id("tojo")
    assert "turn 103" in fold(tojo.text_content()) and "Possibly meant" not in fold(tojo.text_content())
    # Tōjō's entry says the same of that mention the other way round, with a link to Tōgō.
    [doubt] = tojo.xpath(f'.//a[@href="{AUGUST}/reading.html#rec-{AUGUST}-ps01"]/following-sibling::span[1]')
    assert fold(doubt.text_content()) == "(probable identification; possibly Tōgō Shigenori)"
    assert doubt.xpath("a/@href") == ["persons.html#togo"]


def test_doubtful_identifications_are_marked_where_they_are_listed(site, renderer, tmp_path, monkeypatch):
    """A name the editors identify with doubt (@cert medium or low) is not a plain mention:
    its link in the entry is followed by the certainty, in the words of the reading view
    ("turn 136 (possible identification)"), and a spelling found only with doubt is marked
    the same ("South-Shanghai (possible identification)"); a spelling also found where they
    are sure (Tojo) is plain. Expected from the records' @cert, in both ways of writing an
    entry (whole, and in pieces)."""
    from parley import render

    tei_ns = {"t": "http://www.tei-c.org/ns/1.0"}
    phrase = {"medium": "probable identification", "low": "possible identification"}
    doubtful = {}  # key -> phrases of its doubtful names in the records, in order
    for stem in RECORD_STEMS:
        tei = etree.parse(str(TEI / f"{stem}.xml"))
        for el in tei.xpath("//t:text//*[@ref][@cert = 'medium' or @cert = 'low']", namespaces=tei_ns):
            doubtful.setdefault(el.get("ref").split(":")[1], []).append(phrase[el.get("cert")])
    # The reviewer's cases, each in the records as doubtful.
    assert {"shanghai", "tojo", "kwantung", "khalkhin-gol", "dekastri", "hsiung"} <= set(doubtful)
    pages = {n: page(site / f"{n}.html") for n in ("persons", "places", "organisations")}

    def entry_of(key, pages=pages):
        return next(p.get_element_by_id(key) for p in pages.values() if p.xpath(f'//*[@id="{key}"]'))

    def marked(entry):
        notes = []
        for a in entry.xpath('.//ul[@class="back-links"]//p[@class="turns"]/a[contains(@href, "reading.html#")]'):
            after = a.xpath('following-sibling::node()[1][self::span[@class="form-note"]]')
            if after:
                notes.append(fold(after[0].text_content()).strip("()").split(";")[0])
        return notes

    for key, phrases in doubtful.items():
        assert marked(entry_of(key)) == phrases, key
    facts = lambda entry: {fold(dt.text_content()): fold(dt.xpath("string(following-sibling::dd[1])")) for dt in entry.xpath(".//dl/dt")}
    shanghai = facts(entry_of("shanghai"))
    assert shanghai["Spellings in the records"] == "Shanghai, South-Shanghai (possible identification)"
    assert facts(entry_of("tojo"))["Spellings in the records"] == "Tojo"
    assert facts(entry_of("kwantung"))["Spellings in the records"] == "Kwantung (probable identification)"
    assert "turn 136 (possible identification)" in fold(entry_of("shanghai").text_content())
    # Certain names say nothing of certainty.
    assert not marked(entry_of("stalin"))
    # A large entry, written in pieces from its index, says the same.
    summaries = [renderer.summarise_record(TEI / f"{stem}.xml") for stem in RECORD_STEMS]
    monkeypatch.setattr(render, "_PIECE_BYTES", 0)
    renderer.render_site_from_summaries(summaries, TEI / "authority.xml", tmp_path, pages=("places",), static=False)
    pieces = page(tmp_path / "places.html")
    assert facts(pieces.get_element_by_id("shanghai")) == shanghai
    assert marked(pieces.get_element_by_id("shanghai")) == doubtful["shanghai"]


def test_registers_say_referred_to_for_referring_strings(site, renderer, tmp_path, monkeypatch):
    """A register says "Named in" only of names: Hirohito, whom the 10 August record refers to
    as "their emperor" (an rs, no name), is "Referred to in turn 3, turn 5", and "their
    emperor" is not one of his spellings but what the records call him ("Referred to as").
    A record that both names him and refers to him says both, in both ways of writing an
    entry (whole, and a large entry in pieces)."""
    from parley import render

    def facts(entry):
        return {fold(dt.text_content()): fold(dt.xpath("string(following-sibling::dd[1])")) for dt in entry.xpath(".//dl/dt")}

    def labels(entry):
        return [fold(s.text_content()) for s in entry.xpath('.//ul[@class="back-links"]//p[@class="turns"]/span[@class="label"]')]

    hirohito = page(site / "persons.html").get_element_by_id("hirohito")
    assert labels(hirohito) == ["Referred to in"]
    assert "Named in" not in fold(hirohito.text_content())
    assert facts(hirohito).get("Referred to as") == "their emperor"
    assert "Spellings in the records" not in facts(hirohito)
    # The other entries of the persons register are named, and keep their wording.
    stalin = page(site / "persons.html").get_element_by_id("stalin")
    assert set(labels(stalin)) == {"Speaks in turns", "Named in"} and "Referred to as" not in facts(stalin)

    # Hirohito named in turn 3, beside "their emperor": both, and each form where it belongs.
    tei = (TEI / f"{AUGUST}.xml").read_bytes()
    rs = b'<rs type="person" ref="pers:hirohito" cert="high" resp="#resp-enc">their emperor</rs>'
    assert tei.count(rs) == 2
    mixed = tei.replace(rs, rs + b' (<persName ref="pers:hirohito">Hirohito</persName>)', 1)
    summary = renderer.summarise(mixed, AUGUST, renderer._authority(TEI / "authority.xml"))
    mentions = etree.fromstring(summary).findall('name[@key="hirohito"]/mention')
    assert [m.get("rs") for m in mentions] == ["yes", None, "yes"]
    for piece_bytes in (10**12, 0):  # whole entries, then every entry in pieces
        monkeypatch.setattr(render, "_PIECE_BYTES", piece_bytes)
        out = tmp_path / f"pieces-{piece_bytes}"
        renderer.render_site_from_summaries([summary], TEI / "authority.xml", out, pages=("persons",), static=False)
        entry = page(out / "persons.html").get_element_by_id("hirohito")
        assert labels(entry) == ["Named or referred to in"], piece_bytes
        assert facts(entry)["Spellings in the records"] == "Hirohito", piece_bytes
        assert facts(entry)["Referred to as"] == "their emperor", piece_bytes


def test_a_name_added_to_a_turn_moves_the_anchors_of_that_turn_only(renderer, authority_node):
    """Mention anchors are numbered per turn ("_m31.2"): a name tagged in one turn leaves
    every other anchor of the record where it was (links from the registers stay valid)."""
    tei = etree.fromstring((TEI / f"{AUGUST}.xml").read_bytes())
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    sp = tei.xpath("//t:sp[@n='31']", namespaces=ns)[0]
    p = sp.find("t:p", ns)
    name = etree.Element("{http://www.tei-c.org/ns/1.0}persName", ref="pers:molotov")
    name.text, name.tail = "Molotov", " " + (p.text or "")
    p.text = ""
    p.insert(0, name)

    def anchors(data: bytes) -> dict[str, str]:
        doc = lxml_html.document_fromstring(renderer.render_views(data, AUGUST, authority_node)["reading"])
        return {a.get("id"): a.get("href") for a in doc.xpath("//a[starts-with(@id, '_m')]")}

    before, after = anchors((TEI / f"{AUGUST}.xml").read_bytes()), anchors(etree.tostring(tei))
    moved = {i for i in set(before) | set(after) if before.get(i) != after.get(i)}
    assert moved and all(i.startswith("_m31.") for i in moved), sorted(moved)
    assert after["_m31.1"] == "../persons.html#molotov"


def test_register_entries(site):
    persons = fold(page(site / "persons.html").get_element_by_id("lozovsky").text_content())
    assert "Solomon Lozovsky" in persons and "Lossovski" in persons and "1878" in persons
    places = page(site / "places.html").get_element_by_id("dekastri")
    text = fold(places.text_content())
    assert "De-Kastri" in text and "De Castri" in text and "51.47° N, 140.78° E" in text
    wikidata = page(site / "places.html").get_element_by_id("baikal").xpath('.//a[contains(@href, "wikidata.org")]')
    assert wikidata and wikidata[0].text == "Q5513"
    orgs = page(site / "organisations.html")
    assert orgs.get_element_by_id("ccp") is not None


def test_events_register(site):
    """events.html lists the authority file's events by date, each with its kind, date,
    identification and a link to every reference in every record, which lands on the
    reference in the reading view; the register is in every page's navigation."""
    doc = page(site / "events.html")
    assert fold(doc.xpath("string(//h1)")) == "Events and documents"
    entries = doc.xpath('//section[@class="entry"]/@id')
    assert entries == [
        "mongol-indep", "finnish-indep", "white-russians", "sun-joffe", "mpr-constitution", "mukden-incident",
        "cer-sale", "sino-jap-war", "east-frontier-agreement", "ospan-1944", "yalta-conf", "yalta-agreement",
        "soviet-drafts", "agreed-minutes", "declaration", "soviet-entry", "jap-offer", "treaty-1945",
    ]

    def facts(key):
        entry = doc.get_element_by_id(key)
        return {fold(dt.text_content()): fold(dt.xpath("string(following-sibling::dd[1])")) for dt in entry.xpath(".//dl/dt")}

    mukden = facts("mukden-incident")
    assert mukden["Kind"] == "incident" and mukden["Date"] == "18 September 1931"
    assert mukden["Referred to as"] == "Mukden incident" and "Manchurian Incident" in mukden["Other forms"]
    assert mukden["Identification"].startswith("The Mukden (Manchurian) Incident of 18 Sep 1931")
    assert facts("agreed-minutes")["Date"] == "August 1945"
    assert facts("yalta-conf")["Date"] == "4 February 1945 – 11 February 1945"
    # Two occasions, two dates: no range made up between them.
    occasions = doc.get_element_by_id("mongol-indep").xpath('.//ul[@class="occasions"]/li')
    assert [fold(li.text_content()) for li in occasions] == ["1911: the Bogd Khanate", "1921: the people's government"]
    assert facts("mongol-indep")["Dates"] == "1911: the Bogd Khanate1921: the people's government"  # nothing else
    # The editors' confidence, first, one short phrase per level, in the words of the other
    # registers; the prose does not say it again.
    assert facts("mongol-indep")["Identification"].startswith("Very probable identification. Outer Mongolia proclaimed")
    east = facts("east-frontier-agreement")["Identification"]
    assert east.startswith("Probable identification. The Molotov–Togo agreement") and "confidence" not in east
    assert not facts("mukden-incident")["Identification"].startswith(("Very", "Probable", "Possible"))
    for entry in doc.xpath('//section[@class="entry"]'):
        said = fold(entry.xpath('string(.//dt[. = "Identification"]/following-sibling::dd[1])'))
        assert "confidence" not in said and "not certain" not in said, entry.get("id")
    assert "No reference to it is tagged in the records." in fold(doc.get_element_by_id("east-frontier-agreement").text_content())
    # The link to the Mukden incident goes to Wang's turn 51 of 10 August, onto the reference.
    stem = "1945-08-10-soong-stalin"
    [link] = doc.get_element_by_id("mukden-incident").xpath('.//ul[@class="back-links"]//p[@class="turns"]/a')
    assert link.get("aria-label") == "turn 51" and link.get("href").startswith(f"{stem}/reading.html#")
    assert fold(link.getparent().text_content()) == "Referred to in turn 51"
    reading = page(site / stem / "reading.html")
    target = reading.get_element_by_id(unquote(link.get("href").split("#")[1]))
    # Links do not nest in HTML: the reference, which has a name inside, is a span whose
    # words are the record's, and it links to the event from a marker after them.
    assert target.tag == "span" and "outer" in classes(target)
    [marker] = target.xpath('a[@class="to-entry"]')
    assert marker.get("href") == "../events.html#mukden-incident" and marker.get("aria-label") == "Register entry: Mukden Incident"
    assert not marker.text_content()  # the mark is the stylesheet's, not text of the record
    words = "".join(t for t in target.xpath(".//text()[not(ancestor::span[@class='tip'])]"))
    assert fold(words) == "Mukden incident" and fold(target.xpath("string(span[@class='tip'])")) == "(Mukden Incident)"
    turn = target.xpath('ancestor::div[contains(concat(" ", @class, " "), " sp ")]')[0]
    assert turn.get("id") == "rec-1945-08-10-soong-stalin-sp051"
    assert fold(turn.xpath('string(.//p[@class="speaker"])')) == "Wang: (Wang Shijie; identification of high confidence, not certain)"
    # Mukden keeps its own link, to Shenyang, with its standard form on demand.
    [inner] = target.xpath('a[contains(@class, "placeName")]')
    assert inner.text == "Mukden" and inner.get("href") == "../places.html#shenyang"
    assert fold(inner.xpath('string(span[@class="tip"])')) == "(Shenyang)"
    places = page(site / "places.html").get_element_by_id("shenyang")
    assert f'{stem}/reading.html#{inner.get("id")}' in places.xpath(".//a/@href")
    # Every page links to the register.
    for path in _html_pages(site):
        nav = page(path).xpath('//header[@class="site"]//a[text() = "Events and documents"]/@href')
        assert nav and nav[0].endswith("events.html") and (site / path.parent / nav[0]).resolve() == (site / "events.html").resolve(), path


SMALL_AUTHORITY = """<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><p/></publicationStmt>
    <sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
  <standOff>
    <listPerson>
      {persons}
    </listPerson>
  </standOff>
</TEI>"""


def _register_of(renderer, tmp_path, persons: str, name: str = "persons"):
    authority = tmp_path / "authority.xml"
    authority.write_text(SMALL_AUTHORITY.format(persons=persons), encoding="utf-8")
    renderer.render_site_from_summaries([], authority, tmp_path, pages=(name,), static=False)
    return page(tmp_path / f"{name}.html")


def test_register_states_the_certainty_of_facts_readably(site, renderer, tmp_path):
    """@cert on a fact of an entry (affiliation, office, date, coordinates) is said in
    words, as the rest of the site says certainty ("probable", "possible"); on a name,
    as the certainty of the identification."""
    wolff = fold(page(site / "persons.html").get_element_by_id("wolff").text_content())
    assert "Slavic-Eurasian Research Center, Hokkaido University (probable; not verified)" in wolff
    assert "not verified:" not in wolff
    doc = _register_of(renderer, tmp_path, """
      <person xml:id="x">
        <persName type="preferred">X Y</persName>
        <persName type="alt" cert="low">Ix</persName>
        <birth when="1900" cert="0.6"/>
        <occupation from="1930" to="1940" cert="low">Minister</occupation>
        <occupation when="1945" cert="high">Ambassador</occupation>
        <affiliation cert="unknown">A university</affiliation>
        <note type="identification" cert="medium">Perhaps the minister.</note>
      </person>""")
    text = fold(doc.get_element_by_id("x").text_content())
    for expected in (
        "Ix (other form, possible identification)",
        "born 1900 (certainty 0.6; not verified)",
        "Minister (1930 – 1940) (possible; not verified)",
        "Ambassador (1945)",
        "A university (uncertain; not verified)",
        "Probable identification. Perhaps the minister.",
    ):
        assert expected in text, expected
    assert "Ambassador (1945) (" not in text  # cert="high": nothing to say


def test_identifications_are_in_the_readers_language_with_names_as_links(site):
    """An identification says what the records do in words a reader knows, not the
    encoding's ("rs", "editorial table", "statement of certainty") nor keys ("(see togo)"),
    and the other entries it names are links to them (Tōjō's to Tōgō and back; Khalkhin Gol
    and Zhangjiakou, the two readings of "Kalkhim (?)"); one certainty wording per entry,
    that of its mention lists ("possible", "probable"), no "low–medium"."""
    pages = {n: page(site / f"{n}.html") for n in ("persons", "places", "organisations", "events")}
    for name, doc in pages.items():
        for dd in doc.xpath('//dt[. = "Identification"]/following-sibling::dd[1]'):
            said = fold(dd.text_content())
            for jargon in (" rs", "editorial table", "statement of certainty", "(see ", "low–medium", "medium-high", "low-confidence", "high confidence"):
                assert jargon not in said, (name, said)

    def links(doc, key):
        dd = doc.get_element_by_id(key).xpath('.//dt[. = "Identification"]/following-sibling::dd[1]')[0]
        return [(a.get("href"), a.text) for a in dd.xpath(".//a")]

    assert links(pages["persons"], "togo") == [("persons.html#tojo", "Tōjō Hideki")]
    assert links(pages["persons"], "tojo") == [("persons.html#togo", "Tōgō Shigenori")]
    assert links(pages["places"], "kalgan") == [("places.html#khalkhin-gol", "Khalkhin Gol")]
    assert links(pages["places"], "khalkhin-gol") == [("places.html#kalgan", "Zhangjiakou")]
    togo = fold(pages["persons"].get_element_by_id("togo").text_content())
    assert "Possibly the “Tojo”" in togo.replace('"Tojo"', "“Tojo”") and "Possibly meant in turn 103" in togo
    hirohito = fold(pages["persons"].get_element_by_id("hirohito").xpath('string(.//dt[. = "Identification"]/following-sibling::dd[1])'))
    assert hirohito == "Emperor of Japan, referred to as \"their emperor\", not by name, on 10 Aug 1945, in the discussion of Japan's conditional surrender offer."


def test_an_entry_with_two_wikidata_items_says_which_is_which(site):
    """Japan has two verified items (authority facts: "Q17 (Japan)", "Q188712 (Empire of
    Japan)", the 1945 state): each is labelled as the authority file labels it, by a note
    pointing to its idno; an entry with one item shows the item alone."""
    places = page(site / "places.html")

    def items(key):
        return [fold(dd.text_content()) for dd in places.get_element_by_id(key).xpath('.//dt[. = "Wikidata"]/following-sibling::dd')]

    assert items("japan") == ["Q188712 (Empire of Japan, the state of 1945)", "Q17 (Japan)"]
    assert items("baikal") == ["Q5513"]


def test_register_life_dates_say_where_they_come_from(site):
    """Each life date is followed by where it comes from, as the authority file says: a
    source, or "standard reference date" (not re-checked), the words of the events register;
    conflicting reports are one date and the other report ("born 10 March 1891 (Boorman …;
    Munzinger gives 1897)"), not a range; two candidate years are "1895 or 1896", in one
    phrase, not nested parentheses."""
    persons = page(site / "persons.html")

    def dates(key):
        entry = persons.get_element_by_id(key)
        return fold(entry.xpath('string(.//dt[. = "Dates"]/following-sibling::dd[1])'))

    assert dates("stalin") == "born 1878 (standard reference date); died 1953 (standard reference date)"
    assert dates("fdr") == "born 1882 (standard reference date); died 12 April 1945 (standard reference date)"
    assert dates("wang") == "born 10 March 1891 (Boorman, Biographical Dictionary of Republican China; Munzinger gives 1897); died April 1981 (Munzinger)"
    assert dates("fu") == "born 1895 or 1896 (16 February 1896 per memim.com; 1895 per the English Wikipedia); died 1965 (29 July 1965 per memim.com; the year per the English Wikipedia)"
    assert dates("soong") == "born 4 December 1894 (Boorman, Biographical Dictionary of Republican China); died 1971"
    assert "standard reference date" in fold(page(site / "events.html").get_element_by_id("cer-sale").text_content())
    for key in ("wang", "fu"):
        assert "between" not in dates(key) and "((" not in dates(key).replace(" ", "") and "))" not in dates(key), key


def test_register_does_not_repeat_dates_the_text_states(site, renderer, tmp_path):
    """An office whose text gives its dates is not followed by its @from/@to again."""
    yuan = page(site / "persons.html").get_element_by_id("yuan").xpath('.//ul[@class="offices"]/li')
    assert [fold(li.text_content()) for li in yuan] == ["President of the Republic of China (1912/13–1916)"]
    doc = _register_of(renderer, tmp_path, """
      <person xml:id="x">
        <persName type="preferred">X Y</persName>
        <persName type="alt" from="1920" to="1930">X of 1920–1930</persName>
        <persName type="alt" from="1931">Ix</persName>
        <occupation from="1930" to="1940">Minister, 1930-1940</occupation>
        <occupation from="1930" to="1940">Minister of 1930</occupation>
        <occupation to="1945-07">Envoy</occupation>
        <occupation when="1919">Clerk in 19190</occupation>
      </person>""")
    offices = [fold(li.text_content()) for li in doc.get_element_by_id("x").xpath('.//ul[@class="offices"]/li')]
    assert offices == ["Minister, 1930-1940", "Minister of 1930 (1930 – 1940)", "Envoy (until July 1945)", "Clerk in 19190 (1919)"]
    forms = [fold(li.text_content()) for li in doc.get_element_by_id("x").xpath('.//ul[@class="forms"]/li')]
    assert forms == ["X of 1920–1930 (other form)", "Ix (other form, 1931–)"]


def test_persons_are_in_the_order_the_register_says(site, renderer, tmp_path):
    """The persons register is in alphabetical order of family names, as its introduction
    says (not of the authority file's keys: Roosevelt, key "fdr", under R; Xiong Shihui, key
    "hsiung", under X), whatever the order of the authority file: a name written given name
    first is listed as "family name, given names", from the other form that inverts it, or
    from the name's parts (TEI's surname) where it has them; Chinese and Japanese names
    (family name first) and names without a family name as written; diacritics aside
    (Tōgō before Tōjō). The entries follow the contents; an entry's heading is its name."""
    import unicodedata

    doc = page(site / "persons.html")
    lede = fold(doc.xpath('string(//p[@class="lede"])'))
    assert "alphabetical order of family names" in lede and "persons.html#" not in lede and "keys" not in lede
    assert "name the person or refer to them" in lede
    toc = [(a.get("href")[1:], a.text) for a in doc.xpath('//nav[@class="toc"]//a')]
    keys = [k for k, _ in toc]
    folded = ["".join(c for c in unicodedata.normalize("NFD", t) if not unicodedata.combining(c)).lower() for _, t in toc]
    assert folded == sorted(folded)
    assert doc.xpath('//section[@class="entry"]/@id') == keys
    shown = dict(toc)
    assert shown["fdr"] == "Roosevelt, Franklin D." and shown["hsiung"] == "Xiong Shihui" and shown["hirohito"] == "Hirohito"
    assert keys.index("ospan") < keys.index("fdr") < keys.index("sheng") and keys[-2:] == ["hsiung", "yuan"]
    assert keys.index("togo") + 1 == keys.index("tojo") and keys[:3] == ["antonov", "chiang", "churchill"]
    fdr = doc.get_element_by_id("fdr")
    assert fold(fdr.xpath("string(h2)")) == "Franklin D. Roosevelt" and "Roosevelt, Franklin D." not in fold(fdr.text_content())
    shuffled = _register_of(renderer, tmp_path, "".join(
        f'<person xml:id="{k}"><persName type="preferred">{n}</persName>{alt}</person>'
        for k, n, alt in (
            ("fdr", "Franklin D. Roosevelt", '<persName type="alt">Roosevelt, Franklin D.</persName>'),
            ("hsiung", "Xiong Shihui", ""),
            ("churchill", "Winston Churchill", '<persName type="alt">Churchill, Winston</persName>'),
            ("stalin", "Joseph Stalin", '<persName type="alt">Joseph, Stalin II</persName>'),  # not the same words: not an inversion
            ("tojo", "Tōjō Hideki", ""),
            ("togo", "Tōgō Shigenori", ""),
            # name parts, as other projects' authority files have them (tei_all)
            ("wolff", '<forename>David</forename> <surname>Wolff</surname>', ""),
        )))
    assert shuffled.xpath('//section[@class="entry"]/@id') == ["churchill", "stalin", "fdr", "togo", "tojo", "wolff", "hsiung"]
    assert [a.text for a in shuffled.xpath('//nav[@class="toc"]//a')][-2:] == ["Wolff, David", "Xiong Shihui"]


def test_index_lists_every_record(site):
    doc = page(site / "index.html")
    cards = doc.xpath('//li[contains(@class, "record-card")]')
    assert len(cards) == len(RECORD_STEMS)
    text = fold(cards[0].text_content())
    assert "7 July 1945, 23:00–23:45" in text and "Joseph Stalin" in text and "Outer Mongolia" in text
    hrefs = set(cards[0].xpath(".//a/@href"))
    stem = RECORD_STEMS[0]
    assert {f"{stem}/reading.html", f"{stem}/diplomatic.html", f"{stem}/{stem}.xml"} <= hrefs


def _source_text(el) -> str:
    """The text of a TEI element as its source gives it: the source's readings of choices
    (sic, orig, abbr), no editorial notes, the transcript's supplements in their brackets."""

    def text(e) -> str:
        name = etree.QName(e).localname
        if name in ("corr", "reg", "expan", "note"):
            return ""
        inner = (e.text or "") + "".join(text(c) + (c.tail or "") for c in e)
        return f"[{inner}]" if name == "supplied" else inner

    return fold(text(el))


def test_index_cards_quote_the_source_summary(site):
    """A card quotes the record's summary as the source gives it ("Chian Kai-Shek"), with
    who wrote it: it does not show the editors' corrections unmarked ("Chiang"), which the
    reading view marks."""
    doc = page(site / "index.html")
    for stem in RECORD_STEMS:
        tei = etree.parse(str(TEI / f"{stem}.xml"))
        abstract = tei.find(".//{http://www.tei-c.org/ns/1.0}abstract")
        card = doc.get_element_by_id(f"card-{stem}").getparent()
        shown = [fold(p.text_content()) for p in card.xpath('.//div[@class="abstract"]/p[not(@class)]')]
        assert shown == [_source_text(p) for p in abstract.findall("{http://www.tei-c.org/ns/1.0}p")]
        attribution = fold(card.xpath('string(.//div[@class="abstract"]/p[@class="attribution"])'))
        assert attribution == "Summary by the History and Public Policy Program, quoted as published with the source."
    card = fold(doc.get_element_by_id("card-1945-07-07-soong-stalin").getparent().text_content())
    assert "Chian Kai-Shek's intention" in card and "Chiang Kai-Shek" not in card


def test_long_lists_are_written_in_pieces_with_the_same_result(renderer, tmp_path, monkeypatch):
    """The index's cards and a large entry's links are rendered a few records at a time (so
    that memory does not grow with the number of records): the pages are the same as when
    each list is rendered at once, records in the same order (oldest first), each card with
    an id from its record's stem."""
    from parley import render

    real = [renderer.summarise_record(TEI / f"{s}.xml") for s in RECORD_STEMS]
    # Seven copies of each record, the later copies dated earlier (so the order given is not
    # the order shown).
    summaries = [
        s.replace(b'stem="', f'stem="c{i}-'.encode(), 1).replace(b'day="1945-', f'day="{1950 - i}-'.encode(), 1)
        for i in range(7)
        for s in real
    ]
    pages = ("index", "persons", "places", "organisations", "events")

    def site(folder: str, piece: int, piece_bytes: int) -> dict[str, str]:
        monkeypatch.setattr(render, "_PIECE", piece)
        monkeypatch.setattr(render, "_PIECE_BYTES", piece_bytes)
        out = tmp_path / folder
        renderer.render_site_from_summaries(summaries, TEI / "authority.xml", out, pages=pages, static=False)
        return {p: re.sub(r">\s+<", "><", (out / f"{p}.html").read_text(encoding="utf-8")) for p in pages}

    calls = []
    append = renderer._append_pieces
    monkeypatch.setattr(renderer, "_append_pieces", lambda out, stems, *a, **k: calls.append(len(stems)) or append(out, stems, *a, **k))
    whole = site("whole", 10**6, 10**12)
    assert calls == [len(summaries)]  # the index only, in one piece
    pieces = site("pieces", 3, 0)
    assert len(calls) > 10  # the index and every entry named, in pieces of 3
    assert "parley:links" not in pieces["persons"] and "parley:cards" not in pieces["index"]
    assert pieces == whole
    doc = lxml_html.document_fromstring(pieces["index"])
    ids = doc.xpath('//li[contains(@class, "record-card")]/article/h2/@id')
    shown = [href.split("/")[0] for href in doc.xpath('//li[contains(@class, "record-card")]/article/h2/a/@href')]
    assert shown == [f"c{i}-{s}" for i in range(6, -1, -1) for s in RECORD_STEMS]
    assert ids == [f"card-c{i}-{s}" for i in range(6, -1, -1) for s in RECORD_STEMS]
    stalin = lxml_html.document_fromstring(pieces["persons"]).get_element_by_id("stalin")
    assert len(stalin.xpath('.//ul[@class="back-links"]/li')) == len(summaries)


def _spans_of(stems):
    from parley.render import _spans

    return [tuple(stems[a:b]) for a, b in _spans(stems)]


@settings(max_examples=200, deadline=None)
@given(
    stems=st.lists(st.text("abcdefgh0123456789-", min_size=1, max_size=12), unique=True, max_size=300),
    new=st.text("abcdefgh0123456789-", min_size=1, max_size=12),
    at=st.integers(min_value=0),
)
def test_pieces_of_a_long_list_depend_on_its_records_alone(stems, new, at):
    """The pieces cover the list in order, none longer than _PIECE; adding a record changes
    the piece it falls in (which may split in two, or take the record in) and no other."""
    from parley import render

    pieces = _spans_of(stems)
    assert [s for piece in pieces for s in piece] == stems
    assert all(0 < len(piece) <= render._PIECE for piece in pieces)
    if new in stems:
        return
    longer = stems[:]
    longer.insert(at % (len(stems) + 1), new)
    after = _spans_of(longer)
    gone, made = [p for p in pieces if p not in after], [p for p in after if p not in pieces]
    assert len(gone) <= 1 and 1 <= len(made) <= 2
    assert [s for piece in made for s in piece if s != new] == [s for piece in gone for s in piece]


def test_an_edited_record_renders_again_one_piece_of_each_long_list(renderer, tmp_path, monkeypatch):
    """With the entry cache, the index's cards and a large entry's links are kept in pieces:
    after one record's names change, the pages are rebuilt from the pieces kept and the few
    the record is in, and they are the same as pages made without the cache."""
    from parley import render

    monkeypatch.setattr(render, "_PIECE_BYTES", 0)  # every entry in pieces
    monkeypatch.setattr(render, "_PIECE_EVERY", 4)
    real = [renderer.summarise_record(TEI / f"{s}.xml") for s in RECORD_STEMS]
    summaries = [s.replace(b'stem="', f'stem="c{i:02d}-'.encode(), 1) for i in range(20) for s in real]
    pages = ("index", "persons", "places", "organisations", "events")
    cache = tmp_path / "entries"

    runs = []
    run = renderer._run
    monkeypatch.setattr(renderer, "_run", lambda *a, **k: runs.append(k) or run(*a, **k))

    def site(folder, items, **options):
        runs.clear()
        out = tmp_path / folder
        renderer.render_site_from_summaries(items, TEI / "authority.xml", out, pages=pages, static=False, **options)
        return {p: (out / f"{p}.html").read_bytes() for p in pages}

    site("first", summaries, entry_cache=cache)
    pieces_first = sum(1 for k in runs if k.get("back-links") or k.get("cards"))
    assert pieces_first > 20
    # Turn 2 of one record's Stalin becomes turn 3: its card is unchanged, Stalin's links not.
    edited = summaries[:]
    i = next(n for n, s in enumerate(summaries) if s.startswith(b'<summary stem="c07-1945-07-07'))
    edited[i] = summaries[i].replace(b'turn="2"', b'turn="3"', 1)
    assert edited[i] != summaries[i]
    again = site("again", edited, entry_cache=cache)
    rendered = [k for k in runs if k.get("back-links") or k.get("cards")]
    assert [k["entry"] for k in rendered] == ["stalin"]  # one piece of one entry
    assert again == site("fresh", edited)
    assert runs and all(not k.get("back-links") or k["entry"] for k in runs)
    # A build with nothing changed renders no piece and no entry.
    site("same", edited, entry_cache=cache)
    assert not [k for k in runs if k.get("back-links") or k.get("cards") or k.get("entry")]


def test_the_index_parses_each_card_once_and_keeps_its_pieces_by_digest(renderer, tmp_path, monkeypatch):
    """The index reads each card once (the hardened parser), whether its piece is rendered or
    kept; the pieces are kept by the cards' digests (the caller's, as a build keeps them, or
    the cards' own): an edited card renders its piece again, and no other, and the page is
    the same bytes as one made without the cache."""
    import hashlib

    from parley import render

    monkeypatch.setattr(render, "_PIECE_EVERY", 4)
    real = [render.split_summary(renderer.summarise_record(TEI / f"{s}.xml"))[0] for s in RECORD_STEMS]
    folder = tmp_path / "cards"
    folder.mkdir()
    paths = []
    for i in range(20):
        for card in real:
            path = folder / f"{i:02d}-{len(paths)}.card.xml"
            path.write_bytes(card.replace(b'stem="', f'stem="c{i:02d}-'.encode(), 1))
            paths.append(path)
    cache = tmp_path / "entries"

    parsed, pieces = [], []
    parse = render.parse_xml
    monkeypatch.setattr(render, "parse_xml", lambda data, source, *a, **k: parsed.append(source) or parse(data, source, *a, **k))
    run = renderer._run
    monkeypatch.setattr(renderer, "_run", lambda *a, **k: (pieces.append(k) if k.get("cards") else None) or run(*a, **k))

    def index(out: str, **options) -> bytes:
        parsed.clear(), pieces.clear()
        renderer.render_site_from_summaries(paths, TEI / "authority.xml", tmp_path / out, pages=("index",), static=False, **options)
        counts = {source: parsed.count(source) for source in parsed}
        assert set(counts) == {str(p) for p in paths} and set(counts.values()) == {1}, "each card parsed once"
        return (tmp_path / out / "index.html").read_bytes()

    def digests(given: bool) -> dict:
        return {"digests": [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]} if given else {}

    for given in (False, True):
        shutil.rmtree(cache, ignore_errors=True)
        first = index("first", entry_cache=cache, **digests(given))
        assert len(pieces) > 5
        assert index("again", entry_cache=cache, **digests(given)) == first and not pieces  # every piece kept
    # One card edited (its record has more words): its piece is rendered again, with the new
    # card, whichever digests key the pieces.
    edited = paths[7]
    old = edited.read_bytes()
    new = re.sub(rb"(\d+) words", lambda m: str(int(m.group(1)) + 3).encode() + b" words", old, count=1)
    assert new != old
    edited.write_bytes(new)
    fresh = index("fresh")  # no cache
    assert new.split(b"<when>")[1].split(b"</when>")[0] in fresh
    for given in (False, True):
        shutil.rmtree(cache, ignore_errors=True)
        edited.write_bytes(old)
        index("before", entry_cache=cache, **digests(given))
        edited.write_bytes(new)
        assert index("after", entry_cache=cache, **digests(given)) == fresh
        assert len(pieces) == 1, given


def test_encoding_page(site):
    doc = page(site / "encoding.html")
    rows = doc.xpath("//table//tbody/tr")
    from parley.render import _xslt_dir

    constructs = etree.parse(str(_xslt_dir() / "conventions.xml")).xpath("//construct")
    assert len(rows) == len(constructs)
    # every cell is a sentence about the construct ("Its text, between […] and ." was not)
    for row in rows:
        for cell in row.xpath("td[position() > 1]"):
            text = fold(cell.text_content())
            assert text.endswith(".") and " and ." not in text and "between" not in text, text
    gap = [r for r in rows if fold(r.xpath("string(th)")) == "omission (gap)"][0]
    assert [fold(td.text_content()) for td in gap.xpath("td")][1:] == ["[…] where the transcription leaves something out."] * 2
    manual = doc.xpath('//section[contains(@class, "manual")]')[0]
    assert fold(manual.text_content()) != "Encoding manual"  # the manual, or a note why not


@pytest.mark.parametrize("name", ["index.html", "persons.html", "places.html", "organisations.html", "events.html", "encoding.html"])
def test_pages_are_sound_html(site, name):
    check_html(site / name)


@pytest.mark.parametrize("stem", RECORD_STEMS)
@pytest.mark.parametrize("view", VIEWS)
def test_views_are_sound_html(site, stem, view):
    check_html(site / stem / f"{view}.html")


def check_html(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith("<!DOCTYPE HTML>") or raw.lower().startswith("<!doctype html>")
    doc = lxml_html.document_fromstring(raw)
    assert doc.get("lang"), "lang is set"
    assert doc.xpath("//head/meta[@charset]") and doc.xpath("//head/title/text()")
    assert [link.get("href") for link in doc.xpath("//link[@rel='stylesheet']")] in (["parley.css"], ["../parley.css"])
    assert not doc.xpath("//script | //iframe | //object | //embed | //img | //style")
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})[:5]}"
    assert not doc.xpath("//a//a"), "nested links"
    assert not doc.xpath("//p//p | //p//div | //p//ul | //p//section"), "block inside a paragraph"
    assert len(doc.xpath("//main")) == 1, "one main landmark"
    for dl in doc.xpath("//dl"):
        terms = [fold(dt.text_content()) for dt in dl.xpath("./dt")]
        assert len(terms) == len(set(terms)), f"a term twice in one list: {terms}"
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels and levels[0] == 1 and levels.count(1) == 1
    for a, b in zip(levels, levels[1:]):
        assert b <= a + 1, f"heading level jumps from h{a} to h{b}"
    main = doc.xpath("//main[@id='main']")
    assert main and doc.xpath("//a[@href='#main']"), "skip link to the main content"


# ----------------------------------------------------------------------------------------
# Safety


def _assert_inert(doc, where: str) -> None:
    from parley.render import _safe_url

    assert not doc.xpath("//script | //iframe | //object | //embed | //img | //svg | //style | //frame | //form | //base | //meta[@http-equiv]"), where
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), f"{where}: event handler {name} on <{el.tag}>"
            assert name.lower() != "style", f"{where}: style attribute on <{el.tag}>"
            if name in ("href", "src", "action"):
                assert _safe_url(value), f"{where}: unsafe link target {value!r}"
                assert not value.lower().lstrip().startswith(("javascript", "data", "vbscript", "file")), value


def test_hostile_tei_renders_inert(tmp_path):
    from parley.render import render_paths

    render_paths([FOREIGN / "hostile.xml"], tmp_path)
    for path in _html_pages(tmp_path):
        raw = path.read_text(encoding="utf-8")
        _assert_inert(lxml_html.document_fromstring(raw), path.name)
    reading = (tmp_path / "hostile" / "reading.html").read_text(encoding="utf-8")
    # The document's markup-like text is shown as text, escaped.
    assert "&lt;script&gt;alert('text')&lt;/script&gt;" in reading
    assert "alert('xhtml script')" in reading  # foreign elements fall back to their text
    assert "https://example.org/ok" in reading  # safe links survive
    assert "evil.example/picture.png" not in reading  # images are not loaded


def test_hostile_summary_renders_inert(renderer, tmp_path):
    """The build keeps summaries in build/, where anyone can edit them: the site pages treat
    them as untrusted input too."""
    summary = b"""<summary stem='x"&gt;&lt;script&gt;' day='1945' title='&lt;script&gt;alert(1)&lt;/script&gt;'>
      <when>&lt;img src=x onerror=alert(1)&gt;</when>
      <participant name="Evil" href="javascript:alert(1)"/>
      <abstract><p>&lt;script&gt;alert(2)&lt;/script&gt;</p></abstract>
      <name key="stalin" participant="yes">
        <speech at='"&gt;&lt;script&gt;alert(3)&lt;/script&gt;' turn="1" form="x' onmouseover='alert(4)"/>
        <mention at="javascript:alert(5)" turn="2" form="Stalin"/>
      </name>
    </summary>"""
    renderer.render_site_from_summaries([summary], TEI / "authority.xml", tmp_path)
    for path in _html_pages(tmp_path):
        raw = path.read_text(encoding="utf-8")
        _assert_inert(lxml_html.document_fromstring(raw), path.name)
        assert "<script" not in raw.lower() and "<img" not in raw.lower(), path.name
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    persons = (tmp_path / "persons.html").read_text(encoding="utf-8")
    # a fragment of the record's reading view, whatever the summary says: never a script URL
    assert 'href="x%22%3E%3Cscript%3E/reading.html#javascript:alert(5)"' in persons
    assert 'reading.html#%22%3E%3Cscript%3Ealert%283%29' in persons


def test_a_document_that_is_not_a_summary_is_refused(renderer, tmp_path):
    from parley.problems import InputError

    with pytest.raises(InputError, match="not a record summary"):
        renderer.render_site_from_summaries([b"<TEI/>"], None, tmp_path)
    with pytest.raises(InputError, match="DTDs and entities are refused"):
        renderer.render_site_from_summaries([b"<!DOCTYPE s [<!ENTITY a 'b'>]><summary/>"], None, tmp_path)


@pytest.mark.parametrize(
    "target,ok",
    [
        ("https://example.org/x", True),
        ("http://example.org", True),
        ("#frag", True),
        ("../persons.html#x", True),
        ("page.html", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
        ("//evil.example/x", False),
        ("\\\\evil\\x", False),
        ("mailto:a@b", False),
        ("https:evil", False),
    ],
)
def test_link_targets_are_limited(renderer, target, ok):
    from parley.render import _safe_url

    assert _safe_url(target) is ok
    tei = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
        "</fileDesc></teiHeader><text><body><p><ref target=\"" + target.replace("&", "&amp;").replace('"', "&quot;").replace("\t", "&#9;")
        + '">link</ref></p></body></text></TEI>'
    ).encode()
    html = renderer.render_views(tei, "t")["reading"]
    link = lxml_html.document_fromstring(html).get_element_by_id("_transcript").xpath(".//*[contains(@class, 'ref')]")[0]
    assert (link.tag == "a") is ok, (target, lxml_html.tostring(link))


def _tiny_tei(lang: str, body: str) -> bytes:
    return (
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}"><teiHeader><fileDesc><titleStmt><title>t</title>'
        f"</titleStmt></fileDesc></teiHeader><text><body>{body}</body></text></TEI>"
    ).encode()


@pytest.mark.parametrize(
    "lang, want",
    [("en", "en"), ("eng", "en"), ("ger", "de"), ("deu-CH", "de-CH"), ("rus-Latn", "ru-Latn"), ("grc", "grc"), ("x-private", "x-private")],
)
def test_lang_is_bcp47(renderer, lang, want):
    """HTML's lang takes BCP 47 tags: ISO 639-2 codes of languages with a two-letter code
    become that code; tags without one are kept."""
    html = renderer.render_views(_tiny_tei(lang, f'<p xml:lang="{lang}">x</p>'), "t")["reading"]
    doc = lxml_html.document_fromstring(html)
    assert doc.get("lang") == want
    assert doc.get_element_by_id("_transcript").xpath(".//p[@class='p']")[0].get("lang") == want


def test_link_targets_are_valid_urls(renderer):
    """A target with characters a URL may not hold (quotes, braces, non-ASCII) is escaped."""
    html = renderer.render_views(_tiny_tei("en", '<p><ref target="https://example.org/a&quot;b{c}/é">x</ref></p>'), "t")["reading"]
    link = lxml_html.document_fromstring(html).get_element_by_id("_transcript").xpath(".//a")[0]
    assert link.get("href") == "https://example.org/a%22b%7Bc%7D/%C3%A9"


@pytest.mark.parametrize("fixture", sorted(p.name for p in FOREIGN.glob("*.xml")))
def test_foreign_tei_renders(tmp_path, fixture):
    """TEI from other projects (no authority file, other elements): no error, all text shown."""
    from parley.render import render_paths

    src = FOREIGN / fixture
    render_paths([src], tmp_path)
    for view in VIEWS:
        out = tmp_path / src.stem / f"{view}.html"
        doc = page(out)
        _assert_inert(doc, out.name)
        check_html(out)
        shown = fold(doc.get_element_by_id("_transcript").text_content())
        root = etree.parse(str(src)).getroot()
        body = root.find("{http://www.tei-c.org/ns/1.0}text")
        if body is None or fixture == "hostile.xml":
            continue
        skip = {"note", "corr", "expan", "reg", "certainty", "graphic", "media", "del", "sic", "abbr", "orig"}
        for node in body.iter():
            if not isinstance(node.tag, str):
                continue
            local = etree.QName(node).localname
            if any(etree.QName(a).localname in skip for a in [node, *node.iterancestors()] if isinstance(a.tag, str)):
                continue
            piece = fold(node.text or "")
            if len(piece) > 3 and view == "diplomatic" and local not in skip:
                assert piece in shown, f"{fixture} ({view}): text of <{local}> missing: {piece!r}"


def test_not_tei_at_all_renders(renderer):
    pages = renderer.render_views(b"<article><h>Heading</h><para>Some <b>text</b>.</para></article>", "x")
    for view in VIEWS:
        text = fold(lxml_html.document_fromstring(pages[view]).get_element_by_id("_transcript").text_content())
        assert "Heading" in text and "Some text." in text


def test_refuses_dtds(renderer):
    from parley.problems import InputError

    evil = b'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]><TEI xmlns="http://www.tei-c.org/ns/1.0">&x;</TEI>'
    with pytest.raises(InputError):
        renderer.render_views(evil, "x")


# ----------------------------------------------------------------------------------------
# The stylesheets and the conventions table


def test_conventions_table_is_complete():
    from parley.render import _xslt_dir

    folder = _xslt_dir()
    common = (folder / "common.xsl").read_text(encoding="utf-8")
    known = set(re.findall(r"\$b eq '([a-z-]+)'", common)) | {"text"}
    table = etree.parse(str(folder / "conventions.xml"))
    seen = set()
    for construct in table.xpath("//construct"):
        assert construct.get("id") not in seen
        seen.add(construct.get("id"))
        for view in VIEWS:
            rows = construct.findall(view)
            assert len(rows) == 1, f"{construct.get('id')}: one <{view}> row"
            assert rows[0].get("behaviour") in known, f"{construct.get('id')}: unknown behaviour"


def test_stylesheets_do_not_count_along_preceding():
    from parley.render import _xslt_dir

    for xsl in _xslt_dir().glob("*.xsl"):
        text = re.sub(r"<!--.*?-->", "", xsl.read_text(encoding="utf-8"), flags=re.S)
        assert "<xsl:number" not in text, xsl.name
        assert "preceding::" not in text and "preceding-sibling::" not in text, xsl.name
        assert "disable-output-escaping" not in text, xsl.name


def test_stylesheets_ship_in_the_package():
    from importlib import resources

    names = {p.name for p in resources.files("parley.xslt").iterdir()}
    assert {"common.xsl", "reading.xsl", "diplomatic.xsl", "site.xsl", "conventions.xml", "parley.css"} <= names


def test_cli_render(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from parley.cli import main

    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["render", str(TEI / f"{RECORD_STEMS[0]}.xml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and (out / RECORD_STEMS[0] / "reading.html").is_file()
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["render", "-o", str(tmp_path / "all")])
    assert result.exit_code == 0, result.output
    assert all((tmp_path / "all" / s / "diplomatic.html").is_file() for s in RECORD_STEMS)


# ----------------------------------------------------------------------------------------
# The conventions table compiled into template rules (src/parley/rules.py)


@pytest.mark.parametrize("view", VIEWS)
def test_compiled_rules_are_current(view):
    from parley.render import _xslt_dir
    from parley.rules import compile_rules, module_name

    folder = _xslt_dir()
    committed = (folder / module_name(view)).read_bytes()
    assert committed == compile_rules((folder / "conventions.xml").read_bytes(), view), (
        f"xslt/{module_name(view)} is out of date with conventions.xml: run `python -m parley.rules`"
    )


def test_compiled_rules_render_as_the_table_read_at_run_time(renderer, authority_node, tmp_path, monkeypatch):
    """The compiled rules are only faster: without them (the table looked up for every
    element at run time) both views of every record and foreign fixture are the same bytes."""
    import shutil

    import parley.render
    from parley.rules import VIEWS as RULE_VIEWS, module_name

    folder = tmp_path / "xslt"
    shutil.copytree(parley.render._xslt_dir(), folder)
    empty = '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>\n'
    for view in RULE_VIEWS:
        (folder / module_name(view)).write_text(empty, encoding="utf-8")
    monkeypatch.setattr(parley.render, "_xslt_dir", lambda: folder)
    monkeypatch.setattr("parley.rules.stale_rules", lambda folder=None: [])  # emptied on purpose
    interpreted = parley.render.Renderer()
    sources = [TEI / f"{stem}.xml" for stem in RECORD_STEMS] + sorted(FOREIGN.glob("*.xml"))
    for path in sources:
        data = path.read_bytes()
        for authority in (authority_node, None):
            want = interpreted.render_views(data, path.stem, authority)
            assert renderer.render_views(data, path.stem, authority) == want, path.name


def test_an_edited_table_without_compiled_rules_is_refused(tmp_path, monkeypatch):
    """Views that would not follow the table are not made: the renderer, the build and the
    CLI say what to run instead."""
    import shutil

    import parley.render
    from parley.build import BuildError, build

    folder = tmp_path / "xslt"
    shutil.copytree(parley.render._xslt_dir(), folder)
    table = folder / "conventions.xml"
    table.write_text(table.read_text(encoding="utf-8").replace('class="stage"', 'class="stage-direction"'), encoding="utf-8")
    monkeypatch.setattr(parley.render, "_xslt_dir", lambda: folder)
    monkeypatch.setattr("parley.build._package_dir", lambda package: folder if package == "parley.xslt" else None)
    with pytest.raises(RuntimeError, match=r"rules-reading.xsl, rules-diplomatic.xsl in .*python -m parley.rules"):
        parley.render.Renderer()
    (tmp_path / "p" / "raw").mkdir(parents=True)
    (tmp_path / "p" / "tei").mkdir()
    shutil.copyfile(TEI / "authority.xml", tmp_path / "p" / "tei" / "authority.xml")
    with pytest.raises(BuildError, match="python -m parley.rules"):
        build(tmp_path / "p", jobs=1)
    from click.testing import CliRunner

    from parley.cli import main

    result = CliRunner().invoke(main, ["render", str(TEI / "1945-07-07-soong-stalin.xml"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "python -m parley.rules" in result.output and "Traceback" not in result.output
    from parley.rules import write_rules

    write_rules(folder)
    parley.render.Renderer()  # compiled again: accepted
