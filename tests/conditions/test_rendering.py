import pytest

from conditions.models import GlossaryTerm
from conditions.rendering import GlossaryLinker, render_markdown
from tests.conditions.factories import GlossaryTermFactory

XSS_VECTORS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    "<svg onload=alert(1)><circle/></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    "<style>body{display:none}</style>",
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_dangerous_markup_renders_inert(vector):
    html = render_markdown(f"Hello\n\n{vector}\n\nBye").lower()
    for bad in ["<script", "onerror", "onload", "javascript:", "<iframe", "<svg", "style=",
                "<style", "data:text", "<img"]:  # fmt: skip
        assert bad not in html, (vector, html)
    assert "hello" in html and "bye" in html


def test_markdown_keeps_safe_formatting_and_heading_ids():
    html = render_markdown("### Weakness\n\n**bold** and [a link](/glossary/)", id_prefix="sym")
    assert '<h3 id="sym-weakness">Weakness</h3>' in html
    assert "<strong>bold</strong>" in html
    assert '<a href="/glossary/">a link</a>' in html


def test_markdown_keeps_https_and_mailto_links():
    html = render_markdown("[s](https://example.org/x) [m](mailto:a@example.org)")
    assert 'href="https://example.org/x"' in html
    assert 'href="mailto:a@example.org"' in html


def test_glossary_term_is_linked_at_first_appearance_only(db):
    GlossaryTermFactory(term="Conduction block", slug="conduction-block")
    linker = GlossaryLinker(GlossaryTerm.objects.all())
    first = linker.link(render_markdown("A conduction block slows things. Conduction block again."))
    second = linker.link(render_markdown("Another conduction block here."))
    assert first.count('href="/glossary/conduction-block/"') == 1
    assert '<a class="glossary-term" href="/glossary/conduction-block/"' in first
    assert ">conduction block</a>" in first  # keeps the writer's own case
    assert "glossary-term" not in second


def test_glossary_linking_skips_links_and_headings_and_part_words(db):
    term = GlossaryTermFactory(term="EMG", slug="emg", also_called="needle test")
    linker = GlossaryLinker([term])
    html = linker.link(
        render_markdown("### EMG\n\nSee [the EMG page](/x/). EMGs and xEMG. Then the NEEDLE TEST.")
    )
    assert "<h3" in html and 'id="emg"' in html
    assert '<a href="/x/">the EMG page</a>' in html
    assert html.count("glossary-term") == 1
    assert (
        '<a class="glossary-term" href="/glossary/emg/" title="Glossary: EMG">NEEDLE TEST</a>'
        in html
    )


def test_glossary_linking_prefers_the_longest_term(db):
    short = GlossaryTermFactory(term="Block", slug="block")
    long = GlossaryTermFactory(term="Conduction block", slug="conduction-block")
    html = GlossaryLinker([short, long]).link(render_markdown("A conduction block."))
    assert 'href="/glossary/conduction-block/"' in html
    assert 'href="/glossary/block/"' not in html
