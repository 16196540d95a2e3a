"""Shipped Spanish content (conditions/content/es/): readable, complete, true to the English.

Every YAML file under conditions/content/es/ is checked against the English file it translates
(the same path without "es/"), in the format described in docs/design.md ("Shipped Spanish
content"): an article, a comparison or the glossary. The files are read directly, not through
the loader, so these checks hold whatever loads them.
"""

import re
from pathlib import Path

import pytest
import textstat
import yaml
from django.conf import settings
from textstat.textstat import textstatistics

from conditions.citations import cited_keys
from conditions.readability import SPANISH_EASE_FLOOR, reading_grade, spanish_reading_ease
from conditions.rendering import plain_text

CONTENT = Path(settings.BASE_DIR) / "conditions" / "content"
SPANISH = CONTENT / "es"
SPANISH_FILES = sorted(SPANISH.rglob("*.yaml"))

# Words common in English prose and never Spanish words: two or more in a Spanish part mean
# English text was left in it (a proper name such as "Food and Drug" has at most one).
ENGLISH_ONLY_WORDS = {
    "the", "and", "with", "your", "you", "is", "are", "this", "that", "of", "for", "it",
    "when", "what", "which", "have", "has", "can", "will", "be", "not", "or", "if", "from",
}  # fmt: skip


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def kind_of(spanish_path: Path) -> str:
    relative = spanish_path.relative_to(SPANISH)
    if relative.parts[0] == "articles":
        return "article"
    if relative.parts[0] == "comparisons":
        return "comparison"
    if relative.as_posix() == "glossary.yaml":
        return "glossary"
    raise AssertionError(f"{relative}: not an article, comparison or glossary file")


def english_of(spanish_path: Path) -> Path:
    return CONTENT / spanish_path.relative_to(SPANISH)


def outline(kind: str, data) -> dict[str, list]:
    """The slugs a translation must keep, in page order."""
    if kind == "article":
        return {
            "sections": [s["slug"] for s in data.get("sections") or []],
            "faqs": [f["slug"] for f in data.get("faqs") or []],
            "key points": list(range(1, len(data.get("key_points") or []) + 1)),
            "schema_treatments": list(range(1, len(data.get("schema_treatments") or []) + 1)),
            "schema_signs": list(range(1, len(data.get("schema_signs") or []) + 1)),
        }
    if kind == "comparison":
        rows = data.get("rows") or []
        columns = {f"columns of {r['slug']}": sorted(r.get("cells") or {}) for r in rows}
        return {"rows": [r["slug"] for r in rows], **columns}
    return {"terms": [t["slug"] for t in data or []]}


def prose_parts(kind: str, data) -> dict[str, str]:
    """Each part of running text, by a label that is the same in both languages."""
    parts = {}
    if kind == "article":
        parts["summary"] = data.get("summary")
        for number, point in enumerate(data.get("key_points") or [], start=1):
            parts[f"key point {number}"] = point
        for section in data.get("sections") or []:
            parts[f"section {section['slug']}"] = section.get("body")
        for faq in data.get("faqs") or []:
            parts[f"FAQ {faq['slug']}"] = faq.get("answer")
    elif kind == "comparison":
        parts["intro"] = data.get("intro")
        for row in data.get("rows") or []:
            for column, cell in (row.get("cells") or {}).items():
                parts[f"row {row['slug']}, {column}: answer"] = (cell or {}).get("answer")
                parts[f"row {row['slug']}, {column}: note"] = (cell or {}).get("note")
    else:
        for term in data or []:
            parts[f"term {term['slug']}: definition"] = term.get("definition")
    return parts


def labels(kind: str, data) -> dict[str, str]:
    """Short texts that must be there but may read the same in both languages ("Placebo")."""
    if kind == "article":
        found = {"name": data.get("name"), "short_name": data.get("short_name")}
        found |= {f"heading of {s['slug']}": s.get("heading") for s in data.get("sections") or []}
        found |= {f"question of {f['slug']}": f.get("question") for f in data.get("faqs") or []}
        for name in ("schema_treatments", "schema_signs"):
            found |= {f"{name} {n}": v for n, v in enumerate(data.get(name) or [], start=1)}
        return found
    if kind == "comparison":
        found = {"title": data.get("title")}
        return found | {f"feature of {r['slug']}": r.get("feature") for r in data.get("rows") or []}
    return {f"term {t['slug']}": t.get("term") for t in data or []}


def cells_joined(parts: dict[str, str]) -> dict[str, str]:
    """A comparison cell's answer and note as one part."""
    joined = {}
    for label, text in parts.items():
        key = label.removesuffix(": answer").removesuffix(": note")
        joined[key] = f"{joined.get(key, '')} {text or ''}"
    return joined


def is_measured(label: str) -> bool:
    """The parts with a readability bar: not key points or the short cell answers."""
    return not (label.startswith("key point") or label.endswith(": answer"))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?:])\s+", " ".join(text.split())) if s.strip()]


def untranslated(spanish_text: str, english_text: str) -> list[str]:
    """English sentences (four words or more) found word for word in the Spanish text."""
    spanish = " ".join(spanish_text.lower().split())
    return [s for s in sentences(english_text) if len(s.split()) >= 4 and s.lower() in spanish]


def english_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w in ENGLISH_ONLY_WORDS]


@pytest.fixture(params=SPANISH_FILES, ids=lambda path: path.relative_to(SPANISH).as_posix())
def translation(request):
    """(kind, Spanish data, English data, relative path) for one Spanish file."""
    spanish_path = request.param
    kind = kind_of(spanish_path)
    english_path = english_of(spanish_path)
    assert english_path.exists(), f"{spanish_path} translates {english_path}, which is missing"
    return kind, load(spanish_path), load(english_path), spanish_path.relative_to(SPANISH)


