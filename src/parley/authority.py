"""The authority lists: persons, places, organisations and events (``tei/authority.xml``).

The authority file is curated data, edited by people and read by the converter. The
preferred form and the record's spellings (``type="variant"``) of a
``persName``/``placeName``/``orgName`` entry are names the converter tags in the text (other
forms, ``type="alt"``, ``"birth"``, ``"abbreviation"``, are not); a variant's
``@cert`` is carried onto the tagged name. Adding an entry, or a spelling to an entry, is all
it takes to tag a new name.

Events (``listEvent/event``, with ``eventName``s) are entries too, pointed to as
``event:KEY``, but their names are never tagged automatically: the records refer to events
in words that are not names ("the treaties"), and the editorial table tags each reference
in context (``rs type="event"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from lxml import etree

from .problems import InputError, Problem
from .xml import TEI_NS, curated_standoff, parse_xml, plain_cause

T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: entry kind -> (TEI entry element, name element, private URI prefix)
KINDS = {
    "person": ("person", "persName", "pers"),
    "place": ("place", "placeName", "place"),
    "org": ("org", "orgName", "org"),
    "event": ("event", "eventName", "event"),
}
#: The kinds whose names the converter tags wherever they occur (not events).
TAGGED_KINDS = frozenset(("person", "place", "org"))
PREFIX_KIND = {prefix: kind for kind, (_, _, prefix) in KINDS.items()}
#: The types of an entry's other forms: never tagged (the schema's manual says so).
OTHER_FORMS = frozenset(("alt", "birth", "abbreviation"))


@dataclass(frozen=True)
class Name:
    text: str
    cert: Optional[str] = None
    lang: Optional[str] = None
    type: Optional[str] = None


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str  # person | place | org | event
    preferred: str
    names: tuple[Name, ...]
    note: str = ""
    type: str = ""
    line: int = 0

    @property
    def prefix(self) -> str:
        return KINDS[self.kind][2]

    @property
    def ref(self) -> str:
        """The private URI used in the records: ``pers:stalin``."""
        return f"{self.prefix}:{self.key}"

    @property
    def element(self) -> str:
        return KINDS[self.kind][1]


@dataclass(frozen=True)
class Authority:
    entries: dict[str, Entry]
    path: str = "authority.xml"

    def get(self, key: str) -> Optional[Entry]:
        return self.entries.get(key)

    def resolve_ref(self, ref: str) -> Optional[Entry]:
        """``pers:stalin`` -> the entry, if the prefix agrees with the entry's kind."""
        prefix, _, key = ref.partition(":")
        entry = self.entries.get(key)
        if entry is None or PREFIX_KIND.get(prefix) != entry.kind:
            return None
        return entry

    def tagging_names(self) -> list[tuple[str, Entry, Optional[str]]]:
        """Every taggable name (text, entry, cert), longest first, then alphabetical.

        Only names in the record's language are used (forms with another ``xml:lang``, such
        as Russian or Chinese, are for registers and search), only the preferred names and the
        record's spellings (other forms, ``type="alt"``, ``"birth"`` or ``"abbreviation"``, are
        never tagged: "Roosevelt, Franklin D.", "Skryabin"), and only the names of persons,
        places and organisations (events are tagged by the editorial table).
        """
        seen: dict[str, tuple[str, Entry, Optional[str]]] = {}
        for entry in self.entries.values():
            if entry.kind not in TAGGED_KINDS:
                continue
            for name in entry.names:
                if name.lang not in (None, "en") or name.type in OTHER_FORMS:
                    continue
                if name.text in seen and seen[name.text][1].key != entry.key:
                    # The same spelling for two entries: tag neither automatically.
                    seen[name.text] = (name.text, seen[name.text][1], "ambiguous")
                    continue
                seen.setdefault(name.text, (name.text, entry, name.cert))
        names = [v for v in seen.values() if v[2] != "ambiguous"]
        return sorted(names, key=lambda v: (-len(v[0]), v[0]))

    def name_index(self) -> dict[str, list[tuple[str, Entry, Optional[str]]]]:
        """The taggable names by their first word (``"Outer"`` -> ``"Outer Mongolia"``), each
        list longest first: the converter looks names up word by word."""
        cache = self.__dict__.setdefault("_name_index", {})
        if not cache:
            for name, entry, cert in self.tagging_names():
                m = re.match(r"\w+", name)
                if m:
                    cache.setdefault(m.group(), []).append((name, entry, cert))
        return cache

    def person_by_name(self, name: str) -> Optional[str]:
        """The key of the person one of whose names is *name* (exact, then folded case)."""
        return self._by_name("person").get(name) or self._by_name("person", fold=True).get(name.casefold())

    def person_name_cert(self, name: str) -> Optional[str]:
        """The editors' confidence (``@cert``) in the identification made by the person's
        name *name*, as :meth:`person_by_name` finds it; None: certain (no ``@cert``)."""
        key = self.person_by_name(name)
        if key is None:
            return None
        for fold in (False, True):
            wanted = " ".join((name.casefold() if fold else name).replace("[", "").replace("]", "").split())
            for n in self.entries[key].names:
                text = " ".join((n.text.casefold() if fold else n.text).replace("[", "").replace("]", "").split())
                if text == wanted:
                    return n.cert
        return None

    def _by_name(self, kind: str, fold: bool = False) -> dict[str, str]:
        cache_key = (kind, fold)
        cache = self.__dict__.setdefault("_name_cache", {})
        if cache_key not in cache:
            table: dict[str, str] = {}
            for entry in self.entries.values():
                if entry.kind != kind:
                    continue
                for n in entry.names:
                    k = n.text.casefold() if fold else n.text
                    k = " ".join(k.replace("[", "").replace("]", "").split())
                    table.setdefault(k, entry.key)
            cache[cache_key] = table
        return cache[cache_key]


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def parse_authority(root: etree._Element, path: str = "authority.xml") -> Authority:
    """Read the entries of an authority document (the ``standOff`` lists). Raises
    InputError naming *path* when the document is not an authority file or an entry is
    broken."""
    stand_off = curated_standoff(root, path, "authority")
    entries: dict[str, Entry] = {}
    problems: list[Problem] = []
    for kind, (tag, name_tag, _) in KINDS.items():
        # An event entry is a child of a listEvent of the standOff (not the editorial table's
        # meetings), as in parley.sch and site.xsl; the events inside it are its occasions.
        found = stand_off.iter(T + tag) if kind != "event" else stand_off.xpath("t:listEvent[not(@type = 'meetings')]/t:event", namespaces={"t": TEI_NS})
        for el in found:
            key = el.get(XML_ID)
            if not key:
                problems.append(Problem(path, el.sourceline or 0, f"<{tag}> without xml:id", "authority-no-id"))
                continue
            names = tuple(
                Name(_text(n), n.get("cert"), n.get(XML_LANG), n.get("type"))
                for n in el.findall(T + name_tag)
                if _text(n)
            )
            preferred = next((n.text for n in names if n.type == "preferred"), None)
            if preferred is None:
                problems.append(
                    Problem(path, el.sourceline or 0, f"entry '{key}' has no {name_tag} type=\"preferred\"", "authority-no-preferred")
                )
                continue
            if key in entries:
                problems.append(Problem(path, el.sourceline or 0, f"duplicate xml:id '{key}'", "authority-duplicate-id"))
                continue
            note_el = el.find(f"{T}note[@type='identification']")
            entries[key] = Entry(
                key=key,
                kind=kind,
                preferred=preferred,
                names=names,
                note=_text(note_el) if note_el is not None else "",
                type=el.get("type", ""),
                line=el.sourceline or 0,
            )
    if problems:
        raise InputError(problems)
    return Authority(entries, path)


def load_authority(path: Path | str, name: Optional[str] = None) -> Authority:
    """The authority file at *path* (reported as *name*, default: the path). InputError when
    it is missing, unreadable, not well-formed or not an authority file."""
    path = Path(path)
    name = name or path.as_posix()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            Problem(name, 0, "authority file not found (looked for it here): every record is converted against one; "
                    "`parley convert` takes another with --authority FILE", "authority-missing")
        ) from None
    except OSError as exc:
        raise InputError(Problem(name, 0, f"cannot read the authority file ({plain_cause(exc, path)})", "authority-unreadable")) from None
    root = parse_xml(data, name)
    return parse_authority(root, name)


WIKIDATA_RE = re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$")


def iter_refs(root: etree._Element) -> Iterable[tuple[etree._Element, str, str]]:
    """Every pointer attribute in a record: (element, attribute name, value token)."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("ref", "who", "sameAs", "target", "corresp"):
            value = el.get(attr)
            if value:
                for token in value.split():
                    yield el, attr, token
