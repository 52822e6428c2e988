"""Which attribute a question asks for: its head, not an attribute it only mentions."""

from __future__ import annotations

import pytest

from index.ingest.documents import Document
from index.search.asked_attributes import asked_attribute, states_attribute
from index.service import QAService


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("What is the population of Kyiv?", "population"),
        ("what's russia's population", "population"),
        ("whats the capital of ukraine", "capital"),
        ("whos the president of france", "president"),
        ("What is the capital of Ukraine?", "capital"),
        ("What is the GDP of Russia?", "economy"),
        ("How old is Putin?", "age"),
        ("When was Lukashenko born?", "age"),
        ("What's the weather like in Minsk?", "weather"),
        ("What is Putin's net worth?", "wealth"),
        ("What is the religion of Iran?", "religion"),
        ("What currency does Kazakhstan use?", "currency"),
        ("What is the official language of Armenia?", "language"),
        ("what languages are spoken in kazakhstan", "language"),
        ("What year did the Soviet Union collapse?", "year"),
        ("How far is Minsk from Kyiv?", "distance"),
        ("When was the CSTO founded?", "year"),
        ("How much does one Shahed-136 drone cost?", "price"),
        ("How much does a jar of Rooftop Gold honey cost?", "price"),  # a long subject
        ("What is the mayor's salary?", "wealth"),  # not who the mayor is
        ("Who is the current president of Tajikistan?", "president"),
        ("What is the name of Azerbaijan's president?", "president"),
        ("who is armenia's prime minister", "prime minister"),
        ("Who was New France's governor?", "governor"),
        ("When did Kyrgyzstan and Tajikistan clash on their border?", "time"),
        ("On what date did Iran admit it?", "time"),
        ("How big is the Russian army?", "size"),
        ("How long is the border between Russia and Kazakhstan?", "size"),
        ("whats russias population", "population"),  # a possessive typed without its apostrophe
        ("who is kazakhstans president", "president"),
        ("Who is Russia's defense minister?", "defence minister"),
        ("Who is the foreign minister of China?", "foreign minister"),
        ("Where was Tokayev born?", "birthplace"),
        ("Which university did Oreshkin attend?", "education"),
        ("How much oil does Kazakhstan produce per day?", "rate"),
        ("What is the range of Iranian ballistic missiles?", "range"),
        ("shahid 136 range", "range"),
        ("When will Russia withdraw from Ukraine?", "future"),
        ("How long has Lukashenko been in power?", "duration"),
        ("How long was Warsaw occupied by Germany?", "duration"),  # a span of time; a length says one too
        ("Who founded the Kyiv Independent?", "founder"),
        ("Who owns the New York Times?", "owner"),
        ("How many people died in the Nagorno-Karabakh war?", "casualties"),
        ("What is the main export of Tajikistan?", "export"),
        ("What is Pashinyan's political party?", "party"),
        ("What's Pashinyan's political party?", "party"),  # contracted, as typed or as corrected
        ("Who is the leader of Belarus?", "leader"),
        ("What is the name of North Korea's leader?", "leader"),
        ("Who rules Belarus?", "leader"),
        ("who heads the government in yerevan", "leader"),
        ("Who leads Armenia's government?", "leader"),
        ("who runs armenias government", "leader"),
        ("Who runs Belarus?", "leader"),
        ("Who is in charge of Kazakhstan?", "leader"),
        ("whos in power in minsk", "leader"),
        ("Who ruled France in 1800?", "leader"),  # then, but France's leader all the same
        ("Who was in charge of Belarus in 1990?", "leader"),
        ("whats lukashenkos party", "party"),
        ("What is the national flower of Belarus?", "national symbol"),
        ("Which countries border Kazakhstan?", "border"),
        ("Who is Lukashenko's son?", "kin"),
        ("whos putins wife", "kin"),
        ("Is Lukashenko sick?", "health"),
        ("How is Lukashenko's health?", "health"),
        ("how many children does lukashenko have", "kin"),
        ("how fast is a shahed drone", "speed"),
        ("At what speed did the turbine operate?", "speed"),
        ("Where is the CSTO headquartered?", "headquarters"),
        ("Who is the Russian president?", "president"),
        ("Who is the Kremlin spokesman?", "spokesperson"),
        ("who is the kyiv independent chief editor", "editor"),
        ("Who is Russia's ambassador to Iran?", "ambassador"),
        ("How much does a Shahed drone weigh?", "size"),
        ("where is hajun based", "headquarters"),
        ("Is Tokayev married?", "kin"),
        ("Who is Putin married to?", "kin"),
        ("how's putins health now", "health"),
        ("How much did Russia pay North Korea?", "price"),
        # typed as keywords, the question word anywhere
        ("csto founded when", "year"),
        ("when csto founded", "year"),
        ("csto founding year", "year"),
        ("lachin corridor taken when?", "time"),
        ("When are subject committees established?", "time"),  # now, not the year they began
        ("Which tower is scheduled to be built when?", "time"),  # to come: no year yet
    ],
)
def test_a_question_asking_for_an_attribute_is_read_as_asking_for_it(question: str, attribute: str) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.parametrize(
    "question",
    [
        "What population inhabits the part of Kazakhstan that Russians want?",
        "In which capital did the ayatollah host the Kremlin chief?",
        "What role did the Belarusian capital play in peace efforts?",
        "Who is the Russian-born scholar the article quotes?",
        "Why won't Lukashenko send troops to Ukraine?",
        "Is there a ceiling on how far China will go to help Moscow?",
        "What language did Tesla study while in school?",
        "Who led the attack on the French colony in 1565?",  # an event's leader, not a place's
        "What role does the president play?",
        "When Russia invaded Ukraine, what did Belarus do?",
        "when",
        "What range of years was the current warming compared to?",
        "How is the health system funded?",
        "What was the hymn based on?",
        "Who runs the marathon?",  # runs, rules or is in charge of no place: no leader asked for
        "Who is in charge of the investigation?",
    ],
)
def test_a_question_that_only_mentions_an_attribute_asks_for_none(question: str) -> None:
    assert asked_attribute(question) is None


