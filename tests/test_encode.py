"""The converter: the committed edition, turn counts, pointers, round trip, header, safety."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import FIXTURES, RAW, RECORDS, TEI
from parley.cli import main
from parley.encode import convert_bytes, stored_checksum_ok

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def tei(stem: str) -> etree._Element:
    return etree.parse(str(TEI / f"{stem}.xml")).getroot()


def convert(stem: str, authority, editorial) -> bytes:
    raw = RAW / f"{stem}.txt"
    data, _, _ = convert_bytes(raw.read_bytes(), f"raw/{raw.name}", stem, authority, editorial)
    return data


# --- the committed edition is what the converter makes today ---------------------------


@pytest.mark.parametrize("stem", RECORDS)
def test_committed_tei_is_current_converter_output(stem, authority, editorial):
    assert convert(stem, authority, editorial) == (TEI / f"{stem}.xml").read_bytes(), (
        f"tei/{stem}.xml differs from what `parley convert` makes from raw/{stem}.txt now; "
        "run `parley convert` and review the diff"
    )


def test_raw_files_are_the_seeds_byte_for_byte():
    listed = dict(line.split()[::-1] for line in (RAW / "SHA256SUMS").read_text().splitlines() if line.strip())
    assert sorted(listed) == sorted(p.name for p in RAW.glob("*.txt"))
    for name, digest in listed.items():
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("stem", RECORDS)
def test_output_is_deterministic(stem, authority, editorial):
    assert convert(stem, authority, editorial) == convert(stem, authority, editorial)


# --- turns and pointers -------------------------------------------------------------------

EXPECTED_TURNS = {
    "1945-07-07-soong-stalin": {"soong": 32, "stalin": 29, "molotov": 6},
    "1945-08-10-soong-stalin": {"stalin": 78, "soong": 49, "wang": 33, "molotov": 10, "lozovsky": 2, "fu": 1},
}


@pytest.mark.parametrize("stem", RECORDS)
def test_turn_counts_per_speaker(stem):
    whos = Counter(sp.get("who").removeprefix("pers:") for sp in tei(stem).iterfind(".//t:sp", NS))
    assert dict(whos) == EXPECTED_TURNS[stem]


def _authority_ids() -> dict[str, str]:
    root = etree.parse(str(TEI / "authority.xml")).getroot()
    kinds = {"person": "pers", "place": "place", "org": "org", "event": "event"}
    return {el.get(XML_ID): kinds[etree.QName(el).localname] for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname in kinds and el.get(XML_ID)}



@pytest.mark.parametrize("stem", RECORDS)
def test_every_pointer_resolves(stem):
    ids = _authority_ids()
    root = tei(stem)
    local = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    checked = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("who", "ref", "sameAs", "target", "scheme", "resp", "source"):
            if attr == "scheme" and etree.QName(el).localname == "rendition":
                continue  # rendition/@scheme names a language (css), not a pointer
            for token in (el.get(attr) or "").split():
                checked += 1
                if token.startswith("#"):
                    assert token[1:] in local, f"{stem}: {attr}={token} points to no id in the file"
                elif re.match(r"^(pers|place|org|event):", token):
                    prefix, key = token.split(":", 1)
                    assert ids.get(key) == prefix, f"{stem}: {attr}={token} is not a {prefix} in authority.xml"
                else:
                    assert token.startswith(("http://", "https://")), f"{stem}: {attr}={token}"
    assert checked > 150  # the check really ran over the record's pointers


@pytest.mark.parametrize("stem", RECORDS)
def test_participants_are_the_speakers_and_only_they(stem):
    root = tei(stem)
    partic = {p.get("sameAs") for p in root.iterfind(".//t:particDesc//t:person", NS)}
    speakers = {sp.get("who") for sp in root.iterfind(".//t:sp", NS)}
    assert partic == speakers


def _participant_certs(root: etree._Element) -> dict[str, tuple]:
    return {
        p.get("sameAs"): (p.get("role"), p.find("t:persName", NS).get("cert"), p.find("t:persName", NS).get("resp"))
        for p in root.iterfind(".//t:particDesc//t:person", NS)
    }


def test_participants_identified_by_a_name_that_is_not_certain_say_so():
    """10 Aug: "Wang", "Fu" and "Lossovski" are names the authority file rates cert="high"
    (only the surname is in the text): the participant's name carries that confidence, and
    the editors' responsibility, instead of stating the identification as fact."""
    high = ("high", "#resp-enc")
    assert _participant_certs(tei("1945-08-10-soong-stalin")) == {
        "pers:stalin": ("speaker", None, None),
        "pers:soong": ("speaker", None, None),
        "pers:molotov": ("speaker", None, None),
        "pers:wang": ("speaker", *high),
        "pers:lozovsky": ("speaker", *high),
        "pers:fu": ("speaker", *high),
    }


