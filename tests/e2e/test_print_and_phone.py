"""Pages a patient can use anywhere: on paper (from the PDF Chromium makes), on a 390 px and
a 320 px phone, with weak hands (44 x 44 px targets), in both screen and print media.

Few tests, each covering several pages.
"""

import io
import re
import unicodedata

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = pytest.mark.e2e  # `site`: tests/e2e/conftest.py

ARTICLE = "/conditions/multifocal-motor-neuropathy/"
COMPARISON = "/compare/mmn-als-cidp/"
TRIAL = "/trials/NCT02552212/"
PAGES = ["/", "/conditions/", ARTICLE, "/compare/", COMPARISON, "/glossary/",
         "/glossary/conduction-block/", "/search/?q=ivig", "/trials/", TRIAL]  # fmt: skip

# A link inside a sentence is running text (WCAG 2.5.8 exempts it); anything else a
# visitor can press must be at least 44 x 44 px, or have a label of that size.
SMALL_TARGETS_JS = """
() => {
  const inRunningText = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const block = el.closest('p, li, dd, td, th, figcaption, blockquote');
    return !!block && block.textContent.trim().length > el.textContent.trim().length + 1;
  };
  const big = (r) => r.width >= 44 && r.height >= 44;
  return [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
    .filter((el) => el.type !== 'hidden' && el.getClientRects().length && el.checkVisibility())
    .filter((el) => !inRunningText(el))
    .filter((el) => {
      const label = el.labels && el.labels[0];
      return !big(el.getBoundingClientRect()) && !(label && big(label.getBoundingClientRect()));
    })
    .map((el) => {
      const r = el.getBoundingClientRect();
      return `${el.tagName} "${(el.textContent || el.name || '').trim().slice(0, 40)}" `
        + `${Math.round(r.width)}x${Math.round(r.height)}`;
    });
}
"""


def pdf_pages(page) -> list:
    """The pages of the A4 PDF Chromium makes of the current page (as printing would)."""
    return PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True))).pages


def lowest_text(pdf_page) -> float:
    """How far down the page the text reaches: 0 at the top, 1 at the bottom edge."""
    heights = []

    def note(text, cm, tm, font, size):
        if text.strip():
            heights.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    pdf_page.extract_text(visitor_text=note)
    return 1 - min(heights) / float(pdf_page.mediabox.height)


def test_comparison_prints_as_a_labelled_table_in_three_pages(page, site, axe):
    page.goto(site.url + COMPARISON)
    rows = page.locator(".compare-table tbody tr").count()
    page.emulate_media(media="print")
    axe(page)
    expect(page.locator("thead th[scope=col]").first).to_be_visible()
    labels = page.locator(".cell-label")
    expect(labels).to_have_count(rows * 3)
    for label in labels.all():
        expect(label).to_be_visible()
    expect(page.get_by_role("link", name="Print this page")).to_be_hidden()

    pages = pdf_pages(page)
    assert len(pages) <= 3
    text = "\n".join(p.extract_text() for p in pages)
    for name in ["MMN", "ALS", "CIDP"]:
        assert len(re.findall(rf"\b{name}: ", text)) >= rows
    assert "(https://" in text or "https://doi.org/" in text  # sources written out
    assert "Was this page helpful?" not in text


def test_article_prints_as_a_document_without_half_empty_pages(page, site, axe):
    page.goto(site.url + ARTICLE)
    page.emulate_media(media="print")
    axe(page)
    main = page.locator("main").bounding_box()
    assert main["width"] >= page.viewport_size["width"] * 0.95  # full width
    pages = pdf_pages(page)
    text = "\n".join(p.extract_text() for p in pages)
    assert "On this page" not in text
    assert "Was this page helpful?" not in text
    assert "Print this page" not in text
    assert "Reviewed by" in text and "Next review due" in text
    assert "Sources" in text and "https://doi.org/" in text
    # A box that never splits moves to the next page whole and leaves its own height free.
    fill = [round(lowest_text(p), 2) for p in pages[:-1]]
    assert all(reach > 0.6 for reach in fill), f"half-empty pages: {fill}"


