"""Which Discord messages are questions for the bot, and which earlier answer a message follows up.

A question is any DM, a channel message that mentions the bot (or the role Discord made for it), a
reply to one of its answers, or any message with text in a thread the bot opened for a question
(`QABOT_DISCORD_THREADS`; a sticker or a picture there is people talking). A reply follows up the
answer it replies to; any other message in the bot's thread, a reply to someone else's included,
follows up the latest answer there. The answer's question id is read from its signed buttons
(`bot.chat.followups`): nothing about people is stored.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from datetime import UTC, datetime

import discord

from bot.chat.buttons import ButtonSigner
from bot.chat.commands import asked_in_reply
from bot.chat.followups import RecentPosts, only_acknowledges, question_replied_to

__all__ = [
    "THREAD_NAME_CHARS",
    "follow_up_of",
    "in_own_thread",
    "question_in",
    "spoken_question",
    "thread_name",
]

# A server's own emoji, as a message carries it ("<:kekw:1234>", animated "<a:party:5678>"): a reaction.
_CUSTOM_EMOJI = re.compile(r"<a?:\w{1,32}:\d{1,20}>")
_NAMED_EMOJI = re.compile(r"<a?:(\w{1,32}):\d{1,20}>")
# Mentions as the text carries them: a thread's name shows them raw ("<@1234> who is…").
_MENTION = re.compile(r"<(@[!&]?|#)\d{1,20}>")
# Addressed to someone else: a person, a role ("@mods, this is wrong"), or everyone in the channel.
_OPENS_WITH_MENTION = re.compile(r"\s*(?:<@[!&]?\d{1,20}>|@(?:everyone|here)(?![\w'’]))")
# Format characters that belong to the text: joiners make one emoji of 👨‍👩‍👧 and spell Persian words.
_JOINERS = "\u200c\u200d\n\t"
_MENTION_SHOWN = {"@": "@someone", "@!": "@someone", "@&": "@role", "#": "#channel"}
# A timestamp, shown to each reader in their own time zone; "t" and "T" show the time of day alone.
_TIMESTAMP = re.compile(r"<t:(-?\d{1,14})(?::([tTdDfFR]))?>")

log = logging.getLogger(__name__)

THREAD_NAME_CHARS = 100  # Discord's limit
HISTORY_LOOKBACK = 20  # messages read back in a thread to find the answer being followed up
# discord.py waits out a channel's rate limit with no end: past this the message is a new question.
HISTORY_SECONDS = 5.0
CUSTOM_ID_PREFIX = "qabot:"
# What people write; Discord's system messages (renames, pins, joins) are authored by whoever caused
# them, and a renamed thread's message holds its new name as content.
_WRITTEN = frozenset({discord.MessageType.default, discord.MessageType.reply})


def in_own_thread(message: discord.Message, me: discord.abc.User) -> bool:
    channel = message.channel
    return isinstance(channel, discord.Thread) and channel.owner_id == me.id


def _replied(message: discord.Message) -> discord.Message | None:
    reference = message.reference
    resolved = reference.resolved if reference is not None else None
    return resolved if isinstance(resolved, discord.Message) else None


def question_in(message: discord.Message, me: discord.abc.User | None) -> str | None:
    """The question a message asks the bot, without the bot's mention; None when it asks none."""
    if message.author.bot or me is None or message.author.id == me.id:
        return None
    if message.type not in _WRITTEN:  # a thread renamed, a pin, a member added: no question
        return None
    if message.guild is None and not isinstance(message.channel, discord.DMChannel):
        return None  # a server discord.py has not loaded (or has left): whose rules apply is unknown
    question = _without_mentions_of(me, message.content)
    if message.guild is None:  # every DM asks, but thanks in reply to an answer (as in a server)
        replied = _replied(message)
        thanks = replied is not None and replied.author.id == me.id and only_acknowledges(question)
        return None if thanks and question.strip() else question
    own_role = message.guild.self_role  # Discord offers it beside the bot when "@qabot" is typed
    if own_role is not None:
        question = question.replace(f"<@&{own_role.id}>", " ")
    # Written, not `message.mentions`: a reply pings the replied-to author by default, so "thanks!" in
    # reply to an answer lists the bot there too.
    mentioned = question != message.content
    # "thanks!", "thanks @alice" or 👍 in reply, without a mention of the bot: no question (a server's
    # own emoji is a reaction too); nor "@alice look at this", addressed to alice.
    not_for_me = not mentioned and (
        only_acknowledges(_MENTION.sub(" ", _CUSTOM_EMOJI.sub(" ", question)))
        or _OPENS_WITH_MENTION.match(question) is not None
    )
    if in_own_thread(message, me):
        return question if message.content.strip() and not not_for_me else None
    replied = _replied(message)
    replies_to_me = replied is not None and replied.author.id == me.id
    if not (replies_to_me or mentioned) or not_for_me:
        return None
    # "@qabot" under someone's message asks what it says.
    others_words = None if replied is None or replies_to_me else _without_mentions_of(me, replied.content)
    return asked_in_reply(question, others_words)