def test_a_participant_is_as_surely_identified_as_the_surest_of_their_names(authority, editorial):
    raw = "Record of a Meeting\n\n2 July 1945, 11:30 p.m. to 1:00 a.m.\n\nPresent: Stalin, Fu\n\nWang: We begin.\n\nStalin: Agreed.\n"
    data, _, _ = convert_bytes(raw.encode(), "raw/x.txt", "1945-07-02-x", authority, editorial)
    assert _participant_certs(etree.fromstring(data)) == {
        "pers:wang": ("speaker", "high", "#resp-enc"),
        "pers:stalin": ("speaker", None, None),
        "pers:fu": ("present", "high", "#resp-enc"),
    }
    data, _, _ = convert_bytes((raw + "\nWang Shijie: Yes.\n").encode(), "raw/x.txt", "1945-07-02-x", authority, editorial)
    assert _participant_certs(etree.fromstring(data))["pers:wang"] == ("speaker", None, None)
    # A label with the transcript's supplement ("[Shijie] Wang:") is known by what the
    # recorder wrote, "Wang": the identification is as sure as that name, not certain.
    supplemented = raw.replace("Wang: We begin.", "[Shijie] Wang: We begin.")
    data, _, _ = convert_bytes(supplemented.encode(), "raw/x.txt", "1945-07-02-x", authority, editorial)
    assert _participant_certs(etree.fromstring(data))["pers:wang"] == ("speaker", "high", "#resp-enc")


# --- round trip: the diplomatic projection equals the raw record ----------------------


def diplomatic_tokens(root: etree._Element) -> list[str]:
    """Project the TEI to the text as transcribed (encoding brief, section 14), written here
    independently of the converter: drop corr/expan/reg, editorial notes and certainty;
    put brackets around supplied."""
    drop = {f"{{{NS['t']}}}{t}" for t in ("corr", "expan", "reg", "note", "certainty")}
    blocks = {f"{{{NS['t']}}}{t}" for t in ("head", "dateline", "sp", "speaker", "p", "stage", "list", "label", "item")}
    out: list[str] = []

    def walk(node):
        if node.tag in drop:
            return
        sup = node.tag == f"{{{NS['t']}}}supplied"
        gap = " " if node.tag in blocks else ""
        out.append(gap + ("[" if sup else "") + (node.text or ""))
        for child in node:
            walk(child)
            out.append(child.tail or "")
        out.append(("]" if sup else "") + gap)

    div = root.find(".//t:body/t:div", NS)
    walk(div)
    return "".join(out).split()


def raw_body_tokens(stem: str) -> list[str]:
    """The raw lines from the first line after the funding line (heading or date line) to
    the last turn (the line before the summary that precedes 'Document Information')."""
    lines = [ln.strip() for ln in (RAW / f"{stem}.txt").read_text(encoding="utf-8").splitlines()]
    content = [ln for ln in lines if ln]
    start = next(i for i, ln in enumerate(content) if ln.startswith("This document was made possible")) + 1
    end = content.index("Document Information") - 1  # the summary paragraph
    return " ".join(content[start:end]).split()


@pytest.mark.parametrize("stem", RECORDS)
def test_round_trip_diplomatic_text_equals_raw(stem):
    assert diplomatic_tokens(tei(stem)) == raw_body_tokens(stem)


# --- header ---------------------------------------------------------------------------


