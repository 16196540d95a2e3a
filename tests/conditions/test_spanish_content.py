"""Shipped Spanish content (conditions/content/es/): readable, complete, true to the English.

The measure: Fernández-Huerta reading ease of Spanish Markdown, from the pinned textstat.
"""

import textstat
from textstat.textstat import textstatistics

from conditions.readability import SPANISH_EASE_FLOOR, reading_grade, spanish_reading_ease
from conditions.rendering import plain_text

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
