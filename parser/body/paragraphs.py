"""The text after the head: numbered paragraphs (numbers however written, portion marks),
sections and their headings, with the page debris taken out, the signer off the end, and the
summary and comment found in it."""

from __future__ import annotations

from dataclasses import dataclass

from ..cable import Paragraph, Section
from ..classification import is_marking
from ..regex import lazy
from .blocks import block_text
from .fields import BodyFields
from .lines import (
    PARA_GLUED,
    PARA_PILCROW_ONLY,
    PARA_RE,
    RULE_CHARS,
    SENTENCE_END,
    ends_sentence,
    is_rule,
    unwrapped_text,
)
from .pages import NOISE_LINES, OwnBanner, cut_own_banners, is_noise, without_page_breaks
from .signature import take_signature

_MARK_RE = lazy(r"^\(?([A-Za-z]{1,6}(?:/{1,2}[A-Za-z]{1,6}){0,4})\)[ .:]*")


def _opens_paragraph(lines: list[str], s: str, at: int) -> bool:
    """Whether a numbered line with no blank line before it opens the next paragraph: a portion
    mark follows the number (``9. (C) Among…``), or the line before ends a sentence and a capital
    follows."""
    rest = s[at:at + 2].lstrip()
    return _has_portion_mark(s, len(s) - len(s[at:].lstrip())) or (ends_sentence(lines) and rest[:1].isupper())


def split_mark(text: str) -> tuple[str | None, str]:
    """The portion marking opening ``text`` (``(C) …``, ``(S//NF)``; upper case) and the text
    after it; (None, ``text``) when none does."""
    if (mm := _MARK_RE.match(text)) and is_marking(mm.group(1)):
        return mm.group(1).upper(), text[mm.end():]
    return None, text


def _has_portion_mark(s: str, at: int) -> bool:
    """Whether a portion marking (``(C)``, ``(S//NF)``) stands at ``at`` in ``s``."""
    return s[at:at + 1] == "(" and (mm := _MARK_RE.match(s[at:at + 40])) is not None and is_marking(mm.group(1))


def _heading_at_line_end(s: str) -> tuple[str, str] | None:
    """(text before, title) for a line ending in a dashed rule under a heading: the heading is what
    follows the line's last sentence (``…producer. DOMESTIC POLITICS: ORANGE HASH ------``, ``…on
    little. Comment -------``), or the whole line before the rule when it is short."""
    body = s.rstrip("- ")
    if len(s) - len(body) < 4 or not body or body[-1] in ".,;":
        return None
    words = body.split(" ")
    k = len(words)  # a run of words in capitals (``U.S.`` among them) back to the last sentence
    while k and words[k - 1] == words[k - 1].upper() and (
            words[k - 1][-1:] not in (".", "!", "?") or words[k - 1].count(".") > 1):
        k -= 1
    if k == len(words):  # a heading in small letters: what follows the last sentence's end
        end = max(body.rfind(". "), body.rfind("? "), body.rfind("! "), body.rfind('." '))
        k = body[:end + 2].count(" ") if 0 < end and len(body) - end <= 62 else 0
    title = " ".join(words[k:]).strip().lstrip("- ")  # a heading between rules: ``-------- Training --------``
    before = " ".join(words[:k]).strip()
    if before and before[-1] in SENTENCE_END and title[:1].isupper() and sum(ch.isalpha() for ch in title) >= 3:
        return before, title
    if not before and len(body) <= 90 and sum(ch.isalpha() for ch in body) >= 3:
        return "", body.strip(" -")  # the whole line is the heading (``Comment ------``)
    return None


def glued_next(s: str, expected: int) -> int | None:
    """Where the paragraph numbered ``expected`` opens inside ``s``, if the page glued it to the end
    of the paragraph before (``…as well as the UN. 9. (S) Garcia Belaunde said…``, ``Comment: 7. (C)
    Foreign Policy…``): after a sentence's end or a colon, its number, and a portion mark."""
    needle = f" {expected}."
    at = s.find(needle)
    while at > 0:
        end = at + len(needle)
        if s[at - 1] in ".!?\"')\u201d:" and _has_portion_mark(s, end + 1 if s[end:end + 1] == " " else end):
            return at + 1
        at = s.find(needle, end)
    return None


