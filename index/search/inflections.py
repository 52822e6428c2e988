"""A word's other forms, so a question's "begin" finds a text's "began".

The keyword index stems with Snowball, which joins "seized" and "seize" but not the irregular forms
English keeps ("begin"/"began"/"begun", "seek"/"sought", "child"/"children"). A question word the
knowledge base lacks is looked up in lemminflect's dictionary (its lemmas and their inflections,
shipped in the package; no model, no download), and a form the knowledge base holds is searched in
its place. The dictionary is loaded on first use (about 0.3 s, 60 MB).
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["other_forms"]


def other_forms(word: str) -> Iterator[str]:
    """The word's lemmas and every dictionary inflection of them, without the word itself: "began"
    gives "begin", "begun", "begins", "beginning". Nothing for a word the dictionary lacks."""
    import lemminflect

    seen = {word}
    for lemmas in lemminflect.getAllLemmas(word).values():
        for lemma in lemmas:
            candidates = [lemma]
            for forms in lemminflect.getAllInflections(lemma).values():
                candidates.extend(forms)
            for form in candidates:
                if form not in seen:
                    seen.add(form)
                    yield form
