"""The authority rules as a table: who may change what, from where, and what each place sees."""

from __future__ import annotations

import pytest

from bot.chat.authority import NOT_A_MODERATOR, Authority, Grant, Member, Place
from bot.settings import Settings
from index.visibility import SHARED_ONLY, Visibility

HOME_GUILD, OTHER_GUILD, ROLE = 10, 20, 555
HOME_GROUP, OTHER_GROUP, MODERATOR = -100, -200, 7


def authority(settings: Settings, **changes: object) -> Authority:
    base = {
        "discord_home_guilds": frozenset({HOME_GUILD}),
        "discord_moderator_role_id": ROLE,
        "telegram_home_chats": frozenset({HOME_GROUP}),
        "telegram_moderators": frozenset({MODERATOR}),
    }
    return Authority(settings.model_copy(update={**base, **changes}), service=None, storage=None)  # type: ignore[arg-type]


def discord(user: int = 1, *, admin: bool = False, role: int | None = None) -> Member:
    return Member("discord", user, is_admin=admin, role_ids=frozenset({role} if role else ()))


def telegram(user: int, *, admin: bool = False) -> Member:
    return Member("telegram", user, is_admin=admin)


HOME_SERVER, OTHER_SERVER = Place("discord", HOME_GUILD), Place("discord", OTHER_GUILD)
DM = Place("discord", None, private=True)
IN_HOME_GROUP, IN_OTHER_GROUP = Place("telegram", HOME_GROUP), Place("telegram", OTHER_GROUP)

# (case, place, member, community collections on, expected: "shared", a collection, or None = refused)
CASES = [
    ("discord home, Manage Server", HOME_SERVER, discord(admin=True), False, "shared"),
    ("discord home, the role by id", HOME_SERVER, discord(role=ROLE), False, "shared"),
    ("discord home, another role", HOME_SERVER, discord(role=ROLE + 1), False, None),
    ("discord elsewhere, Manage Server", OTHER_SERVER, discord(admin=True), False, None),
    ("discord elsewhere, collections", OTHER_SERVER, discord(admin=True), True, "discord:20"),
    ("discord elsewhere, collections, member", OTHER_SERVER, discord(), True, None),
    ("discord DM", DM, discord(admin=True), True, None),
    (
        "telegram private, moderator",
        Place("telegram", MODERATOR, private=True),
        telegram(MODERATOR),
        False,
        "shared",
    ),
    ("telegram private, stranger", Place("telegram", 8, private=True), telegram(8), True, None),
    ("telegram home group, moderator", IN_HOME_GROUP, telegram(MODERATOR), False, "shared"),
    ("telegram home group, admin", IN_HOME_GROUP, telegram(8, admin=True), False, None),
    ("telegram other group, moderator", IN_OTHER_GROUP, telegram(MODERATOR), False, None),
    ("telegram other group, admin", IN_OTHER_GROUP, telegram(8, admin=True), False, None),
    (
        "telegram other group, admin, collections",
        IN_OTHER_GROUP,
        telegram(8, admin=True),
        True,
        "telegram:-200",
    ),
]


@pytest.mark.parametrize(
    ("case", "place", "member", "collections", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_who_may_change_what_from_where(
    settings: Settings, case: str, place: Place, member: Member, collections: bool, expected: str | None
) -> None:
    decision = authority(settings, community_collections=collections).decide(member, place)

    if expected is None:
        assert isinstance(decision, str) and decision.startswith(("Only", "That command", "This group")), (
            decision
        )
    else:
        assert decision == Grant(member.actor, None if expected == "shared" else expected)


def test_a_listed_moderator_elsewhere_is_told_where_changes_are_made(settings: Settings) -> None:
    """A home group upgraded to a supergroup gets a new id: its moderator should learn why."""
    decision = authority(settings).decide(telegram(MODERATOR), IN_OTHER_GROUP)

    assert decision == (
        "This group is not one of the bot's home chats: moderators change the knowledge base there or "
        "in a private chat with the bot."
    )


def test_home_group_admins_moderate_only_when_allowed(settings: Settings) -> None:
    admin, home = Member("telegram", 8, is_admin=True), Place("telegram", HOME_GROUP)

    assert authority(settings, telegram_admins_moderate=True).decide(admin, home) == Grant("telegram:8", None)
    assert str(authority(settings).decide(admin, home)).startswith(NOT_A_MODERATOR)


def test_each_place_is_answered_from_the_shared_knowledge_base_and_its_own_collection(
    settings: Settings,
) -> None:
    rules = authority(settings, community_collections=True)

    assert rules.visibility(Place("discord", OTHER_GUILD)) == Visibility("discord:20")
    assert rules.visibility(Place("discord", HOME_GUILD)) == SHARED_ONLY
    assert rules.visibility(Place("telegram", 8, private=True)) == SHARED_ONLY
    assert authority(settings).visibility(Place("discord", OTHER_GUILD)) == SHARED_ONLY
