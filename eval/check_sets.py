#!/usr/bin/env python3
"""Sanity checks for the hand-written evaluation sets in this folder.

Usage: python3 eval/check_sets.py   (stdlib only, Python 3.11+)

Checks:
  * every line of the JSONL files parses and has the expected fields;
  * every gold string is an exact, verbatim substring of the article body
    (the text after the YAML front matter) and is 3-12 words long;
  * article_paraphrases_chat.jsonl has as many lines as article_paraphrases.jsonl
    (and article_paraphrases_train_chat.jsonl as article_paraphrases_train.jsonl),
    the same gold/kind on each line, a correct source_line, and chat-style text
    (lower case, only letters, digits and spaces);
  * every conversation has exactly two turns;
  * minimum counts (>=170 answerable, >=30 null questions, >=70 conversations;
    >=150 answerable training questions).
Prints counts per kind. Exits with status 1 if anything is wrong.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLE = HERE.parent / "knowledge" / "kyiv-independent-2022-12-05-russia-loses-allies.md"
PARAPHRASES = HERE / "article_paraphrases.jsonl"
CHAT = HERE / "article_paraphrases_chat.jsonl"
CONVERSATIONS = HERE / "conversations.jsonl"
TRAIN = HERE / "article_paraphrases_train.jsonl"
TRAIN_CHAT = HERE / "article_paraphrases_train_chat.jsonl"

KINDS = {
    "synonym", "reorder", "no_shared_keyword", "why", "when", "how_many",
    "who", "where", "negation", "two_sentences", "other",
}
NULL_TYPES = {"off_topic", "near_domain"}
MIN_WORDS, MAX_WORDS = 3, 12

errors: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


def article_body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end == -1:
            raise SystemExit(f"{path}: unterminated front matter")
        text = text[end + 4:]
    return text


def load_jsonl(path: Path) -> list[dict]:
    rows = []
    if not path.exists():
        err(f"{path.name}: missing")
        return rows
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            err(f"{path.name}:{n}: blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"{path.name}:{n}: does not parse: {e}")
            obj = None
        if not isinstance(obj, dict):
            err(f"{path.name}:{n}: not a JSON object")
            obj = {}
        rows.append(obj)
    return rows


def check_gold(where: str, gold, body: str, allow_null: bool = True) -> None:
    if gold is None:
        if not allow_null:
            err(f"{where}: gold is null where an answer is required")
        return
    if not isinstance(gold, list) or not gold:
        err(f"{where}: gold must be a non-empty list or null")
        return
    for g in gold:
        if not isinstance(g, str) or not g.strip():
            err(f"{where}: gold item is not a non-empty string: {g!r}")
            continue
        if g not in body:
            err(f"{where}: gold not found verbatim in article: {g!r}")
        words = len(g.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            err(f"{where}: gold has {words} words (want {MIN_WORDS}-{MAX_WORDS}): {g!r}")


def check_question(where: str, q) -> None:
    if not isinstance(q, str) or not q.strip():
        err(f"{where}: missing or empty question")


def check_paraphrases(path: Path, body: str, min_answerable: int, min_null: int) -> tuple[list[dict], Counter[str], Counter[str], Counter[str]]:
    """A question file: fields, gold strings, kinds, no duplicates, minimum counts."""
    para = load_jsonl(path)
    kinds_ans: Counter[str] = Counter()
    kinds_null: Counter[str] = Counter()
    null_types: Counter[str] = Counter()
    seen_q: dict[str, int] = {}
    for n, r in enumerate(para, 1):
        where = f"{path.name}:{n}"
        check_question(where, r.get("q"))
        if "gold" not in r:
            err(f"{where}: no gold field")
        check_gold(where, r.get("gold"), body)
        kind = r.get("kind")
        if kind not in KINDS:
            err(f"{where}: unknown kind {kind!r}")
        if r.get("gold") is None:
            kinds_null[kind] += 1
            nt = r.get("null_type")
            if nt not in NULL_TYPES:
                err(f"{where}: null question needs null_type in {sorted(NULL_TYPES)}")
            null_types[nt] += 1
        else:
            kinds_ans[kind] += 1
            if "null_type" in r:
                err(f"{where}: null_type on an answerable question")
        key = (r.get("q") or "").strip().lower()
        if key in seen_q:
            err(f"{where}: duplicate question (also line {seen_q[key]})")
        seen_q[key] = n
    n_ans, n_null = sum(kinds_ans.values()), sum(kinds_null.values())
    if n_ans < min_answerable:
        err(f"{path.name}: only {n_ans} answerable questions (want >= {min_answerable})")
    if n_null < min_null:
        err(f"{path.name}: only {n_null} null questions (want >= {min_null})")
    return para, kinds_ans, kinds_null, null_types


def check_chat_copy(path: Path, para: list[dict], para_name: str) -> tuple[int, int]:
    """A chat copy of a question file, line for line; returns (lines, keyword-only questions)."""
    chat = load_jsonl(path)
    if len(chat) != len(para):
        err(f"{path.name}: {len(chat)} lines but {para_name} has {len(para)}")
    keyword_only = 0
    for n, (c, r) in enumerate(zip(chat, para), 1):
        where = f"{path.name}:{n}"
        q = c.get("q")
        check_question(where, q)
        if c.get("gold", "MISSING") != r.get("gold"):
            err(f"{where}: gold differs from {para_name}:{n}")
        if c.get("kind") != r.get("kind"):
            err(f"{where}: kind differs from {para_name}:{n}")
        if c.get("null_type") != r.get("null_type"):
            err(f"{where}: null_type differs from {para_name}:{n}")
        if c.get("source_line") != n:
            err(f"{where}: source_line is {c.get('source_line')!r}, want {n}")
        if isinstance(q, str):
            if re.search(r"[^a-z0-9 ]", q):
                err(f"{where}: chat question must be lower case without punctuation: {q!r}")
            if q.strip() == (r.get("q") or "").strip():
                err(f"{where}: chat question identical to the original")
            if len(q.split()) <= 4:
                keyword_only += 1
    return len(chat), keyword_only


def main() -> int:
    body = article_body(ARTICLE)

    para, kinds_ans, kinds_null, null_types = check_paraphrases(PARAPHRASES, body, 170, 30)
    n_ans, n_null = sum(kinds_ans.values()), sum(kinds_null.values())
    chat_lines, keyword_only = check_chat_copy(CHAT, para, PARAPHRASES.name)
    train, train_kinds, _, _ = check_paraphrases(TRAIN, body, 150, 0)
    train_chat_lines, train_keyword_only = check_chat_copy(TRAIN_CHAT, train, TRAIN.name)

    # ---- conversations.jsonl ----
    conv = load_jsonl(CONVERSATIONS)
    conv_types: Counter[str] = Counter()
    for n, c in enumerate(conv, 1):
        where = f"{CONVERSATIONS.name}:{n}"
        turns = c.get("turns")
        if not isinstance(turns, list) or len(turns) != 2:
            err(f"{where}: must have exactly 2 turns")
            continue
        for t, turn in enumerate(turns, 1):
            if not isinstance(turn, dict):
                err(f"{where} turn {t}: not an object")
                continue
            check_question(f"{where} turn {t}", turn.get("q"))
            check_gold(f"{where} turn {t}", turn.get("gold"), body, allow_null=False)
        if c.get("fresh") is True:
            conv_types["fresh"] += 1
            if "follow_up" in c:
                err(f"{where}: fresh conversation should not have follow_up")
        else:
            fu = c.get("follow_up")
            if fu not in {"same_passage", "other_passage"}:
                err(f"{where}: follow_up must be same_passage or other_passage")
            conv_types[fu] += 1
    if len(conv) < 70:
        err(f"{CONVERSATIONS.name}: only {len(conv)} conversations (want >= 70)")

    # ---- report ----
    print(f"{PARAPHRASES.name}: {len(para)} lines, {n_ans} answerable, {n_null} null")
    print("  answerable by kind: " + ", ".join(f"{k}={v}" for k, v in sorted(kinds_ans.items())))
    print("  null by kind:       " + ", ".join(f"{k}={v}" for k, v in sorted(kinds_null.items())))
    print("  null by type:       " + ", ".join(f"{k}={v}" for k, v in sorted(null_types.items())))
    print(f"{CHAT.name}: {chat_lines} lines, {keyword_only} keyword-only (<= 4 words)")
    print(f"{TRAIN.name}: {len(train)} lines, answerable by kind: "
          + ", ".join(f"{k}={v}" for k, v in sorted(train_kinds.items())))
    print(f"{TRAIN_CHAT.name}: {train_chat_lines} lines, {train_keyword_only} keyword-only (<= 4 words)")
    print(f"{CONVERSATIONS.name}: {len(conv)} conversations: "
          + ", ".join(f"{k}={v}" for k, v in sorted(conv_types.items())))
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
