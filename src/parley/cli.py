"""The ``parley`` command line: thin wrappers over the library.

Each command parses its options, calls one library function and reports. Exit codes:
0 ok, 1 invalid input (or a file that cannot be written), 2 usage: a wrong option, and also
no project or no input where the command looks by default (the message says what it looked
for and which option or argument to give). Problems are printed as
``file[:line[:col]]: severity: [code] message``; a file that cannot be written is named
itself (never its temporary file), with the cause in plain words. Every command that works in
a project takes ``-C/--root DIR`` and runs as if started in DIR (see :func:`_run_in`).
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from . import __version__
from .problems import ERROR, InputError, counted

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def report(problems, stream=None) -> None:
    stream = stream or sys.stderr
    for p in problems:
        click.echo(str(p), file=stream)


def handles_input_errors(func):
    """Turn InputError into messages and exit 1; never show a traceback to the user."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            report(exc.problems)
            sys.exit(EXIT_INVALID)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except OSError as exc:  # a file that cannot be written or read: its name, the cause in plain words
            click.echo(os_error_message(exc), err=True)
            sys.exit(EXIT_INVALID)
        except RuntimeError as exc:  # the installation: stylesheets or schema that cannot be used
            click.echo(f"parley: error: {exc}", err=True)
            sys.exit(EXIT_INVALID)

    return wrapper


def os_error_message(exc: OSError) -> str:
    """``FILE: error: cannot write (read-only file system)``: the file the command wanted,
    never a temporary file beside it, and no errno."""
    from .xml import display_path, os_error_text

    if exc.filename:
        return f"{display_path(exc.filename)}: error: {os_error_text(exc, exc.filename)}"
    return f"parley: error: {exc.strerror or exc}"


def no_input(message: str) -> click.UsageError:
    """The usage error of a command that finds no project or no input where it looks by
    default (exit 2): *message* says what it looked for and which option or argument to give."""
    return click.UsageError(message)


