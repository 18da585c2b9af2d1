"""The authority file's events are those of the authority facts (section 5 of the project's
reference, authority-facts.md), with the facts' dates and confidence, typed here from that
table (not read from the authority file), and nothing the facts do not give; its names'
variants are spellings of the records."""

from __future__ import annotations

import re

from lxml import etree

from conftest import RECORDS, TEI

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
DATES = ("when", "from", "to", "notBefore", "notAfter")

#: key -> (date attributes, dates of the occasions inside, confidence below certain) as
#: authority-facts.md section 5 gives them: "Aug 1945" is a month, "1911; 1921" two
#: occasions (no range between them), "1940–41" a period (that of the two dated agreements
#: the identification names), "medium-high" medium.
FACTS = {
    "yalta-agreement": ({"when": "1945-02-11"}, [], None),  # 11 Feb 1945, certain
    "yalta-conf": ({"from": "1945-02-04", "to": "1945-02-11"}, [], None),  # 4–11 Feb 1945
    "sun-joffe": ({"when": "1923-01-26"}, [], None),  # 26 Jan 1923
    "mpr-constitution": ({}, [{"when": "1924"}, {"when": "1940"}], "high"),  # 1924 / 1940, high
    "soviet-drafts": ({"when": "1945-07-07"}, [], None),  # 7 Jul 1945
    "treaty-1945": ({"when": "1945-08-14"}, [], None),  # 14 Aug 1945
    "declaration": ({"when": "1945-08"}, [], None),  # Aug 1945
    "agreed-minutes": ({"when": "1945-08"}, [], "high"),  # Aug 1945, high
    "mukden-incident": ({"when": "1931-09-18"}, [], None),  # 18 Sep 1931
    "cer-sale": ({"when": "1935-03-23"}, [], None),  # 23 Mar 1935 (ref.)
    "sino-jap-war": ({"from": "1937", "to": "1945"}, [], None),  # 1937–1945
    # Aug 1945: the declaration of war (8 Aug 1945) and the offensive (from 9 Aug 1945)
    "soviet-entry": ({"when": "1945-08"}, [{"when": "1945-08-08"}, {"from": "1945-08-09"}], None),
    "jap-offer": ({"when": "1945-08-10"}, [], None),  # 10 Aug 1945
    "mongol-indep": ({}, [{"when": "1911"}, {"when": "1921"}], "high"),  # 1911; 1921, high
    "white-russians": ({"from": "1920", "to": "1921"}, [], "high"),  # 1920–21, high (implied)
    "finnish-indep": ({"when": "1917-12-31"}, [], None),  # 31 Dec 1917 (ref.)
    # 1940–41: the agreement of 9 June 1940 and that of 15 Oct 1941; medium-high
    "east-frontier-agreement": ({"from": "1940", "to": "1941"}, [{"when": "1940-06-09"}, {"when": "1941-10-15"}], "medium"),
    "ospan-1944": ({"when": "1944"}, [], "high"),  # 1944, high
}


def events() -> dict[str, etree._Element]:
    root = etree.parse(str(TEI / "authority.xml")).getroot()
    return {e.get(XML_ID): e for e in root.iterfind("t:standOff/t:listEvent/t:event", NS)}


def dates(el: etree._Element) -> dict[str, str]:
    return {a: el.get(a) for a in DATES if el.get(a) is not None}


def test_every_identified_event_of_the_facts_and_no_other():
    # The facts' nineteenth row, "atlas", is not identified: no entry.
    assert sorted(events()) == sorted(FACTS)
    assert "atlas" not in events()


def test_events_carry_the_facts_dates_and_confidence():
    for key, el in events().items():
        own, occasions, cert = FACTS[key]
        assert dates(el) == own, key
        assert [dates(o) for o in el.iterfind("t:event", NS)] == occasions, key
        assert el.get("cert") == cert, key


def test_an_events_own_date_holds_its_occasions():
    """An event dated as a whole by its sources (a period, a month) and on several occasions:
    every occasion falls within the whole (the README's rule: the whole's date is the sources',
    never a range made up between the occasions, which have their own)."""
    checked = 0
    for key, el in events().items():
        own = dates(el)
        for occasion in el.iterfind("t:event", NS):
            if not own:
                continue
            day = (occasion.get("when") or occasion.get("from"))
            if "when" in own:
                assert day.startswith(own["when"]), key
            else:
                assert own["from"] <= day[: len(own["from"])] and day[: len(own["to"])] <= own["to"], key
            checked += 1
    assert checked == 4  # east-frontier-agreement (1940–41) and soviet-entry (August 1945)


