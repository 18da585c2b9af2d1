"""The command line's rules, the same for every command: no project or no input where a
command looks by default is a usage error (exit 2) saying what it looked for and which
option or argument to give; messages name files, never temporary ones, and have no line
number when there is none; no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import RAW, ROOT, TEI
from parley.cli import main

JULY = "1945-07-07-soong-stalin"


@pytest.mark.parametrize(
    "command, looked_for, hint",
    [
        (["convert"], "no raw/ folder here", "parley convert FILE"),
        (["validate"], "no tei/ folder here", "parley validate PATH"),
        (["render"], "no tei/ folder here", "parley render FILE... -o DIR"),
        (["export"], "no tei/ folder here", "parley export FILE"),
        (["build"], "no raw/ or tei/ folder in", "-C DIR"),
        (["deposit"], "no tei/ folder here", "project's folder"),
    ],
)
def test_no_project_is_a_usage_error_for_every_command(tmp_path, monkeypatch, command, looked_for, hint):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    assert looked_for in result.output and hint in result.output
    assert str(tmp_path) in result.output  # where it looked
    assert "Traceback" not in result.output


def test_empty_input_folders_are_usage_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "raw").mkdir()
    (tmp_path / "tei").mkdir()
    runner = CliRunner()
    result = runner.invoke(main, ["convert"])
    assert result.exit_code == 2 and "no transcripts (*.txt) in raw/" in result.output
    result = runner.invoke(main, ["export"])
    assert result.exit_code == 2 and "no TEI records in tei/" in result.output
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 2 and "no .xml files in tei/" in result.output


def test_convert_elsewhere_without_an_authority_file_says_where_it_looked(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(RAW / f"{JULY}.txt"), "-o", str(out)])
    assert result.exit_code == 2, result.output
    message = result.output.strip().splitlines()[-1]
    assert message.startswith(f"Error: {(out / 'authority.xml').as_posix()}: not found:"), message
    assert f"-o {out.as_posix()}" in message and "--authority FILE" in message
    assert ":0:" not in result.output
    assert not out.exists()


def test_convert_authority_that_does_not_exist_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["convert", str(RAW / f"{JULY}.txt"), "-o", str(tmp_path), "--authority", str(tmp_path / "none.xml")])
    assert result.exit_code == 2 and "--authority" in result.output


def test_convert_cannot_write_names_the_target(tmp_path):
    (tmp_path / "plain").write_text("a file", encoding="utf-8")
    out = tmp_path / "plain" / "tei"
    result = CliRunner().invoke(main, ["convert", str(RAW / f"{JULY}.txt"), "-o", str(out), "--authority", str(TEI / "authority.xml")])
    assert result.exit_code == 1
    assert f"{(out / f'{JULY}.xml').as_posix()}: error: cannot write ({(tmp_path / 'plain').as_posix()} is a file, not a folder)" in result.output
    assert ".tmp" not in result.output and "Traceback" not in result.output


def test_build_without_an_authority_file_is_a_usage_error(tmp_path):
    (tmp_path / "raw").mkdir()
    shutil.copy(RAW / f"{JULY}.txt", tmp_path / "raw")
    result = CliRunner().invoke(main, ["build", "-C", str(tmp_path), "-j", "1"])
    assert result.exit_code == 2
    assert "no tei/authority.xml in" in result.output and "parley init DIR" in result.output
    assert not (tmp_path / "tei").exists()


def test_convert_elsewhere_without_an_editorial_table_warns_and_takes_one_with_editorial(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # the record's header names its raw file as given: raw/STEM.txt
    raw, out = f"raw/{JULY}.txt", tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["convert", raw, "-o", str(out), "--authority", "tei/authority.xml"])
    assert result.exit_code == 0, result.output
    warning = f"{(out / 'editorial.xml').as_posix()}: warning: [editorial-missing] no editorial table here: the records are converted without"
    assert warning in result.output and "--editorial FILE" in result.output
    without = (out / f"{JULY}.xml").read_bytes()
    result = runner.invoke(main, ["convert", raw, "-o", str(out), "--authority", "tei/authority.xml", "--editorial", "tei/editorial.xml", "--overwrite-hand-edits"])
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    assert (out / f"{JULY}.xml").read_bytes() == (TEI / f"{JULY}.xml").read_bytes() != without


@pytest.mark.parametrize("option, fixture, code", [("--authority", "authority-wrong-root.xml", "authority-wrong-file"), ("--editorial", "editorial-wrong-root.xml", "editorial-wrong-file")])
def test_convert_with_a_file_that_is_not_the_curated_table_writes_nothing(tmp_path, option, fixture, code):
    bad = Path(__file__).parent / "fixtures" / "bad-curated" / fixture
    options = {"--authority": str(TEI / "authority.xml"), "--editorial": str(TEI / "editorial.xml"), option: str(bad)}
    result = CliRunner().invoke(main, ["convert", str(RAW / f"{JULY}.txt"), "-o", str(tmp_path), *[x for kv in options.items() for x in kv]])
    assert result.exit_code == 1
    assert result.output.startswith(f"{bad.as_posix()}:") and f"error: [{code}] not a TEI" in result.output
    assert list(tmp_path.iterdir()) == []


def test_render_named_files_need_an_output_folder_and_leave_the_project_site_alone(tmp_path, monkeypatch):
    (tmp_path / "tei").mkdir()
    for name in (f"{JULY}.xml", "authority.xml"):
        shutil.copy(TEI / name, tmp_path / "tei")
    site = tmp_path / "build" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("the project's index", encoding="utf-8")
    other = tmp_path / "other.xml"
    shutil.copy(TEI / f"{JULY}.xml", other)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for named in (["other.xml"], [f"tei/{JULY}.xml"]):
        result = runner.invoke(main, ["render", *named])
        assert result.exit_code == 2, result.output
        assert "name the output folder with -o DIR" in result.output and "build/site/" in result.output
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the project's index"
    result = runner.invoke(main, ["render", "other.xml", "-o", "one"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "one" / "other" / "reading.html").exists()
    assert [p.name for p in site.iterdir()] == ["index.html"]
    result = runner.invoke(main, ["render", "tei"])  # the project's records: the project's site
    assert result.exit_code == 0, result.output
    assert (site / JULY / "reading.html").exists() and "the project's index" not in (site / "index.html").read_text(encoding="utf-8")


def test_duplicate_xml_id_in_the_authority_file_is_said_alike_by_build_convert_and_validate(tmp_path, monkeypatch):
    """The loader of the curated files reports it as the validator does: code, words, place."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "tei").mkdir()
    shutil.copy(RAW / f"{JULY}.txt", tmp_path / "raw")
    shutil.copy(Path(__file__).parent / "fixtures" / "bad-curated" / "authority-duplicate-id.xml", tmp_path / "tei" / "authority.xml")
    monkeypatch.chdir(tmp_path)
    said = 'tei/authority.xml:15:15: error: [xsd-id] xml:id="fu" is used twice (first at line 13): every xml:id must be unique in a file'
    runner = CliRunner()
    for command in (["build", "-j", "1"], ["convert"], ["validate", "tei/authority.xml"]):
        result = runner.invoke(main, command)
        assert result.exit_code == 1, result.output
        assert said in result.output.splitlines(), result.output
        assert "already defined" not in result.output and "xml-syntax" not in result.output
    assert not (tmp_path / "tei" / f"{JULY}.xml").exists()