def test_the_spanish_mmn_and_als_articles_are_among_the_files_checked():
    checked = {path.relative_to(SPANISH).as_posix() for path in SPANISH_FILES}
    assert "articles/multifocal-motor-neuropathy.yaml" in checked
    assert "articles/amyotrophic-lateral-sclerosis.yaml" in checked


def test_every_spanish_text_part_reads_easily(translation):
    """Fernández-Huerta >= 65 (about school grade 8) for every running-text part."""
    kind, spanish, _, path = translation
    too_hard = []
    for label, text in prose_parts(kind, spanish).items():
        score = spanish_reading_ease(text or "")
        if is_measured(label) and score is not None and score < SPANISH_EASE_FLOOR:
            too_hard.append(f"{path} {label}: Fernández-Huerta {score}")
    assert too_hard == [], "\n".join(too_hard)


def test_every_spanish_file_keeps_the_english_parts_in_the_same_order(translation):
    kind, spanish, english, path = translation
    if kind != "glossary":
        slug = english.get("slug")
        assert spanish.get("translates") == slug, f"{path}: 'translates' should be {slug!r}"
    english_outline, spanish_outline = outline(kind, english), outline(kind, spanish)
    differences = [
        f"{path} {name}: English {english_outline[name]}, Spanish {spanish_outline.get(name)}"
        for name in english_outline
        if spanish_outline.get(name) != english_outline[name]
    ]
    assert differences == [], "\n".join(differences)


def markers(text: str | None) -> list[str]:
    """The <!-- advice --> and <!-- definition --> markers (paragraphs that need no source)."""
    return re.findall(r"<!--\s*(\w+)\s*-->", text or "")


def test_every_spanish_part_cites_the_sources_and_keeps_the_markers_of_its_english_part(
    translation,
):
    kind, spanish, english, path = translation
    spanish_parts = prose_parts(kind, spanish)
    english_parts = prose_parts(kind, english)
    if kind == "comparison":  # a cell may cite from its answer or its note
        spanish_parts, english_parts = cells_joined(spanish_parts), cells_joined(english_parts)
    wrong = []
    for label, english_text in english_parts.items():
        if label not in spanish_parts:
            continue  # a missing part fails the outline test
        expected = set(cited_keys(english_text or ""))
        found = set(cited_keys(spanish_parts.get(label) or ""))
        if found != expected:
            wrong.append(f"{path} {label}: cites {sorted(found)}, English cites {sorted(expected)}")
        expected, found = markers(english_text), markers(spanish_parts.get(label))
        if found != expected:
            wrong.append(f"{path} {label}: markers {found}, English has {expected}")
    assert wrong == [], "\n".join(wrong)


def test_no_spanish_part_is_empty_or_left_in_english(translation):
    kind, spanish, english, path = translation
    spanish_parts = prose_parts(kind, spanish)
    problems = [
        f"{path} {label}: empty" for label, text in labels(kind, spanish).items()
        if not str(text or "").strip()
    ]  # fmt: skip
    for label, english_text in prose_parts(kind, english).items():
        if label not in spanish_parts:
            continue  # a missing part fails the outline test
        english_plain = plain_text(english_text or "").strip()
        spanish_plain = plain_text(spanish_parts.get(label) or "").strip()
        if not english_plain:
            continue  # the English part is only a citation; so is the Spanish one
        if not spanish_plain:
            problems.append(f"{path} {label}: empty")
        elif spanish_plain == english_plain and len(english_plain.split()) > 3:
            problems.append(f"{path} {label}: the same as the English")
        problems += [f"{path} {label}: English left in: {s!r}"
                     for s in untranslated(spanish_plain, english_plain)]  # fmt: skip
        if len(found := english_words(spanish_plain)) >= 2:
            problems.append(f"{path} {label}: English words {found} in {spanish_plain[:80]!r}")
    assert problems == [], "\n".join(problems)


# --- The measure itself -------------------------------------------------------------


def test_spanish_ease_is_the_agreed_textstat_measure_of_the_plain_text():
    markdown = "La **NMM** no es ELA. Causa debilidad en las manos. [@VDBERG-2012]"
    try:
        textstat.set_lang("es")
        agreed = textstat.fernandez_huerta(plain_text(markdown))
    finally:
        textstat.set_lang("en_US")
    assert spanish_reading_ease(markdown) == agreed
    assert spanish_reading_ease(markdown) == spanish_reading_ease(markdown.split(" [@")[0])


def test_hard_spanish_scores_below_the_floor_and_easy_spanish_above():
    easy = "La NMM no es ELA. No acorta la vida. Tiene tratamiento."
    hard = (
        "La neuropatía motora multifocal, caracterizada inmunológicamente por anticuerpos "
        "antigangliósido, constituye una polineuropatía desmielinizante extraordinariamente "
        "infrecuente, cuyo diagnóstico diferencial comprende enfermedades neurodegenerativas."
    )
    assert spanish_reading_ease(easy) >= SPANISH_EASE_FLOOR > spanish_reading_ease(hard)
    assert spanish_reading_ease("[@NORD-2018]") is None


def test_measuring_spanish_leaves_the_english_grade_unchanged():
    """textstat.set_lang() is global: Spanish syllable rules would raise every English grade."""
    english = "Multifocal motor neuropathy is a rare condition that makes the hands weak."
    english_grade = round(textstatistics().flesch_kincaid_grade(english), 1)  # a fresh en_US
    spanish_reading_ease("La NMM es una enfermedad rara de los nervios.")
    assert reading_grade(english) == english_grade
