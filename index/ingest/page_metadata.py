"""Who wrote an HTML page and when, as the page shows them, beyond trafilatura's reading (its address,
publisher and title: `page_identity`).

trafilatura joins a byline's lines into authors ("Kirsty Macleod BBC Scotland News; Kirkwall",
"Margaret Ostrowski; Staff Writer", "Howard Schneider; Ann Saphir; Reuters"); and without `extensive`
(which guesses dates from the text) it misses a date the page shows only as text ("<time>Dec. 5,
2022, 3:14 p.m. ET</time>").
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import chain, islice
from typing import TYPE_CHECKING

from index.ingest.bylines import (
    DATE_LABELS,
    MIN_NAME_WORDS,
    MONTH_ABBREVIATIONS,
    NAME_PARTICLES,
    ROLE_WORDS,
    Byline,
    date_line,
    day_of_month,
    ends_sentence,
    read_byline,
    release_dateline,
)

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "BYLINES",
    "BYLINE_ELEMENTS_READ",
    "MAX_DATE_WORDS",
    "before_publisher",
    "credited_authors",
    "meta_byline",
    "same_text",
    "shown_authors",
    "shown_date",
]

# What a byline says besides the people: their job, or the agency the story comes from.
_AGENCIES = frozenset(
    {"reuters", "associated press", "the associated press", "ap", "afp", "agence france-presse"}
    | {"bloomberg", "dpa", "upi", "efe", "ansa", "pa media", "press association"}
)
_NOT_PEOPLE = _AGENCIES | frozenset(
    {"staff", "staff writer", "staff writers", "staff reporter", "reporter", "correspondent", "editor"}
    | {"senior correspondent", "contributor", "contributing writer", "columnist", "freelance writer"}
)
# A label before the name, in the languages of the bot's first readers, and "By" as other languages
# write it ("Par Camille Roussel", "Por Lucía Ferrer", "Von Hans Weber", "Door Eva de Vries").
_AUTHOR_LABELS = frozenset(
    {"author", "authors", "автор", "авторка", "автори", "авторы", "text", "текст"}
    | {"by", "par", "por", "von", "door", "av", "af", "przez", "от"}
)
# A byline part that is only a job ("Senior Reporter", "Political Editor"): its last word says so.
_JOBS = frozenset(
    {"reporter", "editor", "correspondent", "writer", "columnist", "contributor", "producer", "critic"}
    | {"photographer", "analyst"}
)
MAX_JOB_WORDS = 3
# What follows a name in a byline element read as one line: its date ("Jane Doe Published Dec", as
# trafilatura cuts the text at "Dec. 18"), or a second credit ("Jane Doe Photos by Tom Price").
# A month's abbreviation ends a name only before a day, or alone when it is no name's part ("Jan", "Mar"
# "Jun" and "Aug" are: "Kim Dae Jun", "Ana del Mar", "Nguyen Van Aug").
_MONTHS_ENDING_NAMES = MONTH_ABBREVIATIONS - {"jan", "mar", "jun", "aug"}
_LABELS = _AUTHOR_LABELS | DATE_LABELS | {"on"}
_CREDIT_LABELS = frozenset({"story", "words", "written", "reporting", "text"})
_OTHER_CREDITS = frozenset({"photos", "photo", "photography", "pictures", "images", "illustrations", "video"})
MIN_JOB_WORDS = 2
DATE_ELEMENTS_READ = 3  # elements a page's date is looked for in
MAX_DATE_WORDS = 40  # of an element's text: "Updated 3:14 p.m. EST, December 4, 2023" is 8
DATE_LINES_READ = 3  # lines at the top of the article
BYLINE_ELEMENTS_READ = 3
BYLINES = (
    "//*[contains(translate(@class, 'BYLINE', 'byline'), 'byline') or @data-component='byline-block'"
    " or contains(@data-testid, 'byline')]"
)
# A blog theme's line under the headline ("By Jane Whitfield | 4 June 2023"), which trafilatura drops
# with every element its class calls "meta".
_META_LINES = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' post-meta ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' entry-meta ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' article-meta ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' meta ')]"
    # Not another post's line in a related list or a sidebar, nor a comment's.
    "[not(ancestor::aside or ancestor::footer or ancestor::*[contains(@class, 'comment')"
    " or contains(@class, 'related') or contains(@class, 'sidebar') or contains(@class, 'widget')])]"
)
MAX_LINKED_AUTHORS = 8
MAX_AUTHOR_CHARS = 1_000  # what is read of an author field: the cuts below are quadratic in it


def credited_authors(author: str | None, publisher: str | None) -> str | None:
    """The people among trafilatura's authors ("A; B"): without a job title or news agency its byline
    sets beside them, a place on a line of its own, or the publisher's name after theirs."""
    if not author:
        return None
    parts = [" ".join(part.split()) for part in author[:MAX_AUTHOR_CHARS].split(";")]  # names are short
    parts = [part for part in parts if part]
    people = [
        part
        for part in parts
        if part.casefold() not in _NOT_PEOPLE
        and not (len(parts) > 1 and _is_job(part))  # "Larry Writer" alone is a name
        # "Par" or "Posted on": a label, without the name
        and not all(word.rstrip(":") in _LABELS for word in part.casefold().split())
        and not (publisher and same_text(part, publisher))
        and not day_of_month(part)
        and (len(part.split()) > 1 or len(parts) == 1)  # "Kirkwall" beside a name is where they wrote
    ]
    if not people:  # an agency, a blog named after its writer, "NASA; ESA"; a label or "Ministry; Water" no
        kept = [
            part
            for part in parts
            if part.casefold() in _AGENCIES
            or (publisher and same_text(part, publisher))
            or (part.isupper() and len(part) > 1)
        ]
        return "; ".join(kept) or None
    return "; ".join(before_publisher(_name_only(person), publisher) for person in people)