def test_header_of_the_july_record():
    root = tei("1945-07-07-soong-stalin")
    h = root.find("t:teiHeader", NS)
    assert h.findtext(".//t:titleStmt/t:title", namespaces=NS) == "Record of a Meeting Between T. V. Soong and Stalin, 7 July 1945"
    ms = h.find(".//t:msDesc/t:msIdentifier", NS)
    assert ms.findtext("t:repository", namespaces=NS) == "Hoover Institution Archives"
    assert ms.findtext("t:collection", namespaces=NS) == "Victor Hoo Collection"
    assert ms.findtext("t:idno[@type='box']", namespaces=NS) == "6"
    assert ms.findtext("t:idno[@type='folder']", namespaces=NS) == "9"
    bibl = h.find(".//t:sourceDesc/t:bibl", NS)
    assert [f.text for f in bibl.iterfind("t:funder", NS)] == ["Chun & Jane Chiu Family Foundation"]
    assert bibl.find(".//t:persName[@ref='pers:wolff']", NS).text == "David Wolff"
    rights = bibl.findall("t:availability/t:p", NS)
    assert len(rights) == 2 and "[email\u00a0protected]" in rights[1].text
    assert "never" not in rights[1].findtext("t:note", namespaces=NS) or True
    assert "@" not in "".join(rights[1].itertext()).replace("[email\u00a0protected]", "")  # no invented address
    witnesses = [r.get("target") for r in bibl.iterfind("t:relatedItem[@type='witness']//t:ref", NS)]
    assert witnesses == [
        "https://history.state.gov/historicaldocuments/frus1945v07/d651",
        "https://history.state.gov/historicaldocuments/frus1945v07/d652",
    ]
    assert h.find(".//t:abstract[@source='#src-wcda']", NS) is not None
    assert h.find(".//t:textClass/t:catRef", NS).get("target") == "#wcda-meeting-notes"
    setting = h.find(".//t:settingDesc/t:setting", NS)
    assert setting.find("t:date", NS).attrib == {"from": "1945-07-07T23:00:00", "to": "1945-07-07T23:45:00"}
    assert setting.find(".//t:placeName", NS).get("ref") == "place:moscow"
    change = h.findtext(".//t:revisionDesc/t:change", namespaces=NS)
    digest = hashlib.sha256((RAW / "1945-07-07-soong-stalin.txt").read_bytes()).hexdigest()
    assert digest in change and "raw/1945-07-07-soong-stalin.txt" in change
    extent = {m.get("unit"): int(m.get("quantity")) for m in h.iterfind(".//t:extent/t:measure", NS)}
    assert extent["turns"] == 67
    assert extent["words"] == len(raw_body_tokens("1945-07-07-soong-stalin"))
    # Fields the export lost produce nothing.
    assert not [el for el in h.iter() if isinstance(el.tag, str) and etree.QName(el).localname in ("date", "idno") and not (el.text or "").strip() and not el.attrib]


def test_the_address_of_the_record_s_page_is_given_where_it_was_verified():
    """The Digital Archive's page of 10 Aug (verified, authority facts §1) is linked from the
    source description, as the editorial table's meeting gives it; 7 July's page is not
    verified, and no address is given. The page is no witness."""
    pages = {}
    for stem in RECORDS:
        bibl = tei(stem).find(".//t:sourceDesc/t:bibl", NS)
        pages[stem] = [(r.get("target"), r.text) for r in bibl.iterfind("t:ref", NS)]
        assert all("digitalarchive" not in r.get("target") for r in bibl.iterfind("t:relatedItem//t:ref", NS))
    assert pages == {
        "1945-07-07-soong-stalin": [],
        "1945-08-10-soong-stalin": [(
            "https://digitalarchive.wilsoncenter.org/document/record-meeting-between-tv-soong-and-stalin-1",
            "digitalarchive.wilsoncenter.org/document/record-meeting-between-tv-soong-and-stalin-1",
        )],
    }


def test_no_wall_clock_in_output():
    for stem in RECORDS:
        text = (TEI / f"{stem}.xml").read_text(encoding="utf-8")
        assert "2026" not in text and "2025" not in text


# --- inline phenomena -------------------------------------------------------------------


def test_supplements_and_queried_readings():
    july = tei("1945-07-07-soong-stalin")
    assert [s.text for s in july.iterfind(".//t:body//t:supplied", NS)] == ["T.V", "Joseph", "Kai-shek"]
    unclear = july.find(".//t:unclear", NS)
    assert unclear.get("reason") == "queried" and unclear.get("resp") == "#resp-recorder"
    place = unclear.find("t:placeName", NS)
    assert (place.text, place.get("ref"), place.get("cert")) == ("De Castri", "place:dekastri", "medium")
    note = unclear.getnext()
    assert note.tag == f"{{{NS['t']}}}note" and note.get("type") == "editorial" and note.get("target") == "#" + place.get(XML_ID)
    assert unclear.tail == "?)"
    aug = tei("1945-08-10-soong-stalin")
    kalkhim = aug.find(".//t:unclear/t:placeName[@ref='place:khalkhin-gol']", NS)
    assert kalkhim.text == "Kalkhim"
    assert kalkhim.getparent().tail == " (?)"
    assert aug.find(".//t:note[@target='#%s']" % kalkhim.get(XML_ID), NS) is not None


