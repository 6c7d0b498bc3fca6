"""Rows of the 2011 ``cables.csv`` release: seq, created (``M/D/YYYY H:MM``), reference id,
origin, classification, referenced ids joined by ``|``, header, body. Quotes inside fields are
backslash-escaped and fields span lines. Rows are streamed: the 1.7 GB file is never held whole."""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable, Iterator

from .source import Source

_ROW_START = re.compile(r'^"\d+","\d{1,2}/\d{1,2}/\d{4}')

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def looks_like_csv(text: str, name: str | None = None) -> bool:
    return bool(_ROW_START.match(text.lstrip("\ufeff")[:40])) or bool(name and name.lower().endswith(".csv")
                                                                       and text.startswith('"'))


def iter_rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """(row number, fields) for each row, reading line by line."""
    reader = csv.reader(lines, escapechar="\\", doublequote=False, strict=False)
    yield from enumerate(reader, 1)


def row_source(n: int, fields: list[str]) -> Source | None:
    if len(fields) < 8:
        return None
    _seq, created, rid, origin, cls, refs, header, body = fields[:8]
    meta = {"id": rid, "date": created, "origin": origin, "classification": cls}
    if refs:
        meta["references"] = refs
    return Source(header, body, "csv", {k: v for k, v in meta.items() if v}, row=n)


def split_csv(text: str) -> list[Source]:
    out = []
    for n, fields in iter_rows(io.StringIO(text)):
        src = row_source(n, fields)
        if src is not None:
            out.append(src)
    return out