def read_paragraphs(fields: BodyFields, lines: list[str], i: int, banner: OwnBanner | None = None,
                    first_line: int = 1) -> None:
    """The numbered paragraphs, sections and headings of ``lines`` from ``i`` on, the signer, the
    summary and the comment, into ``fields``; ``banner``: this cable's own page banner
    (:func:`own_banner`); ``first_line`` numbers warnings."""
    noise_lines = NOISE_LINES
    breaks = cut_own_banners(lines, i, banner) if banner is not None else set()
    # (line index, stripped text) without transmission debris; a comprehension, as this runs
    # once for every line of every cable.
    # A line of a lone dash separates paragraphs in old telegrams, as a blank line does.
    kept = [(k, "" if s == "-" else s) for k, s in enumerate([line.strip() for line in lines[i:]], i)
            if not (s and (s in noise_lines or s[-1].isdigit() or s[-1] == "Z" or s[0] in "N#")
                    and is_noise(s))]
    if breaks:
        kept = without_page_breaks(kept, breaks)
    while kept and not kept[-1][1]:
        kept.pop()
    if (signer := take_signature(kept)) is not None:
        fields.signature = signer
    has_pilcrow = any("¶" in t for _, t in kept)
    paras: list[Paragraph] = []
    cur_lines: list[str] = []
    cur: Paragraph | None = None
    section: Section | None = None
    last_number = 0
    prev_blank = True
    nk = len(kept)

    def flush() -> None:
        nonlocal cur, cur_lines
        if cur is not None:
            cur.text = unwrapped_text(cur_lines)
            if cur.text or cur.number is not None:
                paras.append(cur)
        elif any(x.strip() for x in cur_lines):
            paras.append(Paragraph(None, None, section.title if section else None,
                                   unwrapped_text(cur_lines), first_line + kept[0][0] if kept else 0))
        cur, cur_lines = None, []

    def start_section(before: str, title: str) -> Section:
        if before:
            cur_lines.append(before)
        flush()
        started = Section(title)
        fields.sections.append(started)
        return started

    def open_paragraph(number: int, rest: str, k: int) -> str:
        """Open paragraph ``number`` on line ``k`` (``rest``: the line after the number); the
        text after its portion mark."""
        nonlocal cur, last_number
        flush()
        marking, rest = split_mark(rest)
        cur = Paragraph(number, marking, section.title if section else None, "", first_line + k)
        if section is not None:
            section.paragraphs.append(number)
        last_number = number
        return rest

    def add(text: str, k: int) -> None:
        """A line of the paragraph being read; a next paragraph glued into it opens there."""
        while cur is not None and cur.number is not None and (at := glued_next(text, last_number + 1)) is not None:
            before, text = text[:at].rstrip(), text[at:]
            lead = ""
            if before.endswith(":") and len(before) <= 20:  # ``Comment: 7. (C) …``: the label opens it
                lead, before = before + " ", ""
            if before:
                cur_lines.append(before)
            number = last_number + 1
            text = lead + open_paragraph(number, text[len(str(number)) + 1:].lstrip(), k)
        cur_lines.append(text)

    j = 0
    while j < nk:
        k, s = kept[j]
        if not s:
            prev_blank = True
            cur_lines.append("")
            j += 1
            continue
        first = s[0]
        if not prev_blank and first not in "¶/" and not first.isdigit() and s[-1] != "-":
            after = kept[j + 1][1][:1] if j + 1 < nk else ""
            if after != "-" and not (after.isdigit() and ends_sentence(cur_lines)):
                add(s, k)  # the common case: a line inside a paragraph
                j += 1
                continue
        number = None
        rest = s
        pilcrow = first == "¶"
        m = PARA_RE.match(s) if pilcrow or first.isdigit() else None
        if m:
            num = int(m.group(2))
            expected = last_number + 1
            if pilcrow:
                number = num
            elif prev_blank or cur is None or _opens_paragraph(cur_lines, s, m.end()):
                if num == expected or (not has_pilcrow and expected < num <= expected + 2):
                    number = num
                elif not has_pilcrow and 0 < num <= expected + 50 and prev_blank and _has_portion_mark(s, m.end()):
                    # ``7. (C) …`` opening an extract or after paragraphs left out, a number
                    # written twice, a quoted cable's paragraphs: a portion mark says so.
                    number = num
                elif num > 9 and str(num).endswith(str(expected)) and num != expected:
                    number = expected
                    fields.warn("paragraph_number", first_line + k,
                               f"paragraph number {num}. read as {expected}.")
            if number is not None:
                rest = s[m.end():]
        elif pilcrow and (m2 := PARA_PILCROW_ONLY.match(s)):
            number, rest = int(m2.group(1)), s[m2.end():]
        elif first.isdigit() and (m3 := PARA_GLUED.match(s)) and int(m3.group(1)) == last_number + 1 and (
                prev_blank or cur is None or _opens_paragraph(cur_lines, s, m3.end())):
            number, rest = int(m3.group(1)), s[m3.end():]  # ``1.KEY POINTS``: no space after the number
        if number is not None:
            rest = open_paragraph(number, rest, k)
            prev_blank = False
            if rest[-1:] == "-" and (glued := _heading_at_line_end(rest)):
                section = start_section(*glued)
                prev_blank = True
            else:
                add(rest, k)
            j += 1
            continue
        if first in RULE_CHARS and (boxed := boxed_heading(kept, j)) is not None:
            # ``-----`` / ``The Economy`` / ``-----``, blank lines between or not: the rules are no text.
            section = start_section("", boxed.title)
            prev_blank = True
            j = boxed.end
            continue
        if s[-1] == "-" and (glued := _heading_at_line_end(s)):
            # A heading and its rule at the end of a paragraph's line (``…producer. DOMESTIC
            # POLITICS ------``), or on a line of its own with the rule after it.
            section = start_section(*glued)
            prev_blank = True
            j = end if (end := rule_after_blank(kept, j)) is not None else j + 1
            continue
        heading = None
        after_sentence = not prev_blank and ends_sentence(cur_lines)
        if prev_blank or after_sentence or first == "/" or (j + 1 < nk and kept[j + 1][1][:1] == "-"):
            heading = heading_title(kept, j, prev_blank or after_sentence, last_number + 1)
        if (heading is None and prev_blank and section is not None and (j + 1 == nk or not kept[j + 1][1])
                and (numbered := next_numbered_heading(section.title, s)) is not None):
            heading = Heading(ruled_title(numbered), j + 1)
        if heading is not None:
            flush()
            section = Section(heading.title)
            fields.sections.append(section)
            j = heading.end
            prev_blank = True
            continue
        add(s, k)
        prev_blank = False
        j += 1
    flush()
    fields.paragraphs = paras
    text = "\n\n".join(p.text for p in paras)
    upper = text.upper()
    fields.summary = block_text(text, upper, paras, fields.sections, "SUMMARY")
    fields.comment = block_text(text, upper, paras, fields.sections, "COMMENT")


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading line's title and the index in ``kept`` of the first line after it and its rule."""

    title: str
    end: int


