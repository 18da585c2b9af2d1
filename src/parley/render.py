"""Render TEI records into the edition site: reading and diplomatic views, registers, index.

The XSLT 3.0 stylesheets in the package ``parley.xslt`` do the work; Saxon (saxonche) runs
them. A :class:`Renderer` compiles them once and can then render any number of records::

    renderer = Renderer()
    renderer.render_record(Path("tei/1945-07-07-soong-stalin.xml"), Path("build/site"))
    renderer.render_site_pages(records, Path("tei/authority.xml"), Path("build/site"), odd)

or, for a whole folder of records, :func:`render_all`. The site opens from ``file://``: every
link is relative and the only stylesheet is the local ``parley.css``.

Beside its views, each record's folder holds its TEI for download, ``<stem>/<stem>.xml``:
not a copy of ``tei/<stem>.xml``, whose pointers (``pers:stalin``) lead into an authority
file that is not on the site, but the record's standalone export (:mod:`parley.export`, the
same function as ``parley export --standalone``): the authority entries it points to copied
into it, every pointer resolving inside the file, valid TEI P5 (``tei_all``). (A record
rendered away from its authority file keeps the pointers into it, and says so in the
file: see :meth:`Renderer.download`.)

Safety: TEI from anywhere may reach the renderer. Every input is parsed first with the
hardened parser of :mod:`parley.xml` (no DTDs, no entities, no network) and handed to Saxon
as re-serialised text, so Saxon never resolves anything. The stylesheets copy no markup from
the documents (see ``xslt/common.xsl``).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import urllib.parse
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

from lxml import etree
from lxml import html as lxml_html

from .problems import InputError, Problem
from .xml import atomic_output, atomic_write, parse_xml, saxon_processor

#: Files in a TEI folder that are not records.
NOT_RECORDS = frozenset({"authority.xml", "editorial.xml", "corpus.xml"})

#: Files copied next to the pages (the package data of ``parley.xslt`` that the pages load).
STATIC = ("parley.css",)

SITE_PAGES = ("index", "persons", "places", "organisations", "events", "encoding")

#: The site pages in groups, by what they are made from: the index from the records' cards,
#: the registers from the names the records mention, the encoding page from no record at all
#: (see :func:`split_summary`). A build renders a group again only when its inputs changed.
PAGE_GROUPS = {"index": ("index",), "registers": ("persons", "places", "organisations", "events"), "encoding": ("encoding",)}

_MANUAL_MARK = "<!--parley:manual-->"


def record_files(tei_dir: Path) -> list[Path]:
    """The records in a TEI folder: ``*.xml`` except the authority, editorial and corpus files."""
    return sorted(p for p in tei_dir.glob("*.xml") if p.name not in NOT_RECORDS)


def _processor():
    """One Saxon processor per process, shared with the validator (see parley.xml)."""
    return saxon_processor()


#: The pages of a record: ``<stem>/<view>.html`` for each view, beside its TEI download.
RECORD_VIEWS = ("reading", "diplomatic")


def download_name(stem: str) -> str:
    """The name of a record's TEI download in its folder of the site (the views link to it):
    ``<stem>.xml``, the record as one self-contained TEI file (see :meth:`Renderer.download`)."""
    return f"{stem}.xml"


def _stamp(path: Path) -> Optional[tuple]:
    """What tells that a file changed: its modification time, size and inode (None if gone)."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _xslt_dir() -> Path:
    return Path(str(resources.files("parley.xslt")))


