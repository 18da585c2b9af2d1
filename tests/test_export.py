"""parley export: standalone TEI, plain texts and turns, for our records and foreign TEI."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from parley.cli import main
from parley.export import (
    DIPLOMATIC,
    READING,
    TURN_FIELDS,
    Doc,
    export,
    pointer_attrs,
    record_paths,
    render_text,
)
from parley.problems import InputError
from parley.xml import parse_xml

from conftest import tei_all

ROOT = Path(__file__).resolve().parent.parent
TEI_DIR = ROOT / "tei"
RAW_DIR = ROOT / "raw"
FOREIGN = Path(__file__).resolve().parent / "fixtures" / "foreign"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
RECORDS = record_paths(TEI_DIR)
OURS = ("dracor-style.xml", "frus-style.xml", "parlamint-style.xml")


def norm(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    return out, export(RECORDS, out)


def test_records_are_found():
    assert [p.name for p in RECORDS] == sorted(p.stem + ".xml" for p in RAW_DIR.glob("*.txt"))


# --- standalone -------------------------------------------------------------------------------


def dangling_pointers(root: etree._Element) -> list[str]:
    """Pointers that do not resolve inside the file (local ids), or point to another file."""
    ids = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    bad = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in pointer_attrs(el):
            for token in (el.get(attr) or "").split():
                if token.startswith("#"):
                    if token[1:] not in ids:
                        bad.append(f"{el.sourceline}: {attr}={token}")
                elif not re.match(r"^(https?|urn|mailto):", token):
                    bad.append(f"{el.sourceline}: {attr}={token} (not in this file)")
    return bad


@pytest.mark.parametrize("record", RECORDS, ids=lambda p: p.stem)
def test_standalone_travels_alone(exported, record, authority):
    out, result = exported
    path = out / "standalone" / record.name
    data = path.read_bytes()
    root = parse_xml(data, path.as_posix())  # well-formed, no DTD
    assert root.tag == f"{TEI}TEI"
    assert dangling_pointers(root) == []
    assert root.find(f".//{TEI}listPrefixDef") is None
    # no association by relative path, which would not resolve next to a lone file
    for href in re.findall(rb'<\?xml-model href="([^"]+)"', data):
        assert href.startswith(b"https://")
    assert b"parley-checksum" not in data
    # every authority entry the record points to is in its standOff, as in the authority file
    original = record.read_text(encoding="utf-8")
    keys = set(re.findall(r'"(?:pers|place|org):([a-z0-9-]+)"', original)) | set(re.findall(r" (?:pers|place|org):([a-z0-9-]+)", original))
    standoff = root.find(f"{TEI}standOff")
    copied = {el.get(XML_ID): el for el in standoff.iter() if el.get(XML_ID)}
    for key in keys:
        entry = copied[key]
        preferred = entry.find(f"*[@type='preferred']")
        assert norm("".join(preferred.itertext())) == authority.get(key).preferred


@pytest.mark.parametrize("record", RECORDS, ids=lambda p: p.stem)
def test_standalone_keeps_the_text(exported, record):
    out, _ = exported
    before, after = Doc.load(record), Doc.load(out / "standalone" / record.name)
    for mode in (DIPLOMATIC, READING):
        assert render_text(after, mode) == render_text(before, mode)
    assert len(after.root.findall(f".//{TEI}sp")) == len(before.root.findall(f".//{TEI}sp"))


@pytest.mark.parametrize("record", RECORDS, ids=lambda p: p.stem)
def test_standalone_says_who_exported_it_and_which_schema_checks_it(exported, record):
    """The export's change names the edition's editors, as every change of the record does
    (the brief: who="#resp-enc"), and says that the file is checked with tei_all, not the
    project's schema (which expects pers:KEY pointers and no standOff in a record)."""
    out, _ = exported
    root = parse_xml((out / "standalone" / record.name).read_bytes(), record.name)
    changes = root.findall(f"{TEI}teiHeader/{TEI}revisionDesc/{TEI}change")
    export_change = changes[0]
    assert export_change.get("type") == "export"
    assert [c.get("who") for c in changes] == ["#resp-enc"] * len(changes)
    resp = root.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}respStmt")
    assert resp.get(XML_ID) == "resp-enc"
    text = norm(export_change.text)
    assert "Check this file against TEI P5 tei_all" in text and "not against the project's own schema" in text


