"""`qabot stats` and the stored questions behind it, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings
from index.service import Asker, QAService
from index.store import questions, refusals
from index.store.daily_counts import DailyCounts
from index.store.models import ModerationEvent, QuestionRecord, RefusedChange, Vote, utcnow
from tests.storage.conftest import ARTICLE, ARTICLE_QUESTION

UNANSWERABLE = "How many moons does Jupiter have?"
ALICE = Asker("telegram", "123456789")
BOB = Asker("discord", "987654321012345678")


@pytest.fixture
def kb(store: QAService) -> QAService:
    store.add_bytes(ARTICLE, "lighthouse.md", "cli")
    return store


def _questions(service: QAService) -> list[QuestionRecord]:
    with Session(service.engine) as session:
        return list(session.scalars(select(QuestionRecord).order_by(QuestionRecord.id)))


def test_stats_count_questions_answers_and_feedback(kb: QAService) -> None:
    answered = kb.ask(ARTICLE_QUESTION, ALICE)
    kb.ask("When was the Cape Emine lighthouse first lit?", BOB)
    refused = kb.ask(UNANSWERABLE, ALICE)
    kb.ask(ARTICLE_QUESTION)  # the CLI asks without an asker: not a chat question, not counted
    kb.ask(UNANSWERABLE, Asker(questions.EVAL_PLATFORM, "conversation-1"))  # `qabot eval`: nor that
    assert answered.question_id is not None and refused.question_id is not None

    assert kb.vote(answered.question_id, BOB, +1)
    assert kb.vote(refused.question_id, ALICE, -1)
    assert not kb.vote(10_000_000, ALICE, +1)
    stats = kb.stats()

    assert (stats.questions, stats.answered) == (3, 2)
    assert stats.answered_ratio == pytest.approx(2 / 3)
    assert (stats.thumbs_up, stats.thumbs_down) == (1, 1)
    assert stats.top_unanswered == [(UNANSWERABLE.lower(), 1)]


def test_each_person_has_one_vote_per_answer_and_may_change_it(kb: QAService) -> None:
    answer = kb.ask(ARTICLE_QUESTION, ALICE)
    assert answer.question_id is not None

    for _ in range(3):  # the same button pressed again (or its data replayed) is still one vote
        kb.vote(answer.question_id, ALICE, +1)
    kb.vote(answer.question_id, ALICE, -1)  # ...which she may change
    kb.vote(answer.question_id, BOB, -1)

    stats = kb.stats()
    assert (stats.thumbs_up, stats.thumbs_down) == (0, 2)


def test_most_frequent_unanswered_questions_come_first(kb: QAService) -> None:
    for question in [
        "What is the capital of Peru?",
        "what is the capital of Peru?",
        "Who won the 1998 World Cup?",
    ]:
        kb.ask(question, ALICE)
    kb.ask("WHAT IS THE CAPITAL OF PERU?", BOB)

    top = kb.stats().top_unanswered

    assert top[0] == ("what is the capital of peru?", 3)
    assert top[1] == ("who won the 1998 world cup?", 1)
    assert kb.stats(top=1).top_unanswered == [top[0]]


def test_user_ids_are_stored_only_as_hashes(kb: QAService) -> None:
    kb.ask(ARTICLE_QUESTION, ALICE)
    kb.ask(UNANSWERABLE, ALICE)
    kb.ask(UNANSWERABLE, BOB)

    rows = _questions(kb)

    columns = [column.key for column in QuestionRecord.__table__.columns]
    stored = " ".join(str(getattr(row, name)) for row in rows for name in columns)
    assert ALICE.user_id not in stored and BOB.user_id not in stored
    hashes = [row.user_hash for row in rows]
    assert hashes[0] == hashes[1] != hashes[2]
    assert all(h and len(h) >= 32 for h in hashes)


def test_questions_older_than_the_retention_period_are_purged(
    make_service: Callable[..., QAService],
) -> None:
    service = make_service("a", QABOT_QUESTION_RETENTION_DAYS="7")
    service.add_bytes(ARTICLE, "lighthouse.md", "cli")
    for age_days in (8, 6):
        answer = service.ask(UNANSWERABLE, ALICE)
        with service.engine.begin() as connection:
            connection.execute(
                QuestionRecord.__table__.update()  # type: ignore[attr-defined]
                .where(QuestionRecord.id == answer.question_id)
                .values(at=utcnow() - dt.timedelta(days=age_days))
            )
    service.ask(ARTICLE_QUESTION, BOB)

    restarted = make_service("a", QABOT_QUESTION_RETENTION_DAYS="7")

    ages = sorted((utcnow() - row.at).days for row in _questions(restarted))
    assert ages == [0, 6]
    assert restarted.stats().questions == 2


def test_with_no_days_of_retention_a_question_is_kept_the_hour_its_buttons_need(
    make_service: Callable[..., QAService],
) -> None:
    """Every start and `qabot stats` purges: with no age at all they took the questions answered a
    moment before, and their 👍/👎 and follow-ups failed."""
    service = make_service("a", QABOT_QUESTION_RETENTION_DAYS="0")
    service.add_bytes(ARTICLE, "lighthouse.md", "cli")
    answer = service.ask(ARTICLE_QUESTION, ALICE)
    old = service.ask(UNANSWERABLE, BOB)
    with service.engine.begin() as connection:
        connection.execute(
            QuestionRecord.__table__.update()  # type: ignore[attr-defined]
            .where(QuestionRecord.id == old.question_id)
            .values(at=utcnow() - dt.timedelta(hours=2))
        )

    restarted = make_service("a", QABOT_QUESTION_RETENTION_DAYS="0")

    assert restarted.stats().questions == 1
    assert answer.question_id is not None and restarted.vote(answer.question_id, ALICE, 1)


def test_a_purged_questions_id_is_never_given_to_a_later_question(
    make_service: Callable[..., QAService],
) -> None:
    """An old answer's buttons name its question by id: they must not reach someone else's question."""
    service = make_service("a", QABOT_QUESTION_RETENTION_DAYS="7")
    service.add_bytes(ARTICLE, "lighthouse.md", "cli")
    old = service.ask(ARTICLE_QUESTION, ALICE).question_id
    assert old is not None
    with service.engine.begin() as connection:
        connection.execute(
            QuestionRecord.__table__.update().values(at=utcnow() - dt.timedelta(days=8))  # type: ignore[attr-defined]
        )
    restarted = make_service("a", QABOT_QUESTION_RETENTION_DAYS="7")  # purges on start

    new = restarted.ask(UNANSWERABLE, BOB).question_id

    assert new is not None and new > old
    assert not restarted.vote(old, ALICE, 1)
    assert restarted.alternatives_for(old) is None
    assert restarted.stats().thumbs_up == 0


def test_a_follow_up_is_recorded_with_the_question_it_followed_and_the_passage_it_quoted(
    kb: QAService,
) -> None:
    first = kb.ask(ARTICLE_QUESTION, ALICE)
    assert first.question_id is not None
    follow_up = kb.ask("And when was the tower first lit?", ALICE, follow_up_of=first.question_id)

    rows = {row.id: row for row in _questions(kb)}
    assert rows[first.question_id].follows is None
    assert rows[first.question_id].passage_id == first.passage_id is not None
    assert follow_up.question_id is not None
    assert rows[follow_up.question_id].follows == first.question_id
    assert rows[follow_up.question_id].passage_id == follow_up.passage_id


def test_a_reply_deep_in_a_conversation_reads_a_bounded_number_of_questions_before_it(
    kb: QAService, make_settings: Callable[..., Settings]
) -> None:
    """Each question is a reply to the one before; the last reply's context reaches `CONTEXT_DEPTH`
    questions behind the one it replies to, the nearest first, and no further."""
    asked, follows = [], None
    for _turn in range(questions.CONTEXT_DEPTH + 3):  # the same question, each time in reply
        answer = kb.ask(ARTICLE_QUESTION, ALICE, follow_up_of=follows)
        assert answer.question_id is not None
        asked.append(answer)
        follows = answer.question_id
    log = questions.QuestionLog(sessionmaker(kb.engine), make_settings(), lambda: "key")

    previous = log.context_of(asked[-1].question_id, lambda _source: True)

    assert previous is not None and previous.id == asked[-1].question_id
    before = asked[-2 : -2 - questions.CONTEXT_DEPTH : -1]
    assert [q.id for q in previous.earlier] == [a.question_id for a in before]
    assert [q.passage_id for q in previous.earlier] == [a.passage_id for a in before]


def test_stats_command_prints_json_for_moderators(
    kb: QAService, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb.ask(ARTICLE_QUESTION, ALICE)
    kb.ask(UNANSWERABLE, BOB)
    kb.ask(UNANSWERABLE, ALICE)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("QABOT_HOME", str(kb.settings.home))

    result = CliRunner().invoke(app, ["stats", "--json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "questions": 3,
        "answered": 1,
        "answered_ratio": 0.3333,
        "thumbs_up": 0,
        "thumbs_down": 0,
        "top_unanswered": [{"question": UNANSWERABLE.lower(), "count": 2}],
        "refused_changes": 0,
        "recent_refusals": [],
    }

    text = CliRunner().invoke(app, ["stats"])
    assert text.exit_code == 0, text.output
    assert "Questions: 3 · answered: 1 (33%)" in text.stdout
    assert f"2  {UNANSWERABLE.lower()}" in text.stdout


def test_a_long_running_process_forgets_expired_questions_without_a_restart(
    make_service: Callable[..., QAService],
) -> None:
    bot = make_service("a", QABOT_QUESTION_RETENTION_DAYS="7")
    old = bot.ask(UNANSWERABLE, ALICE)
    bot.ask(UNANSWERABLE, BOB)
    with bot.engine.begin() as connection:
        connection.execute(
            QuestionRecord.__table__.update()  # type: ignore[attr-defined]
            .where(QuestionRecord.id == old.question_id)
            .values(at=utcnow() - dt.timedelta(days=8))
        )

    stats = bot.stats()

    assert stats.questions == 1 and stats.top_unanswered == [(UNANSWERABLE.lower(), 1)]
    assert old.question_id not in [row.id for row in _questions(bot)]


def test_a_running_process_deletes_expired_questions_a_batch_per_question(
    make_service: Callable[..., QAService], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A month of a busy bot's questions expire in the same hour: deleting them in one statement held
    the question that triggered it (and every writer) for seconds."""
    monkeypatch.setattr(questions, "PURGE_BATCH", 2)
    monkeypatch.setattr(questions, "PURGE_INTERVAL_SECONDS", 0.0)
    bot = make_service("a", QABOT_QUESTION_RETENTION_DAYS="7")
    expired = [bot.ask(UNANSWERABLE, ALICE) for _ in range(5)]
    assert bot.vote(expired[0].question_id or 0, BOB, 1)
    with bot.engine.begin() as connection:
        connection.execute(
            QuestionRecord.__table__.update().values(at=utcnow() - dt.timedelta(days=8))  # type: ignore[attr-defined]
        )

    left = []
    for _ in range(3):
        bot.ask(ARTICLE_QUESTION, BOB)
        left.append(sum(1 for row in _questions(bot) if row.question == UNANSWERABLE))

    assert left == [3, 1, 0]
    with Session(bot.engine) as session:
        assert session.scalar(select(func.count()).select_from(Vote)) == 0


