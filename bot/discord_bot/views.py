"""Buttons under answers and under `/sources`, their custom ids signed for the channel they are in.

Every qabot button is one `DynamicItem`, `SignedButton`: its custom id is `qabot:` plus a
`bot.chat.buttons` token, so buttons keep working after a restart (and on any replica) with no view
held in memory, while a forged id, or one copied to another channel, is refused. A click goes to the
`ButtonHandler` registered for the bot that received it (the loaded `QACog`'s `ButtonPresses`).
"""

from __future__ import annotations

import re
import weakref
from typing import Any, Protocol

import discord

from bot.chat.buttons import ButtonSigner
from bot.discord_bot.errors import send_error
from index.answer import Answer

__all__ = [
    "DYNAMIC_ITEMS",
    "ButtonHandler",
    "SignedButton",
    "answer_view",
    "handle_buttons_with",
    "sources_view",
]

Button = discord.ui.Button[discord.ui.View]
OUTDATED = "This button is from an older version of the bot; please ask again."
OTHER_PASSAGES = "Other passages"
WHOLE_PARAGRAPH = "Whole paragraph"


class ButtonHandler(Protocol):
    async def on_button(self, interaction: discord.Interaction, token: str) -> None: ...


_handlers: weakref.WeakKeyDictionary[discord.Client, ButtonHandler] = weakref.WeakKeyDictionary()


def handle_buttons_with(client: discord.Client, handler: ButtonHandler | None) -> None:
    """Clicks on qabot's buttons received by `client` go to `handler` (None: nobody handles them)."""
    if handler is None:
        _handlers.pop(client, None)
    else:
        _handlers[client] = handler


# Any qabot id but the outdated ones: a malformed or truncated token is refused with a message by the
# handler (as a forged one is), where an unmatched id would leave Discord to say the interaction failed.
class SignedButton(
    discord.ui.DynamicItem[Button], template=r"qabot:(?P<token>(?!(?:more|vote|sources):).{1,94})"
):
    def __init__(
        self,
        token: str,
        label: str | None = None,
        emoji: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                emoji=emoji,
                style=discord.ButtonStyle.secondary,
                custom_id=f"qabot:{token}",
                disabled=disabled,
            )
        )
        self.token = token

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SignedButton:
        return cls(match["token"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            handler = _handlers.get(interaction.client)
            if handler is None:
                raise RuntimeError("a qabot button was clicked but no QACog is loaded in this bot")
            await handler.on_button(interaction, self.token)
        except Exception as error:  # discord.py only logs errors of dynamic items; the person must hear
            await send_error(interaction, error)


class OutdatedButton(discord.ui.DynamicItem[Button], template=r"qabot:(?:more|vote|sources):[\w:-]{1,60}"):
    """Buttons of answers sent before button ids were signed: they answer politely, and do nothing."""

    def __init__(self, custom_id: str) -> None:
        super().__init__(discord.ui.Button(label="…", custom_id=custom_id))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> OutdatedButton:
        return cls(match.group(0))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(OUTDATED, ephemeral=True)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (SignedButton, OutdatedButton)


def answer_view(signer: ButtonSigner, answer: Answer, channel_id: int) -> discord.ui.View | None:
    """ "Whole paragraph" (when it holds more than the quote), "Other passages" (when there are any)
    and 👍 / 👎, for a recorded answer."""
    question_id = answer.question_id
    if question_id is None:
        return None
    where = str(channel_id)
    view = discord.ui.View(timeout=None)
    if answer.paragraph_goes_on and answer.passage_id is not None:
        view.add_item(
            SignedButton(signer.token("paragraph", answer.passage_id, where), label=WHOLE_PARAGRAPH)
        )
    if answer.alternatives:
        view.add_item(SignedButton(signer.token("more", question_id, where), label=OTHER_PASSAGES))
    view.add_item(SignedButton(signer.token("up", question_id, where), emoji="👍"))
    view.add_item(SignedButton(signer.token("down", question_id, where), emoji="👎"))
    return view


def sources_view(signer: ButtonSigner, page: int, pages: int, channel_id: int) -> discord.ui.View | None:
    if pages <= 1:
        return None
    where = str(channel_id)
    view = discord.ui.View(timeout=None)
    # At either end the disabled button points at the page shown: two buttons never share an id.
    previous, following = max(page - 1, 0), min(page + 1, pages - 1)
    view.add_item(SignedButton(signer.token("page", previous, where), label="Previous", disabled=page == 0))
    view.add_item(
        SignedButton(signer.token("page", following, where), label="Next", disabled=page >= pages - 1)
    )
    return view
