"""parley validate: the committed files are valid; every broken fixture fails exactly as expected.

The fixtures in tests/fixtures/invalid/ are tiny hand-written files. ``ok-record.xml``,
``ok-corpus.xml`` and ``authority.xml`` (which the records there point into) are valid; every
other file breaks one rule or constraint, named in its leading comment, and the table
``EXPECTED`` below says which problems it must produce: rule id, line, severity and a piece of
the message. A fixture must produce exactly those problems, no more.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.cli import main
from parley.problems import Problem
from parley.validate import Validator, collect_files, compile_schematron, is_valid, validate_paths

ROOT = Path(__file__).resolve().parent.parent
TEI = ROOT / "tei"
INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"

E, W = "error", "warning"

#: fixture -> [(rule id, line, severity, part of the message)]
EXPECTED: dict[str, list[tuple[str, int, str, str]]] = {
    # well-formedness and hostile input
    "not-well-formed": [("xml-syntax", 6, E, "<teiHeader> opened at line 4 is not closed before </teiheader>: element names are case-sensitive: write </teiHeader>")],
    "external-entity": [("xml-doctype", 3, E, "DTDs and entities are refused")],
    "entity-bomb": [("xml-doctype", 3, E, "the document has entity declarations")],
    "wrong-namespace": [("xsd-root", 3, E, "the root element is <TEI> in no namespace")],
    # the grammar
    "unknown-element": [("xsd-unknown-element", 51, E, "<lg> is not an element of parley's TEI customization: TEI defines it, but parley's customization leaves it out")],
    "unknown-attribute": [("xsd-attribute", 47, E, "attribute @rend is not allowed on <div>: TEI allows it there, but parley's customization does not")],
    "missing-attribute": [
        ("parley-participant-speaks", 37, W, "pers:stalin has role=\"speaker\" but speaks in no turn"),
        ("xsd-attribute", 53, E, "<sp> lacks the required attribute @who: TEI makes it optional, but parley's customization requires it"),
    ],
    "impossible-date": [("xsd-value", 51, E, '@when="1945-02-30" on <date> is not valid: expected a W3C date')],
    "duplicate-id": [("xsd-id", 53, E, 'xml:id="rec-1945-07-07-test-sp001" is used twice (first at line 49)')],
    "redos-prefix": [
        ("xsd-value", 29, E, '@matchPattern="(a+)+$" on <prefixDef> must be "([a-z0-9\\-]+)"'),
        ("parley-pointer-resolves", 36, E, "whose prefixDef has a matchPattern other than the project's ([a-z0-9\\-]+), which is not evaluated"),
        ("parley-participant-speaks", 37, W, "pers:stalin has role=\"speaker\" but speaks in no turn"),
        ("parley-pointer-resolves", 37, E, "which is not evaluated"),
        ("parley-pointer-resolves", 49, E, "which is not evaluated"),
        ("xsd-value", 53, E, "expected a person of the authority file, pers:KEY"),
        ("parley-pointer-resolves", 53, E, "which is not evaluated"),
    ],
    "closed-value": [("xsd-value", 55, E, '@reason="illegible" on <unclear> is not valid: the allowed values are queried; TEI allows reason="illegible" there, but parley\'s customization does not')],
    # a value TEI allows and parley's closed list does not: the message says so (for foreign TEI)
    "cert-probability": [("xsd-value", 51, E, '@cert="0.6" on <placeName> is not valid: the allowed values are high, medium, low; TEI allows cert="0.6" there, but parley\'s customization does not')],
    "text-in-element-only": [("xsd-text", 50, E, 'text ("Soong") is not allowed directly inside <choice>')],
    # the rules
    "dangling-who": [
        ("parley-pointer-resolves", 37, E, '@sameAs="pers:stalni" on <person> points to nothing: the authority file has no entry "stalni"'),
        ("parley-pointer-resolves", 53, E, '@who="pers:stalni" on <sp> points to nothing: the authority file has no entry "stalni" (pers:stalni; did you mean pers:stalin?)'),
    ],
    # a misspelt @who: the pointer rule names the nearest key; the participant rule keeps quiet
    # (its advice, to add <person sameAs="pers:stallin">, would make a second broken pointer)
    "misspelt-who": [
        ("parley-participant-speaks", 37, W, "pers:stalin has role=\"speaker\" but speaks in no turn"),
        ("parley-pointer-resolves", 53, E, 'the authority file has no entry "stallin" (pers:stallin; did you mean pers:stalin?). Point to an existing entry or xml:id'),
    ],
    "dangling-local-pointer": [("parley-pointer-resolves", 55, E, 'no element of this file has xml:id="resp-editors"')],
    "undeclared-prefix": [("parley-pointer-resolves", 51, E, '"org:kmt" uses the prefix "org:", which no prefixDef of this file declares')],
    "wrong-kind": [("parley-pointer-kind", 55, E, '"place:moscow" is a <place>, but it must be a <person>')],
    "dangling-asserted-value": [
        ("parley-pointer-resolves", 51, E, '@assertedValue="place:nowhere-at-all" on <certainty> points to nothing: the authority file has no entry "nowhere-at-all"')
    ],
    "dangling-event": [("parley-pointer-resolves", 52, E, '@ref="event:yalta-conference" on <rs> points to nothing: the authority file has no entry "yalta-conference"')],
    "event-wrong-kind": [("parley-pointer-kind", 52, E, '"place:moscow" is a <place>, but it must be an <event>')],
    "speaker-not-participant": [
        ("parley-participant-speaks", 37, W, "pers:stalin has role=\"speaker\" but speaks in no turn"),
        ("parley-sp-participant", 53, E, 'has who="pers:chiang", but pers:chiang is not a participant of this meeting'),
    ],
    "two-speakers": [
        ("parley-sp-one-speaker", 53, E, "turn 2 has 2 <speaker> elements"),
        ("xsd-element", 55, E, "<speaker> is not allowed here, in <sp>; expected <p>, <list>, <stage> or <note>"),
    ],
    "speaker-after-speech": [
        ("parley-sp-speaker-first", 53, E, "in turn 2, <speaker> comes after <p>"),
        ("xsd-element", 54, E, "<p> is not allowed here, in <sp>; expected <speaker>"),
    ],
    "turn-numbers": [("parley-sp-n", 53, E, 'turn n="3" is turn 2 of its record')],
    # a run of turns off by the same amount is one message, at the first of them
    "turns-inserted": [("parley-sp-n", 61, E, 'turns n="3" to n="5" (3 turns) are numbered one lower than their places in the record, 4 to 6: '
                        "probably a turn was inserted before them without renumbering. Renumber them 4 to 6, and note that citations of these turns change with their numbers")],
    "turns-removed": [("parley-sp-n", 53, E, 'turns n="3" to n="6" (4 turns) are numbered one higher than their places in the record, 2 to 5: '
                       "probably a turn was removed before them without renumbering")],
    "queried-without-note": [("parley-queried-note", 55, E, 'the queried reading "De Castri" has no editorial note')],
    # the note is there, but its @target is misspelt: that pointer is the one mistake reported
    "note-target-dangling": [("parley-pointer-resolves", 55, E, 'no element of this file has xml:id="rec-1945-07-07-test-p01"')],
    "date-order": [("parley-date-order", 48, E, 'from="1945-07-07T23:50:00", which is not before to="1945-07-07T23:45:00"')],
    "date-not-record-day": [("parley-date-record", 48, E, 'the meeting\'s date "1945-07-08T23:00:00" (<date> in <dateline>) is not on the record\'s date 1945-07-07')],
    "when-with-range": [("parley-when-alone", 48, E, '<date> has when="1945-07-07" together with @from and @to')],
    "exclusive-bounds": [("tei-datable-exclusive", 51, E, "combines an exact bound")],
    "id-without-prefix": [("parley-id-prefix", 53, E, 'xml:id="sp002" on <sp> does not begin with the record\'s prefix "rec-1945-07-07-test-"')],
    "record-id": [("parley-record-id", 5, E, 'the record\'s xml:id is "rec-1945-07-07-tset"; it must be "rec-1945-07-07-test"')],
    "citestructure": [("tei-citestructure-match", 25, E, 'citeStructure match="/p" is nested and must not begin with /')],
    "subtype-without-type": [("tei-subtype-type", 15, E, '<idno> has subtype="wikidata" but no @type')],
    "editorial-note-without-resp": [("parley-editorial-note-resp", 55, E, "the editorial note \"Probably De-Kastri.…\" does not say whose it is")],
    "corr-without-resp": [("parley-intervention-resp", 51, E, '<corr> "Petropavlovsk" does not say whose it is: add resp="#resp-enc", the respStmt of the editors')],
    "supplied-without-resp": [("parley-intervention-resp", 50, E, '<supplied> "T.V" does not say whose it is: add resp="#ID", pointing to the respStmt of whoever supplied the text')],
    "unclear-without-resp": [("parley-intervention-resp", 55, E, '<unclear> "De Castri" does not say whose it is: add resp="#resp-recorder", the respStmt of the recorder, whose query it is')],
    "cert-without-resp": [("parley-intervention-resp", 51, E, '<placeName> "Moscow" with cert="high" does not say whose it is: add resp="#resp-enc"')],
    "certainty-without-resp": [("parley-intervention-resp", 55, E, '<certainty> with cert="low" does not say whose it is: add resp="#resp-enc"')],
    # one message for a note with neither type nor resp (not a second one for the queried reading)
    "untyped-note": [("parley-note-type", 55, E, 'the note "Probably De-Kastri." has no @type: add type="editorial" and resp="#resp-enc"')],
    "edit-without-when": [("parley-edit-when", 45, E, 'the hand edit <change type="edit"> "Corrected the spelling of a name by hand…" has no @when: add when="YYYY-MM-DD"')],
    "authority-two-preferred": [("parley-authority-preferred", 18, E, 'authority entry "chiang" (<person>) has 2 names with type="preferred"')],
    "authority-no-preferred": [("parley-authority-preferred", 22, E, 'authority entry "dekastri" (<place>) has 0 names with type="preferred"')],
    "authority-event-two-preferred": [("parley-authority-preferred", 16, E, 'authority entry "mukden-incident" (<event>) has 2 names with type="preferred"')],
    "meeting-without-when": [("parley-meeting-when", 16, E, 'the meeting "Meeting of T. V. Soong and Stalin, August 1945" has when="1945-08"')],
    "bad-wikidata": [("parley-wikidata-qid", 16, E, 'the Wikidata identifier "http://www.wikidata.org/entity/Q0855" is malformed')],
    "geo-off-globe": [("parley-geo-range", 21, E, 'the coordinates "95.75 37.62" are not on the globe')],
    # warnings: the file stays valid
    "extent-turns": [("parley-extent-turns", 12, W, "the header counts 3 turns (extent/measure unit=\"turns\"), but the text has 2")],
    "silent-participant": [("parley-participant-speaks", 38, W, "pers:chiang has role=\"speaker\" but speaks in no turn")],
    "no-xml-model": [("parley-xml-model", 3, W, "the record lacks the <?xml-model?> instruction for ../schema/parley.xsd and ../schema/parley.sch")],
    "prefix-undeclared": [("parley-prefix-declared", 3, W, "this file points with place: but declares no prefix")],
    # TEI from another project: judged against parley's schema, departures listed
    "foreign-tei": [
        ("parley-record-id", 3, E, "the record's xml:id is missing"),
        ("parley-xml-model", 3, W, "the record lacks the <?xml-model?> instruction for ../schema/parley.xsd and"),
        ("xsd-unknown-element", 6, E, "<author> is not an element of parley's TEI customization"),
        ("xsd-element", 7, E, "<p> is not allowed here, in <publicationStmt>; expected <publisher>"),
        ("xsd-unknown-element", 13, E, "<lg> is not an element of parley's TEI customization"),
        ("xsd-element", 17, E, "<p> is not allowed here, in <body>"),
    ],
}

VALID_FIXTURES = ["ok-record", "ok-corpus", "authority"]


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def test_every_fixture_is_in_the_table():
    on_disk = {p.stem for p in INVALID.glob("*.xml")}
    assert on_disk == set(EXPECTED) | set(VALID_FIXTURES)


@pytest.mark.parametrize("path", sorted(TEI.glob("*.xml")), ids=lambda p: p.name)
def test_committed_files_are_valid(validator, path):
    problems = validator.validate_file(path)
    assert is_valid(problems), "\n".join(map(str, problems))


@pytest.mark.parametrize("stem", VALID_FIXTURES)
def test_valid_fixtures(validator, stem):
    assert validator.validate_file(INVALID / f"{stem}.xml") == []


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_broken_fixture(validator, stem):
    path = INVALID / f"{stem}.xml"
    problems = validator.validate_file(path, name=f"fixtures/{stem}.xml")
    got = [(p.code, p.line, p.severity) for p in problems]
    want = [(code, line, sev) for code, line, sev, _ in EXPECTED[stem]]
    assert sorted(got) == sorted(want), "\n".join(map(str, problems))
    for code, line, sev, text in EXPECTED[stem]:
        match = [p for p in problems if p.code == code and p.line == line]
        assert any(text in p.message for p in match), f"{text!r} not in {[p.message for p in match]}"
    for p in problems:
        assert str(p).startswith(f"fixtures/{stem}.xml:{p.line}")
        assert f": {p.severity}: [{p.code}] " in str(p)
    warnings_only = all(sev == W for _, _, sev, _ in EXPECTED[stem])
    assert is_valid(problems) == warnings_only


def test_every_rule_has_a_fixture():
    from parley.schemadoc import load_odd, odd_rules

    covered = {code for rows in EXPECTED.values() for code, *_ in rows}
    rules = {i for r in odd_rules(load_odd()) for i in r["ids"]}
    assert rules - covered == set()


def test_columns_point_at_the_tag_or_attribute(validator):
    problems = validator.validate_file(INVALID / "unknown-attribute.xml")
    [p] = problems
    line = (INVALID / "unknown-attribute.xml").read_text().splitlines()[p.line - 1]
    assert line[p.col - 1 :].startswith('rend="boxed"')
    [p] = validator.validate_file(INVALID / "turn-numbers.xml")
    line = (INVALID / "turn-numbers.xml").read_text().splitlines()[p.line - 1]
    assert line[p.col - 1 :].startswith('<sp who="pers:stalin" n="3"')


# -- hostile input ----------------------------------------------------------------------


def test_a_documents_own_regular_expression_is_never_evaluated(validator, xslt_validator):
    # (a+)+$ against "aaaa…!" backtracks exponentially: both the Python pointer layer and the
    # Schematron's own pattern must refuse the prefixDef instead of evaluating it.
    for v in (validator, xslt_validator):
        t = time.perf_counter()
        problems = v.validate_file(INVALID / "redos-prefix.xml")
        assert time.perf_counter() - t < 5
        assert "parley-pointer-resolves" in {p.code for p in problems}


FOREIGN = Path(__file__).resolve().parent / "fixtures" / "foreign"


@pytest.mark.parametrize("path", sorted(FOREIGN.glob("*.xml")) if FOREIGN.is_dir() else [], ids=lambda p: p.name)
def test_tei_from_other_projects_is_judged_not_crashed_on(validator, path):
    t = time.perf_counter()
    problems = validator.validate_file(path)
    assert time.perf_counter() - t < 10
    assert not is_valid(problems)
    assert all(p.code and p.line >= 1 for p in problems)
    assert not any(p.code in ("sch-failed", "xsd-invalid") for p in problems), [str(p) for p in problems if p.code in ("sch-failed", "xsd-invalid")]


def test_entity_bomb_is_refused_fast(validator):
    t = time.perf_counter()
    problems = validator.validate_file(INVALID / "entity-bomb.xml")
    assert time.perf_counter() - t < 1.0
    assert [p.code for p in problems] == ["xml-doctype"]


def test_external_entity_is_not_read(validator):
    problems = validator.validate_file(INVALID / "external-entity.xml")
    assert "root:" not in " ".join(p.message for p in problems)
    assert [p.code for p in problems] == ["xml-doctype"]


def test_doctype_hidden_behind_a_long_comment_is_refused(validator):
    data = (b'<?xml version="1.0"?>\n<!--' + b"x" * 70000 + b'-->\n<!DOCTYPE TEI [<!ENTITY a "aaaa">]>\n'
            b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>')
    problems = validator.validate_bytes(data, "late-doctype.xml")
    assert [p.code for p in problems] == ["xml-doctype"]


def test_doctype_in_utf16_is_refused(validator):
    text = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE TEI [<!ENTITY a "b">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>'
    problems = validator.validate_bytes(text.encode("utf-16"), "utf16.xml")
    assert [p.code for p in problems] == ["xml-doctype"]


def test_not_xml_at_all(validator):
    problems = validator.validate_bytes(b"\x00\x01 not xml", "binary.xml")
    assert [p.code for p in problems] == ["xml-syntax"]
    assert validator.validate_bytes(b"", "empty.xml")[0].code == "xml-syntax"


def test_other_root_element(validator):
    problems = validator.validate_bytes(b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "page.xml")
    assert [p.code for p in problems] == ["xsd-root"]
    assert "<html> in the namespace http://www.w3.org/1999/xhtml" in problems[0].message


def test_a_pointer_to_an_unknown_event_is_reported(validator, xslt_validator):
    data = (TEI / "1945-08-10-soong-stalin.xml").read_bytes()
    assert data.count(b'ref="event:mukden-incident"') == 1
    broken = data.replace(b'ref="event:mukden-incident"', b'ref="event:mukden-incidant"')
    for v in (validator, xslt_validator):
        problems = v.validate_bytes(broken, "tei/x.xml", authority_dir=TEI)
        assert [(p.code, p.severity) for p in problems] == [("parley-pointer-resolves", E)]
        assert 'the authority file has no entry "mukden-incidant" (event:mukden-incidant; did you mean event:mukden-incident?)' in problems[0].message
        line = broken.decode("utf-8").splitlines()[problems[0].line - 1]
        assert "event:mukden-incidant" in line
    # an event's key with another prefix is the wrong kind of thing
    wrong = data.replace(b'ref="event:mukden-incident"', b'ref="place:mukden-incident"')
    problems = validator.validate_bytes(wrong, "tei/x.xml", authority_dir=TEI)
    assert [p.code for p in problems] == ["parley-pointer-kind"]
    assert '"place:mukden-incident" is an <event>, but the prefix place: is for a <place>' in problems[0].message


def test_one_inserted_turn_is_one_message(validator):
    """A turn inserted into a real record without renumbering: one message for the turns after
    it, naming the first and last, not one per turn."""
    text = (TEI / "1945-08-10-soong-stalin.xml").read_text(encoding="utf-8")
    marker = '<sp who="pers:soong" n="4" '
    assert text.count(marker) == 1
    start = text.index(marker)
    new = ('<sp who="pers:stalin" n="4" xml:id="rec-1945-08-10-soong-stalin-sp999">'
           "<speaker>Stalin:</speaker><p>An inserted turn.</p></sp>\n        ")
    broken = (text[:start] + new + text[start:]).replace('quantity="173"', 'quantity="174"').replace(">173 turns<", ">174 turns<")
    problems = validator.validate_bytes(broken.encode("utf-8"), "tei/x.xml", authority_dir=TEI)
    assert [p.code for p in problems] == ["parley-sp-n"], "\n".join(map(str, problems))
    assert problems[0].message.startswith('turns n="4" to n="173" (170 turns) are numbered one lower than their places in the record, 5 to 174: '
                                          "probably a turn was inserted before them without renumbering. Renumber them 5 to 174")
    line = broken.splitlines()[problems[0].line - 1]
    assert 'n="4"' in line and "sp999" not in line


def test_interventions_in_the_editorial_table_say_whose_they_are(validator, xslt_validator):
    """The converter copies the editorial table's markup into the records: an intervention there
    without @resp is reported in the table itself, at its line; the rule that holds a markup
    rule (note type="markup") is no intervention."""
    data = (TEI / "editorial.xml").read_bytes()
    old = b'<corr resp="#resp-enc">Petropavlovsk</corr>'
    assert data.count(old) == 1
    broken = data.replace(old, b"<corr>Petropavlovsk</corr>")
    for v in (validator, xslt_validator):
        problems = v.validate_bytes(broken, "tei/editorial.xml", authority_dir=TEI)
        assert [(p.code, p.severity) for p in problems] == [("parley-intervention-resp", E)], "\n".join(map(str, problems))
        assert problems[0].message == '<corr> "Petropavlovsk" does not say whose it is: add resp="#resp-enc", the respStmt of the editors'
        assert "Petropavlovsk</corr>" in broken.decode("utf-8").splitlines()[problems[0].line - 1]


def test_an_untyped_note_with_resp_needs_only_its_type(validator):
    data = (INVALID / "ok-record.xml").read_bytes().replace(b'<note type="editorial" resp="#resp-enc"', b'<note resp="#resp-enc"')
    [problem] = validator.validate_bytes(data, "x.xml", authority_dir=INVALID)
    assert problem.code == "parley-note-type"
    assert 'has no @type: add type="editorial" (a note in a record' in problem.message


def test_what_tei_does_not_allow_either_is_not_said_to_be_tei(validator):
    """Only where TEI allows it does a message say so; a value, an attribute or an element that
    TEI does not define either is said to be none of TEI's."""
    def problems(old: bytes, new: bytes) -> list[str]:
        assert _BASE.count(old) >= 1
        return [str(p) for p in validator.validate_bytes(_BASE.replace(old, new, 1), "x.xml", authority_dir=INVALID)]

    moscow = b'<placeName ref="place:moscow">Moscow</placeName>.</p>'
    [maybe] = problems(moscow, b'<placeName ref="place:moscow" cert="maybe" resp="#resp-enc">Moscow</placeName>.</p>')
    assert maybe.endswith("the allowed values are high, medium, low") and "TEI" not in maybe
    [foo] = problems(b"<p>Today", b'<p foo="x">Today')
    assert foo.endswith("attribute @foo is not allowed on <p> (nor does TEI define it there)")
    [element] = problems(b"<p>Today", b"<p><foo/>Today")
    assert "<foo> is not an element of parley's TEI customization, nor of TEI" in element
    [n] = [p for p in problems(b'<sp who="pers:soong" n="1"', b'<sp who="pers:soong" n="one"') if "[xsd-value]" in p]
    assert n.endswith('@n="one" on <sp> is not valid: expected a whole number from 1; TEI allows n="one" there, but parley\'s customization does not')
    [scheme] = problems(b"<p>Today", b'<p rendition="#x">Today')  # TEI defines @rendition on every element
    assert "TEI allows it there" in scheme


