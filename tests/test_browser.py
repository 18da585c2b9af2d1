"""The edition site in a real browser: headless Chromium opens the pages from file://.

Driven by playwright with the system's Chromium (``/usr/bin/chromium``, or the path in
``PARLEY_CHROMIUM``); no browser is downloaded. The tests are skipped, saying why, only when
playwright or Chromium is missing; ``.ci/run`` installs Chromium, so they run in CI.
Screenshots go to ``build/test-artifacts/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, TEI

ARTIFACTS = ROOT / "build" / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
JULY = "1945-07-07-soong-stalin"
AUGUST = "1945-08-10-soong-stalin"


def _chromium() -> str | None:
    for candidate in (os.environ.get("PARLEY_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

CHROMIUM = _chromium()

pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="playwright is not installed (pip install -e '.[test]')"),
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium is not installed (apt-get install chromium, or set PARLEY_CHROMIUM to its path); .ci/run installs it",
    ),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from parley.render import render_all, render_paths

    out = tmp_path_factory.mktemp("browser-site")
    render_all(TEI, out)
    render_paths([FIXTURES / "foreign" / "hostile.xml"], out / "hostile-site")
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watch:
    """A page that records console errors, page errors, dialogs and every non-file request."""

    def __init__(self, browser, width=1280, height=900):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.network: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: None if r.url.startswith("file://") else self.network.append(r.url))

    def open(self, path: Path, fragment: str = ""):
        self.page.goto(path.resolve().as_uri() + (f"#{fragment}" if fragment else ""))
        self.page.wait_for_load_state("load")
        return self.page

    def clean(self):
        assert not self.errors, f"console errors: {self.errors}"
        assert not self.network, f"network requests: {self.network}"
        assert not self.dialogs, f"dialogs: {self.dialogs}"

    def close(self):
        self.context.close()


@pytest.fixture
def watch(browser):
    w = Watch(browser)
    yield w
    w.close()


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight && r.height > 0; }",
    )


def current_fragment(page) -> str:
    return page.evaluate("decodeURIComponent(location.hash.slice(1))")


def shot(page, name: str, full_page: bool = False):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def test_every_page_opens_offline_without_errors(site, watch):
    pages = sorted(site.glob("*.html")) + sorted(site.glob("*/*.html"))
    assert len(pages) >= 5 + 4
    for path in pages:
        watch.open(path)
        assert watch.page.title()
        # the local stylesheet is applied (a file:// page with a missing stylesheet looks bare)
        family = watch.page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "serif" in family.lower(), path.name
    watch.clean()


def test_views_screenshots(site, watch):
    page = watch.open(site / JULY / "reading.html")
    shot(page, "reading-top.png")
    page = watch.open(site / JULY / "reading.html", f"rec-{JULY}-sp053")
    shot(page, "reading.png")
    page = watch.open(site / JULY / "diplomatic.html", f"rec-{JULY}-sp053")
    shot(page, "diplomatic.png")
    page = watch.open(site / "persons.html", "stalin")
    shot(page, "persons.png")
    page = watch.open(site / "index.html")
    shot(page, "index.png", full_page=True)
    watch.clean()


def test_footnote_goes_to_its_note_and_back(site, watch):
    page = watch.open(site / AUGUST / "reading.html")
    marker = page.locator("a.fn-ref").first
    marker_id = marker.get_attribute("id")
    note_id = marker.get_attribute("href")[1:]
    marker.click()
    assert current_fragment(page) == note_id
    assert in_viewport(page, f"[id='{note_id}']")
    shot(page, "footnote-note.png")
    page.locator(f"[id='{note_id}'] a.back").click()
    assert current_fragment(page) == marker_id
    assert in_viewport(page, f"[id='{marker_id}']")
    shot(page, "footnote-back.png")
    watch.clean()


def reaches_entry(page, link, register: str, key: str, heading: str) -> None:
    """Clicking *link* opens the register page at the entry *key*, in view, under its heading."""
    link.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith("/" + register)
    assert current_fragment(page) == key
    assert in_viewport(page, f"[id='{key}']")
    assert heading in page.locator(f"[id='{key}'] h2").inner_text()


def test_name_link_reaches_its_register_entry(site, watch):
    page = watch.open(site / JULY / "reading.html")
    link = page.locator("#_transcript a.name[href*='places.html#dekastri']").first
    reaches_entry(page, link, "places.html", "dekastri", "De-Kastri")
    # and the register entry links back to that very mention
    back = page.locator(f"#dekastri a[href='{JULY}/reading.html#rec-{JULY}-pl01']")
    assert back.count() == 1
    back.click()
    page.wait_for_load_state("load")
    assert current_fragment(page) == f"rec-{JULY}-pl01"
    assert in_viewport(page, f"[id='rec-{JULY}-pl01']")
    watch.clean()


def test_event_reference_reaches_the_events_register(site, watch):
    page = watch.open(site / AUGUST / "reading.html", f"rec-{AUGUST}-sp051")
    # The reference has a name inside (Mukden): links do not nest, so the name keeps its own
    # link and the reference links from the marker after its words.
    link = page.locator("#_transcript a.to-entry[href='../events.html#mukden-incident']")
    assert link.count() == 1
    reference = link.locator("xpath=..")
    assert "outer" in reference.get_attribute("class")
    mention = reference.get_attribute("id")
    # The place inside the reference shows its standard form on demand, above the event's.
    place = reference.locator("a.placeName")
    place.hover()
    assert "Shenyang" in place.locator(".tip").inner_text()
    # keyboard: the marker takes focus, shows the event's standard name, and is big enough to tap
    link.focus()
    tip = reference.locator(":scope > .tip")
    assert "Mukden Incident" in tip.inner_text() and tip.bounding_box()["width"] > 20
    box = link.bounding_box()
    assert box and box["width"] >= 12 and box["height"] >= 12
    reaches_entry(page, link, "events.html", "mukden-incident", "Mukden Incident")
    shot(page, "events.png")
    back = page.locator(f"#mukden-incident a[href='{AUGUST}/reading.html#{mention}']")
    assert back.count() == 1 and back.get_attribute("aria-label") == "turn 51" and back.inner_text() == "51"
    back.click()
    page.wait_for_load_state("load")
    assert current_fragment(page) == mention and in_viewport(page, f"[id='{mention}']")
    # and the name inside it reaches its own entry
    reaches_entry(page, page.locator(f"[id='{mention}'] a.placeName"), "places.html", "shenyang", "Shenyang")
    watch.clean()


def test_speaker_label_as_printed_with_standard_name_on_demand(site, watch):
    page = watch.open(site / AUGUST / "reading.html", f"rec-{AUGUST}-sp051")
    label = page.locator(f"[id='rec-{AUGUST}-sp051'] p.speaker a")
    tip = label.locator(".tip")
    hidden = tip.bounding_box()
    assert hidden is None or hidden["width"] <= 1
    label.focus()
    assert "Wang Shijie" in tip.inner_text() and "not certain" in tip.inner_text() and tip.bounding_box()["width"] > 20
    # what a screen reader or a copy of the text gets: the label, then the explanation apart
    assert " ".join(page.locator(f"[id='rec-{AUGUST}-sp051'] p.speaker").text_content().split()) == (
        "Wang: (Wang Shijie; identification of high confidence, not certain)")
    reaches_entry(page, label, "persons.html", "wang", "Wang Shijie")
    watch.clean()


def test_view_switch_keeps_the_turn(site, watch):
    turn = f"rec-{AUGUST}-sp103"
    page = watch.open(site / AUGUST / "reading.html", turn)
    page.locator(f"[id='{turn}'] a.switch").click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith("/diplomatic.html")
    assert current_fragment(page) == turn
    assert in_viewport(page, f"[id='{turn}']")
    assert "Kalkhim (?)" in page.locator(f"[id='{turn}']").inner_text()
    page.locator(f"[id='{turn}'] a.switch").click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith("/reading.html") and current_fragment(page) == turn
    watch.clean()


def test_standard_form_on_demand_by_keyboard_and_switch(site, watch):
    page = watch.open(site / AUGUST / "reading.html", f"rec-{AUGUST}-sp103")
    name = page.locator(f"[id='rec-{AUGUST}-pl02']")  # Kalkhim (Kwantung, earlier, is pl01)
    tip = name.locator(".tip")
    hidden = tip.bounding_box()
    assert hidden is None or hidden["width"] <= 1
    name.focus()  # keyboard: the name link takes focus and shows its standard form
    box = tip.bounding_box()
    assert box and box["width"] > 20 and "Khalkhin Gol" in tip.inner_text()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "visible focus"
    shot(page, "tip-focus.png")
    # touch and print: a switch shows every standard form and source reading in the text
    page.locator("#_show-tips").check()
    first_tip = page.locator("#_transcript a.name.has-tip .tip").first
    box = first_tip.bounding_box()
    assert box and box["width"] > 1 and first_tip.evaluate("el => getComputedStyle(el).position") == "static"
    shot(page, "tips-shown.png")
    watch.clean()


def test_print_stylesheet(site, watch):
    page = watch.open(site / JULY / "reading.html")
    page.emulate_media(media="print")
    assert page.locator("header.site").evaluate("el => getComputedStyle(el).display") == "none"
    assert page.locator("a.switch").first.evaluate("el => getComputedStyle(el).display") == "none"
    assert page.locator("#_notes").evaluate("el => getComputedStyle(el).display") != "none"
    tip = page.locator(".transcript .tip:not(.note-tip)").first
    assert tip.evaluate("el => getComputedStyle(el).display") == "none"  # on paper, not unless asked
    page.emulate_media(media="screen")
    page.check("#_show-tips")
    page.emulate_media(media="print")
    assert tip.evaluate("el => getComputedStyle(el).display") != "none"  # the switch shows them in print too
    watch.clean()


def test_narrow_screen(site, browser):
    w = Watch(browser, width=390, height=844)
    try:
        page = w.open(site / JULY / "reading.html", f"rec-{JULY}-sp054")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, "no horizontal scrolling on a phone"
        shot(page, "reading-phone.png")
        page = w.open(site / "events.html", "sino-jap-war")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, "no horizontal scrolling on a phone (events register)"
        shot(page, "events-phone.png")
        w.clean()
    finally:
        w.close()


def test_hostile_tei_is_inert_in_the_browser(site, watch):
    for view in ("reading", "diplomatic"):
        page = watch.open(site / "hostile-site" / "hostile" / f"{view}.html")
        for link in page.locator("#_transcript a[href], #_about a[href]").all():
            link.hover(force=True)
        page.locator("#_transcript").click(position={"x": 10, "y": 10})
        shot(page, f"hostile-{view}.png", full_page=True)
    watch.open(site / "hostile-site" / "index.html")
    watch.clean()
