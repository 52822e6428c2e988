"""Whole numbers written as words ("twelve million euros", "in seventeen minutes"), as one regex
alternation for the cues that read a number wherever it is written in figures too."""

from __future__ import annotations

__all__ = ["CARDINAL_WORDS"]

CARDINAL_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
)