def test_authority_missing_is_reported_once(validator):
    data = (INVALID / "ok-record.xml").read_bytes()
    problems = validator.validate_bytes(data, "record.xml", authority_dir=None)
    assert [p.code for p in problems] == ["parley-authority-missing"]
    assert "pers:soong" in problems[0].message


_BASE = (INVALID / "ok-record.xml").read_bytes()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=len(_BASE)), st.integers(min_value=0, max_value=200), st.binary(max_size=20))
def test_damaged_records_never_crash(validator, start, length, junk):
    data = _BASE[:start] + junk + _BASE[start + length :]
    problems = validator.validate_bytes(data, "damaged.xml", authority_dir=INVALID)
    assert all(isinstance(p, Problem) and p.line >= 0 for p in problems)


# -- library API and command line ------------------------------------------------------------


def test_validator_loads_nothing_until_used():
    v = Validator()
    assert v._xsd is None and v._sch is None


def test_validate_paths_counts(validator):
    results, n_valid, n_invalid = validate_paths([INVALID / "ok-record.xml", INVALID / "turn-numbers.xml"], validator)
    assert (n_valid, n_invalid) == (1, 1)
    assert [name for name, _ in results] == [(INVALID / "ok-record.xml").as_posix(), (INVALID / "turn-numbers.xml").as_posix()]


