"""Who may change what the bot quotes, and what each place is answered from: the rules, once.

The operator names the bot's home places: Discord servers (`QABOT_DISCORD_HOME_GUILDS`) and Telegram
groups (`QABOT_TELEGRAM_HOME_CHATS`; a listed moderator's private chat with the bot is one too). The
shared knowledge base changes only from a home place, and only by a moderator there:

- Discord: members with Manage Server, or with the role whose id is `QABOT_DISCORD_MODERATOR_ROLE_ID`
  (never a role's name: any server can make a role called anything);
- Telegram: the user ids in `QABOT_TELEGRAM_MODERATORS`, and with `QABOT_TELEGRAM_ADMINS_MODERATE=1`
  the administrators of a home group.

With `QABOT_COMMUNITY_COLLECTIONS=1`, the administrators of any other server or group keep a
collection of their own, answered from only there. Everyone else is refused, nothing changes, and the
refusal is recorded (who, where, what) for `qabot stats`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal, NoReturn, Protocol, TypeVar

from bot.settings import Settings
from index.errors import NotAllowed, QabotError
from index.service import QAService
from index.store.change_results import ChangeResult
from index.visibility import SHARED_ONLY, Visibility

__all__ = ["NOT_A_MODERATOR", "Authority", "Grant", "Member", "Place"]

log = logging.getLogger(__name__)

Platform = Literal["telegram", "discord"]
_Result = TypeVar("_Result")


class Storage(Protocol):
    """Runs storage work off the event loop, bounded (`ChatContext`)."""

    def read(
        self, function: Callable[..., _Result], *args: Any, place: str | None = None
    ) -> Awaitable[_Result]: ...

    def write(
        self, function: Callable[..., _Result], *args: Any, place: str | None = None
    ) -> Awaitable[_Result]: ...


NOT_A_MODERATOR = "Only moderators can change the knowledge base."


def place_word(platform: str) -> str:
    """What a community is called on `platform`: a Discord server, a Telegram group."""
    return "server" if platform == "discord" else "group"


@dataclass(frozen=True)
class Place:
    """Where a request was made: a private chat (Telegram) or DM (Discord), or a group or server."""

    platform: Platform
    id: int | None  # the Telegram chat or the Discord server; None for a Discord DM
    private: bool = False

    @property
    def community(self) -> str | None:
        """The collection this place would keep (e.g. `discord:123`); None for a private chat."""
        return None if self.private or self.id is None else f"{self.platform}:{self.id}"

    def describe(self) -> str:
        if self.private:
            return f"{self.platform} private chat" + (f" {self.id}" if self.id is not None else "")
        return f"{self.platform} {'server' if self.platform == 'discord' else 'chat'} {self.id}"


@dataclass(frozen=True)
class Member:
    """Who asks, with what their platform says of them in the place (read only when it matters)."""

    platform: Platform
    user_id: int
    is_admin: bool = False  # Discord: Manage Server. Telegram: the group's owner or an administrator.
    role_ids: frozenset[int] = frozenset()

    @property
    def actor(self) -> str:
        """How the change is recorded: `telegram:<id>`, `discord:<id>`."""
        return f"{self.platform}:{self.user_id}"


@dataclass(frozen=True)
class Grant:
    """Permission for one change: who makes it, and in which collection (None: the shared one); and,
    for recording a refusal the core makes later (a community removing a shared source), the place,
    action and target it was granted for."""

    actor: str
    collection: str | None
    place: str = field(default="", compare=False)
    action: str = field(default="", compare=False)
    target: str = field(default="", compare=False)

    def report(self, result: ChangeResult) -> str:
        """What the person who made the change is told; for a community's own collection, also that
        it is answered there alone (the reply looks the same as a shared add's otherwise)."""
        text = result.describe()
        if self.collection is not None and result.action in ("added", "replaced"):
            where = place_word(self.collection.split(":", 1)[0])
            text += f"\nKept for this {where} only: questions asked elsewhere are not answered from it."
        return text


class Authority:
    def __init__(self, settings: Settings, service: QAService, storage: Storage) -> None:
        """`storage`: how its reads and writes run off the event loop (`ChatContext`)."""
        self.settings = settings
        self._service = service
        self._storage = storage

    def is_home(self, place: Place) -> bool:
        if place.platform == "discord":
            return (
                place.id is not None and not place.private and place.id in self.settings.discord_home_guilds
            )
        return place.private or place.id in self.settings.telegram_home_chats

    def visibility(self, place: Place) -> Visibility:
        """What a question asked in `place` is answered from."""
        community = place.community
        if community is None or not self.settings.community_collections or self.is_home(place):
            return SHARED_ONLY
        return Visibility(community)

    def needs_admin_status(self, place: Place) -> bool:
        """Whether `grant` would look at `Member.is_admin` here (on Telegram that costs an API call)."""
        if place.private:
            return False
        if self.is_home(place):
            return place.platform == "discord" or self.settings.telegram_admins_moderate
        return self.settings.community_collections

    def decide(self, member: Member, place: Place) -> Grant | str:
        """The grant, or the reason for refusing it."""
        settings = self.settings
        if place.platform == "discord" and place.private:
            return "That command works only in a server."
        if self.is_home(place):
            if place.platform == "discord":
                role = settings.discord_moderator_role_id
                if member.is_admin or (role is not None and role in member.role_ids):
                    return Grant(member.actor, None)
                return f"{NOT_A_MODERATOR} Here that is members with Manage Server or the moderator role."
            if member.user_id in settings.telegram_moderators:
                return Grant(member.actor, None)
            if settings.telegram_admins_moderate and member.is_admin and not place.private:
                return Grant(member.actor, None)
            return NOT_A_MODERATOR
        community = place.community
        if settings.community_collections and community is not None and member.is_admin:
            return Grant(member.actor, community)
        where = place_word(place.platform)
        if place.platform == "telegram" and member.user_id in settings.telegram_moderators:
            # A moderator whose home group was upgraded to a supergroup (a new id) lands here too.
            return (
                "This group is not one of the bot's home chats: moderators change the knowledge base "
                "there or in a private chat with the bot."
            )
        if settings.community_collections:
            return (
                f"{NOT_A_MODERATOR} In this {where}, its administrators can keep sources for it; "
                "the shared knowledge base is changed only from the bot's home places."
            )
        return f"{NOT_A_MODERATOR} The knowledge base is changed only from the bot's home places."

    async def grant(self, member: Member, place: Place, action: str, target: str) -> Grant:
        """The grant for `action` on `target`, or `NotAllowed` after the refusal is recorded."""
        decision = self.decide(member, place)
        if isinstance(decision, Grant):
            if action == "add" and decision.collection is not None:
                await self._check_room(decision.collection, place)
            return replace(decision, place=place.describe(), action=action, target=target)
        await self.refuse(member.actor, place, action, target, decision)

    async def refuse(self, actor: str, place: Place, action: str, target: str, reason: str) -> NoReturn:
        """Records a refusal decided before `grant` (a command whose writer is not its sender) and
        raises `NotAllowed` with `reason`, as `grant` does."""
        await self._record(actor, place.describe(), action, target, place.community)
        raise NotAllowed(reason)

    async def record_refused(self, grant: Grant) -> None:
        """Records that the core refused a granted change (`NotAllowed`), as `grant` refusals are."""
        await self._record(grant.actor, grant.place, grant.action, grant.target, grant.collection)

    async def _record(self, actor: str, where: str, action: str, target: str, community: str | None) -> None:
        try:
            await self._storage.write(
                self._service.record_refusal, actor, where, action, target, place=community
            )
        except QabotError as error:  # busy, or a database not answering: the person is still told why
            log.warning("A refused %s by %s was not recorded: %s", action, actor, error)

    async def _check_room(self, collection: str, place: Place) -> None:
        """A community's collection stops growing at `QABOT_COMMUNITY_MAX_SOURCES` sources or
        `QABOT_COMMUNITY_MAX_PASSAGES` passages. A full collection is refused here, before anything is
        downloaded; a document that would take it past the bound is refused by the core once it is cut
        into passages, before it is embedded (`index.store.room`)."""
        sources, passages = await self._storage.read(
            self._service.collection_size, collection, place=place.community
        )
        settings = self.settings
        most_sources, most_passages = settings.community_max_sources, settings.community_max_passages
        if sources >= most_sources or passages >= most_passages:
            where = place_word(place.platform)
            raise NotAllowed(
                f"This {where}'s collection is full ({sources} sources, {passages} passages; at most "
                f"{most_sources} and {most_passages}): remove a source before adding another."
            )
