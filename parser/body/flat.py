"""A site's page that gives a cable twice: first an excerpt of its opening lines, cut short with
``...`` (``REF: TBILIS...``, ``Classified By: AMBASS...``), then the cable again from its id line
with its lines run together (``C O N F I D E N T I A L SECTION 01 OF 02 TBILISI 001379 SIPDIS … TAGS:
PGOV …`` / ``SUBJECT: … REF: TBILISI 1372 Classified By: … 1. (SBU) Begin Summary: … 2. (SBU) …
TEFFT``). 125 of the 6,310 corpus pages have it (most of them cables of August 2008), 49 of them
with a copy that stops after its head.

The copy is the cable's text: :func:`find_copy` finds it and gives it back as lines again (the head's
fields each on its own line, each numbered paragraph opening a line), for the body reader to read
as it reads any text. A copy that stops after its head (``… TAGS: PREL PGOV RU GG`` and nothing
more) is all the page has: the cable's text is not in the source (:attr:`Copy.head_only`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..classification import classification_of, is_marking
from ..regex import lazy
from .lines import PARA_RE

_EXCERPT_LINES = 80  # the excerpt is the opening of the cable: its cut is in its first lines
_PREFIX = 60  # a copy's id line may follow a date or a release row (``4/1/2005 14:50 C O N F …``)
_MARK = lazy(r"\(([A-Za-z]{1,6}(?:/{1,2}[A-Za-z]{1,6}){0,4})\)")
_MARK_AT_END = lazy(r" \(([A-Za-z]{1,6}(?:/{1,2}[A-Za-z]{1,6}){0,4})\)$")
# A paragraph number before a portion mark (``1. (SBU)``, ``3.(C/NF)``, ``¶1.  (C)``): the copy's first
# paragraph, whatever its number (a copy may leave out the paragraphs before it).
_NUMBER_AND_MARK = lazy(r"(?:^| )(¶ ?)?(\d{1,2})\. {0,2}\(")
# The head's fields in the order a cable gives them; a key opens a line of its own, the first time
# it is seen (``… UNDER E.O. 13382`` later in a subject is no key).
_KEYS = (("SIPDIS",), ("E.O. 1", "EO 1"), ("TAGS:", "TAGS "), ("SUBJECT:", "SUBJ:"),
         ("REF:", "REFS:", "REFTEL:", "REFTELS:"), ("Classified By:", "CLASSIFIED BY:", "Classified by:"))
_SENTENCE_END = ".!?:;\")'\u201d"


@dataclass(slots=True)
class Copy:
    """The whole copy of a page that shows an excerpt first."""

    excerpt_end: int  # the index of the excerpt's last line (the one cut short with ``...``)
    lines: list[str]  # the copy's lines, run-together text split back into lines
    origin: list[int]  # for each of ``lines``, the index of the page's line it comes from
    head_only: bool = False  # the copy stops after its head (:func:`_head_only`)
    cut_line: str | None = None  # the excerpt's last line up to its ``...`` where the copy follows on it


def _squeezed(s: str) -> str:
    return " ".join(s.split()).upper()


_CUT_KEYS = ("CLASSIFIED BY:", "SUBJECT:", "REF:", "REFS:", "REFTEL:", "TAGS:", "E.O. 12958:", "DECL:")


def is_cut_key(line: str) -> bool:
    """Whether ``line`` is a head's key cut short (``Cl...``, ``CLASSIFI...``, ``R...``): the page
    cut its excerpt there; no text is in it."""
    s = line.strip()
    if not s.endswith("..."):
        return False
    s = s[:-3].rstrip().upper()
    return bool(s) and any(key.startswith(s) for key in _CUT_KEYS)


def find_copy(lines: list[str]) -> Copy | None:
    """The copy after an excerpt in ``lines``, if the page has that shape: within its first lines
    a line ends in ``...``, and the next line that is not blank holds the body's id line again
    (near its start, in any case), or the copy follows the ``...`` on its line (``… TRAINING...C O N
    F I D E N T I A L LONDON 001967 …``). None for any other body."""
    first = None
    cut = None
    seen = 0
    for k, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        seen += 1
        if first is None:
            if classification_of(s) is None:  # routing lines a text's header left in its body
                if seen >= _EXCERPT_LINES:
                    return None
                continue
            first = _squeezed(s)
            if len(first) < 12:
                return None  # no id line to find again
        elif cut is None:
            if s.endswith("...") and k:
                cut = k
            elif (dots := s.find("...")) >= 0 and _squeezed(s[dots + 3:dots + 3 + 2 * len(first)]).startswith(first):
                copy = [s[dots + 3:], *lines[k + 1:]]
                out, origin = unflatten(copy, k)
                return Copy(k, out, origin, _head_only(copy), s[:dots + 3])
            elif seen >= _EXCERPT_LINES:
                return None
        else:
            at = _squeezed(s[:len(first) + 4 * _PREFIX]).find(first)
            if not 0 <= at <= _PREFIX:
                return None
            # Drop a prefix before the id line (a date, a release row): counted in squeezed text.
            copy = [s[_offset(s, at):], *lines[k + 1:]]
            out, origin = unflatten(copy, k)
            return Copy(cut, out, origin, _head_only(copy))
    return None


def _head_only(copy: list[str]) -> bool:
    """Whether the copy stops after its head: it is one line, and its TAGS field ends it (no more
    than a list of tags after the key)."""
    lines = [s for s in copy if s.strip()]
    if len(lines) != 1:
        return False
    s = lines[0]
    at = max(s.rfind(" TAGS:"), s.rfind(" TAGS "))
    return at > 0 and len(s) - at <= 120 and "SUBJECT" not in s[at:].upper()


def _offset(text: str, squeezed_at: int) -> int:
    """The index in ``text`` of the character at ``squeezed_at`` in its squeezed form."""
    if not squeezed_at:
        return 0
    n = 0
    prev_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not prev_space:
                n += 1
            prev_space = True
            continue
        if n >= squeezed_at:
            return i
        n += 1
        prev_space = False
    return len(text)


def _line_numbers(lines: list[str]) -> set[int]:
    """The paragraph numbers that open a line of their own (these need no splitting out)."""
    out = set()
    for s in lines:
        s = s.strip()
        if s and (s[0].isdigit() or s[0] == "¶") and (m := PARA_RE.match(s)):
            out.add(int(m.group(2)))
    return out


def _opens_paragraph(s: str, at: int, number: int) -> int | None:
    """Where the paragraph ``number`` opens if its number stands at ``at`` in ``s`` (``at`` is the
    index of the space before it): the number and a dot, then a portion mark, or a capital after a
    sentence's end. The index of the number (or of its ``¶``), or None."""
    begin = at + 1
    if s[begin] == "¶":
        begin += 1
        if s[begin] == " ":
            begin += 1
    digits = str(number)
    end = begin + len(digits) + 1  # past the dot
    if s[begin:end] != f"{digits}." or s[end:end + 1] not in (" ", "("):
        return None
    rest = s[end:end + 40].lstrip()
    if rest[:1] == "(":
        m = _MARK.match(rest)
        if m and is_marking(m.group(1)):
            return at + 1
        return None
    if not rest[:1].isupper() or not rest[1:2].isalpha() and rest[1:2] != " ":
        return None
    j = at
    while j > max(0, at - 8) and s[j - 1] == " ":
        j -= 1
    return at + 1 if j > 0 and s[j - 1] in _SENTENCE_END else None