def test_collect_files_sorted_and_missing():
    files = collect_files([INVALID])
    assert files == sorted(files) and all(f.suffix == ".xml" for f in files)
    with pytest.raises(FileNotFoundError):
        collect_files([INVALID / "nope.xml"])


def test_cli_valid_exit_0(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith(" invalid")
    assert result.output.splitlines()[-1].startswith(f"{len(list(TEI.glob('*.xml')))} valid, 0 invalid")


def test_cli_invalid_exit_1():
    result = CliRunner().invoke(main, ["validate", str(INVALID / "turn-numbers.xml"), str(INVALID / "ok-record.xml")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1] == "1 valid, 1 invalid"
    assert lines[0].endswith("turn-numbers.xml:53:9: error: [parley-sp-n] turn n=\"3\" is turn 2 of its record: number the turns 1, 2, 3 … in document order")


def test_cli_usage_exit_2(tmp_path, monkeypatch):
    assert CliRunner().invoke(main, ["validate", str(tmp_path / "missing.xml")]).exit_code == 2
    assert CliRunner().invoke(main, ["validate", str(tmp_path)]).exit_code == 2  # no .xml files
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["validate"]).exit_code == 2  # no tei/ here
    assert CliRunner().invoke(main, ["validate", "--format", "yaml", str(INVALID)]).exit_code == 2


def test_cli_json():
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(INVALID / "extent-turns.xml"), str(INVALID / "two-speakers.xml")])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert (data["valid"], data["invalid"]) == (1, 1)
    first, second = data["files"]
    assert first["valid"] is True and first["problems"][0]["code"] == "parley-extent-turns"
    assert first["problems"][0]["see"] == "parley.odd#parley-extent-turns"
    assert {p["code"] for p in second["problems"]} == {"xsd-element", "parley-sp-one-speaker"}
    assert set(second["problems"][0]) == {"file", "line", "col", "severity", "code", "message", "see"}


