"""``parley build``: the whole edition in one command, incremental, parallel, measured.

One run takes the project (a folder with ``raw/`` and ``tei/``) through every stage:

``convert``   ``raw/<stem>.txt`` to ``tei/<stem>.xml`` (reads ``tei/authority.xml`` and
              ``tei/editorial.xml``);
``validate``  each TEI record against the project schema (XSD and Schematron);
``render``    each valid record to ``build/site/<stem>/`` (reading and diplomatic views, and
              ``<stem>.xml``, the record as one self-contained TEI file for download: its
              standalone export), and its summary for the site pages to ``build/summaries/``
              (its card for the index, the names it mentions for the registers);
``site``      the pages that list the records, made from the summaries: the index, the
              registers, the encoding description; each group only when its inputs changed;
``corpus``    ``tei/corpus.xml``, one ``teiCorpus`` holding a copy of every valid record.

**Incremental.** ``build/manifest.json`` records, for every output, a key: the SHA-256 of
every input the output depends on (the raw file, the authority and editorial files, the
schema, the stylesheets, the parley version, and for later stages the TEI record; for the
render stage also the source of ``parley.export``, which makes the downloads). A stage
whose key is unchanged and whose outputs are still there as written is skipped. File hashes
are cached by size, modification and change times and inode, as git does: a file whose stat
has not changed is not read again; a file changed within two seconds of being hashed is
hashed again next time (coarse file-system clocks could otherwise hide an edit).
The manifest also names the authority and editorial files the whole edition was made from (their
SHA-256, recorded by a run of every stage), which ``parley deposit`` compares with ``tei/``.

**Safe to kill.** Every output is written to a temporary file and renamed into place; a
record's entry in the manifest is written only after all its outputs are, so a run killed
at any moment leaves old or new files, never half-written ones, and the next run redoes
exactly what was not recorded as done. Temporary files left by a killed run are removed.

**Parallel.** Records are independent: they are processed in worker processes
(``-j N``, default: the machine's cores), each compiling its schema and stylesheets once.
Each output depends only on its own inputs, and the pages and the corpus list records in
the order of their names, so the output is the same bytes whatever N.

**Streaming.** Workers handle one record at a time and hand back only hashes and messages;
the corpus is assembled by concatenating per-record copies (``build/corpus/<stem>.xml``)
into a temporary file, and the site pages are made from the records' summaries (a fraction
of their size), so no stage holds all records in memory.

**Hand edits.** A TEI record edited by hand since parley wrote it (its checksum processing
instruction no longer matches) is never overwritten: its conversion is skipped and reported
on every run, and the hand-edited file is validated like any other, and published (rendered,
put into the corpus) only when it is valid; the warning says which. A TEI file without a raw
file is a TEI-only record and is treated the same way.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, TextIO

from . import __version__
from .problems import ERROR, WARNING, InputError, Problem, counted

try:  # advisory lock against two builds of one project at once (POSIX only)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

STAGES = ("convert", "validate", "render", "site", "corpus")
RESERVED = {"authority.xml", "editorial.xml", "corpus.xml"}
#: The parts of a record's summary that the build keeps for the site pages (render.split_summary).
SUMMARY_PARTS = ("card", "names")
MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1
#: Part of every conversion's key: raised when what the manifest keeps of a conversion
#: changes (2: the editorial table's rules that matched in the record, "rules"), so that
#: the records are converted once more to record it.
CONVERT_FORMAT = 2
#: Part of every corpus copy's key: raised when what :func:`corpus_fragment` makes of a
#: record changes (2: its citation structure rewritten to start at the corpus root).
FRAGMENT_FORMAT = 2
#: The manifest's record of the curated files the whole edition was made from (project path
#: -> SHA-256, None for a file that was not there), for `parley deposit` to compare with
#: tei/: an edit without a build changes no record, only what the records and the site
#: would be. A run of every stage that wrote all it had to records them; any run forgets a
#: recorded file that has changed since (a run of some stages then made part of the
#: edition from the new version).
CURATED_KEY = "curated"
#: a file modified this close to the moment it was hashed is hashed again next run
RACY_NS = 2_000_000_000
#: seconds between manifest checkpoints while records are processed
CHECKPOINT_SECONDS = 5.0
#: From this many records on (and with more than one job), Saxon runs only in child
#: processes: the records go to workers even when few changed, the site pages are rendered
#: in a child of their own. The build's own memory grows with the number of records (the
#: manifest: about 15 kB a record) and a process that has run Saxon keeps 250 MB or more;
#: apart, neither passes 300 MB. Below it, a child's start (about a second) is not worth it.
SEPARATE_SAXON_AT = 2000
#: temporary files of parley.xml.atomic_write (".name.XXXXXXXX.tmp") and of this module
TEMP_RE = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


class BuildError(Exception):
    """The build cannot start (no project here, another build running, unreadable curated file)."""


class NoProject(BuildError):
    """No project where the build looks (no raw/ or tei/ folder, no authority file): a usage
    error for the command line, which says where it looked and that -C names another folder."""


# ---------------------------------------------------------------------------------------
# The project's layout


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def tei_dir(self) -> Path:
        return self.root / "tei"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def site_dir(self) -> Path:
        return self.build_dir / "site"

    @property
    def fragment_dir(self) -> Path:
        return self.build_dir / "corpus"

    @property
    def summary_dir(self) -> Path:
        return self.build_dir / "summaries"

    def summary_path(self, stem: str, part: str) -> Path:
        """Where the build keeps a part of a record's summary for the site pages."""
        return self.summary_dir / f"{stem}.{part}.xml"

    @property
    def manifest_path(self) -> Path:
        return self.build_dir / MANIFEST_NAME

    @property
    def corpus_path(self) -> Path:
        return self.tei_dir / "corpus.xml"

    @property
    def authority_path(self) -> Path:
        return self.tei_dir / "authority.xml"

    @property
    def editorial_path(self) -> Path:
        return self.tei_dir / "editorial.xml"

    def rel(self, path: Path) -> str:
        """*path* relative to the project, in POSIX form (absolute if outside it)."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def path(self, rel: str) -> Path:
        return self.root / rel


# ---------------------------------------------------------------------------------------
# Hashing with a stat cache


def digest(*parts: object) -> str:
    """A SHA-256 over *parts*: the key of one output's inputs."""
    h = hashlib.sha256()
    for p in parts:
        if isinstance(p, str):
            h.update(b"s" + p.encode("utf-8"))
        elif p is None:
            h.update(b"n")
        else:
            h.update(b"j" + json.dumps(p, sort_keys=True, separators=(",", ":")).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def sha_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stat_sig(st: os.stat_result) -> list[int]:
    """What a file's stat says about its content: size, modification and change times, inode."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


class HashCache:
    """Content hashes of files, trusted while their stat is unchanged (git's index rule)."""

    def __init__(self, entries: Optional[dict] = None):
        self.entries: dict[str, list] = dict(entries or {})
        self.used: set[str] = set()
        self.changed = False

    def sha(self, key: str, path: Path | str) -> Optional[str]:
        """SHA-256 of the file, or None if it does not exist."""
        self.used.add(key)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if self.entries.pop(key, None) is not None:
                self.changed = True
            return None
        sig = stat_sig(st)
        known = self.entries.get(key)
        if known and known[0] == sig:
            return known[1]
        with open(path, "rb") as fh:
            data = fh.read()
        sha = sha_bytes(data)
        self.remember(key, st, sha)
        return sha

    def remember(self, key: str, st: os.stat_result | list[int], sha: str) -> None:
        """Record *sha* for the file with stat *st* (just written or just hashed)."""
        self.used.add(key)
        sig = stat_sig(st) if isinstance(st, os.stat_result) else list(st)
        if max(sig[1], sig[2]) >= time.time_ns() - RACY_NS:
            sig = [-1, -1, -1, -1]  # racily clean: not trusted, hashed again next run
        if self.entries.get(key) != [sig, sha]:
            self.entries[key] = [sig, sha]
            self.changed = True

    def pruned(self) -> dict:
        return {k: v for k, v in sorted(self.entries.items()) if k in self.used}


def _package_dir(package: str) -> Optional[Path]:
    """The folder of an installed resource package (parley.schema, parley.xslt), if any."""
    try:
        from importlib.resources import files

        root = files(package)
    except (ModuleNotFoundError, TypeError):
        return None
    try:
        path = Path(str(root))
    except TypeError:  # pragma: no cover - a MultiplexedPath
        path = Path(str(next(iter(root._paths))))  # type: ignore[attr-defined]
    return path if path.is_dir() else None


def _download_code() -> Optional[Path]:
    """The module that makes each record's TEI download (render.Renderer.download), whose
    source the render stage depends on like the stylesheets."""
    spec = importlib.util.find_spec("parley.export")
    return Path(spec.origin) if spec is not None and spec.origin else None


def _tree_files(folder: Optional[Path]) -> list[Path]:
    if folder is None:
        return []
    out = []
    for p in sorted(folder.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".py"} and not p.name.startswith("."):
            out.append(p)
    return out


def tree_hash(cache: HashCache, label: str, folder: Optional[Path]) -> str:
    """One hash over the names and contents of every file of a resource folder."""
    items = []
    for p in _tree_files(folder):
        items.append([p.relative_to(folder).as_posix(), cache.sha(f"{label}:{p.relative_to(folder).as_posix()}", p)])
    return digest(label, items)


# ---------------------------------------------------------------------------------------
# Per-record work (runs in worker processes)


@dataclass(frozen=True)
class Job:
    """What to do for one record; built by the main process from the manifest."""

    stem: str
    root: str
    raw: Optional[str]  # project-relative raw path, None for a TEI-only record
    stages: tuple[str, ...]
    convert: bool  # run the converter
    conv_key: str  # the record's conversion inputs: raw file and conv_deps
    conv_deps: str  # the inputs every conversion reads: authority, editorial, version
    val_deps: str
    render_deps: str
    frag_deps: str
    prev_tei_sha: Optional[str]  # the TEI's hash now (None: missing), for unconverted records
    prev_val_key: Optional[str]
    prev_valid: Optional[bool]
    prev_render_key: Optional[str]
    prev_frag_key: Optional[str]


@dataclass
class Result:
    stem: str
    status: str  # converted | hand-edited | tei-only | failed | skipped (not converted in this run)
    conv_key: Optional[str] = None
    convert_problems: list = field(default_factory=list)
    tei_sha: Optional[str] = None
    tei_stat: Optional[list] = None
    validated: bool = False
    val_key: Optional[str] = None
    val_problems: list = field(default_factory=list)
    valid: Optional[bool] = None
    rendered: bool = False
    render_key: Optional[str] = None
    outputs: dict = field(default_factory=dict)  # rel path -> stat signature
    summary_shas: Optional[dict] = None  # part ("card", "names") -> sha of the record's summary part
    fragment: bool = False
    frag_key: Optional[str] = None
    frag_sha: Optional[str] = None
    frag_stat: Optional[list] = None
    prefix: Optional[str] = None
    seconds: dict = field(default_factory=dict)
    wrote_tei: bool = False
    #: The stage being run: convert, validate, render, corpus. After a failure, the stage that
    #: failed (its progress line says which: see describe), and for a conversion why: "convert"
    #: only when the converter refused the raw file (remembered: the same raw file and tables
    #: fail the same way), "read" when the raw file could not be read, "build" when anything
    #: else went wrong (a file not written, a bug); those two are tried again next run.
    stage: Optional[str] = None
    hand_edit: Optional[str] = None  # why the TEI was not converted: see _hand_edit_problem
    rules_matched: Optional[list] = None  # the idents of the editorial table's rules that matched (converted)


_STATE: dict = {}


def _context(tei_dir: Path, key: str):
    """Authority and editorial tables, loaded once per process and inputs."""
    cached = _STATE.get("context")
    if cached is None or cached[0] != (str(tei_dir), key):
        from .encode import load_context

        _STATE["context"] = ((str(tei_dir), key), load_context(tei_dir, names=Project(tei_dir.parent).rel))
    return _STATE["context"][1]


def _validator():
    if "validator" not in _STATE:
        from .validate import Validator

        _STATE["validator"] = Validator()
    return _STATE["validator"]


def _renderer():
    if "renderer" not in _STATE:
        from .render import Renderer

        _STATE["renderer"] = Renderer()
    return _STATE["renderer"]


def _problem_dicts(problems: Iterable[Problem]) -> list[dict]:
    return [p.as_dict() for p in problems]


def _problems(dicts: Iterable[dict]) -> list[Problem]:
    return [Problem(**d) for d in dicts]


def sweep_temp(folder: Path) -> int:
    """Remove temporary files a killed run left in *folder* (not recursive)."""
    n = 0
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for name in names:
        if name.startswith(".") and TEMP_RE.match(name):
            try:
                os.unlink(folder / name)
                n += 1
            except OSError:  # gone, a folder, or a read-only folder: left as it is
                pass
    return n


def process_record(job: Job) -> Result:
    """Convert, validate, render and copy for the corpus one record, as far as needed.

    Never raises for a bad record: what goes wrong is returned as the record's problems, so
    that one record cannot stop the others."""
    res = Result(job.stem, "skipped" if job.raw else "tei-only", conv_key=job.conv_key or None)
    tei_rel = f"tei/{job.stem}.xml"
    try:
        return _process(job, res)
    except InputError as exc:
        problems = exc.problems
    except OSError as exc:  # a file that cannot be written (or read): named, with the cause in plain words
        problems = [os_error_problem(Project(Path(job.root)), exc, tei_rel)]
    except Exception as exc:  # noqa: BLE001 - a bug: report it with the record
        problems = [Problem(tei_rel, 0, f"could not be built: {type(exc).__name__}: {exc}", "build-error")]
    if res.stage in (None, "convert"):  # not the converter's refusal of the raw file
        res.stage = "build"
    res.status = "failed"
    res.convert_problems = res.convert_problems + _problem_dicts(problems)
    return res


def os_error_problem(project: Project, exc: OSError, default: str) -> Problem:
    """A system error as a problem: the file it concerns (project-relative; the file that was
    to be written, never a temporary file), and the cause in plain words."""
    from .xml import WriteError, os_error_text

    name = project.rel(Path(exc.filename)) if exc.filename else default
    cause = os_error_text(exc, exc.filename or default)
    if isinstance(exc, WriteError):
        return Problem(name, 0, cause, "write-error")
    return Problem(name, 0, f"cannot read or write it ({cause})", "io-error")


def _process(job: Job, res: Result) -> Result:
    from .encode import convert_bytes, stored_checksum_ok
    from .xml import atomic_write

    project = Project(Path(job.root))
    tei_path = project.tei_dir / f"{job.stem}.xml"
    tei_rel = project.rel(tei_path)
    data: Optional[bytes] = None

    # -- convert
    if job.convert:
        t0 = time.perf_counter()
        res.stage = "convert"
        old = tei_path.read_bytes() if tei_path.exists() else None
        state = stored_checksum_ok(old) if old is not None else True
        if state is not True:
            res.status = "hand-edited"
            res.hand_edit = "edited" if state is False else "foreign"
            res.convert_problems = []
            data = old
        else:
            authority, editorial = _context(project.tei_dir, job.conv_deps)
            raw_path = project.path(job.raw)
            matched: set = set()
            try:
                out, problems, _ = convert_bytes(raw_path.read_bytes(), job.raw, job.stem, authority, editorial, matched)
            except InputError as exc:
                res.status, res.stage = "failed", "convert"  # refused by the converter
                res.convert_problems = _problem_dicts(exc.problems)
                res.tei_sha = sha_bytes(old) if old is not None else None
                res.seconds["convert"] = time.perf_counter() - t0
                return res
            except OSError as exc:
                res.status, res.stage = "failed", "read"
                res.convert_problems = _problem_dicts([Problem(job.raw, 0, f"cannot read the file: {exc.strerror}", "unreadable")])
                return res
            res.status = "converted"
            res.convert_problems = _problem_dicts(problems)
            res.rules_matched = sorted(matched)
            if out != old:
                atomic_write(tei_path, out)
                res.wrote_tei = True
            data = out
        res.seconds["convert"] = time.perf_counter() - t0
        checkpoint("after-convert")

    # -- the TEI record as it now is
    if data is None:
        try:
            data = tei_path.read_bytes()
        except FileNotFoundError:
            res.status = "failed"
            res.convert_problems.append(Problem(tei_rel, 0, "no TEI file for this record", "no-tei").as_dict())
            return res
    res.tei_sha = sha_bytes(data)
    res.tei_stat = stat_sig(tei_path.stat())

    # -- the record parsed once by Saxon, for the validator's rules and the renderer
    parsed: dict = {}

    def saxon_node():
        if "node" not in parsed and importlib.util.find_spec("parley.validate") is not None:
            parsed["node"] = _validator().saxon_document(data, tei_rel)
        return parsed.get("node")

    # -- validate
    res.stage = "validate"
    res.val_key = digest("validate", res.tei_sha, job.val_deps)
    res.valid = job.prev_valid
    if "validate" in job.stages and res.val_key != job.prev_val_key:
        t0 = time.perf_counter()
        problems = _validator().validate_bytes(data, tei_rel, authority_dir=project.tei_dir, saxon_node=saxon_node())
        res.val_problems = _problem_dicts(problems)
        res.valid = not any(p.severity == ERROR for p in problems)
        res.validated = True
        res.seconds["validate"] = time.perf_counter() - t0
        checkpoint("after-validate")
    elif res.val_key != job.prev_val_key:
        res.val_key = job.prev_val_key  # not validated in this run: keep what is known

    publish = res.valid is not False

    # -- render
    res.stage = "render"
    res.render_key = digest("render", res.tei_sha, job.render_deps)
    if publish and "render" in job.stages and res.render_key != job.prev_render_key:
        t0 = time.perf_counter()
        sweep_temp(project.site_dir / job.stem)
        from .render import split_summary

        paths, summary = _renderer().render_record_and_summary(tei_path, project.site_dir, data=data, node=saxon_node())
        res.summary_shas = {}
        for part, part_data in zip(SUMMARY_PARTS, split_summary(summary)):
            part_path = project.summary_path(job.stem, part)
            atomic_write(part_path, part_data)
            paths.append(part_path)
            res.summary_shas[part] = sha_bytes(part_data)
        res.outputs = {project.rel(Path(p)): stat_sig(Path(p).stat()) for p in paths}
        res.rendered = True
        res.seconds["render"] = time.perf_counter() - t0
        checkpoint("after-render")

    # -- the record's copy for the corpus
    res.stage = "corpus"
    res.frag_key = digest("fragment", res.tei_sha, job.frag_deps)
    if publish and "corpus" in job.stages and res.frag_key != job.prev_frag_key:
        t0 = time.perf_counter()
        fragment, res.prefix = corpus_fragment(data, job.stem, tei_rel)
        frag_path = project.fragment_dir / f"{job.stem}.xml"
        atomic_write(frag_path, fragment)
        res.frag_sha = sha_bytes(fragment)
        res.frag_stat = stat_sig(frag_path.stat())
        res.fragment = True
        res.seconds["corpus"] = time.perf_counter() - t0
    return res


def checkpoint(name: str) -> None:
    """Test hook: ``PARLEY_BUILD_KILL_AT=name`` kills the process here (SIGKILL, no clean-up),
    to prove that a run killed between stages is repaired by the next one."""
    if os.environ.get("PARLEY_BUILD_KILL_AT") == name:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


# ---------------------------------------------------------------------------------------
# The corpus: one teiCorpus with a copy of every record


def corpus_fragment(data: bytes, stem: str, name: str) -> tuple[bytes, str]:
    """The record's ``TEI`` element as it goes into ``tei/corpus.xml``, and its id prefix.

    Records' text ids carry the record's prefix (its root ``xml:id``, ``rec-<stem>``), but
    ids of their headers (``resp-enc``, ``src-wcda``, taxonomy categories, renditions) are the
    same in every record. In the corpus copy every id not already starting with the prefix
    gets it (``resp-enc`` becomes ``rec-<stem>-resp-enc``), and every ``#id`` pointer of the
    record to such an id is rewritten to match, so ids stay unique and pointers resolve
    inside the one document. The record's citation structure, whose outer ``@match`` is an
    absolute path from its root (``/TEI/text/...``), which in the corpus, where the records
    are children of ``teiCorpus``, selects nothing, is rewritten to start at the corpus root
    and that record (``/teiCorpus/TEI[@xml:id='rec-<stem>']/text/...``). Nothing else changes.
    """
    from lxml import etree

    from .encode import slug
    from .xml import parse_xml

    root = parse_xml(data, name)
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise InputError(Problem(name, root.sourceline or 1, f"the root element is {root.tag}, not TEI: not put into the corpus", "corpus-not-tei"))
    prefix = root.get(XML_ID) or "rec-" + slug(stem)
    root.set(XML_ID, prefix)
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    ids = {el.get(XML_ID) for el in elements if el.get(XML_ID)}
    mapping: dict[str, str] = {}
    taken = set(ids)
    for old in sorted(ids):
        if old == prefix or old.startswith(prefix + "-"):
            continue
        new = f"{prefix}-{old}"
        n = 2
        while new in taken:
            new = f"{prefix}-{old}-{n}"
            n += 1
        taken.add(new)
        mapping[old] = new
    if mapping:
        for el in elements:
            for attr, value in el.attrib.items():
                if attr == XML_ID:
                    if value in mapping:
                        el.set(attr, mapping[value])
                elif "#" in value:
                    tokens = value.split()
                    if any(t[:1] == "#" and t[1:] in mapping for t in tokens):
                        el.set(attr, " ".join("#" + mapping[t[1:]] if t[:1] == "#" and t[1:] in mapping else t for t in tokens))
    for cs in root.iter(f"{{{TEI_NS}}}citeStructure"):
        match = cs.get("match") or ""
        if cs.getparent().tag != cs.tag and (match == "/TEI" or match.startswith(("/TEI/", "/TEI["))):
            cs.set("match", f"/teiCorpus/TEI[@xml:id='{prefix}']{match[len('/TEI'):]}")
    return etree.tostring(root, encoding="utf-8") + b"\n", prefix


def corpus_header(count: int, publisher: str) -> bytes:
    """The start of ``tei/corpus.xml``: declaration, schema association, corpus header.
    *publisher*: the edition's (see :func:`parley.editorial.load_edition`)."""
    from xml.sax.saxutils import escape

    from .encode import TEI_ALL_URL, TEI_VERSION

    noun = "record" if count == 1 else "records"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-model href="{escape(TEI_ALL_URL)}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
        f'<teiCorpus xmlns="{TEI_NS}" version="{TEI_VERSION}" xml:lang="en">\n'
        "  <teiHeader>\n"
        "    <fileDesc>\n"
        "      <titleStmt>\n"
        f"        <title>{escape(publisher)}: the edition's records in one file</title>\n"
        "      </titleStmt>\n"
        "      <extent>\n"
        f'        <measure unit="records" quantity="{count}">{count} {noun}</measure>\n'
        "      </extent>\n"
        "      <publicationStmt>\n"
        f"        <publisher>{escape(publisher)}</publisher>\n"
        '        <availability status="restricted">\n'
        "          <p>Each record states its licence and the terms of its source in its own header.</p>\n"
        "        </availability>\n"
        "      </publicationStmt>\n"
        "      <sourceDesc>\n"
        f"        <p>Generated by parley {escape(__version__)} (parley build) from the TEI records of the edition, "
        "one TEI element per record, in the order of the records' file names. Regenerated on every build; "
        "edit the records, not this file.</p>\n"
        "      </sourceDesc>\n"
        "    </fileDesc>\n"
        "    <encodingDesc>\n"
        "      <p>Each record is copied whole, with its own header. Identifiers in a record's header that "
        "are the same in every record (responsibility statements, source descriptions, taxonomies, "
        "renditions) carry the record's identifier as a prefix in this file, and the record's pointers "
        "to them are rewritten to match, so that identifiers are unique in the file. A record's citation "
        "structure (refsDecl) starts at this file's root and that record (/teiCorpus/TEI[@xml:id='...']/...), "
        "so that it selects the record's turns here too. Nothing else is changed. Names point to the "
        "authority file authority.xml next to this file, through the prefix definitions of each record.</p>\n"
        "    </encodingDesc>\n"
        "  </teiHeader>\n"
    ).encode("utf-8")


CORPUS_END = b"</teiCorpus>\n"


def write_corpus(target: Path, fragments: list[Path]) -> tuple[int, str]:
    """Stream the corpus into a temporary file next to *target*, then rename it into place
    (its publisher is the edition's, from the editorial table beside it). Returns the size
    and SHA-256 of what was written."""
    from .editorial import load_edition
    from .xml import atomic_output

    publisher = load_edition(target.parent).publisher
    h = hashlib.sha256()
    size = 0
    with atomic_output(target) as tmp, open(tmp, "wb") as out:
        def put(chunk: bytes) -> None:
            nonlocal size
            out.write(chunk)
            h.update(chunk)
            size += len(chunk)

        put(corpus_header(len(fragments), publisher))
        for i, frag in enumerate(fragments):
            with open(frag, "rb") as fh:
                while True:
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    put(chunk)
            if i == len(fragments) // 2:
                checkpoint("mid-corpus")
        put(CORPUS_END)
    return size, h.hexdigest()


# ---------------------------------------------------------------------------------------
# Progress and the summary


class Progress:
    """A bar on a terminal, plain lines elsewhere; quiet prints only the summary."""

    def __init__(self, out: TextIO, err: TextIO, quiet: bool = False, tty: Optional[bool] = None):
        self.out, self.err, self.quiet = out, err, quiet
        self.tty = err.isatty() if tty is None else tty
        self.total = 0
        self.done = 0
        self.start = time.monotonic()
        self.last = 0.0

    def begin(self, total: int, skipped: int) -> None:
        self.total = total
        if not self.quiet and not self.tty and total:
            self.line(f"{counted(total, 'record')} to process ({skipped} unchanged)")

    def record(self, res: Result) -> None:
        self.done += 1
        if self.quiet:
            return
        if self.tty:
            now = time.monotonic()
            if now - self.last >= 0.1 or self.done == self.total:
                self.last = now
                width = 30
                filled = int(width * self.done / max(self.total, 1))
                bar = "#" * filled + "-" * (width - filled)
                self.err.write(f"\r[{bar}] {self.done}/{self.total} records  {now - self.start:5.1f} s")
                if self.done == self.total:
                    self.err.write("\n")
                self.err.flush()
        else:
            self.line(f"[{self.done}/{self.total}] {res.stem}: {describe(res)}")

    def stage(self, message: str) -> None:
        if not self.quiet:
            self.line(message)

    def line(self, message: str) -> None:
        self.out.write(message + "\n")
        self.out.flush()

    def close(self) -> None:
        if self.tty and not self.quiet and self.total and self.done < self.total:
            self.err.write("\n")
            self.err.flush()


def describe(res: Result) -> str:
    parts = []
    if res.status == "converted":
        parts.append("converted" if res.wrote_tei else "converted (TEI unchanged)")
    elif res.status == "hand-edited":
        parts.append("hand-edited TEI kept, not converted")
    if res.validated:
        parts.append("valid" if res.valid else "INVALID")
    if res.rendered:
        parts.append("rendered")
    if res.fragment:
        parts.append("copied for the corpus")
    if res.status == "failed":  # what failed, and why: the first error (all are listed after the run)
        what = {"validate": "validation failed", "render": "rendering failed", "corpus": "the corpus copy failed"}.get(res.stage or "", "conversion failed")
        first = next((Problem(**d) for d in res.convert_problems if d.get("severity") == ERROR), None)
        if first is not None:
            what += f": {first.file}{f':{first.line}' if first.line else ''}: {first.message}"
        parts.append(what)
    return ", ".join(parts) or "up to date"


@dataclass
class Report:
    """What a build did; the CLI prints :meth:`summary`, the tests read the lists."""

    records: int = 0
    converted: list[str] = field(default_factory=list)
    tei_written: list[str] = field(default_factory=list)
    validated: list[str] = field(default_factory=list)
    valid: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    fragments: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    hand_edited: list[str] = field(default_factory=list)
    tei_only: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    site_pages: list[str] = field(default_factory=list)
    site_rendered: bool = False
    corpus_written: bool = False
    site_failed: bool = False  # a page could not be written (the error is among the problems)
    corpus_failed: bool = False
    corpus_records: int = 0
    corpus_removed: bool = False  # no valid record: the corpus file of an earlier build was removed
    corpus_empty: bool = False  # no valid record, and no corpus file of an earlier build to remove
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    stage_seconds: dict = field(default_factory=dict)
    jobs: int = 1
    workers: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.invalid and not self.failed and not any(p.severity == ERROR for p in self.problems)

    def corpus_summary(self) -> str:
        """What the run did to tei/corpus.xml."""
        if self.corpus_failed:
            return "tei/corpus.xml not written (error above)"
        if self.corpus_written:
            return f"tei/corpus.xml written ({counted(self.corpus_records, 'record')})"
        if self.corpus_removed:
            return "tei/corpus.xml removed (no valid records)"
        if self.corpus_empty:
            return "tei/corpus.xml not written (no valid records)"
        return "unchanged"

    def summary(self) -> str:
        n = self.records
        lines = [
            f"parley build: {counted(n, 'record')} in {self.seconds:.2f} s (-j {self.jobs})",
            f"  converted {len(self.converted)}, valid {len(self.valid)}, invalid {len(self.invalid)}, "
            f"rendered {len(self.rendered)}, skipped as unchanged {len(self.unchanged)}"
            + (f", failed {len(self.failed)}" if self.failed else ""),
        ]
        if self.hand_edited:
            lines.append(f"  hand-edited TEI kept, not converted ({len(self.hand_edited)}): " + ", ".join(f"tei/{s}.xml" for s in self.hand_edited))
        if self.tei_only:
            lines.append(f"  TEI-only records, no raw file ({len(self.tei_only)}): " + ", ".join(f"tei/{s}.xml" for s in self.tei_only))
        if self.removed:
            lines.append(f"  removed, raw file gone ({len(self.removed)}): " + ", ".join(self.removed))
        lines.append("  site pages: " + ("not all written (error above)" if self.site_failed else f"rendered {len(self.site_pages)}" if self.site_rendered else "unchanged"))
        lines.append("  corpus: " + self.corpus_summary())
        if self.stage_seconds:
            lines.append("  time in stages: " + ", ".join(f"{k} {self.stage_seconds[k]:.1f} s" for k in STAGES if k in self.stage_seconds) + (f" (summed over {self.workers} worker processes)" if self.workers > 1 else ""))
        for note in self.notes:
            lines.append("  " + note)
        if self.invalid or self.failed:
            lines.append(f"  FAILED: {len(self.invalid)} invalid, {len(self.failed)} not built (messages above)")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# The build


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class _Lock:
    def __init__(self, path: Path):
        self.path = path
        self.fh = None

    def __enter__(self):
        from .xml import WriteError, make_dirs, plain_cause

        make_dirs(self.path.parent)
        try:
            self.fh = open(self.path, "a+")
        except OSError as exc:  # named by its folder: the build cannot write there
            raise WriteError(self.path.parent, plain_cause(exc, self.path), exc.errno) from None
        if fcntl is not None:
            try:
                fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                self.fh.close()
                raise BuildError(f"{self.path}: another parley build is running in this project") from None
        return self

    def __exit__(self, *exc):
        self.fh.close()


def load_manifest(path: Path) -> tuple[dict, Optional[str]]:
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError):
        return {}, f"{path.name} was unreadable; rebuilding everything"
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return {}, f"{path.name} is from another parley; rebuilding everything"
    return data, None


