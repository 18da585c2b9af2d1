"""parley deposit: the BagIt bag, its Dublin Core and METS records, CITATION.cff.

The deposit is made from a copy of the project in a temporary folder, with a small stand-in
for the HTML site (the renderer has tests of its own), so that these tests depend only on
tei/, the settings and the citation file.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner
from lxml import etree

from parley.cli import main
from parley.deposit import DC_NS, METS_NS, OAI_DC_NS, XLINK_NS, deposit
from parley.problems import InputError
from parley.render import SITE_PAGES  # the stand-in site has the renderer's pages

ROOT = Path(__file__).resolve().parent.parent
TEI_DIR = ROOT / "tei"
TEI = "{http://www.tei-c.org/ns/1.0}"
M = f"{{{METS_NS}}}"
DC = f"{{{DC_NS}}}"
DC_ELEMENTS = {
    "title", "creator", "subject", "description", "publisher", "contributor", "date", "type",
    "format", "identifier", "source", "language", "relation", "coverage", "rights",
}


def tei_files() -> list[Path]:
    return sorted(p for p in TEI_DIR.glob("*.xml") if not p.name.startswith("."))


def records() -> list[Path]:
    return [p for p in tei_files() if etree.parse(str(p)).getroot().find(f"{TEI}text") is not None]




def write_site(root: Path, stems: list[str], index_links: list[str] | None = None) -> None:
    """A stand-in for the site `parley build` renders: each record's views and its TEI
    download in <stem>/ (the record's standalone export, made by the function the renderer
    uses), the site pages, the stylesheet; the index links to every record."""
    from parley.export import standalone_file

    site = root / "build" / "site"
    site.mkdir(parents=True, exist_ok=True)
    for stem in stems:
        (site / stem).mkdir(exist_ok=True)
        for view in ("reading", "diplomatic"):
            (site / stem / f"{view}.html").write_text(f'<!DOCTYPE html><title>{stem}</title><a href="../persons.html#x">x</a>\n', encoding="utf-8")
        download, problems = standalone_file(root / "tei" / f"{stem}.xml")
        assert problems == []
        (site / stem / f"{stem}.xml").write_bytes(download)
    links = index_links if index_links is not None else [f"{s}/{v}" for s in stems for v in ("reading.html", "diplomatic.html", f"{s}.xml")]
    anchors = "".join(f'<a href="{href}#top">{href}</a>' for href in links)
    (site / "index.html").write_text(f'<!DOCTYPE html><title>index</title><link rel="stylesheet" href="parley.css">{anchors}<a href="https://example.org/">elsewhere</a>\n', encoding="utf-8")
    for page in SITE_PAGES[1:]:
        (site / f"{page}.html").write_text(f'<!DOCTYPE html><title>{page}</title><a href="index.html">index</a><a href="#a">a</a>\n', encoding="utf-8")
    (site / "parley.css").write_text("body { margin: 0 }\n", encoding="utf-8")
    record_curated(root)


def record_curated(root: Path, curated: dict | None = None) -> None:
    """build/manifest.json as a build of every stage leaves it, as far as the deposit reads it:
    the SHA-256 of the authority file and the editorial table the edition was made from (by
    default, those in tei/ now)."""
    import json

    from parley.build import CURATED_KEY, MANIFEST_FORMAT

    if curated is None:
        curated = {
            rel: hashlib.sha256((root / rel).read_bytes()).hexdigest() if (root / rel).is_file() else None
            for rel in ("tei/authority.xml", "tei/editorial.xml")
        }
    (root / "build" / "manifest.json").write_text(json.dumps({"format": MANIFEST_FORMAT, CURATED_KEY: curated}), encoding="utf-8")


def write_corpus(root: Path) -> None:
    """tei/corpus.xml as `parley build` makes it from the records in tei/ (the build is tested
    elsewhere; this stands in for it, so that these tests do not depend on the committed copy)."""
    from parley.build import CORPUS_END, corpus_fragment, corpus_header

    recs = [p for p in sorted((root / "tei").glob("*.xml")) if etree.parse(str(p)).getroot().find(f"{TEI}text") is not None]
    frags = [corpus_fragment(p.read_bytes(), p.stem, f"tei/{p.name}")[0] for p in recs]
    (root / "tei" / "corpus.xml").write_bytes(corpus_header(len(frags), "parley project") + b"".join(frags) + CORPUS_END)


def make_project(where: Path) -> Path:
    """A copy of the project: tei/, schema/, settings, citation, and a stand-in site."""
    root = where / "project"
    (root / "tei").mkdir(parents=True)
    for p in tei_files():
        shutil.copyfile(p, root / "tei" / p.name)
    write_corpus(root)
    (root / "schema").mkdir()
    if (ROOT / "schema").is_dir():
        for p in sorted((ROOT / "schema").iterdir()):
            if p.is_file() and not p.name.startswith(".") and p.suffix not in (".py", ".pyc"):
                shutil.copyfile(p, root / "schema" / p.name)
    write_site(root, [rec.stem for rec in records()])
    shutil.copyfile(ROOT / "parley.toml", root / "parley.toml")
    shutil.copyfile(ROOT / "CITATION.cff", root / "CITATION.cff")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("deposit"))


@pytest.fixture(scope="module")
def made(project):
    return deposit(project, Path("build/deposit"))


@pytest.fixture(scope="module")
def bag_dir(made) -> Path:
    return made.path


def parse(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


# --- the bag ----------------------------------------------------------------------------------


def test_bag_is_valid_with_sha256_and_sha512(bag_dir):
    bag = bagit.Bag(str(bag_dir))
    bag.validate()  # raises BagValidationError otherwise
    assert bag.is_valid()
    assert sorted(bag.algorithms) == ["sha256", "sha512"]
    for name in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt", "tagmanifest-sha512.txt"):
        assert (bag_dir / name).is_file(), name


def test_bag_is_bagit_1_0(bag_dir):
    """RFC 8493: bagit.txt declares 1.0 (the bagit library writes 0.97 unless told otherwise),
    and the tag manifests hold its checksum as written."""
    assert (bag_dir / "bagit.txt").read_bytes() == b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    bag = bagit.Bag(str(bag_dir))
    assert bag.version_info == (1, 0)
    bag.validate()
    for alg in ("sha256", "sha512"):
        lines = (bag_dir / f"tagmanifest-{alg}.txt").read_text(encoding="utf-8").splitlines()
        sums = dict(reversed(re.fullmatch(r"([0-9a-f]+) +(\S.*)", line).groups()) for line in lines)
        assert sums["bagit.txt"] == hashlib.new(alg, (bag_dir / "bagit.txt").read_bytes()).hexdigest()
        # 1.0: every payload file in every payload manifest, each once, no percent signs to decode
        payload = (bag_dir / f"manifest-{alg}.txt").read_text(encoding="utf-8").splitlines()
        paths = [re.fullmatch(r"[0-9a-f]+ +(data/\S.*)", line).group(1) for line in payload]
        assert sorted(paths) == sorted(p.relative_to(bag_dir).as_posix() for p in (bag_dir / "data").rglob("*") if p.is_file())
        assert not any("%" in p for p in paths)


def test_a_name_a_bagit_1_0_manifest_cannot_hold_is_refused(tmp_path):
    project = make_project(tmp_path)
    shutil.copyfile(project / "tei" / "editorial.xml", project / "tei" / "extra%20.xml")
    with pytest.raises(InputError) as exc:
        deposit(project, Path("build/deposit"))
    problem = exc.value.problems[0]
    assert problem.code == "deposit-path-name" and problem.file == "tei/extra%20.xml"
    assert "rename" in problem.message
    assert not (project / "build" / "deposit").exists()


def test_bag_info(bag_dir, made):
    info = bagit.Bag(str(bag_dir)).info
    assert info["Source-Organization"] == "parley project"
    assert info["External-Description"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", info["Bagging-Date"])
    assert "bagit.py" in info["Bag-Software-Agent"] and "parley" in info["Bag-Software-Agent"]
    payload = [p for p in (bag_dir / "data").rglob("*") if p.is_file()]
    assert info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in payload)}.{len(payload)}"
    assert info["Contact-Name"] == "parley project editors"
    # parley.toml configures no address: none is made up, and the user is told
    assert "Contact-Email" not in info
    assert any(p.code == "deposit-no-contact-email" for p in made.problems)


def test_contact_email_comes_from_the_settings(tmp_path):
    project = make_project(tmp_path)
    settings = project / "parley.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("[deposit]\n", '[deposit]\ncontact-email = "editors@example.org"\n'), encoding="utf-8")
    result = deposit(project, Path("out"))
    assert bagit.Bag(str(result.path)).info["Contact-Email"] == "editors@example.org"
    assert not any(p.code == "deposit-no-contact-email" for p in result.problems)


def test_payload_tei_is_byte_for_byte_tei(bag_dir, project):
    names = sorted(p.name for p in (bag_dir / "data" / "tei").iterdir())
    assert names == [p.name for p in tei_files()]
    tei = sorted((project / "tei").glob("*.xml"))
    manifest = dict(
        (line.split(maxsplit=1)[1], line.split()[0])
        for line in (bag_dir / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines()
    )
    for p in tei:
        assert (bag_dir / "data" / "tei" / p.name).read_bytes() == p.read_bytes()
        assert manifest[f"data/tei/{p.name}"] == hashlib.sha256(p.read_bytes()).hexdigest()


def test_manifests_list_every_file_once(bag_dir):
    payload = sorted(p.relative_to(bag_dir).as_posix() for p in (bag_dir / "data").rglob("*") if p.is_file())
    tags = sorted(p.name for p in bag_dir.iterdir() if p.is_file() and not p.name.startswith("tagmanifest-"))
    for name, expected in (("manifest-sha256.txt", payload), ("manifest-sha512.txt", payload), ("tagmanifest-sha256.txt", tags), ("tagmanifest-sha512.txt", tags)):
        paths = [line.split(maxsplit=1)[1] for line in (bag_dir / name).read_text(encoding="utf-8").splitlines()]
        assert sorted(paths) == expected, name
        if name.startswith("tag"):
            assert paths == sorted(paths)  # bagit lists tag files in directory order; parley sorts them


def test_xml_model_paths_resolve_inside_the_bag(bag_dir):
    for rec in records():
        hrefs = re.findall(r'<\?xml-model href="([^"]+)"', rec.read_text(encoding="utf-8"))
        assert hrefs
        for href in hrefs:
            assert (bag_dir / "data" / "tei" / href).resolve().is_file(), href


def test_schema_html_and_citation(bag_dir, project):
    assert sorted(p.name for p in (bag_dir / "data" / "schema").iterdir()) == sorted(p.name for p in (project / "schema").iterdir())
    assert (bag_dir / "data" / "html" / "index.html").read_bytes() == (project / "build" / "site" / "index.html").read_bytes()
    assert (bag_dir / "data" / "html" / "parley.css").is_file()
    for rec in records():  # the site's download: the standalone export, as the site has it
        download = (bag_dir / "data" / "html" / rec.stem / rec.name).read_bytes()
        assert download == (project / "build" / "site" / rec.stem / rec.name).read_bytes() != rec.read_bytes()
        assert b"<standOff>" in download and b"authority.xml#" not in download
    assert (bag_dir / "CITATION.cff").read_bytes() == (ROOT / "CITATION.cff").read_bytes()
    tags = (bag_dir / "tagmanifest-sha256.txt").read_text(encoding="utf-8")
    assert f"{hashlib.sha256((ROOT / 'CITATION.cff').read_bytes()).hexdigest()} CITATION.cff" in tags
    readme = " ".join((bag_dir / "data" / "README.txt").read_text(encoding="utf-8").split())
    assert f"as one self-contained TEI file ({len(records())} in all, html/<record>/<record>.xml)" in readme
    assert "valid TEI P5 (tei_all)" in readme


# --- Dublin Core ------------------------------------------------------------------------------


def dc_values(path: Path) -> dict[str, list[str]]:
    root = parse(path)
    assert root.tag == f"{{{OAI_DC_NS}}}dc"
    out: dict[str, list[str]] = {}
    for el in root:
        q = etree.QName(el)
        assert q.namespace == DC_NS and q.localname in DC_ELEMENTS, q
        assert len(el) == 0 and el.text and el.text == " ".join(el.text.split())
        out.setdefault(q.localname, []).append(el.text)
    return out


@pytest.mark.parametrize("record", [p.stem for p in records()])
def test_dublin_core_record(bag_dir, record, authority):
    dc = dc_values(bag_dir / "data" / "metadata" / f"{record}.dc.xml")
    tei = parse(TEI_DIR / f"{record}.xml")
    head = tei.find(f"{TEI}teiHeader")
    assert dc["title"] == [" ".join(head.find(f".//{TEI}titleStmt/{TEI}title").itertext())]
    assert dc["date"] == [record[:10]]  # the records are named by the day of the meeting
    assert dc["creator"] == ["parley project editors"]
    assert "David Wolff" in dc["contributor"] and "History and Public Policy Program" in dc["contributor"]
    # subjects: the persons, places and organisations (and events: below), in the authority's preferred form
    for key in ("stalin", "soong", "molotov", "moscow", "ccp"):
        assert authority.get(key).preferred in dc["subject"], key
    assert "David Wolff" not in dc["subject"]  # named in the source description, not a subject
    for key in ("hppp", "chiu"):  # the funders of the translation, named in the header only
        assert authority.get(key).preferred not in dc["subject"], key
    ms = head.find(f".//{TEI}msIdentifier")
    archival = next(s for s in dc["source"] if ms.findtext(f"{TEI}repository") in s)
    assert ms.findtext(f"{TEI}collection") in archival
    assert f"box {ms.findtext(TEI + 'idno[@type=' + chr(39) + 'box' + chr(39) + ']')}" in archival
    assert f"folder {ms.findtext(TEI + 'idno[@type=' + chr(39) + 'folder' + chr(39) + ']')}" in archival
    assert any("Wilson Center Digital Archive" in s for s in dc["source"])
    assert "https://creativecommons.org/licenses/by/4.0/" in dc["rights"]
    assert dc["identifier"] == [head.findtext(f".//{TEI}publicationStmt/{TEI}idno")]
    assert dc["format"] == ["application/tei+xml"]
    assert dc["language"] == ["en"]
    assert "Text" in dc["type"]


@pytest.mark.parametrize("record", [p.stem for p in records()])
def test_dublin_core_description_is_the_archives_abstract_word_for_word(bag_dir, record):
    """The abstract as the archive wrote it (a line of the raw transcript), not as corrected."""
    description = dc_values(bag_dir / "data" / "metadata" / f"{record}.dc.xml")["description"]
    raw_lines = {" ".join(line.split()) for line in (ROOT / "raw" / f"{record}.txt").read_text(encoding="utf-8-sig").splitlines()}
    assert len(description) == 1 and description[0] in raw_lines
    if record == "1945-07-07-soong-stalin":
        assert "Chian Kai-Shek" in description[0] and "Chiang" not in description[0]


def test_dublin_core_subjects_name_the_events_a_record_refers_to(bag_dir, authority):
    """The events each record refers to (``rs type="event" ref="event:KEY"``) are subjects, by
    their preferred names in the authority file, after the persons and places; an event only
    the other record refers to is not a subject of this one."""
    refs = {
        rec.stem: {ref.split(":", 1)[1] for ref in re.findall(r'ref="(event:[^"]+)"', rec.read_text(encoding="utf-8"))}
        for rec in records()
    }
    assert all(refs.values())  # both records refer to events
    for stem, keys in refs.items():
        subjects = dc_values(bag_dir / "data" / "metadata" / f"{stem}.dc.xml")["subject"]
        names = [authority.get(key).preferred for key in keys]
        assert subjects[-len(names):] == sorted(names), stem  # the events come last, in order
        others = {authority.get(key).preferred for other, ks in refs.items() if other != stem for key in ks} - set(names)
        assert others and not others & set(subjects), stem
    # the treaty of 14 August 1945 is a subject of the record of 10 August only
    treaty = authority.get("treaty-1945").preferred
    assert treaty in dc_values(bag_dir / "data" / "metadata" / "1945-08-10-soong-stalin.dc.xml")["subject"]
    assert treaty not in dc_values(bag_dir / "data" / "metadata" / "1945-07-07-soong-stalin.dc.xml")["subject"]


def test_dublin_core_subjects_of_a_tiny_record_and_authority():
    """Persons, then places, organisations, events, each alphabetical, by the entry's preferred name
    as the authority file gives it; a pointer to no entry (or to an entry of another kind) and
    a name in the source description are no subjects, nor is an event no record refers to."""
    from parley.authority import parse_authority
    from parley.deposit import TeiFile, dublin_core

    authority = parse_authority(etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><standOff>'
        '<listPerson><person xml:id="b"><persName type="preferred">Bea Brown</persName></person>'
        '<person xml:id="a"><persName type="preferred">Al Adams</persName></person>'
        '<person xml:id="z"><persName type="preferred">Zed Zane</persName></person></listPerson>'
        '<listPlace><place xml:id="x"><placeName type="preferred">Xanadu</placeName></place></listPlace>'
        '<listOrg><org xml:id="guild"><orgName type="preferred">The Guild</orgName></org></listOrg>'
        '<listEvent><event xml:id="pact" when="1901"><eventName type="preferred">The Pact of 1901</eventName>'
        '<eventName type="variant">the pact</eventName></event>'
        '<event xml:id="fair" when="1900"><eventName type="preferred">A Fair</eventName></event>'
        '<event xml:id="unused" when="1902"><eventName type="preferred">Unused Event</eventName></event></listEvent>'
        "</standOff></TEI>"
    ))

    def subjects(body: str) -> list[str]:
        data = (
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
            "<publicationStmt><publisher>P</publisher></publicationStmt>"
            '<sourceDesc><bibl><respStmt><persName ref="pers:z">Zane</persName></respStmt></bibl></sourceDesc></fileDesc>'
            f"</teiHeader><text><body>{body}</body></text></TEI>"
        ).encode("utf-8")
        tei = TeiFile(Path("tei/x.xml"), data, etree.fromstring(data))
        dc = etree.fromstring(dublin_core(tei, authority, []))
        return [el.text for el in dc.iter(f"{DC}subject")]

    referring = (
        '<sp who="pers:b"><p><rs type="event" ref="event:pact">the pact</rs> made at <placeName ref="place:x">X</placeName>'
        ' by <persName ref="pers:a">Adams</persName>; <rs type="event" ref="event:fair">the fair</rs>'
        ' and <rs type="event" ref="event:nothing">nothing</rs>.</p></sp>'
    )
    assert subjects(referring) == ["Al Adams", "Bea Brown", "Xanadu", "A Fair", "The Pact of 1901"]
    with_org = referring.replace("</p></sp>", ' <orgName ref="org:guild">the guild</orgName></p></sp>')
    assert subjects(with_org) == ["Al Adams", "Bea Brown", "Xanadu", "The Guild", "A Fair", "The Pact of 1901"]
    assert subjects('<sp who="pers:b"><p>No event at <placeName ref="place:x">X</placeName>.</p></sp>') == ["Bea Brown", "Xanadu"]
    # an event: pointer resolves only to an event, not to a person of that key, and back
    assert subjects('<p><rs type="event" ref="event:a">a</rs> <persName ref="pers:pact">p</persName></p>') == []


def test_dublin_core_description_keeps_sic_abbr_orig_and_drops_corr_expan_reg_notes():
    from parley.deposit import TeiFile, dublin_core

    data = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        "<publicationStmt><publisher>P</publisher></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>"
        "<profileDesc><abstract><p>Met <choice><sic>Chian</sic><corr>Chiang</corr></choice> at "
        "<choice><abbr>H.Q.</abbr><expan>headquarters</expan></choice> "
        "<choice><orig>to-day</orig><reg>today</reg></choice>.<note>An editorial note.</note> "
        "Told <supplied>Kai-shek</supplied>.</p></abstract></profileDesc></teiHeader>"
        "<text><body><p>x</p></body></text></TEI>"
    ).encode("utf-8")
    tei = TeiFile(Path("tei/x.xml"), data, etree.fromstring(data))
    dc = etree.fromstring(dublin_core(tei, None, []))
    assert [el.text for el in dc.iter(f"{DC}description")] == ["Met Chian at H.Q. to-day. Told [Kai-shek]."]


def test_metadata_has_no_run_dates(bag_dir):
    today = bagit.Bag(str(bag_dir)).info["Bagging-Date"]
    for p in (bag_dir / "data" / "metadata").iterdir():
        text = p.read_text(encoding="utf-8")
        assert today not in text, p.name
        assert "CREATEDATE" not in text and "LASTMODDATE" not in text and "CREATED=" not in text


# --- METS -------------------------------------------------------------------------------------


def test_mets_describes_every_payload_file(bag_dir):
    mets_path = bag_dir / "data" / "metadata" / "mets.xml"
    root = parse(mets_path)
    assert root.tag == f"{M}mets"
    ids = [el.get("ID") for el in root.iter() if el.get("ID")]
    assert len(ids) == len(set(ids))
    groups = {g.get("USE"): g for g in root.iter(f"{M}fileGrp")}
    assert {"TEI records", "authority", "schema", "HTML", "metadata"} <= set(groups)
    described = set()
    for f in root.iter(f"{M}file"):
        loc = f.find(f"{M}FLocat")
        assert loc.get("LOCTYPE") == "URL"
        target = (mets_path.parent / loc.get(f"{{{XLINK_NS}}}href")).resolve()
        data = target.read_bytes()
        assert f.get("CHECKSUMTYPE") == "SHA-256"
        assert f.get("CHECKSUM") == hashlib.sha256(data).hexdigest()
        assert f.get("SIZE") == str(len(data))
        assert f.get("MIMETYPE")
        described.add(target.relative_to((bag_dir / "data").resolve()).as_posix())
    payload = {p.relative_to(bag_dir / "data").as_posix() for p in (bag_dir / "data").rglob("*") if p.is_file()}
    assert described == payload - {"metadata/mets.xml"}
    tei_group = {f.find(f"{M}FLocat").get(f"{{{XLINK_NS}}}href") for f in groups["TEI records"]}
    assert tei_group == {f"../tei/{p.name}" for p in records()}
    # the site's downloads are TEI of their own kind, not HTML
    downloads = {f.find(f"{M}FLocat").get(f"{{{XLINK_NS}}}href"): f for f in groups["standalone TEI"]}
    assert set(downloads) == {f"../html/{p.stem}/{p.name}" for p in records()}
    assert {f.get("MIMETYPE") for f in downloads.values()} == {"application/tei+xml"}
    assert not any(f.find(f"{M}FLocat").get(f"{{{XLINK_NS}}}href").endswith(".xml") for f in groups["HTML"])
    assert {f.find(f"{M}FLocat").get(f"{{{XLINK_NS}}}href") for f in groups["authority"]} >= {"../tei/authority.xml"}


def test_mets_dmdsec_per_record_and_structmap(bag_dir):
    root = parse(bag_dir / "data" / "metadata" / "mets.xml")
    dmd = {d.get("ID"): d for d in root.iter(f"{M}dmdSec")}
    files = {f.get("ID"): f for f in root.iter(f"{M}file")}
    for rec in records():
        d = dmd[f"dmd-{rec.stem}"]
        ref = d.find(f"{M}mdRef")
        assert ref.get("MDTYPE") == "DC" and ref.get(f"{{{XLINK_NS}}}href") == f"{rec.stem}.dc.xml"
        assert ref.get("CHECKSUM") == hashlib.sha256((bag_dir / "data" / "metadata" / f"{rec.stem}.dc.xml").read_bytes()).hexdigest()
        tei_file = next(f for f in files.values() if f.find(f"{M}FLocat").get(f"{{{XLINK_NS}}}href") == f"../tei/{rec.name}")
        assert tei_file.get("DMDID") == f"dmd-{rec.stem}"
    smap = root.find(f"{M}structMap")
    assert smap is not None
    pointed = {fptr.get("FILEID") for fptr in smap.iter(f"{M}fptr")}
    assert pointed == set(files)  # every file is in the structure, and only files that exist
    record_divs = [d for d in smap.iter(f"{M}div") if d.get("TYPE") == "record"]
    assert sorted(d.get("DMDID") for d in record_divs) == sorted(f"dmd-{r.stem}" for r in records())
    for el in root.iter():
        for attr in ("DMDID", "FILEID"):
            for token in (el.get(attr) or "").split():
                assert token in dmd or token in files


# --- determinism, overwriting, errors --------------------------------------------------------


def test_deterministic_apart_from_the_bagging_date(project, bag_dir):
    again = deposit(project, Path("build/deposit-again")).path
    first = sorted(p.relative_to(bag_dir).as_posix() for p in bag_dir.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    assert first == second
    for rel in first:
        if rel == "bag-info.txt":
            strip = lambda p: [l for l in p.read_text(encoding="utf-8").splitlines() if not l.startswith("Bagging-Date:")]
            assert strip(bag_dir / rel) == strip(again / rel)
        elif not rel.startswith("tagmanifest-"):
            assert (bag_dir / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_existing_deposit_is_not_overwritten_without_force(tmp_path):
    project = make_project(tmp_path)
    out = deposit(project, Path("out")).path
    marker = out / "marker.txt"
    marker.write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        deposit(project, Path("out"))
    assert exc.value.problems[0].code == "deposit-exists"
    assert "--force" in exc.value.problems[0].message
    assert marker.read_text(encoding="utf-8") == "keep me"
    replaced = deposit(project, Path("out"), force=True).path
    assert replaced == out and not marker.exists()
    bagit.Bag(str(out)).validate()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []  # no temp folders left


def test_missing_site_is_explained(tmp_path):
    project = make_project(tmp_path)
    shutil.rmtree(project / "build" / "site")
    with pytest.raises(InputError) as exc:
        deposit(project, Path("build/deposit"))
    problem = next(p for p in exc.value.problems if p.code == "deposit-no-site")
    assert "parley build" in problem.message
    assert not (project / "build" / "deposit").exists()


def test_cli_exit_codes_and_messages(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    runner = CliRunner()
    first = runner.invoke(main, ["deposit", "-o", "build/bag"])
    assert first.exit_code == 0, first.output
    assert "wrote build/bag/" in first.output
    assert "Contact-Email is left out" in first.output
    second = runner.invoke(main, ["deposit", "-o", "build/bag"])
    assert second.exit_code == 1
    assert "build/bag" in second.output and "--force" in second.output
    assert "Traceback" not in second.output
    assert runner.invoke(main, ["deposit", "-o", "build/bag", "--force"]).exit_code == 0
    assert runner.invoke(main, ["deposit", "--no-such-option"]).exit_code == 2
    os.remove(project / "parley.toml")
    missing = runner.invoke(main, ["deposit", "-o", "build/other"])
    assert missing.exit_code == 1 and "parley.toml" in missing.output and "Traceback" not in missing.output


# --- only a valid, current, complete edition is packed ----------------------------------------


FIRST = records()[0]


def refused(project: Path) -> list:
    with pytest.raises(InputError) as exc:
        deposit(project, Path("build/deposit"))
    assert not (project / "build" / "deposit").exists()
    assert [p.name for p in (project / "build").iterdir() if p.name.startswith(".")] == []  # no temp folder
    return exc.value.problems


def test_an_invalid_record_is_not_packed(tmp_path):
    project = make_project(tmp_path)
    path = project / "tei" / FIRST.name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("<sp ", '<sp bogus="1" ', 1), encoding="utf-8")
    write_site(project, [r.stem for r in records()])  # even with the site rendered from it
    write_corpus(project)
    problems = refused(project)
    line = text[: text.index("<sp ")].count("\n") + 1
    assert any(p.file == f"tei/{FIRST.name}" and p.line == line and p.code.startswith("xsd-") and "bogus" in p.message for p in problems)
    summary = next(p for p in problems if p.code == "deposit-invalid-tei")
    assert summary.file == f"tei/{FIRST.name}" and "parley build" in summary.message


def test_an_invalid_authority_file_is_not_packed(tmp_path):
    project = make_project(tmp_path)
    path = project / "tei" / "authority.xml"
    path.write_text(path.read_text(encoding="utf-8").replace("<person ", '<person bogus="1" ', 1), encoding="utf-8")
    assert any(p.code == "deposit-invalid-tei" and p.file == "tei/authority.xml" for p in refused(project))


def test_a_record_edited_since_the_build_is_not_packed(tmp_path):
    """A hand edit of tei/X.xml without a rebuild: the site's copy and the corpus are older."""
    project = make_project(tmp_path)
    path = project / "tei" / FIRST.name
    text = path.read_text(encoding="utf-8")
    i = text.index("</p>")
    path.write_text(text[:i] + " (edited)" + text[i:], encoding="utf-8")
    problems = refused(project)
    stale = next(p for p in problems if p.code == "deposit-site-stale")
    assert stale.file == f"build/site/{FIRST.stem}/{FIRST.name}"
    assert f"is not the standalone export of tei/{FIRST.name} as it is now" in stale.message and "parley build" in stale.message
    corpus = next(p for p in problems if p.code == "deposit-corpus-stale")
    assert corpus.file == "tei/corpus.xml" and f"tei/{FIRST.name}" in corpus.message and "parley build" in corpus.message
    # once the site and the corpus are made again from the edited record, it is packed
    write_site(project, [r.stem for r in records()])
    write_corpus(project)
    bag = deposit(project, Path("build/deposit")).path
    assert (bag / "data" / "tei" / FIRST.name).read_bytes() == path.read_bytes()


