"""``parley init DIR``: start a new collection for another archive's records.

Writes the layout ``parley build`` and ``parley deposit`` expect: an empty ``raw/`` for the
transcripts, a ``tei/authority.xml`` with no entries yet and a commented example entry, a
``tei/editorial.xml`` skeleton (both valid: ``parley validate`` and TEI's ``tei_all`` accept
them as written), a ``parley.toml`` whose deposit settings are explained and commented out,
a ``CITATION.cff`` with only the keys that need no knowledge of the collection, a short
``README.md`` that says what must be filled in before ``parley deposit``, and a
``.gitignore`` for ``build/``. Nothing in them is a fact about the collection: parley cannot
know its title, its editors or who deposits it, and ``parley deposit`` refuses until they
are filled in.

Existing files are never overwritten, and a run that cannot write everything (a read-only
folder, a path through a file) removes what it wrote and says so.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .xml import atomic_write

#: template name -> path in the new collection
LAYOUT = {
    "authority.xml": "tei/authority.xml",
    "editorial.xml": "tei/editorial.xml",
    "parley.toml": "parley.toml",
    "CITATION.cff": "CITATION.cff",
    "README.md": "README.md",
    "gitignore": ".gitignore",
}

#: folders made for the collection (besides those of the files above)
FOLDERS = ("raw",)


class InitError(Exception):
    pass


def init_collection(target: Path | str) -> list[Path]:
    """Create the collection skeleton in *target*; return the files written.

    Raises :class:`InitError`, with a one-line message naming *target*, if any of the files
    already exists, or if the folder cannot be written; nothing is left written then.
    """
    target = Path(target)
    try:
        existing = [rel for rel in LAYOUT.values() if (target / rel).exists()]
    except OSError as exc:  # pragma: no cover - stat refused (permissions on a parent)
        raise InitError(_cannot(target, exc)) from None
    if existing:
        raise InitError(f"{target}: already has {', '.join(existing)}; nothing written (parley init never overwrites)")
    templates = files("parley").joinpath("templates", "init")
    made_dirs: list[Path] = []
    written: list[Path] = []
    try:
        for rel in FOLDERS + tuple(sorted({str(Path(r).parent) for r in LAYOUT.values()} - {"."})):
            _mkdirs(target / rel, made_dirs)
        for name, rel in LAYOUT.items():
            path = target / rel
            atomic_write(path, templates.joinpath(name).read_bytes())
            written.append(path)
    except OSError as exc:
        for path in reversed(written):
            _quietly(path.unlink)
        for folder in reversed(made_dirs):
            _quietly(folder.rmdir)
        raise InitError(_cannot(target, exc)) from None
    return written


def _mkdirs(folder: Path, made: list[Path]) -> None:
    """``mkdir -p`` that records the folders it created (to remove them again on failure)."""
    missing = []
    for p in [folder, *folder.parents]:
        if p.is_dir():
            break
        missing.append(p)
    for p in reversed(missing):
        p.mkdir()
        made.append(p)


def _quietly(action) -> None:
    try:
        action()
    except OSError:
        pass


def _cannot(target: Path, exc: OSError) -> str:
    """One line for the user: the collection's folder, and why it cannot be written."""
    blocker = next((p for p in [target, *target.parents] if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        why = f"{blocker} is a file, not a folder"
    else:
        why = exc.strerror or str(exc)
        if exc.filename and Path(exc.filename) != target:
            why += f" ({exc.filename})"
    return f"{target}: cannot create the collection there: {why}; nothing written"
