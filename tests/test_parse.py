"""The record parser: date-time lines, labels, blocks, trailer, and bad input."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from conftest import FIXTURES, RAW
from parley.parse import Block, Stage, Turn, decode, parse_dateline, parse_record
from parley.problems import InputError


# --- date-time lines -------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, start, end",
    [
        ("7 July 1945, 11:00 - 11:45 p.m.", "1945-07-07T23:00", "1945-07-07T23:45"),
        ("10 August, 1945 9:00 – 11:30 p.m.", "1945-08-10T21:00", "1945-08-10T23:30"),
        ("14 August 1945, 12:00 a.m. to 1:30 a.m.", "1945-08-14T00:00", "1945-08-14T01:30"),
        ("2 July 1945, 11:30 p.m. to 1:00 a.m.", "1945-07-02T23:30", "1945-07-03T01:00"),
        ("July 2nd, 1945, 11:00 - 1:00 p.m.", "1945-07-02T11:00", "1945-07-02T13:00"),
        ("June 30th, 1945, 10 — 11 p.m.", "1945-06-30T22:00", "1945-06-30T23:00"),
        ("3 Sept. 1945, 18:00-19:15", "1945-09-03T18:00", "1945-09-03T19:15"),
    ],
)
def test_dateline_spans(line, start, end):
    day, s, e = parse_dateline(line)
    assert s == datetime.fromisoformat(start)
    assert e == datetime.fromisoformat(end)
    assert day == s.date()


@pytest.mark.parametrize("line, day", [("June 30th, 1945", date(1945, 6, 30)), ("July 7, 1945", date(1945, 7, 7)), ("1 May 1946.", date(1946, 5, 1))])
def test_dateline_date_only(line, day):
    assert parse_dateline(line) == (day, None, None)


@pytest.mark.parametrize(
    "line",
    ["Record of a Meeting Between T. V. Soong and Stalin", "31 June 1945", "7 July 1945, the next day", "7 July 1945, 13:00 - 14:00 p.m.", "Stalin: 7 July 1945"],
)
def test_not_a_dateline(line):
    assert parse_dateline(line) is None


# --- the two records -------------------------------------------------------------------


def _parse(path, authority):
    return parse_record(decode(path.read_bytes(), path.name), path.name, authority.person_by_name)


def test_july_record_structure(authority):
    rec = _parse(RAW / "1945-07-07-soong-stalin.txt", authority)
    assert rec.page_date.text == "July 7, 1945"
    assert rec.page_title.text == "Record of a Meeting Between T. V. Soong and Stalin"
    assert rec.headings == ()
    assert rec.dateline.line.text == "7 July 1945, 11:00 - 11:45 p.m."
    assert rec.funder == "Chun & Jane Chiu Family Foundation"
    first = rec.turns[0]
    assert (first.label, first.name, first.who) == ("[T.V] Soong:", "T.V Soong", "soong")
    assert rec.turns[1].label == "[Joseph] Stalin:"
    assert rec.abstract.text.startswith("Stalin and Dr. Soong continue")
    assert rec.archival.collection == "Victor Hoo Collection"
    assert (rec.archival.box, rec.archival.folder) == ("6", "9")
    assert rec.archival.repository == "Hoover Institution Archives"
    assert rec.archival.contributor == "David Wolff"
    assert rec.doc_type.text == "Meeting Notes"
    assert len(rec.rights) == 2
    assert rec.fields == ()  # "Original Uploaded Date" and "Record ID" are empty in the export
    molotov_list = next(t for t in rec.turns if any(b.kind == "list" for b in t.blocks))
    assert molotov_list.who == "molotov"
    assert [b.kind for b in molotov_list.blocks] == ["p", "list", "p"]
    assert len(molotov_list.blocks[1].lines) == 4
    assert rec.problems == ()


def test_august_record_structure(authority):
    rec = _parse(RAW / "1945-08-10-soong-stalin.txt", authority)
    assert [h.text for h in rec.headings] == ["Record of Meeting Between T. Soong and Stalin"]
    assert rec.dateline.start == datetime(1945, 8, 10, 21, 0)
    assert rec.doc_type.text == "Memorandum of Conversation"
    stages = [b for b in rec.body if isinstance(b, Stage)]
    assert [(s.line.text, s.who) for s in stages] == [("(Stalin laughs)", "stalin")]
    reads = [t for t in rec.turns if any(b.kind == "stage" for b in t.blocks)]
    assert reads[0].who == "stalin"
    assert reads[0].blocks[-1].lines[0].text == "(He reads the two concluding lines)."
    # "status: Parity, ..." inside a line is no label: the turn keeps it as text.
    parity = [t for t in rec.turns if any("Parity" in ln.text for b in t.blocks for ln in b.lines)]
    assert len(parity) == 1 and parity[0].who == "stalin"
    assert rec.abstract.text.startswith("T.V. Soong, Stalin, and others discuss")


def test_bom_and_crlf_are_the_same_text(authority):
    data = (RAW / "1945-07-07-soong-stalin.txt").read_bytes()
    plain = _parse_bytes(data, authority)
    crlf = _parse_bytes(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"), authority)
    assert [ln.text for ln in plain.body_lines] == [ln.text for ln in crlf.body_lines]
    assert [t.who for t in plain.turns] == [t.who for t in crlf.turns]


def _parse_bytes(data, authority, name="x.txt"):
    return parse_record(decode(data, name), name, authority.person_by_name)


# --- other shapes of record ------------------------------------------------------------


def test_narrative_record_has_no_turns_and_a_warning(authority):
    rec = _parse(FIXTURES / "good" / "narrative.txt", authority)
    assert rec.turns == ()
    assert all(isinstance(b, Block) and b.kind == "p" for b in rec.body)
    assert [p.code for p in rec.problems] == ["no-turns"]
    assert str(rec.problems[0]) == "narrative.txt:5: warning: [no-turns] no speaker turns found; the record is encoded as narrative paragraphs"


def test_present_block_names_participants(authority):
    rec = _parse(FIXTURES / "good" / "present.txt", authority)
    assert [p.key for p in rec.present] == ["stalin", "molotov", "soong"]
    assert [t.who for t in rec.turns] == ["stalin", "soong"]


def test_stage_between_turns_names_its_person(authority):
    rec = _parse(FIXTURES / "good" / "midnight.txt", authority)
    assert isinstance(rec.body[1], Stage) and rec.body[1].who == "stalin"
    assert rec.dateline.start == datetime(1945, 8, 14, 0, 0)


# --- bad input: one named fixture each, exact message ----------------------------------

BAD = FIXTURES / "bad"


@pytest.mark.parametrize(
    "fixture, message",
    [
        ("empty.txt", "empty.txt:1: error: [empty-file] the file is empty; a record needs a date line and turns"),
        ("not-utf8.txt", "not-utf8.txt:7:12: error: [not-utf8] byte 0xe9 is not UTF-8 (is the file in Latin-1 or Windows-1252?); save it as UTF-8"),
        (
            "no-date-line.txt",
            "no-date-line.txt:3: error: [no-date-line] no date line found before the first turn; expected a line "
            "such as '7 July 1945, 11:00 - 11:45 p.m.' or 'June 30th, 1945'",
        ),
        ("unbalanced-bracket.txt", "unbalanced-bracket.txt:5:21: error: [bracket-unbalanced] '[' is not closed by ']' on the same line"),
        ("stray-closing-bracket.txt", "stray-closing-bracket.txt:5:29: error: [bracket-unbalanced] ']' without a matching '[' on the same line"),
    ],
)
def test_bad_input_is_refused_with_a_located_message(fixture, message, authority):
    with pytest.raises(InputError) as exc:
        _parse_bytes((BAD / fixture).read_bytes(), authority, fixture)
    assert [str(p) for p in exc.value.problems] == [message]


def test_unknown_speaker_is_a_warning_and_the_line_is_kept(authority):
    rec = _parse_bytes((BAD / "unknown-speaker.txt").read_bytes(), authority, "unknown-speaker.txt")
    assert [str(p) for p in rec.problems] == [
        "unknown-speaker.txt:7: warning: [unknown-speaker] 'Smith:' looks like a speaker label, but 'Smith' is not a "
        "name of any person in the authority file; the line is kept as text. Add the spelling as a persName variant "
        "in tei/authority.xml if it is a speaker"
    ]
    assert [t.who for t in rec.turns] == ["stalin", "soong"]
    assert rec.turns[0].blocks[-1].lines[0].text == "Smith: Who am I?"
