"""What one community adds changes nothing for any other place: not the weight of a word, not which
words the spelling correction knows or corrects to. So no place can read another's private words from
its own answers, and no stranger can move the answers everyone else gets."""

from __future__ import annotations

from index.service import QAService
from index.visibility import SHARED_ONLY, Visibility

STRANGER = "telegram:-100666"
NEIGHBOUR = Visibility(community="telegram:-100222")


def stranger_adds(service: QAService, name: str, body: str) -> None:
    service.add_bytes(f"# {name}\n\n{body}\n".encode(), f"{name}.md", "telegram:9", collection=STRANGER)


def test_a_communitys_words_do_not_change_the_weights_of_anyone_elses_answers(seeded: QAService) -> None:
    question = "What did Iran admit about the drones, and about sauerkraut?"
    before = [seeded.ask(question, visibility=place) for place in (SHARED_ONLY, NEIGHBOUR)]

    # Sixty passages on the question's own words: corpus-wide, they made "drones" and "Iran" common.
    stranger_adds(
        seeded,
        "drones",
        "\n\n".join(f"Iran drones supplied admit, entry {n} of the stranger's log." for n in range(60)),
    )
    after = [seeded.ask(question, visibility=place) for place in (SHARED_ONLY, NEIGHBOUR)]

    for old, new in zip(before, after, strict=True):
        assert new.passage_id == old.passage_id and new.score == old.score


def test_a_communitys_misspellings_neither_stop_nor_steer_anyone_elses_corrections(
    seeded: QAService,
) -> None:
    typed = "wat did irn admit about the dronnes"
    before = seeded.ask(typed, visibility=SHARED_ONLY)
    assert before.answered and "Iran admitted" in (before.quote or "")

    # Junk that made "irn" and "dronnes" known words (left uncorrected for everyone), and a rare word
    # one slip from a probe ("zorblaxan"), which another place's question was corrected to.
    stranger_adds(seeded, "junk", "irn dronnes tseluko presedent bejing zorblaxian")

    for place in (SHARED_ONLY, NEIGHBOUR):
        after = seeded.ask(typed, visibility=place)
        assert after.passage_id == before.passage_id and after.score == before.score
        probe = seeded.prepare_question("what about the zorblaxan", place)
        assert probe is not None and "zorblaxian" not in probe.search_text


def test_a_community_is_answered_with_its_own_words_left_as_typed(seeded: QAService) -> None:
    stranger_adds(seeded, "beekeeping", "The zorblaxian hives of the valley swarm every April.")
    own = Visibility(community=STRANGER)

    prepared = seeded.prepare_question("When do the zorblaxian hives swarm?", own)
    answer = seeded.ask("When do the zorblaxian hives swarm?", visibility=own)

    assert prepared is not None and "zorblaxian" in prepared.search_text
    assert answer.answered and "April" in (answer.quote or "")
