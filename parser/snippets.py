"""Why a cable matched: the words around its hits (a snippet), for the rows a search shows.

The index's full-text tables are contentless (the text is kept only where the file cannot be read
again), so FTS5's own ``snippet()`` has no text to work on there. Instead the shown cables' text is
put into a small in-memory FTS5 database with the index's two tokenizers, whose ``highlight()``
marks the hits exactly as the index matched them (stems, phrases, prefixes, exact forms); the window
with the most different hits is chosen here. Everything is linear in the text's length.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from .query import Query, Term
from .sql import as_written, fts_string
from .text import terminal_safe

WIDTH = 160  # characters of cable text in a snippet, about two lines of a wide terminal
ELLIPSIS = "…"
_OPEN, _CLOSE = "\x01", "\x02"  # hit markers: control characters, which the shown text never holds
_TABLES = """
CREATE VIRTUAL TABLE stemmed USING fts5(subject, body, tokenize='porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE written USING fts5(subject, body, tokenize='unicode61 remove_diacritics 2');
"""


@dataclass(frozen=True, slots=True)
class Snippet:
    """A line of a cable's text (safe to print) and where in it the hits are, as (start, end)."""

    text: str
    hits: list[tuple[int, int]] = field(default_factory=list)

    def marked(self, before: str, after: str) -> str:
        """The text with each hit between ``before`` and ``after`` (for plain output)."""
        out, at = [], 0
        for a, b in self.hits:
            out += [self.text[at:a], before, self.text[a:b], after]
            at = b
        out.append(self.text[at:])
        return "".join(out)


def hit_terms(query: Query) -> list[Term]:
    """The terms whose words a cable shows: its words and phrases, not those it excludes."""
    return [t for g in query.groups for t in g if t.kind in ("text", "subject") and not t.negated]


def one_line(text: str) -> str:
    """Text safe to print, on one line, its runs of spaces made one."""
    return " ".join(terminal_safe(text).split())


def snippets(query: Query, texts: dict[int, tuple[str, str]], width: int = WIDTH) -> dict[int, Snippet | None]:
    """A snippet of each of ``texts`` (key → (subject, body)), None where no word of the query is
    found in it (a query of filters alone, or a file changed since it was indexed)."""
    terms = hit_terms(query)
    out: dict[int, Snippet | None] = dict.fromkeys(texts)
    if not terms or not texts:
        return out
    stemmed = " OR ".join(fts_string(t) for t in terms if not as_written(t))
    written = " OR ".join(fts_string(t) for t in terms if as_written(t))
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(_TABLES)
        lines = {k: (one_line(s), one_line(b)) for k, (s, b) in texts.items()}
        for table in ("stemmed", "written"):  # fixed names of this module's own tables
            db.executemany(f"INSERT INTO {table}(rowid, subject, body) VALUES(?,?,?)",
                           [(k, s, b) for k, (s, b) in lines.items()])
        hits: dict[int, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {k: ([], []) for k in lines}
        for table, match in (("stemmed", stemmed), ("written", written)):
            if not match:
                continue
            for k, s, b in db.execute(f"SELECT rowid, highlight({table}, 0, ?, ?), highlight({table}, 1, ?, ?)"
                                      f" FROM {table} WHERE {table} MATCH ?",
                                      (_OPEN, _CLOSE, _OPEN, _CLOSE, match)):
                hits[k][0].extend(_ranges(s))
                hits[k][1].extend(_ranges(b))
        for k, (subject, body) in lines.items():
            in_subject, in_body = (_merged(h) for h in hits[k])
            if in_body:
                out[k] = _window(body, in_body, width)
            elif in_subject:
                out[k] = _window(subject, in_subject, width)
        return out
    finally:
        db.close()


def _ranges(marked: str | None) -> list[tuple[int, int]]:
    """Where the hits are in the text ``highlight()`` marked, as offsets in the text unmarked."""
    out: list[tuple[int, int]] = []
    if not marked:
        return out
    removed = 0
    start = 0
    for i, ch in enumerate(marked):
        if ch == _OPEN:
            start = i - removed
            removed += 1
        elif ch == _CLOSE:
            out.append((start, i - removed))
            removed += 1
    return out


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges in order, those that overlap or touch made one."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        elif b > a:
            out.append((a, b))
    return out


def _window(text: str, hits: list[tuple[int, int]], width: int) -> Snippet:
    """About ``width`` characters of ``text`` around the run of hits with the most different words
    (the first such run), cut at spaces, with the hits it holds."""
    words = [text[a:b].lower() for a, b in hits]
    best = (0, 0, 0)  # distinct words, first hit, last hit
    seen: Counter[str] = Counter()
    i = 0
    for j, (_, end) in enumerate(hits):  # two pointers: hits i..j fit in the width
        seen[words[j]] += 1
        while end - hits[i][0] > width:
            seen[words[i]] -= 1
            if not seen[words[i]]:
                del seen[words[i]]
            i += 1
        if len(seen) > best[0]:
            best = (len(seen), i, j)
    _, i, j = best
    first, last = hits[i][0], hits[j][1]
    spare = max(0, width - (last - first))
    start = max(0, first - spare // 3)  # a third of the room before the hits, the rest after
    end = min(len(text), max(last, start + width))
    start = max(0, min(start, end - width))
    if start > 0:  # whole words only
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", last, end)
        end = space if space >= 0 else end
    head = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text) else ""
    shift = len(head) - start
    shown = [(a + shift, b + shift) for a, b in hits if a >= start and b <= end]
    return Snippet(head + text[start:end] + tail, shown)