class Renderer:
    """The compiled stylesheets, ready to render records and site pages.

    Compiling takes a few hundred milliseconds; do it once per process and reuse the object.
    """

    def __init__(self) -> None:
        proc = _processor()
        self._proc = proc
        folder = _xslt_dir()
        from .rules import stale_rules

        stale = stale_rules(folder)
        if stale:
            raise RuntimeError(
                f"{', '.join(stale)} in {folder} do not follow conventions.xml there (the table was edited): "
                "run `python -m parley.rules` to compile the table into them again"
            )
        compiler = proc.new_xslt30_processor()
        try:
            self._views = {
                view: compiler.compile_stylesheet(stylesheet_file=str(folder / f"{view}.xsl"))
                for view in RECORD_VIEWS
            }
            self._site = compiler.compile_stylesheet(stylesheet_file=str(folder / "site.xsl"))
            self._summary = compiler.compile_stylesheet(stylesheet_file=str(folder / "summary.xsl"))
            # The maps the views and the summary of a record share, as a value (a map).
            self._record_maps = compiler.compile_stylesheet(stylesheet_file=str(folder / "record-maps.xsl"))
            self._record_maps.set_result_as_raw_value(True)
        except Exception as exc:  # a broken installation, not bad input
            raise RuntimeError(f"cannot compile the stylesheets in {folder}: {exc}") from exc
        self._conventions = proc.parse_xml(xml_text=(folder / "conventions.xml").read_text(encoding="utf-8"))
        self._authorities: dict[Path, tuple[Optional[tuple], object]] = {}
        # the files the downloads copy entries from (parley.export's cache), and their stats
        self._download_cache: dict = {}
        self._download_stamps: dict[Path, Optional[tuple]] = {}

    # ------------------------------------------------------------------------------------
    # Inputs

    def _parse(self, data: bytes, source: str):
        """Hardened lxml parse, then Saxon parses the re-serialised element (no prolog, no DTD)."""
        root = parse_xml(data, source)
        return root, self._proc.parse_xml(xml_text=etree.tostring(root, encoding="unicode"))

    def _authority(self, path: Optional[Path]):
        """The parsed authority file, kept while it is unchanged (:func:`_stamp`, the rule of
        the downloads' cache too)."""
        if path is None or not path.is_file():
            return None
        key = path.resolve()
        stamp = _stamp(key)
        cached = self._authorities.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
        _, node = self._parse(key.read_bytes(), str(path))
        self._authorities[key] = (stamp, node)
        return node

    def _run(self, executable, node, source: str, to_file: Optional[Path] = None, as_value: bool = False, **params):
        """Run a stylesheet on *node*: the result as text, or written to the file *to_file*
        (for large pages: Saxon writes them out without a copy in Python), or with *as_value*
        as a Saxon value (not serialized)."""
        executable.clear_parameters()
        executable.set_parameter("conventions", self._conventions)
        for name, value in params.items():
            if value is None:
                continue
            if isinstance(value, bool):
                value = self._proc.make_boolean_value(value)
            elif isinstance(value, int):
                value = self._proc.make_integer_value(value)
            elif isinstance(value, str):
                value = self._proc.make_string_value(value)
            executable.set_parameter(name, value)
        try:
            if to_file is not None:
                executable.transform_to_file(xdm_node=node, output_file=str(to_file))
                return ""
            if as_value:
                return executable.transform_to_value(xdm_node=node)
            return executable.transform_to_string(xdm_node=node)
        except Exception as exc:
            message = re.sub(r"\s+", " ", str(exc)).strip()
            raise InputError(Problem(source, 1, f"cannot render: {message}", "render-failed")) from None

    # ------------------------------------------------------------------------------------
    # Records

    def render_views(self, data: bytes, stem: str, authority=None, source: str = "<record>") -> dict[str, str]:
        """Both views of one record (TEI bytes) as HTML text: {"reading": ..., "diplomatic": ...}."""
        _, node = self._parse(data, source)
        return self._views_of(node, stem, authority, source)

    def _views_of(self, node, stem: str, authority, source: str, maps=None) -> dict[str, str]:
        params = self._page_params(stem, authority)
        if maps is None:
            maps = self._maps_of(node, source, params)
        return {view: self._run(exe, node, source, **params, **{"record-maps": maps}) for view, exe in self._views.items()}

    @staticmethod
    def _page_params(stem: str, authority) -> dict:
        """The parameters of a record's pages (and of the maps they share)."""
        return dict(authority=authority, stem=stem, registers=authority is not None, **{"site-root": "../"})

    def _maps_of(self, node, source: str, params: dict):
        """The maps both views and the summary of a record use (record-maps.xsl), made once
        for all three instead of once in each."""
        return self._run(self._record_maps, node, source, as_value=True, **params)

    def render_record_and_summary(
        self, tei_path: Path, out_dir: Path, data: Optional[bytes] = None, node=None
    ) -> tuple[list[Path], bytes]:
        """:meth:`render_record`, and the record's summary for the site pages (see
        :meth:`summarise`), from one parse of the record. A caller that has the record's
        bytes (*data*) and has had them parsed by :func:`parley.xml.saxon_processor` after the
        hardened parser accepted them (*node*, as the build does for the validator) passes
        them, and they are not read or parsed again."""
        tei_path = Path(tei_path)
        if data is None:
            data = tei_path.read_bytes()
        authority = self._authority(tei_path.parent / "authority.xml")
        if node is None:
            _, node = self._parse(data, str(tei_path))
        maps = self._maps_of(node, str(tei_path), self._page_params(tei_path.stem, authority))
        written = self._write_record(tei_path, data, node, authority, out_dir, maps)
        return written, self._summary_of(node, tei_path.stem, authority, str(tei_path), maps)

    def render_record(self, tei_path: Path, out_dir: Path) -> list[Path]:
        """Write ``<stem>/reading.html``, ``<stem>/diplomatic.html`` and ``<stem>/<stem>.xml``,
        the record's TEI download (:meth:`download`: self-contained, not a copy of the record).

        Names are linked to the registers when an ``authority.xml`` lies beside the record
        (where the record's prefixDefs point); :meth:`render_site_pages` writes the registers.
        """
        tei_path = Path(tei_path)
        data = tei_path.read_bytes()
        authority = self._authority(tei_path.parent / "authority.xml")
        _, node = self._parse(data, str(tei_path))
        return self._write_record(tei_path, data, node, authority, out_dir)

    def _write_record(self, tei_path: Path, data: bytes, node, authority, out_dir: Path, maps=None) -> list[Path]:
        stem = tei_path.stem
        pages = self._views_of(node, stem, authority, str(tei_path), maps)
        download = self.download(tei_path, data)
        folder = Path(out_dir) / stem
        written = []
        for view in RECORD_VIEWS:
            target = folder / f"{view}.html"
            atomic_write(target, pages[view].encode("utf-8"))
            written.append(target)
        target = folder / download_name(stem)
        atomic_write(target, download)
        written.append(target)
        return written

    def download(self, tei_path: Path, data: Optional[bytes] = None) -> bytes:
        """The TEI the site offers for download: the record as one self-contained file,
        made by :func:`parley.export.standalone_file` (what ``parley export --standalone``
        writes): the entries of the authority file it points to copied into its standOff,
        its pointers rewritten to them, the schema association of ``tei_all``.

        A record rendered away from its authority file (``parley render other.xml -o DIR``;
        its views then link no names either) keeps the pointers that cannot be resolved as
        they were, and its ``change`` says so. The project's site never has one: the build
        renders only records whose pointers resolve (validation), and ``parley deposit``
        compares every download with the export of the record.

        The files the records point into are read once and kept while they are unchanged."""
        from .export import standalone_file

        tei_path = Path(tei_path)
        stamps = self._download_stamps
        if any(_stamp(path) != stamp for path, stamp in stamps.items()):
            self._download_cache.clear()
            stamps.clear()
        out, _ = standalone_file(tei_path, data, self._download_cache, display=str(tei_path))
        for path in self._download_cache:
            if path not in stamps:
                stamps[path] = _stamp(path)
        return out

    # ------------------------------------------------------------------------------------
    # Site pages

    def summarise(self, data: bytes, stem: str, authority=None, source: str = "<record>") -> bytes:
        """What the site pages need of one record (TEI bytes), as a small XML document: see
        ``xslt/summary.xsl``. The build keeps one per record, so that the index and the
        registers are made without reading the records again."""
        _, node = self._parse(data, source)
        return self._summary_of(node, stem, authority, source)

    def _summary_of(self, node, stem: str, authority, source: str, maps=None) -> bytes:
        text = self._run(
            self._summary, node, source, authority=authority, stem=stem, registers=authority is not None, **{"record-maps": maps}
        )
        return text.encode("utf-8")

    def summarise_record(self, tei_path: Path) -> bytes:
        """:meth:`summarise` for a record file, with the ``authority.xml`` beside it."""
        tei_path = Path(tei_path)
        authority = self._authority(tei_path.parent / "authority.xml")
        return self.summarise(tei_path.read_bytes(), tei_path.stem, authority, source=str(tei_path))

    def render_site_pages(
        self, tei_paths: list[Path], authority_path: Optional[Path], out_dir: Path, odd_path: Optional[Path] = None
    ) -> list[Path]:
        """Write index.html, persons.html, places.html, organisations.html, events.html,
        encoding.html and parley.css for the given records (summarised here; a build passes its kept summaries
        to :meth:`render_site_from_summaries` instead)."""
        summaries = [self.summarise_record(Path(p)) for p in tei_paths]
        return self.render_site_from_summaries(summaries, authority_path, out_dir, odd_path)

    def render_site_from_summaries(
        self,
        summaries: Iterable[bytes | Path],
        authority_path: Optional[Path],
        out_dir: Path,
        odd_path: Optional[Path] = None,
        pages: Iterable[str] = SITE_PAGES,
        static: bool = True,
        entry_cache: Optional[Path] = None,
        reuse: bool = True,
        digests: Optional[Iterable[str]] = None,
    ) -> list[Path]:
        """Write the site *pages* from record summaries (bytes, or paths of files holding them),
        one per record: whole summaries, or the part of :func:`split_summary` that the pages
        use (cards for the index, names for the registers); with *static*, also the files the
        pages load (parley.css).

        *entry_cache*: a folder where the register entries' sections, and the pieces of long
        lists (see :func:`_spans`), are kept between calls, by a digest of everything they are
        made from (the names or cards, the authority file, the stylesheets); what did not
        change is copied from there, not rendered (with *reuse* false everything is rendered
        and the cache refilled). What no page of this call used is removed from it, for the
        pages of this call (the index's pieces in a folder of their own).

        *digests*: one per summary, a digest of its content (the SHA-256 of its bytes, which
        a build keeps for each record's card): the index's pieces are then kept by these,
        and the cards' own bytes are not digested again. Without them, by a digest of each
        card as the index shows it."""
        out_dir = Path(out_dir)
        pages = tuple(pages)
        summaries = list(summaries)
        if digests is not None:
            digests = list(digests)
            if len(digests) != len(summaries):
                raise ValueError(f"{len(digests)} digests for {len(summaries)} summaries")
        authority = self._authority(Path(authority_path)) if authority_path else None
        manual, note = _manual(odd_path) if "encoding" in pages else (None, "")
        params = dict(registers=authority is not None, manual=manual is not None, **{"site-root": "", "manual-note": note})
        empty = self._proc.parse_xml(xml_text="<summaries/>")
        authority_digest = _digest_file(Path(authority_path)) if authority is not None else ""
        written = []
        with tempfile.TemporaryDirectory(prefix="parley-site-") as tmp:
            tmp = Path(tmp)
            if "index" in pages:
                target = out_dir / "index.html"
                cards = _EntryCache(Path(entry_cache) / "cards", authority_digest, reuse) if entry_cache else None
                self._write_index(summaries, authority, empty, params, target, tmp, cards, digests)
                written.append(target)
                if cards is not None:
                    cards.prune()
            registers = [page for page in pages if page in PAGE_GROUPS["registers"]]
            if registers:
                # Each entry's names, from every summary, in a file of its own; then each
                # register page is written entry by entry: memory holds one entry's links.
                buckets = _bucket_names(summaries, tmp / "entries")
                cache = _EntryCache(entry_cache, authority_digest, reuse) if entry_cache else None
                for page in registers:
                    target = out_dir / f"{page}.html"
                    self._write_register(page, buckets, authority, empty, params, target, tmp, cache)
                    written.append(target)
                if cache is not None:
                    cache.prune()
            if "encoding" in pages:
                text = self._run(self._site, empty, "site", authority=authority, page="encoding", **params)
                if manual is not None:
                    text = text.replace(_MANUAL_MARK, manual, 1)
                target = out_dir / "encoding.html"
                atomic_write(target, text.encode("utf-8"))
                written.append(target)
        folder = _xslt_dir()
        for name in STATIC if static else ():
            target = out_dir / name
            atomic_write(target, (folder / name).read_bytes())
            written.append(target)
        return written

    def _write_index(
        self, summaries: list, authority, empty, params: dict, target: Path, tmp: Path, cache=None, digests=None
    ) -> None:
        """index.html: its frame from the stylesheet (header, a marker for the cards), then the
        records' cards, oldest first (as the stylesheet sorts them), a piece at a time (see
        :meth:`_append_pieces`).

        Each summary is parsed once: its day and stem (the order of the cards) are read, and
        its card, serialized, is set aside in a file, from which the pieces that are rendered
        take their cards. A piece is kept in *cache* by the digests of its cards (*digests*,
        one per summary, or the digests of the cards set aside), so a piece kept is copied
        without its cards being read again."""
        spool = tmp / "cards.xml"
        found = []  # (day, stem, position given, offset in the spool, length, digest)
        with open(spool, "wb") as fh:
            for i, (_, root) in enumerate(_summary_roots(summaries)):
                card = etree.tostring(_without_names(root))
                digest = digests[i] if digests is not None else hashlib.sha256(card).hexdigest()
                found.append((root.get("day", ""), root.get("stem", ""), i, fh.tell(), len(card), digest))
                fh.write(card)
        found.sort()
        stems = [item[1] for item in found]

        def keys(start: int, stop: int) -> bytes:
            return b"cards\0" + "".join(f"{item[1]}\0{item[5]}\0" for item in found[start:stop]).encode("utf-8")

        frame = self._run(self._site, empty, "site", authority=authority, page="index", skeleton=bool(found), **params)
        before, mark, after = frame.partition(_CARDS_MARK)
        with atomic_output(target) as tmp_page, open(tmp_page, "wb") as out, open(spool, "rb") as cards_fh:

            def cards(start: int, stop: int) -> list[bytes]:
                chosen = []
                for item in found[start:stop]:
                    cards_fh.seek(item[3])
                    chosen.append(cards_fh.read(item[4]))
                return chosen

            out.write(before.encode("utf-8"))
            if mark:
                self._append_pieces(out, stems, cards, tmp, cache, keys, authority=authority, page="index", cards=True, **params)
            out.write(after.encode("utf-8"))

    def _append_pieces(self, out, stems: list[str], items, tmp: Path, cache=None, keys=None, **run_params) -> None:
        """Render the summaries of the records *stems* (in the order shown) with the site
        stylesheet, a piece at a time (see :func:`_spans`), and append the output to the open
        file *out*: Saxon holds one piece, whatever the number of records.
        ``items(start, stop)`` gives the summaries of a piece, serialized. With *cache* (an
        :class:`_EntryCache`), a piece whose summaries and parameters did not change is
        copied from it, not rendered: an edit to one record renders one piece again. The
        piece is found there by its summaries, or, with ``keys(start, stop)``, by what that
        says of them (their digests), without asking *items* for them."""
        piece_in, piece_out = tmp / "piece.xml", tmp / "piece.html"
        signature = repr(sorted((k, v) for k, v in run_params.items() if k != "authority")).encode("utf-8")

        def piece_data(start: int, stop: int) -> bytes:
            return b"<summaries>" + b"".join(items(start, stop)) + b"</summaries>"

        for start, stop in _spans(stems):
            data = piece_data(start, stop) if keys is None else None
            kept = cache.piece(signature, data if keys is None else keys(start, stop)) if cache is not None else None
            if kept is not None and cache.reuse and kept.is_file():
                source = kept
            else:
                piece_in.write_bytes(data if data is not None else piece_data(start, stop))
                node = self._proc.parse_xml(xml_file_name=str(piece_in))
                self._run(self._site, node, "site", to_file=piece_out, **run_params)
                source = piece_out
                if kept is not None:
                    atomic_write(kept, piece_out.read_bytes())
            with open(source, "rb") as part:
                shutil.copyfileobj(part, out)
            out.write(b"\n")

    def _write_entry(self, page: str, key: str, names: Optional[Path], authority, empty, params: dict, target: Path, tmp: Path, cache=None) -> None:
        """One register entry's section, from the file of its names (see :func:`_bucket_names`).
        An entry named in many records (over _PIECE_BYTES of names) is written in pieces: its
        section from the spellings alone, with a marker for the links, then the records' links
        a piece at a time."""
        if names is None or names.stat().st_size <= _PIECE_BYTES:
            node = self._proc.parse_xml(xml_file_name=str(names)) if names is not None else empty
            self._run(self._site, node, "site", to_file=target, authority=authority, page=page, entry=key, **params)
            return
        stems, records, forms = _read_bucket(names)
        spellings = tmp / "spellings.xml"
        with open(spellings, "wb") as fh:
            one = etree.Element("summary")
            name = etree.SubElement(one, "name", key=key)
            for form in sorted(forms):
                words, _, cert = form[1:].partition(_CERT_MARK)
                mention = etree.SubElement(name, "mention", form=words)
                if form[0] == "r":
                    mention.set("rs", "yes")
                if cert:
                    mention.set("cert", cert)
            fh.write(b"<summaries>" + etree.tostring(one) + b"</summaries>")
        node = self._proc.parse_xml(xml_file_name=str(spellings))
        frame = self._run(self._site, node, "site", authority=authority, page=page, entry=key, skeleton=True, **params)
        before, mark, after = frame.partition(_LINKS_MARK)
        with open(target, "wb") as out:
            out.write(before.encode("utf-8"))
            if mark:
                self._append_pieces(
                    out, stems, lambda start, stop: records[start:stop], tmp, cache,
                    authority=authority, page=page, entry=key, **{"back-links": True}, **params,
                )
            out.write(after.encode("utf-8"))

    def _write_register(
        self, page: str, buckets: dict[str, Path], authority, empty, params: dict, target: Path, tmp: Path, cache=None
    ) -> None:
        """A register page: its frame from the stylesheet (header, contents, a marker for each
        entry), then each entry's section made from that entry's names alone (or taken from
        *cache*, an :class:`_EntryCache`, when they did not change)."""
        frame = self._run(self._site, empty, "site", authority=authority, page=page, skeleton=True, **params)
        pieces = _ENTRY_MARK.split(frame)
        fragment = tmp / "entry.html"
        with atomic_output(target) as tmp_page, open(tmp_page, "wb") as out:
            out.write(pieces[0].encode("utf-8"))
            for mark, after in zip(pieces[1::2], pieces[2::2]):
                key = urllib.parse.unquote(mark)
                kept = cache.path(page, key, buckets.get(key)) if cache is not None else None
                if kept is not None and cache.reuse and cache.has_entry(kept):
                    source = kept
                else:
                    before = set(cache.used) if cache is not None else set()
                    self._write_entry(page, key, buckets.get(key), authority, empty, params, fragment, tmp, cache)
                    source = fragment
                    if kept is not None:
                        cache.keep_entry(kept, fragment.read_bytes(), cache.used - before)
                with open(source, "rb") as part:
                    shutil.copyfileobj(part, out)
                out.write(b"\n")
                out.write(after.encode("utf-8"))


