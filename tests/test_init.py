"""`parley init`: the skeleton of a new collection is valid as written, its commented examples
are valid once uncommented, and a folder that cannot be written is a one-line error.

(`parley init` followed by `parley build` in the new folder is tested in test_build.py.)
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.init import LAYOUT, InitError, init_collection
from parley.validate import Validator, is_valid, validate_paths

ROOT = Path(__file__).resolve().parent.parent
CONFORMANCE = ROOT.parent / "shared" / "tools" / "tei-conformance"


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def errors(results) -> list[str]:
    return [str(p) for _, problems in results for p in problems if p.severity == "error"]


# --- the skeleton validates ------------------------------------------------------------------


def test_skeleton_validates_with_the_project_validator(tmp_path, validator):
    init_collection(tmp_path / "c")
    results, n_valid, n_invalid = validate_paths([tmp_path / "c" / "tei"], validator=validator)
    assert errors(results) == [] and n_invalid == 0
    assert sorted(Path(name).name for name, _ in results) == ["authority.xml", "editorial.xml"]


def test_parley_validate_accepts_the_skeleton(tmp_path, monkeypatch):
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path / "c")]).exit_code == 0
    monkeypatch.chdir(tmp_path / "c")
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "2 valid, 0 invalid" in result.output


def uncommented(text: str, lists: tuple[str, ...]) -> str:
    """The file with the commented example lists in place of the placeholder."""
    comment = re.search(r"<standOff>\s*<!--(.*?)-->", text, re.S).group(1)
    examples = [m.group(0) for tag in lists for m in re.finditer(rf"<{tag}\b.*?</{tag}>", comment, re.S)]
    assert len(examples) == len(lists), "every kind of list has a commented example"
    text, n = re.subn(r"<listAnnotation>\s*<head>No entries yet</head>.*?</listAnnotation>", "\n    ".join(examples), text, flags=re.S)
    assert n == 1, "the placeholder is there, to be replaced"
    return text


AUTHORITY_LISTS = ("listPerson", "listPlace", "listOrg", "listEvent")


def init_template(name: str) -> str:
    from importlib import resources

    return resources.files("parley").joinpath("templates", "init", name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name, lists",
    [("authority.xml", AUTHORITY_LISTS), ("editorial.xml", ("listAnnotation", "listEvent"))],
)
def test_commented_examples_are_valid_once_uncommented(tmp_path, validator, name, lists):
    init_collection(tmp_path / "c")
    # The editorial table's examples point to the authority file's example entries.
    authority = tmp_path / "c" / "tei" / "authority.xml"
    authority.write_text(uncommented(authority.read_text(encoding="utf-8"), AUTHORITY_LISTS), encoding="utf-8")
    path = tmp_path / "c" / "tei" / name
    if name == "authority.xml":
        path.write_text(init_template(name), encoding="utf-8")
    path.write_text(uncommented(path.read_text(encoding="utf-8"), lists), encoding="utf-8")
    problems = validator.validate_file(path)
    assert is_valid(problems), [str(p) for p in problems]


@pytest.mark.skipif(not (CONFORMANCE.is_file() and shutil.which("jing")), reason="the tei-conformance tool (../shared/tools) or jing is not available")
def test_skeleton_is_valid_tei_all(tmp_path):
    init_collection(tmp_path / "c")
    files = sorted((tmp_path / "c" / "tei").glob("*.xml"))
    result = subprocess.run([str(CONFORMANCE), *map(str, files)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


# --- a folder that cannot be written ----------------------------------------------------------


def test_a_path_through_a_file_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    target = blocker / "collection"
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 2  # like every other refusal of DIRECTORY by `parley init`
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no crash
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("parley init: error: ") and str(target) in lines[0]
    assert f"{blocker} is a file, not a folder" in lines[0]
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_a_failed_init_leaves_nothing_behind(tmp_path, monkeypatch):
    """A write that fails half-way (disk full, say) removes the files and folders it made."""
    import parley.init as init

    real = init.atomic_write
    calls = []

    def failing(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(init, "atomic_write", failing)
    (tmp_path / "c").mkdir()
    with pytest.raises(InitError) as exc:
        init_collection(tmp_path / "c")
    assert str(tmp_path / "c") in str(exc.value) and "No space left on device" in str(exc.value)
    assert "\n" not in str(exc.value)
    assert list((tmp_path / "c").iterdir()) == []  # the folder was there before; it is left, empty
    monkeypatch.setattr(init, "atomic_write", real)
    assert len(init_collection(tmp_path / "c")) == len(LAYOUT)  # and init can run again


# --- what `parley deposit` needs --------------------------------------------------------------


def test_deposit_settings_and_citation_are_written_with_nothing_invented(tmp_path):
    from parley.deposit import OPTIONAL_SETTINGS, REQUIRED_SETTINGS, tomllib

    init_collection(tmp_path / "c")
    toml_text = (tmp_path / "c" / "parley.toml").read_text(encoding="utf-8")
    assert tomllib.loads(toml_text) == {"deposit": {}}  # the table is there; every value is the collection's to give
    for key in list(REQUIRED_SETTINGS) + list(OPTIONAL_SETTINGS):
        assert re.search(rf'^# {key} = ""$', toml_text, re.M), key  # each explained, commented out
    cff = (tmp_path / "c" / "CITATION.cff").read_text(encoding="utf-8")
    keys = {line.split(":", 1)[0] for line in cff.splitlines() if re.match(r"^[a-z-]+:", line)}
    assert keys == {"cff-version", "message", "type"}
    assert re.search(r"^# title:", cff, re.M) and re.search(r"^# authors:", cff, re.M)


def readme_fill_in(readme: str) -> set[tuple[str, str]]:
    """(file, key) of every row of the README's table of what to fill in before depositing."""
    section = readme.split("## Before `parley deposit`", 1)[1]
    pairs, current = set(), None
    for row in re.findall(r"^\|(.*)\|$", section, re.M):
        cells = [c.strip() for c in row.split("|")]
        if cells[0] in ("file", "---"):
            continue
        current = re.match(r"`([^`]+)`", cells[0]).group(1) if cells[0] else current
        pairs.add((current, re.fullmatch(r"`([^`]+)`", cells[1]).group(1)))
    return pairs


