"""`parley build` and `parley init`: what is rebuilt for each kind of change, determinism
across worker counts, recovery after a killed run, the corpus file, a new collection.

Every test builds a copy of the project in a temporary folder (raw/, tei/authority.xml,
tei/editorial.xml); nothing here writes into the repository. Timing is measured by
benchmarks/run.py, not here.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from parley.build import HashCache, Progress, Result, build, corpus_fragment
from parley.cli import main
from parley.init import init_collection

from conftest import RAW, RECORDS, ROOT, TEI

T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _make_corpus_module():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def new_project(path: Path, extra: int = 0) -> Path:
    """A project in *path*: the real raw records and curated tables, plus *extra* generated records."""
    (path / "raw").mkdir(parents=True)
    (path / "tei").mkdir()
    for p in RAW.glob("*.txt"):
        shutil.copyfile(p, path / "raw" / p.name)
    for name in ("authority.xml", "editorial.xml"):
        shutil.copyfile(TEI / name, path / "tei" / name)
    if extra:
        tmp = path.parent / (path.name + "-gen")
        _make_corpus_module().make_corpus(extra, tmp, seed=7, source=ROOT)
        for p in (tmp / "raw").glob("*.txt"):
            shutil.copyfile(p, path / "raw" / p.name)
        shutil.rmtree(tmp)
    return path


def outputs(root: Path) -> dict[str, bytes]:
    """Every file the build writes (TEI, site, corpus), by relative path; not the manifest."""
    out = {}
    for base in ("tei", "build/site"):
        for p in sorted((root / base).rglob("*")):
            if p.is_file() and p.name not in {"authority.xml", "editorial.xml"}:
                out[p.relative_to(root).as_posix()] = p.read_bytes()
    return out


def stamps(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_mtime_ns
        for base in ("tei", "build")
        for p in (root / base).rglob("*")
        if p.is_file() and p.name != ".lock"
    }


def changed_since(root: Path, before: dict[str, int]) -> set[str]:
    now = stamps(root)
    return {k for k, v in now.items() if before.get(k) != v} | (set(before) - set(now))


def settle() -> None:
    """Let the file-system clock move on, so that an edit gets a new modification time
    (the build would notice anyway: a file changed within 2 s of hashing is hashed again)."""
    time.sleep(0.02)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One cold build of the real records, copied for each test that changes things."""
    root = new_project(tmp_path_factory.mktemp("built") / "p")
    report = build(root, jobs=1)
    return root, report


