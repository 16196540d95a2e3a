"""Form controls you can see (WCAG 2.2 1.4.11): on every page type, every control's boundary
is at least 3:1 against the nearest opaque background it sits on, at rest, checked and
focused. axe does not test this, so the browser computes it here from the styles it uses;
axe checks the same pages at both widths."""

import re

import pytest

pytestmark = pytest.mark.e2e  # `site`: tests/e2e/conftest.py

PAGES = ["/", "/conditions/", "/conditions/multifocal-motor-neuropathy/", "/compare/",
         "/glossary/", "/glossary/conduction-block/", "/search/?q=ivig", "/trials/",
         "/trials/?q=neuropathy&status=RECRUITING&near=Nowhereville", "/trials/NCT02552212/",
         "/feedback/?page=/&helpful=yes"]  # fmt: skip

# The boundary is the border when it has one, else the fill; both are laid over the
# backgrounds behind the control (translucent ones composited) and the better one counts.
CONTRAST_JS = """
(state) => {
  const parse = (text) => {
    const [r, g, b, a = 1] = text.match(/[\\d.]+/g).map(Number);
    return {r, g, b, a};
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const backdrop = (el) => {
    const layers = [];
    for (let node = el.parentElement; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour.a > 0) layers.push(colour);
      if (colour.a >= 1) break;
    }
    const white = {r: 255, g: 255, b: 255, a: 1};
    return layers.reverse().reduce((under, top) => over(top, under), white);
  };
  const channel = (v) => {
    v /= 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const ratio = (x, y) => {
    const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const hex = (c) => '#' + [c.r, c.g, c.b]
    .map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  const controls = [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => el.type !== 'hidden' && el.getClientRects().length && el.checkVisibility())
    .filter((el) => state !== 'checked' || ['checkbox', 'radio'].includes(el.type));
  const found = [];
  for (const el of controls) {
    const before = el.checked;
    if (state === 'checked') el.checked = true;
    if (state === 'focused') el.focus();
    const style = getComputedStyle(el);
    const under = backdrop(el);
    const sides = parseFloat(style.borderTopWidth) >= 1 ? [parse(style.borderTopColor)] : [];
    const candidates = [...sides, parse(style.backgroundColor)].map((c) => over(c, under));
    const best = Math.max(...candidates.map((c) => ratio(c, under)));
    const label = el.labels && el.labels[0];
    const name = label ? label.textContent.trim() : (el.textContent.trim() || el.name);
    found.push({control: `${el.tagName.toLowerCase()}[${el.type}] "${name.slice(0, 30)}"`,
                ratio: Math.round(best * 100) / 100, background: hex(under),
                boundary: candidates.map(hex).join('/')});
    if (state === 'checked') el.checked = before;
    if (state === 'focused') el.blur();
  }
  return found;
}
"""


def weak_controls(page, label: str) -> tuple[list[str], int]:
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    weak, measured = [], 0
    for state in ["at rest", "checked", "focused"]:
        for control in page.evaluate(CONTRAST_JS, state):
            measured += 1
            if control["ratio"] < 3:
                weak.append(f"{label} {state}: {control}")
    return weak, measured


@pytest.mark.parametrize("width", [1366, 320])
def test_every_control_on_every_page_type_has_a_3_to_1_boundary(page, site, axe, width):
    page.set_viewport_size({"width": width, "height": 900})
    weak, measured = [], 0
    for path in PAGES:
        assert page.goto(site.url + path).status == 200, path
        axe(page)
        found, count = weak_controls(page, path)
        weak += found
        measured += count
    # The feedback thank-you page (its comment box) and the answer shown in place of the
    # question on a content page.
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_label("What could we do better? (optional)").wait_for()
    weak += weak_controls(page, "feedback thank-you")[0]
    page.goto(site.url + "/glossary/")
    page.get_by_role("button", name=re.compile("not helpful")).click()
    page.locator(".feedback-prompt textarea").wait_for()
    weak += weak_controls(page, "answer in place")[0]
    assert measured > 100  # the header search on every page, the filters, the radios, ...
    assert weak == []
