"""The shared XML helpers: the hardened parser, and atomic writes whose errors name the file."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from parley.problems import InputError, Problem
from parley.xml import parse_xml


def _problem(data: bytes) -> Problem:
    with pytest.raises(InputError) as exc:
        parse_xml(data, "f.xml")
    (problem,) = exc.value.problems
    return problem


def test_doctype_after_a_long_prolog_is_refused_before_parsing():
    bomb = (FIXTURES / "invalid" / "entity-bomb.xml").read_bytes()
    at = bomb.index(b"<!DOCTYPE")
    padded = bomb[:at] + b"<!--" + b"x" * 70_000 + b"-->\n<?pi x?>\n" + bomb[at:]
    p = _problem(padded)
    assert (p.code, p.line) == ("xml-doctype", 5) and "entity declarations" in p.message
    p = _problem(b"<!--" + b"x" * 70_000 + b"-->\n<!DOCTYPE a>\n<a/>")
    assert (p.code, p.line) == ("xml-doctype", 2) and "a DOCTYPE" in p.message


def test_unknown_encoding_and_empty_input_are_syntax_problems():
    assert _problem(b'<?xml version="1.0" encoding="no-such-encoding"?><a/>').code == "xml-syntax"
    assert _problem(b"").code == "xml-syntax"


def test_problem_without_a_line_has_no_position():
    assert str(Problem("tei/authority.xml", 0, "not found", "authority-missing")) == "tei/authority.xml: error: [authority-missing] not found"
    assert str(Problem("a.xml", 3, "m", "c", col=7)) == "a.xml:3:7: error: [c] m"


# -- atomic writes: errors name the target, in plain words ---------------------------------------


def test_write_under_a_regular_file_names_the_target_and_the_file_in_the_way(tmp_path):
    from parley.xml import WriteError, atomic_write

    (tmp_path / "plain").write_bytes(b"a file")
    for target in (tmp_path / "plain" / "out.xml", tmp_path / "plain" / "a" / "b" / "out.xml"):
        with pytest.raises(WriteError) as exc:
            atomic_write(target, b"<a/>")
        assert exc.value.filename == str(target)
        assert exc.value.strerror == f"cannot write ({(tmp_path / 'plain').as_posix()} is a file, not a folder)"
        assert ".tmp" not in str(exc.value)


def test_write_onto_a_folder_names_it_and_leaves_no_temporary_file(tmp_path):
    from parley.xml import WriteError, atomic_write

    (tmp_path / "out.xml").mkdir()
    with pytest.raises(WriteError) as exc:
        atomic_write(tmp_path / "out.xml", b"<a/>")
    assert (exc.value.filename, exc.value.strerror) == (str(tmp_path / "out.xml"), "cannot write (it is a folder)")
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"] and not any((tmp_path / "out.xml").iterdir())


def test_system_errors_while_writing_are_plain_words_naming_the_target(tmp_path, monkeypatch):
    """A read-only file system (tests may run as root, where permissions stop nothing): the
    rename fails as it would there."""
    import errno
    import os

    import parley.xml as px

    def read_only(src, dst):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), src)

    monkeypatch.setattr(px.os, "replace", read_only)
    with pytest.raises(px.WriteError) as exc:
        px.atomic_write(tmp_path / "corpus.xml", b"<a/>")
    assert str(exc.value) == f"{tmp_path / 'corpus.xml'}: cannot write (read-only file system)"
    assert list(tmp_path.iterdir()) == []


def test_make_dirs_names_the_folder(tmp_path):
    from parley.xml import WriteError, make_dirs

    (tmp_path / "build").write_bytes(b"")
    with pytest.raises(WriteError) as exc:
        make_dirs(tmp_path / "build")
    assert exc.value.strerror == "cannot make the folder (a file of that name is in the way)"
    with pytest.raises(WriteError) as exc:
        make_dirs(tmp_path / "build" / "site")
    assert exc.value.strerror == f"cannot make the folder ({(tmp_path / 'build').as_posix()} is a file, not a folder)"


@pytest.mark.parametrize(
    "stand_off, kind",
    [
        ("<listPerson/>", "authority"),
        ('<listEvent><event xml:id="e"/></listEvent>', "authority"),  # events only: still authority
        ('<listEvent type="meetings"/>', "editorial"),
        ('<listAnnotation type="identifications"/>', "editorial"),
        ("<list/>", None),
    ],
)
def test_curated_kind_tells_the_two_curated_files_apart_by_their_lists(stand_off, kind):
    """One rule (that of curated_standoff) for the build's check and the deposit's METS roles."""
    from parley.xml import curated_kind

    root = parse_xml(f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><standOff>{stand_off}</standOff></TEI>'.encode(), "t.xml")
    assert curated_kind(root) == kind
    assert curated_kind(parse_xml(b"<TEI><standOff><listPerson/></standOff></TEI>", "t.xml")) is None  # no TEI namespace


# -- libxml2's messages in the project's words (xml.SYNTAX_MESSAGES) -----------------------------


@pytest.mark.parametrize(
    "fixture, where, message",
    [
        ("bare-ampersand.xml", (3, 13), "not well-formed XML: a bare & must be written &amp;"),
        ("named-entity.xml", (3, 17), "not well-formed XML: TEI has no named entities such as &nbsp;: type the character, or write &#160;"),
        ("latin-1.xml", (4, 16), "not well-formed XML: byte 0xe9 is not UTF-8 (is the file in Latin-1 or Windows-1252?); save it as UTF-8"),
        ("too-deep.xml", (3, 1025), "not well-formed XML: elements nested more than 256 deep, deeper than parley reads"),
        ("tag-mismatch.xml", (5, 8), "not well-formed XML: <p> opened at line 4 is not closed before </sp>: close it with </p> where it ends"),
    ],
)
def test_common_syntax_errors_are_said_in_plain_words_with_the_fix(fixture, where, message):
    """The same words from the hardened parser (every stage) and from the validator."""
    from parley.validate import Validator

    path = FIXTURES / "bad-xml" / fixture
    p = _problem(path.read_bytes())
    assert (p.code, (p.line, p.col)) == ("xml-syntax", where) and p.message.startswith(message), p
    assert "XML_PARSE_HUGE" not in p.message and "xmlParse" not in p.message
    (v,) = Validator().validate_file(path, name="f.xml")
    assert v == p


def test_entities_other_than_nbsp_get_their_number():
    assert _problem(b"<p>caf&eacute;</p>").message.endswith("such as &eacute;: type the character, or write &#233;")
    assert _problem(b"<p>&nosuch;</p>").message.endswith("such as &nosuch;: type the character, or write its number (&#NNNN;)")


def test_end_tag_in_another_case_says_names_are_case_sensitive():
    p = _problem(b"<TEI>\n<teiHeader>\n</teiheader></TEI>")
    assert p.message == "not well-formed XML: <teiHeader> opened at line 2 is not closed before </teiheader>: element names are case-sensitive: write </teiHeader>"


def test_messages_without_a_mapping_keep_libxml2s_words():
    assert _problem(b"<a>1 < 2</a>").message == "not well-formed XML: StartTag: invalid element name"
    # bytes that are not of the encoding the file declares: not said to be UTF-8's
    assert _problem('<?xml version="1.0" encoding="windows-1252"?>\n<a>\x81</a>'.encode("latin-1")).message == "not well-formed XML: Invalid bytes in character encoding"


def test_duplicate_xml_id_is_said_as_the_validator_says_it():
    """The hardened parser stops at a second xml:id (the loader of the curated files reads
    with it); it says so in the validator's code and words, with the first one's line, not
    counting one in a comment."""
    from parley.validate import Validator

    path = FIXTURES / "bad-curated" / "authority-duplicate-id.xml"
    p = _problem(path.read_bytes())
    assert str(p) == 'f.xml:15:15: error: [xsd-id] xml:id="fu" is used twice (first at line 13): every xml:id must be unique in a file'
    assert p in Validator().validate_file(path, name="f.xml")