def test_print_link_opens_print_help_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    nojs = context.new_page()
    try:
        nojs.goto(site.url + ARTICLE)
        help_text = nojs.get_by_text("use your browser's Print command")
        expect(help_text).to_be_hidden()
        nojs.get_by_role("link", name="Print this page").click()
        expect(help_text).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 320])
def test_phone_pages_fit_and_every_target_is_big_enough(page, site, axe, width):
    page.set_viewport_size({"width": width, "height": 800})
    problems = []
    for path in PAGES:
        page.emulate_media(media="screen")
        response = page.goto(site.url + path)
        assert response.status == 200, path
        if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
            problems.append(f"{path}: scrolls sideways")
        problems += [f"{path}: {small}" for small in page.evaluate(SMALL_TARGETS_JS)]
        if width == 390:  # axe once per page and medium; the layouts share their markup
            axe(page)
            page.emulate_media(media="print")
            axe(page)
    assert problems == []


def test_phone_comparison_starts_with_its_first_feature(page, site):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site.url + "/compare/")
    caption = page.locator(".compare-table caption").bounding_box()
    first_feature = page.locator(".compare-table tbody th").first.bounding_box()
    assert caption["height"] < 80
    # Between them only the one line of links to the condition pages.
    assert 0 <= first_feature["y"] - (caption["y"] + caption["height"]) < 110
    expect(page.locator(".cell-label").first).to_be_visible()


# Anything that takes keyboard focus but cannot be seen: clipped to nothing, off-screen or
# hidden by an ancestor.
INVISIBLE_FOCUS_STOPS_JS = """
() => [...document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]')]
  .filter((el) => el.tabIndex >= 0 && el.type !== 'hidden' && !el.closest('[inert]'))
  .filter((el) => {
    if (el.classList.contains('skip-link')) return false;  // shown when it has focus
    const box = el.getBoundingClientRect();
    return box.width < 2 || box.height < 2 || box.right < 0 || box.left > innerWidth
      || !el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  })
  .filter((el) => el.getClientRects().length)  // display: none takes no focus anyway
  .map((el) => `${el.tagName} "${el.textContent.trim().slice(0, 40)}"`)
"""


@pytest.mark.parametrize("width", [320, 1366])
def test_comparison_has_no_invisible_tab_stops_and_keeps_its_headers(page, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site.url + COMPARISON)
    assert page.evaluate(INVISIBLE_FOCUS_STOPS_JS) == []
    for name in ["MMN", "ALS"]:
        link = page.locator("thead").get_by_role("link", name=re.compile(name))
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
    if width == 1366:  # the header row stays in view while the rows scroll past
        page.locator(".compare-table tbody tr").last.scroll_into_view_if_needed()
        header = page.locator(".compare-table thead th").first.bounding_box()
        assert -1 <= header["y"] <= 1
        # ... and never hides what the keyboard reaches in the rows (WCAG 2.4.11). Going
        # back up (Shift+Tab), a link is scrolled to the top edge, under the header row.
        page.locator(".source-list a").first.focus()
        hidden, reached = [], 0
        for _ in range(120):
            page.keyboard.press("Shift+Tab")
            spot = page.evaluate("""() => {
                const el = document.activeElement;
                if (!el.closest('.compare-table tbody')) return null;
                const head = document.querySelector('.compare-table thead').getBoundingClientRect();
                return [el.textContent, el.getBoundingClientRect().top, head.bottom];
            }""")
            if spot:
                reached += 1
                if spot[1] < spot[2]:
                    hidden.append(spot)
        assert reached >= 10 and hidden == []


CHARACTERS_PER_LINE_JS = """
(selector) => [...document.querySelectorAll(selector)].map((p) => {
  const style = getComputedStyle(p);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = p.textContent.trim();
  return p.getBoundingClientRect().width / (ctx.measureText(text).width / text.length);
})
"""