def test_events_are_entries_like_the_others():
    for key, el in events().items():
        assert len(el.xpath("t:eventName[@type='preferred']", namespaces=NS)) == 1, key
        assert len(el.xpath("t:note[@type='identification']", namespaces=NS)) == 1, key
        assert el.get("type"), key
        assert el.find("t:idno", NS) is None, key  # the facts give no identifier
        for occasion in el.iterfind("t:event", NS):
            assert occasion.findtext("t:label", namespaces=NS).strip(), key
    names = {k: [n.text for n in el.iterfind("t:eventName", NS)] for k, el in events().items()}
    assert names["mukden-incident"][:2] == ["Mukden Incident", "Mukden incident"]
    assert "Treaty of Alliance and Friendship" in names["treaty-1945"]


def test_the_library_reads_events_but_never_tags_them(authority):
    entry = authority.resolve_ref("event:mukden-incident")
    assert entry is not None and entry.kind == "event" and entry.preferred == "Mukden Incident"
    assert authority.resolve_ref("place:mukden-incident") is None
    assert {e.key for e in authority.entries.values() if e.kind == "event"} == set(FACTS)
    assert not any(e.kind == "event" for _, e, _ in authority.tagging_names())


def _as_written(el: etree._Element) -> str:
    """A name or label of a record as the record writes it: the transcript's supplements in
    their brackets ("[T.V] Soong"), the source's readings of choices, no notes."""

    def text(e) -> str:
        name = etree.QName(e).localname
        if name in ("corr", "reg", "expan", "note", "certainty"):
            return ""
        inner = (e.text or "") + "".join(text(c) + (c.tail or "") for c in e)
        return f"[{inner}]" if name == "supplied" else inner

    return " ".join(text(el).split()).rstrip(":").strip()


def test_every_variant_is_a_spelling_of_the_records():
    """type="variant" is "a spelling found in the records" (the manual), and the registers show
    it as one: each variant of a person, place or organisation is the whole of a name or a
    speaker label of a record, as written there, or stands in a record's header (a source
    description: "Victor Hoo", "Hoover Institution Archives"). Neither a form made by
    dropping a supplement's brackets ("T.V Soong", of "[T.V] Soong") nor a part of a longer
    name ("Hsiung", of "General Hsiung") is one."""
    root = etree.parse(str(TEI / "authority.xml")).getroot()
    forms: set[str] = set()
    headers = []
    for stem in RECORDS:
        tei = etree.parse(str(TEI / f"{stem}.xml")).getroot()
        for el in tei.xpath("//t:text//*[@ref] | //t:abstract//*[@ref] | //t:speaker", namespaces=NS):
            forms.add(_as_written(el))
        headers.append(" ".join(tei.find("t:teiHeader", NS).itertext()))
    assert "[T.V] Soong" in forms and "General Hsiung" in forms
    wrong = []
    for v in root.xpath("t:standOff/*[not(self::t:listEvent)]//*[@type = 'variant']", namespaces=NS):
        text = " ".join(v.text.split())
        if text not in forms and not any(re.search(rf"(?<!\w){re.escape(text)}(?!\w)", h) for h in headers):
            wrong.append((v.getparent().get(XML_ID), text))
    assert wrong == []


def test_a_supplemented_speaker_label_needs_no_variant_without_its_brackets(authority):
    """The label "[T.V] Soong:" names Soong as the recorder wrote it ("Soong"), the archive's
    supplement aside: the authority file need not hold "T.V Soong", which no record has."""
    from parley.parse import recorded_name, resolve_label

    assert authority.person_by_name("T.V Soong") is None
    assert recorded_name("[T.V] Soong:") == "Soong"
    assert resolve_label("[T.V] Soong:", authority.person_by_name) == "soong"
    assert resolve_label("[Joseph] Stalin:", authority.person_by_name) == "stalin"
    assert resolve_label("[Nobody] Known:", authority.person_by_name) is None
    assert resolve_label("[Soong]:", lambda name: {"Soong": "soong"}.get(name)) == "soong"