def save_manifest(project: Project, manifest: dict) -> None:
    """Write the manifest atomically; not at all if it has not changed (a no-op run writes nothing)."""
    from .xml import atomic_write

    data = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode("utf-8")  # C encoder: no indent
    try:
        if project.manifest_path.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    atomic_write(project.manifest_path, data)


def _outputs_intact(project: Project, outputs: dict) -> bool:
    root = str(project.root) + os.sep
    for rel, sig in outputs.items():
        try:
            if stat_sig(os.stat(root + rel)) != sig:
                return False
        except FileNotFoundError:
            return False
    return True


def _names(folder: Path, suffix: str) -> list[str]:
    """Names of the files in *folder* ending in *suffix* (hidden ones left out)."""
    try:
        with os.scandir(folder) as it:
            return [e.name for e in it if e.name.endswith(suffix) and not e.name.startswith(".") and e.is_file()]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _remove(project: Project, rels: Iterable[str]) -> None:
    """Remove outputs, and the record's folder of the site when that leaves it empty."""
    from .xml import WriteError, plain_cause

    folders = set()
    for rel in rels:
        path = project.path(rel)
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise WriteError(path, plain_cause(exc, path), exc.errno, what="cannot remove") from None
        if path.parent.parent == project.site_dir:
            folders.add(path.parent)
    for folder in sorted(folders):
        try:
            folder.rmdir()  # only if empty
        except OSError:
            pass


