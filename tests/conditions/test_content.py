"""Checks on the content that ships with the portal (conditions/content/*.yaml)."""

import re

import pytest
import textstat
from django.core.management import call_command
from django.utils import timezone

from conditions import content_dates
from conditions.models import FAQ, Article, Comparison, GlossaryTerm
from conditions.rendering import plain_text

pytestmark = pytest.mark.django_db
MMN = "multifocal-motor-neuropathy"
MAX_GRADE = 8


@pytest.fixture
def shipped(shipped_content_for_module, db):
    """The shipped content (loaded once for this module)."""


def test_every_section_and_summary_reads_at_grade_8_or_below(shipped):
    too_hard = []
    for article in Article.objects.prefetch_related("sections"):
        grade = textstat.flesch_kincaid_grade(plain_text(article.summary))
        if grade > MAX_GRADE:
            too_hard.append(f"{article.slug} summary: grade {grade}")
        for section in article.sections.all():
            grade = textstat.flesch_kincaid_grade(plain_text(section.body))
            if grade > MAX_GRADE:
                too_hard.append(f"{article.slug}#{section.slug}: grade {grade}")
    assert too_hard == []


def test_every_article_has_references(shipped):
    assert Article.objects.count() >= 3
    assert not Article.objects.filter(references__isnull=True).exists()


def test_mmn_article_has_the_required_sections(shipped):
    headings = " | ".join(s.heading.lower() for s in Article.objects.get(slug=MMN).sections.all())
    for topic in ["what is", "symptom", "who", "cause", "diagnos", "treatment", "outlook",
                  "living", "help"]:  # fmt: skip
        assert topic in headings, topic


def test_mmn_diagnosis_covers_the_main_tests(shipped):
    text = " ".join(s.body.lower() for s in Article.objects.get(slug=MMN).sections.all())
    for words in ["nerve conduction", "emg", "antibod", "ivig"]:
        assert words in text, words


def test_there_are_enough_terms_faqs_and_comparison_rows(shipped):
    assert GlossaryTerm.objects.published().count() >= 25
    assert FAQ.objects.published().count() >= 8
    comparison = Comparison.objects.get(slug="mmn-als-cidp")
    assert comparison.rows.count() >= 10
    assert comparison.columns.count() == 3


def cells_for(feature_words: str) -> dict[str, str]:
    """Answer + note per column slug for the first row whose feature matches."""
    comparison = Comparison.objects.get(slug="mmn-als-cidp")
    for row in comparison.rows.prefetch_related("cells__column__article"):
        if re.search(feature_words, row.feature, re.IGNORECASE):
            return {c.column.article.slug: f"{c.answer} {c.note}".lower() for c in row.cells.all()}
    raise AssertionError(f"no comparison row matching {feature_words!r}")


def test_comparison_says_ivig_is_the_main_mmn_treatment(shipped):
    ivig = cells_for(r"\bivig\b|immunoglobulin")[MMN]
    assert re.search(r"main treatment|first treatment|first choice", ivig)


def test_comparison_says_steroids_do_not_help_mmn(shipped):
    steroids = cells_for(r"steroid")[MMN]
    assert re.search(r"^no\b|not recommended|do not help|does not help|worse", steroids)
    assert not re.search(r"\b(good|works|first choice)\b", steroids)


def test_mmn_article_says_life_expectancy_is_normal(shipped):
    text = " ".join(s.body.lower() for s in Article.objects.get(slug=MMN).sections.all())
    assert re.search(r"normal (life span|lifespan|life expectancy)", text)


def patient_texts() -> list[str]:
    """Every text a visitor can read: articles, FAQs, glossary and comparison cells."""
    parts = []
    for article in Article.objects.prefetch_related("sections"):
        parts += [article.summary, *(s.body for s in article.sections.all())]
    parts += [f.answer for f in FAQ.objects.all()]
    parts += [t.definition for t in GlossaryTerm.objects.all()]
    for comparison in Comparison.objects.prefetch_related("rows__cells"):
        parts += [f"{c.answer}. {c.note}" for row in comparison.rows.all() for c in row.cells.all()]
    return parts