class _EntryCache:
    """Register entries' sections, and the pieces of long lists, kept between builds, each
    named by a digest of its inputs."""

    def __init__(self, folder: Path, authority_digest: str, reuse: bool = True):
        self.folder = Path(folder)
        self.reuse = reuse
        self.salt = "\0".join((authority_digest, _stylesheets_digest()))
        self.used: set[str] = set()

    def path(self, page: str, key: str, names: Optional[Path]) -> Path:
        h = hashlib.sha256("\0".join((self.salt, page, key)).encode("utf-8"))
        if names is not None:
            h.update(b"\0" + names.read_bytes())
        name = h.hexdigest() + ".html"
        self.used.add(name)
        return self.folder / name

    def has_entry(self, kept: Path) -> bool:
        """Whether the entry section *kept* is in the cache; if it is, the pieces it was made
        of are kept too (they are what an edit to the entry's records will reuse)."""
        if not kept.is_file():
            return False
        pieces = kept.with_suffix(".pieces")
        if pieces.is_file():
            self.used.update(pieces.read_text(encoding="ascii").split())
        return True

    def keep_entry(self, kept: Path, data: bytes, pieces: set[str]) -> None:
        """Keep an entry's section, and the names of the pieces it was made of (if any)."""
        if pieces:
            atomic_write(kept.with_suffix(".pieces"), "".join(f"{name}\n" for name in sorted(pieces)).encode("ascii"))
        atomic_write(kept, data)

    def piece(self, signature: bytes, data: bytes) -> Path:
        """Where the output of a piece of a long list is kept: by its run's parameters and its
        summaries (*data*: the summaries, or what identifies them, such as their digests)."""
        h = hashlib.sha256("\0".join((self.salt, "piece")).encode("utf-8"))
        h.update(b"\0" + signature + b"\0" + data)
        name = h.hexdigest() + ".html"
        self.used.add(name)
        return self.folder / name

    def prune(self) -> None:
        for old in self.folder.glob("*.html"):
            if old.name not in self.used:
                old.unlink(missing_ok=True)
        for old in self.folder.glob("*.pieces"):
            if old.with_suffix(".html").name not in self.used:
                old.unlink(missing_ok=True)