def test_a_new_collection_can_be_deposited_once_its_readme_is_followed(tmp_path, monkeypatch):
    import bagit

    coll = tmp_path / "c"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(coll)]).exit_code == 0
    auth = coll / "tei" / "authority.xml"
    entries = (
        '<listPerson>\n'
        '      <person xml:id="smith"><persName type="preferred">Jane Smith</persName><persName type="variant">Smith</persName></person>\n'
        '      <person xml:id="jones"><persName type="preferred">Tom Jones</persName><persName type="variant">Jones</persName></person>\n'
        '    </listPerson>'
    )
    auth.write_text(re.sub(r"<listAnnotation>\s*<head>No entries yet</head>.*?</listAnnotation>", entries, auth.read_text(encoding="utf-8"), flags=re.S), encoding="utf-8")
    (coll / "raw" / "1952-03-04-smith-jones.txt").write_text(
        "Record of a Conversation Between Smith and Jones\n\n4 March 1952, 10:00 - 11:00 a.m.\n\n"
        "Smith: Good morning.\n\nJones: Good morning.\n\nSmith: Agreed.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(coll)
    assert runner.invoke(main, ["build", "-j", "1", "-q"]).exit_code == 0

    # deposit refuses, naming exactly what the collection's README says to fill in
    refused = runner.invoke(main, ["deposit"])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    named = set()
    for line in refused.output.splitlines():
        if m := re.match(r"parley\.toml:(\d+): error: \[deposit-settings\] \[deposit\] ([\w-]+) is not set", line):
            named.add(("parley.toml", m.group(2)))
            assert int(m.group(1)) > 0  # the line where the key waits, commented out
        elif m := re.match(r"CITATION\.cff:(\d+): error: \[deposit-citation\] no ([\w-]+):", line):
            named.add(("CITATION.cff", m.group(2)))
        else:
            assert ": error:" not in line, line
    readme = (coll / "README.md").read_text(encoding="utf-8")
    assert {(f.split(",")[0], k) for f, k in readme_fill_in(readme)} == named
    assert named == {("parley.toml", "title"), ("parley.toml", "source-organization"), ("parley.toml", "external-description"), ("CITATION.cff", "title"), ("CITATION.cff", "authors")}
    assert not (coll / "build" / "deposit").exists()

    # filled in as the comments say (remove the "# ", write the value), it deposits
    toml = (coll / "parley.toml").read_text(encoding="utf-8")
    for key, value in (("title", "Smith and Jones"), ("source-organization", "An Archive"), ("external-description", "One record.")):
        toml = toml.replace(f'# {key} = ""', f'{key} = "{value}"')
    (coll / "parley.toml").write_text(toml, encoding="utf-8")
    cff = (coll / "CITATION.cff").read_text(encoding="utf-8")
    cff = cff.replace('# title: ""', 'title: "Smith and Jones"').replace("# authors:\n#   - name: \"\"", 'authors:\n  - name: "The editors"')
    (coll / "CITATION.cff").write_text(cff, encoding="utf-8")
    done = runner.invoke(main, ["deposit"])
    assert done.exit_code == 0, done.output
    bag = bagit.Bag(str(coll / "build" / "deposit"))
    bag.validate()
    assert bag.info["Source-Organization"] == "An Archive" and "Contact-Email" not in bag.info
    # the collection has no schema/ of its own: the bag carries the one parley validated with,
    # where the records' xml-model instructions point
    for href in re.findall(r'<\?xml-model href="\.\./([^"]+)"', (coll / "tei" / "1952-03-04-smith-jones.xml").read_text(encoding="utf-8")):
        assert (coll / "build" / "deposit" / "data" / href).is_file(), href


def test_a_new_collection_builds_before_its_authority_file_has_an_entry(tmp_path):
    """`parley init`, a raw record copied in, `parley build`: the skeleton's placeholder is a
    new collection's authority file, not "not an authority file" (the record's speakers are
    unknown yet, so it becomes a narrative record, with warnings)."""
    from conftest import RAW

    init_collection(tmp_path / "c")
    shutil.copy(RAW / "1945-07-07-soong-stalin.txt", tmp_path / "c" / "raw")
    result = CliRunner().invoke(main, ["build", "-C", str(tmp_path / "c"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "wrong-file" not in result.output
    assert (tmp_path / "c" / "tei" / "1945-07-07-soong-stalin.xml").is_file()