def all_patient_text() -> str:
    return " ".join(" ".join(part.split()) for part in patient_texts())


def test_no_page_says_a_sign_rules_out_mmn(shipped):
    text = all_patient_text()
    assert not re.search(r"rules? out MMN\b", text)
    assert text.count("makes MMN unlikely") + text.count("make MMN unlikely") >= 4
    assert "will look for other causes" in text


def test_steroid_advice_is_about_treating_mmn_never_refusing_steroids(shipped):
    text = all_patient_text().lower()
    assert not re.search(r"(refuse|avoid|never take|do not take) (any )?steroids", text)
    assert "tell every doctor" in text
    assert re.search(r"need (them|steroids) for another illness", text)


def test_inheritance_is_stated_with_care(shipped):
    text = all_patient_text().lower()
    assert "not passed down" not in text
    assert "not known to run in families" in text
    assert "no genetic test" in text


def test_trapped_nerve_advice_asks_for_nerve_tests_before_surgery(shipped):
    """A real carpal tunnel can sit beside MMN: nerve tests first, not "surgery never helps"."""
    diagnosis = Article.objects.get(slug=MMN).sections.get(slug="diagnosis").body
    text = " ".join(diagnosis.split()).lower()
    assert "can also happen in a person with mmn" in text
    assert 'ask for nerve tests before any surgery for a "trapped nerve."' in text
    assert "surgery cannot fix weakness that comes from mmn" in text


def test_no_do_not_help_heading_lists_a_drug_that_helps_some_people(shipped):
    treatment = Article.objects.get(slug=MMN).sections.get(slug="treatment").body
    for block in re.split(r"^### ", treatment, flags=re.MULTILINE)[1:]:
        heading, _, body = block.partition("\n")
        if re.search(r"(do not|don't|does not) help", heading, re.IGNORECASE):
            assert "helps some people" not in body, heading


def test_comparison_rows_read_as_the_fact_sheet_says(shipped):
    als, cidp = "amyotrophic-lateral-sclerosis", "chronic-inflammatory-demyelinating-polyneuropathy"
    assert cells_for(r"speech")[MMN].startswith("usually not affected")
    assert cells_for(r"^reflexes")[MMN].startswith("normal or reduced")
    assert "slightly brisk" in cells_for(r"^reflexes")[MMN]
    assert "not typical" not in cells_for(r"cramps")[cidp]
    assert "brain, brainstem and spinal cord" in cells_for(r"nerves affected")[als]


def test_comparison_has_a_spinal_fluid_protein_row(shipped):
    csf = cells_for(r"spinal fluid|csf")
    assert csf[MMN].startswith("usually normal or only a little high")
    assert "1 g/l (100 mg/dl in us units)" in csf[MMN]
    assert "high" in csf["chronic-inflammatory-demyelinating-polyneuropathy"]
    assert "not a test used to diagnose als" in csf["amyotrophic-lateral-sclerosis"]


# --- Traceable claims ---------------------------------------------------------------

# A paragraph of advice or navigation, or one that explains words, has no fact to source.
NO_SOURCE_NEEDED = ("<!-- advice -->", "<!-- definition -->")


def article_texts(article) -> list[str]:
    faqs = [f.answer for f in FAQ.objects.filter(article=article)]
    return [article.key_points, *(s.body for s in article.sections.all()), *faqs]


def comparison_texts(comparison) -> list[str]:
    notes = [c.note for row in comparison.rows.all() for c in row.cells.all()]
    return [comparison.intro, *notes]