def _digest_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stylesheets_digest() -> str:
    """A digest of the stylesheets and the files beside them (what every page depends on)."""
    h = hashlib.sha256()
    folder = _xslt_dir()
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix in (".xsl", ".xml", ".css"):
            h.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


#: Where a register's frame wants an entry (see $skeleton in site.xsl).
_ENTRY_MARK = re.compile(r"<!--parley:entry:([^>]*?)-->")

#: Where the index's frame wants the record cards, and a large entry's its records' links.
_CARDS_MARK = "<!--parley:cards-->"
_LINKS_MARK = "<!--parley:links-->"

#: Long lists (the index's cards, a large entry's links) are rendered a piece at a time (see
#: _spans), at most _PIECE records a piece; an entry is large when the file of its names is
#: larger than _PIECE_BYTES.
_PIECE = 500
_PIECE_BYTES = 64 << 10
#: A piece ends, on average, every _PIECE_EVERY records.
_PIECE_EVERY = 32

#: At most this many entry files are open at once while the names are sorted into them.
_OPEN_BUCKETS = 256


def _bucket_names(summaries: Iterable[bytes | Path], folder: Path) -> dict[str, Path]:
    """Sort the ``<name>`` elements of the summaries into one file per authority key: each
    file a ``<summaries>`` document of one-name summaries (the record's stem, day and title
    kept), in the order given, and beside it an index (``.idx``: per summary, its record's
    day and stem, where it is in the file and the words for the entry it holds, see
    :func:`_forms_of`, as fields ended by NUL and records ended by U+0001, characters no XML
    text can hold), so that :func:`_read_bucket` need not parse it again. Returns key -> file. The summaries are read
    one at a time through the hardened parser."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    ends: dict[str, int] = {}  # key -> bytes written to its file so far
    handles: dict[str, tuple] = {}
    try:
        for source, root in _summary_roots(summaries):
            # The one-name summary's start tag, escaped by lxml: <summary stem=".." ...>
            head = etree.tostring(etree.Element("summary", root.attrib))[:-2] + b">"
            record = f"{root.get('day', '')}\0{root.get('stem', '')}\0".encode("utf-8")
            for name in root.findall("name"):
                key = name.get("key")
                pair = handles.get(key)
                if pair is None:
                    if len(handles) >= _OPEN_BUCKETS:
                        for xml_fh, idx_fh in handles.values():
                            xml_fh.close()
                            idx_fh.close()
                        handles.clear()
                    new = key not in files
                    path = files.setdefault(key, folder / f"{len(files)}.xml")
                    pair = handles[key] = (open(path, "ab"), open(path.with_suffix(".idx"), "ab"))
                    if new:
                        pair[0].write(b"<summaries>")
                        ends[key] = len(b"<summaries>")
                data = head + etree.tostring(name, with_tail=False) + b"</summary>"
                forms = "".join(f"\0{f}" for f in sorted(_forms_of(name)))
                pair[0].write(data)
                pair[1].write(record + f"{ends[key]}\0{len(data)}{forms}\1".encode("utf-8"))
                ends[key] += len(data)
    finally:
        for xml_fh, idx_fh in handles.values():
            xml_fh.close()
            idx_fh.close()
    for path in files.values():
        with open(path, "ab") as fh:
            fh.write(b"</summaries>")
    return files


def _spans(stems: list[str]) -> list[tuple[int, int]]:
    """The pieces a long list of records (by stem, in the order shown) is rendered in, as
    (start, stop) indexes. A piece ends after a record whose stem's digest is a multiple of
    _PIECE_EVERY, or at _PIECE records: where the pieces end depends on the records alone,
    not on their positions, so that editing, adding or removing a record changes the piece
    it is in and (but for the rare piece cut at _PIECE) no other."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, stem in enumerate(stems):
        cut = int.from_bytes(hashlib.sha256(stem.encode("utf-8")).digest()[:4], "big") % _PIECE_EVERY == 0
        if cut or i + 1 - start >= _PIECE:
            spans.append((start, i + 1))
            start = i + 1
    if start < len(stems):
        spans.append((start, len(stems)))
    return spans