def ruled_title(s: str) -> str:
    """A heading's title without the rule that ran on into its line (``COMMENT -------``)."""
    return s.strip("- ") or s


def boxed_heading(kept: list[tuple[int, str]], j: int) -> Heading | None:
    """The heading boxed between two rules when ``kept[j]`` is the rule that opens it (up to two
    blank lines on each side of the title), else None."""
    nk = len(kept)
    if not is_rule(kept[j][1]):
        return None
    t = _past_blanks(kept, j + 1)
    title = kept[t][1] if t < nk else ""
    if (not title or len(title) > 90 or title[0] in RULE_CHARS or title[0] == "¶" or title[0].isdigit()
            or sum(map(str.isalpha, title)) < 3):
        return None
    r = _past_blanks(kept, t + 1)
    if r < nk and kept[r][1][:1] in RULE_CHARS and is_rule(kept[r][1]):
        return Heading(title.rstrip(":"), past_rules(kept, r + 1))
    return None


def _past_blanks(kept: list[tuple[int, str]], j: int, most: int = 2) -> int:
    """The index of the first line from ``kept[j]`` on that is not blank, past ``most`` blank lines at most."""
    end = min(len(kept), j + most)
    while j < end and not kept[j][1]:
        j += 1
    return j


_RULE_AND_SPACE = RULE_CHARS + " "