def _first_paragraph(s: str, taken: set[int]) -> tuple[int, int] | None:
    """(where, number) of the first paragraph number before a portion mark in ``s``, none that opens
    a line of its own later (``taken``)."""
    for m in _NUMBER_AND_MARK.finditer(s):
        number = int(m.group(2))
        if number in taken or not 0 < number <= 50:
            continue
        mark = _MARK.match(s, s.index("(", m.end() - 1))
        if mark and is_marking(mark.group(1)):
            return m.start() + (m.group(0)[0] == " "), number
    return None


def _split_paragraphs(s: str, expected: int, taken: set[int]) -> tuple[list[str], int]:
    """``s`` cut before each paragraph: the first one found (``expected`` 0) before a portion mark,
    then each number that continues the sequence (``… End Summary. 2. (SBU) OSCE …``), before a
    portion mark or after a sentence's end before a capital; never one that opens a line of its
    own later (``taken``). The pieces, and the number expected next (0: none found yet)."""
    pieces: list[str] = []
    pos = 0
    start = 0
    if not expected:
        found = _first_paragraph(s, taken)
        if found is None:
            return [s], 0
        start, number = found
        pieces.append(s[:start].rstrip())
        pos, expected = start + 1, number + 1
    while expected not in taken:
        at = s.find(f"{expected}.", pos)  # each text searched once for each number
        if at < 0:
            break
        pos = at + 1
        if s[at - 2:at] == "¶ ":
            at -= 2
        elif s[at - 1:at] == "¶":
            at -= 1
        if at < 1 or s[at - 1] != " ":
            continue  # ``21.``, ``1.4``: no paragraph's number
        opens = _opens_paragraph(s, at - 1, expected)
        if opens is None:
            continue
        pieces.append(s[start:opens].rstrip())
        start = pos = opens
        expected += 1
    pieces.append(s[start:])
    return pieces, expected


def _split_keys(s: str, seen: set[int]) -> list[str]:
    """The head's run-together line cut before each field's key not yet seen (``seen`` holds the
    indexes in ``_KEYS`` of those seen, and takes the ones found here)."""
    cuts = []
    for n, variants in enumerate(_KEYS):
        if n in seen:
            continue
        best = -1
        for key in variants:
            at = s.find(key, 1)
            while at > 0 and s[at - 1] != " ":
                at = s.find(key, at + 1)
            if at > 0 and (best < 0 or at < best):
                best = at
        if best > 0:
            cuts.append(best)
            seen.add(n)
    cuts.sort()
    out = []
    last = 0
    for at in cuts:
        out.append(s[last:at].rstrip())
        last = at
    out.append(s[last:])
    return out


