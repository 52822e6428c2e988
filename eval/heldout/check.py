#!/usr/bin/env python3
"""Checker for the held-out qabot evaluation set (stdlib only).

Usage: python3 eval/heldout/check.py [path/to/article.md]

Checks:
  * every line of the three .jsonl files parses and has the expected fields;
  * every gold string is a verbatim substring of the article body (the text
    after the YAML front matter) and is 3-12 words long;
  * refusal rows (kind off_topic / near_domain) and only those have gold null;
  * paraphrases_chat.jsonl matches paraphrases.jsonl line by line (gold, kind,
    source_line) and is lower case without punctuation;
  * "no_shared_keyword" questions share no content word with the sentence(s)
    that hold their gold strings;
  * every conversation has exactly two turns with gold and a known follow_up.
Prints counts; exits 1 on any error.
"""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ARTICLE = os.path.join(
    HERE, "..", "..", "knowledge",
    "kyiv-independent-2022-12-05-russia-loses-allies.md")

ANSWER_KINDS = {"synonym", "reorder", "no_shared_keyword", "why", "when",
                "how_many", "who", "where", "negation", "two_sentences", "other"}
REFUSAL_KINDS = {"off_topic", "near_domain"}
FOLLOW_UPS = {"same_passage", "other_passage", "fresh"}
MIN_WORDS, MAX_WORDS = 3, 12

STOPWORDS = set("""
a about above after again against all also am an and any are around as at be
been before being below between both but by can could did do does doing down
during each even ever few for from further had has have having he her here hers
him his how i if in into is it its itself just let me might more most much must
my no nor not now of off on once only or other our out over own same she should
so some such than that the their them then there these they this those through
to too under until up very was we were what when where which while who whom
whose why will with would you your yes ever anything according per really
truly actually so still
""".split())

errors = []


def err(msg):
    errors.append(msg)


def article_body(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end < 0:
            sys.exit("cannot find end of YAML front matter in %s" % path)
        text = text[end + len("\n---\n"):]
    return text


def sentences(body):
    out = []
    for para in body.split("\n"):
        para = para.strip()
        if not para:
            continue
        parts = re.split(r'(?<=[.!?]["”])\s+|(?<=[.!?])\s+(?=["“A-Z(])', para)
        merged = []
        for p in parts:
            if merged and re.search(r"\b(St|Nov|Feb|Dr|Mr|Mrs)\.$", merged[-1]):
                merged[-1] += " " + p
            else:
                merged.append(p)
        out.extend(merged)
    return out


def content_words(text):
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'s", ""))
    return {w for w in words if w not in STOPWORDS and len(w) > 1}


def same_word(a, b):
    if a == b:
        return True
    return len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5]


def check_gold(where, gold, body):
    if not isinstance(gold, list) or not gold:
        err("%s: gold must be a non-empty list" % where)
        return
    for g in gold:
        if not isinstance(g, str) or not g.strip():
            err("%s: empty/non-string gold %r" % (where, g))
            continue
        if g not in body:
            err("%s: gold not verbatim in article: %r" % (where, g))
        n = len(g.split())
        if not MIN_WORDS <= n <= MAX_WORDS:
            err("%s: gold has %d words (want %d-%d): %r"
                % (where, n, MIN_WORDS, MAX_WORDS, g))


def load_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                err("%s:%d: blank line" % (os.path.basename(path), i))
                continue
            try:
                rows.append((i, json.loads(line)))
            except json.JSONDecodeError as e:
                err("%s:%d: bad JSON: %s" % (os.path.basename(path), i, e))
                rows.append((i, None))
    return rows


