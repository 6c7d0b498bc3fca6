"""Rows of the 2011 ``cables.csv`` release: seq, created (``M/D/YYYY H:MM``), reference id,
origin, classification, referenced ids joined by ``|``, header, body. Quotes inside fields are
backslash-escaped and fields span lines. Rows are streamed: the 1.7 GB file is never held whole.

A row is at most 64 MB, as any input is (``Policy.max_bytes``): a longer one, or a quote never
closed, which would take the rest of the file into one field, is one row that cannot be read; the
reading carries on at the next line that starts a release row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TextIO

from ..regex import lazy
from .source import Source

_ROW_START = lazy(r'^"\d+","\d{1,2}/\d{1,2}/\d{4}')
MAX_ROW = 64 * 1024 * 1024  # characters of one row, all its fields and line ends together

csv.field_size_limit(MAX_ROW)


class _RowTooLarge(Exception):
    pass


class _Lines:
    """A csv's lines as ``csv.reader`` takes them, with the size of the row they make counted: past
    ``limit`` the row ends with :class:`_RowTooLarge` (no line is read longer than that either), and
    after a row that could not be read the lines up to the next row's start are passed over."""

    def __init__(self, f: TextIO, limit: int) -> None:
        self.f, self.limit = f, limit
        self.size = 0
        self.skipping = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        while True:
            line = self.f.readline(self.limit + 1)
            if not line:
                raise StopIteration
            if self.skipping:
                if not _ROW_START.match(line):
                    continue
                self.skipping = False
            self.size += len(line)
            if self.size > self.limit:
                self.skipping = True
                raise _RowTooLarge
            return line


def looks_like_csv(text: str, name: str | None = None) -> bool:
    return bool(_ROW_START.match(text.lstrip("\ufeff")[:40])) or bool(name and name.lower().endswith(".csv")
                                                                       and text.startswith('"'))


def iter_rows(f: TextIO, limit: int = MAX_ROW) -> Iterator[tuple[int, list[str] | str]]:
    """(row number, fields) for each row, reading line by line; for a row that cannot be read
    (over ``limit``), (row number, the reason) instead."""
    lines = _Lines(f, limit)
    reader = csv.reader(lines, escapechar="\\", doublequote=False, strict=False)
    n = 0
    while True:
        lines.size = 0
        try:
            fields = next(reader)
        except StopIteration:
            return
        except (_RowTooLarge, csv.Error):  # csv.Error: a field over the limit
            lines.skipping = True
            n += 1
            size = f"{limit // 2**20} MB" if limit % 2**20 == 0 else f"{limit:,} characters"
            yield n, f"a row over {size} (a field too long, or a quote never closed)"
            continue
        n += 1
        yield n, fields


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
        src = row_source(n, fields) if isinstance(fields, list) else None
        if src is not None:
            out.append(src)
    return out