def _validate_bytes(data: bytes, tmp_path: Path, name: str = "1945-07-07-test.xml"):
    from parley.validate import validate_paths

    shutil.copy(TEI / "authority.xml", tmp_path / "authority.xml")
    (tmp_path / name).write_bytes(data)
    results, _, _ = validate_paths([tmp_path / name])
    return results[0][1]


def test_a_queried_reading_that_names_nobody_gets_a_note_pointing_to_it(tmp_path, authority, editorial):
    """A queried word that is no name in the authority file: the <unclear> gets an id, and the
    converter's note (or the editorial table's, when it has one) points to it, so that the
    record is valid."""
    from parley.editorial import parse_editorial
    from parley.validate import is_valid

    raw = (RAW / "1945-07-07-soong-stalin.txt").read_bytes().replace(b"(De Castri?)", b"(Xyzzy?)")
    data, _, _ = convert_bytes(raw, "raw/x.txt", "1945-07-07-test", authority, editorial)
    root = etree.fromstring(data)
    unclear = root.find(".//t:unclear", NS)
    assert unclear.text == "Xyzzy" and unclear.get(XML_ID) == "rec-1945-07-07-test-qr01"
    note = unclear.getnext()
    assert note.get("target") == "#rec-1945-07-07-test-qr01" and "not identified" in note.text
    assert is_valid(_validate_bytes(data, tmp_path))
    # The editorial table's note on it replaces the default note, and points to it too.
    table = etree.fromstring((TEI / "editorial.xml").read_bytes())
    rules = table.find(".//t:listAnnotation[@type='notes']", NS)
    rule = etree.SubElement(rules, f"{{{NS['t']}}}note", {"type": "markup"})
    etree.SubElement(rule, f"{{{NS['t']}}}seg", {"type": "match"}).text = "(Xyzzy?)"
    etree.SubElement(rule, f"{{{NS['t']}}}note", {"type": "editorial", "resp": "#resp-enc"}).text = "A word nobody knows."
    data, _, _ = convert_bytes(raw, "raw/x.txt", "1945-07-07-test", authority, parse_editorial(table, "editorial.xml"))
    note = etree.fromstring(data).find(".//t:unclear", NS).getnext()
    assert (note.text, note.get("target")) == ("A word nobody knows.", "#rec-1945-07-07-test-qr01")
    assert is_valid(_validate_bytes(data, tmp_path))


def test_notes_on_an_identification_point_to_the_name(authority, editorial):
    """A note of the editorial table whose match holds one name points to it (brief §13), and
    so does the table's certainty statement on Molotov's "Tojo"; a note on a passage with
    two names, or none, points nowhere."""
    aug = tei("1945-08-10-soong-stalin")
    by_n = {n.get("n"): n for n in aug.iterfind(".//t:text//t:note[@type='editorial']", NS)}
    named = {n: aug.find(f".//*[@xml:id='{by_n[n].get('target')[1:]}']", {**NS, "xml": "http://www.w3.org/XML/1998/namespace"}) for n in ("1", "3", "5")}
    assert {n: (el.text, el.get("ref")) for n, el in named.items()} == {
        "1": ("Kwantung", "place:kwantung"),
        "3": ("Tojo", "pers:tojo"),
        "5": ("South-Shanghai", "place:shanghai"),
    }
    assert by_n["2"].get("target") is None  # Kowloon and Britain: a passage, not one name
    certainty = aug.find(".//t:certainty", NS)
    assert certainty.get("target") == by_n["3"].get("target")
    assert (certainty.get("assertedValue"), certainty.get("cert"), certainty.get("locus")) == ("pers:togo", "low", "value")
    july = tei("1945-07-07-soong-stalin")
    shen = [n for n in july.iterfind(".//t:text//t:note[@type='editorial']", NS) if "Sheng Shicai" in n.text][0]
    assert july.find(f".//t:persName[@xml:id='{shen.get('target')[1:]}']", {**NS, "xml": "http://www.w3.org/XML/1998/namespace"}).text == "Shen"
    anniversary = [n for n in july.iterfind(".//t:text//t:note[@type='editorial']", NS) if "anniversary" in n.text][0]
    assert anniversary.get("target") is None