def test_a_download_that_is_a_copy_of_the_record_is_not_packed(tmp_path):
    """A site rendered by an older parley offers tei/X.xml itself for download, whose
    pointers lead into an authority file the site does not have: refused, like any download
    that is not the standalone export of the record as it is now."""
    project = make_project(tmp_path)
    shutil.copyfile(FIRST, project / "build" / "site" / FIRST.stem / FIRST.name)
    stale = [p for p in refused(project) if p.code == "deposit-site-stale"]
    assert [p.file for p in stale] == [f"build/site/{FIRST.stem}/{FIRST.name}"]


def test_a_download_made_before_an_authority_edit_is_not_packed(tmp_path):
    """The download carries the authority entries: after an edit of one of them, the site's
    copy is stale (and the manifest says the edition was made from another authority file)."""
    project = make_project(tmp_path)
    authority = project / "tei" / "authority.xml"
    authority.write_text(authority.read_text(encoding="utf-8").replace('type="preferred">Joseph Stalin<', 'type="preferred">Iosif Stalin<', 1), encoding="utf-8")
    problems = refused(project)
    assert {p.file for p in problems if p.code == "deposit-site-stale"} == {f"build/site/{r.stem}/{r.name}" for r in records()}
    assert any(p.code == "deposit-curated-stale" for p in problems)
    write_site(project, [r.stem for r in records()])  # the site made again, and the manifest
    assert deposit(project, Path("build/deposit")).path.is_dir()