def _run_in(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """``-C DIR``: run as if parley had been started in DIR, as ``git -C`` and ``make -C`` do.
    Taken before every other option and argument, so that the folders a command looks in by
    default (raw/, tei/, build/...) and every relative path given are DIR's; messages name
    files relative to DIR. The working folder is restored when the command ends."""
    if value is None:
        return Path.cwd()
    before = os.getcwd()
    try:
        os.chdir(value)
    except OSError as exc:
        from .xml import plain_cause

        raise click.BadParameter(f"cannot work in {value.as_posix()} ({plain_cause(exc, value)})", ctx, param) from None
    ctx.find_root().call_on_close(functools.partial(os.chdir, before))
    return Path.cwd()


def root_option(expose: bool = False):
    """``-C/--root DIR``, the same on every command that works in a project (see :func:`_run_in`);
    *expose*: the command takes the project folder (absolute) as ``root``."""
    return click.option(
        "-C", "--root", "root", metavar="DIR", default=None, is_eager=True, expose_value=expose, callback=_run_in,
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        help="Run as if started in DIR, the project folder (as git -C does): the default folders and any relative paths given are DIR's.",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="parley")
def main() -> None:
    """parley: archival meeting transcripts to scholarly TEI P5 editions."""


def _raw_inputs(paths: tuple[Path, ...]) -> list[Path]:
    """The transcripts to convert: the files named, the *.txt of the folders named, or raw/*.txt."""
    if not paths:
        default = Path("raw")
        if not default.is_dir():
            raise no_input(
                f"no transcripts named, and no raw/ folder here ({Path.cwd()}) to take them from: "
                "name the files (parley convert FILE...), or run in a project folder or name it with -C DIR (`parley init DIR` starts one)"
            )
        found = sorted(default.glob("*.txt"))
        if not found:
            raise no_input("no transcripts (*.txt) in raw/: put them there, or name the files to convert (parley convert FILE...)")
        return found
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(p.glob("*.txt"))
            if not found:
                raise no_input(f"no transcripts (*.txt) in {p.as_posix()}/: name the files to convert, or another folder")
            out.extend(found)
        else:
            out.append(p)
    return out


def _default_authority(out_dir: Path) -> Path:
    """OUT_DIR/authority.xml, the authority file `convert` reads without --authority; a
    usage error (exit 2) saying where it looked and which option to pass when it is not there."""
    path = out_dir / "authority.xml"
    if path.is_file():
        return path
    if out_dir == Path("tei"):
        hint = "run in a project folder or name it with -C DIR (`parley init DIR` starts one), or pass --authority FILE"
    else:
        hint = f"without --authority it is looked for in the output folder (-o {out_dir.as_posix()}); pass --authority FILE (a project's is tei/authority.xml)"
    what = "is a folder, not an authority file" if path.is_dir() else "not found"
    raise no_input(f"{path.as_posix()}: {what}: every record is converted against an authority file; {hint}")


@main.command()
@root_option()
@click.argument("raw", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("tei"), show_default=True, help="Folder for the TEI files.")
@click.option("--authority", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Authority file [default: OUT_DIR/authority.xml].")
@click.option("--editorial", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Editorial table [default: OUT_DIR/editorial.xml; without one, the records get none of its corrections and notes, with a warning].")
@click.option("--overwrite-hand-edits", "overwrite", is_flag=True, help="Overwrite TEI files even if they were edited by hand since parley wrote them (the edits are lost).")
@click.option("--force", "old_force", is_flag=True, hidden=True)  # the old name of --overwrite-hand-edits
@handles_input_errors
def convert(raw: tuple[Path, ...], out_dir: Path, authority: Path | None, editorial: Path | None, overwrite: bool, old_force: bool) -> None:
    """Convert raw transcripts (default: raw/*.txt) into TEI (default: tei/<stem>.xml).

    A TEI file edited by hand since parley wrote it is never overwritten, unless
    --overwrite-hand-edits is given.
    """
    from .encode import convert_many

    if old_force:
        click.echo("parley convert: warning: --force is now called --overwrite-hand-edits; the old name will go", err=True)
    force = overwrite or old_force
    raws = _raw_inputs(raw)
    authority = authority or _default_authority(out_dir)
    results, problems = convert_many(raws, out_dir, authority, force, editorial_path=editorial)
    report(problems)
    for r in results:
        click.echo(f"{'wrote' if r.changed else 'unchanged'} {r.target.as_posix()}")
    if any(p.severity == ERROR for p in problems):
        sys.exit(EXIT_INVALID)


@main.command()
@root_option(expose=True)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: the machine's cores].")
@click.option("--force", is_flag=True, help="Rebuild everything, whatever the manifest says; hand-edited TEI is still never overwritten (that is `parley convert --overwrite-hand-edits`).")
@click.option("--only", "only", multiple=True, type=click.Choice(["convert", "validate", "render", "site", "corpus"]), help="Run only this stage (repeatable).")
@click.option("-q", "--quiet", is_flag=True, help="No progress; only problems and the summary.")
@handles_input_errors
def build(root: Path, jobs: int | None, force: bool, only: tuple[str, ...], quiet: bool) -> None:
    """Convert, validate and render the whole project: raw/ to tei/ to build/site/, and
    tei/corpus.xml. Incremental (build/manifest.json), parallel, safe to interrupt."""
    from .build import BuildError, NoProject, Progress
    from .build import build as run_build

    try:
        result = run_build(root, jobs=jobs, force=force, only=only or None, progress=Progress(sys.stdout, sys.stderr, quiet=quiet))
    except NoProject as exc:
        raise no_input(str(exc)) from None
    except BuildError as exc:
        click.echo(f"parley build: error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    report(sorted(result.problems, key=lambda p: (p.file, p.line, p.col, p.code)))
    click.echo(result.summary())
    if not result.ok:
        sys.exit(EXIT_INVALID)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Start a new collection in DIRECTORY: raw/, tei/authority.xml, tei/editorial.xml,
    parley.toml, CITATION.cff, README.md and .gitignore.

    Never overwrites: if any of these files is already there, nothing is written (exit 2).
    """
    from .init import InitError, init_collection

    try:
        written = init_collection(directory)
    except InitError as exc:
        click.echo(f"parley init: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for path in written:
        click.echo(f"wrote {path.as_posix()}")
    click.echo(f"Put the raw transcripts into {(directory / 'raw').as_posix()}/, the persons, places and organisations "
               f"into {(directory / 'tei' / 'authority.xml').as_posix()}, then run `parley build` in {directory.as_posix()}. "
               f"Before `parley deposit`, fill in parley.toml and CITATION.cff there (its README.md says what each needs).")


@main.command()
@root_option()
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build/deposit"), show_default=True, help="Folder of the bag.")
@click.option("--force", is_flag=True, help="Replace an existing deposit in OUT_DIR.")
@handles_input_errors
def deposit(out_dir: Path, force: bool) -> None:
    """Pack the edition as a BagIt bag for an archive (run after `make build`).

    Payload: data/tei/ (tei/*.xml byte for byte), data/schema/, data/html/ (build/site/),
    data/metadata/ (Dublin Core per record, METS); CITATION.cff beside it. The bag is validated
    after it is written; an existing deposit is replaced only with --force.
    """
    from .deposit import deposit as make_deposit

    if not Path("tei").is_dir():
        raise no_input(
            f"no tei/ folder here ({Path.cwd()}): not a parley project; run `parley deposit` in the project's "
            "folder (or name it with -C DIR), where it packs tei/, schema/ and build/site/"
        )
    result = make_deposit(Path.cwd(), out_dir, force=force)
    report(result.problems)
    click.echo(f"wrote {out_dir.as_posix()}/: BagIt bag of {result.files} files ({result.bytes} bytes), sha256 and sha512 "
               f"manifests, validated; Bagging-Date {result.bag_info.get('Bagging-Date', '?')}")


@main.command()
@root_option()
@click.argument("tei", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--standalone", "standalone", is_flag=True, help="Each record as one TEI file with the authority entries it points to.")
@click.option("--text", "text", is_flag=True, help="Diplomatic and reading text as plain UTF-8.")
@click.option("--turns", "turns", is_flag=True, help="Every turn as CSV and JSON Lines.")
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build/export"), show_default=True, help="Folder for the exports.")
@handles_input_errors
def export(tei: tuple[Path, ...], standalone: bool, text: bool, turns: bool, out_dir: Path) -> None:
    """Export TEI records, named or in the folders named (default: the records in tei/), for
    other projects and tools. In a folder, the authority, editorial and corpus files are left out.

    Without --standalone, --text or --turns, all three are written: OUT_DIR/standalone/,
    OUT_DIR/text/ and OUT_DIR/turns/.
    """
    from .export import export as run_export
    from .export import record_paths

    if not (standalone or text or turns):
        standalone = text = turns = True
    if not tei:
        if not Path("tei").is_dir():
            raise no_input(
                f"no TEI files named, and no tei/ folder here ({Path.cwd()}) to take the records from: "
                "name the files or folders (parley export FILE...), or run in a project folder or name it with -C DIR"
            )
        paths = record_paths(Path("tei"))
        if not paths:
            raise no_input("no TEI records in tei/: run `parley build` (or `parley convert`) first, or name the files to export")
    else:
        paths = []
        for p in tei:
            found = record_paths(p) if p.is_dir() else [p]
            if not found:
                raise no_input(f"no TEI records in {p.as_posix().rstrip('/')}/: name the TEI files or folders to export")
            paths.extend(found)
    result = run_export(paths, out_dir, standalone_files=standalone, text=text, turns=turns)
    report(result.problems)
    for path in result.written:
        click.echo(f"wrote {path.as_posix()}")
    if turns:
        click.echo(f"{result.turns} turns")
    if any(p.severity == ERROR for p in result.problems):
        sys.exit(EXIT_INVALID)


@main.command()
@root_option()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--authority", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Resolve pers:, place:, org: and event: pointers in FILE [default: the authority.xml beside each file].")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="text: one line per problem; json: the same as data.")
@handles_input_errors
def validate(paths: tuple[Path, ...], authority: Path | None, fmt: str) -> None:
    """Validate TEI files and folders (default: tei/) against the project's schema.

    Layers: well-formed XML (hardened parser), the grammar (schema/parley.xsd), the rules
    (schema/parley.sch) with pointer resolution into authority.xml (beside each file, or
    --authority FILE for files outside a project's tei/). Prints every problem as
    FILE:LINE:COL: SEVERITY: [RULE] MESSAGE, then "N valid, N invalid". Exit status 0 if
    every file is valid (warnings allowed), 1 if any is invalid, 2 on a usage error.
    """
    from .validate import collect_files, results_as_json, validate_paths

    if not paths:
        if not Path("tei").is_dir():
            raise no_input(
                f"no TEI files named, and no tei/ folder here ({Path.cwd()}) to validate: "
                "name the files or folders (parley validate PATH...), or run in a project folder or name it with -C DIR"
            )
        paths = (Path("tei"),)
    if not collect_files(paths):
        raise no_input("no .xml files in " + ", ".join(p.as_posix() + ("/" if p.is_dir() else "") for p in paths) + ": name the TEI files or folders to validate")
    results, n_valid, n_invalid = validate_paths(list(paths), authority=authority)
    if fmt == "json":
        click.echo(results_as_json(results, n_valid, n_invalid))
    else:
        for _, problems in results:
            for p in problems:
                click.echo(str(p))
        click.echo(f"{n_valid} valid, {n_invalid} invalid")
    sys.exit(EXIT_INVALID if n_invalid else EXIT_OK)


@main.command("schema-doc")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to FILE instead of standard output.")
@click.option("--schematron", is_flag=True, help="Write the Schematron rules generated from the ODD (schema/parley.sch) instead of the HTML manual.")
@click.option("--odd", "odd_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Read this ODD instead of the one shipped with parley.")
@handles_input_errors
def schema_doc(output: Path | None, schematron: bool, odd_path: Path | None) -> None:
    """Render the ODD (schema/parley.odd) as an HTML encoding manual, or (--schematron)
    regenerate the Schematron rules from it."""
    from .schemadoc import schema_doc as make_schema_doc
    from .xml import atomic_write

    data = make_schema_doc(odd_path, schematron=schematron)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        atomic_write(output, data)
        click.echo(f"wrote {output.as_posix()}", err=True)


SITE = Path("build/site")


@main.command()
@root_option()
@click.argument("tei", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder for the site [default: build/site, the project's site, when no TEI is named; required when TEI files or folders are named].")
@handles_input_errors
def render(tei: tuple[Path, ...], out_dir: Path | None) -> None:
    """Render TEI records as a site: reading and diplomatic views, registers, index and
    encoding pages. Open OUT_DIR/index.html.

    Without arguments: every record in tei/, into the project's site, build/site/ (what
    `parley build` makes). With TEI files or folders named: a site of those alone, into the
    folder given with -o (required, so that the project's site is never replaced by it).
    """
    from .render import NOT_RECORDS, render_paths

    project_site = not tei or (len(tei) == 1 and tei[0].resolve() == Path("tei").resolve())
    if not tei:
        if not Path("tei").is_dir():
            raise no_input(
                f"no TEI records named, and no tei/ folder here ({Path.cwd()}) to render: name the files "
                "and an output folder (parley render FILE... -o DIR), or run in a project folder or name it with -C DIR"
            )
        tei = (Path("tei"),)
    if out_dir is None:
        if not project_site:
            raise no_input(
                "name the output folder with -o DIR when you name TEI files: the default, build/site/, is the "
                "project's site (`parley render` without arguments, or `parley build`, makes it from every record "
                "in tei/), and a site of the files named would replace its index and pages"
            )
        out_dir = SITE
    records: list[Path] = []
    for p in tei:
        records.extend(sorted(q for q in p.glob("*.xml") if q.name not in NOT_RECORDS) if p.is_dir() else [p])
    if not records:
        raise no_input("no TEI records in " + ", ".join(p.as_posix() for p in tei) + ": name the TEI files or folders to render")
    written = render_paths(records, out_dir)
    click.echo(f"rendered {counted(len(records), 'record')}: {len(written)} files in {out_dir.as_posix()}/; open {(out_dir / 'index.html').as_posix()}")