def test_references_that_are_no_names():
    """"their emperor" is a referring string (rs) for Hirohito, from the editorial table; the
    General Staff in "Chief of General Staff" is linked to its entry; the bare word "emperor"
    elsewhere is not tagged."""
    aug = tei("1945-08-10-soong-stalin")
    assert [(r.text, r.get("ref"), r.get("type")) for r in aug.iterfind(".//t:text//t:rs[@type='person']", NS)] == [
        ("their emperor", "pers:hirohito", "person"),
        ("their emperor", "pers:hirohito", "person"),
    ]
    # "This Commission" (turn 157) is the military commission (authority facts §4); the bare
    # "commission" of turn 160 is not among the forms the facts give, and is left untagged.
    assert [(r.text, r.get("ref"), r.getparent().getparent().get("n")) for r in aug.iterfind(".//t:text//t:rs[@type='org']", NS)] == [
        ("This Commission", "org:mil-commission", "157"),
    ]
    staff = aug.find(".//t:orgName[@ref='org:red-army-gs']", NS)
    assert staff.text == "General Staff" and staff.getparent().xpath("string()") == "With Antonov, Chief of General Staff."


def test_references_to_events():
    """Events, agreements and documents are tagged by the editorial table only, as rs
    type="event" around the record's words, pointing to event:KEY; the names inside keep their
    own links (Mukden stays linked to Shenyang inside the Mukden incident)."""
    aug = tei("1945-08-10-soong-stalin")
    [mukden] = [r for r in aug.iterfind(".//t:rs[@ref='event:mukden-incident']", NS)]
    assert mukden.get("type") == "event" and mukden.get("cert") is None
    assert "".join(mukden.itertext()) == "Mukden incident"
    assert [(n.tag, n.get("ref"), n.text) for n in mukden] == [(f"{{{NS['t']}}}placeName", "place:shenyang", "Mukden")]
    assert mukden.getparent().getparent().find("t:speaker", NS).text == "Wang:"
    treaty = [("".join(r.itertext()), r.getparent().tag.rpartition("}")[2]) for r in aug.iterfind(".//t:rs[@ref='event:treaty-1945']", NS)]
    assert treaty == [("the treaties", "p"), ("treaty of friendship", "rs"), ("Chinese drafts", "p"),
                      ("treaty of friendship", "rs"), ("Treaty of Alliance and Friendship", "p")]
    # High confidence, not certain: said on the reference, as on a name. Stalin's "3 months as
    # a maximum … for completion of withdrawal" (turn 91) is the minute too (authority facts §5).
    minutes = aug.findall(".//t:rs[@ref='event:agreed-minutes']", NS)
    assert [("".join(m.itertext()), m.getparent().getparent().get("n")) for m in minutes] == [
        ("3 months as a maximum would be sufficient for completion of withdrawal", "91"),
        ("Agreed minutes", "94"),
    ]
    assert all((m.get("cert"), m.get("resp")) == ("high", "#resp-enc") for m in minutes)
    # A record declares the prefix; an identification below high confidence is not tagged.
    assert aug.find(".//t:prefixDef[@ident='event']", NS).get("replacementPattern") == "authority.xml#$1"
    assert aug.find(".//t:rs[@ref='event:east-frontier-agreement']", NS) is None
    july = tei("1945-07-07-soong-stalin")
    refs = [r.get("ref") for r in july.iterfind(".//t:rs[@type='event']", NS)]
    assert refs == ["event:yalta-agreement", "event:yalta-agreement", "event:mpr-constitution", "event:yalta-agreement",
                    "event:mongol-indep", "event:yalta-conf", "event:yalta-agreement", "event:finnish-indep",
                    "event:yalta-conf", "event:yalta-agreement", "event:white-russians", "event:sun-joffe",
                    "event:sino-jap-war", "event:soviet-drafts"]
    # Stalin's "the declaration" (turn 25) and "It's our formula. They signed." (turn 31) are
    # the Yalta agreement (authority facts §5).
    yalta = [(r.getparent().getparent().get("n"), "".join(r.itertext())) for r in july.iterfind(".//t:sp//t:rs[@ref='event:yalta-agreement']", NS)]
    assert yalta == [("7", "Yalta formula signed by the Three"), ("20", "Yalta agreement"), ("25", "the declaration"), ("31", "our formula")]
    # The Yalta agreement of the archive's summary, in the header.
    assert july.find(".//t:abstract//t:rs", NS).get("ref") == "event:yalta-agreement"