#: Between a form and the certainty of its identification in an entry's index: a character
#: no XML text can hold (see :func:`_forms_of`).
_CERT_MARK = "\x02"


def _forms_of(name: etree._Element) -> set[str]:
    """The records' words for an entry in a summary's ``<name>``, as its index keeps them:
    "s" and a spelling of a name (a speaker label, a name), or "r" and a referring string
    (an ``rs``: "their emperor"), which the registers do not call a spelling; then, where
    the editors gave the identification a certainty (``@cert``: "South-Shanghai", low),
    _CERT_MARK and that certainty, which the registers state of a form that is nowhere sure.
    A possible mention's words are neither (see summary.xsl)."""
    forms = set()
    for child in name:
        form = child.get("form")
        if form and child.tag in ("speech", "mention"):
            cert = (child.get("cert") or "").strip() if child.tag == "mention" else ""
            forms.add(("r" if child.tag == "mention" and child.get("rs") else "s") + form + (_CERT_MARK + cert if cert else ""))
    return forms


def _read_bucket(path: Path) -> tuple[list[str], list[bytes], set[str]]:
    """The one-name summaries of an entry's names file (made by :func:`_bucket_names` from
    summaries the hardened parser accepted), oldest record first (the order of the
    registers): their records' stems, the summaries serialized, and the words for the entry
    they hold (see :func:`_forms_of`). Read through the file's index, without parsing it."""
    data = path.read_bytes()
    found = []
    forms: set[str] = set()
    index = path.with_suffix(".idx").read_bytes().decode("utf-8")
    for n, item in enumerate(index.split("\1")[:-1]):
        day, stem, offset, length, *spellings = item.split("\0")
        forms.update(spellings)
        found.append((day, stem, n, data[int(offset) : int(offset) + int(length)]))
    found.sort()
    return [item[1] for item in found], [item[3] for item in found], forms