def test_a_missing_download_is_not_packed(tmp_path):
    project = make_project(tmp_path)
    (project / "build" / "site" / FIRST.stem / FIRST.name).unlink()
    missing = [p for p in refused(project) if p.code == "deposit-site-missing"]
    assert [p.file for p in missing] == [f"build/site/{FIRST.stem}/{FIRST.name}"]
    assert f"no TEI download of tei/{FIRST.name}" in missing[0].message


def test_a_missing_view_is_not_packed(tmp_path):
    project = make_project(tmp_path)
    (project / "build" / "site" / FIRST.stem / "diplomatic.html").unlink()
    (project / "build" / "site" / "persons.html").unlink()
    problems = refused(project)
    assert {(p.file, p.code) for p in problems} >= {
        (f"build/site/{FIRST.stem}/diplomatic.html", "deposit-site-missing"),
        ("build/site/persons.html", "deposit-site-missing"),
    }
    assert all("parley build" in p.message for p in problems)


def test_pages_of_records_not_in_tei_are_left_out(tmp_path):
    """`parley render other.xml` leaves build/site/other/; it is not part of the edition."""
    project = make_project(tmp_path)
    other = project / "build" / "site" / "other"
    other.mkdir()
    for name in ("reading.html", "diplomatic.html", "other.xml"):
        (other / name).write_text("<!DOCTYPE html><title>other</title>\n", encoding="utf-8")
    (project / "build" / "site" / "notes.txt").write_text("scratch\n", encoding="utf-8")
    result = deposit(project, Path("build/deposit"))
    html = result.path / "data" / "html"
    assert not (html / "other").exists() and not (html / "notes.txt").exists()
    assert sorted(p.name for p in html.iterdir()) == sorted([r.stem for r in records()] + [f"{p}.html" for p in SITE_PAGES] + ["parley.css"])
    mets_text = (result.path / "data" / "metadata" / "mets.xml").read_text(encoding="utf-8")
    assert "other" not in mets_text and "notes.txt" not in mets_text
    extra = {p.file for p in result.problems if p.code == "deposit-site-extra"}
    assert extra == {"build/site/other/", "build/site/notes.txt"}
    assert all(p.severity == "warning" for p in result.problems if p.code == "deposit-site-extra")


