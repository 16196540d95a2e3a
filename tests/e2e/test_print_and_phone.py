"""Pages a patient can use anywhere: on paper (from the PDF Chromium makes), on a 390 px and
a 320 px phone, with weak hands (44 x 44 px targets), in both screen and print media.

Few tests, each covering several pages, so the module needs one content load per test and
stays quick.
"""

import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.trials.conftest import SAMPLE_FILES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

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


@pytest.fixture
def site(live_server):
    from trials.importer import import_paths

    call_command("load_content", stdout=io.StringIO())
    assert import_paths(SAMPLE_FILES).ok
    return live_server


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
    assert page.locator("thead th[scope=col]").first.is_visible()
    labels = page.locator(".cell-label")
    assert labels.count() == rows * 3
    assert all(label.is_visible() for label in labels.all())
    assert not page.get_by_role("link", name="Print this page").is_visible()

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
    assert "Last reviewed" in text and "Reviewed by" in text
    assert "Sources" in text and "https://doi.org/" in text
    fill = [round(lowest_text(p), 2) for p in pages[:-1]]
    assert all(reach > 0.75 for reach in fill), f"half-empty pages: {fill}"


def test_print_link_opens_print_help_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    nojs = context.new_page()
    try:
        nojs.goto(site.url + ARTICLE)
        help_text = nojs.get_by_text("use your browser's Print command")
        assert not help_text.is_visible()
        nojs.get_by_role("link", name="Print this page").click()
        assert help_text.is_visible()
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
    assert 0 <= first_feature["y"] - (caption["y"] + caption["height"]) < 40
    assert page.locator(".cell-label").first.is_visible()


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
