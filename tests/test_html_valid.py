"""Every page parley writes is valid HTML5, as the W3C's own checker judges it.

The Nu HTML Checker (vnu.jar, https://validator.github.io/validator/) reads the whole edition
site (index, registers, encoding manual, both views of every record) and the pages of the
foreign and hostile fixtures. Errors and warnings fail the test; its "info" messages (such
as the trailing slash of void elements, which parley's XML-syntax HTML writes) do not.

`make test` fetches the checker (see the Makefile) and passes its path in PARLEY_VNU_JAR. The
test is skipped, saying why, only when the jar or Java is missing; `.ci/run` installs Java,
and in CI a skipped test fails (tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import FIXTURES, ROOT, TEI


def _vnu_jar() -> Path | None:
    given = os.environ.get("PARLEY_VNU_JAR")
    if given:
        path = Path(given) if Path(given).is_absolute() else ROOT / given
        return path if path.is_file() else None
    found = sorted((ROOT / "build" / "tools").glob("vnu-*.jar"))
    return found[-1] if found else None


JAR = _vnu_jar()
JAVA = shutil.which("java")

pytestmark = [
    pytest.mark.skipif(JAR is None, reason="the Nu HTML Checker is not in build/tools (`make test` fetches it from the npm registry)"),
    pytest.mark.skipif(JAVA is None, reason="Java is not installed (apt-get install default-jre-headless); .ci/run installs it"),
]


def problems(*folders: Path) -> list[str]:
    """The checker's errors and warnings for the HTML files under *folders*, as
    ``file:line:col: message``."""
    run = subprocess.run(
        [JAVA, "-jar", str(JAR), "--format", "json", "--skip-non-html", *map(str, folders)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(run.stderr or run.stdout)
    found = []
    for m in report["messages"]:
        if m.get("type") == "info" and m.get("subType") != "warning":
            continue
        where = unquote(urlsplit(m.get("url", "")).path)
        found.append(f"{where}:{m.get('lastLine', 0)}:{m.get('firstColumn', 0)}: {m.get('type')}: {m.get('message')}")
    assert run.returncode in (0, 1), run.stderr[-2000:]
    return found


def test_checker_finds_what_is_invalid(tmp_path):
    """The checker, as called here, does report an invalid page (so a pass means something)."""
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="eng"><head><meta charset="utf-8"/><title>t</title></head>'
        "<body><main><main></main></main><dl><dt>a</dt><dd>1</dd><dt>a</dt><dd>2</dd></dl></body></html>\n",
        encoding="utf-8",
    )
    found = problems(tmp_path)
    assert any("“lang”" in p for p in found), found
    assert any("“main”" in p for p in found), found
    assert any("Duplicate “dt”" in p for p in found), found


def test_every_page_is_valid_html5(tmp_path):
    from parley.render import render_all, render_paths

    render_all(TEI, tmp_path / "site")
    for fixture in sorted((FIXTURES / "foreign").glob("*.xml")):
        render_paths([fixture], tmp_path / "foreign" / fixture.stem)
    pages = list(tmp_path.rglob("*.html"))
    assert len(pages) >= 7 + 2 * 2 + 2 * 5
    assert problems(tmp_path / "site", tmp_path / "foreign") == []