_END_OF_BLOCK = lazy(r"END (?:OF )?(?:SUMMARY|COMMENT|NOTE)\b[.:]? *", re.IGNORECASE)


def _sentence_end(body: str) -> int:
    """Where the last sentence of ``body`` ends (after its stop and closing marks), 0 for none; a
    stop after a word with a stop inside (``U.S.``) ends none, unless no other ends one in the
    90 characters a heading may hold."""
    at = len(body)
    first = -1
    while at > 0:
        low = max(0, len(body) - 92)
        end = max(body.rfind(". ", low, at), body.rfind("? ", low, at), body.rfind("! ", low, at),
                  body.rfind('." ', low, at), body.rfind(".) ", low, at))
        if end < 0:
            break
        first = end if first < 0 else first
        if "." not in body[body.rfind(" ", 0, end) + 1:end]:
            first = end
            break
        at = end
    return 0 if first < 0 else first + 1 + (body[first + 1] in "\")")


def _heading_at_end(piece: str) -> tuple[str, str, str] | None:
    """(text before, title, rule) where a piece of run-together text ends in a heading and its
    rule (``… made its way to the internet. Government Coordination of Assistance -----``, ``----
    The Deployment Law ----``): the title is what follows the last sentence's end, or the whole
    piece when it is short and holds none."""
    body = piece.rstrip("- ")
    rule = piece[len(body):].strip()
    if rule.count("-") < 4 or not body:
        return None
    inner = body.rfind("----")  # a heading boxed between rules (``End Summary. ----- Title -----``)
    end = inner + 4 if inner >= 0 else _sentence_end(body)
    before = body[:end].rstrip("- ")
    title = body[end:].strip(" -")
    if (m := _END_OF_BLOCK.match(title)) and len(title) > m.end():
        before, title = f"{before} {m.group(0).strip()}", title[m.end():]  # ``End Summary BP Unsure of…``
    if not 3 <= sum(map(str.isalpha, title)) or len(title) > 90 or not title[:1].isupper() and not title[:1].isdigit():
        return None
    return before.strip(), title, rule


def _text_lines(piece: str, pilcrow: bool) -> list[str]:
    """The lines a piece of run-together text is written as: a heading at its end on lines of its
    own; ``¶`` before the number of a paragraph split out where the copy writes it so elsewhere
    (the reader takes a paragraph so numbered as the page gives it)."""
    if pilcrow and piece[:1].isdigit():
        piece = "¶" + piece
    if piece.endswith("----") and (heading := _heading_at_end(piece)) is not None:
        before, title, rule = heading
        return [*([before, ""] if before else []), title, rule, ""]
    return [piece]


def unflatten(copy: list[str], first: int) -> tuple[list[str], list[int]]:
    """The copy's lines with what its run-together lines hold split back into lines: the head's
    fields each on a line, a blank line after the copy's first line when it held the head; each
    paragraph opening a line after a blank one, a heading at the end of the paragraph before on
    lines of its own (the page banners glued into the text are taken out by the paragraph
    reader). ``first``: the index of the copy's first line in the page. The lines, and the index
    of the page's line each comes from."""
    taken = _line_numbers(copy)
    pilcrow = any("¶" in s for s in copy)
    out: list[str] = []
    origin: list[int] = []
    expected = 0  # the next paragraph's number; 0 before the first
    keys: set[int] = set()
    carry = ""  # a portion mark at the end of the head, which opens the text on the next line
    for k, line in enumerate(copy, first):
        s = line.strip()
        if carry and s:
            line = s = f"{carry} {s}"
            carry = ""
        if s and (s[0].isdigit() or s[0] == "¶") and (m := PARA_RE.match(s)):
            expected = max(expected, int(m.group(2)) + 1)
        if not s:
            out.append(line)
            origin.append(k)
            continue
        if s.startswith("----") and s.endswith("----") and s.strip("- ") and out and out[-1].strip():
            out.append("")  # a heading boxed in rules on its line opens a part (the copy lost the blank line)
            origin.append(k)
        head = not expected
        pieces, expected = _split_paragraphs(s, expected, taken)
        for n, piece in enumerate(pieces):
            if n:
                out.append("")
                origin.append(k)
            parts = [piece]
            if head and not n:
                parts = _split_keys(piece, keys)
                if n + 1 == len(pieces) and (mark := _MARK_AT_END.search(parts[-1])) and is_marking(mark.group(1)):
                    carry = mark.group(0).strip()  # ``REF: STATE 86108 (SBU)`` / ``Poloff delivered…``
                    parts[-1] = parts[-1][:mark.start()].rstrip()
                    parts.append("")
                if k == first and len(parts) > 1:
                    parts.append("")  # the head's first block ends (``… TAGS: PGOV PREL`` / ``SUBJECT: …``)
            elif n:
                parts = _text_lines(piece, pilcrow)
            elif len(pieces) > 1 and not piece.strip("- "):
                parts = []  # a rule's end, carried over from the line before (``------- 1. (SBU) …``)
            else:
                parts = _text_lines(piece, False)
            for part in parts:
                out.append(part)
                origin.append(k)
    return out, origin
