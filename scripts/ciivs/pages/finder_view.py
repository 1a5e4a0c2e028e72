"""What a "What is for me?" page shows: the answers so far, the next question, or the fits with
why each fits. A view model over the catalogue, in the words of one language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ciivs.catalogue.labels import Labels
from ciivs.catalogue.model import Catalogue
from ciivs.catalogue.wording import age_band, ages
from ciivs.pages.finder import (
    OTHER_SITUATION,
    AgeBand,
    Candidate,
    Fit,
    Step,
    age_bands,
    candidates,
    fits,
)

# An answer page shows this many fits in full (summary, how to get in); any others as a short
# list of names with why they fit: a reader compares a handful, and the page stays small when the
# catalogue grows (each answer page would otherwise hold every measure's texts).
FULL_FITS = 20


@dataclass
class FinderView:
    """The finder's pages in one language; `t` picks a text's language (and notes a fallback)."""

    catalogue: Catalogue
    labels: Labels
    t: Callable[[dict[str, str] | str], str]
    # The measures answer pages may show, read once (`_candidates`).
    read: list[Candidate] | None = field(default=None, init=False)

    def view(
        self, step: Step, groups: list[str], regions: list[str], limits: list[int]
    ) -> dict[str, Any]:
        """What a finder page shows: the answers so far, then the next question or the fits."""
        answers = []
        if step.band is not None:
            answers.append(("finder_age", self.age_band(step.band), Step()))
        if step.situation is not None:
            answers.append(("finder_situation", self.situation(step.situation), Step(step.band)))
        if step.region is not None:
            region = self.catalogue.entry("regions", step.region)
            answers.append(
                ("finder_region", self.t(region["name"]), Step(step.band, step.situation))
            )
        options: list[tuple[str, str]] = []
        if step.question == "age":
            options = [(b.slug, self.age_band(b)) for b in age_bands(limits)]
        elif step.question == "situation":
            options = [(g, self.situation(g)) for g in [*groups, OTHER_SITUATION]]
        elif step.question == "region":
            options = [(r, self.t(self.catalogue.entry("regions", r)["name"])) for r in regions]
        found = fits(self.catalogue, step, self._candidates()) if step.question is None else []
        # Sure fits first (every criterion stated), then those with something to check.
        ranked = [(fit, self.why(fit, step)) for fit in found]
        ranked.sort(key=lambda pair: sum(not sure for _, sure in pair[1]))
        return {
            "answers": answers,
            "options": options,
            "count": len(ranked),
            "fits": ranked[:FULL_FITS],
            "more": ranked[FULL_FITS:],
            "contacts": [
                self.catalogue.entry("institutions", i) for i in self.catalogue.search.contacts
            ],
        }

    def _candidates(self) -> list[Candidate]:
        if self.read is None:
            self.read = candidates(self.catalogue)
        return self.read

    def age_band(self, band: AgeBand) -> str:
        return age_band(self.labels, band.low, band.high)

    def situation(self, situation: str) -> str:
        if situation == OTHER_SITUATION:
            return self.labels["finder_other_situation"]
        return self.t(self.catalogue.entry("target-groups", situation)["situation"])

    def why(self, fit: Fit, step: Step) -> list[tuple[str, bool]]:
        """Why a measure fits, criterion by criterion: ('de 15 à 25 ans', True) – True when the
        catalogue says so, False when it does not say and the reader should check."""
        d = fit.measure.data
        reasons = []
        if fit.age is None:
            reasons.append(
                (
                    f"{self.labels['age_range']}{self.labels['colon']} {self.labels['finder_unknown']}",
                    False,
                )
            )
        else:
            reasons.append((ages(self.labels, d), True))
        if fit.situation:
            group = self.catalogue.entry("target-groups", step.situation or "")
            reasons.append((self.t(group["name"]), True))
        if fit.region is None:
            reasons.append(
                (
                    f"{self.labels['regions']}{self.labels['colon']} {self.labels['finder_unknown']}",
                    False,
                )
            )
        elif fit.whole_canton:
            reasons.append((self.labels["all_canton"], True))
        else:
            region = self.catalogue.entry("regions", step.region or "")
            reasons.append((self.t(region["name"]), True))
        return reasons
