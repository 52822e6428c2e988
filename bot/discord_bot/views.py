"""Buttons under answers and under `/sources`.

They are `DynamicItem`s: the question id or page lives in the button's custom id, so buttons keep
working after the bot restarts and no per-message view is held in memory. A click is handed to the
`ButtonHandler` registered for the bot that received it (the loaded `QACog`, which owns the service).
"""

from __future__ import annotations

import re
import weakref
from typing import Any, Protocol

import discord

from bot.discord_bot.errors import send_error

__all__ = ["DYNAMIC_ITEMS", "ButtonHandler", "answer_view", "handle_buttons_with", "sources_view"]

Button = discord.ui.Button[discord.ui.View]


class ButtonHandler(Protocol):
    async def show_other_passages(self, interaction: discord.Interaction, question_id: int) -> None: ...
    async def store_feedback(
        self, interaction: discord.Interaction, question_id: int, helpful: bool
    ) -> None: ...
    async def show_sources_page(self, interaction: discord.Interaction, page: int) -> None: ...


_handlers: weakref.WeakKeyDictionary[discord.Client, ButtonHandler] = weakref.WeakKeyDictionary()


def handle_buttons_with(client: discord.Client, handler: ButtonHandler | None) -> None:
    """Clicks on qabot's buttons received by `client` go to `handler` (None: nobody handles them)."""
    if handler is None:
        _handlers.pop(client, None)
    else:
        _handlers[client] = handler


def _handler(interaction: discord.Interaction) -> ButtonHandler:
    handler = _handlers.get(interaction.client)
    if handler is None:
        raise RuntimeError("a qabot button was clicked but no QACog is loaded in this bot")
    return handler


class OtherPassagesButton(discord.ui.DynamicItem[Button], template=r"qabot:more:(?P<question_id>\d+)"):
    def __init__(self, question_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Other passages",
                style=discord.ButtonStyle.secondary,
                custom_id=f"qabot:more:{question_id}",
            )
        )
        self.question_id = question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> OtherPassagesButton:
        return cls(int(match["question_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await _handler(interaction).show_other_passages(interaction, self.question_id)
        except Exception as error:  # discord.py only logs errors of dynamic items; the user must hear
            await send_error(interaction, error)


class FeedbackButton(
    discord.ui.DynamicItem[Button], template=r"qabot:vote:(?P<vote>up|down):(?P<question_id>\d+)"
):
    def __init__(self, question_id: int, helpful: bool) -> None:
        vote = "up" if helpful else "down"
        super().__init__(
            discord.ui.Button(
                emoji="👍" if helpful else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"qabot:vote:{vote}:{question_id}",
            )
        )
        self.question_id = question_id
        self.helpful = helpful

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FeedbackButton:
        return cls(int(match["question_id"]), match["vote"] == "up")

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await _handler(interaction).store_feedback(interaction, self.question_id, self.helpful)
        except Exception as error:
            await send_error(interaction, error)


class SourcesPageButton(
    discord.ui.DynamicItem[Button], template=r"qabot:sources:(?P<page>\d+):(?P<label>prev|next)"
):
    def __init__(self, page: int, label: str, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label="Previous" if label == "prev" else "Next",
                style=discord.ButtonStyle.secondary,
                custom_id=f"qabot:sources:{page}:{label}",
                disabled=disabled,
            )
        )
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SourcesPageButton:
        return cls(int(match["page"]), match["label"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await _handler(interaction).show_sources_page(interaction, self.page)
        except Exception as error:
            await send_error(interaction, error)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    OtherPassagesButton,
    FeedbackButton,
    SourcesPageButton,
)


def answer_view(question_id: int | None, has_alternatives: bool) -> discord.ui.View | None:
    """ "Other passages" (when there are any) and 👍 / 👎, for a recorded, answered question."""
    if question_id is None:
        return None
    view = discord.ui.View(timeout=None)
    if has_alternatives:
        view.add_item(OtherPassagesButton(question_id))
    view.add_item(FeedbackButton(question_id, helpful=True))
    view.add_item(FeedbackButton(question_id, helpful=False))
    return view


def sources_view(page: int, pages: int) -> discord.ui.View | None:
    if pages <= 1:
        return None
    view = discord.ui.View(timeout=None)
    # The label is part of the custom id: two buttons of one message may not share an id.
    view.add_item(SourcesPageButton(max(page - 1, 0), "prev", disabled=page == 0))
    view.add_item(SourcesPageButton(min(page + 1, pages - 1), "next", disabled=page >= pages - 1))
    return view
