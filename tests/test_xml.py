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
