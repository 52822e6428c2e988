"""Settings a deployment already has must never silently lose their protection."""

from __future__ import annotations

import pytest

from bot.settings import RETIRED_SETTINGS
from bot.wiring import load_settings
from index.errors import QabotError


@pytest.mark.parametrize(
    ("old", "value", "advice"),
    [
        ("QABOT_DISCORD_GUILD_ID", "1234", "QABOT_DISCORD_HOME_GUILDS"),
        ("QABOT_DISCORD_MODERATOR_ROLE", "Librarians", "QABOT_DISCORD_MODERATOR_ROLE_ID"),
    ],
)
def test_a_retired_setting_stops_the_start_saying_what_to_set_instead(
    monkeypatch: pytest.MonkeyPatch, old: str, value: str, advice: str
) -> None:
    assert old in RETIRED_SETTINGS
    monkeypatch.setenv(old, value)

    with pytest.raises(QabotError) as error:
        load_settings()

    assert old in str(error.value) and advice in str(error.value)
    assert "Value error" not in str(error.value)


def test_admins_moderate_without_home_groups_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before home groups existed, the setting trusted the admins of any group; now it needs them named."""
    monkeypatch.setenv("QABOT_TELEGRAM_ADMINS_MODERATE", "1")

    with pytest.raises(QabotError, match="QABOT_TELEGRAM_HOME_CHATS"):
        load_settings()

    monkeypatch.setenv("QABOT_TELEGRAM_HOME_CHATS", "-1001234567890")
    assert load_settings().telegram_home_chats == frozenset({-1001234567890})


def test_a_moderator_role_that_is_a_home_servers_everyone_role_stops_the_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "Copy Server ID" for "Copy Role ID": the server's id is its @everyone role's, so every member
    would have moderated."""
    monkeypatch.setenv("QABOT_DISCORD_HOME_GUILDS", "111,222")
    monkeypatch.setenv("QABOT_DISCORD_MODERATOR_ROLE_ID", "222")

    with pytest.raises(QabotError, match="@everyone"):
        load_settings()

    monkeypatch.setenv("QABOT_DISCORD_MODERATOR_ROLE_ID", "333")
    assert load_settings().discord_moderator_role_id == 333


def test_a_log_level_is_read_in_any_case_and_a_wrong_one_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QABOT_LOG_LEVEL", " debug ")
    assert load_settings().log_level == "DEBUG"
    monkeypatch.setenv("QABOT_LOG_LEVEL", "warn")  # as `logging` reads it
    assert load_settings().log_level == "WARNING"

    monkeypatch.setenv("QABOT_LOG_LEVEL", "verbose")
    with pytest.raises(QabotError, match="QABOT_LOG_LEVEL"):
        load_settings()


def test_the_bots_embed_without_torch_unless_the_deployment_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(long_running=True).embed_bulk_with_torch is False
    assert load_settings().embed_bulk_with_torch is None  # the CLI: torch where the CPU has bfloat16

    monkeypatch.setenv("QABOT_EMBED_BULK_WITH_TORCH", "true")
    assert load_settings(long_running=True).embed_bulk_with_torch is True
