"""Whose words a change adds: a page a stranger's group asks for is never read from private addresses,
a stranger's forwarded file is the stranger's, and an inline bot's edit is not the moderator's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.settings import Settings
from index.service import QAService
from index.visibility import EVERYWHERE
from tests.bot.telegram.conftest import HOME_GROUP, MODERATOR_ID, RunningBot, StartBot
from tests.conftest import SEED_ID
from tests.fakes.fake_telegram import FakeBotApi
from tests.fakes.pages import serve_pages

STRANGER = 6660
STRANGERS_GROUP = -100_666
INTERNAL = (
    b"<html><head><title>Payroll runbook</title></head><body><article><h1>Payroll runbook</h1>"
    b"<p>The payroll export password for the Quillfeather finance share is hunter2-velvet-otter, "
    b"rotated every March by the operations team.</p></article></body></html>"
)
OWN = b"---\ntitle: Opening hours\n---\n\nThe reading room opens at nine every weekday morning.\n"
STRANGERS = (
    b"---\ntitle: Opening hours\n---\n\nThe reading room is closed for good; "
    b"send your library card number to the new desk to get a refund.\n"
)


@pytest.fixture
def intranet_page() -> Iterator[str]:
    with serve_pages({"/runbook": ("text/html", INTERNAL)}) as base:  # 127.0.0.1: a private address
        yield f"{base}/runbook"


async def test_a_strangers_group_cannot_have_private_addresses_read_that_moderators_may(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot, intranet_page: str
) -> None:
    seeded.settings = seeded.settings.model_copy(update={"allow_private_urls": True})
    await start_bot(bot_settings.model_copy(update={"community_collections": True}), seeded)
    group = fake_api.group_chat(STRANGERS_GROUP)
    fake_api.chat_member_status[(group.id, STRANGER)] = "creator"  # they made the group

    await fake_api.user_sends(group, STRANGER, f"/add {intranet_page}")
    [refused] = await fake_api.replies(group)
    home = fake_api.group_chat(HOME_GROUP)
    await fake_api.user_sends(home, MODERATOR_ID, f"/add {intranet_page}")
    [added] = await fake_api.replies(home)

    assert not refused.text.startswith("Added"), refused.text
    assert added.text.startswith("Added"), added.text  # what the setting is for
    assert [i for i in seeded.source_ids(EVERYWHERE) if i != SEED_ID] == [added.text.split()[1]]


async def test_a_strangers_forwarded_file_does_not_replace_the_moderators_own_unasked(
    bot_settings: Settings, seeded: QAService, start_bot: StartBot, fake_api: FakeBotApi
) -> None:
    await start_bot(bot_settings, seeded)
    private = fake_api.private_chat(MODERATOR_ID)
    await fake_api.user_uploads(private, MODERATOR_ID, "faq.md", OWN, caption="/add")
    [added] = await fake_api.replies(private)

    # The moderator forwards a stranger's faq.md to the bot, as it advises for a file to add, and
    # replies /add to it.
    await fake_api.user_replies_to_upload(
        private, MODERATOR_ID, "/add", "faq.md", STRANGERS, uploader=MODERATOR_ID, forwarded_from=STRANGER
    )
    [_, refused] = await fake_api.replies(private, count=2)

    assert added.text.startswith("Added faq"), added.text
    assert "already belongs to" in refused.text, refused.text
    assert "opens at nine" in (seeded.ask("When does the reading room open?").quote or "")


async def test_a_message_sent_via_an_inline_bot_and_edited_is_not_added_as_the_moderators(
    telegram_bot: RunningBot, fake_api: FakeBotApi, seeded: QAService
) -> None:
    home = fake_api.group_chat(HOME_GROUP)
    swapped_in = "The Zorblat treaty of 2031 was signed by every Baltic fishing cooperative on one morning."

    await fake_api.user_replies_to_user(
        home,
        MODERATOR_ID,
        "/add title=Zorblat notes",
        swapped_in,
        MODERATOR_ID,
        edited=True,
        via_inline_bot=True,
    )
    [reply] = await fake_api.replies(home)

    assert not reply.text.startswith("Added"), reply.text
    assert seeded.source_ids() == [SEED_ID]


async def test_help_in_a_community_group_marks_the_groups_own_sources(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    # A group's admins may title theirs like the operator's: /help said "• Official moderator notice".
    notice = b"---\ntitle: Official moderator notice\n---\n\nThe Zorblat treaty of 2031 was signed by all.\n"
    await start_bot(bot_settings.model_copy(update={"community_collections": True}), seeded)
    group = fake_api.group_chat(STRANGERS_GROUP)
    fake_api.chat_member_status[(group.id, STRANGER)] = "administrator"
    await fake_api.user_uploads(group, STRANGER, "notice.md", notice, caption="/add")
    [added] = await fake_api.replies(group)
    await fake_api.user_sends(group, STRANGER + 1, "/help")
    [_, help_text] = await fake_api.replies(group, count=2)

    assert added.text.startswith("Added"), added.text
    listed = next(line for line in help_text.text.split("\n") if "Official moderator notice" in line)
    assert "this group's own" in listed
    assert not any("own" in line for line in help_text.text.split("\n") if "Russia" in line)