def _without_mentions_of(me: discord.abc.User, text: str) -> str:
    return re.sub(rf"<@!?{me.id}>", " ", text)


def _question_of(answer: discord.Message, signer: ButtonSigner, channel_id: int) -> int | None:
    """The question whose buttons `answer` carries, as signed for the channel asked in (`channel_id`):
    a reply can only follow up an answer given in its own channel."""
    ids = [
        child.custom_id
        for row in getattr(answer, "components", ())  # messages from some caches carry none
        if isinstance(row, discord.ActionRow)
        for child in row.children
        if isinstance(child, discord.Button) and child.custom_id
    ]
    tokens = [i.removeprefix(CUSTOM_ID_PREFIX) for i in ids if i.startswith(CUSTOM_ID_PREFIX)]
    return question_replied_to(signer, tokens, str(channel_id))


async def follow_up_of(
    message: discord.Message, me: discord.abc.User, signer: ButtonSigner, posts: RecentPosts
) -> int | None:
    """The question of the answer this message follows up, if any (`posts`: the bot's refused
    follow-ups, which carry no buttons)."""
    replied = _replied(message)
    if replied is not None and replied.author.id == me.id:
        question = _question_of(replied, signer, message.channel.id)
        if question is None:
            question = posts.question_of(str(message.channel.id), replied.id)
        if question is not None:
            return question
    if not in_own_thread(message, me):
        return None
    try:
        async with asyncio.timeout(HISTORY_SECONDS):
            async for earlier in message.channel.history(limit=HISTORY_LOOKBACK, before=message):
                if earlier.author.id != me.id:
                    continue
                if (question := _question_of(earlier, signer, message.channel.id)) is not None:
                    return question
    except discord.HTTPException as error:  # no Read Message History here: answered as a fresh question
        log.warning("Could not read thread %s for a follow-up's context: %s", message.channel.id, error)
    except TimeoutError:
        log.warning("Thread %s's history took over %.0f s; answered as a new question.", message.channel.id,
                    HISTORY_SECONDS)  # fmt: skip
    return None


def _date_shown(timestamp: re.Match[str]) -> str:
    if timestamp[2] in ("t", "T"):
        return " "
    try:
        moment = datetime.fromtimestamp(int(timestamp[1]), UTC)
    except (OverflowError, OSError, ValueError):  # past what a date can hold: no date to read
        return " "
    return f" {moment:%B} {moment.day}, {moment.year} "


def spoken_question(question: str) -> str:
    """The question in words, as the knowledge base is searched with it: a timestamp as its date, and
    no mentions or server emoji, whose numbers the search would read as years and amounts and whose
    names ("<:think:1234>") as words of the question. Markup alone ("<@&1234>") is left as it is: a
    message, though no question, and answered as one the sources do not hold."""
    dated = _TIMESTAMP.sub(_date_shown, question)
    spoken = " ".join(_MENTION.sub(" ", _CUSTOM_EMOJI.sub(" ", dated)).split())
    return spoken or question


def thread_name(question: str) -> str:
    """The question as a thread's name: mentions and server emoji as words, and no invisible
    characters (a right-to-left override turned the rest of the name around)."""
    shown = _MENTION.sub(lambda mention: _MENTION_SHOWN[mention[1]], _NAMED_EMOJI.sub(r":\1:", question))
    visible = "".join(c for c in shown if unicodedata.category(c) not in ("Cc", "Cf") or c in _JOINERS)
    name = " ".join(visible.split())
    return name if len(name) <= THREAD_NAME_CHARS else name[: THREAD_NAME_CHARS - 1].rstrip() + "…"