def _generated_by_us(path: Path) -> bool:
    from .encode import stored_checksum_ok

    try:
        return stored_checksum_ok(path.read_bytes()) is True
    except OSError:
        return False


def build(
    root: Path | str = ".",
    jobs: Optional[int] = None,
    force: bool = False,
    only: Optional[Iterable[str]] = None,
    progress: Optional[Progress] = None,
) -> Report:
    """Build the project at *root*: see the module documentation. Returns a :class:`Report`;
    ``report.ok`` is False when a record is invalid or could not be converted."""
    started = time.monotonic()
    project = Project(Path(root).resolve())
    stages = tuple(s for s in STAGES if only is None or s in set(only))
    unknown = set(only or ()) - set(STAGES)
    if unknown:
        raise BuildError(f"unknown stage(s): {', '.join(sorted(unknown))}; the stages are {', '.join(STAGES)}")
    jobs = jobs or default_jobs()
    progress = progress or Progress(sys.stdout, sys.stderr, quiet=True)
    if not project.tei_dir.is_dir() and not project.raw_dir.is_dir():
        raise NoProject(
            f"no raw/ or tei/ folder in {project.root}: not a parley project; run in a project's folder "
            "or name it with -C DIR (`parley init DIR` starts one)"
        )
    if not project.authority_path.is_file():
        raise NoProject(
            f"no {project.rel(project.authority_path)} in {project.root}: every project needs an authority file "
            "(`parley init DIR` writes one to start from); run in a project's folder or name it with -C DIR"
        )

    report = Report(jobs=jobs)
    if "render" in stages or "site" in stages:
        from .rules import stale_rules

        stale = stale_rules(_package_dir("parley.xslt")) if _package_dir("parley.xslt") else []
        if stale:
            raise BuildError(
                f"{', '.join(stale)} do not follow xslt/conventions.xml (the table was edited): run "
                "`python -m parley.rules` to compile the table into them again, then build"
            )
    for stage, module, dropped in (("validate", "parley.validate", ("validate",)), ("render", "parley.render", ("render", "site"))):
        if stage in stages and importlib.util.find_spec(module) is None:
            stages = tuple(s for s in stages if s not in dropped)
            report.notes.append(f"{module} is not installed: stage(s) {', '.join(dropped)} left out")
    with _Lock(project.build_dir / ".lock"):
        for folder in (project.tei_dir, project.build_dir, project.site_dir, project.fragment_dir, project.summary_dir):
            sweep_temp(folder)
        manifest, note = load_manifest(project.manifest_path)
        if note:
            report.notes.append(note)
        if manifest.get("version") != __version__:
            manifest = {}  # another parley: every key changes anyway; start clean
        cache = HashCache(manifest.get("files"))
        records: dict[str, dict] = manifest.get("records", {})

        # -- inputs every record depends on
        authority_sha = cache.sha(project.rel(project.authority_path), project.authority_path)
        editorial_sha = cache.sha(project.rel(project.editorial_path), project.editorial_path)
        schema_dir, xslt_dir = _package_dir("parley.schema"), _package_dir("parley.xslt")
        schema_sha = tree_hash(cache, "schema", schema_dir)
        xslt_sha = tree_hash(cache, "xslt", xslt_dir)
        conv_key_base = digest("convert", __version__, CONVERT_FORMAT, authority_sha, editorial_sha)
        val_deps = digest("validate", __version__, schema_sha, authority_sha)
        # the record's TEI download beside its views is made by code, not a stylesheet
        # (parley.export): an edit of that code makes the downloads again, as one of the
        # stylesheets makes the views again (parley deposit compares the downloads with it)
        download_code = _download_code()
        download_sha = cache.sha("code:" + download_code.name, download_code) if download_code else None
        render_deps = digest("render", __version__, xslt_sha, authority_sha, download_sha)
        frag_deps = digest("fragment", __version__, FRAGMENT_FORMAT)
        curated = {project.rel(project.authority_path): authority_sha, project.rel(project.editorial_path): editorial_sha}
        recorded = manifest.get(CURATED_KEY)
        manifest[CURATED_KEY] = {rel: sha for rel, sha in recorded.items() if curated.get(rel) == sha} if isinstance(recorded, dict) else {}

        # -- the records: raw files, and TEI files without one
        raw_stems = {name[:-4]: project.raw_dir / name for name in _names(project.raw_dir, ".txt")}
        tei_stems = {name[:-4]: project.tei_dir / name for name in _names(project.tei_dir, ".xml") if name not in RESERVED}
        for stem in sorted(set(tei_stems) - set(raw_stems)):
            entry = records.get(stem)
            if entry and entry.get("raw") and _generated_by_us(tei_stems[stem]):
                # generated from a raw file that is gone: the record was withdrawn
                _remove(project, [project.rel(tei_stems[stem]), *entry.get("outputs", {}), *([entry["fragment"]["path"]] if entry.get("fragment") else [])])
                shutil.rmtree(project.site_dir / stem, ignore_errors=True)
                report.removed.append(f"tei/{stem}.xml")
                del tei_stems[stem]
        for stem in set(records) - set(raw_stems) - set(tei_stems):
            entry = records.pop(stem)
            _remove(project, [*entry.get("outputs", {}), *([entry["fragment"]["path"]] if entry.get("fragment") else [])])
            shutil.rmtree(project.site_dir / stem, ignore_errors=True)
        stems = sorted(set(raw_stems) | set(tei_stems))
        report.records = len(stems)

        # -- plan: which records have work to do
        todo: list[Job] = []
        root_s = str(project.root) + os.sep
        all_stages = stages == STAGES
        # a record built through every stage is up to date while its raw file, its TEI, the
        # inputs every record shares and its outputs are as they were: one comparison
        global_fp = digest("fingerprint", conv_key_base, val_deps, render_deps, frag_deps)
        raw_shas: dict[str, Optional[str]] = {}
        dirty = bool(report.removed) or len(records) != len(manifest.get("records", {}))
        for stem in stems:
            entry = records.get(stem, {})
            raw = raw_stems.get(stem)
            raw_rel = f"raw/{stem}.txt" if raw else None
            raw_sha = cache.sha(raw_rel, root_s + raw_rel) if raw else None
            raw_shas[stem] = raw_sha
            tei_rel = f"tei/{stem}.xml"
            tei_sha = cache.sha(tei_rel, root_s + tei_rel)
            fingerprint = [raw_sha, tei_sha, global_fp]
            if (
                all_stages
                and not force
                and entry.get("fp") == fingerprint
                and _outputs_intact(project, entry.get("outputs", {}))
                and (not entry.get("fragment") or _outputs_intact(project, {entry["fragment"]["path"]: entry["fragment"]["stat"]}))
            ):
                report.unchanged.append(stem)
                _account(report, stem, entry)
                continue
            conv_key = digest(conv_key_base, raw_sha) if raw else None
            convert = bool(
                raw
                and "convert" in stages
                and (force or entry.get("conv_key") != conv_key or entry.get("tei_sha") != tei_sha)
            )
            def prev(key: str) -> Optional[str]:
                return None if force else entry.get(key)

            prev_render = prev("render_key") if _outputs_intact(project, entry.get("outputs", {})) else None
            frag = entry.get("fragment")
            prev_frag = prev("frag_key") if frag and _outputs_intact(project, {frag["path"]: frag["stat"]}) else None
            job = Job(
                stem=stem,
                root=str(project.root),
                raw=raw_rel,
                stages=stages,
                convert=convert,
                conv_key=conv_key or "",
                conv_deps=conv_key_base,
                val_deps=val_deps,
                render_deps=render_deps,
                frag_deps=frag_deps,
                prev_tei_sha=tei_sha,
                prev_val_key=prev("val_key"),
                prev_valid=entry.get("valid"),
                prev_render_key=prev_render,
                prev_frag_key=prev_frag,
            )
            if not convert and entry.get("status") == "failed" and entry.get("conv_key") == conv_key:
                report.unchanged.append(stem)  # still broken: its messages are reported again
                _account(report, stem, entry)
                continue
            if not convert and tei_sha is None:
                report.notes.append(f"{stem}: no TEI file, and not converted in this run")
                continue
            if not convert and entry.get("tei_sha") == tei_sha and _nothing_to_do(job, entry, tei_sha):
                report.unchanged.append(stem)
                _account(report, stem, entry)
                if all_stages and entry.get("fp") != fingerprint:
                    entry["fp"] = fingerprint
                    dirty = True
                continue
            todo.append(job)

        # -- the curated tables, checked before any record is converted against them: a file
        # that is not what it should be (the other table, a file of another vocabulary) stops
        # the build here, named, and no record is rewritten
        if any(job.convert for job in todo):
            _context(project.tei_dir, conv_key_base)

        # -- files the build cannot write (a read-only folder, a file in the way): each is
        # reported once, named, with the cause; the stages that do not need it go on
        write_problems: dict[str, Problem] = {}

        def write_failed(exc: OSError) -> None:
            problem = os_error_problem(project, exc, project.rel(project.build_dir))
            write_problems.setdefault(problem.file, problem)

        def save() -> None:
            try:
                _save(project, manifest, records, cache)
            except OSError as exc:
                write_failed(exc)

        # -- run the records' work
        progress.begin(len(todo), len(report.unchanged))
        last_save = time.monotonic()

        def take(res: Result) -> None:
            nonlocal last_save
            entry = records.setdefault(res.stem, {})
            try:
                _merge(project, cache, entry, res, raw_stems.get(res.stem) is not None)
            except OSError as exc:
                write_failed(exc)
            if all_stages and res.status != "failed":
                entry["fp"] = [raw_shas.get(res.stem), res.tei_sha, global_fp]
            _account(report, res.stem, entry, res)
            for k, v in res.seconds.items():
                report.stage_seconds[k] = report.stage_seconds.get(k, 0.0) + v
            progress.record(res)
            if time.monotonic() - last_save > CHECKPOINT_SECONDS:
                save()
                last_save = time.monotonic()

        separate = jobs > 1 and len(stems) >= SEPARATE_SAXON_AT
        try:
            report.workers = _run(todo, jobs, take, separate)
        finally:
            progress.close()
            if todo:
                save()
        checkpoint("after-records")

        # -- records that are not published: their rendered pages and corpus copy go
        published = [s for s in stems if s in records and records[s].get("valid") is not False and records[s].get("tei_sha") and s not in report.failed]
        for stem in stems:
            entry = records.get(stem)
            if entry is None or stem in published or not (entry.get("outputs") or entry.get("fragment")):
                continue
            dirty = True
            try:
                _remove(project, entry.pop("outputs", {}))
                frag = entry.pop("fragment", None)
                if frag:
                    _remove(project, [frag["path"]])
            except OSError as exc:
                write_failed(exc)
            entry.pop("summary", None)
            entry.pop("render_key", None)
            entry.pop("frag_key", None)

        # -- the pages that list the records
        if "site" in stages:
            t0 = time.perf_counter()
            try:
                _site(project, manifest, records, published, cache, xslt_sha, authority_sha, schema_dir, force, report, progress, separate)
            except OSError as exc:
                write_failed(exc)
                report.site_failed = True
            if report.site_rendered:
                report.stage_seconds["site"] = time.perf_counter() - t0
                save()
            checkpoint("after-site")

        # -- the corpus
        if "corpus" in stages:
            t0 = time.perf_counter()
            try:
                _corpus(project, manifest, records, published, force, report, progress)
            except OSError as exc:
                write_failed(exc)
                report.corpus_failed = True
            if report.corpus_written:
                report.stage_seconds["corpus"] = report.stage_seconds.get("corpus", 0.0) + time.perf_counter() - t0
        # -- the curated files the edition is now made from (see CURATED_KEY)
        if all_stages and not write_problems and not report.site_failed and not report.corpus_failed:
            manifest[CURATED_KEY] = curated
        if manifest[CURATED_KEY] != recorded:
            dirty = True
        if dirty or todo or cache.changed or report.site_rendered or report.corpus_written or "corpus" not in manifest and "corpus" in stages:
            save()

    _collect_problems(report, records, stems)
    report.problems.extend(write_problems.values())
    if "convert" in stages and raw_stems and editorial_sha is not None:
        report.problems.extend(_unmatched_rules(project, records, raw_stems, raw_shas, conv_key_base))
    if "convert" in stages and raw_stems and editorial_sha is None:
        report.problems.append(
            Problem(
                project.rel(project.editorial_path),
                0,
                "no editorial table: the records are converted without its corrections, notes and meeting "
                "descriptions (`parley init DIR` writes one to start from)",
                "editorial-missing",
                WARNING,
            )
        )
    report.seconds = time.monotonic() - started
    return report