def test_a_communitys_changes_are_kept_as_long_as_questions_and_the_shared_ones_for_good(
    make_service: Callable[..., QAService],
) -> None:
    """With community collections on, strangers' adds and removes must not grow the database forever."""
    bot = make_service("a", QABOT_QUESTION_RETENTION_DAYS="7")
    bot.add_bytes(ARTICLE, "lighthouse.md", "telegram:1")  # a moderator, to the shared knowledge base
    added = bot.add_bytes(ARTICLE, "lighthouse.md", "telegram:2", collection="telegram:-100200")
    bot.remove(added.source_id, "telegram:2", collection="telegram:-100200")
    bot.add_bytes(ARTICLE, "lighthouse.md", "telegram:3", collection="telegram:-100300")  # recent
    with bot.engine.begin() as connection:
        connection.execute(
            ModerationEvent.__table__.update()  # type: ignore[attr-defined]
            .where(ModerationEvent.actor != "telegram:3")
            .values(at=utcnow() - dt.timedelta(days=8))
        )

    bot.ask(ARTICLE_QUESTION, BOB)  # a running bot purges on a question
    make_service("a", QABOT_QUESTION_RETENTION_DAYS="7")  # and each process at its start

    kept = [(event.actor, event.action, event.collection) for event in bot.moderation_events()]
    assert sorted(kept) == [("telegram:1", "added", None), ("telegram:3", "added", "telegram:-100300")]