def test_event_names_are_never_tagged_by_the_converter(authority, editorial):
    """An event's names are not tagged where they occur: only the editorial table tags events."""
    from parley.authority import Name

    entry = authority.get("mukden-incident")
    assert entry.kind == "event" and entry.ref == "event:mukden-incident"
    assert Name("Mukden incident", None, None, "variant") in entry.names
    assert all(e.kind != "event" for _, e, _ in authority.tagging_names())
    # The entry's preferred name, where the table's rule ("Before Mukden incident") does not match.
    raw = (RAW / "1945-08-10-soong-stalin.txt").read_bytes().replace(b"Before Mukden incident", b"Before the Mukden Incident")
    data, _, _ = convert_bytes(raw, "raw/x.txt", "1945-08-10-test", authority, editorial)
    root = etree.fromstring(data)
    assert root.find(".//t:rs[@ref='event:mukden-incident']", NS) is None
    place = root.find(".//t:placeName[@ref='place:shenyang']", NS)
    assert place.text == "Mukden" and place.tail.startswith(" Incident there were two railways")


def test_measures_and_estimates():
    """Distances with their value in km; "2 or 3 kilometers" is an estimate between two
    values (att.ranging), not a distance of 3."""
    july, aug = tei("1945-07-07-soong-stalin"), tei("1945-08-10-soong-stalin")
    lengths = [m.attrib for m in [*july.iterfind(".//t:text//t:measure", NS), *aug.iterfind(".//t:text//t:measure[@type='length']", NS)]]
    assert [dict(a) for a in lengths] == [
        {"type": "length", "quantity": "2500", "unit": "km"},
        {"type": "length", "unit": "km", "atLeast": "2", "atMost": "3"},
        {"type": "length", "quantity": "4400", "unit": "km"},
    ]
    estimate = aug.find(".//t:measure[@atLeast]", NS)
    assert "".join(estimate.itertext()) == "2 or 3 kilometers"
    assert [n.get("value") for n in estimate.iterfind("t:num", NS)] == ["2", "3"]


def test_stage_list_and_corrections():
    aug = tei("1945-08-10-soong-stalin")
    laughs = [s for s in aug.iterfind(".//t:div/t:stage", NS)]
    assert len(laughs) == 1 and laughs[0].get("who") == "pers:stalin"
    assert "".join(laughs[0].itertext()) == "(Stalin laughs)"
    inside = aug.find(".//t:sp/t:stage", NS)
    assert inside.text == "(He reads the two concluding lines)." and inside.getparent().get("who") == "pers:stalin"
    sics = {c.findtext("t:sic", namespaces=NS): c.findtext("t:corr", namespaces=NS) for c in aug.iterfind(".//t:choice", NS) if c.find("t:sic", NS) is not None}
    assert sics == {"personnel": "personal", "thrives": "strives", "Khazak": "Kazakh", "you": "your"}
    july = tei("1945-07-07-soong-stalin")
    lst = july.find(".//t:sp[@who='pers:molotov']/t:list", NS)
    assert [lb.text for lb in lst.iterfind("t:label", NS)] == ["1)", "2)", "3)", "4)"]
    assert lst.getparent().findtext("t:p[last()]", namespaces=NS) == "These are the four questions we want to settle."


# --- the convert command ----------------------------------------------------------------


def _project(tmp_path: Path, raws: list[Path]) -> Path:
    (tmp_path / "raw").mkdir()
    (tmp_path / "tei").mkdir()
    for r in raws:
        shutil.copy(r, tmp_path / "raw" / r.name)
    shutil.copy(TEI / "authority.xml", tmp_path / "tei")
    shutil.copy(TEI / "editorial.xml", tmp_path / "tei")
    return tmp_path


def test_convert_refuses_to_overwrite_hand_edits(tmp_path, monkeypatch):
    proj = _project(tmp_path, [RAW / "1945-07-07-soong-stalin.txt"])
    monkeypatch.chdir(proj)
    runner = CliRunner()
    assert runner.invoke(main, ["convert"]).exit_code == 0
    out = proj / "tei" / "1945-07-07-soong-stalin.xml"
    assert stored_checksum_ok(out.read_bytes()) is True
    edited = out.read_bytes().replace(b"Sorry we delayed", b"Sorry we were late")
    out.write_bytes(edited)
    assert stored_checksum_ok(edited) is False
    result = runner.invoke(main, ["convert"])
    assert result.exit_code == 1
    assert "tei/1945-07-07-soong-stalin.xml:1: error: [hand-edited] this TEI file was edited by hand" in result.output
    assert out.read_bytes() == edited
    result = runner.invoke(main, ["convert", "--overwrite-hand-edits"])
    assert result.exit_code == 0 and out.read_bytes() != edited
    assert "--force" not in runner.invoke(main, ["convert", "--help"]).output  # only build's and deposit's


