"""A small Spanish site for the search tests, made as editors make one: English items
approved, then Spanish translations drafted, reviewed and approved through the workflow
(conditions/translations.py). The ALS article stays untranslated: /es/ shows it in English."""

from django.contrib.auth import get_user_model

from conditions import translations, workflow
from conditions.models import FAQ, Article, GlossaryTerm
from mmn_portal.roles import EDITOR, MEDICAL_REVIEWER, ensure_roles
from tests.conditions.factories import (
    ArticleFactory,
    FAQFactory,
    GlossaryTermFactory,
    SectionFactory,
    make_live,
)

# The Spanish pages' addresses (/es/...), where the Spanish results lead.
MMN = "/es/conditions/multifocal-motor-neuropathy/"
CIDP = "/es/conditions/chronic-inflammatory-demyelinating-polyneuropathy/"
ALS = "/es/conditions/amyotrophic-lateral-sclerosis/"
GLOSSARY_ALS = "/es/glossary/amyotrophic-lateral-sclerosis/"
GLOSSARY_BLOCK = "/es/glossary/conduction-block/"

MMN_SECTIONS = {
    "what-is-mmn": ("What is MMN?", "MMN is a rare nerve disease.",
                    "¿Qué es la NMM?",
                    "La neuropatía motora multifocal es una enfermedad poco común. El sistema "
                    "de defensa del cuerpo daña los nervios que mueven los músculos."),
    "symptoms": ("Symptoms", "Weak hands and arms. No numbness.",
                 "Síntomas",
                 "La NMM causa debilidad en las manos y los brazos. Muchas personas notan "
                 "primero una mano débil. No causa entumecimiento."),
    "treatment": ("Treatment",
                  "IVIg is the main treatment.\n\n### Side effects of IVIg\n\nHeadache.\n\n"
                  "### SCIg\n\nUnder the skin at home.\n\n### Not used\n\nSteroids do not help.",
                  "Tratamiento",
                  "El tratamiento principal es la inmunoglobulina intravenosa (IgIV).\n\n"
                  "### Efectos secundarios de la IgIV\n\nLos más comunes son dolor de cabeza "
                  "y cansancio.\n\n### Inmunoglobulina subcutánea\n\nLa IgSC se pone debajo "
                  "de la piel, en casa.\n\n### Lo que no se usa\n\nLos corticoides como la "
                  "prednisona no ayudan en la NMM y pueden empeorarla."),
    "outlook": ("Outlook", "MMN rarely goes away by itself. It is not fatal.",
                "Pronóstico",
                "La NMM rara vez desaparece sola, pero no es mortal. Con tratamiento, la "
                "fuerza suele mejorar."),
    "diagnosis": ("Diagnosis",
                  "### Needle EMG\n\nMuscles.\n\n### Nerve conduction study\n\nNerves.",
                  "Diagnóstico",
                  "### Electromiografía\n\nLa EMG mide cómo trabajan los músculos.\n\n"
                  "### Estudio de conducción nerviosa\n\nEsta prueba de los nervios busca "
                  "un bloqueo de conducción."),
}


def _users():
    ensure_roles()
    User = get_user_model()
    editor = User.objects.create_user("es-editor", "es-editor@example.org", "x" * 20,
                                      is_staff=True)
    reviewer = User.objects.create_user("es-reviewer", "es-reviewer@example.org", "x" * 20,
                                        is_staff=True)
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name=EDITOR))
    reviewer.groups.add(Group.objects.get(name=MEDICAL_REVIEWER))
    return User.objects.get(pk=editor.pk), User.objects.get(pk=reviewer.pk)


def translate(item, text: dict, editor, reviewer) -> None:
    """Draft, submit and approve a Spanish translation of a live English item."""
    draft = translations.start_translation(item=item, language="es", user=editor)
    draft.text = text
    workflow._save(draft, editor, "Translated")
    workflow.submit_for_review(item=draft, user=editor)
    workflow.approve_and_publish(item=draft, user=reviewer)


def make_spanish_site() -> None:
    mmn = ArticleFactory(slug="multifocal-motor-neuropathy", name="Multifocal motor neuropathy",
                         short_name="MMN", summary="A rare disease of the motor nerves.")
    for order, (slug, (heading, body, _h, _b)) in enumerate(MMN_SECTIONS.items()):
        SectionFactory(article=mmn, slug=slug, heading=heading, body=body, order=order)
    cidp = ArticleFactory(slug="chronic-inflammatory-demyelinating-polyneuropathy",
                          name="Chronic inflammatory demyelinating polyneuropathy",
                          short_name="CIDP", summary="A nerve disease.")
    SectionFactory(article=cidp, slug="how-it-differs-from-mmn", heading="How it differs",
                   body="CIDP also affects feeling.")
    als = ArticleFactory(slug="amyotrophic-lateral-sclerosis",
                         name="Amyotrophic lateral sclerosis", short_name="ALS",
                         summary="ALS is a disease of the motor neurons. It gets worse.")
    SectionFactory(article=als, slug="breathing", heading="Breathing",
                   body="ALS weakens the breathing muscles.")
    FAQFactory(article=mmn, slug="is-mmn-the-same-as-als", question="Is MMN the same as ALS?",
               answer="No.")
    GlossaryTermFactory(slug="amyotrophic-lateral-sclerosis", term="Amyotrophic lateral "
                        "sclerosis", also_called="ALS, Lou Gehrig's disease",
                        definition="A disease of the motor neurons.")
    GlossaryTermFactory(slug="conduction-block", term="Conduction block",
                        definition="A place where the signal stops.")
    make_live()
    editor, reviewer = _users()
    live = {a.slug: a for a in Article.objects.originals()}
    translate(live["multifocal-motor-neuropathy"], {
        "name": "Neuropatía motora multifocal", "short_name": "NMM",
        "summary": "La NMM es una enfermedad rara de los nervios que mueven los músculos.",
        "sections": {slug: {"heading": h, "body": b}
                     for slug, (_eh, _eb, h, b) in MMN_SECTIONS.items()},
    }, editor, reviewer)
    translate(live["chronic-inflammatory-demyelinating-polyneuropathy"], {
        "name": "Polineuropatía desmielinizante inflamatoria crónica", "short_name": "PDIC",
        "summary": "Una enfermedad de los nervios.",
        "sections": {"how-it-differs-from-mmn": {
            "heading": "En qué se diferencia de la NMM",
            "body": "La PDIC también afecta lo que se siente en la piel; la NMM solo afecta "
                    "el movimiento."}},
    }, editor, reviewer)
    translate(FAQ.objects.originals().get(slug="is-mmn-the-same-as-als"), {
        "question": "¿La NMM es lo mismo que la ELA?",
        "answer": "No. La ELA es otra enfermedad, que empeora con el tiempo. La NMM no es "
                  "mortal."}, editor, reviewer)
    terms = {t.slug: t for t in GlossaryTerm.objects.originals()}
    translate(terms["amyotrophic-lateral-sclerosis"], {
        "term": "Esclerosis lateral amiotrófica",
        "also_called": "ELA, enfermedad de la motoneurona, enfermedad de Lou Gehrig",
        "definition": "Una enfermedad de las neuronas motoras que empeora con el tiempo."},
        editor, reviewer)
    translate(terms["conduction-block"], {
        "term": "Bloqueo de conducción",
        "definition": "Un punto del nervio donde la señal se detiene."}, editor, reviewer)