def _tiny_project(folder: Path) -> Path:
    """raw/ and tei/ of one record, with the project's curated files."""
    (folder / "raw").mkdir(parents=True)
    (folder / "tei").mkdir()
    shutil.copy(RAW / f"{JULY}.txt", folder / "raw")
    for name in (f"{JULY}.xml", "authority.xml", "editorial.xml"):
        shutil.copy(TEI / name, folder / "tei")
    return folder


@pytest.mark.parametrize(
    "command, made",
    [
        (["convert", f"raw/{JULY}.txt", "-o", "out", "--authority", "tei/authority.xml", "--editorial", "tei/editorial.xml"], f"out/{JULY}.xml"),
        (["validate", "tei"], None),
        (["render", "tei", "-o", "site"], "site/index.html"),
        (["export", "--text", "tei", "-o", "exported"], f"exported/text/{JULY}.reading.txt"),
    ],
)
def test_root_option_runs_every_command_as_if_started_in_the_folder(tmp_path, monkeypatch, command, made):
    """-C DIR as with `build`: the default folders and the relative paths given are DIR's;
    the working folder is left as it was."""
    project = _tiny_project(tmp_path / "p")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(main, [command[0], "-C", str(project), *command[1:]])
    assert result.exit_code == 0, result.output
    assert Path.cwd() == elsewhere and list(elsewhere.iterdir()) == []
    if made:
        assert (project / made).is_file()


