"""Who may change what the bot quotes, tried from Telegram as strangers would: their own groups, forged
and copied buttons, community collections. Everything goes through the real bot and the fake Bot API."""

from __future__ import annotations

import asyncio
import threading
from http.server import BaseHTTPRequestHandler

import pytest
from sqlalchemy.exc import OperationalError

from bot.chat.authority import NOT_A_MODERATOR
from bot.chat.buttons import BROKEN_BUTTON
from bot.chat.rate_limit import GROUP_REPLIES_PER_MINUTE
from bot.settings import Settings
from bot.telegram_bot import moderation
from bot.telegram_bot.keyboards import NEXT_PAGE, OTHER_PASSAGES, THUMBS_DOWN, THUMBS_UP
from bot.telegram_bot.moderation import ANONYMOUS_COMMAND, FORWARDED_COMMAND, INLINE_BOT_COMMAND
from index.service import QAService
from index.visibility import EVERYWHERE
from tests.bot.telegram.conftest import HOME_GROUP, MODERATOR_ID, StartBot
from tests.conftest import SEED_ID
from tests.fakes.fake_telegram import FakeBotApi
from tests.fakes.pages import serve_http

STRANGER = 6660
STRANGERS_GROUP = -100_666
FORGED = (
    b"---\ntitle: Forged notice\nauthor: Invented Author\npublisher: Invented Press\n"
    b"url: https://invented.example/notice\n---\n\n"
    b"The Zorblat treaty of 2031 was signed by every Baltic fishing cooperative on the same morning.\n"
)
FORGED_QUESTION = "Who signed the Zorblat treaty?"
QUESTION = "Why won't Lukashenko send troops to Ukraine?"