@pytest.fixture
def project(built, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(built[0], root)
    build(root, jobs=1)  # the copy has new inode numbers and times: settle the stat cache
    return root


# ---------------------------------------------------------------------------------------
# A cold build, then nothing to do


def test_cold_build_makes_every_output(built):
    root, report = built
    assert report.ok, report.summary()
    assert report.converted == RECORDS
    assert report.valid == RECORDS and report.invalid == []
    assert report.rendered == RECORDS
    assert report.site_rendered and report.corpus_written
    for stem in RECORDS:
        assert (root / "tei" / f"{stem}.xml").exists()
        assert (root / "build" / "site" / stem / "reading.html").exists()
        assert (root / "build" / "site" / stem / "diplomatic.html").exists()
    assert (root / "build" / "site" / "index.html").exists()
    assert (root / "tei" / "corpus.xml").exists()
    assert (root / "build" / "manifest.json").exists()


def test_cold_build_gives_the_committed_tei(built):
    root, _ = built
    for stem in RECORDS:
        assert (root / "tei" / f"{stem}.xml").read_bytes() == (TEI / f"{stem}.xml").read_bytes()


def test_second_run_does_no_work(project):
    before = stamps(project)
    report = build(project, jobs=2)
    assert report.ok
    assert report.unchanged == RECORDS
    assert report.converted == report.validated == report.rendered == report.fragments == []
    assert not report.site_rendered and not report.corpus_written
    assert changed_since(project, before) == set()  # not even the manifest is rewritten
    assert "skipped as unchanged 2" in report.summary()


def test_second_run_after_touch_does_no_work(project):
    """A file whose time changed but whose content did not is hashed, found equal, skipped."""
    settle()
    for p in (project / "raw").glob("*.txt"):
        os.utime(p)
    os.utime(project / "tei" / "authority.xml")
    report = build(project, jobs=1)
    assert report.unchanged == RECORDS and report.converted == []


# ---------------------------------------------------------------------------------------
# What is rebuilt for each kind of change


def edit_raw(root: Path, stem: str, old: str, new: str) -> None:
    p = root / "raw" / f"{stem}.txt"
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def rebuild_after_edit(root: Path, stem: str, new: str) -> tuple:
    """Replace "Stalin: Yes." in a record's raw file with *new*, build, and return the
    report and the files changed by the build."""
    before = stamps(root)
    settle()
    edit_raw(root, stem, "Stalin: Yes.", new)
    report = build(root, jobs=1)
    return report, changed_since(root, before)


def test_edit_one_raw_file_rebuilds_that_record_and_the_listing_pages(project):
    one, other = RECORDS
    before = stamps(project)
    settle()
    edit_raw(project, one, "Stalin: Yes.", "Stalin: Yes, indeed.")
    report = build(project, jobs=1)
    assert report.ok
    assert report.converted == [one] and report.validated == [one] and report.rendered == [one]
    assert report.unchanged == [other]
    assert report.site_rendered and report.corpus_written
    changed = changed_since(project, before)
    assert f"tei/{one}.xml" in changed and f"build/site/{one}/reading.html" in changed
    assert not any(other in c for c in changed), changed
    assert "Yes, indeed." in (project / "tei" / "corpus.xml").read_text(encoding="utf-8")


def test_edit_that_changes_no_listing_leaves_the_site_pages(project):
    """The same number of words, no name added: the record's card and names are unchanged, so
    the index and the registers are not rendered again."""
    one, _ = RECORDS
    report, changed = rebuild_after_edit(project, one, "Stalin: Yup.")
    assert report.ok and report.rendered == [one]
    assert not report.site_rendered
    assert f"build/site/{one}/reading.html" in changed
    assert not any(c.startswith("build/site/") and c.count("/") == 2 for c in changed), changed
    assert f"build/summaries/{one}.card.xml" in changed  # rewritten, the same bytes
    assert "Yup." not in (project / "build" / "site" / "index.html").read_text(encoding="utf-8")


def test_edit_that_adds_words_renders_the_index_not_the_registers(project):
    one, _ = RECORDS
    report, changed = rebuild_after_edit(project, one, "Stalin: Yes, indeed.")
    assert report.site_pages == ["build/site/index.html"]
    assert "build/site/index.html" in changed
    assert not {"build/site/persons.html", "build/site/places.html", "build/site/encoding.html"} & changed


def test_edit_that_adds_a_name_renders_the_registers(project):
    one, _ = RECORDS
    report, changed = rebuild_after_edit(project, one, "Stalin: Yes, Molotov.")
    assert report.ok
    assert {"build/site/index.html", "build/site/persons.html"} <= set(report.site_pages)
    assert "build/site/encoding.html" not in report.site_pages
    assert "build/site/persons.html" in changed


def test_register_entries_whose_names_did_not_change_are_not_rendered_again(project, monkeypatch):
    """Adding a name to one record renders again the entries that record names (its later
    names are numbered on, so their links change); the entries it does not name come from
    build/entries/, and the pages are the same as a build from scratch makes."""
    import parley.render as render

    one, _ = RECORDS
    calls = []
    real = render.Renderer._run

    def spy(self, executable, node, source, to_file=None, **params):
        if params.get("entry"):
            calls.append(params["entry"])
        return real(self, executable, node, source, to_file=to_file, **params)

    monkeypatch.setattr(render.Renderer, "_run", spy)
    settle()
    edit_raw(project, one, "Stalin: Yes.", "Stalin: Yes, Molotov.")
    report = build(project, jobs=1)
    assert "build/site/persons.html" in report.site_pages
    named = set(re.findall(r'<name key="([^"]+)"', (project / "build" / "summaries" / f"{one}.names.xml").read_text(encoding="utf-8")))
    assert "molotov" in calls and set(calls) <= named, calls
    assert len(calls) < len(set(re.findall(r'xml:id="([^"]+)"', (project / "tei" / "authority.xml").read_text(encoding="utf-8")))) / 2
    incremental = outputs(project)
    shutil.rmtree(project / "build")
    build(project, jobs=1)
    assert outputs(project) == incremental


def test_the_index_keeps_its_pieces_by_the_cards_digests_of_the_build(project, monkeypatch):
    """The build keys the index's pieces (build/entries/cards) by the digests it keeps of the
    cards: an edit that changes a record's card renders that record's piece again and no
    other, each card is parsed once, and the index is the one a build from scratch makes."""
    import parley.render as render

    monkeypatch.setattr(render, "_PIECE_EVERY", 1)  # a piece per record
    build(project, jobs=1, force=True)  # the pieces as they are cut here
    one, _ = RECORDS
    pieces, parsed = [], []
    real_run, real_parse = render.Renderer._run, render.parse_xml

    def run(self, executable, node, source, to_file=None, **params):
        if params.get("cards"):
            pieces.append(params)
        return real_run(self, executable, node, source, to_file=to_file, **params)

    monkeypatch.setattr(render.Renderer, "_run", run)
    monkeypatch.setattr(render, "parse_xml", lambda data, source, *a, **k: parsed.append(source) or real_parse(data, source, *a, **k))
    settle()
    edit_raw(project, one, "Stalin: Yes.", "Stalin: Yes, indeed.")  # more words: its card changes
    report = build(project, jobs=1)
    assert report.site_pages == ["build/site/index.html"]
    assert len(pieces) == 1
    cards = [s for s in parsed if s.endswith(".card.xml")]
    assert sorted(cards) == sorted(str(project / "build" / "summaries" / f"{s}.card.xml") for s in RECORDS)
    incremental = outputs(project)
    shutil.rmtree(project / "build")
    build(project, jobs=1)
    assert outputs(project) == incremental


def test_summaries_are_small_and_replace_the_records_for_the_site_pages(project):
    """The site pages are made from build/summaries/, not from tei/: removing the TEI of a
    record after it is rendered does not stop the pages (the summaries are kept)."""
    from parley.render import Renderer

    for stem in RECORDS:
        tei = (project / "tei" / f"{stem}.xml").stat().st_size
        parts = [project / "build" / "summaries" / f"{stem}.{p}.xml" for p in ("card", "names")]
        assert all(p.exists() for p in parts)
        assert sum(p.stat().st_size for p in parts) < tei / 2
    for stem in RECORDS:
        (project / "tei" / f"{stem}.xml").unlink()
    out = project / "pages"
    summaries = project / "build" / "summaries"
    authority = project / "tei" / "authority.xml"
    renderer = Renderer()
    renderer.render_site_from_summaries(sorted(summaries.glob("*.card.xml")), authority, out, pages=["index"])
    renderer.render_site_from_summaries(sorted(summaries.glob("*.names.xml")), authority, out, pages=["persons", "places", "organisations"])
    for page in ("index", "persons", "places", "organisations"):
        assert (out / f"{page}.html").read_bytes() == (project / "build" / "site" / f"{page}.html").read_bytes(), page


def test_a_tampered_summary_is_made_again(project):
    one, _ = RECORDS
    card = project / "build" / "summaries" / f"{one}.card.xml"
    good = card.read_bytes()
    settle()
    card.write_bytes(good.replace(b"<when>", b"<when>FORGED "))
    report = build(project, jobs=1)
    assert report.rendered == [one]
    assert card.read_bytes() == good
    assert "FORGED" not in (project / "build" / "site" / "index.html").read_text(encoding="utf-8")


def test_same_size_edit_right_after_a_build_is_seen(project):
    """Racy clean: an edit within the file system's clock tick, keeping the size, is caught."""
    one = RECORDS[0]
    build(project, jobs=1)
    edit_raw(project, one, "Stalin: Yes.", "Stalin: Yup.")
    report = build(project, jobs=1)
    assert report.converted == [one]
    assert "Yup." in (project / "tei" / f"{one}.xml").read_text(encoding="utf-8")


def test_edit_authority_rebuilds_what_depends_on_it(project):
    settle()
    auth = project / "tei" / "authority.xml"
    auth.write_text(auth.read_text(encoding="utf-8").replace("Chief of the General Staff of the Red Army (Feb 1945", "Chief of the General Staff of the Red Army  (Feb 1945", 1), encoding="utf-8")
    report = build(project, jobs=1)
    assert report.ok
    # the converter, the schema's pointer checks and the views all read the authority file
    assert report.converted == RECORDS and report.validated == RECORDS and report.rendered == RECORDS
    assert report.site_rendered


def test_edit_editorial_reconverts_but_renders_only_changed_records(project):
    """The editorial table is read by the converter only: records whose TEI comes out the same
    are not validated or rendered again."""
    settle()
    ed = project / "tei" / "editorial.xml"
    ed.write_text(ed.read_text(encoding="utf-8").replace("</standOff>", "<!-- a comment changes no record -->\n  </standOff>"), encoding="utf-8")
    before = stamps(project)
    report = build(project, jobs=1)
    assert report.converted == RECORDS
    assert report.tei_written == [] and report.validated == [] and report.rendered == []
    assert not report.site_rendered and not report.corpus_written
    assert changed_since(project, before) == {"build/manifest.json"}


def curated_record(root: Path) -> dict:
    """What build/manifest.json says the edition was made from (for `parley deposit`)."""
    import json

    from parley.build import CURATED_KEY

    return json.loads((root / "build" / "manifest.json").read_bytes())[CURATED_KEY]


def sha256_of(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_curated_files_the_edition_was_made_from_are_recorded_by_a_build_of_every_stage(project):
    """A build of some stages after an edit of the authority file forgets it (part of the
    edition may now be made from each version); the next build of every stage records it."""
    auth, table = project / "tei" / "authority.xml", project / "tei" / "editorial.xml"
    assert curated_record(project) == {"tei/authority.xml": sha256_of(auth), "tei/editorial.xml": sha256_of(table)}
    settle()
    auth.write_text(auth.read_text(encoding="utf-8").replace("Sino-Soviet Treaty of Friendship and Alliance</eventName>", "Sino-Soviet Treaty of 1945</eventName>", 1), encoding="utf-8")
    assert build(project, jobs=1, only=["convert", "validate"]).ok
    assert curated_record(project) == {"tei/editorial.xml": sha256_of(table)}
    assert build(project, jobs=1, only=["render", "site", "corpus"]).ok  # every stage, but not in one run
    assert curated_record(project) == {"tei/editorial.xml": sha256_of(table)}
    assert build(project, jobs=1).ok
    assert curated_record(project) == {"tei/authority.xml": sha256_of(auth), "tei/editorial.xml": sha256_of(table)}
    # without an editorial table, the record says so (the deposit then sees one added)
    table.unlink()
    assert build(project, jobs=1).ok
    assert curated_record(project) == {"tei/authority.xml": sha256_of(auth), "tei/editorial.xml": None}


def test_stylesheet_change_rerenders_everything_but_converts_nothing(project, monkeypatch, tmp_path):
    import parley.build as b

    real = b._package_dir
    xslt_copy = tmp_path / "xslt"
    shutil.copytree(real("parley.xslt"), xslt_copy)
    monkeypatch.setattr(b, "_package_dir", lambda pkg: xslt_copy if pkg == "parley.xslt" else real(pkg))
    assert build(project, jobs=1).rendered == []  # the same files elsewhere: same hash
    first = sorted(p for p in xslt_copy.iterdir() if p.suffix == ".xsl")[0]
    settle()
    first.write_bytes(first.read_bytes() + b"\n<!-- changed -->\n")
    report = build(project, jobs=1)
    assert report.converted == [] and report.validated == []
    assert report.rendered == RECORDS and report.site_rendered
    assert not report.corpus_written


def test_export_code_change_makes_the_downloads_again_and_nothing_else(project, monkeypatch, tmp_path):
    """The download beside each record's views is made by parley.export: an edit of that
    code renders the records again (else `parley deposit`, which compares the downloads with
    the export of tei/ now, would refuse a site that `parley build` calls current)."""
    import parley.build as b

    code = tmp_path / "export.py"
    shutil.copyfile(b._download_code(), code)
    monkeypatch.setattr(b, "_download_code", lambda: code)
    assert build(project, jobs=1).rendered == []  # the same code elsewhere: same hash
    settle()
    code.write_bytes(code.read_bytes() + b"\n# changed\n")
    report = build(project, jobs=1)
    assert report.converted == [] and report.validated == []
    assert report.rendered == RECORDS
    assert not report.site_rendered and not report.corpus_written  # no summary changed


def test_site_downloads_are_the_standalone_exports_and_the_same_from_build_to_build(project):
    from parley.export import standalone_file

    site = project / "build" / "site"
    first = {stem: (site / stem / f"{stem}.xml").read_bytes() for stem in RECORDS}
    for stem in RECORDS:
        exported, problems = standalone_file(project / "tei" / f"{stem}.xml")
        assert problems == [] and first[stem] == exported
    report = build(project, jobs=2, force=True)
    assert report.rendered == RECORDS
    assert {stem: (site / stem / f"{stem}.xml").read_bytes() for stem in RECORDS} == first


def test_force_rebuilds_everything(project):
    report = build(project, jobs=1, force=True)
    assert report.converted == report.validated == report.rendered == report.fragments == RECORDS
    assert report.site_rendered and report.corpus_written


def test_deleted_output_is_rebuilt(project):
    one = RECORDS[0]
    (project / "build" / "site" / one / "reading.html").unlink()
    (project / "tei" / "corpus.xml").unlink()
    report = build(project, jobs=1)
    assert report.converted == [] and report.rendered == [one]
    assert (project / "build" / "site" / one / "reading.html").exists()
    assert (project / "tei" / "corpus.xml").exists()


def test_removed_raw_file_removes_its_record(project):
    one, other = RECORDS
    (project / "raw" / f"{one}.txt").unlink()
    report = build(project, jobs=1)
    assert report.removed == [f"tei/{one}.xml"]
    assert not (project / "tei" / f"{one}.xml").exists()
    assert not (project / "build" / "site" / one).exists()
    corpus = (project / "tei" / "corpus.xml").read_text(encoding="utf-8")
    assert f'xml:id="rec-{other}"' in corpus and f'xml:id="rec-{one}"' not in corpus


def test_corrupt_manifest_means_a_full_rebuild(project):
    (project / "build" / "manifest.json").write_text("{not json", encoding="utf-8")
    report = build(project, jobs=1)
    assert report.ok and report.converted == RECORDS
    assert any("unreadable" in n for n in report.notes)


# ---------------------------------------------------------------------------------------
# Hand edits, invalid records, records that cannot be converted


def test_hand_edited_tei_is_never_overwritten(project):
    one, other = RECORDS
    tei = project / "tei" / f"{one}.xml"
    edited = tei.read_bytes().replace(b"<p>Yes.</p>", b"<p>Yes (checked).</p>", 1)
    assert edited != tei.read_bytes()
    tei.write_bytes(edited)
    report = build(project, jobs=1)
    assert report.hand_edited == [one] and report.converted == []
    assert tei.read_bytes() == edited  # kept
    assert report.validated == [one] and report.rendered == [one]  # but checked and shown
    assert "Yes (checked)." in (project / "build" / "site" / one / "reading.html").read_text(encoding="utf-8")
    assert "hand-edited" in report.summary() and f"tei/{one}.xml" in report.summary()
    assert any(p.code == "hand-edited" for p in report.problems)
    # a later change of its raw file does not overwrite it either, nor does --force
    settle()
    edit_raw(project, one, "Stalin: Yes.", "Stalin: Yes, indeed.")
    for force in (False, True):
        again = build(project, jobs=1, force=force)
        assert again.hand_edited == [one] and tei.read_bytes() == edited
    assert other in build(project, jobs=1, force=True).converted


def test_hand_edit_warning_says_what_became_of_the_file(project):
    """The warning is true whether the hand-edited file is valid (published as it is) or not
    (not rendered, not in the corpus), in the run that finds it and in the runs that replay
    it; an invalid one leaves no empty folder of pages behind."""
    one, _ = RECORDS
    tei = project / "tei" / f"{one}.xml"
    site = project / "build" / "site" / one
    assert site.is_dir()
    good = tei.read_bytes()
    tei.write_bytes(good.replace(b'who="pers:stalin"', b'who="pers:nobody-at-all"'))

    def warning(report):
        (problem,) = [p for p in report.problems if p.code == "hand-edited"]
        return problem.message

    for _ in range(2):  # found, then replayed
        report = build(project, jobs=1)
        assert report.invalid == [one] and report.hand_edited == [one]
        message = warning(report)
        assert "is INVALID" in message and "not published: no pages, not in the corpus" in message
        assert "rendered" not in message
        assert not site.exists()  # its pages went, and their folder with them
    settle()
    tei.write_bytes(good.replace(b"<p>Yes.</p>", b"<p>Yes (checked).</p>", 1))
    report = build(project, jobs=1)
    assert report.ok and report.hand_edited == [one]
    assert "is valid and is published as it is" in warning(report) and "INVALID" not in warning(report)
    assert (site / "reading.html").exists()


def test_invalid_record_fails_the_build_after_the_others(project):
    one, other = RECORDS
    bad = project / "tei" / "zz-invalid.xml"
    tei = (project / "tei" / f"{one}.xml").read_bytes()
    # a TEI-only record without a raw file, whose <sp> lost its speaker's @who pointer target
    bad.write_bytes(tei.replace(b'xml:id="rec-' + one.encode(), b'xml:id="rec-zz-invalid', 1).replace(b'who="pers:stalin"', b'who="pers:nobody-at-all"'))
    runner = CliRunner()
    result = runner.invoke(main, ["build", "-C", str(project), "-j", "1"])
    assert result.exit_code == 1, result.output
    assert "zz-invalid.xml" in result.output and "invalid 1" in result.output
    report = build(project, jobs=1)
    assert report.invalid == ["zz-invalid"] and not report.ok
    assert report.unchanged == sorted(RECORDS + ["zz-invalid"])  # replayed, not redone
    assert not (project / "build" / "site" / "zz-invalid").exists()
    assert "rec-zz-invalid" not in (project / "tei" / "corpus.xml").read_text(encoding="utf-8")
    bad.unlink()
    assert build(project, jobs=1).ok


def test_summary_says_what_became_of_the_corpus(project):
    """Both records hand-edited into invalid ones: the corpus file goes, and the summary says
    so (not "unchanged"); one record made valid again: written, "1 record", not "1 records"."""
    good = {stem: (project / "tei" / f"{stem}.xml").read_bytes() for stem in RECORDS}
    for stem in RECORDS:
        (project / "tei" / f"{stem}.xml").write_bytes(good[stem].replace(b'who="pers:stalin"', b'who="pers:nobody-at-all"'))
    report = build(project, jobs=1)
    assert not (project / "tei" / "corpus.xml").exists()
    assert "  corpus: tei/corpus.xml removed (no valid records)" in report.summary().splitlines(), report.summary()
    report = build(project, jobs=1)  # nothing left to remove
    assert "  corpus: tei/corpus.xml not written (no valid records)" in report.summary().splitlines(), report.summary()
    settle()
    one = RECORDS[0]
    (project / "tei" / f"{one}.xml").write_bytes(good[one].replace(b"<p>Yes.</p>", b"<p>Yes (checked).</p>", 1))
    report = build(project, jobs=1)
    assert "  corpus: tei/corpus.xml written (1 record)" in report.summary().splitlines(), report.summary()
    assert (project / "tei" / "corpus.xml").exists()


def test_record_that_cannot_be_converted_is_reported_the_others_built(project):
    (project / "raw" / "1945-09-01-broken.txt").write_text("Stalin: no date line here.\n", encoding="utf-8")
    report = build(project, jobs=2)
    assert report.failed == ["1945-09-01-broken"] and not report.ok
    assert any(p.code == "no-date-line" for p in report.problems)
    assert report.valid == RECORDS
    again = build(project, jobs=2)
    assert again.failed == ["1945-09-01-broken"] and again.converted == []  # not redone


def test_files_the_build_cannot_write_are_named_with_the_cause(project, monkeypatch):
    """tei/ on a read-only file system (simulated: tests may run as root, where permissions
    stop nothing): the record whose TEI cannot be written fails with that cause, named as
    tei/STEM.xml, not as a temporary file; the corpus's failure is reported too, the other
    stages go on, and the next run, once tei/ is writable, finishes the work."""
    import errno

    import parley.xml as px

    one, other = RECORDS
    real_replace = px.os.replace

    def replace(src, dst):
        if Path(dst).parent == project / "tei":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), src)
        return real_replace(src, dst)

    settle()
    edit_raw(project, one, "Stalin: Yes.", "Stalin: Yes, certainly.")
    monkeypatch.setattr(px.os, "replace", replace)
    result = CliRunner().invoke(main, ["build", "-C", str(project), "-j", "1"])
    assert result.exit_code == 1, result.output
    assert f"{one}: conversion failed: tei/{one}.xml: cannot write (read-only file system)" in result.output
    assert f"tei/{one}.xml: error: [write-error] cannot write (read-only file system)" in result.output
    assert "tei/corpus.xml: error: [write-error] cannot write (read-only file system)" in result.output
    assert ".tmp" not in result.output and "Traceback" not in result.output
    assert "corpus: tei/corpus.xml not written (error above)" in result.output
    assert not [p for p in (project / "tei").iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(px.os, "replace", real_replace)
    report = build(project, jobs=1)
    assert report.ok, report.summary()
    assert report.converted == [one] and report.corpus_written
    assert b"Yes, certainly." in (project / "tei" / f"{one}.xml").read_bytes()


def test_only_the_converters_refusal_is_remembered_other_failures_are_tried_again(project, monkeypatch):
    """A record that fails is reported with what failed (its progress line: "conversion
    failed", "rendering failed"). Only the converter's refusal of a raw file is remembered
    and not redone while the raw file and the tables are the same (see
    test_record_that_cannot_be_converted_is_reported_the_others_built); a new record whose
    TEI could not be written, or a record that could not be rendered, is built again by the
    next run, once the cause is gone."""
    import errno

    import parley.xml as px
    from parley.problems import InputError, Problem
    from parley.render import Renderer

    one, _ = RECORDS
    new = "1945-09-02-copy"
    shutil.copyfile(project / "raw" / f"{one}.txt", project / "raw" / f"{new}.txt")
    real_replace = px.os.replace

    def replace(src, dst):
        if Path(dst) == project / "tei" / f"{new}.xml":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), src)
        return real_replace(src, dst)

    monkeypatch.setattr(px.os, "replace", replace)
    result = CliRunner().invoke(main, ["build", "-C", str(project), "-j", "1"])
    assert result.exit_code == 1, result.output
    assert f"{new}: conversion failed: tei/{new}.xml: cannot write (read-only file system)" in result.output
    monkeypatch.setattr(px.os, "replace", real_replace)
    report = build(project, jobs=1)
    assert report.ok, report.summary()
    assert report.converted == [new] and report.rendered == [new]

    settle()
    edit_raw(project, one, "Stalin: Yes.", "Stalin: Yes, of course.")
    real_render = Renderer.render_record_and_summary

    def render(self, tei_path, *args, **kwargs):
        if Path(tei_path).stem == one:
            raise InputError(Problem(f"tei/{one}.xml", 1, "cannot render: a test says no", "render-failed"))
        return real_render(self, tei_path, *args, **kwargs)

    monkeypatch.setattr(Renderer, "render_record_and_summary", render)
    result = CliRunner().invoke(main, ["build", "-C", str(project), "-j", "1"])
    assert result.exit_code == 1, result.output
    assert f"{one}: valid, rendering failed: tei/{one}.xml:1: cannot render: a test says no" in result.output
    monkeypatch.setattr(Renderer, "render_record_and_summary", real_render)
    report = build(project, jobs=1)
    assert report.ok, report.summary()
    assert report.converted == [one] and report.rendered == [one]
    assert "Yes, of course." in (project / "build" / "site" / one / "reading.html").read_text(encoding="utf-8")