def _is_job(part: str) -> bool:
    words = part.split()
    return (
        len(words) <= MAX_JOB_WORDS and words[-1].casefold() in _JOBS and all(w[:1].isupper() for w in words)
    )


def shown_authors(tree: HtmlElement, author: str) -> str | None:
    """Every author the page shows, where its metadata gives only the first of them (`author`, as
    trafilatura reads one `rel="author"` link): the first byline element that names that author ("By
    Ann Lee, Bo Chen and Cy Day", AP's "BY HANNA ARHIROVA and ILLIA NOVIKOV"), or the author links
    beside that author's own. Not a related story's byline or links elsewhere on the page. None when
    they name no more."""
    for element in tree.xpath(BYLINES)[:BYLINE_ELEMENTS_READ]:
        read = read_byline(_words_of(element))
        if read is not None and _names_more(read.author, author, or_as_many=True):
            if _names_more(read.author, author):
                return _in_title_case(read.author)
            break
    links = tree.xpath("//a[contains(@rel, 'author')]")
    own = next((a for a in links if same_text(" ".join(a.text_content().split()), author)), None)
    if own is None or own.getparent() is None:
        return None
    beside = own.getparent().xpath(".//a[contains(@rel, 'author')]")
    people = list(dict.fromkeys(" ".join(a.text_content().split()) for a in beside))[:MAX_LINKED_AUTHORS]
    named = "; ".join(person for person in people if person)
    return named if _names_more(named, author) else None


def meta_byline(tree: HtmlElement) -> Byline | None:
    """The byline of a post's own meta line (the first on the page), for a page whose metadata and text
    name no author."""
    first = tree.xpath(_META_LINES)[:1]
    return read_byline(_words_of(first[0])) if first else None


def _words_of(element: HtmlElement) -> str:
    """An element's first words, its texts apart: `text_content` glued "Benedetti" to the "27 February"
    of the next element; and "<a>Ann Lee</a>, <a>Bo Chen</a>" as written."""
    return re.sub(r" ([,;])", r"\1", " ".join(" ".join(element.itertext()).split()[:MAX_DATE_WORDS]))


def _in_title_case(byline: str) -> str:
    """A wire's byline in capitals ("HANNA ARHIROVA and ILLIA NOVIKOV") as names are written; a
    name from the page's metadata keeps its case ("UNICEF UK")."""
    words = byline.split()
    if not all(word.isupper() for word in words if word not in ("and", "&")):
        return byline
    return " ".join(word.title() if word.isupper() else word for word in words)


def _names_more(shown: str, author: str, or_as_many: bool = False) -> bool:
    """Whether `shown` names every word of `author`, and more (`or_as_many`: or the same)."""
    shown_words, author_words = (
        set(re.findall(r"\w+", text.casefold())) - {"and"} for text in (shown, author)
    )
    return author_words <= shown_words if or_as_many else author_words < shown_words


