"""`make check` keeps easy-read texts easy: one fixture breaks every rule at once, and each break
is reported on its own line, `path:line: CODE message`, in English, French and German.

The rules: a sentence of at most 15 words, one sentence per line, every abbreviation explained
in the same text, every language there (the text and each glossary word), and a review by
readers that says who and when.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit, line_of, run_check

EASY = "easy-read/formavenir.yml"
WORD = "glossary/coaching.yml"
LONG = (
    "Vous commencez un apprentissage dans une entreprise du canton et vous suivez en même "
    "temps les cours de l'école professionnelle."
)
# One word of each language's messages, to tell which language a line is in.
SAYS = {"en": "sentence", "fr": "phrase", "de": "Satz"}


@pytest.fixture
def broken(valid_copy: Path) -> dict[str, tuple[int, str]]:
    """The valid catalogue with an easy-read text and a glossary word that break every rule;
    returns the expected (line, code) of each break, by name."""
    root = valid_copy
    edit(root, EASY, "        Vous commencez un apprentissage.\n", f"        {LONG}\n")
    edit(
        root,
        EASY,
        "        Vous avez entre 15 et 25 ans.\n",
        "        Vous avez entre 15 et 25 ans. Vous vivez en Valais.\n",
    )
    edit(root, EASY, "        SAS veut dire : Service de l'action sociale.\n", "")
    german = (root / EASY).read_text(encoding="utf-8")
    (root / EASY).write_text(
        german[: german.index("  de:\n")] + 'reviewed_by:\n  fr: "Groupe de relecture"\n',
        encoding="utf-8",
    )
    edit(root, WORD, '  de: "Ein Coaching ist', '  # de: "Ein Coaching ist')
    return {
        "long": (line_of(root, EASY, LONG), "EASY_SENTENCE_TOO_LONG"),
        "two": (line_of(root, EASY, "Vous vivez en Valais."), "EASY_ONE_SENTENCE_PER_LINE"),
        "abbreviation": (line_of(root, EASY, "Le SAS paie"), "UNEXPLAINED_ABBREVIATION"),
        "german": (line_of(root, EASY, "sections:"), "MISSING_TRANSLATION"),
        "review": (line_of(root, EASY, '  fr: "Groupe'), "MISSING_FIELD"),
        "word": (line_of(root, WORD, "explanation:"), "MISSING_TRANSLATION"),
    }


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_each_broken_rule_is_one_line_in_the_editors_language(
    broken: dict[str, tuple[int, str]], valid_copy: Path, lang: str
) -> None:
    result = run_check(valid_copy, lang=lang)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    lines = result.stderr.splitlines()[:-1]
    for name, (line, code) in broken.items():
        path = WORD if name == "word" else EASY
        found = [l for l in lines if l.startswith(f"{valid_copy}/{path}:{line}: {code} ")]
        assert len(found) == 1, f"{name}: no single `{path}:{line}: {code}` in\n{result.stderr}"
    assert len(lines) == len(broken), result.stderr
    by_code = {line.split(": ", 2)[1].split()[0]: line for line in lines}
    assert SAYS[lang] in by_code["EASY_SENTENCE_TOO_LONG"]
    assert "'SAS'" in by_code["UNEXPLAINED_ABBREVIATION"]
    assert "Service de l'action sociale" in by_code["UNEXPLAINED_ABBREVIATION"]


def test_an_abbreviation_the_glossary_does_not_know_is_reported(valid_copy: Path) -> None:
    edit(valid_copy, EASY, "        Le SAS paie FormAvenir.\n", "        Le XYZ paie FormAvenir.\n")
    result = run_check(valid_copy)
    expected = (
        f"{valid_copy}/{EASY}:{line_of(valid_copy, EASY, 'Le XYZ')}: UNEXPLAINED_ABBREVIATION"
    )
    assert any(l.startswith(expected) for l in result.stderr.splitlines()), result.stderr
    assert "catalogue/glossary/" in result.stderr


def test_an_abbreviation_explained_by_a_long_form_of_the_glossary_passes(valid_copy: Path) -> None:
    """Media points (Dienst·stelle) and capitals do not hide the long form."""
    edit(
        valid_copy,
        EASY,
        "        DSW heisst: Dienst·stelle für Sozial·wesen.\n",
        "        Das ist die Dienst·Stelle für Sozial·wesen.\n",
    )
    result = run_check(valid_copy)
    assert result.returncode == 0, result.stderr
