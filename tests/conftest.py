"""Shared test fixtures: paths into the repository, and a parsed authority/editorial pair.

With PARLEY_CI set (``.ci/run`` sets it), a skipped test fails: CI installs everything the
tests need (Chromium, Java, the HTML checker, jing), so a skip there means something is missing.

TEI's own schema: :func:`tei_all` checks files with the ``tei-conformance`` tool (jing and
``tei_all.rng``) of the ``shared/`` folder beside the repository, or of the folder named by
PARLEY_SHARED (a worktree elsewhere can point to it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
TEI = ROOT / "tei"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RECORDS = sorted(p.stem for p in RAW.glob("*.txt"))
SHARED = Path(os.environ.get("PARLEY_SHARED") or ROOT.parent / "shared")
TEI_CONFORMANCE = SHARED / "tools" / "tei-conformance"


def tei_all(paths) -> str:
    """Check files against TEI P5 ``tei_all`` (RELAX NG, with jing) through the
    ``tei-conformance`` tool: returns its report when every file passes, fails the test with
    jing's messages when one does not, and skips it, saying what is missing, where the tool,
    TEI's schema or jing is not there (in CI, where jing is installed, a skip fails)."""
    if not TEI_CONFORMANCE.is_file():
        pytest.skip(f"the tei-conformance tool is not available ({TEI_CONFORMANCE}; set PARLEY_SHARED to the shared/ folder)")
    if not (SHARED / "tei-p5" / "tei_all.rng").is_file():
        pytest.skip(f"TEI's tei_all.rng is not available ({SHARED / 'tei-p5'})")
    if not shutil.which("jing"):
        pytest.skip("jing is not installed (apt-get install jing; .ci/run installs it)")
    result = subprocess.run([str(TEI_CONFORMANCE), *map(str, paths)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("PARLEY_CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where no test may be skipped: {reason}"


@pytest.fixture(scope="session")
def renderer():
    """The stylesheets, compiled once for the whole session (test_render, test_download)."""
    from parley.render import Renderer

    return Renderer()


@pytest.fixture(scope="session")
def site(tmp_path_factory, renderer) -> Path:
    """The site of the records in tei/, rendered once for the session (test_browser makes its own)."""
    from parley.render import render_all

    out = tmp_path_factory.mktemp("site")
    render_all(TEI, out, renderer=renderer)
    return out