def test_a_file_where_the_build_folder_should_be(tmp_path):
    root = new_project(tmp_path / "p")
    (root / "build").write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-C", str(root), "-j", "1"])
    assert result.exit_code == 1
    assert result.output.strip().endswith("build: error: cannot make the folder (a file of that name is in the way)"), result.output
    assert "File exists" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "name, fixture, code, line",
    [
        ("authority.xml", "authority-wrong-root.xml", "authority-wrong-file", 1),
        ("authority.xml", "authority-no-lists.xml", "authority-wrong-file", 6),
        ("authority.xml", "../../../tei/editorial.xml", "authority-wrong-file", 44),  # the other table: its first list
        ("editorial.xml", "editorial-wrong-root.xml", "editorial-wrong-file", 3),
        ("editorial.xml", "../../../tei/authority.xml", "editorial-wrong-file", 31),
    ],
)
def test_a_curated_file_that_is_not_one_stops_the_build_before_any_record_is_rewritten(project, name, fixture, code, line):
    from parley.problems import InputError

    before = stamps(project)
    settle()
    shutil.copyfile(ROOT / "tests" / "fixtures" / "bad-curated" / fixture, project / "tei" / name)
    with pytest.raises(InputError) as exc:
        build(project, jobs=1)
    assert [(p.file, p.line, p.code) for p in exc.value.problems] == [(f"tei/{name}", line, code)]
    assert changed_since(project, before) == {f"tei/{name}"}  # nothing else was written
    result = CliRunner().invoke(main, ["build", "-C", str(project), "-j", "1"])
    assert result.exit_code == 1
    assert result.output.startswith(f"tei/{name}:{line}: error: [{code}] not a TEI ")
    assert "unknown-speaker" not in result.output and "Traceback" not in result.output