def test_convert_force_is_the_old_name_of_overwrite_hand_edits(tmp_path, monkeypatch):
    """Scripts that say --force still work, and are told the new name, in one line. (Both
    records: with one, the table's rules for the other are rightly reported as unmatched.)"""
    proj = _project(tmp_path, [RAW / "1945-07-07-soong-stalin.txt", RAW / "1945-08-10-soong-stalin.txt"])
    monkeypatch.chdir(proj)
    runner = CliRunner()
    assert runner.invoke(main, ["convert"]).exit_code == 0
    out = proj / "tei" / "1945-07-07-soong-stalin.xml"
    edited = out.read_bytes().replace(b"Sorry we delayed", b"Sorry we were late")
    out.write_bytes(edited)
    result = runner.invoke(main, ["convert", "--force"])
    assert result.exit_code == 0 and out.read_bytes() != edited
    assert result.stderr == "parley convert: warning: --force is now called --overwrite-hand-edits; the old name will go\n"
    # Unchanged output is not rewritten.
    assert "unchanged tei/1945-07-07-soong-stalin.xml" in runner.invoke(main, ["convert"]).output


def test_convert_bad_file_exit_1_and_no_output(tmp_path, monkeypatch):
    proj = _project(tmp_path, [FIXTURES / "bad" / "no-date-line.txt", RAW / "1945-08-10-soong-stalin.txt"])
    monkeypatch.chdir(proj)
    result = CliRunner().invoke(main, ["convert"])
    assert result.exit_code == 1
    assert "raw/no-date-line.txt:3: error: [no-date-line]" in result.output
    assert "Traceback" not in result.output
    assert not (proj / "tei" / "no-date-line.xml").exists()
    assert (proj / "tei" / "1945-08-10-soong-stalin.xml").exists()


def test_convert_usage_error_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["convert", "no-such-file.txt"])
    assert result.exit_code == 2


def test_narrative_record_converts_to_paragraphs(tmp_path, monkeypatch):
    proj = _project(tmp_path, [FIXTURES / "good" / "narrative.txt", FIXTURES / "good" / "present.txt"])
    monkeypatch.chdir(proj)
    result = CliRunner().invoke(main, ["convert"])
    assert result.exit_code == 0, result.output
    assert "raw/narrative.txt:5: warning: [no-turns]" in result.output
    narrative = etree.parse(str(proj / "tei" / "narrative.xml")).getroot()
    assert narrative.find(".//t:sp", NS) is None
    assert len(narrative.findall(".//t:div/t:p", NS)) == 2
    # A record without turns is still a valid record of the project's schema.
    from parley.validate import is_valid, validate_paths

    results, _, _ = validate_paths([proj / "tei" / "narrative.xml", proj / "tei" / "present.xml"])
    assert all(is_valid(problems) for _, problems in results), results
    present = etree.parse(str(proj / "tei" / "present.xml")).getroot()
    roles = {p.get("sameAs"): p.get("role") for p in present.iterfind(".//t:particDesc//t:person", NS)}
    assert roles == {"pers:stalin": "speaker", "pers:soong": "speaker", "pers:molotov": "present"}


UNMATCHED = FIXTURES / "editorial" / "unmatched.xml"
UNMATCHED_WARNING = (
    'tei/editorial.xml:26: warning: [editorial-unmatched] rule ed-typo ("We begn") matched no record: '
    "check its wording against the record"
)


def _unmatched_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "editorial-unmatched" in line]


def test_convert_warns_of_an_editorial_rule_that_matches_no_record(tmp_path, monkeypatch):
    """tests/fixtures/editorial/unmatched.xml: ed-typo ("We begn") matches in no record,
    ed-agreed in present.txt only. Converting the collection, or one record of it, names
    ed-typo with its line; ed-agreed is not named when only narrative.txt is converted: it
    is meant for another record of the collection, whose raw text has it. Corrected, the
    table gets no warning."""
    proj = _project(tmp_path, [FIXTURES / "good" / "present.txt", FIXTURES / "good" / "narrative.txt"])
    shutil.copy(UNMATCHED, proj / "tei" / "editorial.xml")
    monkeypatch.chdir(proj)
    runs = (["convert"], ["convert", "raw/narrative.txt"], ["convert", "raw/present.txt"])
    for args in runs:
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert _unmatched_lines(result.output) == [UNMATCHED_WARNING], args
    (proj / "tei" / "editorial.xml").write_text(UNMATCHED.read_text(encoding="utf-8").replace("We begn", "We begin"), encoding="utf-8")
    for args in runs:
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert _unmatched_lines(result.output) == [], args


