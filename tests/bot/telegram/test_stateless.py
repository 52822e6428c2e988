"""The bot keeps no state per chat or person in python-telegram-bot: over months it sees millions."""

from __future__ import annotations

import asyncio

from bot.settings import Settings
from index.service import QAService
from tests.bot.telegram.conftest import StartBot
from tests.fakes.fake_telegram import FakeBotApi


async def test_nothing_is_kept_for_the_chats_and_people_the_bot_answered(
    bot_settings: Settings, seeded: QAService, fake_api: FakeBotApi, start_bot: StartBot
) -> None:
    bot = await start_bot(bot_settings, seeded)
    chats = [fake_api.private_chat(9_000_000 + n) for n in range(20)]
    for chat in chats:
        await fake_api.user_sends(chat, chat.id, "Who is Sergei Sazonov?")
    for chat in chats:
        [answer] = await fake_api.replies(chat)
        assert "Sazonov" in answer.text
    await asyncio.sleep(0.2)  # the library notes an update's chat and user after its handler returns

    application = bot.application
    # Without a persistence the library never emptied these: every chat and person ever seen stayed.
    assert not application._chat_ids_to_be_updated_in_persistence
    assert not application._user_ids_to_be_updated_in_persistence
    assert not application.chat_data and not application.user_data