def test_every_marker_has_a_reference_and_every_listed_reference_is_cited(shipped):
    from conditions.citations import cited_keys
    from conditions.models import Reference

    known = set(Reference.objects.values_list("key", flat=True))
    items = [(a, article_texts(a)) for a in Article.objects.prefetch_related("sections")]
    items += [(c, comparison_texts(c)) for c in Comparison.objects.prefetch_related("rows__cells")]
    everything_cited = set()
    for item, texts in items:
        cited = {key for text in texts for key in cited_keys(text)}
        everything_cited |= cited
        assert cited - known == set(), f"{item}: markers with no reference"
        listed = set(item.references.values_list("key", flat=True))
        assert listed - cited == set(), f"{item}: listed but never cited"
        assert cited - listed == set(), f"{item}: cited but not in its sources list"
    assert known - everything_cited == set(), "references.yaml entries nothing cites"


def uncited_blocks(markdown_text: str) -> list[str]:
    """Paragraphs and lists with no marker. A list is covered by the cited paragraph
    that leads into it; a lead-in ending with ':' is covered by the list it opens."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", markdown_text or "") if b.strip()]
    blocks = [b for b in blocks if not b.startswith("#")]

    def cited(block):
        return "[@" in block or any(mark in block for mark in NO_SOURCE_NEEDED)

    def is_list(block):
        return block.startswith(("- ", "* ", "1. "))

    def is_lead_in(block):
        return re.sub(r"\s*(\[@[^\]]*\]|<!--.*?-->)", "", block).rstrip().endswith(":")

    bad = []
    for i, block in enumerate(blocks):
        ok = cited(block)
        if not ok and is_list(block) and i and cited(blocks[i - 1]):
            ok = True
        if not ok and is_lead_in(block) and i + 1 < len(blocks) and cited(blocks[i + 1]):
            ok = True
        if not ok:
            bad.append(block[:60])
    return bad


def test_every_fact_paragraph_carries_a_citation(shipped):
    missing = []
    for article in Article.objects.prefetch_related("sections"):
        for section in article.sections.all():
            missing += [f"{article.slug}#{section.slug}: {b}" for b in uncited_blocks(section.body)]
        for faq in FAQ.objects.filter(article=article):
            missing += [f"{article.slug} FAQ {faq.slug}: {b}" for b in uncited_blocks(faq.answer)]
        missing += [f"{article.slug} key point: {p}" for p in article.key_point_lines
                    if "[@" not in p]
    for row in Comparison.objects.get(slug="mmn-als-cidp").rows.prefetch_related("cells"):
        if not any("[@" in cell.note for cell in row.cells.all()):
            missing.append(f"comparison row {row.slug}")
    assert missing == []


def test_mmn_page_links_at_least_ten_citations_into_its_sources(shipped, client):
    html = client.get(Article.objects.get(slug=MMN).get_absolute_url()).content.decode()
    links = re.findall(r'<a class="citation" id="(cite-\d+-\d+)" href="#(source-\d+)"', html)
    assert len(links) >= 10
    for _, target in links:
        assert f'<li id="{target}"' in html
    assert "[@" not in html


def test_each_condition_article_opens_with_five_key_points(shipped, client):
    for article in Article.objects.all():
        assert len(article.key_point_lines) == 5, article.slug
        html = client.get(article.get_absolute_url()).content.decode()
        assert html.index('class="key-points"') < html.index('class="article-section')


def test_mmn_urgent_help_is_marked_as_callouts(shipped, client):
    html = client.get(Article.objects.get(slug=MMN).get_absolute_url()).content.decode()
    assert html.count("callout callout-emergency") >= 2  # IVIg warning signs and breathing
    assert "callout callout-urgent" in html
    # The number first: the local one, with 911, 112 and 999 as examples (a clinic may be
    # anywhere), as the first words of every emergency box.
    boxes = re.findall(r'<section class="article-section callout callout-emergency".*?</section>',
                       html, re.S)  # fmt: skip
    assert len(boxes) >= 2
    for box in boxes:
        first_text = re.search(r"</h2>\s*<p>(.*?)</p>", box, re.S).group(1)
        assert first_text.startswith("Call your local emergency number (such as 911, 112 or 999)")


def test_ivig_section_covers_what_a_patient_needs(shipped):
    body = " ".join(
        Article.objects.get(slug=MMN).sections.get(slug="having-ivig").body.lower().split()
    )
    for words in ["headache", "boxed warning", "blood clots", "kidney", "live vaccines",
                  "donors", "does not weaken your immune system", "before the next dose",
                  "pregnan", "how response is checked"]:  # fmt: skip
        assert words in body, words
    warning = Article.objects.get(slug=MMN).sections.get(slug="ivig-warning-signs")
    assert warning.kind == "emergency" and "chest pain" in warning.body.lower()


def test_research_is_dated_and_names_only_registry_facts(shipped):
    research = Article.objects.get(slug=MMN).sections.get(slug="research-and-trials").body
    assert "checked the studies below in **December 2026**" in research
    assert "NCT05225675" in research and "NCT05405361" in research
    assert "not approved** anywhere" in research
    # Seen only on third-party trackers so far, not in a registry record we could read.
    for unconfirmed in ["NCT06742190", "NCT06537999", "DNTH103", "EU/3/25/3070"]:
        assert unconfirmed not in research, unconfirmed


def test_support_section_routes_to_specialists_and_patient_groups(shipped):
    text = " ".join(s.body for s in Article.objects.get(slug=MMN).sections.all())
    assert "neuromuscular specialist" in text
    assert "gbs-cidp.org" in text and "gaincharity.org.uk" in text
    assert "told you might have ALS" in text or "told they might have ALS" in text


def test_als_and_cidp_pages_are_fair_and_dated(shipped):
    als = " ".join(s.body for s in Article.objects.get(
        slug="amyotrophic-lateral-sclerosis").sections.all())
    for words in ["thinking or behavior", "non-invasive", "feeding tube", "team",
                  "2 to 3 months", "European Union"]:  # fmt: skip
        assert words in " ".join(als.split()), words
    cidp = " ".join(s.body for s in Article.objects.get(
        slug="chronic-inflammatory-demyelinating-polyneuropathy").sections.all())
    assert "HyQvia" in cidp and "Vyvgart Hytrulo" in cidp and "as of December 2026" in cidp
    tofersen = " ".join(als.split())
    assert "US, it got early (accelerated) approval in April 2023" in tofersen
    assert "European Union, it was approved in May 2024" in tofersen
    assert "still slept better" in tofersen  # ventilation helps with severe bulbar weakness too


BRITISH = r"\b(colour|behaviour|centre|haemo\w*|recognis\w*|organis\w*|favour\w*|paediatric|" \
    r"anaesth\w*|neurone|randomis\w*|tumour|programme|defence|licence|fibre|metre|litre)\b"


def test_patient_text_uses_american_spelling(shipped):
    assert re.findall(BRITISH, all_patient_text(), re.IGNORECASE) == []


def test_mmn_article_with_its_faqs_stays_under_4000_words(shipped):
    """Everything the MMN page says in prose: summary, key points, sections and FAQs."""
    article = Article.objects.get(slug=MMN)
    texts = [article.summary, article.key_points, *(s.body for s in article.sections.all())]
    texts += [f"{faq.question} {faq.answer}" for faq in FAQ.objects.filter(article=article)]
    assert sum(len(plain_text(text).split()) for text in texts) < 4000


US_WORDS = {r"\bdrips?\b": "IV or infusion", r"\bdummy\b": "placebo",
            r"\bfeel(ing)? sick\b": "nausea", r"\bbeing sick\b": "throwing up"}


def test_patient_text_uses_american_words(shipped):
    text = all_patient_text()
    found = {word: US_WORDS[word] for word in US_WORDS if re.search(word, text, re.IGNORECASE)}
    assert found == {}


def test_no_sentence_runs_over_25_words(shipped):
    lines = [line for text in patient_texts() for line in plain_text(text).splitlines()]
    sentences = [s for line in lines for s in re.split(r"(?<=[.!?])\s+", line)]
    assert [s for s in sentences if len(s.split()) > 25] == []


def test_loading_the_shipped_content_again_finds_it_all_unchanged(shipped):
    import io

    out = io.StringIO()
    call_command("load_content", stdout=out)
    line = [x for x in out.getvalue().splitlines() if x.startswith("existing items:")][0]
    assert re.fullmatch(r"existing items: \d+ same", line), line


def test_every_source_shows_its_date_and_web_pages_when_checked(shipped, client):
    from conditions.models import Reference

    papers = ("https://doi.org/", "https://pubmed.", "https://pmc.")
    for reference in Reference.objects.all():
        assert reference.published, reference.key
        is_web_page = reference.url and not reference.doi and not reference.pmid \
            and not reference.url.startswith(papers)
        if is_web_page:
            assert reference.checked_on, reference.key
    html = client.get(Article.objects.get(slug=MMN).get_absolute_url()).content.decode()
    assert "Published: 2010." in html and "Page checked:" in html


def test_every_reference_names_who_when_and_what(shipped):
    """Authors or an organisation, a year and a title, all in the citation a visitor reads;
    a web page (no DOI or PubMed record) also says when it was checked."""
    import yaml
    from django.conf import settings

    from conditions.models import Reference

    path = settings.BASE_DIR / "conditions" / "content" / "references.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    shown = {ref.key: ref for ref in Reference.objects.all()}
    assert {entry["key"] for entry in entries} == set(shown)
    papers = ("https://doi.org/", "https://pubmed.", "https://pmc.")
    problems = []
    for entry in entries:
        ref = shown[entry["key"]]
        who = entry.get("authors") or entry.get("organisation")
        year, title = str(entry.get("year") or ""), entry.get("title")
        if not (who and title and re.fullmatch(r"(19|20)\d\d", year)):
            problems.append(f"{ref.key}: missing authors/organisation, year or title")
            continue
        dates = f"{ref.citation} {ref.published} {ref.checked_on or ''}"
        if who not in ref.citation or title not in ref.citation or year not in dates:
            problems.append(f"{ref.key}: the citation does not show who, what and when")
        is_web_page = ref.url and not (ref.doi or ref.pmid or ref.url.startswith(papers))
        if is_web_page and not ref.checked_on:
            problems.append(f"{ref.key}: web page with no checked date")
    assert problems == [], "\n".join(problems)


def test_every_article_ends_with_what_next(shipped, client):
    for article in Article.objects.all():
        html = client.get(article.get_absolute_url()).content.decode()
        end = html[html.index('<h2 id="references">'):]
        nav = re.search(r'<nav class="what-next".*?</nav>', end, re.S)
        assert nav, article.slug
        links = dict((label, url) for url, label in
                     re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav.group(0)))  # fmt: skip
        assert links["MMN, ALS and CIDP compared"] == "/compare/mmn-als-cidp/"
        assert links["Clinical trials"] == "/trials/"  # no tracked condition loaded here
        assert links["Glossary: medical words in plain English"] == "/glossary/"
        assert links["Back to top"] == "#main"
        if article.slug == MMN:  # the only one that names patient groups
            assert links["Patient groups"] == "#support-patient-groups"
            assert 'id="support-patient-groups"' in html


def test_every_content_file_has_its_date_and_current_fingerprint():
    """Change a content file, and its date here must change too: dates.yaml is the only
    source of a shipped page's 'last changed' and first 'next review due'."""
    files = {path.relative_to(content_dates.CONTENT_DIR).as_posix(): path
             for path in content_dates.CONTENT_DIR.rglob("*.yaml")
             if path.name not in {"dates.yaml", "references.yaml"}}  # fmt: skip
    recorded = content_dates.manifest()
    assert set(recorded) == set(files)
    stale = [f"{name}: {{changed: {timezone.localdate()}, fingerprint: "
             f"{content_dates.fingerprint(path)}}}"
             for name, path in files.items()
             if recorded[name]["fingerprint"] != content_dates.fingerprint(path)]
    assert stale == [], "Update conditions/content/dates.yaml:\n" + "\n".join(stale)
    assert all(entry["changed"] <= timezone.localdate() for entry in recorded.values())