def test_standalone_names_nobody_where_the_file_names_nobody(tmp_path):
    """A foreign file without a change/@who or a titleStmt respStmt with an id: no @who is
    made up."""
    result = export([FOREIGN / "dracor-style.xml"], tmp_path, text=False, turns=False)
    assert result.problems == []
    root = parse_xml((tmp_path / "standalone" / "dracor-style.xml").read_bytes(), "dracor-style.xml")
    change = root.find(f".//{TEI}revisionDesc/{TEI}change")
    assert change.get("type") == "export" and change.get("who") is None
    assert "tei_all" not in change.text  # nothing was copied: nothing to say about schemas


def test_standalone_files_are_valid_tei_all(exported):
    out, _ = exported
    report = tei_all([out / "standalone" / r.name for r in RECORDS])
    assert f"{len(RECORDS)} passed, 0 failed" in report


def test_standalone_reports_an_authority_it_cannot_find(tmp_path):
    record = tmp_path / RECORDS[0].name
    shutil.copyfile(RECORDS[0], record)  # without authority.xml next to it
    result = export([record], tmp_path / "out", text=False, turns=False)
    assert result.problems and all(p.code == "export-target-missing" for p in result.problems)
    assert all(p.file == record.as_posix() and p.line > 0 for p in result.problems)
    assert not (tmp_path / "out" / "standalone" / record.name).exists()


# --- texts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("record", RECORDS, ids=lambda p: p.stem)
def test_diplomatic_text_is_the_source_text(exported, record):
    out, _ = exported
    text = (out / "text" / f"{record.stem}.diplomatic.txt").read_text(encoding="utf-8")
    raw_lines = {norm(line) for line in (RAW_DIR / f"{record.stem}.txt").read_text(encoding="utf-8").splitlines()}
    lines = [line for line in text.splitlines() if line]
    assert lines
    missing = [line for line in lines if norm(line) not in raw_lines]
    assert missing == []  # every line is a line of the raw transcript, word for word
    notes = [norm("".join(n.itertext())) for n in Doc.load(record).root.find(f"{TEI}text").iter(f"{TEI}note")]
    assert notes and not any(n[:40] in norm(text) for n in notes)  # no editorial notes


def test_diplomatic_and_reading_of_the_first_record(exported):
    out, _ = exported
    stem = "1945-07-07-soong-stalin"
    dip = (out / "text" / f"{stem}.diplomatic.txt").read_text(encoding="utf-8")
    rd = (out / "text" / f"{stem}.reading.txt").read_text(encoding="utf-8")
    assert "[Joseph] Stalin: It doesn't depend on me." in dip  # supplied in brackets
    assert "Petropavlosk" in dip and "Petropavlovsk" not in dip  # sic kept
    assert "2500 klms. of railways" in dip and "kilometres" not in dip  # abbr kept
    assert "Marco Polo Bridge" not in dip  # no notes
    assert "Petropavlovsk" in rd and "Petropavlosk" not in rd  # corr used
    assert "2500 kilometres of railways" in rd
    body, _, endnotes = rd.partition("\n\nNotes\n\n")
    markers = re.findall(r"\[(\d+)\]", body)
    assert markers == [str(i) for i in range(1, len(markers) + 1)] and markers
    assert [line.split("]")[0] + "]" for line in endnotes.splitlines()] == [f"[{m}]" for m in markers]
    assert "Marco Polo Bridge" in endnotes
    assert rd.encode("utf-8").decode("utf-8") == rd and dip.endswith("\n")


# --- turns ------------------------------------------------------------------------------------


