"""Property tests on generated transcripts: convert never crashes, the round trip holds,
every "[X]" yields one supplied and every queried reading one unclear."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from parley.encode import convert_bytes
from test_encode import NS, diplomatic_tokens

WORDS = ["we", "agree", "the", "railway", "port", "treaty", "question", "frontier", "troops", "map", "today", "not", "will", "and", "of", "Chiang", "Dairen", "Outer Mongolia", "Kowloon", "Molotov", "communists"]
SPEAKERS = ["Stalin", "Soong", "Molotov", "Wang", "[Joseph] Stalin", "[T.V] Soong", "Lossovski", "Fu"]
BRACKETED = st.sampled_from(["Kai-shek", "Joseph", "T.V", "sic", "and", "the port"])
QUERIED = st.sampled_from(["De Castri", "Kalkhim", "what", "Hingan", "the zone"])


@st.composite
def sentence(draw):
    tokens = []
    n_supplied = n_queried = 0
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["word"] * 6 + ["supplied", "query-in", "query-after"]))
        if kind == "word":
            tokens.append(draw(st.sampled_from(WORDS)))
        elif kind == "supplied":
            tokens.append(f"[{draw(BRACKETED)}]")
            n_supplied += 1
        elif kind == "query-in":
            tokens.append(f"({draw(QUERIED)}?)")
            n_queried += 1
        else:
            tokens.append(f"{draw(QUERIED)} (?)")
            n_queried += 1
    text = " ".join(tokens)
    return text[0].upper() + text[1:] + draw(st.sampled_from([".", "?", "!", ""])), n_supplied, n_queried


@st.composite
def transcript(draw):
    day = draw(st.integers(1, 28))
    month = draw(st.sampled_from(["June", "July", "August"]))
    start = draw(st.integers(1, 11))
    sep = draw(st.sampled_from([" - ", " – ", " to "]))
    lines = [f"{day} {month} 1945, {start}:00{sep}{start + 1}:30 p.m."]
    supplied = queried = 0
    turns = []
    for i in range(draw(st.integers(1, 8))):
        speaker = draw(st.sampled_from(SPEAKERS))
        s, a, b = draw(sentence())
        supplied += a + speaker.count("[")
        queried += b
        lines.append(f"{speaker}: {s}")
        turns.append(speaker)
        for _ in range(draw(st.integers(0, 2))):
            kind = draw(st.sampled_from(["p", "item", "stage"]))
            s, a, b = draw(sentence())
            if kind == "stage":
                lines.append(draw(st.sampled_from(["(He reads the draft).", "(pause)", "(Stalin laughs)"])))
                continue
            supplied += a
            queried += b
            lines.append(f"{draw(st.integers(1, 9))}) {s}" if kind == "item" else s)
    header = [
        "Skip to content",
        f"{month} {day}, 1945",
        "Record of a Meeting Between T. V. Soong and Stalin",
        "This document was made possible with support from Chun & Jane Chiu Family Foundation",
    ]
    trailer = [
        "A generated summary of the meeting.",
        "Document Information",
        "Victor Hoo Collection, box 6, folder 9, Hoover Institution Archives. Contributed by David Wolff.",
        "Some rights text.",
        "Meeting Notes",
    ]
    sep_lines = draw(st.sampled_from(["\n\n", "\n\n\n", "\n"]))
    text = "\n\n".join(header) + "\n\n" + sep_lines.join(lines) + "\n\n" + "\n\n".join(trailer) + "\n"
    return text, lines, supplied, queried


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcript())
def test_generated_transcripts_round_trip(authority, editorial, case):
    text, body_lines, n_supplied, n_queried = case
    data, problems, record = convert_bytes(text.encode("utf-8"), "gen.txt", "gen", authority, editorial)
    root = etree.fromstring(data)
    # The round trip: the diplomatic projection is the record, word for word, in order.
    assert diplomatic_tokens(root) == " ".join(body_lines).split()
    body = root.find(".//t:body", NS)
    assert len(body.findall(".//t:supplied", NS)) == n_supplied
    assert len(body.findall(".//t:unclear", NS)) == n_queried
    assert all(u.get("reason") == "queried" for u in body.iterfind(".//t:unclear", NS))
    # Every queried reading is followed by an editorial note.
    notes = body.findall(".//t:note[@type='editorial']", NS)
    assert len(notes) >= n_queried
    assert not [p for p in problems if p.severity == "error"]