def test_site_pages_made_for_other_records_are_not_packed(tmp_path):
    """After `parley render other.xml -o build/site`, the index lists only other/."""
    project = make_project(tmp_path)
    stems = [r.stem for r in records()]
    write_site(project, stems, index_links=["other/reading.html"] + [f"{s}/reading.html" for s in stems[1:]])
    problems = refused(project)
    link = next(p for p in problems if p.code == "deposit-site-link")
    assert link.file == "build/site/index.html" and "other/reading.html" in link.message and "parley build" in link.message
    index = next(p for p in problems if p.code == "deposit-site-index")
    assert f"tei/{stems[0]}.xml" in index.message and "parley build" in index.message


def test_a_corpus_of_other_records_is_not_packed(tmp_path):
    project = make_project(tmp_path)
    kept = project / "tei" / FIRST.name
    data = kept.read_bytes()
    kept.rename(tmp_path / FIRST.name)
    write_corpus(project)  # a corpus without the first record
    kept.write_bytes(data)
    problem = next(p for p in refused(project) if p.code == "deposit-corpus-stale")
    assert f"tei/{FIRST.name}" in problem.message


def test_a_corpus_whose_header_names_another_publisher_is_not_packed(tmp_path):
    """The corpus header names the publisher of the editorial table; the records in it are
    current, and the message says that it is the header that is not."""
    project = make_project(tmp_path)
    corpus = project / "tei" / "corpus.xml"
    data = corpus.read_bytes()
    assert data.count(b"<publisher>parley project</publisher>") >= 1
    corpus.write_bytes(data.replace(b"parley project", b"another publisher", 2))  # the header's title and publisher
    problem = next(p for p in refused(project) if p.code == "deposit-corpus-stale")
    assert problem.file == "tei/corpus.xml"
    assert problem.message.startswith("holds the current records, but not the header made from tei/editorial.xml now")
    assert "removed" not in problem.message and problem.message.endswith("run `parley build`")