def _without_names(root: etree._Element) -> etree._Element:
    """A summary without its names: the card the index shows."""
    for name in root.findall("name"):
        root.remove(name)
    return root


def split_summary(data: bytes) -> tuple[bytes, bytes]:
    """A record's summary in the two parts the site pages use: its card (title, date,
    participants, abstract: the index) and its names (what the registers link to). Both keep
    the record's stem, day and title."""
    root = parse_xml(data, "<summary>")
    card = etree.Element(root.tag, root.attrib)
    names = etree.Element(root.tag, root.attrib)
    for child in list(root):
        (names if child.tag == "name" else card).append(child)
    return (
        etree.tostring(card, encoding="utf-8", xml_declaration=True) + b"\n",
        etree.tostring(names, encoding="utf-8", xml_declaration=True) + b"\n",
    )


def _summary_roots(summaries: Iterable[bytes | Path]):
    """(source, root element) of each summary, checked by the hardened parser first (a
    summary file may have been tampered with: it is input like any other)."""
    for item in summaries:
        if isinstance(item, (str, Path)):
            source, data = str(item), Path(item).read_bytes()
        else:
            source, data = "<summary>", item
        root = parse_xml(data, source)
        if root.tag != "summary":
            raise InputError(Problem(source, 1, f"not a record summary (root element <{root.tag}>)", "bad-summary"))
        yield source, root


