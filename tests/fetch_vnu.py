"""Fetch the Nu HTML Checker's jar for tests/test_html_valid.py (the Makefile runs this).

    python tests/fetch_vnu.py VERSION SHA256 TARGET

Downloads the ``vnu-jar`` package of the given version from the npm registry, where the
checker's authors publish it, checks the download against SHA256, and writes the jar inside
it to TARGET (atomically: TARGET exists only if everything succeeded). Exit 0 on success, 1
with a one-line reason otherwise (offline, wrong checksum, unexpected package).
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

URL = "https://registry.npmjs.org/vnu-jar/-/vnu-jar-{version}.tgz"
MEMBER = "package/build/dist/vnu.jar"


def fetch(version: str, sha256: str, target: Path) -> None:
    url = URL.format(version=version)
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    got = hashlib.sha256(data).hexdigest()
    if got != sha256:
        raise ValueError(f"{url}: SHA-256 is {got}, expected {sha256}")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise ValueError(f"{url}: no {MEMBER} in the package")
        jar = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(jar)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    version, sha256, target = argv
    try:
        fetch(version, sha256, Path(target))
    except (OSError, ValueError, KeyError, tarfile.TarError) as exc:
        print(f"fetch_vnu: cannot fetch the Nu HTML Checker {version}: {exc}", file=sys.stderr)
        return 1
    print(f"fetch_vnu: the Nu HTML Checker {version} is in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