def _unmatched_rules(project: Project, records: dict, raw_stems: dict, raw_shas: dict, conv_key_base: str) -> list[Problem]:
    """The warning for each rule of the editorial table that matched in no record
    (editorial-unmatched), true of the whole collection in an incremental build too: the
    rules that matched in a record are kept in its manifest entry ("rules") by the run that
    converted it, and are current while its conversion key is; a record without them (not
    converted: it failed, or its TEI was edited by hand) has its raw text searched instead."""
    from .editorial import load_editorial
    from .encode import unmatched_in_collection

    table = project.rel(project.editorial_path)
    try:
        rules = load_editorial(project.editorial_path, table).rules
    except InputError:  # reported where the records are converted against it
        return []
    matched: set[str] = set()
    unsearched: list[Path] = []
    for stem in sorted(raw_stems):
        entry = records.get(stem, {})
        if entry.get("status") == "converted" and "rules" in entry and entry.get("conv_key") == digest(conv_key_base, raw_shas.get(stem)):
            matched.update(entry["rules"])
        else:
            unsearched.append(raw_stems[stem])
    return unmatched_in_collection(rules, matched, unsearched, table)


def _nothing_to_do(job: Job, entry: dict, tei_sha: str) -> bool:
    """True if no enabled stage of an unconverted record needs to run."""
    if "validate" in job.stages and digest("validate", tei_sha, job.val_deps) != job.prev_val_key:
        return False
    publish = entry.get("valid") is not False
    if publish and "render" in job.stages and digest("render", tei_sha, job.render_deps) != job.prev_render_key:
        return False
    if publish and "corpus" in job.stages and digest("fragment", tei_sha, job.frag_deps) != job.prev_frag_key:
        return False
    return True