def test_a_missing_editorial_table_is_a_warning(project):
    (project / "tei" / "editorial.xml").unlink()
    report = build(project, jobs=1)
    assert report.ok
    (warning,) = [p for p in report.problems if p.code == "editorial-missing"]
    assert warning.file == "tei/editorial.xml" and warning.severity == "warning"
    assert str(warning).startswith("tei/editorial.xml: warning: [editorial-missing] no editorial table: the records are converted without")


def _unmatched(report) -> list[str]:
    return [str(p) for p in report.problems if p.code == "editorial-unmatched"]


def test_an_editorial_rule_that_matches_no_record_is_a_warning(tmp_path):
    """tests/fixtures/editorial/unmatched.xml: rule ed-typo ("We begn") matches in no record
    of a one-record collection: named with the table's line, its id and its words, in the
    run that converts and in those that do not; corrected, no warning."""
    root = tmp_path / "p"
    (root / "raw").mkdir(parents=True)
    (root / "tei").mkdir()
    shutil.copyfile(ROOT / "tests" / "fixtures" / "good" / "present.txt", root / "raw" / "1945-07-02-present.txt")
    shutil.copyfile(TEI / "authority.xml", root / "tei" / "authority.xml")
    table = ROOT / "tests" / "fixtures" / "editorial" / "unmatched.xml"
    shutil.copyfile(table, root / "tei" / "editorial.xml")
    expected = [
        'tei/editorial.xml:26: warning: [editorial-unmatched] rule ed-typo ("We begn") matched no record: '
        "check its wording against the record"
    ]
    report = build(root, jobs=1)
    assert report.ok and report.converted == ["1945-07-02-present"]
    assert _unmatched(report) == expected
    again = build(root, jobs=1)  # nothing converted: the warning stands
    assert again.unchanged == ["1945-07-02-present"] and _unmatched(again) == expected
    result = CliRunner().invoke(main, ["build", "-C", str(root), "-j", "1"])
    assert result.exit_code == 0 and expected[0] in result.output.splitlines()
    settle()
    (root / "tei" / "editorial.xml").write_text(table.read_text(encoding="utf-8").replace("We begn", "We begin"), encoding="utf-8")
    assert _unmatched(build(root, jobs=1)) == []


