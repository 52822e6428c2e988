"""The keyword index on disk, beside the vector index: segments as .npy folders and a state file.

`state.json` names everything one saved state consists of and is replaced atomically, last, so a
reader sees a whole old state or a whole new one. Segments never change once written (a merge writes
a new one), so a save writes only the segments added since the last one, plus the small files: which
rows are dead, how many live passages hold each stem, and the vocabulary. Files no state refers to
are removed once they are a minute old (another process sharing the folder may be about to read them).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.search.keyword_acronyms import DefinedAcronyms
from index.search.keyword_segments import Segment
from index.search.keyword_view import KeywordView, make_view
from index.search.vectors import atomic_write

__all__ = ["FORMAT", "SavedKeywords", "load_keywords", "save_keywords"]

# 2: irregular forms stemmed as their base form (`index.search.word_forms`); 3: demonyms as their
# country. A saved index of an older format is rebuilt from the database on start.
FORMAT = 3
STATE = "state.json"
KEEP_UNREFERENCED_SECONDS = 60.0


@dataclass(frozen=True)
class SavedKeywords:
    view: KeywordView
    stems: list[str]
    surfaces: list[str]
    acronyms: DefinedAcronyms
    revision: int
    names: dict[Segment, str]  # the segment folders, so the next save writes only new segments


def save_keywords(
    folder: Path,
    view: KeywordView,
    stems: list[str],
    surfaces: list[str],
    acronyms: DefinedAcronyms,
    revision: int,
    names: Mapping[Segment, str],
) -> dict[Segment, str]:
    """Writes the state (segments not yet on disk first); returns every segment's folder name."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = {segment: names[segment] for segment in view.segments if segment in names}
    for segment in view.segments:
        if segment not in saved or not (folder / saved[segment]).is_dir():
            saved[segment] = write_segment(folder, segment)
    token = secrets.token_hex(6)
    dead = np.concatenate([np.zeros(0, dtype=bool), *view.dead])
    files = {"dead": f"dead-{token}.npy", "frequencies": f"frequencies-{token}.npy"}
    _save_array(folder / files["dead"], np.packbits(dead))
    _save_array(folder / files["frequencies"], np.asarray(view.document_frequency, dtype=np.int32))
    files["vocabulary"] = f"vocabulary-{token}.json"
    vocabulary = {
        "stems": stems,
        "surfaces": surfaces,
        "acronyms": {k: list(v) for k, v in acronyms.expansions.items()},
        "acronym_definers": acronyms.saved(),
    }
    atomic_write(folder / files["vocabulary"], json.dumps(vocabulary).encode())
    segment_names = [saved[segment] for segment in view.segments]
    state = {
        "format": FORMAT,
        "revision": revision,
        "segments": segment_names,
        "rows": [len(segment) for segment in view.segments],
        "live": view.live,
        "total_length": view.total_length,
        **files,
    }
    atomic_write(folder / STATE, json.dumps(state).encode())
    _remove_unreferenced(folder, {STATE, *segment_names, *files.values()})
    return saved


def write_segment(folder: Path, segment: Segment) -> str:
    """Writes a segment into a new folder (renamed into place when whole) and returns its name."""
    name = f"segment-{secrets.token_hex(6)}"
    temporary = folder / f"{name}.tmp"
    segment.save(temporary)
    os.replace(temporary, folder / name)
    return name


def load_keywords(folder: Path) -> SavedKeywords | None:
    """The saved state; None when there is none. Raises ValueError or OSError when it is damaged."""
    try:
        state: dict[str, Any] = json.loads((folder / STATE).read_text())
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as error:
        raise ValueError(f"unreadable {STATE}: {error}") from None
    if not isinstance(state, dict):
        raise ValueError(f"{STATE} is not a keyword index state")
    if state.get("format") != FORMAT:
        # Not damage: an older qabot saved it (format 1 stemmed irregular forms apart).
        raise ValueError(f"saved in format {state.get('format')!r}, and this qabot reads format {FORMAT}")
    segments = tuple(Segment.load(folder / str(name)) for name in state["segments"])
    if [len(segment) for segment in segments] != state["rows"]:
        raise ValueError("the keyword index segments do not have the rows the state names")
    vocabulary = json.loads((folder / state["vocabulary"]).read_text())
    stems, surfaces = list(vocabulary["stems"]), list(vocabulary["surfaces"])
    expansions = {str(k): tuple(v) for k, v in dict(vocabulary["acronyms"]).items()}
    acronyms = DefinedAcronyms.restored(vocabulary.get("acronym_definers"), expansions)
    dead_bits = np.load(folder / state["dead"], allow_pickle=False)
    rows = sum(len(segment) for segment in segments)
    dead = np.unpackbits(dead_bits, count=rows).astype(bool) if rows else np.zeros(0, dtype=bool)
    frequencies = np.load(folder / state["frequencies"], allow_pickle=False).astype(np.int32)
    masks = tuple(np.split(dead, np.cumsum([len(s) for s in segments])[:-1])) if segments else ()
    _check(segments, masks, frequencies, stems, surfaces, state)
    grown = np.zeros(len(stems), dtype=np.int32)
    grown[: len(frequencies)] = frequencies
    view = make_view(segments, masks, grown, int(state["live"]), int(state["total_length"]))
    names = {segment: str(name) for segment, name in zip(segments, state["segments"], strict=True)}
    return SavedKeywords(view, stems, surfaces, acronyms, int(state["revision"]), names)


def _check(
    segments: tuple[Segment, ...],
    dead: tuple[np.ndarray, ...],
    frequencies: np.ndarray,
    stems: list[str],
    surfaces: list[str],
    state: dict[str, Any],
) -> None:
    live = sum(int((~gone).sum()) for gone in dead)
    live_length = sum(int(s.lengths[~gone].sum()) for s, gone in zip(segments, dead, strict=True))
    if (
        len(stems) != len(surfaces)
        or len(frequencies) > len(stems)
        or any(len(segment.term_ptr) - 1 > len(stems) for segment in segments)
        or live != int(state["live"])
        or live_length != int(state["total_length"])
        or bool((frequencies < 0).any())
    ):
        raise ValueError("the keyword index files do not agree with each other")


def _save_array(path: Path, values: np.ndarray) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as handle:
        np.save(handle, values, allow_pickle=False)
    os.replace(temporary, path)


def _remove_unreferenced(folder: Path, referenced: set[str]) -> None:
    cutoff = time.time() - KEEP_UNREFERENCED_SECONDS
    for entry in folder.iterdir():
        if entry.name in referenced:
            continue
        try:
            if entry.stat().st_mtime > cutoff:
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue  # another process removed it first