# ----------------------------------------------------------------------------------------
# The encoding manual (parley.schemadoc turns the ODD into HTML, when it is installed)

_UNSAFE_TAGS = ("script", "style", "link", "iframe", "object", "embed", "frame", "frameset", "meta", "base", "form")


def _manual(odd_path: Optional[Path]) -> tuple[Optional[str], str]:
    """The manual's body as HTML text, or None and a note saying why there is none."""
    try:
        from .schemadoc import odd_to_html  # written by another part of the project
    except ImportError:
        return None, (
            "The encoding manual is not available in this build: the module parley.schemadoc, "
            "which turns the project's ODD (schema/parley.odd) into HTML, is not installed."
        )
    if odd_path is None or not Path(odd_path).is_file():
        return None, "The encoding manual is not available in this build: the ODD file schema/parley.odd was not found."
    try:
        page = odd_to_html(Path(odd_path).read_bytes())
    except Exception as exc:  # the manual is a convenience; the site is built without it
        return None, f"The encoding manual is not available in this build: making it from the ODD failed ({exc})."
    return _manual_body(page), ""


def _manual_body(page: bytes) -> str:
    """The body of the manual page, without scripts, styles, event handlers or unsafe links."""
    doc = lxml_html.document_fromstring(page)
    body = doc.find("body")
    if body is None:
        body = doc
    for bad in body.xpath("|".join(f"//{t}" for t in _UNSAFE_TAGS)):
        bad.getparent().remove(bad)
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        for name in list(el.attrib):
            value = el.attrib[name]
            if name.lower().startswith("on") or name.lower() == "style":
                del el.attrib[name]
            elif name.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                if not _safe_url(value):
                    del el.attrib[name]
    # The page has its own <main>: the manual's landmarks become plain blocks inside it.
    for el in body.xpath("//main"):
        el.tag = "div"
    # Headings move down two levels, under the page's h1 and its "Encoding manual" h2.
    for level in range(6, 0, -1):
        for h in body.iter(f"h{level}"):
            h.tag = f"h{min(6, level + 2)}"
    parts = [lxml_html.tostring(child, encoding="unicode") for child in body]
    return (body.text or "") + "".join(parts)


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _safe_url(value: str) -> bool:
    """The same rule as the stylesheets: relative, fragment, http and https targets only."""
    v = re.sub(r"[\s\x00-\x1f\x7f]", "", value or "")
    if not v or "\\" in v or v.startswith("//"):
        return False
    if _SCHEME.match(v):
        return bool(re.match(r"^https?://[^/\\?#@\s]", v, re.IGNORECASE))
    return not re.match(r"^[^/?#]*:", v)


