"""Shared test fixtures: paths into the repository, and a parsed authority/editorial pair."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
TEI = ROOT / "tei"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RECORDS = sorted(p.stem for p in RAW.glob("*.txt"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def authority():
    from parley.authority import load_authority

    return load_authority(TEI / "authority.xml")


@pytest.fixture(scope="session")
def editorial():
    from parley.editorial import load_editorial

    return load_editorial(TEI / "editorial.xml")