def test_user_ids_are_never_unkeyed_hashes(make_service: Callable[..., QAService]) -> None:
    """Without QABOT_USER_HASH_KEY a key made once per installation (in the database) is used: every
    process agrees on it, and nobody can recompute a hash from a guessed id."""
    first = make_service("first")
    second = make_service("second")  # another process on the same database
    keyed = make_service("keyed", QABOT_USER_HASH_KEY="a-long-random-installation-secret")
    first.add_bytes(ARTICLE, "lighthouse.md", "cli")
    first.ask(ARTICLE_QUESTION, ALICE)
    second.ask(ARTICLE_QUESTION, ALICE)
    keyed.ask(ARTICLE_QUESTION, ALICE)

    first_row, second_row, keyed_row = _questions(first)

    guessable = hashlib.sha256(f"{ALICE.platform}:{ALICE.user_id}".encode()).hexdigest()[:32]
    assert first_row.user_hash == second_row.user_hash != guessable
    assert keyed_row.user_hash not in {guessable, first_row.user_hash}
    assert len(keyed_row.user_hash or "") == 32


def test_what_strangers_typed_cannot_drive_the_operators_terminal(
    kb: QAService, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Erase the line, go up one, and draw a refusal that blames a moderator instead.
    forged = "x\x1b[2K\x1b[1A\x1b[2K\x1b[1G  2026-01-01 00:00 telegram:1001 in a chat: remove y\x9b2K"
    kb.record_refusal("telegram:666", "telegram group -100666", "remove", forged)
    with kb.engine.begin() as connection:  # as an older release stored it, as typed
        connection.execute(
            RefusedChange.__table__.insert().values(  # type: ignore[attr-defined]
                at=utcnow(), actor="discord:7", place="discord server 7", action="add", target=forged
            )
        )
    kb.ask("Who is Sazonov?\x9b2K\x1b[31m", ALICE)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("QABOT_HOME", str(kb.settings.home))

    text = CliRunner().invoke(app, ["stats"])

    assert text.exit_code == 0, text.output
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in text.stdout)
    assert "telegram:666 in telegram group -100666: remove x[2K[1A" in text.stdout


