"""`DefinedAcronyms`: the acronyms shared passages spell out, kept as long as a passage defines them.

A question's "CSTO" is also looked up as the words its definition spells out. Before, the first
definition ever seen stayed for good: after its source was removed (or replaced with a text that
defines the acronym otherwise) questions were still read with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from index.search.keyword_terms import defined_acronyms

__all__ = ["UNKNOWN_DEFINER", "DefinedAcronyms", "definitions_in"]

Definition = tuple[int, str, tuple[str, ...]]  # the defining passage, the acronym, its expansion's stems

# Definitions read from an index saved before definers were kept: which passage made them is not
# known, so they stay until the index is next rebuilt.
UNKNOWN_DEFINER = -1


class DefinedAcronyms:
    """Each acronym's definitions by passage, in the order they came; the earliest still held wins.
    Not thread-safe: the keyword index changes it under its lock, and questions read `expansions`."""

    def __init__(self) -> None:
        self._definitions: dict[str, dict[int, tuple[str, ...]]] = {}
        self._by_passage: dict[int, list[str]] = {}
        self.expansions: dict[str, tuple[str, ...]] = {}  # replaced whole, never changed in place

    def change(self, removed: Iterable[int], defined: Iterable[Definition]) -> None:
        """Forgets the definitions of the passages `removed`, then adds (passage, acronym, expansion)."""
        touched = False
        for passage_id in removed:
            for acronym in self._by_passage.pop(passage_id, ()):
                definitions = self._definitions[acronym]
                definitions.pop(passage_id, None)
                if not definitions:
                    del self._definitions[acronym]
                touched = True
        for passage_id, acronym, expansion in defined:
            definitions = self._definitions.setdefault(acronym, {})
            if passage_id not in definitions:
                self._by_passage.setdefault(passage_id, []).append(acronym)
            definitions[passage_id] = expansion
            touched = True
        if touched:
            self.expansions = {acronym: next(iter(d.values())) for acronym, d in self._definitions.items()}

    def saved(self) -> dict[str, list[tuple[int, list[str]]]]:
        """The definitions as JSON can hold them (`restored` reads them back)."""
        return {
            acronym: [(passage_id, list(expansion)) for passage_id, expansion in definitions.items()]
            for acronym, definitions in self._definitions.items()
        }

    @classmethod
    def restored(
        cls,
        saved: Mapping[str, Iterable[tuple[int, Iterable[str]]]] | None,
        expansions: Mapping[str, tuple[str, ...]],
    ) -> DefinedAcronyms:
        """From `saved`; from the `expansions` alone for an index saved before definers were kept."""
        acronyms = cls()
        if saved is None:
            acronyms.change((), ((UNKNOWN_DEFINER, a, tuple(e)) for a, e in expansions.items()))
        else:
            acronyms.change(
                (), ((int(p), str(a), tuple(str(s) for s in e)) for a, defs in saved.items() for p, e in defs)
            )
        return acronyms


def definitions_in(passage_id: int, text: str, stems_of: Callable[[str], list[str]]) -> list[Definition]:
    """The acronyms a passage defines ("… Organization (CSTO)"), with the stems of what each stands for."""
    if "(" not in text:  # every definition is in brackets; most passages have none
        return []
    defined = defined_acronyms(text)
    return [(passage_id, acronym, tuple(stems_of(words))) for acronym, words in defined.items()]