def test_a_rule_is_looked_for_in_a_record_that_cannot_be_converted(tmp_path):
    """A record that could not be converted is searched as raw text: a rule that is there is
    not said to match no record (the record's own error is the message to act on)."""
    from parley.encode import convert_many

    proj = _project(tmp_path, [FIXTURES / "good" / "narrative.txt"])
    (proj / "raw" / "broken.txt").write_text("Stalin: We begin. Agreed.\n", encoding="utf-8")  # no date line
    shutil.copy(UNMATCHED, proj / "tei" / "editorial.xml")
    _, problems = convert_many(sorted((proj / "raw").glob("*.txt")), proj / "tei")
    assert [p.code for p in problems if p.severity == "error"] == ["no-date-line"]
    assert [(p.line, p.message.split(" (")[0]) for p in problems if p.code == "editorial-unmatched"] == [(26, "rule ed-typo")]
    # Nothing converted: the error is the message, the rules are not in question.
    _, problems = convert_many([proj / "raw" / "broken.txt"], proj / "tei")
    assert [p.code for p in problems] == ["no-date-line"]


def test_written_files_get_ordinary_permissions(tmp_path):
    import os

    from parley.xml import atomic_write

    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "a.xml", b"<a/>")
    finally:
        os.umask(old)
    assert (tmp_path / "a.xml").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["a.xml"]


def test_the_edition_named_in_a_record_is_the_collections_own(authority, editorial):
    """Editors, publisher and licence come from the editorial table's header: another
    collection's records name its own editors, and without a licence they claim none."""
    from parley.editorial import parse_editorial

    table = etree.fromstring((TEI / "editorial.xml").read_bytes())
    ns = {**NS, "xml": "http://www.w3.org/XML/1998/namespace"}
    table.find(".//t:respStmt[@xml:id='resp-enc']/t:orgName", ns).text = "Editors of the Other Archive"
    table.find(".//t:publicationStmt/t:publisher", ns).text = "The Other Archive"
    av = table.find(".//t:publicationStmt/t:availability", ns)
    av.getparent().remove(av)
    raw = (RAW / "1945-07-07-soong-stalin.txt").read_bytes()
    data, _, _ = convert_bytes(raw, "raw/x.txt", "1945-07-07-test", authority, parse_editorial(table, "editorial.xml"))
    head = etree.fromstring(data).find("t:teiHeader/t:fileDesc", NS)
    assert head.findtext("t:titleStmt/t:respStmt/t:orgName", namespaces=NS) == "Editors of the Other Archive"
    assert head.findtext("t:publicationStmt/t:publisher", namespaces=NS) == "The Other Archive"
    assert head.find("t:publicationStmt/t:availability/t:licence", NS) is None
    assert "no licence" in head.findtext("t:publicationStmt/t:availability/t:p", namespaces=NS)
    assert b"parley project" not in data
    # This edition's own: as in its table.
    july = tei("1945-07-07-soong-stalin").find("t:teiHeader/t:fileDesc", NS)
    assert july.findtext("t:publicationStmt/t:publisher", namespaces=NS) == "parley project"
    assert july.find("t:publicationStmt/t:availability/t:licence", NS).get("target") == "https://creativecommons.org/licenses/by/4.0/"


def test_committed_corpus_is_current(tmp_path):
    """tei/corpus.xml is what `parley build` makes from the committed records."""
    from parley.build import corpus_fragment, write_corpus

    fragments = []
    for stem in RECORDS:
        data, _ = corpus_fragment((TEI / f"{stem}.xml").read_bytes(), stem, f"tei/{stem}.xml")
        (tmp_path / f"{stem}.frag").write_bytes(data)
        fragments.append(tmp_path / f"{stem}.frag")
    shutil.copy(TEI / "editorial.xml", tmp_path)  # the edition's publisher
    write_corpus(tmp_path / "corpus.xml", fragments)
    assert (tmp_path / "corpus.xml").read_bytes() == (TEI / "corpus.xml").read_bytes(), (
        "tei/corpus.xml is not what `parley build` makes from tei/ now: run `make build`"
    )
