"""What a measure costs, read once: the page, the CSV, HSDS, schema.org and CPSV-AP all ask here."""

from __future__ import annotations

from dataclasses import dataclass

from ciivs.catalogue.model import Entry

DEFAULT_CURRENCY = "CHF"  # a cost's `currency` when the entry does not say


@dataclass(frozen=True)
class Cost:
    """A measure's `cost`: free, an amount, and a note in each language."""

    free: bool
    amount: int | float | None
    currency: str
    note: dict[str, str] | None

    @property
    def priced(self) -> bool:
        """Free or with an amount: a price the data standards can carry."""
        return self.free or self.amount is not None

    @property
    def price(self) -> int | float:
        """The amount to pay: 0 when free."""
        return 0 if self.free or self.amount is None else self.amount

    def words(self, free_word: str) -> str:
        """'CHF 400', the language's word for free, or '' when neither is stated."""
        if self.amount is not None and not self.free:
            return f"{self.currency} {self.amount}"
        return free_word if self.free else ""


def cost_of(entry: Entry) -> Cost | None:
    """The entry's cost, or None when it states none."""
    cost = entry.get("cost")
    if not cost:
        return None
    return Cost(
        free=bool(cost.get("free")),
        amount=cost.get("amount"),
        currency=cost.get("currency", DEFAULT_CURRENCY),
        note=cost.get("note"),
    )
