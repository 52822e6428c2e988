"""Where a Discord interaction or message comes from, and who sent it, in `bot.chat.authority`'s terms."""

from __future__ import annotations

import discord

from bot.chat.authority import Member, Place

__all__ = ["PLATFORM", "member_of", "person_of", "place_of"]

PLATFORM = "discord"


def person_of(user: discord.abc.User) -> str:
    """Who sent a request, as rate limits and the records name them: `discord:<id>`."""
    return f"{PLATFORM}:{user.id}"


def place_of(guild: discord.Guild | None) -> Place:
    """A server, or a DM (no server)."""
    return Place("discord", guild.id if guild is not None else None, private=guild is None)


def member_of(user: discord.abc.User, permissions: discord.Permissions | None = None) -> Member:
    """What the server says of the person: Manage Server (in this channel) and their roles' ids."""
    if not isinstance(user, discord.Member):
        return Member("discord", user.id)
    allowed = permissions if permissions is not None else user.guild_permissions
    # The role ids Discord sent with the member, not `Member.roles`, which keeps only the roles of a
    # server in discord.py's cache: in a server not cached (the bot invited without the `bot` scope,
    # or a command in the seconds after connecting) the moderator role was dropped and its members
    # refused. discord.py keeps the ids as `_roles` and shows them nowhere else.
    sent = getattr(user, "_roles", None)
    ids = {int(i) for i in sent} if sent is not None else {role.id for role in user.roles}
    # Not @everyone, whose id is the server's: naming it as the moderator role made every member one.
    roles = frozenset(ids - {user.guild.id})
    return Member("discord", user.id, is_admin=allowed.manage_guild, role_ids=roles)
