"""How a passage's sentence spans are stored: a JSON list of [start, end] offsets into its text."""

from __future__ import annotations

import json
from collections.abc import Sequence

__all__ = ["decode_spans", "encode_spans"]


def encode_spans(spans: Sequence[tuple[int, int]]) -> str:
    return json.dumps([list(span) for span in spans])


def decode_spans(raw: str) -> tuple[tuple[int, int], ...]:
    return tuple((int(start), int(end)) for start, end in json.loads(raw))