async def test_the_admin_of_a_strangers_group_cannot_change_the_shared_knowledge_base(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """Anyone can make a group and add the bot; being its owner grants nothing, even with
    QABOT_TELEGRAM_ADMINS_MODERATE on (it applies to home groups only)."""
    settings = bot_settings.model_copy(update={"telegram_admins_moderate": True})
    await start_bot(settings, seeded)
    before = seeded.sources(EVERYWHERE)
    group = fake_api.group_chat(STRANGERS_GROUP)
    fake_api.chat_member_status[(group.id, STRANGER)] = "creator"

    await fake_api.user_uploads(group, STRANGER, "forged.md", FORGED, caption="/add")
    await fake_api.user_sends(group, STRANGER, f"/remove {SEED_ID}")
    replies = await fake_api.replies(group, count=2)

    assert all(r.text.startswith(NOT_A_MODERATOR) for r in replies), [r.text for r in replies]
    assert seeded.sources(EVERYWHERE) == before
    stats = seeded.stats()
    assert stats.refused_changes == 2
    assert {(r.actor, r.place, r.action) for r in stats.recent_refusals} == {
        (f"telegram:{STRANGER}", f"telegram chat {STRANGERS_GROUP}", "add"),
        (f"telegram:{STRANGER}", f"telegram chat {STRANGERS_GROUP}", "remove"),
    }
    private = fake_api.private_chat(7001)
    await fake_api.user_sends(private, 7001, FORGED_QUESTION)
    [answer] = await fake_api.replies(private)
    assert "Zorblat" not in answer.text and "Invented" not in answer.text


async def test_a_listed_moderator_changes_the_shared_knowledge_base_only_from_a_home_place(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    await start_bot(bot_settings, seeded)
    elsewhere = fake_api.group_chat(-100_777)
    await fake_api.user_uploads(elsewhere, MODERATOR_ID, "notice.md", FORGED, caption="/add")
    [refused] = await fake_api.replies(elsewhere)
    home = fake_api.group_chat(HOME_GROUP)
    await fake_api.user_uploads(home, MODERATOR_ID, "notice.md", FORGED, caption="/add")
    [added] = await fake_api.replies(home)

    assert refused.text.startswith("This group is not one of the bot's home chats")
    assert added.text.startswith("Added notice") and "only" not in added.text
    assert seeded.stats().refused_changes == 1


@pytest.fixture
async def communities(bot_settings: Settings, seeded: QAService, start_bot: StartBot) -> QAService:
    await start_bot(bot_settings.model_copy(update={"community_collections": True}), seeded)
    return seeded


async def test_a_moderator_forwarding_a_strangers_command_does_not_carry_it_out(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """A forward keeps its command: the moderator's forward of a stranger's `/remove` or of a document
    captioned `/add` must not run with the moderator's authority."""
    await start_bot(bot_settings, seeded)
    before = seeded.sources(EVERYWHERE)
    chat = fake_api.private_chat(MODERATOR_ID)

    await fake_api.user_sends(chat, MODERATOR_ID, f"/remove {SEED_ID}", forwarded_from=STRANGER)
    await fake_api.user_uploads(
        chat, MODERATOR_ID, "forged.md", FORGED, caption="/add replace=yes", forwarded_from=STRANGER
    )
    replies = await fake_api.replies(chat, count=2)

    assert all(r.text == FORWARDED_COMMAND for r in replies), [r.text for r in replies]
    assert seeded.sources(EVERYWHERE) == before
    assert {(r.actor, r.action) for r in seeded.stats().recent_refusals} == {
        (f"telegram:{MODERATOR_ID}", "remove"), (f"telegram:{MODERATOR_ID}", "add")
    }  # fmt: skip
    await fake_api.user_sends(chat, MODERATOR_ID, "/add")  # their own command still works
    [*_, usage] = await fake_api.replies(chat, count=3)
    assert usage.text.startswith("To add a source")


async def test_a_command_an_inline_bot_wrote_is_not_carried_out_for_the_moderator_who_sent_it(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """A message sent "via @somebot" holds the text that bot wrote: a moderator picking a result of a
    hostile inline bot in a home group must not remove or add anything."""
    await start_bot(bot_settings, seeded)
    home = fake_api.group_chat(HOME_GROUP)

    await fake_api.user_sends(home, MODERATOR_ID, f"/remove {SEED_ID}", via_bot="some_gif_bot")
    [refused] = await fake_api.replies(home)

    assert refused.text == INLINE_BOT_COMMAND
    assert seeded.source_ids() == [SEED_ID]
    [recorded] = seeded.stats().recent_refusals
    assert (recorded.actor, recorded.place, recorded.action, recorded.target) == (
        f"telegram:{MODERATOR_ID}", f"telegram chat {HOME_GROUP}", "remove", SEED_ID
    )  # fmt: skip


async def test_changes_posted_anonymously_or_as_a_channel_are_refused_and_recorded(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """An anonymous admin of a home group is an admin, but no person answers for the change."""
    await start_bot(bot_settings.model_copy(update={"telegram_admins_moderate": True}), seeded)
    home = fake_api.group_chat(HOME_GROUP)

    await fake_api.user_sends(home, 0, f"/remove {SEED_ID}", anonymously=True)
    [refused] = await fake_api.replies(home)

    assert refused.text == ANONYMOUS_COMMAND
    assert seeded.source_ids() == [SEED_ID]
    [recorded] = seeded.stats().recent_refusals
    assert (recorded.actor, recorded.action) == (f"telegram:sender_chat:{HOME_GROUP}", "remove")


async def test_a_flood_of_forwarded_or_empty_commands_is_rate_limited_like_any_other(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """Each refusal and usage text is a message: it counts against its sender's budget."""
    await start_bot(bot_settings.model_copy(update={"action_rate_limit_per_minute": 30}), seeded)
    forwarder, asker = fake_api.private_chat(4040), fake_api.private_chat(4041)
    for _ in range(15):
        await fake_api.user_sends(forwarder, 4040, f"/remove {SEED_ID}", forwarded_from=STRANGER)
    for _ in range(40):
        await fake_api.user_sends(asker, 4041, "/ask")
    await fake_api.replies(forwarder, count=11)
    await fake_api.replies(asker, count=31)
    await asyncio.sleep(0.5)

    forwarded = [m.text for m in fake_api.sent_to(forwarder)]
    asked = [m.text for m in fake_api.sent_to(asker)]
    # 30 actions a minute, 3 each; the refusals are recorded first, so the wait may be sent before them
    assert forwarded.count(FORWARDED_COMMAND) == 10
    assert sum(t.startswith("Ask your question after the command") for t in asked) == 30
    assert len(forwarded) == 11 and len(asked) == 31  # then each is told once to wait, then silence


async def test_anonymous_admins_of_different_groups_are_not_one_person(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """Telegram sends every group's anonymous admins as one placeholder bot: answering them as a person
    would pool their rate limits and votes across groups. They are told the bot answers people."""
    await start_bot(bot_settings.model_copy(update={"rate_limit_per_minute": 1}), seeded)
    strangers = fake_api.group_chat(STRANGERS_GROUP)
    home = fake_api.group_chat(HOME_GROUP)

    await fake_api.user_sends(strangers, 0, f"/ask {QUESTION}", anonymously=True)
    await fake_api.user_sends(home, 0, f"/ask {QUESTION}", anonymously=True)
    [theirs] = await fake_api.replies(strangers)
    [ours] = await fake_api.replies(home)

    assert theirs.text == ours.text == "I can only answer people, not anonymous or channel posts."
    assert seeded.stats().questions == 0
    for command in ("/help", "/sources", "/ask"):
        await fake_api.user_sends(strangers, 0, command, anonymously=True)
    replies = await fake_api.replies(strangers, count=4)
    assert [r.text for r in replies[1:]] == ["I can only answer people, not anonymous or channel posts."] * 3


async def test_a_flood_of_anonymous_or_channel_posts_is_rate_limited_like_a_person(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """Anyone may post in a public group "as" a channel of their own: each post was told the bot answers
    people, without limit, and the group's replies went to that."""
    await start_bot(bot_settings.model_copy(update={"rate_limit_per_minute": 2}), seeded)
    group = fake_api.group_chat(STRANGERS_GROUP)

    for _ in range(8):
        await fake_api.user_sends(group, 0, f"/ask {QUESTION}", anonymously=True)
    await fake_api.replies(group, count=3)
    await asyncio.sleep(0.5)

    told = [m.text for m in fake_api.sent_to(group)]
    assert told.count("I can only answer people, not anonymous or channel posts.") == 2
    assert len(told) == 3  # then once to wait, then silence


async def test_one_member_cannot_take_a_groups_replies_from_the_others(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """Telegram lets a bot post about 20 messages a minute in a group; a member within both of their
    own budgets (questions and other requests) had most of them."""
    await start_bot(bot_settings, seeded)
    group = fake_api.group_chat(STRANGERS_GROUP)

    for number in range(14):
        await fake_api.user_sends(group, 7001, "/help" if number % 2 else f"/ask {QUESTION}")
    await fake_api.replies(group, count=GROUP_REPLIES_PER_MINUTE + 1)
    others = await fake_api.user_sends(group, 7002, f"/ask {QUESTION}")
    await fake_api.replies(group, count=GROUP_REPLIES_PER_MINUTE + 2)
    await asyncio.sleep(0.5)

    told = [m.text for m in fake_api.sent_to(group)]
    assert len(told) == GROUP_REPLIES_PER_MINUTE + 2  # the flooder's share, told once, the other's answer
    assert sum("so the others in this group get theirs" in text for text in told) == 1
    [answered] = [m for m in fake_api.sent_to(group) if m.reply_to == others]
    assert "Lukashenko" in answered.text


async def test_a_communitys_sources_are_answered_and_listed_only_in_that_community(
    communities: QAService, fake_api: FakeBotApi
) -> None:
    ours, theirs = fake_api.group_chat(-100_101), fake_api.group_chat(-100_202)
    fake_api.chat_member_status[(ours.id, 8001)] = "administrator"
    await fake_api.user_uploads(ours, 8001, "notice.md", FORGED, caption="/add")
    [added] = await fake_api.replies(ours)
    assert added.text.startswith("Added telegram-100101-notice"), added.text
    assert added.text.endswith(
        "Kept for this group only: questions asked elsewhere are not answered from it."
    )

    await fake_api.user_sends(ours, 8002, f"/ask {FORGED_QUESTION}")
    await fake_api.user_sends(theirs, 8003, f"/ask {FORGED_QUESTION}")
    private = fake_api.private_chat(8004)
    await fake_api.user_sends(private, 8004, FORGED_QUESTION)
    [_, in_ours] = await fake_api.replies(ours, count=2)
    [in_theirs] = await fake_api.replies(theirs)
    [in_private] = await fake_api.replies(private)

    assert "Zorblat" in in_ours.text and "Invented Author" in in_ours.text
    # It may copy a shared article's credit line: the answer says who added it.
    assert "Invented Press · added by this group's admins" in in_ours.text
    assert "Zorblat" not in in_theirs.text and "Zorblat" not in in_private.text
    await fake_api.user_sends(ours, 8002, "/sources")
    await fake_api.user_sends(theirs, 8003, "/sources")
    [*_, listing_ours] = await fake_api.replies(ours, count=3)
    [_, listing_theirs] = await fake_api.replies(theirs, count=2)
    assert "Forged notice · this group's own" in listing_ours.text
    assert SEED_ID in listing_ours.text
    assert "Forged notice" not in listing_theirs.text
    await fake_api.user_sends(ours, 8002, f"/ask {QUESTION}")
    [*_, shared] = await fake_api.replies(ours, count=4)
    assert "losing control" in shared.text and "admins" not in shared.text


async def test_a_groups_own_sources_follow_it_when_telegram_upgrades_it_to_a_supergroup(
    communities: QAService, fake_api: FakeBotApi
) -> None:
    """The supergroup has a new chat id; its members still get answers from the group's own sources,
    and its admins can still remove them by the name the listing shows."""
    group = fake_api.basic_group(-4001)
    fake_api.chat_member_status[(group.id, 8201)] = "creator"
    await fake_api.user_uploads(group, 8201, "notice.md", FORGED, caption="/add")
    [added] = await fake_api.replies(group)
    assert added.text.startswith("Added telegram-4001-notice"), added.text

    supergroup = await fake_api.group_upgraded(group, -100_777_4001, 8201)
    fake_api.chat_member_status[(supergroup.id, 8201)] = "creator"
    # The move runs on the change lane and sends nothing: wait until this process's index has it, as
    # people would ask some time after the upgrade.
    for _ in range(400):
        loaded = communities.loaded_index
        if loaded is not None and f"telegram:{supergroup.id}" in loaded.source_collections.values():
            break
        await asyncio.sleep(0.05)
    await fake_api.user_sends(supergroup, 8202, f"/ask {FORGED_QUESTION}")
    [answer] = await fake_api.replies(supergroup)
    assert "Zorblat" in answer.text, answer.text
    await fake_api.user_sends(group, 8202, f"/ask {FORGED_QUESTION}")  # an old id no longer has them
    [_, in_old] = await fake_api.replies(group, count=2)
    assert "Zorblat" not in in_old.text

    await fake_api.user_sends(supergroup, 8201, "/remove telegram-4001-notice")  # its name before
    [*_, unknown] = await fake_api.replies(supergroup, count=2)
    assert "id 'telegram-4001-notice'." in unknown.text, unknown.text  # as typed, without the bot's prefix
    await fake_api.user_sends(supergroup, 8201, "/remove notice")
    [*_, removed] = await fake_api.replies(supergroup, count=3)
    assert removed.text.startswith("Removed telegram-1007774001-notice"), removed.text
    assert not [s for s in communities.sources(EVERYWHERE) if s.collection is not None]


async def test_a_groups_upgrade_during_a_database_outage_still_moves_its_sources(
    communities: QAService, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Telegram sends the upgrade once: the move is tried again until the database answers."""
    monkeypatch.setattr(moderation, "MOVE_RETRY_SECONDS", (0.1, 0.1, 0.1))
    group = fake_api.basic_group(-4002)
    fake_api.chat_member_status[(group.id, 8201)] = "creator"
    await fake_api.user_uploads(group, 8201, "notice.md", FORGED, caption="/add")
    [added] = await fake_api.replies(group)
    assert added.text.startswith("Added telegram-4002-notice"), added.text
    move, outages = communities.move_collection, [OperationalError("SELECT", {}, Exception("down"))] * 2

    def move_while_the_database_is_out(*args: object) -> list[tuple[str, str]]:
        if outages:
            raise outages.pop()
        return move(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(communities, "move_collection", move_while_the_database_is_out)
    supergroup = await fake_api.group_upgraded(group, -100_777_4002, 8201)

    for _ in range(400):
        collections = {s.collection for s in communities.sources(EVERYWHERE)}
        if f"telegram:{supergroup.id}" in collections:
            break
        await asyncio.sleep(0.05)
    assert collections == {None, f"telegram:{supergroup.id}"}
    assert not fake_api.sent_to(supergroup)  # nobody is asked to send an upgrade again


async def test_a_communitys_collection_stops_growing_at_its_limit(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """Anyone can make a group and administer it: what its collection keeps is bounded."""
    limits = {"community_collections": True, "community_max_sources": 2}
    await start_bot(bot_settings.model_copy(update=limits), seeded)
    group = fake_api.group_chat(-100_404)
    fake_api.chat_member_status[(group.id, 8301)] = "creator"

    for number in range(3):
        notice = FORGED.replace(b"title: Forged notice", f"title: Notice {number}".encode())
        await fake_api.user_uploads(group, 8301, f"notice-{number}.md", notice, caption="/add")
        replies = await fake_api.replies(group, count=number + 1)

    assert [r.text.split()[0] for r in replies[:2]] == ["Added", "Added"], [r.text for r in replies]
    assert "collection is full (2 sources" in replies[2].text, replies[2].text
    assert len([s for s in seeded.sources(EVERYWHERE) if s.collection is not None]) == 2
    await fake_api.user_sends(group, 8301, "/remove notice-0")
    [*_, removed] = await fake_api.replies(group, count=4)
    assert removed.text.startswith("Removed"), removed.text


async def test_an_upload_refused_as_busy_is_never_downloaded(
    communities: QAService, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A group admin whose last change is still being made (here a page that stalls) is refused at
    once; the refusal costs no download of the file they sent."""
    # The stalling server on 127.0.0.1 stands in for a public site: a community never reads private ones.
    monkeypatch.setattr("index.ingest.addresses._is_public", lambda address: True)
    release = threading.Event()

    class StallingPage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            release.wait(timeout=20)
            self.send_error(404)

        def log_message(self, format: str, *args: object) -> None:
            pass

    group = fake_api.group_chat(-100_505)
    fake_api.chat_member_status[(group.id, 8401)] = "creator"
    with serve_http(StallingPage) as base:
        await fake_api.user_sends(group, 8401, f"/add {base}/slow")
        await asyncio.sleep(0.3)  # the page is being fetched
        await fake_api.user_uploads(group, 8401, "notice.md", FORGED, caption="/add")
        [busy] = await fake_api.replies(group)
        release.set()
        [busy, fetched] = await fake_api.replies(group, count=2)

    assert "still being made" in busy.text, busy.text
    assert "getFile" not in fake_api.calls
    assert not fetched.text.startswith("Added"), fetched.text


async def test_a_community_cannot_remove_or_take_over_a_shared_source(
    communities: QAService, fake_api: FakeBotApi
) -> None:
    group = fake_api.group_chat(-100_303)
    fake_api.chat_member_status[(group.id, 8101)] = "creator"
    claim = FORGED.replace(b"title: Forged notice", f"title: Forged notice\nid: {SEED_ID}".encode())
    before = communities.sources(EVERYWHERE)

    await fake_api.user_sends(group, 8101, f"/remove {SEED_ID}")
    [removal] = await fake_api.replies(group)  # one change of a community at a time: sent after it
    await fake_api.user_uploads(group, 8101, "claim.md", claim, caption=f"/add id={SEED_ID}")
    _, upload = await fake_api.replies(group, count=2)

    assert "no source" in removal.text.lower() or "shared" in removal.text.lower(), removal.text
    assert upload.text.startswith("Added telegram-100303-"), upload.text  # its own id, not the shared one
    shared = [s for s in communities.sources(EVERYWHERE) if s.collection is None]
    assert shared == [s for s in before if s.collection is None]


async def test_a_strangers_file_named_like_a_moderators_upload_does_not_replace_it_unasked(
    bot_settings: Settings, seeded: QAService, start_bot: StartBot, fake_api: FakeBotApi
) -> None:
    await start_bot(bot_settings, seeded)
    own = b"---\ntitle: Opening hours\n---\n\nThe reading room opens at nine every weekday morning.\n"
    private = fake_api.private_chat(MODERATOR_ID)
    await fake_api.user_uploads(private, MODERATOR_ID, "faq.md", own, caption="/add")
    group = fake_api.group_chat(HOME_GROUP)

    # A stranger posts a file with the same name; the moderator adds it by replying /add.
    await fake_api.user_replies_to_upload(group, MODERATOR_ID, "/add", "faq.md", FORGED, uploader=STRANGER)
    # Their own file again, edited: their own re-upload still replaces it without being asked.
    edited = own.replace(b"nine", b"eight")
    await fake_api.user_uploads(private, MODERATOR_ID, "faq.md", edited, caption="/add")

    [added, newer] = await fake_api.replies(private, count=2)
    [refused] = await fake_api.replies(group)
    assert added.text.startswith("Added faq"), added.text
    assert "already belongs to" in refused.text and "replace=yes" in refused.text, refused.text
    # Both are uploads named faq.md: it said "from an upload named 'faq.md', not from an upload named
    # 'faq.md'" (who sent each is not told).
    assert "from another upload named 'faq.md', not from this one." in refused.text, refused.text
    assert newer.text.startswith("Replaced faq"), newer.text
    answer = seeded.ask("When does the reading room open?")
    assert answer.quote is not None and "opens at eight" in answer.quote
    assert "Zorblat" not in (seeded.ask(FORGED_QUESTION).quote or "")


async def test_forged_and_copied_button_data_are_refused_politely(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """Changing the question id in one's own button, or pressing a button's data under a message in
    another chat, shows nothing of anyone's question and stores no vote."""
    await start_bot(bot_settings, seeded)
    victim, attacker = fake_api.private_chat(9001), fake_api.private_chat(9002)
    await fake_api.user_sends(victim, 9001, QUESTION)
    await fake_api.user_sends(attacker, 9002, QUESTION)
    [victims_answer] = await fake_api.replies(victim)
    [attackers_answer] = await fake_api.replies(attacker)
    own = attackers_answer.buttons()[OTHER_PASSAGES]
    forged = own[0] + "0" + own[1:]  # another question id, the old signature

    await fake_api.user_presses(9002, attackers_answer, OTHER_PASSAGES, data=forged)
    await fake_api.user_presses(
        9002, attackers_answer, OTHER_PASSAGES, data=victims_answer.buttons()[OTHER_PASSAGES]
    )
    await fake_api.user_presses(9002, attackers_answer, THUMBS_UP, data=victims_answer.buttons()[THUMBS_DOWN])
    await fake_api.user_presses(9002, attackers_answer, THUMBS_UP, data="alt:1")  # the old, unsigned format
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 4)

    assert [a.get("text") for a in fake_api.callback_answers] == [BROKEN_BUTTON] * 4
    assert len(fake_api.sent_to(attacker)) == 1  # no other passages were shown to anyone
    assert (seeded.stats().thumbs_up, seeded.stats().thumbs_down) == (0, 0)


async def test_a_page_button_copied_under_someones_answer_does_not_overwrite_it(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """Button tokens are signed for a chat, not a message: a signed /sources page token sent as the
    data of a press on someone's answer in the same chat must not turn that answer into a listing."""
    for n in range(7):
        seeded.add_bytes(f"# Note {n}\n\nShort note number {n}.".encode(), f"note-{n}.md", "test")
    await start_bot(bot_settings, seeded)
    group = fake_api.group_chat(STRANGERS_GROUP)
    await fake_api.user_sends(group, 8081, f"/ask {QUESTION}")
    [answer] = await fake_api.replies(group)
    await fake_api.user_sends(group, STRANGER, "/sources")
    [_, listing] = await fake_api.replies(group, count=2)

    await fake_api.user_presses(STRANGER, answer, THUMBS_UP, data=listing.buttons()[NEXT_PAGE])
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 1)

    assert fake_api.callback_answers[-1]["text"] == BROKEN_BUTTON
    assert not [edit for edit in fake_api.edits if edit.message_id == answer.message_id]
    await fake_api.user_presses(STRANGER, listing, NEXT_PAGE)  # under its own message it still works
    await fake_api.wait_until(lambda: any(e.message_id == listing.message_id for e in fake_api.edits))


async def test_votes_are_one_per_person_and_each_person_can_change_theirs(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    await start_bot(bot_settings, seeded)
    group = fake_api.group_chat(HOME_GROUP)
    await fake_api.user_sends(group, 9101, f"/ask {QUESTION}")
    [answer] = await fake_api.replies(group)

    presses = [(9101, THUMBS_UP)] * 3 + [(9102, THUMBS_UP), (9102, THUMBS_DOWN)]  # 9102 changes their mind
    for number, (user_id, label) in enumerate(presses, start=1):
        await fake_api.user_presses(user_id, answer, label)
        await fake_api.wait_until(lambda n=number: len(fake_api.callback_answers) >= n)  # type: ignore[misc]

    assert (seeded.stats().thumbs_up, seeded.stats().thumbs_down) == (1, 1)


async def test_sources_is_one_message_paged_with_buttons(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    for n in range(7):
        seeded.add_bytes(f"# Note {n}\n\nShort note number {n}.".encode(), f"note-{n}.md", "test")
    await start_bot(bot_settings, seeded)
    chat = fake_api.private_chat(9201)

    await fake_api.user_sends(chat, 9201, "/sources")
    [first] = await fake_api.replies(chat)
    await fake_api.user_presses(9201, first, NEXT_PAGE)
    await fake_api.user_presses(9201, first, NEXT_PAGE)  # tapped twice: the same page, nothing to edit
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 2)
    await asyncio.sleep(0.2)

    assert [a.get("show_alert") for a in fake_api.callback_answers] == [None, None]  # no error shown
    assert "8 sources · page 1 of 2" in first.text
    [second] = fake_api.edits
    assert "page 2 of 2" in second.text
    listed = first.text + second.text
    assert all(source_id in listed for source_id in seeded.source_ids())
    assert len(fake_api.sent_to(chat)) == 1  # one message, edited in place


async def test_every_command_and_button_has_a_per_person_limit(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    """Listing sources, help and buttons cost no model time, but each still counts: a flood of them is
    refused politely, per person."""
    await start_bot(bot_settings.model_copy(update={"action_rate_limit_per_minute": 5}), seeded)
    chat = fake_api.private_chat(9301)
    for command in ("/sources", "/help", "/start", "/sources", "/help", "/sources"):
        await fake_api.user_sends(chat, 9301, command)
    replies = await fake_api.replies(chat, count=6)

    # Handled concurrently, so any one of them may be the sixth.
    assert sum("requests faster than I can keep up with" in r.text for r in replies) == 1
    other = fake_api.private_chat(9302)  # someone else is not held back
    await fake_api.user_sends(other, 9302, "/sources")
    [listing] = await fake_api.replies(other)
    assert "source" in listing.text

    await fake_api.user_sends(other, 9302, QUESTION)
    [_, answer] = await fake_api.replies(other, count=2)
    for _ in range(5):  # 👍 pressed again and again: with /sources, the sixth request in a minute
        await fake_api.user_presses(9302, answer, THUMBS_UP)
    await fake_api.wait_until(lambda: len(fake_api.callback_answers) >= 5)
    assert sum("faster" in str(a.get("text")) for a in fake_api.callback_answers) == 1
