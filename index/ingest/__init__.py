"""Turning files, uploads and web pages into documents, passages and sentences.

`index.ingest.fetch` (web pages) is imported where it is used: httpx costs a fifth of a second.
"""

from index.ingest.chunking import Chunk, chunk_text
from index.ingest.documents import ACCEPTED_SUFFIXES, Document, load_path, parse_bytes
from index.ingest.sentences import sentence_spans

__all__ = [
    "ACCEPTED_SUFFIXES",
    "Chunk",
    "Document",
    "chunk_text",
    "load_path",
    "parse_bytes",
    "sentence_spans",
]