def test_a_place_before_born_says_where_not_when() -> None:
    assert states_attribute("Putin was born in 1952 in Leningrad.", "age", ("putin",))
    assert not states_attribute("Sazonov, a Russian-born philosopher, spoke.", "age", ("sazonov",))
    assert states_attribute("Sazonov, a Russian-born philosopher, spoke.", "birthplace", ("sazonov",))


def test_an_obituarys_bare_age_states_an_age() -> None:
    """ "How old was she when she died?" was refused: "She was 86." held no cue of an age."""
    obituary = (
        "Margaret Hart, the engineer who designed the bridge, has died at her home in Bath. She was 86."
    )
    assert states_attribute(obituary, "age")
    assert states_attribute("The poet died at 42, in a Paris hotel.", "age")
    assert not states_attribute("She was in Bath for the opening of the bridge.", "age")


@pytest.mark.parametrize(
    "text",
    [
        "She was 5 minutes late to the team bus.",
        "He is 3 points behind the leader.",
        "She is 40 km away.",
        "The soldier died at 4 a.m. on Sunday.",
        "He died at 3pm in hospital.",
        "The patient died at 10 Downing Street.",
    ],
)
def test_a_number_after_she_was_or_died_at_that_is_no_age_states_none(text: str) -> None:
    assert not states_attribute(text, "age")


def test_how_old_is_refused_from_a_passage_whose_numbers_are_no_age(service: QAService) -> None:
    match = Document(
        id="cup-final",
        title="Cup final report",
        body=(
            "Rovers lost the cup final to United on Saturday in front of forty thousand.\n\n"
            "The goalkeeper was the hero. She was 5 minutes late to the team bus, the coach said, but saved "
            "two penalties in the shoot-out."
        ),
    )
    service.add(match, "test")

    assert not service.ask("How old was the goalkeeper?").answered


@pytest.mark.parametrize(
    ("text", "attribute", "owner", "states"),
    [
        # An office titled by another place's people is not the one asked of, however near.
        ("By invading Ukraine, Russian dictator Vladimir Putin sought more.", "leader", ("ukraine",), False),
        ("Invading Ukraine, Russian President Vladimir Putin sought more.", "president", ("ukraine",), False),
        ("By invading Ukraine, Russian dictator Vladimir Putin sought more.", "leader", ("russia",), True),
        ("Iranian Supreme Leader Ali Khamenei met Putin in Iran.", "leader", ("iran",), True),
        ("Armenia's leader, Prime Minister Nikol Pashinyan, spoke.", "leader", ("armenia",), True),
        # "Who is the Armenian prime minister?" asks of Armenia by its people.
        ("Armenian Prime Minister Nikol Pashinyan spoke.", "prime minister", ("armenian",), True),
        (
            "North Korean leader Kim Jong Un fired missiles at South Korea.",
            "leader",
            ("south", "korea"),
            False,
        ),
        # A place opening another's name is not what its title is of, unless the name holds the title.
        ("Leaders of the Indian National Congress were sceptical.", "leader", ("india",), False),
        ("Chinese Communist Party leader Xi Jinping met Putin.", "leader", ("china",), True),
        ("Armenia Prime Minister Nikol Pashinyan spoke.", "leader", ("armenia",), True),
        # An initial's full stop ends no sentence: "U.S." names whose the president is.
        ("U.S. President Donald Trump extended the sanctions.", "president", ("united", "states"), True),
    ],
)
def test_an_office_is_stated_of_the_place_that_titles_it(
    text: str, attribute: str, owner: tuple[str, ...], states: bool
) -> None:
    assert states_attribute(text, attribute, owner) is states