def test_compiler_first_rule_of_a_pattern_wins_and_reports():
    from saxonche import PySaxonProcessor  # noqa: F401  (installed with parley)

    from parley.validate import _saxon_processor

    sch = b"""<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">
      <sch:pattern id="a">
        <sch:rule context="b[@special]"><sch:report test="true()" id="special" role="info">special <sch:name/> <sch:value-of select="@special"/></sch:report></sch:rule>
        <sch:rule context="b"><sch:assert test="@x" id="needs-x" role="warning">no x on <sch:name/> number <sch:value-of select="count(preceding-sibling::b) + 1"/></sch:assert></sch:rule>
      </sch:pattern>
      <sch:pattern id="c"><sch:rule context="b"><sch:let name="n" value="string-length(.)"/><sch:assert test="$n lt 3" id="short">too long: {<sch:value-of select="$n"/>}</sch:assert></sch:rule></sch:pattern>
    </sch:schema>"""
    proc = _saxon_processor()
    ex = proc.new_xslt30_processor().compile_stylesheet(stylesheet_text=compile_schematron(sch))
    doc = proc.parse_xml(xml_text="<a><b special='yes'>abcd</b><b/><b x='1'/></a>")
    svrl = ex.transform_to_string(xdm_node=doc)
    from lxml import etree

    found = [(e.get("id"), e.get("role"), e.get("location"), " ".join("".join(e.itertext()).split()))
             for e in etree.fromstring(svrl.encode()) if isinstance(e.tag, str)]
    assert found == [
        ("special", "info", "/Q{}a[1]/Q{}b[1]", "special b yes"),
        ("short", None, "/Q{}a[1]/Q{}b[1]", "too long: {4}"),
        ("needs-x", "warning", "/Q{}a[1]/Q{}b[2]", "no x on b number 2"),
    ]