def test_unmatched_rules_are_counted_over_every_record_in_incremental_builds(project):
    """Which rules matched is kept per record: a build that converts one record still knows
    what matched in the others; a hand-edited record (not converted) is searched as raw text."""
    one, other = RECORDS
    assert _unmatched(build(project, jobs=1)) == []
    table = project / "tei" / "editorial.xml"
    correct = table.read_text(encoding="utf-8")
    settle()
    table.write_text(correct.replace("Kowloon also leased to Britain", "Kowloon also leased to Britian"), encoding="utf-8")
    line = next(i for i, text in enumerate(correct.splitlines(), start=1) if "Kowloon also leased to Britain" in text)
    expected = [
        f'tei/editorial.xml:{line}: warning: [editorial-unmatched] rule ed-kowloon-leased ("Kowloon also leased to Britian") '
        "matched no record: check its wording against the record"
    ]
    assert _unmatched(build(project, jobs=1)) == expected
    settle()
    table.write_text(correct, encoding="utf-8")
    assert _unmatched(build(project, jobs=1)) == []
    # one record converted, the other's rules (from the manifest) still count
    settle()
    edit_raw(project, one, "Stalin: Yes.", "Stalin: Yes, yes.")
    report = build(project, jobs=1)
    assert report.converted == [one] and _unmatched(report) == []
    # the other record edited by hand: not converted, its raw text is searched
    tei = project / "tei" / f"{other}.xml"
    tei.write_bytes(tei.read_bytes().replace(b"<p>Yes.</p>", b"<p>Yes (checked).</p>", 1))
    report = build(project, jobs=1)
    assert report.hand_edited == [other] and _unmatched(report) == []
    settle()
    table.write_text(correct.replace("Kowloon also leased to Britain", "Kowloon also leased to Britian"), encoding="utf-8")
    report = build(project, jobs=1)
    assert report.hand_edited == [other] and _unmatched(report) == expected


