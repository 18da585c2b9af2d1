"""``parley init DIR``: start a new collection for another archive's records.

Writes the layout ``parley build`` expects: an empty ``raw/`` for the transcripts, a
``tei/authority.xml`` with no entries yet and a commented example entry, a
``tei/editorial.xml`` skeleton, a short ``README.md`` and a ``.gitignore`` for ``build/``.
Existing files are never overwritten.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from .xml import atomic_write

#: template name -> path in the new collection
LAYOUT = {
    "authority.xml": "tei/authority.xml",
    "editorial.xml": "tei/editorial.xml",
    "README.md": "README.md",
    "gitignore": ".gitignore",
}


class InitError(Exception):
    pass


def init_collection(target: Path | str) -> list[Path]:
    """Create the collection skeleton in *target*; return the files written.

    Raises :class:`InitError` if any of the files already exists (nothing is written then).
    """
    target = Path(target)
    existing = [rel for rel in LAYOUT.values() if (target / rel).exists()]
    if existing:
        raise InitError(f"{target}: already has {', '.join(existing)}; nothing written (parley init never overwrites)")
    templates = files("parley").joinpath("templates", "init")
    written = []
    (target / "raw").mkdir(parents=True, exist_ok=True)
    for name, rel in LAYOUT.items():
        path = target / rel
        atomic_write(path, templates.joinpath(name).read_bytes())
        path.chmod(0o666 & ~_umask())
        written.append(path)
    return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
