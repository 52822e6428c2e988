"""SIGTERM (what `docker stop` sends) and SIGINT stop both bots cleanly within 10 s: the question in
flight is answered, the connection and the database are closed, and the process exits 0 saying so.
Each bot runs as a real `qabot` process against a fake server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bot.chat.shutdown import CUT_OFF, SHUTDOWN_GRACE_SECONDS
from tests.fakes.fake_discord_server import FakeDiscordServer
from tests.fakes.fake_telegram import Chat, FakeBotApi
from tests.support import start_discord_bot, start_qabot

STOP_WITHIN_SECONDS = 10.0
QUESTION = "Why won't Lukashenko send troops to Ukraine?"


def _start_telegram(tmp_path: Path, api: FakeBotApi) -> subprocess.Popen[str]:
    return start_qabot(
        "telegram", tmp_path / "home", TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url
    )


async def _stops_cleanly(
    process: subprocess.Popen[str], signal_number: int, within: float = STOP_WITHIN_SECONDS
) -> list[str]:
    """Sends the signal; the process must exit 0 `within` the limit. Returns its last log lines."""
    process.send_signal(signal_number)
    started = time.monotonic()
    try:
        code = await asyncio.to_thread(process.wait, STOP_WITHIN_SECONDS + 5)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError("the bot did not stop") from None
    took = time.monotonic() - started
    assert process.stderr is not None
    lines = process.stderr.read().strip().splitlines()
    assert code == 0, lines[-20:]
    assert took < within, took
    assert "Traceback" not in "\n".join(lines)
    assert "Task was destroyed" not in "\n".join(lines)  # work the stop left behind
    return lines[-5:]


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_the_telegram_bot_answers_what_is_in_flight_and_exits_0(
    tmp_path: Path, signal_number: int
) -> None:
    async with FakeBotApi() as api:
        process = _start_telegram(tmp_path, api)
        try:
            await api.wait_until(lambda: "getUpdates" in api.calls, timeout=120)
            chat = api.private_chat(4101)
            await api.user_sends(chat, 4101, QUESTION)
            await api.wait_until(lambda: (chat.id, "typing") in api.chat_actions)  # it is answering
            last_lines = await _stops_cleanly(process, signal_number)
        finally:
            if process.poll() is None:
                process.kill()
        [reply] = api.sent_to(chat)
        assert reply.parsed.spans("blockquote")  # the question in flight was answered
        assert last_lines[-1].endswith("Stopped.")


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_the_discord_bot_answers_what_is_in_flight_and_closes_the_gateway(
    tmp_path: Path, signal_number: int
) -> None:
    async with FakeDiscordServer() as discord:
        process = start_discord_bot(tmp_path / "home", discord)
        try:
            await asyncio.wait_for(discord.identified.wait(), timeout=120)
            await asyncio.sleep(0.2)  # READY is handled
            await discord.user_sends_dm(5101, 5200, QUESTION)
            await asyncio.sleep(0.05)
            last_lines = await _stops_cleanly(process, signal_number)
        finally:
            if process.poll() is None:
                process.kill()
        await asyncio.wait_for(discord.gateway_closed.wait(), timeout=5)
        [reply] = discord.sent
        assert reply["embeds"] and "Lukashenko" in reply["embeds"][0]["description"]
        assert last_lines[-1].endswith("Stopped.")


async def _answer_waits_out_flood_control(api: FakeBotApi, chat: Chat) -> None:
    """Once the bot polls, a question whose answer Telegram tells to wait 40 s (a 429)."""
    await api.wait_until(lambda: "getUpdates" in api.calls, timeout=120)
    api.inject("sendMessage", 429, parameters={"retry_after": 40})
    await api.user_sends(chat, chat.id, QUESTION)
    await api.wait_until(lambda: "sendMessage" in api.calls, timeout=30)


async def test_the_telegram_bot_stops_in_time_while_an_answer_waits_out_flood_control(tmp_path: Path) -> None:
    """Telegram's 429 can ask for 40 s and more: the library waited for the answer that long, past
    `docker stop`'s kill. The answer gets the grace period, then the process exits 0."""
    async with FakeBotApi() as api:
        process = _start_telegram(tmp_path, api)
        try:
            await _answer_waits_out_flood_control(api, api.private_chat(4102))
            last_lines = await _stops_cleanly(process, signal.SIGTERM)
        finally:
            if process.poll() is None:
                process.kill()
        assert last_lines[-1].endswith("Stopped.")
        assert any("took too long and were cancelled" in line for line in last_lines)