def test_desktop_lines_are_comfortable_to_read(page, site):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(site.url + ARTICLE)
    widths = page.evaluate(CHARACTERS_PER_LINE_JS, "main .article-section p, main .lead")
    assert widths and max(widths) <= 76, widths
    lead = page.locator("main .lead").evaluate(
        "el => [getComputedStyle(el).fontWeight, getComputedStyle(el).color]")
    assert lead == ["400", "rgb(27, 27, 27)"]


def squeezed(text: str) -> str:
    """Text without any white space (PDF lines wrap where the page did) and with ligatures
    spelled out ("ﬃ" in "Eﬃcacy")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_page_texts(page) -> list[str]:
    return [squeezed(p.extract_text()) for p in pdf_pages(page)]


def page_holding(texts: list[str], snippet: str) -> int | None:
    wanted = squeezed(snippet)
    return next((number for number, text in enumerate(texts) if wanted in text), None)


def printed_sizes(pdf_page) -> list[float]:
    """The size of every piece of text on the page, in points as printed."""
    sizes = []

    def note(text, cm, tm, font, size):
        if text.strip():
            scale = (tm[2] ** 2 + tm[3] ** 2) ** 0.5 * (cm[2] ** 2 + cm[3] ** 2) ** 0.5
            sizes.append(size * scale)

    pdf_page.extract_text(visitor_text=note)
    return sizes


# Each box's heading and the end of its last line, as the page shows them.
BOX_ENDS_JS = """
(selector) => [...document.querySelectorAll(selector)].map((box) => {
  const heading = box.querySelector('h2, h3');
  const lines = box.querySelectorAll('li, p');
  const last = lines[lines.length - 1].cloneNode(true);
  last.querySelectorAll('sup').forEach((citation) => citation.remove());  // set apart in PDFs
  return [heading.textContent.trim(), last.textContent.trim().slice(-40)];
})
"""


def test_safety_boxes_and_key_points_print_whole_with_their_heading(page, site):
    page.goto(site.url + ARTICLE)
    boxes = page.evaluate(BOX_ENDS_JS, ".callout, .key-points")
    headings = [heading for heading, _ in boxes]
    assert "IVIg warning signs: get help now" in headings and "Key points" in headings
    texts = pdf_page_texts(page)
    for heading, last_line in boxes:
        where = page_holding(texts, heading), page_holding(texts, last_line)
        assert None not in where and where[0] == where[1], f"{heading!r} split: pages {where}"


@pytest.mark.parametrize("javascript", [True, False])
def test_a_study_page_prints_every_folded_part_open(browser, site, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(site.url + TRIAL)
        folded = page.evaluate(BOX_ENDS_JS.replace("box.querySelector('h2, h3')",
                                                   "box.querySelector('summary')"), "details")
        assert len(folded) >= 2
        text = "".join(pdf_page_texts(page))
        missing = [summary for summary, last_line in folded if squeezed(last_line) not in text]
        assert missing == []
    finally:
        context.close()


def test_trial_cards_never_split_across_printed_pages(page, site):
    page.goto(site.url + "/trials/")
    any_status = page.get_by_role("link", name="Show any status").get_attribute("href")
    page.goto(site.url + "/trials/" + any_status)
    cards = page.locator(".trial-card").all_inner_texts()
    assert len(cards) >= 10
    texts = pdf_page_texts(page)
    assert len(texts) >= 3
    split = [card[:60] for card in cards if not any(squeezed(card) in text for text in texts)]
    assert split == []


def test_no_printed_text_is_smaller_than_9_points(page, site):
    smallest = {}
    for path in [ARTICLE, COMPARISON, TRIAL, "/trials/", "/glossary/conduction-block/"]:
        page.goto(site.url + path)
        sizes = [size for p in pdf_pages(page) for size in printed_sizes(p)]
        smallest[path] = round(min(sizes), 2)
    assert all(size >= 8.95 for size in smallest.values()), smallest
