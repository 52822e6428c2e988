"""`qabot eval`'s report: every system's scores on one question set, as JSON or a Markdown table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from index.eval.scoring import TOP_K, SystemScore


@dataclass
class EvalReport:
    name: str
    questions: int
    passages: int
    scores: list[SystemScore]
    # How many models the learned ranker's answers came from (0: the service's own, not cross-validated).
    cross_validated: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "questions": self.questions,
            "passages": self.passages,
            "cross_validated_folds": self.cross_validated,
            "systems": [score.to_json() for score in self.scores],
        }

    def table(self) -> str:
        """A Markdown table, ready for the README."""
        columns = [
            ("system", "system"),
            ("hit@1", "hit@1"),
            (f"hit@{TOP_K}", f"hit@{TOP_K}"),
            ("MRR", "mrr"),
            ("refused (answerable)", "refusal_rate"),
            ("refused (no answer)", "unanswerable_refused"),
            ("highlight", "highlight_accuracy"),
            ("quote chars mean/max", "quote_chars"),
            ("p50 ms", "latency_ms_p50"),
            ("p95 ms", "latency_ms_p95"),
        ]
        rows = []
        for score in self.scores:
            data = score.to_json()
            cells = []
            for _, key in columns:
                if key == "quote_chars":
                    mean, top = data["quote_chars_mean"], data["quote_chars_max"]
                    cells.append("–" if mean is None else f"{mean:.0f}/{top}")
                elif key == "system":
                    cells.append(str(data[key]))
                elif data[key] is None:
                    cells.append("–")
                elif key.startswith("latency"):
                    cells.append(f"{data[key]:.1f}")
                else:
                    cells.append(f"{data[key]:.3f}")
            rows.append(cells)
        header = [title for title, _ in columns]
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
        lines.extend("| " + " | ".join(cells) + " |" for cells in rows)
        return "\n".join(lines)

    def kinds_table(self) -> str | None:
        """hit@1, highlight and refusals by question kind, for each system; None without kinds."""
        kinds = sorted({kind for score in self.scores for kind in score.kinds})
        if not kinds:
            return None
        lines = [
            "| kind | n | " + " | ".join(score.name for score in self.scores) + " |",
            "|" + "|".join(" --- " for _ in range(len(self.scores) + 2)) + "|",
        ]
        for kind in kinds:
            cells = []
            for score in self.scores:
                n, hits, highlighted, refused = score.kinds.get(kind, [0, 0, 0, 0])
                cells.append(f"{hits / n:.2f} / {highlighted / n:.2f} / {refused}" if n else "–")
            count = max(score.kinds.get(kind, [0])[0] for score in self.scores)
            lines.append(f"| {kind} | {count} | " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def refusals(self) -> str | None:
        """The first system's refusals by kind of question to refuse; None when the set has none."""
        score = self.scores[0]
        if not score.null_types:
            return None
        parts = [f"{name} {refused}/{n}" for name, (n, refused) in sorted(score.null_types.items())]
        wrong = f"{score.refused_answerable}/{score.answerable} answerable"
        return f"{score.name} refused: " + ", ".join(parts) + f"; and {wrong}"