async def test_a_second_ctrl_c_cuts_off_at_once_and_still_tells_the_asker(tmp_path: Path) -> None:
    """The library raised its exit again inside the stop: the asker was never told, tasks were left."""
    async with FakeBotApi() as api:
        process = _start_telegram(tmp_path, api)
        try:
            chat = api.private_chat(4103)
            await _answer_waits_out_flood_control(api, chat)
            process.send_signal(signal.SIGINT)
            await asyncio.sleep(1)
            started = time.monotonic()
            last_lines = await _stops_cleanly(process, signal.SIGINT)
            took = time.monotonic() - started
        finally:
            if process.poll() is None:
                process.kill()
        assert took < SHUTDOWN_GRACE_SECONDS - 2, took  # no grace left to wait out
        assert [message.text for message in api.sent_to(chat)] == [CUT_OFF]
        assert last_lines[-1].endswith("Stopped.")


async def test_the_telegram_bot_stops_in_time_while_telegram_does_not_answer(tmp_path: Path) -> None:
    """The library's last poll, confirming the updates fetched, hung and was logged as an ERROR with
    three chained tracebacks; it is one warning, and the process still exits 0 in time."""
    async with FakeBotApi() as api:
        process = _start_telegram(tmp_path, api)
        try:
            await api.wait_until(lambda: api.calls.count("getUpdates") >= 2, timeout=120)
            api.held.add("getUpdates")  # Telegram stalls from now on
            await asyncio.sleep(1)
            last_lines = await _stops_cleanly(process, signal.SIGTERM)
        finally:
            if process.poll() is None:
                process.kill()
            api.release_held()
        assert last_lines[-1].endswith("Stopped.")
        assert any("did not confirm the last updates" in line for line in last_lines), last_lines


async def test_the_telegram_bot_stops_at_once_while_it_waits_to_fetch_again_in_an_outage(
    tmp_path: Path,
) -> None:
    """Between failed fetches the library waits, up to 30 s, and the stop waited it out (30.8 s seen;
    `docker stop` kills at 10). After six failures it waits 7.6 s: the stop must not."""
    async with FakeBotApi() as api:
        for _ in range(6):
            api.inject("getUpdates", 502)
        process = _start_telegram(tmp_path, api)
        try:
            await api.wait_until(lambda: api.calls.count("getUpdates") >= 6, timeout=120)
            await asyncio.sleep(0.5)  # the sixth failure handled: waiting to fetch again
            last_lines = await _stops_cleanly(process, signal.SIGTERM, within=4.0)
        finally:
            if process.poll() is None:
                process.kill()
        assert last_lines[-1].endswith("Stopped.")


async def test_the_discord_bot_stops_in_time_while_discord_is_unreachable(tmp_path: Path) -> None:
    """discord.py keeps reconnecting with a growing back-off; the stop waited for it (30 s seen)."""
    discord = FakeDiscordServer()
    await discord.__aenter__()
    process = start_discord_bot(tmp_path / "home", discord)
    try:
        await asyncio.wait_for(discord.identified.wait(), timeout=120)
        await discord.__aexit__(None, None, None)  # Discord goes away
        await asyncio.sleep(20)  # the back-off has grown
        last_lines = await _stops_cleanly(process, signal.SIGTERM)
    finally:
        if process.poll() is None:
            process.kill()
    assert last_lines[-1].endswith("Stopped.")
