"""Reading `/add` options and questions out of chat text, whatever the text holds."""

from __future__ import annotations

import pytest

from bot.chat.commands import command_arguments, parse_add_arguments, without_mention
from index.errors import QabotError
from tests.reliability.test_linear_time import MAX_GROWTH, N, growth, repeat


def test_add_options_may_hold_spaces_and_replace_is_a_yes_or_no() -> None:
    request = parse_add_arguments(
        "https://example.org/a title=Why it matters author=Jo Doe replace=yes", "usage"
    )

    assert request.url == "https://example.org/a"
    assert request.overrides == {"title": "Why it matters", "author": "Jo Doe"}
    assert request.replace is True
    assert parse_add_arguments("title=T", "usage").replace is False
    with pytest.raises(QabotError, match="replace= takes yes or no"):
        parse_add_arguments("replace=maybe", "usage")


def test_a_quoted_value_may_hold_another_options_name() -> None:
    request = parse_add_arguments('title="When to say replace=yes" author=“Jo id=7 Doe” id=when', "usage")

    assert request.overrides == {"title": "When to say replace=yes", "author": "Jo id=7 Doe", "id": "when"}
    assert request.replace is False
    german = parse_add_arguments("title=„Wann id=7 kommt“ author=Jo", "usage")
    assert german.overrides == {"title": "Wann id=7 kommt", "author": "Jo"}
    unclosed = parse_add_arguments('title="Half a quote author=Jo', "usage")
    assert unclosed.overrides == {"title": '"Half a quote', "author": "Jo"}  # as before quotes were read


@pytest.mark.parametrize(
    ("typed", "title", "author"),
    [
        (
            "title=“Belarus is occupied,” Sazonov says author=Oleg Sukhov",
            "“Belarus is occupied,” Sazonov says",
            "Oleg Sukhov",
        ),
        ('title="Half author=Jo "Bob" Smith id=x', '"Half', 'Jo "Bob" Smith'),
        ("title=“No,” he said author=“Jo Doe”", "“No,” he said", "Jo Doe"),
        ('title="Barbie" vs "Oppenheimer" author=Jo', '"Barbie" vs "Oppenheimer"', "Jo"),
        ("title='Don't stop' author='Jo O'Neill'", "Don't stop", "Jo O'Neill"),
        ("title=‘Don’t stop’ author=Jo", "Don’t stop", "Jo"),
    ],
)
def test_a_value_that_only_begins_with_a_quotation_is_kept_whole(typed: str, title: str, author: str) -> None:
    overrides = parse_add_arguments(typed, "usage").overrides
    assert (overrides["title"], overrides["author"]) == (title, author)
    with pytest.raises(QabotError, match="title= is given twice"):
        parse_add_arguments("title=One title=Two", "usage")


@pytest.mark.parametrize(
    "unit",
    [
        ' title="a',
        " title=“a",
        ' title="a" author="b',
        " id=a",
        "title=a title=b",
        '"',
        "„“ ",
        "' '",
        " title=„a“ b",
        " title='a' b'",
    ],
)
def test_add_options_are_read_in_linear_time(unit: str) -> None:
    def parse(text: str) -> object:
        try:
            return parse_add_arguments(text, "usage")
        except QabotError:
            return None

    assert growth(parse, lambda n: repeat(unit, n), N) <= MAX_GROWTH


@pytest.mark.parametrize("head", ["javascript:alert(1)", "../../etc/passwd", "ftp://example.org/x"])
def test_anything_but_a_link_before_the_options_is_refused_with_the_usage(head: str) -> None:
    with pytest.raises(QabotError, match="usage text"):
        parse_add_arguments(f"{head} title=T", "usage text")


def test_command_arguments_and_mentions() -> None:
    assert command_arguments("/ask@qabot_bot  Who wrote it?\nAnd when?") == "Who wrote it?\nAnd when?"
    assert command_arguments("/ask") == ""
    assert without_mention("@QaBot_bot who? @qabot_BOT", "@qabot_bot").split() == ["who?"]