def test_compiler_refuses_what_it_does_not_support():
    for bad in (
        b'<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt"/>',
        b'<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3"><sch:phase id="p"/></sch:schema>',
        b"<schema/>",
    ):
        with pytest.raises(ValueError):
            compile_schematron(bad)


# -- the Python pointer layer is the Schematron pattern parley-pointers -------------------------

_TOKENS = ["#resp-enc", "#rec-1945-07-07-test-sp001", "#nowhere", "pers:stalin", "pers:moscow", "place:moscow",
           "place:stalin", "org:kmt", "foo:bar", "https://example.org/x", "pers:Bad", "stalin", "pers:", "#"]
_SLOTS = ['<sp who="pers:stalin" n="2"', '<placeName ref="place:moscow">Moscow</placeName>.</p>',
          '<note type="editorial" resp="#resp-enc"', 'target="#rec-1945-07-07-test-pl01"', '<person sameAs="pers:soong"']


@pytest.fixture(scope="module")
def xslt_validator() -> Validator:
    return Validator(pointers_in_python=False)


@pytest.mark.parametrize("path", sorted(INVALID.glob("*.xml")) + sorted(TEI.glob("*.xml")), ids=lambda p: p.name)
def test_python_pointer_layer_agrees_with_the_schematron(validator, xslt_validator, path):
    assert validator.validate_file(path) == xslt_validator.validate_file(path)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_SLOTS), st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=3))
def test_python_pointer_layer_agrees_on_any_pointer(validator, xslt_validator, slot, tokens):
    text = _BASE.decode("utf-8")
    value = " ".join(tokens)
    for att in ("who", "ref", "resp", "target", "sameAs"):
        if f'{att}="' in slot:
            start = slot.index(f'{att}="') + len(att) + 2
            end = slot.index('"', start)
            text = text.replace(slot, slot[:start] + value + slot[end:], 1)
            break
    data = text.encode("utf-8")
    a = validator.validate_bytes(data, "x.xml", authority_dir=INVALID)
    b = xslt_validator.validate_bytes(data, "x.xml", authority_dir=INVALID)
    assert a == b