def _merge(project: Project, cache: HashCache, entry: dict, res: Result, has_raw: bool) -> None:
    """Fold a worker's result into the record's manifest entry (after its outputs exist)."""
    if res.status == "failed":
        # its earlier pages and corpus copy go (it is not published); the failure is
        # remembered, so that an unchanged broken record is reported again, not redone
        _remove(project, [*entry.get("outputs", {}), *([entry["fragment"]["path"]] if entry.get("fragment") else [])])
        entry.clear()
        entry.update(status="failed", convert_problems=res.convert_problems, raw=has_raw)
        if res.stage == "convert":  # refused by the converter: the same raw file and tables fail the same way
            entry.update(conv_key=res.conv_key, tei_sha=res.tei_sha)
        return
    tei_rel = f"tei/{res.stem}.xml"
    if res.status in {"converted", "hand-edited"}:
        entry["conv_key"] = res.conv_key
        entry["status"] = res.status
        entry["convert_problems"] = res.convert_problems
        if res.status == "hand-edited":
            entry["hand_edit"] = res.hand_edit
            entry.pop("rules", None)  # not converted: which rules match there is not known
        else:
            entry.pop("hand_edit", None)
            entry["rules"] = res.rules_matched or []
    elif res.status == "tei-only":
        entry["status"] = "tei-only"
        entry["convert_problems"] = []
        entry.pop("hand_edit", None)
    entry["raw"] = has_raw
    entry["tei_sha"] = res.tei_sha
    if res.tei_stat is not None and res.tei_sha is not None:
        cache.remember(tei_rel, res.tei_stat, res.tei_sha)
    if res.val_key is not None:
        entry["val_key"] = res.val_key
    if res.validated:
        entry["val_problems"] = res.val_problems
        entry["valid"] = res.valid
    if res.rendered:
        _remove(project, [rel for rel in entry.get("outputs", {}) if rel not in res.outputs])
        entry["render_key"] = res.render_key
        entry["outputs"] = res.outputs
        entry["summary"] = res.summary_shas
    if res.fragment:
        entry["frag_key"] = res.frag_key
        entry["fragment"] = {"path": project.rel(project.fragment_dir / f"{res.stem}.xml"), "stat": res.frag_stat, "sha": res.frag_sha, "prefix": res.prefix}