def past_rules(kept: list[tuple[int, str]], j: int) -> int:
    """The index after the rule lines from ``kept[j]`` on: the site's pages wrap a long rule onto a
    second line (``------ -----`` / ``--``)."""
    while j < len(kept) and kept[j][1][:1] in RULE_CHARS and not kept[j][1].strip(_RULE_AND_SPACE):
        j += 1
    return j


_NUMBERED_HEADING = lazy(r"([A-Z][A-Za-z]{0,20} ?#? ?)(\d{1,3})[.:)]")


def rule_after_blank(kept: list[tuple[int, str]], j: int) -> int | None:
    """The index after the rule of the heading line ``kept[j]`` when one blank line stands between
    them (``Environment and Energy Cooperation`` / / ``-----``, the rule maybe wrapped onto two
    lines), else None; not a rule that opens a heading boxed between two rules."""
    if (j + 2 < len(kept) and not kept[j + 1][1] and kept[j + 2][1][:1] in RULE_CHARS and is_rule(kept[j + 2][1])
            and boxed_heading(kept, j + 2) is None):
        return past_rules(kept, j + 3)
    return None


def next_numbered_heading(previous: str, s: str) -> str | None:
    """``s`` if it is the heading after ``previous`` in a run of numbered headings (``Question #14:
    …`` then ``Question #15: …`` standing alone without the rule the others have), else None."""
    m = _NUMBERED_HEADING.match(previous)
    if m is None or len(s) > 120 or s[-1] in ",;":
        return None
    nxt = f"{m.group(1)}{int(m.group(2)) + 1}"
    return s.rstrip(":") if s.startswith(nxt) and s[len(nxt):len(nxt) + 1] in (".", ":", ")") else None


def heading_title(kept: list[tuple[int, str]], j: int, prev_blank: bool, expected: int = 0) -> Heading | None:
    """The heading the line ``kept[j]`` is, if it is one, and where the text after it (and its
    rule) goes on. ``prev_blank``: a blank line or the end of a sentence before it; ``expected``:
    the next paragraph's number."""
    s = kept[j][1]
    nk = len(kept)
    nxt = kept[j + 1][1] if j + 1 < nk else ""
    ruled = bool(nxt) and nxt[0] in RULE_CHARS and is_rule(nxt)  # its rule on the next line
    spaced = rule_after_blank(kept, j) if not nxt else None  # its rule after a blank line
    if s[0] == "/" and s.startswith("//") and s.endswith("//") and len(s) > 4:
        end = j + 2 if ruled else spaced if spaced is not None else j + 1
        return Heading(ruled_title(title), end) if (title := s.strip("/ ").strip()) else None
    if ruled and len(s) <= 120:
        return Heading(ruled_title(s.rstrip(":")), j + 2)
    if not prev_blank or len(s) > 90 or s[-1] in ".,;" or "¶" in s:
        return None
    letters = sum(map(str.isalpha, s))
    if letters < 3:
        return None
    if nxt:
        # A short line (``Cementing Bilateral Relations``) right over the next numbered paragraph.
        m = PARA_RE.match(nxt) if nxt[0].isdigit() else None
        if m and int(m.group(2)) == expected and s[0].isupper() and s[-1] not in "?!\"":
            return Heading(ruled_title(s.rstrip(":")), j + 1)
        return None
    if spaced is not None and s[-1] not in ":)" and not s[0].isdigit():
        return Heading(ruled_title(s), spaced)  # ``Environment and Energy Cooperation`` / / ``-----``
    if s.upper() != s:
        return None
    # A capitals line is a heading only when a numbered paragraph follows it.
    for t in range(j + 1, min(nk, j + 4)):
        after = kept[t][1]
        if after:
            if after[0] == "¶" or PARA_RE.match(after):
                return Heading(ruled_title(s.rstrip(":")), j + 1)
            return None
    return None