@pytest.mark.parametrize("command", ["convert", "validate", "render", "export", "deposit", "build"])
def test_root_option_names_the_folder_it_looked_in(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, [command, "-C", "empty"])
    assert result.exit_code == 2, result.output
    assert str(tmp_path / "empty") in result.output and "Traceback" not in result.output
    assert Path.cwd() == tmp_path
    result = CliRunner().invoke(main, [command, "-C", "nowhere"])
    assert result.exit_code == 2 and "'nowhere' does not exist" in result.output


def test_validate_a_record_outside_a_project_with_authority(tmp_path, monkeypatch):
    (tmp_path / "lone").mkdir()
    shutil.copy(TEI / f"{JULY}.xml", tmp_path / "lone" / "record.xml")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["validate", "lone/record.xml"])
    assert result.exit_code == 1
    assert "lone/record.xml:1: error: [parley-authority-missing] the authority file lone/authority.xml was not found" in result.output
    assert "name it with --authority FILE" in result.output
    result = runner.invoke(main, ["validate", "lone/record.xml", "--authority", str(TEI / "authority.xml")])
    assert result.exit_code == 0, result.output
    assert result.output == "1 valid, 0 invalid\n"
    result = runner.invoke(main, ["validate", "lone", "--authority", "nowhere.xml"])
    assert result.exit_code == 2 and "--authority" in result.output


def test_export_accepts_folders_as_validate_and_render_do(tmp_path, monkeypatch):
    """The records of a folder: its authority and editorial files are not records, and are
    left out without a word."""
    _tiny_project(tmp_path)
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--text", "tei/", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out" / "text").iterdir()) == [f"{JULY}.diplomatic.txt", f"{JULY}.reading.txt"]
    assert "warning" not in result.output
    result = runner.invoke(main, ["export", "empty", "-o", "out"])
    assert result.exit_code == 2 and "no TEI records in empty/" in result.output


@pytest.mark.parametrize("name", ["authority.xml", f"{JULY}.xml"])
def test_convert_an_xml_file_says_it_is_no_transcript(tmp_path, monkeypatch, name):
    """`parley convert tei/authority.xml` in a project: not "no date line", and nothing written
    (the target would be the file itself)."""
    _tiny_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = (tmp_path / "tei" / name).read_bytes()
    result = CliRunner().invoke(main, ["convert", f"tei/{name}"])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"tei/{name}:1: error: [not-a-transcript] this is an XML file, not a transcript: convert reads "
        "plain-text records from raw/; to check TEI use `parley validate`"
    )
    assert (tmp_path / "tei" / name).read_bytes() == before


def test_an_xml_file_is_known_after_a_bom_and_blank_lines_and_a_transcript_is_not_one():
    from parley.parse import decode
    from parley.problems import InputError

    with pytest.raises(InputError) as exc:
        decode(b"\xef\xbb\xbf\n\n<TEI xmlns='http://www.tei-c.org/ns/1.0'/>", "x.txt")
    assert (exc.value.problems[0].code, exc.value.problems[0].line) == ("not-a-transcript", 3)
    assert decode(b"<< Back to the archive\nJuly 7, 1945\n", "x.txt")[0].text == "<< Back to the archive"


def test_init_help_names_every_file_it_writes_and_that_it_never_overwrites():
    from parley.init import FOLDERS, LAYOUT

    help_text = " ".join(CliRunner().invoke(main, ["init", "--help"]).output.split())
    for path in (*(f"{f}/" for f in FOLDERS), *LAYOUT.values()):
        assert path in help_text, path
    assert "Never overwrites" in help_text
