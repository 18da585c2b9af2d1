"""The ``parley`` command line: thin wrappers over the library.

Each command parses its options, calls one library function and reports. Exit codes:
0 ok, 1 invalid input, 2 usage. Problems are printed as ``file:line[:col]: severity: message``.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import __version__
from .problems import ERROR, InputError

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
        except OSError as exc:
            click.echo(f"{exc.filename or ''}: error: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_INVALID)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="parley")
def main() -> None:
    """parley: archival meeting transcripts to scholarly TEI P5 editions."""


def _raw_inputs(paths: tuple[Path, ...], default: Path) -> list[Path]:
    if not paths:
        if not default.is_dir():
            raise click.UsageError(f"no input given and no {default}/ folder here")
        return sorted(default.glob("*.txt"))
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    return out


@main.command()
@click.argument("raw", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("tei"), show_default=True, help="Folder for the TEI files.")
@click.option("--authority", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Authority file (default: OUT_DIR/authority.xml).")
@click.option("--force", is_flag=True, help="Overwrite TEI files even if they were edited by hand.")
@handles_input_errors
def convert(raw: tuple[Path, ...], out_dir: Path, authority: Path | None, force: bool) -> None:
    """Convert raw transcripts (default: raw/*.txt) into TEI (default: tei/<stem>.xml)."""
    from .encode import convert_many

    results, problems = convert_many(_raw_inputs(raw, Path("raw")), out_dir, authority, force)
    report(problems)
    for r in results:
        click.echo(f"{'wrote' if r.changed else 'unchanged'} {r.target.as_posix()}")
    if any(p.severity == ERROR for p in problems):
        sys.exit(EXIT_INVALID)