def test_past_a_days_share_a_persons_questions_are_answered_but_not_stored(
    kb: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each stored question is about 4 KB for the retention period: a tireless account at 10 a minute
    stored 1.8 GB a month."""
    monkeypatch.setattr(questions, "MAX_RECORDED_A_DAY", 3)

    alices = [kb.ask(ARTICLE_QUESTION, ALICE) for _ in range(4)]
    bobs = kb.ask(ARTICLE_QUESTION, BOB)

    assert all(answer.answered for answer in alices)
    assert [answer.question_id is not None for answer in alices] == [True, True, True, False]
    assert bobs.question_id is not None  # someone else's share is their own
    assert kb.stats().questions == 4


def test_past_a_days_share_a_persons_refused_changes_are_not_stored(
    kb: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each is up to 300 characters of what they typed: at the heavy-action limit, one account's "/add"
    attempts wrote 6.5 MB a day."""
    monkeypatch.setattr(refusals, "MAX_RECORDED_A_DAY", 2)

    for n in range(3):
        kb.record_refusal("telegram:666", f"telegram group -100{n}", "add", f"spam-{n}.md")
    kb.record_refusal("telegram:777", "telegram group -100777", "remove", "some-source")

    stats = kb.stats()
    assert stats.refused_changes == 3
    assert [r.target for r in stats.recent_refusals] == ["some-source", "spam-1.md", "spam-0.md"]


def test_a_persons_share_of_stored_questions_starts_again_each_day() -> None:
    now = [86_400.0 * 20_000 + 3_600]
    counts = DailyCounts(lambda: 1, clock=lambda: now[0])

    assert counts.take("alice") and not counts.take("alice") and counts.take("bob")
    now[0] += 86_400
    assert counts.take("alice")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_purged_burst_of_questions_gives_its_disk_space_back(
    make_service: Callable[..., QAService],
) -> None:
    """A raid's questions, expired a month later, left SQLite's file and its WAL at their largest for as
    long as the bot ran: retention did not bound the disk it used."""
    bot = make_service("a", QABOT_QUESTION_RETENTION_DAYS="7")
    month_ago = utcnow() - dt.timedelta(days=30)
    raid = [
        {"at": month_ago, "platform": "telegram", "user_hash": f"{n % 2000:064x}", "question": f"{n} " * 200}
        for n in range(20_000)
    ]
    with bot.engine.begin() as connection:
        connection.execute(QuestionRecord.__table__.insert(), raid)  # type: ignore[attr-defined]
    database = Path(str(bot.engine.url.database))

    def on_disk() -> int:  # the database and its WAL
        return sum(path.stat().st_size for path in database.parent.glob(f"{database.name}*"))

    raided = on_disk()
    bot.ask(UNANSWERABLE, ALICE)
    bot.stats()  # purges every expired question, as a start does

    assert raided > 10_000_000 and on_disk() < raided / 4
    assert bot.stats().questions == 1