def _account(report: Report, stem: str, entry: dict, res: Optional[Result] = None) -> None:
    status = entry.get("status")
    if res is not None:
        if res.status == "converted":
            report.converted.append(stem)
            if res.wrote_tei:
                report.tei_written.append(stem)
        if res.validated:
            report.validated.append(stem)
        if res.rendered:
            report.rendered.append(stem)
        if res.fragment:
            report.fragments.append(stem)
    if status == "failed":
        report.failed.append(stem)
        return
    if status == "hand-edited":
        report.hand_edited.append(stem)
    elif status == "tei-only":
        report.tei_only.append(stem)
    if entry.get("valid") is True:
        report.valid.append(stem)
    elif entry.get("valid") is False:
        report.invalid.append(stem)


def _hand_edit_problem(stem: str, entry: dict) -> Problem:
    """The warning of a record whose TEI was not converted because it was edited by hand (or
    not written by parley), saying what became of the file as it is: made at the end of
    every build from what is known of it then, so that it is true whatever this run did."""
    tei_rel, raw_rel = f"tei/{stem}.xml", f"raw/{stem}.txt"
    what = (
        "was not written by parley (it has no parley checksum)"
        if entry.get("hand_edit") == "foreign"
        else "was edited by hand since parley wrote it (its checksum does not match)"
    )
    valid = entry.get("valid")
    if valid is True:
        then = "the file as it is was validated, is valid and is published as it is (its pages and its corpus copy are made from it)"
    elif valid is False:
        then = (
            "the file as it is was validated and is INVALID (its errors are listed), so it is not published: no "
            "pages, not in the corpus. Correct it"
        )
    else:
        then = "the file as it is has not been validated yet (run the build without --only)"
    return Problem(
        tei_rel,
        1,
        f"{what}; not overwritten: the conversion of {raw_rel} was skipped, and {then}"
        + (", or move" if valid is False else ". Move")
        + " the edits into tei/editorial.xml or tei/authority.xml and delete the file (or run `parley convert --overwrite-hand-edits`) to regenerate it",
        "hand-edited",
        WARNING,
    )


