"""`python -m bench`: every part in its own process, then one table and a JSON file in bench/results/."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.coldstart import cold_start
from bench.stats import run_part

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000", help="synthetic corpus sizes, comma-separated")
    parser.add_argument("--questions", type=int, default=300, help="distinct questions timed per size")
    parser.add_argument("--asks-per-asker", type=int, default=20, help="questions each of 32 askers asks")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed)")
    parser.add_argument("--skip-txtai", action="store_true")
    args = parser.parse_args()
    console = Console(stderr=True)
    work = args.work or Path(tempfile.mkdtemp(prefix="qabot-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_before": os.getloadavg(),
        },
    }
    try:
        squad_home = work / "squad"
        console.print("Building the SQuAD half and the bundled article…")
        built = work / "build.json"  # a kept --work folder skips the build the next time
        if not built.exists():
            built.write_text(json.dumps(run_part("bench.build", str(squad_home))))
        results["build"] = json.loads(built.read_text())
        console.print("Reading documents (parsing, chunking, sentences)…")
        results["ingest"] = run_part("bench.ingest")
        console.print("Encoders and FAISS threads…")
        results["micro"] = run_part("bench.micro", str(squad_home / "models"), str(args.questions))
        console.print(f"Answering at {results['build']['squad_passages']} passages (the real corpus)…")
        results["scale"] = {"real": measure(squad_home, args)}
        for size in [int(s) for s in args.sizes.split(",") if s]:
            home = work / f"scale-{size}"
            console.print(f"Synthesising {size:,} passages…")
            made = run_part("bench.scale", "synthesise", str(squad_home), str(home), str(size))
            console.print(f"Answering at {size:,} passages…")
            results["scale"][str(size)] = {**made, **measure(home, args)}
            shutil.rmtree(home, ignore_errors=True)
        if not args.skip_txtai:
            console.print("txtai on the same passages and questions…")
            results["txtai"] = run_part("bench.txtai_side", str(squad_home), str(args.questions))
        console.print("Cold start…")
        results["cold_start"] = cold_start(work / "squad-article", squad_home / "models", work / "fresh")
    finally:
        results["machine"]["load_after"] = os.getloadavg()
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
        path.write_text(json.dumps(results, indent=2))
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    Console().print(table(results))
    console.print(f"Results: {path}")


def measure(home: Path, args: argparse.Namespace) -> dict[str, Any]:
    """A first start (it builds and saves both indexes), then a later one from what it saved."""
    prepared = run_part("bench.scale", "prepare", str(home))
    launched_at = str(time.time())
    measured = run_part(
        "bench.scale", "measure", str(home), str(args.questions), str(args.asks_per_asker), launched_at
    )
    return {**prepared, **measured}


def table(results: dict[str, Any]) -> Table:
    out = Table(title="qabot benchmark (2 cores)")
    for column in ("measure", "qabot", "target", "txtai"):
        out.add_column(column)
    build, txtai = results["build"], results.get("txtai", {})
    out.add_row(
        "build, SQuAD half (passages/s)",
        f"{build['squad_passages_per_s']} ({build['squad_passages']} in {build['squad_seconds']} s)",
        "≥ 1.5× txtai",
        f"{txtai.get('passages_per_s', '-')} ({txtai.get('build_seconds', '-')} s)",
    )
    out.add_row("build, bundled article (passages/s)", f"{build['article_passages_per_s']}", "", "")
    real = results["scale"]["real"]
    out.add_row(
        f"hit@1, SQuAD half ({real['passages']} passages)",
        f"{real['hit_at_1']:.3f} (answered {real['answered']:.0%})",
        "≥ txtai",
        f"{txtai.get('hit_at_1', '-')}",
    )
    txtai_p50 = txtai.get("search_ms", {}).get("p50", "-")
    for name, row in results["scale"].items():
        label = f"{row['passages']:,}"
        ms = row["answer_ms"]
        target = {"100000": "p50 ≤ 6, p99 ≤ 25", "1000000": "p50 ≤ 12"}.get(name, "")
        out.add_row(
            f"answer ms p50/p95/p99 @ {label}",
            f"{ms['p50']} / {ms['p95']} / {ms['p99']}",
            target,
            f"p50 {txtai_p50} (search only)" if name == "real" else "",
        )
        out.add_row(
            f"  of which encode / dense / keyword p50 ms @ {label}",
            " / ".join(
                f"{row[part]['p50']}" for part in ("encode_ms", "dense_search_ms", "keyword_search_ms")
            ),
            "",
            "",
        )
        out.add_row(f"  cached answer p50 ms @ {label}", f"{row['cached_answer_ms']['p50']}", "", "")
        out.add_row(
            f"  answer without encoding p50 ms, learned / hand-tuned ranker @ {label}",
            f"{row['answer_prepared_learned_ms']['p50']} / {row['answer_prepared_hand_tuned_ms']['p50']}",
            "",
            "",
        )
        out.add_row(
            f"answers/s, 32 askers @ {label}",
            f"{row['answers_per_s_32_askers']}",
            "≥ 150" if name == "100000" else "",
            "",
        )
        out.add_row(
            f"vectors @ {label}: kind, recall@10, memory",
            f"{row['index_kind']}, {row['recall_at_10']}, {row['vector_memory_mb']} MB "
            f"({row['vector_bytes_per_passage']} B/passage)",
            "recall ≥ 0.95; ≤ 1 GB @ 1M",
            "",
        )
        out.add_row(
            f"peak RSS MB, first start / later start @ {label}",
            f"{row['first_start_peak_rss_mb']} / {row['peak_rss_mb']}",
            "later ≤ 2048 @ 1M",
            f"{txtai.get('peak_rss_mb', '-')} (RSS)" if name == "real" else "",
        )
        out.add_row(
            f"first start s; later start → hybrid answers s; /add → answerable s @ {label}",
            f"{row['first_start_s']}; {row['start_to_hybrid_s']}; {row['change_visible_s']}",
            "≤ 30; ≤ 5 @ 1M" if name == "1000000" else "",
            "",
        )
    questions = results["micro"]["questions"]
    for kind in ("onnx_int8", "onnx_float32", "torch_float32"):
        out.add_row(
            f"question encode ms p50, single / per question in 32 ({kind})",
            f"{questions[kind]['single_ms']['p50']} / {questions[kind]['batch32_ms_per_question']}",
            "",
            "",
        )
    for kind in ("onnx_int8", "onnx_float32"):
        out.add_row(f"min cosine {kind} vs torch", f"{questions[f'min_cosine_{kind}_vs_torch']}", "", "")
    passages = results["micro"]["passages"]
    out.add_row(
        "passage encode /s: onnx float32 / torch float32 / torch bfloat16",
        " / ".join(
            str(passages.get(f"{kind}_passages_per_s", "-"))
            for kind in ("onnx_float32", "torch_float32", "torch_bfloat16")
        ),
        "",
        "",
    )
    for key, value in results["micro"]["faiss"].items():
        out.add_row(key.replace("_", " ") + " p50", f"{value['p50']}", "", "")
    ingest = results["ingest"]
    out.add_row(
        "reading MB/s: Markdown / text / HTML ≤ 1 MB (trafilatura) / HTML (plain)",
        " / ".join(
            str(ingest[key])
            for key in (
                "markdown_mb_per_s",
                "text_mb_per_s",
                "html_trafilatura_mb_per_s",
                "html_plain_mb_per_s",
            )
        ),
        "5 MB in seconds",
        "",
    )
    out.add_row(
        "5 MB upload through the parse worker (s): Markdown / HTML",
        f"{ingest['worker_5mb_seconds']['markdown']} / {ingest['worker_5mb_seconds']['html']}",
        "",
        "",
    )
    out.add_row(
        "5 MB hostile upload, slowest shape (s)",
        "{1} ({0})".format(*max(ingest["worker_5mb_hostile_seconds"].items(), key=lambda item: item[1])),
        "< parse limit (25 s)",
        "",
    )
    cold = results["cold_start"]
    out.add_row("qabot --help (s)", f"{cold['help_s']}", "< 0.5", "")
    out.add_row("qabot sources (s)", f"{cold['sources_s']}", "< 1", "")
    out.add_row("process start → first answer (s)", f"{cold['first_answer_s']}", "< 5", "")
    out.add_row(
        "first ever start → first answer, with ONNX export (s)",
        f"{cold['first_answer_first_ever_s']}",
        "",
        "",
    )
    machine = results["machine"]
    out.caption = f"load average before {machine['load_before'][0]:.1f}, after {machine['load_after'][0]:.1f}"
    return out