def test_without_a_corpus_file_the_deposit_says_so(tmp_path):
    project = make_project(tmp_path)
    (project / "tei" / "corpus.xml").unlink()
    result = deposit(project, Path("build/deposit"))
    problem = next(p for p in result.problems if p.code == "deposit-no-corpus")
    assert problem.severity == "warning" and "parley build" in problem.message
    assert not (result.path / "data" / "tei" / "corpus.xml").exists()


def test_an_authority_file_edited_without_a_build_is_not_packed(tmp_path):
    """The stand-in's record says which authority file the edition was made from; an edit
    since (which changes no record, so only the downloads that carry the entry show it) is
    refused, named."""
    project = make_project(tmp_path)
    auth = project / "tei" / "authority.xml"
    site = project / "build" / "site"
    name = b"Sino-Soviet Treaty of Friendship and Alliance</eventName>"
    carrying = [r for r in records() if name in (site / r.stem / r.name).read_bytes()]
    assert 0 < len(carrying) < len(records())
    auth.write_bytes(auth.read_bytes().replace(name, b"Sino-Soviet Treaty of 1945</eventName>", 1))
    problems = refused(project)
    assert [(p.file, p.code) for p in problems] == [(f"build/site/{r.stem}/{r.name}", "deposit-site-stale") for r in carrying] + [("tei/authority.xml", "deposit-curated-stale")]
    assert problems[-1].message == "edited since the last build: the records and the site were made from another version of it: run `parley build`"
    record_curated(project)  # what the build records: the downloads are still the old ones
    assert [(p.file, p.code) for p in refused(project)] == [(f"build/site/{r.stem}/{r.name}", "deposit-site-stale") for r in carrying]
    write_site(project, [r.stem for r in records()])  # the build renders the records again
    deposit(project, Path("build/deposit"))