def _collect_problems(report: Report, records: dict, stems: list[str]) -> None:
    for stem in stems:
        entry = records.get(stem, {})
        problems = _problems(entry.get("convert_problems", []))
        if entry.get("status") == "hand-edited":
            problems = [_hand_edit_problem(stem, entry)] + [p for p in problems if p.code != "hand-edited"]
        report.problems.extend(problems)
        report.problems.extend(_problems(entry.get("val_problems", [])))
    for name in ("converted", "tei_written", "validated", "valid", "invalid", "failed", "rendered", "fragments", "unchanged", "hand_edited", "tei_only"):
        getattr(report, name).sort()


def _save(project: Project, manifest: dict, records: dict, cache: HashCache) -> None:
    manifest["format"] = MANIFEST_FORMAT
    manifest["version"] = __version__
    manifest["records"] = {k: records[k] for k in sorted(records)}
    manifest["files"] = cache.pruned() if cache.used else cache.entries
    save_manifest(project, manifest)


def _run(todo: list[Job], jobs: int, take: Callable[[Result], None], separate: bool = False) -> int:
    """Run the jobs: in this process for one worker or a few jobs (unless *separate*: see
    SEPARATE_SAXON_AT), else in a process pool with a bounded number of jobs in flight
    (results are small; records never pile up). Returns the number of worker processes used
    (0: none, all in this process)."""
    if not todo:
        return 0
    if jobs <= 1 or (len(todo) < 2 * jobs and not separate):  # too few for workers to pay for their start
        for job in todo:
            take(process_record(job))
        return 0
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # "spawn": workers start clean, whatever this process has loaded (Saxon is not fork-safe)
    ctx = multiprocessing.get_context("spawn")
    window = jobs * 4
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=ctx) as pool:
        pending = set()
        it = iter(todo)
        try:
            for job in it:
                pending.add(pool.submit(process_record, job))
                if len(pending) >= window:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for f in done:
                        take(f.result())
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    take(f.result())
        except BrokenProcessPool:
            raise BuildError(
                "a worker process died (killed, or out of memory); the records finished so far are "
                "recorded in build/manifest.json: run the build again to finish"
            ) from None
        except BaseException:
            for f in pending:
                f.cancel()
            raise
    return min(jobs, len(todo))


