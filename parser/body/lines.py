"""The shapes of a body line every part of the body reader asks about (a sentence's end, a rule
under a heading, a list item) and the joining of wrapped lines into a paragraph's text."""

from __future__ import annotations

import re

from ..regex import lazy

PARA_RE = lazy(r"^(¶)? ?(\d{1,3}) ?[.,](?=\s|\(|$) *")
PARA_PILCROW_ONLY = lazy(r"^¶ ?(\d{1,3})\b\.? *")
PARA_GLUED = lazy(r"^(\d{1,3})\.(?=[A-Z][A-Za-z])")  # ``1.KEY POINTS``, ``1.Text``
SENTENCE_END = frozenset('.:;!?")\u201d')


DASHES = lazy(r"^-{3,}[- ]*$")
RULE_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # a rule is typed in hyphens or Unicode dashes
_UNICODE_RULE = lazy(f"^[{RULE_CHARS}]{{3,}}[{RULE_CHARS} ]*$")


_LIST_ITEM = r"^(?:[-*o]|[A-Za-z0-9]{1,3}[.)]|\([A-Za-z0-9]{1,3}\)) "  # ``- ``, ``a) ``, ``(ii) ``
_LIST_START = lazy(_LIST_ITEM)  # a line opening a list item
_LIST_LINE = lazy(_LIST_ITEM, re.MULTILINE)  # any line of a text opening one


def ends_sentence(lines: list[str]) -> bool:
    """Whether the last line of a paragraph so far ends a sentence (so the next may open one)."""
    return bool(lines) and bool(lines[-1]) and lines[-1][-1] in SENTENCE_END


def is_rule(s: str) -> bool:
    """Whether a line is a rule under a heading: ``-------``, or Unicode dashes ``‐‐‐‐‐‐``."""
    return bool(DASHES.match(s)) or (s[:1] in RULE_CHARS and bool(_UNICODE_RULE.match(s)))


_FIELD_LINE = lazy(r"[a-z_]{1,20}:(?: |$)")  # ``origin: Embassy Quito``: a line of its own


def unwrapped_text(lines: list[str]) -> str:
    """Join wrapped lines into paragraphs; keep blank-line breaks, lists and short (table) lines."""
    end = len(lines)
    while end and not lines[end - 1]:  # the blank lines before the next paragraph
        end -= 1
    lines = lines[:end]
    if len(lines) <= 1:
        return lines[0] if lines else ""
    # Most paragraphs are one block of long lines, none opening a list item: joined at C speed.
    if "" not in lines and min(map(len, lines[:-1])) >= 40:
        joined = "\n".join(lines)
        if not _LIST_LINE.search(joined, len(lines[0]) + 1):  # no line after the first opens a list item
            return joined.replace("\n", " ")
    blocks: list[str] = []
    pieces: list[str] = []  # the current block: lines, each after its separator
    prev_len = 0
    list_start = _LIST_START.match
    for s in lines:
        if not s:
            if pieces:
                blocks.append("".join(pieces))
                pieces = []
            prev_len = 0
            continue
        if not pieces:
            pieces.append(s)
        elif (prev_len < 40 and not (s[0].islower() and not _FIELD_LINE.match(s))) or (
                0 < s.find(" ", 1, 6) and list_start(s)):
            # a short line ends a table row or list line, unless the next goes on in small letters
            # (``…a prima facie case that Zelaya`` / ``may`` / ``have committed…``)
            pieces.append("\n" + s)
        else:
            pieces.append(" " + s)
        prev_len = len(s)
    if pieces:
        blocks.append("".join(pieces))
    return "\n\n".join(blocks)