def test_an_editorial_table_added_or_removed_since_the_build_is_not_packed(tmp_path):
    project = make_project(tmp_path)
    table = project / "tei" / "editorial.xml"
    data = table.read_bytes()
    table.unlink()
    problem = next(p for p in refused(project) if p.code == "deposit-curated-stale")
    assert problem.file == "tei/editorial.xml" and problem.message.startswith("removed since the last build: the records and the corpus were made with it:")
    record_curated(project)
    table.write_bytes(data)
    problem = next(p for p in refused(project) if p.code == "deposit-curated-stale")
    assert problem.file == "tei/editorial.xml" and problem.message.startswith("added since the last build: the records and the corpus were made without it:")


def test_without_a_record_of_the_curated_files_nothing_is_packed(tmp_path):
    """A site that no build of every stage made (`parley render`, a build of an older parley,
    a build of some stages after an edit) does not say what it was made from."""
    import json

    project = make_project(tmp_path)
    manifest = project / "build" / "manifest.json"
    manifest.unlink()
    problem = next(p for p in refused(project) if p.code == "deposit-build-unrecorded")
    assert problem.file == "build/manifest.json" and problem.message.startswith("missing: nothing says which tei/authority.xml and tei/editorial.xml the site was made from")
    assert problem.message.endswith("run `parley build`")
    manifest.write_text(json.dumps({"format": 1}), encoding="utf-8")
    problem = next(p for p in refused(project) if p.code == "deposit-build-unrecorded")
    assert problem.file == "build/manifest.json" and "written by an older parley" in problem.message
    manifest.write_text("{not json", encoding="utf-8")
    problem = next(p for p in refused(project) if p.code == "deposit-build-unrecorded")
    assert problem.file == "build/manifest.json" and "unreadable" in problem.message
    record_curated(project, {"tei/editorial.xml": hashlib.sha256((project / "tei" / "editorial.xml").read_bytes()).hexdigest()})
    problems = refused(project)
    assert [(p.file, p.code) for p in problems] == [("tei/authority.xml", "deposit-build-unrecorded")]
    assert problems[0].message.startswith("changed since the last build of every stage")