def _site_pages(*args, **kwargs) -> list[str]:
    """:meth:`parley.render.Renderer.render_site_from_summaries` (in a child process: the
    paths it wrote, as text)."""
    return [str(p) for p in _renderer().render_site_from_summaries(*args, **kwargs)]


def _summaries_of(tei_paths: list[str]) -> list[tuple[bytes, bytes]]:
    """The summaries of records (card, names: see :func:`parley.render.split_summary`)."""
    from .render import split_summary

    return [split_summary(_renderer().summarise_record(Path(p))) for p in tei_paths]


def _in_child(fn: Callable, *args, **kwargs):
    """``fn(*args, **kwargs)`` in a fresh process ("spawn", as the workers), which ends with it."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            return pool.submit(fn, *args, **kwargs).result()
        except BrokenProcessPool:
            raise BuildError("the process making the site pages died (killed, or out of memory): run the build again") from None


def _site(project, manifest, records, published, cache, xslt_sha, authority_sha, schema_dir, force, report, progress, separate=False) -> None:
    """The pages that list the records, made from the records' summaries (build/summaries/),
    which the render stage keeps beside each record's views: the index from their cards, the
    registers from their names, the encoding page from the ODD. Each group of pages is
    rendered again only when its inputs changed (an edit that changes no name leaves the
    registers alone), and never by reading the records."""
    from .render import PAGE_GROUPS

    odd = schema_dir / "parley.odd" if schema_dir is not None and (schema_dir / "parley.odd").exists() else None
    odd_sha = cache.sha("schema:parley.odd", odd) if odd else None
    parts: dict[str, list] = {p: [] for p in SUMMARY_PARTS}
    shas: dict[str, list] = {p: [] for p in SUMMARY_PARTS}
    kept_paths: dict[str, dict] = {}
    for s in published:
        kept = records[s].get("summary") or {}
        outputs = records[s].get("outputs", {})
        paths = {p: project.summary_path(s, p) for p in SUMMARY_PARTS}
        if all(kept.get(p) and _outputs_intact(project, {project.rel(paths[p]): outputs.get(project.rel(paths[p]))}) for p in SUMMARY_PARTS):
            kept_paths[s] = paths
    # Records not rendered by a build that keeps summaries (`--only site`, say): made here,
    # or in a child process like the pages (see SEPARATE_SAXON_AT).
    missing = [str(project.tei_dir / f"{s}.xml") for s in published if s not in kept_paths]
    made = iter((_in_child(_summaries_of, missing) if separate else _summaries_of(missing)) if missing else [])
    for s in published:
        if s in kept_paths:
            kept = records[s]["summary"]
            for p in SUMMARY_PARTS:
                parts[p].append(kept_paths[s][p])
                shas[p].append([s, kept[p]])
        else:
            for p, data in zip(SUMMARY_PARTS, next(made)):
                parts[p].append(data)
                shas[p].append([s, sha_bytes(data)])
    common = digest("site", __version__, xslt_sha, authority_sha)
    groups = {
        "index": (digest(common, shas["card"]), parts["card"]),
        "registers": (digest(common, shas["names"]), parts["names"]),
        "encoding": (digest(common, odd_sha), []),
    }
    site = manifest.get("site", {})
    old_groups = site.get("groups", {})
    new_groups: dict = {}
    for name, (key, inputs) in groups.items():
        old = old_groups.get(name, {})
        if not force and old.get("key") == key and _outputs_intact(project, old.get("outputs", {})):
            new_groups[name] = old
            continue
        args = (inputs, project.authority_path, project.site_dir, odd)
        options = dict(pages=PAGE_GROUPS[name], static=name == "encoding", entry_cache=project.build_dir / "entries", reuse=not force)
        if name == "index":  # the cards' digests, as kept: the index's pieces are kept by them
            options["digests"] = [sha for _, sha in shas["card"]]
        paths = _in_child(_site_pages, *args, **options) if separate else _site_pages(*args, **options)
        outputs = {project.rel(Path(p)): stat_sig(Path(p).stat()) for p in paths}
        _remove(project, [rel for rel in old.get("outputs", {}) if rel not in outputs])
        new_groups[name] = {"key": key, "outputs": outputs}
        report.site_rendered = True
        report.site_pages += sorted(outputs)
    manifest["site"] = {"groups": new_groups}
    if report.site_rendered:
        progress.stage(f"site: {counted(len(report.site_pages), 'page')} rendered")


def _corpus(project, manifest, records, published, force, report, progress) -> None:
    missing = [s for s in published if not records[s].get("fragment")]
    if missing:
        report.notes.append(f"corpus: {counted(len(missing), 'record')} {'has' if len(missing) == 1 else 'have'} no corpus copy yet (run without --only)")
    owner: dict[str, str] = {}  # record id -> the first record (by name) that has it
    frags = []
    for s in published:
        frag = records[s].get("fragment")
        if not frag:
            continue
        other = owner.setdefault(frag["prefix"], s)
        if other != s:
            report.problems.append(
                Problem(f"tei/{s}.xml", 1, f"its xml:id '{frag['prefix']}' is also the id of tei/{other}.xml; left out of the corpus", "corpus-duplicate-id")
            )
            continue
        frags.append(frag)
    from .editorial import load_edition

    # The corpus header names the edition's publisher, from the editorial table.
    key = digest("corpus", __version__, load_edition(project.tei_dir).publisher, [[f["path"], f["sha"]] for f in frags])
    old = manifest.get("corpus", {})
    target = project.corpus_path
    if not frags:
        if target.exists() and old:
            target.unlink()
            manifest.pop("corpus", None)
            report.corpus_removed = True
            progress.stage(f"corpus: no valid records; {project.rel(target)} removed")
        else:
            report.corpus_empty = True
        return
    if not force and old.get("key") == key and _outputs_intact(project, {project.rel(target): old.get("stat")}):
        return
    write_corpus(target, [project.path(f["path"]) for f in frags])
    manifest["corpus"] = {"key": key, "stat": stat_sig(target.stat())}
    report.corpus_written = True
    report.corpus_records = len(frags)
    progress.stage(f"corpus: {project.rel(target)} written ({counted(len(frags), 'record')})")
