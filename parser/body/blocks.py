"""The summary and the comment: blocks a post writes in the text (``SUMMARY: … END SUMMARY``,
a ``Comment`` heading, ``END SUMMARY`` alone), found in the paragraphs' text, or, without the
paragraphs, in a window of the body."""

from __future__ import annotations

from ..cable import Paragraph, Section
from ..regex import lazy

# After SUMMARY or COMMENT, what opens a block: ``:``, ``.``, ``-``, also after ``AND COMMENT``,
# ``and Action Request``, ``AND INTRODUCTION``.
_BLOCK_OPEN = lazy(r"(?: AND [A-Z]{3,15}(?: [A-Z]{3,15})?)? ?[:.-]+ *")
# Where a block ends: ``END SUMMARY``, ``End\nSummary`` (a line broken between the words), ``END OF COMMENT``.
_BLOCK_END = {word: lazy(rf"END\s{{1,5}}(?:OF\s{{1,5}})?{word}") for word in ("SUMMARY", "COMMENT")}


SUMMARY_WINDOW = 3000  # characters read from the first mention of a summary (head-only parse)


def _explicit_or_alone_block_text(text: str, upper: str, word: str) -> str | None:
    """The text of a ``SUMMARY: … END SUMMARY`` (or COMMENT) block, else of one opened by the word
    alone on its line (see :func:`_explicit_block_text_and_alone_start`)."""
    explicit, start = _explicit_block_text_and_alone_start(text, upper, word)
    return explicit or _text_to_block_end(text, upper, word, start)


def _explicit_block_text_and_alone_start(text: str, upper: str, word: str) -> tuple[str | None, int | None]:
    """The text of a ``SUMMARY: … END SUMMARY`` (or COMMENT) block, to the paragraph's end when
    the closing words are missing; and, for when there is none, where a block opened by the word
    alone on its line (``Summary``, ``SUMMARY -----``) starts: at the next paragraph. One pass of
    ``str.find`` over the upper-cased text: fast and linear."""
    start = None  # where the first block opened by the word alone on its line starts
    pos = upper.find(word)
    while pos >= 0:
        after = pos + len(word)
        if (pos == 0 or not upper[pos - 1].isalnum()) and not upper[max(0, pos - 4):pos].endswith("END "):
            if m := _BLOCK_OPEN.match(upper, after):
                if out := _text_to_block_end(text, upper, word, m.end()):
                    return out, None
                break
            if start is None:
                start = _alone_block_start(upper, word, pos, after)
        pos = upper.find(word, after)
    if start is None and pos >= 0:
        start = _alone_block_start(upper, word, pos, pos + len(word))
    return None, start


def _text_to_block_end(text: str, upper: str, word: str, start: int | None) -> str | None:
    """The block that starts at ``start`` (none where there is no start), to its END words, else
    to the end of its paragraph."""
    if start is None:
        return None
    m = _BLOCK_END[word].search(upper, start)
    end = m.start() if m else -1
    if end < 0:
        stop = text.find("\n\n", start)
        end = stop if stop >= 0 else len(text)
    return " ".join(text[start:end].split()).strip(" .-") or None


def _alone_block_start(upper: str, word: str, pos: int, after: int) -> int | None:
    """Where the block starts when ``word`` stands alone on its line: past that line and the
    blank and dashed lines after it; None when the line holds more than the word."""
    line_end = upper.find("\n", after)
    line_end = len(upper) if line_end < 0 else line_end
    alone = upper[upper.rfind("\n", 0, pos) + 1:line_end].strip("-:. ")
    if alone != word and not alone.startswith(f"{word} AND "):  # ``SUMMARY AND INTRODUCTION``
        return None
    start = line_end
    while start < len(upper):
        nxt = upper.find("\n", start + 1)
        nxt = len(upper) if nxt < 0 else nxt
        if upper[start:nxt].strip("-\n :."):
            break
        start = nxt
    return start


def block_text(text: str, upper: str, paras: list[Paragraph], sections: list[Section], word: str) -> str | None:
    """A summary or comment in any of the ways posts wrote one, the most explicit first."""
    explicit, start = _explicit_block_text_and_alone_start(text, upper, word)
    return (explicit or _text_under_heading(paras, sections, word) or _text_to_block_end(text, upper, word, start)
            or (_closed_summary_text(text, upper, paras) if word == "SUMMARY" else None))


def _text_under_heading(paras: list[Paragraph], sections: list[Section], word: str) -> str | None:
    """The text under a heading that is the word alone (``SUMMARY``, ``------- Summary -------``,
    ``Summary`` over a dashed rule, ``SUMMARY AND INTRODUCTION``): the block's other way of being
    written; to its END words where they close it inside the section."""
    for section in sections:
        title = section.title.strip("-:. ").upper()
        if title == word or title.startswith(f"{word} AND "):
            out = " ".join(" ".join(p.text for p in paras if p.section == section.title).split())
            if m := _BLOCK_END[word].search(out.upper()):
                out = out[:m.start()].rstrip(" .-")
            return out or None
    return None


def _closed_summary_text(text: str, upper: str, paras: list[Paragraph]) -> str | None:
    """A summary that only its end shows: the text opens with it and ``END SUMMARY`` closes it
    (``1. (C) German FM Westerwelle told […]. END SUMMARY.``): from the first numbered paragraph."""
    m = _BLOCK_END["SUMMARY"].search(upper)
    if m is None:
        return None
    start = 0
    for p in paras:
        if p.number is not None:
            break
        start += len(p.text) + 2  # the paragraphs are joined with a blank line
    if start > m.start():
        start = 0
    return " ".join(text[start:m.start()].split()).strip(" .-") or None


def summary_without_paragraphs(lines: list[str], i: int) -> str | None:
    """The summary of the body in ``lines`` from ``i`` on, without reading its paragraphs (see
    ``Policy``), where it has one: read from the first line that names one, over the next
    ``SUMMARY_WINDOW`` characters (the block opens there; the rest of the body is not needed to
    know that)."""
    body = "\n".join(lines[i:])
    # The word in any case, found in a copy with every other character "?" and the letters in
    # capitals: one character a byte, so its positions are the text's.
    first = body.encode("ascii", "replace").upper().find(b"SUMMARY")
    if first < 0:
        return None
    start = body.rfind("\n", 0, first) + 1
    text = "\n".join([line.strip() for line in body[start:start + SUMMARY_WINDOW].split("\n")])
    upper = text.upper()
    summary = _explicit_or_alone_block_text(text, upper, "SUMMARY")
    if summary is None and (end := _BLOCK_END["SUMMARY"].search(upper)):
        # A summary only its end shows (``… told […]. END SUMMARY.``), or one opened in a way
        # the block does not read (``SUMMARY (U) …``): the text up to its end, as the full
        # parse reads it (from the first paragraph).
        summary = " ".join(body[:start + end.start()].split())[-SUMMARY_WINDOW:] or None
    return summary