def test_a_fresh_clone_without_a_build_is_told_to_build_as_before(tmp_path):
    """tei/ is committed, build/ is not: the deposit says the site is missing, and nothing about
    the build's record, which there cannot be."""
    project = make_project(tmp_path)
    shutil.rmtree(project / "build")
    with pytest.raises(InputError) as exc:
        deposit(project, Path("build/deposit"))
    codes = {p.code for p in exc.value.problems}
    assert "deposit-no-site" in codes and "deposit-build-unrecorded" not in codes and "deposit-curated-stale" not in codes


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    """A copy of the project, with raw/, built by `parley build` (one worker)."""
    root = tmp_path_factory.mktemp("built") / "project"
    root.mkdir()
    for name in ("raw", "tei", "schema"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.py", "corpus.xml"))
    for name in ("parley.toml", "CITATION.cff"):
        shutil.copyfile(ROOT / name, root / name)
    built = CliRunner().invoke(main, ["build", "-C", str(root), "-j", "1", "-q"])
    assert built.exit_code == 0, built.output
    return root


def test_a_curated_file_edited_after_the_build_is_refused_until_the_next_build(built_project, tmp_path, monkeypatch):
    """With the real build: an event's preferred name changed in tei/authority.xml, then
    `parley deposit` without `parley build` (the records come out the same; the register and
    the Dublin Core would not agree); then the edition's publisher changed in tei/editorial.xml."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root)
    monkeypatch.chdir(root)
    runner = CliRunner()

    def deposit_cli():
        return runner.invoke(main, ["deposit", "-o", "build/bag", "--force"])

    auth = root / "tei" / "authority.xml"
    auth.write_text(auth.read_text(encoding="utf-8").replace("Sino-Soviet Treaty of Friendship and Alliance</eventName>", "Sino-Soviet Treaty of 1945</eventName>", 1), encoding="utf-8")
    refused_ = deposit_cli()
    assert refused_.exit_code == 1 and "Traceback" not in refused_.output
    errors = [line for line in refused_.output.splitlines() if ": error: " in line]
    august = "1945-08-10-soong-stalin"  # the record that refers to the treaty: its download carries the entry
    assert errors == [
        f"build/site/{august}/{august}.xml: error: [deposit-site-stale] is not the standalone export of tei/{august}.xml as it is now "
        "(what `parley build` puts on the site for download): the site was rendered from another version of the record or of the "
        "authority file (edited since the last build?): run `parley build`",
        "tei/authority.xml: error: [deposit-curated-stale] edited since the last build: the records and the site were made from another version of it: run `parley build`",
    ]
    assert not (root / "build" / "bag").exists()
    assert runner.invoke(main, ["build", "-j", "1", "-q"]).exit_code == 0
    done = deposit_cli()
    assert done.exit_code == 0, done.output
    assert b'type="preferred">Sino-Soviet Treaty of 1945</eventName>' in (root / "build" / "bag" / "data" / "html" / august / f"{august}.xml").read_bytes()
    assert "Sino-Soviet Treaty of 1945" in (root / "build" / "bag" / "data" / "html" / "events.html").read_text(encoding="utf-8")
    assert "<dc:subject>Sino-Soviet Treaty of 1945</dc:subject>" in (root / "build" / "bag" / "data" / "metadata" / "1945-08-10-soong-stalin.dc.xml").read_text(encoding="utf-8")

    table = root / "tei" / "editorial.xml"
    text = table.read_text(encoding="utf-8")
    assert text.count("<publisher>parley project</publisher>") == 1
    table.write_text(text.replace("<publisher>parley project</publisher>", "<publisher>parley project team</publisher>"), encoding="utf-8")
    refused_ = deposit_cli()
    assert refused_.exit_code == 1
    assert "tei/editorial.xml: error: [deposit-curated-stale] edited since the last build: the records and the corpus were made from another version of it: run `parley build`" in refused_.output.splitlines()
    # the corpus header names the publisher: the corpus says so too, and no more
    assert [line for line in refused_.output.splitlines() if ": error: " in line and not line.startswith("tei/editorial.xml:")] == [
        "tei/corpus.xml: error: [deposit-corpus-stale] holds the current records, but not the header made from tei/editorial.xml now (the edition's publisher changed since the last build?): run `parley build`"
    ]
    assert runner.invoke(main, ["build", "-j", "1", "-q"]).exit_code == 0
    done = deposit_cli()
    assert done.exit_code == 0, done.output
    assert "<dc:publisher>parley project team</dc:publisher>" in (root / "build" / "bag" / "data" / "metadata" / "1945-08-10-soong-stalin.dc.xml").read_text(encoding="utf-8")


def test_what_parley_build_makes_is_packed_and_a_partial_render_is_not(tmp_path, monkeypatch):
    """With the real build and renderer: the site's links, layout and corpus pass the checks;
    `parley render` of one record into the site afterwards (an index of that record alone) does not."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("raw", "tei", "schema"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.py", "corpus.xml"))
    for name in ("parley.toml", "CITATION.cff"):
        shutil.copyfile(ROOT / name, root / name)
    runner = CliRunner()
    built = runner.invoke(main, ["build", "-C", str(root), "-j", "1", "-q"])
    assert built.exit_code == 0, built.output
    result = deposit(root, Path("build/deposit"))
    assert not [p for p in result.problems if p.severity == "error"]
    assert not any(p.code.startswith("deposit-site") for p in result.problems), result.problems
    monkeypatch.chdir(root)
    # One record rendered over the site by hand (`render FILE` needs -o since it would damage it).
    assert runner.invoke(main, ["render", f"tei/{FIRST.name}", "-o", "build/site"]).exit_code == 0
    with pytest.raises(InputError) as exc:
        deposit(root, Path("build/deposit"), force=True)
    assert any(p.code == "deposit-site-index" for p in exc.value.problems)


