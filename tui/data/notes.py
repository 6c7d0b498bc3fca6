"""Notes: what a person wrote on a cable, or on one of its paragraphs.

``notes.json`` is a list of ``{cable, paragraph, anchor, text, written}``: the cable's id, the
paragraph's number (null for an unnumbered paragraph or the cable itself), the viewer's anchor of
that part (``para-3``; ``para-5b``: the second paragraph the cable numbers 5; ``text-2``: the second
unnumbered paragraph; null: the cable), the note, and when it was written (UTC). Notes are the
person's, not an archive's: a note on a cable shows in every archive that holds it. A bookmark's
note is the note on its cable.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from parser.text import terminal_safe

from .errors import WrongShape

# The index's tokenizers (``parser.sql``'s fts and fts_exact tables): a note's words are matched as a cable's are.
_STEMMED = "porter unicode61 remove_diacritics 2"
_WRITTEN = "unicode61 remove_diacritics 2"
ANCHOR = re.compile(r"para-\d{1,6}[b-z]?|text-\d{1,6}")  # the parts a note can be on, besides the cable (None)
MAX_NOTE = 100_000  # characters: a note is a few lines; a pasted book is cut


def part(anchor: str | None) -> str | None:
    """The part a note goes on for the viewer's ``anchor``: its paragraph, else the cable (None)."""
    return anchor if anchor is not None and ANCHOR.fullmatch(anchor) else None


def part_name(anchor: str | None) -> str:
    """``¶3``, ``¶5b``, ``unnumbered paragraph 2`` or ``the cable``."""
    if anchor is None:
        return "the cable"
    kind, _, n = anchor.partition("-")
    return f"¶{n}" if kind == "para" else f"unnumbered paragraph {int(n) + 1}"


def lines(text: str) -> list[str]:
    """A note's lines, each safe to show (the file is anyone's who could write it)."""
    return [terminal_safe(line) for line in text.splitlines()] or [""]


def paragraph_of(anchor: str | None) -> int | None:
    """The number of the paragraph ``anchor`` names (5 for ``para-5`` and ``para-5b``), else None."""
    number = anchor[5:].rstrip("bcdefghijklmnopqrstuvwxyz") if anchor and anchor.startswith("para-") else ""
    return int(number) if number.isdigit() else None


@dataclass(frozen=True, slots=True)
class Note:
    cable: str
    anchor: str | None  # None: the cable
    text: str
    written: str = ""

    @property
    def paragraph(self) -> int | None:
        return paragraph_of(self.anchor)

    @property
    def is_numbered(self) -> bool:
        return self.anchor is not None and self.anchor.startswith("para-")

    @property
    def occurrence(self) -> int:
        """2 for ``para-5b`` (the second paragraph numbered 5), else 1."""
        last = self.anchor[-1] if self.anchor else ""
        return ord(last) - ord("a") + 1 if self.is_numbered and last.isalpha() else 1

    def order(self) -> tuple[str, int, int, int]:
        """Where the note sits: by cable, then the cable's own note, its numbered paragraphs in
        number order, then its unnumbered ones."""
        if self.anchor is None:
            return (self.cable, 0, 0, 0)
        if self.is_numbered:
            return (self.cable, 1, self.paragraph or 0, self.occurrence)
        return (self.cable, 2, int(self.anchor[5:]), 0)

    def to_json(self) -> dict[str, Any]:
        return {"cable": self.cable, "paragraph": self.paragraph, "anchor": self.anchor, "text": self.text,
                "written": self.written}


@dataclass(slots=True)
class Notes:
    notes: list[Note] = field(default_factory=list)

    def get(self, cable_id: str, anchor: str | None) -> Note | None:
        return next((n for n in self.notes if n.cable == cable_id and n.anchor == anchor), None)

    def of(self, cable_id: str) -> list[Note]:
        """The notes on ``cable_id``: on the cable first, then in the order of its paragraphs' anchors."""
        return [n for n in self.notes if n.cable == cable_id]

    def write(self, cable_id: str, anchor: str | None, text: str) -> bool:
        """Set the note on ``anchor`` of ``cable_id`` (an empty ``text`` removes it); True when it changed."""
        text = text.strip()[:MAX_NOTE]
        old = self.get(cable_id, anchor)
        if (old.text if old else "") == text:
            return False
        kept = [n for n in self.notes if n is not old]
        if text:
            now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            kept.append(Note(cable_id, anchor, text, now))
        self.notes = kept
        return True

    def ids(self, word: str | None = None) -> set[str]:
        """The cables with a note; with ``word``, a note holding it as a search finds the words of a
        cable: the word and its inflections (``note:frame`` finds "frames"), words as a phrase,
        ``=word`` the form written, ``word*`` words starting so. The notes go into an in-memory
        FTS5 table with the index's own tokenizers, so a note and a cable's body match alike."""
        if word is None:
            return {n.cable for n in self.notes}
        from parser.query import Term, fts_words
        from parser.sql import as_written, fts_string

        exact = word.startswith("=")
        value = word[1:] if exact else word
        term = Term("text", value.rstrip("*").strip('"'), phrase=True, prefix=value.endswith("*"), exact=exact)
        if not fts_words(term).strip() or not self.notes:
            return set()
        db = sqlite3.connect(":memory:")
        try:
            tokenizer = _WRITTEN if as_written(term) else _STEMMED  # one of this module's two constants
            db.execute(f"CREATE VIRTUAL TABLE notes USING fts5(text, tokenize='{tokenizer}')")
            db.executemany("INSERT INTO notes(rowid, text) VALUES(?, ?)", enumerate(n.text for n in self.notes))
            found = [row for (row,) in db.execute("SELECT rowid FROM notes WHERE notes MATCH ?", (fts_string(term),))]
        except sqlite3.OperationalError:  # FTS5 finds nothing to read in it (a word of punctuation alone)
            return set()
        finally:
            db.close()
        return {self.notes[row].cable for row in found}

    def to_json(self) -> list[dict[str, Any]]:
        return [n.to_json() for n in self.notes]


def shape(v: Any) -> Notes:
    """The notes a file holds, or ``WrongShape`` when it is not a list of notes."""
    if not isinstance(v, list) or not all(
            isinstance(n, dict) and isinstance(n.get("cable"), str) and isinstance(n.get("text"), str)
            and (n.get("anchor") is None or (isinstance(n.get("anchor"), str) and ANCHOR.fullmatch(n["anchor"])))
            and isinstance(n.get("written", ""), str) for n in v):
        raise WrongShape("not a list of {cable, paragraph, anchor, text}")
    return Notes([Note(n["cable"], n.get("anchor"), n["text"], n.get("written", "")) for n in v])