# ---------------------------------------------------------------------------------------
# Determinism whatever the number of workers


def test_same_output_with_one_and_two_workers(tmp_path):
    a = new_project(tmp_path / "a", extra=6)
    b = new_project(tmp_path / "b", extra=6)
    ra = build(a, jobs=1)
    rb = build(b, jobs=2)
    assert ra.ok and rb.ok, (ra.summary(), rb.summary())
    assert len(ra.rendered) == 8
    oa, ob = outputs(a), outputs(b)
    assert sorted(oa) == sorted(ob)
    for name in oa:
        assert oa[name] == ob[name], name


def test_large_projects_keep_saxon_out_of_the_main_process(tmp_path, monkeypatch):
    """From SEPARATE_SAXON_AT records on, the records go to workers even when few changed and
    the site pages are rendered in a child process: the same files, and the main process
    never starts Saxon (its memory and Saxon's are not added up)."""
    import parley.build as build_module

    a = new_project(tmp_path / "a", extra=2)
    b = new_project(tmp_path / "b", extra=2)
    assert build(a, jobs=1).ok
    monkeypatch.setattr(build_module, "SEPARATE_SAXON_AT", 1)
    started = []  # the validator or renderer asked for in this process
    monkeypatch.setattr(build_module, "_validator", lambda: started.append("validator"))
    monkeypatch.setattr(build_module, "_renderer", lambda: started.append("renderer"))
    report = build(b, jobs=2)
    assert report.ok and len(report.rendered) == 4 and report.workers == 2, report.summary()
    assert started == []
    oa, ob = outputs(a), outputs(b)
    assert sorted(oa) == sorted(ob) and all(oa[n] == ob[n] for n in oa)
    edit_raw(b, "1945-07-07-soong-stalin", "Stalin: Yes.", "Stalin: Yes, indeed.")
    report = build(b, jobs=2)  # one record: still in a worker
    assert report.rendered == ["1945-07-07-soong-stalin"] and report.workers == 1 and started == []