def test_a_deposit_that_cannot_be_written_names_its_folder_not_a_temporary_one(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    (tmp_path / "afile").write_text("in the way")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["deposit", "-o", str(tmp_path / "afile" / "bag")])
    assert result.exit_code == 1
    assert "afile" in result.output and "a file of that name is in the way" in result.output
    assert ".tmp" not in result.output and "Traceback" not in result.output


def test_cli_refuses_an_invalid_edition_with_exit_1(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    path = project / "tei" / FIRST.name
    path.write_text(path.read_text(encoding="utf-8").replace("<sp ", '<sp bogus="1" ', 1), encoding="utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["deposit"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"tei/{FIRST.name}:" in result.output and "[deposit-invalid-tei]" in result.output
    assert not (project / "build" / "deposit").exists()


# --- CITATION.cff -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, missing",
    [
        ('cff-version: 1.2.0\nmessage: "Cite it."\ntitle: "T"\nauthors:\n  - name: "E"\n', set()),
        ('cff-version: 1.2.0\nmessage: "Cite it."\ntitle: T\nauthors: [{name: E}]\n', set()),
        ('cff-version: 1.2.0\nmessage: "Cite it."\n# title: ""\n# authors:\n#   - name: ""\n', {"title", "authors"}),
        ('cff-version: 1.2.0\nmessage: "Cite it."\ntitle: ""\nauthors:\n  - name: ""\n', {"title", "authors"}),
        ('cff-version: 1.2.0\nmessage: "Cite it."\ntitle: "T"\nauthors:\n# keywords:\n', {"authors"}),
        ('title: "T"\nauthors:\n  - family-names: "Smith"\n    given-names: "J."\n', {"cff-version", "message"}),
    ],
)
def test_citation_check(tmp_path, text, missing):
    from parley.deposit import check_citation

    (tmp_path / "CITATION.cff").write_text(text, encoding="utf-8")
    problems = check_citation(tmp_path / "CITATION.cff")
    assert {re.match(r"(?:no )?([\w-]+)", p.message).group(1) for p in problems} == missing
    assert all(p.code == "deposit-citation" and "parley does not guess it" in p.message for p in problems)


def test_settings_name_every_missing_value_and_its_line(tmp_path):
    from parley.deposit import load_settings

    (tmp_path / "parley.toml").write_text('[deposit]\ntitle = "T"\n# source-organization = ""\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_settings(tmp_path)
    found = {(p.line, p.message.split(" is not set")[0]) for p in exc.value.problems}
    assert found == {(3, "[deposit] source-organization"), (0, "[deposit] external-description")}
    assert all(p.file == "parley.toml" and "parley does not guess it" in p.message for p in exc.value.problems)


def test_citation_cff_is_cff_1_2_0_with_the_required_keys():
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    keys = {line.split(":", 1)[0] for line in text.splitlines() if re.match(r"^[a-z-]+:", line)}
    assert {"cff-version", "message", "title", "authors"} <= keys
    assert re.search(r"^cff-version: 1\.2\.0$", text, re.M)
    assert re.search(r"^authors:\n  - name: \"parley project\"$", text, re.M)
    # nothing that would have to be invented
    assert not re.search(r"^\s*(orcid|doi|email|date-released|family-names):", text, re.M)


def test_a_record_edited_by_hand_is_deposited_with_a_warning(tmp_path, made):
    """A record whose parley-checksum no longer matches is packed as it is (it is the
    edition), but the archivist is told it was edited by hand and what its change log needs."""
    from parley.deposit import check_edition

    assert not [p for p in made.problems if p.code == "deposit-hand-edited"]
    project = make_project(tmp_path)
    record = project / "tei" / "1945-07-07-soong-stalin.xml"
    record.write_bytes(record.read_bytes().replace(b"Sorry we delayed", b"Sorry we were late", 1))
    warned = [p for p in check_edition(project).warnings if p.code == "deposit-hand-edited"]
    assert [(p.file, p.severity) for p in warned] == [("tei/1945-07-07-soong-stalin.xml", "warning")]
    assert 'change type="edit" when=' in warned[0].message