# ----------------------------------------------------------------------------------------


def _odd_for(tei_dir: Path) -> Optional[Path]:
    """The project ODD: shipped in the package ``parley.schema``, or ``schema/`` beside ``tei/``."""
    try:
        shipped = Path(str(resources.files("parley.schema"))) / "parley.odd"
        if shipped.is_file():
            return shipped
    except (ModuleNotFoundError, TypeError):
        pass
    local = Path(tei_dir).parent / "schema" / "parley.odd"
    return local if local.is_file() else None


def render_all(tei_dir: Path, out_dir: Path, renderer: Optional[Renderer] = None) -> list[Path]:
    """Render every record in *tei_dir* and the site pages into *out_dir*."""
    tei_dir, out_dir = Path(tei_dir), Path(out_dir)
    return render_paths(record_files(tei_dir), out_dir, renderer=renderer, odd_path=_odd_for(tei_dir))


def render_paths(
    records: list[Path], out_dir: Path, renderer: Optional[Renderer] = None, odd_path: Optional[Path] = None
) -> list[Path]:
    """Render the given records and the site pages around them into *out_dir*.

    The registers come from the ``authority.xml`` beside the first record that has one.
    """
    renderer = renderer or Renderer()
    written: list[Path] = []
    for path in records:
        written += renderer.render_record(Path(path), out_dir)
    authorities = [Path(p).parent / "authority.xml" for p in records]
    authority = next((a for a in authorities if a.is_file()), None)
    if odd_path is None and records:
        odd_path = _odd_for(Path(records[0]).parent)
    written += renderer.render_site_pages([Path(p) for p in records], authority, out_dir, odd_path)
    return written