def shown_date(tree: HtmlElement, body: str) -> dt.date | None:
    """The date a page shows as text only: in a `<time>` element or one its class calls a date
    (`class="dateline"`, `"timestamp"`), a line of its own at the top of the article ("Dec. 5, 2022,
    3:14 p.m. ET"), or a press release's dateline ("RENO, Nev., April 3, 2024 /PRNewswire/ --"). Never
    from a sentence: the page's words, not a guess."""
    marked = tree.xpath("//time | //*[contains(@class, 'date') or contains(@class, 'time')]")
    times = (" ".join(element.text_content().split()[:MAX_DATE_WORDS]) for element in marked)
    # Not a heading: a timeline's "## February 24, 2022" dates its entry, not the page.
    tops = (
        line
        for line in body.split("\n", DATE_LINES_READ * 2)[: DATE_LINES_READ * 2]
        if line.strip() and not line.startswith("#")
    )
    # A byline element's own date ("By Jane Doe<br>Dec. 18, 2023"), which no line of its own shows.
    bylines = (read_byline(_words_of(element)) for element in tree.xpath(BYLINES)[:BYLINE_ELEMENTS_READ])
    candidates = chain(
        (date_line(text) for text in islice(times, DATE_ELEMENTS_READ)),
        (byline.published for byline in bylines if byline is not None),
        (date_line(text) or release_dateline(text) for text in islice(tops, DATE_LINES_READ)),
    )
    return next((date for date in candidates if date is not None), None)


def _name_only(person: str) -> str:
    """ "Автор Оксана Мельник" → "Оксана Мельник" (a label trafilatura keeps, as it drops "By"); "Dana
    Kowalczyk dkowalczyk com" → "Dana Kowalczyk" (an e-mail address it made words of, after the name)."""
    words = person.split()
    if (
        len(words) > MIN_NAME_WORDS
        and words[0].casefold().rstrip(":") in _AUTHOR_LABELS
        and words[1] not in NAME_PARTICLES  # "Von der Leyen" is a name
    ):
        words = words[1:]
    elif len(words) > MIN_NAME_WORDS + 1 and words[1].casefold() == "by":  # "Story by", "Written by"
        words = words[2:] if words[0].casefold() in _CREDIT_LABELS else words
    # Cut where only lower-case words follow: "José Ortega y Gasset" and "Juan Carlos del Río" go on;
    # and where only a job of two words or more follows, as a blog's author card sets it beside the
    # name ("Staff Engineer"); one may be a surname ("Anthony Stewart Head").
    for cut in range(MIN_NAME_WORDS, len(words)):
        job = words[cut:] if len(words) - cut >= MIN_JOB_WORDS else ()
        if (
            (all(word.islower() for word in words[cut:]) and words[cut] not in NAME_PARTICLES)
            or (job and all(word.casefold().strip(",") in ROLE_WORDS for word in job))
            or _ends_name(words, cut)
        ):
            return _without_full_stop(" ".join(words[:cut]).rstrip(",;|"))
    return _without_full_stop(" ".join(words))


def _without_full_stop(name: str) -> str:
    """ "Jane Doe." → "Jane Doe", where a sentence ended the name ("Story by Jane Doe. Photography
    by…"); "Ann B." and "John Smith Jr." keep theirs."""
    return name[:-1] if ends_sentence(name.rsplit(" ", 1)[-1]) else name


def _ends_name(words: list[str], cut: int) -> bool:
    """Whether a date or another credit begins at `words[cut]` (see `_OTHER_CREDITS`)."""
    word = words[cut].casefold()
    after = words[cut + 1] if cut + 1 < len(words) else ""
    return (
        word in DATE_LABELS
        or (word.rstrip(".") in MONTH_ABBREVIATIONS and after[:1].isdigit())
        or (word.rstrip(".") in _MONTHS_ENDING_NAMES and not after)
        or (word in _OTHER_CREDITS and after.casefold() == "by")
    )


def before_publisher(person: str, publisher: str | None) -> str:
    """ "Kirsty Macleod BBC Scotland News" → "Kirsty Macleod" when the publisher is "BBC News": cut
    where the rest holds two of the publisher's words as written ("de la Torre" of La Vanguardia and
    "Al Omran" of Al Arabiya hold one)."""
    if not publisher:
        return person
    named = {word for word in publisher.split() if word[:1].isupper()}
    words = person.split()
    for cut in range(MIN_NAME_WORDS, len(words)):
        if words[cut] in named and len(named.intersection(words[cut:])) >= 2:
            return " ".join(words[:cut])
    return person


def same_text(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
