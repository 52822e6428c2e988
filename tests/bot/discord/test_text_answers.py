"""Answers as text, where the bot may post no embeds: within Discord's 2,000 characters, the best
sentence kept, and the credit shown as written."""

from __future__ import annotations

from bot.discord_bot.render import MESSAGE_LIMIT
from bot.discord_bot.text_answers import answer_text
from index.answer import Answer, SourceInfo
from tests.bot.discord.test_render import huge_source


def test_a_huge_quote_and_credit_fit_one_message_with_the_best_sentence() -> None:
    best = "The best sentence says why."
    quote = "Filler words go on. " * 300 + best + " More filler follows." * 300
    answer = Answer(question="q", answered=True, quote=quote, highlight=best, score=0.9, source=huge_source())

    text = answer_text(answer)

    assert len(text) <= MESSAGE_LIMIT
    assert best.removesuffix(".") in text and "— Author" in text


def test_markdown_and_mentions_in_the_credit_are_shown_as_written() -> None:
    source = SourceInfo("s", "[click](https://evil.example) <@&1>", "**Jo**", None, None, "https://e.org/a")
    answer = Answer(
        question="q", answered=True, quote="A quote.", highlight="A quote.", score=0.9, source=source
    )

    text = answer_text(answer)

    assert "\\[click]" in text and "https://evil" not in text  # no masked link, no bare link
    assert "<@&1>" not in text and "\\*\\*Jo\\*\\*" in text
    assert text.endswith("<https://e.org/a>")