def test_other_forms_are_never_tagged(authority):
    """The manual: type="alt" is "another form, not in the records; never tagged" (and so are
    birth names and abbreviations): the converter's names are the preferred forms and the
    variants alone."""
    from parley.authority import Name, parse_authority

    tagged = {text for text, _, _ in authority.tagging_names()}
    assert {"Stalin", "Joseph Stalin", "General Hsiung"} <= tagged
    assert not {"Roosevelt, Franklin D.", "Skryabin", "Nomonhan", "Kalgan", "Mantetsu"} & tagged
    root = etree.fromstring(
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><standOff><listPerson><person xml:id="x">'
        b'<persName type="preferred">Ix</persName><persName type="variant">Iks</persName>'
        b'<persName type="alt">Eks</persName><persName type="birth">Ecks</persName></person>'
        b"</listPerson></standOff></TEI>")
    entry = parse_authority(root).get("x")
    assert Name("Eks", type="alt") in entry.names  # read, for registers and search
    assert sorted(t for t, _, _ in parse_authority(root).tagging_names()) == ["Iks", "Ix"]


#: authority-facts.md section 2: the persons whose life dates are marked "(ref.)", "standard
#: reference dates that were not re-checked against a source"; the others' dates name a
#: source (Soong: Boorman; Wang: Boorman, Munzinger; Fu: memim.com, the English Wikipedia;
#: Ospan: executed at Ürümqi, 29 Apr 1951) or are not marked (Soong's death, 1971).
REFERENCE_DATED = {"stalin", "molotov", "chiang", "lozovsky", "antonov", "tojo", "togo", "hirohito", "sun", "joffe",
                   "yuan", "sheng", "hsiung", "fdr", "churchill"}


def persons() -> dict[str, etree._Element]:
    root = etree.parse(str(TEI / "authority.xml")).getroot()
    return {e.get(XML_ID): e for e in root.iterfind("t:standOff/t:listPerson/t:person", NS)}


def test_life_dates_say_whether_they_were_checked():
    """A life date the facts mark "(ref.)" says so in the authority file, as data the
    registers show ("standard reference date"), not in the stylesheet; no other does."""
    for key, el in persons().items():
        for life in el.iterfind("t:birth", NS), el.iterfind("t:death", NS):
            for date in life:
                said = " ".join("".join(date.itertext()).split())
                if key in REFERENCE_DATED:
                    assert said == "standard reference date", key
                else:
                    assert "standard reference" not in said, key
        if key in REFERENCE_DATED:
            assert el.find("t:birth", NS) is not None and el.find("t:death", NS) is not None, key


def test_disputed_life_dates_are_the_facts_not_a_range():
    """Wang Shijie: "Born 10 Mar 1891 per Boorman, BDRC. Munzinger gives 1897 as the birth
    year and April 1981 as the death date": conflicting reports, not a range between them.
    Fu Bingchang: "1895 or 1896 ... Sources disagree: memim.com gives 16 Feb 1896 ...;
    en.wikipedia gives 1895": no source preferred, so the two years, and both sources."""
    wang, fu, soong = persons()["wang"], persons()["fu"], persons()["soong"]
    birth = wang.find("t:birth", NS)
    assert dates(birth) == {"when": "1891-03-10"} and birth.text == "Boorman, Biographical Dictionary of Republican China; Munzinger gives 1897"
    death = wang.find("t:death", NS)
    assert dates(death) == {"when": "1981-04"} and death.text == "Munzinger"
    birth = fu.find("t:birth", NS)
    assert dates(birth) == {"notBefore": "1895", "notAfter": "1896"}
    assert birth.text == "16 February 1896 per memim.com; 1895 per the English Wikipedia"
    assert dates(soong.find("t:birth", NS)) == {"when": "1894-12-04"} and "Boorman" in soong.find("t:birth", NS).text
    for key, el in persons().items():  # no other range
        for date in el.iterfind("t:birth", NS):
            assert "notBefore" not in dates(date) or key == "fu", key


def test_identifications_say_no_office_the_facts_do_not_give():
    """Yuan Shikai: the facts say "President of the Republic of China, 1912/13–1916", not
    that he was the first; Roosevelt and Churchill: "Yalta signatory", no office."""
    notes = {k: " ".join(el.findtext("t:note[@type='identification']", namespaces=NS).split()) for k, el in persons().items()}
    assert notes["yuan"].startswith("President of the Republic of China, 1912/13–1916") and "First" not in notes["yuan"]
    for key in ("fdr", "churchill"):
        assert notes[key].startswith("Signatory of the Yalta agreement"), key
        assert not any(word in notes[key] for word in ("President", "Prime Minister", "United States", "British")), key
        assert persons()[key].find("t:occupation", NS) is None, key
