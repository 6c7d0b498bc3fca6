"""Taking things out of the reader: a list of cables as CSV, JSONL or Markdown, one cable as
Markdown or plain text, and the one way an export reaches a file. ``cables search --format``,
``cables show --markdown`` and the reader's export (``x``) all write through here.

Files get the full text, as the cable has it: CSV through the ``csv`` module (every field quoted
where it must be), JSONL through ``json``, Markdown with the characters that would turn a cable's
text into markup escaped (CommonMark's backslash escapes). What goes to a terminal is the caller's
to pass through ``parser.text.terminal_safe``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cable import Cable
from .regex import lazy

# The list's own columns, in its order: what every export of a list holds.
RESULT_COLUMNS = ("date", "id", "classification", "origin", "subject")
RESULT_FORMATS = ("csv", "jsonl", "md")
CABLE_FORMATS = ("md", "txt")
EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "md": "md", "txt": "txt"}


@dataclass(frozen=True, slots=True)
class Listed:
    """One cable of a list as the list shows it (``parser.index.Row`` has these fields too)."""

    id: str | None
    date: str | None
    classification: str | None
    origin: str | None
    subject: str | None


def _fields(row: Any) -> list[str]:
    return [getattr(row, k) or "" for k in RESULT_COLUMNS]


def results_csv(rows: Iterable[Any], snippets: list[str | None] | None = None) -> str:
    """A header line, then a line a cable (``snippet``, why it matched, last where given)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*RESULT_COLUMNS, *(["snippet"] if snippets is not None else [])])
    for n, row in enumerate(rows):
        w.writerow([*_fields(row), *([snippets[n] or ""] if snippets is not None else [])])
    return buf.getvalue()


def results_jsonl(records: Iterable[dict[str, Any]]) -> str:
    """One JSON object a line (the parse of each cable, or the list's fields)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def listed_dict(row: Any) -> dict[str, Any]:
    return {k: getattr(row, k) for k in RESULT_COLUMNS}


# CommonMark: any ASCII punctuation may be escaped with a backslash; these are the ones that make
# markup inline (emphasis, code, links, html, tables, strikethrough, entities).
_MD_INLINE = lazy(r"([\\`*_\[\]<>#|~&!])")
# And at the start of a line: a list item, a numbered item, a setext underline, a quote.
_MD_LINE_START = lazy(r"^([ \t]*)([-+=]|\d{1,9}(?=[.)]))", re.MULTILINE)


def md_escape(value: str) -> str:
    """``value`` as Markdown that shows it as written."""
    value = _MD_INLINE.sub(r"\\\1", value)
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if not m.group(2).isdigit()
                              else f"{m.group(1)}{m.group(2)}\\", value) if value else value


def _cell(value: str | None) -> str:
    return md_escape(" ".join((value or "").split()))


def results_markdown(rows: Iterable[Any], title: str = "") -> str:
    """A heading (``title``) and a table of the list's columns."""
    lines = [f"# {md_escape(title)}", ""] if title else []
    lines += ["| " + " | ".join(RESULT_COLUMNS) + " |", "|" + "---|" * len(RESULT_COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(v) for v in _fields(row)) + " |")
    return "\n".join(lines) + "\n"


def _head_fields(c: Cable) -> list[tuple[str, str]]:
    return [(label, value) for label, value in (
        ("Id", c.id or ""), ("Date", c.date or ""), ("Origin", c.origin or ""),
        ("Classification", c.classification or ""), ("Caveats", " ".join(c.caveats)), ("Tags", " ".join(c.tags)),
        ("E.O.", c.eo.text if c.eo else ""), ("Classified by", c.classified_by or ""),
        ("References", "; ".join(f"{r.label + '. ' if r.label else ''}{r.text}" for r in c.references)),
    ) if value]


def _paragraphs(c: Cable) -> Iterable[tuple[str | None, str, str]]:
    """(a section heading it opens, its ``¶N (MARK)`` lead, its text) for each paragraph."""
    section = None
    for p in c.paragraphs:
        opens = None
        if p.section and p.section != section:
            section = opens = p.section
        lead = " ".join(x for x in (f"¶{p.number}." if p.number is not None else "",
                                    f"({p.marking})" if p.marking else "") if x)
        yield opens, lead, p.text


def cable_markdown(c: Cable) -> str:
    """The cable as Markdown: a heading with its id and subject, its head fields as a list, its
    sections as headings and its paragraphs, each led by ``¶N.`` and its portion marking."""
    lines = [f"# {md_escape(c.id or '')}: {md_escape(' '.join((c.subject or '').split()))}", ""]
    lines += [f"- **{label}**: {md_escape(value)}" for label, value in _head_fields(c)]
    for opens, lead, text in _paragraphs(c):
        if opens:
            lines += ["", f"## {md_escape(' '.join(opens.split()))}"]
        lines += ["", f"{md_escape(lead)} {md_escape(text)}".strip()]
    if c.signature:
        lines += ["", md_escape(c.signature)]
    return "\n".join(lines) + "\n"


def cable_plain(c: Cable) -> str:
    """The cable as read, as plain text: subject, head fields, sections and paragraphs."""
    lines = [" ".join((c.subject or "(no subject)").split()), ""]
    width = max((len(label) for label, _ in _head_fields(c)), default=0) + 2
    lines += [f"{label + ':':<{width}}{value}" for label, value in _head_fields(c)]
    for opens, lead, text in _paragraphs(c):
        if opens:
            lines += ["", opens.upper() if opens.upper() != opens else opens]
        lines += ["", f"{lead} {text}".strip()]
    if c.signature:
        lines += ["", c.signature]
    return "\n".join(lines) + "\n"


CABLE_WRITERS = {"md": cable_markdown, "txt": cable_plain}


class ExportError(Exception):
    """An export that could not be written: the message names the file and why."""


def write_file(path: Path, text: str, *, replace: bool = False) -> None:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all: a temporary file beside it, then a
    rename. A file already there is replaced only with ``replace``; anything there that is not a
    regular file (a folder, a FIFO, a device) never is. A link is replaced, never followed."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except (OSError, ValueError) as e:  # ValueError: a NUL in the name
        raise ExportError(f"could not write {path}: {getattr(e, 'strerror', None) or e}") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise ExportError(f"{path} is a folder; give a file name")
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
            raise ExportError(f"{path} is not a regular file; it is left as it is")
        if not replace:
            raise ExportError(f"{path} exists; it is left as it is")
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        # The mode of the file replaced, else what a new file gets (mkstemp's is the owner's alone).
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, st.st_mode & 0o777 if st is not None and not stat.S_ISLNK(st.st_mode) else 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise ExportError(f"could not write {path}: {e.strerror or e}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