def main():
    article = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_ARTICLE
    body = article_body(article)
    sents = sentences(body)

    # ---- paraphrases.jsonl
    para = load_jsonl(os.path.join(HERE, "paraphrases.jsonl"))
    kinds = Counter()
    for i, row in para:
        where = "paraphrases.jsonl:%d" % i
        if not isinstance(row, dict) or set(row) != {"q", "gold", "kind"}:
            err("%s: want exactly keys q, gold, kind" % where)
            continue
        q, gold, kind = row["q"], row["gold"], row["kind"]
        kinds[kind] += 1
        if not isinstance(q, str) or not q.strip():
            err("%s: empty question" % where)
        if kind in REFUSAL_KINDS:
            if gold is not None:
                err("%s: refusal kind %s must have gold null" % (where, kind))
            continue
        if kind not in ANSWER_KINDS:
            err("%s: unknown kind %r" % (where, kind))
        if gold is None:
            err("%s: gold null but kind %s is not a refusal kind" % (where, kind))
            continue
        check_gold(where, gold, body)
        if kind == "no_shared_keyword":
            qw = content_words(q)
            for g in gold:
                holders = [s for s in sents if g in s]
                if not holders:
                    err("%s: gold %r not inside a single sentence" % (where, g))
                for s in holders:
                    shared = sorted(a for a in qw for b in content_words(s)
                                    if same_word(a, b))
                    if shared:
                        err("%s: no_shared_keyword question shares %s with %r"
                            % (where, shared, s))

    # ---- paraphrases_chat.jsonl
    chat = load_jsonl(os.path.join(HERE, "paraphrases_chat.jsonl"))
    if len(chat) != len(para):
        err("chat file has %d lines, paraphrases %d" % (len(chat), len(para)))
    keyword_only = 0
    for (i, crow), (_, prow) in zip(chat, para):
        where = "paraphrases_chat.jsonl:%d" % i
        if not isinstance(crow, dict) or not isinstance(prow, dict):
            continue
        if set(crow) != {"q", "gold", "kind", "source_line"}:
            err("%s: want exactly keys q, gold, kind, source_line" % where)
            continue
        if crow["gold"] != prow.get("gold") or crow["kind"] != prow.get("kind"):
            err("%s: gold/kind differ from paraphrases.jsonl line %d" % (where, i))
        if crow["source_line"] != i:
            err("%s: source_line %r, want %d" % (where, crow["source_line"], i))
        cq = crow["q"]
        if not isinstance(cq, str) or not re.fullmatch(r"[a-z0-9]+( [a-z0-9]+)*", cq):
            err("%s: chat question must be lower case words without punctuation: %r"
                % (where, cq))
            continue
        norm = " ".join(re.findall(r"[a-z0-9]+", prow.get("q", "").lower()))
        if cq == norm:
            err("%s: chat question has no typo (identical to normalized original)"
                % where)
        if len(cq.split()) <= 4:
            keyword_only += 1

    # ---- conversations.jsonl
    conv = load_jsonl(os.path.join(HERE, "conversations.jsonl"))
    follow = Counter()
    for i, row in conv:
        where = "conversations.jsonl:%d" % i
        if not isinstance(row, dict) or set(row) != {"turns", "follow_up"}:
            err("%s: want exactly keys turns, follow_up" % where)
            continue
        follow[row["follow_up"]] += 1
        if row["follow_up"] not in FOLLOW_UPS:
            err("%s: unknown follow_up %r" % (where, row["follow_up"]))
        turns = row["turns"]
        if not isinstance(turns, list) or len(turns) != 2:
            err("%s: want exactly 2 turns" % where)
            continue
        for t, turn in enumerate(turns, 1):
            tw = "%s turn %d" % (where, t)
            if not isinstance(turn, dict) or set(turn) != {"q", "gold"}:
                err("%s: want exactly keys q, gold" % tw)
                continue
            if not isinstance(turn["q"], str) or not turn["q"].strip():
                err("%s: empty question" % tw)
            check_gold(tw, turn["gold"], body)

    answerable = sum(v for k, v in kinds.items() if k not in REFUSAL_KINDS)
    print("article body: %d chars, %d sentences" % (len(body), len(sents)))
    print("paraphrases: %d lines, %d answerable, %d refusals"
          % (len(para), answerable, len(para) - answerable))
    for k, v in sorted(kinds.items()):
        print("  %-18s %d" % (k, v))
    print("chat: %d lines, %d keyword-only (<= 4 words)" % (len(chat), keyword_only))
    print("conversations: %d" % len(conv))
    for k, v in sorted(follow.items()):
        print("  %-18s %d" % (k, v))
    if errors:
        print("\n%d ERROR(S):" % len(errors))
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
