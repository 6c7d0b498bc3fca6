"""The keys and the query language as tables, from the command table and ``parser.query.SYNTAX``:
the one source of the help screen (``?``), ``cables --help``, ``cables search --help``, the README's
essential keys and query language, and every key in ``docs/keys.md``.

``python -m tui.helptext`` writes those sections of ``DOCS`` anew (between their markers); a test
fails when they differ from what this module makes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from parser.query import EXAMPLES, SYNTAX

from .commands import BOOKMARKS, CHOICES, FIND, LIST, NAVIGATOR, NOTE, READER, SEARCH, VIEWER, Command

GROUPS: tuple[tuple[str, tuple[Command, ...]], ...] = (
    ("anywhere", READER), ("cable list", LIST), ("sections", NAVIGATOR), ("viewer", VIEWER), ("search box", SEARCH),
    ("find box", FIND), ("bookmarks", BOOKMARKS), ("note", NOTE), ("pop-up lists", CHOICES))
_KEY_NAMES = {"slash": "/", "question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]",
              "left_curly_bracket": "{", "right_curly_bracket": "}"}


@dataclass(frozen=True, slots=True)
class KeyRow:
    where: str
    keys: str
    does: str
    id: str


def key_display(key: str) -> str:
    """``right_square_bracket,alt+left`` → ``], alt+left``."""
    return ", ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))


def key_rows(keymap: dict[str, str] | None = None) -> list[KeyRow]:
    """Every command with its keys (as rebound in ``keymap``), the ten digits as one row."""
    keymap = keymap or {}
    rows = []
    for where, commands in GROUPS:
        for c in commands:
            if c.id.startswith("reader.digit") and c.id != "reader.digit0":
                continue
            keys = "0-9" if c.id == "reader.digit0" else key_display(keymap.get(c.id, c.key))
            rows.append(KeyRow(where, keys, c.help, c.id))
    return rows


def keys_markdown() -> str:
    lines = ["| where | keys | does | id |", "|---|---|---|---|"]
    for r in key_rows():
        keys = ", ".join(f"`{k.strip()}`" for k in r.keys.split(", "))
        lines.append(f"| {r.where} | {keys} | {r.does} | `{r.id}` |")
    return "\n".join(lines)


# The keys a newcomer needs first (the README); every key is in docs/keys.md and behind ``?``.
ESSENTIALS = ("list.down", "list.up", "list.open", "reader.next_pane", "reader.escape", "reader.zoom",
              "reader.search", "reader.clear", "reader.why", "viewer.find", "reader.next_hit",
              "reader.next_para", "reader.next_section", "reader.back",
              "reader.references", "reader.thread", "reader.versions",
              "reader.explain", "reader.raw", "reader.bookmark", "reader.help",
              "reader.quit", "reader.unread", "reader.note")


def essentials_markdown() -> str:
    rows = {r.id: r for r in key_rows()}
    lines = ["| keys | does |", "|---|---|"]
    for id in ESSENTIALS:
        r = rows[id]  # a KeyError here: ESSENTIALS names a command the table no longer has
        lines.append(f"| {', '.join(f'`{k.strip()}`' for k in r.keys.split(', '))} | {r.does} |")
    return "\n".join(lines)


def query_markdown() -> str:
    lines = ["| you write | finds |", "|---|---|"]
    for written, finds in SYNTAX:
        lines.append(f"| {', '.join(f'`{w}`' for w in written)} | {finds} |")
    lines += ["", "Examples: " + ", ".join(f"`{e}`" for e in EXAMPLES) + "."]
    return "\n".join(lines)


def query_plain() -> str:
    """The query language for ``--help``: two columns of plain text."""
    width = 24
    lines = ["the query language:"]
    for written, finds in SYNTAX:
        w = ", ".join(written)
        lines += [f"  {w}", f"  {'':<{width}}  {finds}"] if len(w) > width else [f"  {w:<{width}}  {finds}"]
    lines += ["examples:"] + [f"  {e}" for e in EXAMPLES]
    return "\n".join(lines)


SECTIONS = {"keys": keys_markdown, "essentials": essentials_markdown, "query": query_markdown}
DOCS = ("README.md", "docs/keys.md")  # the files that hold the sections, from the top of the checkout


def sections_in(text: str) -> list[str]:
    """The generated sections ``text`` has markers for."""
    return [name for name in SECTIONS if f"<!-- {name}:start -->" in text]


def generated_text(text: str) -> str:
    """``text`` with each generated section it holds replaced between its markers."""
    for name in sections_in(text):
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        head, _, rest = text.partition(start)
        _, sep, tail = rest.partition(end)
        if not sep:
            raise ValueError(f"{start} has no {end} after it")
        text = f"{head}{start}\n{SECTIONS[name]()}\n{end}{tail}"
    return text


def main(argv: list[str]) -> int:
    for path in map(Path, argv or DOCS):
        path.write_text(generated_text(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