def test_turns_csv_and_jsonl(exported, authority):
    out, result = exported
    rows = list(csv.DictReader(io.StringIO((out / "turns" / "turns.csv").read_text(encoding="utf-8"), newline="")))
    jsonl = [json.loads(line) for line in (out / "turns" / "turns.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows == jsonl
    assert list(rows[0]) == list(TURN_FIELDS)
    for record in RECORDS:
        sps = Doc.load(record).root.findall(f".//{TEI}sp")
        mine = [r for r in rows if r["record"] == record.stem]
        assert [r["turn_id"] for r in mine] == [sp.get(XML_ID) for sp in sps]
        assert [r["n"] for r in mine] == [sp.get("n") for sp in sps]
        for r, sp in zip(mine, sps):
            key = sp.get("who").split(":", 1)[1]
            assert r["speaker_id"] == key
            assert r["speaker_name"] == authority.get(key).preferred
            assert re.sub(r"[\[\]]", "", r["speaker_label"]) == norm("".join(sp.find(f"{TEI}speaker").itertext()))
            assert r["text"]
    assert result.turns == len(rows)
    first = rows[0]
    assert first["speaker_label"] == "[T.V] Soong:" and first["text"] == "Sorry we delayed a few days."
    laughs = [r for r in rows if "(He reads the two concluding lines)." in r["stage"]]
    assert laughs and "(He reads" not in laughs[0]["text"]


# --- foreign TEI ------------------------------------------------------------------------------


def test_dracor_style_turns_resolve_locally(tmp_path):
    fixture = FOREIGN / "dracor-style.xml"
    result = export([fixture], tmp_path, standalone_files=False, text=False)
    assert result.problems == []
    rows = [json.loads(line) for line in (tmp_path / "turns" / "turns.jsonl").read_text(encoding="utf-8").splitlines()]
    root = Doc.load(fixture).root
    assert len(rows) == len(root.findall(f".//{TEI}sp"))
    people = {el.get(XML_ID): el for el in root.find(f".//{TEI}particDesc").iter() if el.get(XML_ID)}
    for row in rows:
        ids = row["speaker_id"].split()
        assert ids and all(i in people for i in ids)
        assert row["speaker_name"] == "; ".join(norm("".join(people[i][0].itertext())) for i in ids)
        assert row["speaker_label"].isupper()
    stand = next(r for r in rows if "He stands." in r["stage"])
    assert stand["text"] == "Twice nothing is nothing. Get in."  # the stage does not split the speech


def test_parlamint_style_unresolved_speakers_are_warnings(tmp_path):
    result = export([FOREIGN / "parlamint-style.xml"], tmp_path, standalone_files=False, text=False)
    assert {p.code for p in result.problems} == {"export-who-unresolved"}
    assert all(p.severity == "warning" for p in result.problems)
    rows = [json.loads(line) for line in (tmp_path / "turns" / "turns.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["speaker_label"] for r in rows] == ["The Chair:", "Member B:"]
    assert rows[1]["stage"] == "Interruption" and rows[1]["speaker_name"] == ""


@pytest.mark.parametrize("name", OURS)
def test_foreign_tei_exports_without_crashing(tmp_path, name):
    fixture = FOREIGN / name
    result = export([fixture], tmp_path)
    assert not [p for p in result.problems if p.severity == "error"]
    standalone = tmp_path / "standalone" / name
    root = parse_xml(standalone.read_bytes(), standalone.as_posix())
    # a file that only points inside itself is unchanged apart from the revision note
    original = Doc.load(fixture).root
    assert len(list(root.iter())) == len(list(original.iter())) + (1 if original.find(f".//{TEI}revisionDesc") is not None else 2)
    if name != "parlamint-style.xml":  # ParlaMint components point into their corpus root
        assert dangling_pointers(root) == []
    for mode in ("diplomatic", "reading"):
        assert (tmp_path / "text" / f"{fixture.stem}.{mode}.txt").read_text(encoding="utf-8").strip()


def test_frus_style_has_no_turns_but_a_text(tmp_path):
    result = export([FOREIGN / "frus-style.xml"], tmp_path)
    assert result.turns == 0
    assert (tmp_path / "turns" / "turns.csv").read_bytes() == (",".join(TURN_FIELDS) + "\r\n").encode()
    dip = (tmp_path / "text" / "frus-style.diplomatic.txt").read_text(encoding="utf-8")
    rd = (tmp_path / "text" / "frus-style.reading.txt").read_text(encoding="utf-8")
    assert "PARTICIPANTS\nEdith Ames, Director, Office of Example Affairs" in dip
    assert "Source: invented" not in dip and "[1] Source: invented" in rd


# --- determinism and the command line ---------------------------------------------------------


def test_exports_are_deterministic(tmp_path, exported):
    out, _ = exported
    export(RECORDS, tmp_path)
    first = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert first == sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    for rel in first:
        assert (out / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


def test_cli(tmp_path, monkeypatch):
    runner = CliRunner()
    fixture = (FOREIGN / "dracor-style.xml").as_posix()
    ok = runner.invoke(main, ["export", "--turns", fixture, "-o", str(tmp_path / "a")])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "a" / "turns" / "turns.csv").is_file() and not (tmp_path / "a" / "text").exists()
    assert "6 turns" in ok.output
    assert runner.invoke(main, ["export", str(tmp_path / "missing.xml")]).exit_code == 2
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>", encoding="utf-8")
    bad = runner.invoke(main, ["export", str(broken), "-o", str(tmp_path / "b")])
    assert bad.exit_code == 1 and "broken.xml:1" in bad.output and "not well-formed" in bad.output
    assert "Traceback" not in bad.output
    only_authority = runner.invoke(main, ["export", (TEI_DIR / "authority.xml").as_posix(), "-o", str(tmp_path / "c")])
    assert only_authority.exit_code == 1 and "nothing to export" in only_authority.output
    monkeypatch.chdir(ROOT)
    default = runner.invoke(main, ["export", "--text", "-o", str(tmp_path / "d")])
    assert default.exit_code == 0, default.output
    assert sorted(p.name for p in (tmp_path / "d" / "text").iterdir()) == sorted(f"{r.stem}.{m}.txt" for r in RECORDS for m in ("diplomatic", "reading"))


def test_no_input_is_an_error(tmp_path):
    with pytest.raises(InputError):
        export([], tmp_path)
    with pytest.raises(InputError):
        record_paths(tmp_path / "no-such-folder")


SMALL_RECORD = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="../schema/parley.xsd" type="application/xml" schematypens="http://www.w3.org/2001/XMLSchema"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="rec-small">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>A small record</title></titleStmt>
      <publicationStmt><p>Test</p></publicationStmt>
      <sourceDesc><p xml:id="moscow">An element whose id is also an authority key.</p></sourceDesc>
    </fileDesc>
    <encodingDesc>
      <listPrefixDef>
        <prefixDef ident="pers" matchPattern="([a-z0-9\\-]+)" replacementPattern="authority.xml#$1"/>
        <prefixDef ident="place" matchPattern="([a-z0-9\\-]+)" replacementPattern="authority.xml#$1"/>
        <prefixDef ident="org" matchPattern="([a-z0-9\\-]+)" replacementPattern="authority.xml#$1"/>
      </listPrefixDef>
    </encodingDesc>
  </teiHeader>
  <text>
    <body>
      <sp who="pers:hoo"><speaker>Hoo:</speaker><p>From <placeName ref="place:moscow">Moscow</placeName> (see <ref target="#moscow">above</ref>).</p></sp>
    </body>
  </text>
</TEI>
"""


def test_standalone_renames_clashing_ids_and_follows_entries(tmp_path, authority):
    shutil.copyfile(TEI_DIR / "authority.xml", tmp_path / "authority.xml")
    record = tmp_path / "small.xml"
    record.write_text(SMALL_RECORD, encoding="utf-8")
    result = export([record], tmp_path / "out", text=False, turns=False)
    assert result.problems == []
    root = parse_xml((tmp_path / "out" / "standalone" / "small.xml").read_bytes(), "small.xml")
    assert dangling_pointers(root) == []
    ids = [el.get(XML_ID) for el in root.iter() if el.get(XML_ID)]
    assert len(ids) == len(set(ids))
    standoff = root.find(f"{TEI}standOff")
    # the record's own #moscow is untouched; the authority's moscow gets another id
    assert root.find(f".//{TEI}ref").get("target") == "#moscow"
    place_ref = root.find(f".//{TEI}body//{TEI}placeName").get("ref")
    assert place_ref != "#moscow"
    moved = next(el for el in standoff.iter(f"{TEI}place") if f"#{el.get(XML_ID)}" == place_ref)
    assert moved.find(f"{TEI}placeName[@type='preferred']").text == authority.get("moscow").preferred
    # hoo's birth place points to washington in the authority file: it comes along
    hoo = next(el for el in standoff.iter(f"{TEI}person") if el.get(XML_ID) == "hoo")
    birth_place = hoo.find(f"{TEI}birth/{TEI}placeName").get("ref")
    assert birth_place == "#washington" and standoff.find(f".//{TEI}place[@{XML_ID}='washington']") is not None


def test_not_tei_is_named_as_such(tmp_path):
    for name, data in (("page.xml", "<html><body><p>x</p></body></html>"), ("nons.xml", "<TEI><text><body><p>x</p></body></text></TEI>")):
        path = tmp_path / name
        path.write_text(data, encoding="utf-8")
        result = CliRunner().invoke(main, ["export", str(path), "-o", str(tmp_path / "out")])
        assert result.exit_code == 1
        assert f"{name}:1: warning: [export-not-a-record] skipped: not a TEI document" in result.output
        assert "Traceback" not in result.output
