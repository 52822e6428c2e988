"""Settings a deployment already has must never silently lose their protection."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli_support import open_service
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


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TELEGRAM_API_BASE_URL", "api.telegram.org", "http:// or https:// address"),
        ("DISCORD_API_BASE_URL", "ftp://discord.example", "http:// or https:// address"),
        ("QABOT_FETCH_TIMEOUT", "inf", "finite number"),
        ("QABOT_MIN_SCORE", "nan", "finite number"),
        # "for ever", as a number: a date that far back overflowed at every start
        ("QABOT_QUESTION_RETENTION_DAYS", "1000000", "less than or equal"),
        ("QABOT_MAX_UPLOAD_BYTES", "99999999999999999999", "less than or equal"),
        ("QABOT_FETCH_TIMEOUT", "1e10", "less than or equal"),
        # ids no server, role or person has failed at the first registration, stopping the bot
        ("QABOT_DISCORD_HOME_GUILDS", "1234,0", "0 is no Discord id"),
        ("QABOT_DISCORD_HOME_GUILDS", str(2**70), "is no Discord id"),
        ("QABOT_DISCORD_MODERATOR_ROLE_ID", "-5", "-5 is no Discord id"),
        ("QABOT_TELEGRAM_MODERATORS", "12345,-100200300", "-100200300 is no person's id"),
    ],
)
def test_a_value_that_could_only_fail_later_stops_the_start_naming_its_setting(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    """A mistyped address failed once the bot first tried it ("Could not reach the Telegram Bot API at
    :"), naming neither it nor the setting; an infinite fetch time limit was no limit."""
    monkeypatch.setenv(variable, value)

    with pytest.raises(QabotError, match=f"{variable}: .*{message}"):
        load_settings()


def test_a_home_folder_qabot_cannot_make_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("QABOT_HOME", str(blocker / "home"))
    monkeypatch.delenv("DATABASE_URL", raising=False)

    with pytest.raises(QabotError, match="QABOT_HOME"):
        open_service(load_settings())


def test_a_setting_left_empty_as_env_example_lists_it_is_its_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An empty QABOT_HOME was the working directory: its database there, the knowledge base seeded from
    whatever files were there; an empty TELEGRAM_API_BASE_URL failed only when the bot tried it."""
    for name, blank in (("QABOT_HOME", ""), ("QABOT_KNOWLEDGE_DIR", "  "), ("TELEGRAM_API_BASE_URL", " ")):
        monkeypatch.setenv(name, blank)
    monkeypatch.setenv("DISCORD_API_BASE_URL", "   ")

    settings = load_settings()

    assert settings.home != Path() and settings.home.is_absolute()
    assert settings.knowledge_dir is None
    assert settings.telegram_api_base_url.startswith("https://") and settings.discord_api_base_url is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("QABOT_TELEGRAM_MODERATOR", "QABOT_TELEGRAM_MODERATORS"),
        ("QABOT_QUESTION_RETENTION", "QABOT_QUESTION_RETENTION_DAYS"),
    ],
)
def test_a_mistyped_setting_stops_the_start_naming_the_one_meant(
    monkeypatch: pytest.MonkeyPatch, typed: str, meant: str
) -> None:
    """The bot started with nobody allowed to moderate, or questions kept 30 days, and said nothing."""
    monkeypatch.setenv(typed, "7")

    with pytest.raises(QabotError, match=f"{typed} is not a setting; did you mean {meant}"):
        load_settings()


def test_a_setting_named_in_lower_case_is_read_not_taken_for_a_typo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("qabot_log_level", "debug")  # pydantic-settings reads names in any case

    assert load_settings().log_level == "DEBUG"


def test_a_dotenv_line_that_cannot_be_read_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """python-dotenv skipped the line with a warning, and the setting kept its default."""
    (tmp_path / ".env").write_text("QABOT_RATE_LIMIT_PER_MINUTE=5\nQABOT_QUESTION_RETENTION_DAYS='7\n")
    monkeypatch.chdir(tmp_path)

    with pytest.raises(QabotError, match=r"\.env line 2 cannot be read"):
        load_settings()


def test_a_knowledge_folder_in_the_home_folder_is_found_as_written_in_a_dotenv(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """In `.env` no shell expands "~": QABOT_HOME's was, QABOT_KNOWLEDGE_DIR's was a folder named "~"."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("QABOT_KNOWLEDGE_DIR", "~/articles")

    assert load_settings().knowledge_dir == tmp_path / "articles"


def test_a_ranker_file_that_is_not_there_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The bots said they were ready, then told everyone who asked about the server's missing file."""
    monkeypatch.setenv("QABOT_RANKER", str(tmp_path / "ranker-typo.json"))

    with pytest.raises(QabotError, match="QABOT_RANKER"):
        load_settings()
