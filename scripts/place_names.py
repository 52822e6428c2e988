"""Regenerates `index/search/place_names.tsv`: the words news writing uses for a country.

    .venv/bin/python scripts/place_names.py

Two kinds of row, from countryinfo's table of countries (of at least half a million people, so that
territories whose capitals are people's names, "Hamilton" or "Douglas", are not in it):

- `demonym`: "armenian" → "armenia". The keyword index reads the demonym as the country, so
  "the Armenian Prime Minister" answers "Who leads Armenia?". Kept only where the demonym's last word
  begins like the country's last word (so "French", "Dutch" or "Danish", which Snowball would have to
  guess at, are not) and no other country's name begins with it ("Dominican" is not read as Dominica).
- `people`: every other one-word demonym, "french" → "france", "american" → "united states". Not read
  by the keyword index; a quote naming "French President Emmanuel Macron" names France's president
  for "who is the leader of france" (`index.search.asked_names`). One shared by two countries is the
  more populous one's ("French": France, not Réunion).
- `capital`: "minsk" → "belarus". A question that names a capital also asks about its country
  ("What did Minsk promise Moscow?"), as news writing uses a capital for its government. Capitals
  of two countries, named like their country ("Singapore"), or as often a person's name or another
  place ("Sofia", "Kingston") are left out; a capital renamed since the table was written is added
  by its new name (`_RENAMED_CAPITALS`).

The output is sorted, so a rerun writes the same file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from countryinfo import all_countries

OUTPUT = Path(__file__).resolve().parents[1] / "index" / "search" / "place_names.tsv"
MIN_POPULATION = 500_000
# Capitals that are as often a person's name or another place ("Sofia", "Santiago", "Kingston").
_AMBIGUOUS_CAPITALS = {"sofia", "santiago", "city of victoria", "kingston", "georgetown", "san juan", "saint denis"}
# Capitals renamed since countryinfo's table was written, by the name news writes now: Kazakhstan's
# became Astana again in September 2022. The table's name ("nur sultan") stays, as the news of
# 2019-2022 writes it.
_RENAMED_CAPITALS = {"astana": "kazakhstan"}
# Demonyms of a country's last word that say nothing of the country ("Solomon Islander").
_GENERIC_WORDS = {"islands", "island", "republic"}
_WORDS = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    return _WORDS.findall(text.lower())


def countries() -> list[tuple[list[str], list[list[str]], list[list[str]]]]:
    """(name's words, capitals' words, demonyms' words) of each country big enough."""
    found = []
    for country in all_countries():
        info = country.info()
        if not isinstance(info.get("population"), int) or info["population"] < MIN_POPULATION:
            continue
        capital, demonym = info.get("capital"), info.get("demonym")
        capitals = [words(capital)] if isinstance(capital, str) and capital else []
        demonyms = [words(d) for d in re.split(r",|/| and ", demonym)] if isinstance(demonym, str) else []
        found.append((words(str(info["name"])), capitals, [d for d in demonyms if d]))
    return found


def demonyms(table: list[tuple[list[str], list[list[str]], list[list[str]]]]) -> dict[str, str]:
    names = [" ".join(name) for name, _, _ in table]
    found: dict[str, set[str]] = defaultdict(set)
    for name, _, forms in table:
        for form in forms:
            word, base = form[-1], name[-1]
            if form[:-1] != name[:-1] or word == base or not word.startswith(base[: max(4, len(base) - 2)]):
                continue
            if base in _GENERIC_WORDS:
                continue
            if any(other.startswith(word) for other in names):
                continue
            found[word].add(base)
    return {word: bases.pop() for word, bases in found.items() if len(bases) == 1}


def people(
    table: list[tuple[list[str], list[list[str]], list[list[str]]]],
    read: dict[str, str],
    sizes: dict[str, int],
) -> dict[str, str]:
    """One-word demonyms that `demonyms` leaves out (`read`); one shared by several countries is the
    most populous one's ("French": France, not Réunion)."""
    found: dict[str, set[str]] = defaultdict(set)
    for name, _, forms in table:
        for form in forms:
            if len(form) == 1 and form[0] not in read and form[0] != name[-1]:
                found[form[0]].add(" ".join(name))
    return {word: max(sorted(names), key=lambda n: sizes.get(n, 0)) for word, names in found.items()}


def populations() -> dict[str, int]:
    """Each country's population, by its name's words joined."""
    infos = (country.info() for country in all_countries())
    return {
        " ".join(words(str(info["name"]))): info["population"]
        for info in infos
        if isinstance(info.get("population"), int)
    }


def capitals(table: list[tuple[list[str], list[list[str]], list[list[str]]]]) -> dict[str, str]:
    found: dict[str, set[str]] = defaultdict(set)
    for name, capital_names, _ in table:
        for capital in capital_names:
            if capital and not set(capital) & set(name) and " ".join(capital) not in _AMBIGUOUS_CAPITALS:
                found[" ".join(capital)].add(" ".join(name))
    return {capital: names.pop() for capital, names in found.items() if len(names) == 1} | _RENAMED_CAPITALS


def main() -> None:
    table = countries()
    read = demonyms(table)
    rows = [f"demonym\t{w}\t{b}\n" for w, b in read.items()]
    rows += [f"people\t{w}\t{n}\n" for w, n in people(table, read, populations()).items()]
    rows += [f"capital\t{c}\t{n}\n" for c, n in capitals(table).items()]
    OUTPUT.write_text("".join(sorted(rows)), encoding="utf-8")
    print(f"{OUTPUT}: {len(rows)} rows")


if __name__ == "__main__":
    main()