# ---------------------------------------------------------------------------------------
# Killed runs: the next run repairs


def run_cli(root: Path, *args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "parley", "build", "-q", *args], cwd=root, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A clean build of six records (two real, four generated): what a repaired run must give."""
    root = new_project(tmp_path_factory.mktemp("ref") / "p", extra=4)
    assert build(root, jobs=1).ok
    return outputs(root)


@pytest.mark.parametrize(
    "point,jobs",
    [
        ("after-convert", "1"),  # TEI written, not yet validated or rendered
        ("after-render", "1"),  # a record's pages written, not yet in the manifest
        ("after-render", "2"),  # a worker process dies: the main process reports it
        ("after-records", "2"),  # every record done, no site pages, no corpus
        ("after-site", "1"),  # site pages written, no corpus
        ("mid-corpus", "1"),  # the corpus half written (to its temporary file)
    ],
)
def test_killed_run_is_repaired_by_the_next(tmp_path, reference, point, jobs):
    root = new_project(tmp_path / "p", extra=4)
    killed = run_cli(root, "-j", jobs, env_extra={"PARLEY_BUILD_KILL_AT": point})
    if point == "after-render" and jobs == "2":
        assert killed.returncode == 1 and "worker process died" in killed.stderr, killed.stderr
    else:
        assert killed.returncode == -9, (killed.returncode, killed.stderr)
    # no half-written file: every TEI file present is complete, well-formed XML
    for p in (root / "tei").glob("*.xml"):
        etree.parse(str(p))
    if point == "mid-corpus":
        assert not (root / "tei" / "corpus.xml").exists() and list((root / "tei").glob(".corpus.xml.*.tmp"))
    again = run_cli(root, "-j", jobs)
    assert again.returncode == 0, again.stdout + again.stderr
    assert outputs(root) == reference
    assert [p for p in root.rglob(".*.tmp")] == []
    assert "skipped as unchanged 6" in run_cli(root).stdout


# ---------------------------------------------------------------------------------------
# The corpus file


def test_corpus_is_one_well_formed_tei_corpus_with_unique_ids_and_resolving_pointers(built):
    root, _ = built
    corpus = etree.parse(str(root / "tei" / "corpus.xml")).getroot()
    assert corpus.tag == T + "teiCorpus"
    assert corpus[0].tag == T + "teiHeader"
    records = corpus.findall(T + "TEI")
    assert [r.get(XML_ID) for r in records] == [f"rec-{s}" for s in RECORDS]
    for rec in records:  # each record keeps its full header
        assert rec.find(f"{T}teiHeader/{T}fileDesc/{T}sourceDesc") is not None
        assert rec.find(f"{T}teiHeader/{T}encodingDesc/{T}listPrefixDef") is not None
    ids = [el.get(XML_ID) for el in corpus.iter() if isinstance(el.tag, str) and el.get(XML_ID)]
    assert len(ids) == len(set(ids)), "duplicate xml:id in the corpus"
    known = set(ids)
    authority = etree.parse(str(root / "tei" / "authority.xml")).getroot()
    authority_ids = {el.get(XML_ID) for el in authority.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    pointers = 0
    for el in corpus.iter():
        if not isinstance(el.tag, str):
            continue
        for attr, value in el.attrib.items():
            for token in value.split():
                if token.startswith("#"):
                    pointers += 1
                    assert token[1:] in known, (el.tag, attr, token)
                elif attr in {"ref", "who", "sameAs"} and re.match(r"^(pers|place|org):", token):
                    assert token.split(":", 1)[1] in authority_ids, token
    assert pointers > 20
    # each record's pointers stay inside the record: resp="#..." of record A names A's respStmt
    for rec in records:
        own = {el.get(XML_ID) for el in rec.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
        for el in rec.iter():
            if isinstance(el.tag, str) and el.get("resp", "").startswith("#"):
                assert el.get("resp")[1:] in own


def test_corpus_copy_differs_from_the_record_only_in_prefixed_ids(built):
    root, _ = built
    stem = RECORDS[0]
    original = etree.fromstring((root / "tei" / f"{stem}.xml").read_bytes())
    fragment, prefix = corpus_fragment((root / "tei" / f"{stem}.xml").read_bytes(), stem, "x")
    copy = etree.fromstring(fragment)
    assert prefix == f"rec-{stem}"
    a, b = list(original.iter()), list(copy.iter())
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x.tag == y.tag and x.text == y.text
        for k, v in x.attrib.items():
            w = y.get(k)
            if x.tag == T + "citeStructure" and k == "match" and v.startswith("/"):
                assert w == f"/teiCorpus/TEI[@xml:id='{prefix}']" + v.removeprefix("/TEI"), (v, w)  # see below
                continue
            assert w == v or w == " ".join(
                (t[0] + prefix + "-" + t[1:]) if t.startswith("#") else t for t in v.split()
            ) or w == f"{prefix}-{v}", (k, v, w)


def test_each_records_citation_structure_selects_its_turns_in_the_corpus(built):
    """A record's refsDecl (turn = /TEI/text/body/div[@type='record']/sp, then its p) selects
    nothing in the corpus, where the records are children of teiCorpus: the corpus copy starts
    it at the corpus root and that record. Evaluated as the brief says, with TEI as the default
    element namespace."""
    from saxonche import PySaxonProcessor

    root, _ = built
    corpus = etree.parse(str(root / "tei" / "corpus.xml")).getroot()
    with PySaxonProcessor(license=False) as proc:
        xp = proc.new_xpath_processor()
        xp.declare_namespace("", "http://www.tei-c.org/ns/1.0")
        xp.set_context(xdm_item=proc.parse_xml(xml_file_name=str(root / "tei" / "corpus.xml")))

        def number(expr: str) -> int:
            return int(str(xp.evaluate_single(expr)))

        assert number("count(/TEI/text/body/div[@type='record']/sp)") == 0  # the record's own path, here
        for rec in corpus.findall(T + "TEI"):
            outer = rec.find(f"{T}teiHeader/{T}encodingDesc/{T}refsDecl/{T}citeStructure")
            inner = outer.find(T + "citeStructure")
            turns = int(rec.find(f"{T}teiHeader/{T}fileDesc/{T}extent/{T}measure[@unit='turns']").get("quantity"))
            match, rid = outer.get("match"), rec.get(XML_ID)
            assert number(f"count({match})") == turns == len(rec.findall(f".//{T}sp"))
            assert number(f"count(({match})[ancestor::TEI[1]/@xml:id ne '{rid}'])") == 0  # its own turns only
            assert inner.get("match") == "p"
            assert number(f"count(({match})[@n = '1']/{inner.get('match')})") == len(rec.find(f".//{T}sp[@n='1']").findall(T + "p"))


def test_corpus_rewrites_header_ids_deterministically():
    data = (
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="rec-a"><teiHeader><fileDesc><titleStmt>'
        b'<respStmt xml:id="resp-enc"/><respStmt xml:id="rec-a-resp-enc"/></titleStmt></fileDesc></teiHeader>'
        b'<text><body><p resp="#resp-enc #rec-a-resp-enc" target="http://x.org/#resp-enc">x</p></body></text></TEI>'
    )
    out, prefix = corpus_fragment(data, "a", "a.xml")
    root = etree.fromstring(out)
    ids = [el.get(XML_ID) for el in root.iter() if el.get(XML_ID)]
    assert len(ids) == len(set(ids))
    p = root.find(f".//{T}p")
    assert p.get("resp") == "#rec-a-resp-enc-2 #rec-a-resp-enc"
    assert p.get("target") == "http://x.org/#resp-enc"
    assert corpus_fragment(data, "a", "a.xml")[0] == out


# ---------------------------------------------------------------------------------------
# A new collection


def test_init_then_build_in_the_new_folder(tmp_path, monkeypatch):
    coll = tmp_path / "coll"
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(coll)])
    assert result.exit_code == 0, result.output
    for rel in ("raw", "tei/authority.xml", "tei/editorial.xml", "README.md", ".gitignore"):
        assert (coll / rel).exists(), rel
    auth = (coll / "tei" / "authority.xml").read_text(encoding="utf-8")
    assert "<!--" in auth and 'xml:id="key"' in auth  # the commented example entry
    # the collection's editors add their first persons and a record
    entries = (
        '<listPerson>\n'
        '      <person xml:id="smith"><persName type="preferred">Jane Smith</persName><persName type="variant">Smith</persName></person>\n'
        '      <person xml:id="jones"><persName type="preferred">Tom Jones</persName><persName type="variant">Jones</persName></person>\n'
        '    </listPerson>'
    )
    (coll / "tei" / "authority.xml").write_text(re.sub(r'<listAnnotation>\s*<head>No entries yet</head>.*?</listAnnotation>', entries, auth, flags=re.S), encoding="utf-8")
    (coll / "raw" / "1952-03-04-smith-jones.txt").write_text(
        "Record of a Conversation Between Smith and Jones\n\n4 March 1952, 10:00 - 11:00 a.m.\n\n"
        "Smith: Good morning.\n\nJones: Good morning. (Sits down.)\n\n1) The harbour;\n2) the railway.\n\n"
        "Smith: Agreed.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(coll)
    result = runner.invoke(main, ["build", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert (coll / "tei" / "1952-03-04-smith-jones.xml").exists()
    assert (coll / "build" / "site" / "1952-03-04-smith-jones" / "reading.html").exists()
    assert (coll / "build" / "site" / "index.html").exists()
    corpus = etree.parse(str(coll / "tei" / "corpus.xml")).getroot()
    assert len(corpus.findall(T + "TEI")) == 1
    assert "skipped as unchanged 1" in runner.invoke(main, ["build", "-j", "1"]).output


def test_init_never_overwrites(tmp_path):
    init_collection(tmp_path / "c")
    (tmp_path / "c" / "tei" / "authority.xml").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "c")])
    assert result.exit_code == 2
    assert (tmp_path / "c" / "tei" / "authority.xml").read_text(encoding="utf-8") == "mine"


def test_build_outside_a_project_is_a_usage_error(tmp_path):
    """No project where the build looks: exit 2 (usage), saying where it looked and what to pass."""
    result = CliRunner().invoke(main, ["build", "-C", str(tmp_path)])
    assert result.exit_code == 2 and "parley init" in result.output
    assert str(tmp_path) in result.output and "-C DIR" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------------------
# Progress and the hash cache


def test_progress_plain_lines_when_not_a_terminal():
    out, err = io.StringIO(), io.StringIO()
    p = Progress(out, err, tty=False)
    p.begin(2, 5)
    p.record(Result("a", "converted", validated=True, valid=True, rendered=True, wrote_tei=True))
    p.record(Result("b", "hand-edited", validated=True, valid=False))
    lines = out.getvalue().splitlines()
    assert lines == [
        "2 records to process (5 unchanged)",
        "[1/2] a: converted, valid, rendered",
        "[2/2] b: hand-edited TEI kept, not converted, INVALID",
    ]
    assert err.getvalue() == ""


def test_progress_bar_on_a_terminal():
    out, err = io.StringIO(), io.StringIO()
    p = Progress(out, err, tty=True)
    p.begin(2, 0)
    p.record(Result("a", "converted"))
    p.record(Result("b", "converted"))
    assert "\r[" in err.getvalue() and "2/2 records" in err.getvalue()
    assert out.getvalue() == ""


def test_hash_cache_trusts_old_stats_and_rehashes_racy_ones(tmp_path, monkeypatch):
    import parley.build as b

    f = tmp_path / "f"
    f.write_bytes(b"one")
    cache = HashCache()
    first = cache.sha("f", f)
    assert cache.entries["f"][0] == [-1, -1, -1, -1]  # just changed: racily clean, not trusted
    monkeypatch.setattr(b, "RACY_NS", -10**12)  # as if the file had been hashed long after
    assert cache.sha("f", f) == first
    st = f.stat()
    assert cache.entries["f"][0] == [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]  # trusted
    f.write_bytes(b"two")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime: the ctime tells
    assert cache.sha("f", f) == b.sha_bytes(b"two")
