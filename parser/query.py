"""The query language of ``cables search`` and the reader's search box (compiled to SQL by
:mod:`parser.sql`).

    torture "human rights" -police  tag:PHUM from:ASTANA date:2009-06..2009-07-15  OR  prefix*

Words must all match (AND); ``OR`` joins the item before and after it; ``-word`` or ``NOT word``
excludes; ``"…"`` is a phrase; ``word*`` a prefix. A word finds its inflections (``election`` finds
``elections``, ``elected``: FTS5's Porter stemmer); ``=word`` or ``="…"`` finds only the form written
(a prefix, too, is of the words as written). Field filters: ``tag: from: to: class:
caveat: date: id: ref: has: subject: concept:``; and of the reader's own records (kept in its data folder,
not the index): ``is:read``, ``is:unread``, ``has:note``, ``note:``, which the query answers from
the :class:`Saved` it is given. User words reach FTS5 only as quoted strings, so its own
operators and syntax errors never leak through; anything malformed raises :class:`QueryError`
with the position.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from .ids import canonical_id, make_id, reference_station

FIELDS = ("tag", "from", "to", "class", "caveat", "date", "id", "ref", "has", "subject", "concept", "is", "note")
HAS = ("refs", "partial", "summary", "note")  # what ``has:`` takes
# Words and filters in one query: no one writes more, and SQLite's expression tree (1,000 deep)
# would refuse a few hundred filters joined by AND.
MAX_TERMS = 100
# The orders of the list (their SQL: ``parser.sql.SORT_ORDERS``).
SORTS = ("date", "oldest", "relevance", "id", "origin", "classification")
# The query language at a glance: what you write, what it finds. The one table behind the reader's
# help screen, ``cables --help``, ``cables search --help`` and the README (``tui/helptext.py``).
SYNTAX: tuple[tuple[tuple[str, ...], str], ...] = (
    (("torture prison",), "cables with both words (in subject or body)"),
    (('"human rights"',), "the phrase"),
    (("election",), "the word and its inflections (elections, elected)"),
    (("=elections", '="human rights"'), "only the form written (no other inflection)"),
    (("election OR vote",), "either"),
    (("-military", "NOT military"), "without the word (or the filter: -tag:KZ)"),
    (("nucle*",), "words starting so"),
    (("tag:PHUM",), "the TAGS line has PHUM"),
    (("from:ASTANA",), "sent from that post (station or FM line)"),
    (("to:USNATO",), "a TO or INFO address contains it"),
    (("class:secret",), "classification starts so (class:secret//noforn, class:unclassified//for)"),
    (("caveat:NOFORN",), "a caveat or caption"),
    (("date:2009", "date:2009-06", "date:2009-06-01..2009-07-15"), "sent in that year, month, or range (inclusive)"),
    (("id:09ASTANA1104",), "that cable (zeros as written are fine: id:09ASTANA001104)"),
    (("ref:09ASTANA1000",), "cables whose REF list cites it"),
    (("ref:ASTANA1000",), "without the year, as REF lines often write it: that post and number in any year "
                          "(the years found are said)"),
    (("has:refs", "has:partial", "has:summary"), "cables with a REF list, partial extracts, a summary"),
    (('subject:"almaty notes"',), "words or a phrase in the subject"),
    (("concept:TIN", 'concept:"cultural presentations"'), "a 1973-79 telegram indexed under that concept"),
    (("is:read", "is:unread"), "cables opened in the reader, or not yet (u marks one unread again)"),
    (("has:note", "note:torture"), "cables with a note of yours; with the word in a note"),
)
EXAMPLES = ("tag:PHUM date:2009 torture", '"coalition against torture" -from:ASTANA',
            "class:secret caveat:noforn kazakhstan OR uzbekistan")
_DATE_ONE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WORD_CHARS = re.compile(r"[\w'.-]+", re.UNICODE)


class QueryError(ValueError):
    """A malformed query: ``message`` says what is wrong, ``position`` where (0-based)."""

    def __init__(self, message: str, position: int) -> None:
        self.message = message
        self.position = position
        super().__init__(f"{message} (at character {position + 1})")


@dataclass(slots=True)
class Term:
    kind: str  # "text" or a field name
    value: str
    negated: bool = False
    phrase: bool = False
    prefix: bool = False
    position: int = 0
    exact: bool = False  # ``=word``: the form written, not its inflections
    end: int = 0  # where the term ends in the query's text (0: not from a text)


class Saved(Protocol):
    """The reader's own records a query can ask about (``is:read``, ``has:note``, ``note:word``):
    kept in the reader's data folder, not the index, so whoever runs the query gives them. Asked
    each time the query runs: a cable marked since is in or out of the next list."""

    def read_ids(self) -> Collection[str]:
        """The ids of the cables read."""
        ...

    def noted_ids(self, word: str | None) -> Collection[str]:
        """The ids of the cables with a note (with ``word``: a note holding that word or phrase)."""
        ...


def asks_saved(term: Term) -> bool:
    """Whether ``term`` is answered from the reader's records (``Saved``), not the index."""
    return term.kind in ("is", "note") or (term.kind == "has" and term.value.lower() == "note")


@dataclass(slots=True)
class Query:
    """A parsed query: AND of groups, each an OR of terms; ``saved`` answers the terms about the
    reader's own records (None: such a term is an error when the query runs)."""

    text: str
    groups: list[list[Term]] = field(default_factory=list)
    saved: Saved | None = None

    @property
    def empty(self) -> bool:
        return not self.groups

    def asks_saved(self) -> bool:
        return any(asks_saved(t) for g in self.groups for t in g)

    def words(self) -> list[str]:
        """The plain words and phrases to highlight in a cable."""
        return [t.value for g in self.groups for t in g if t.kind in ("text", "subject") and not t.negated]


def _tokens(text: str) -> list[tuple[str, int, bool]]:
    """(token, position, quoted) with quotes kept together; ``field:"a b"`` is one token."""
    out: list[tuple[str, int, bool]] = []
    i, n = 0, len(text)
    opened: list[int] = []  # where each ( not yet closed is: the language has no brackets, but
    # ``(a OR b)`` reads as written; one left open or closing nothing is a slip to point at
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        start = i
        buf = []
        quoted = False
        while i < n and not text[i].isspace():
            if text[i] == '"':
                end = text.find('"', i + 1)
                if end < 0:
                    raise QueryError("a quote is not closed", i)
                buf.append(text[i:end + 1])
                quoted = True
                i = end + 1
            else:
                if text[i] == "(":
                    opened.append(i)
                elif text[i] == ")":
                    if not opened:
                        raise QueryError("a ) that no ( opens", i)
                    opened.pop()
                buf.append(text[i])
                i += 1
        out.append(("".join(buf), start, quoted))
    if opened:
        raise QueryError("a ( that is not closed", opened[-1])
    return out


def parse_query(text: str, saved: Saved | None = None) -> Query:
    q = Query(text, saved=saved)
    pending_or = False
    negate_next = False
    terms = 0
    for tok, pos, quoted in _tokens(text):
        if tok == "OR" and not quoted:
            if not q.groups or negate_next:
                raise QueryError("OR needs something before it", pos)
            pending_or = True
            continue
        if tok == "NOT" and not quoted:
            negate_next = True
            continue
        negated = negate_next
        negate_next = False
        if tok.startswith("-") and len(tok) > 1:
            negated, tok, pos = True, tok[1:], pos + 1
        term = _term(tok, pos, negated)
        term.end = pos + len(tok)
        terms += 1
        if terms > MAX_TERMS:
            raise QueryError(f"a query takes at most {MAX_TERMS} words and filters", pos)
        if pending_or:
            q.groups[-1].append(term)
            pending_or = False
        else:
            q.groups.append([term])
    if pending_or:
        raise QueryError("OR needs something after it", len(text))
    if negate_next:
        raise QueryError("NOT needs something after it", len(text))
    return q


def _term(tok: str, pos: int, negated: bool) -> Term:
    name, sep, value = tok.partition(":")
    if sep and name.lower() in FIELDS and not name.startswith('"'):
        name = name.lower()
        phrase = value.startswith('"')
        value = value.strip('"')
        if not value:
            raise QueryError(f"{name}: needs a value", pos)
        if name == "date":
            date_range(value, pos + len(name) + 1 + phrase)  # errors point into the value
        if name == "has" and value.lower() not in HAS:
            raise QueryError("has: takes refs, partial, summary or note", pos)
        if name == "is" and value.lower() not in ("read", "unread"):
            raise QueryError("is: takes read or unread", pos)
        if name == "ref" and not ref_ids(value):
            raise QueryError("ref: takes a cable id (ref:09ASTANA1000) or a post and number in any year "
                             "(ref:ASTANA1000)", pos)
        if name == "note" and not _WORD_CHARS.search(value):
            raise QueryError(f"nothing to search for in {tok!r}", pos)
        return Term(name, value, negated, phrase, False, pos)
    if sep and name and name.isalpha() and not tok.startswith('"'):
        raise QueryError(f"unknown field {name}: (fields are {', '.join(f + ':' for f in FIELDS)})", pos)
    exact = tok.startswith("=") and len(tok) > 1
    if exact:
        tok = tok[1:]
    phrase = tok.startswith('"') and tok.endswith('"') and len(tok) >= 2
    value = tok.strip('"')
    prefix = not phrase and value.endswith("*")
    value = value.rstrip("*")
    if not value or not _WORD_CHARS.search(value):
        raise QueryError(f"nothing to search for in {tok!r}", pos)
    return Term("text", value, negated, phrase, prefix, pos, exact)


def _day(y: str, m: str | None, d: str | None, pos: int) -> tuple[date, date]:
    """The first day of a year, month or day and the first day after it."""
    try:
        first = date(int(y), int(m or 1), int(d or 1))
    except ValueError:
        raise QueryError("not a calendar date", pos) from None
    try:
        if d:
            return first, first + timedelta(days=1)
        if m:
            return first, date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return first, date(first.year + 1, 1, 1)
    except (ValueError, OverflowError):  # the day after 9999-12-31 is past what a date holds
        raise QueryError("dates go up to 9999-12-30", pos) from None


def date_range(value: str, pos: int) -> tuple[str, str]:
    """The first day of ``value`` (a year, month, day or range a..b) and the day after its last;
    ``pos`` is where the value starts in the query, so an error points at the part that is wrong."""
    lo, sep, hi = value.partition("..")
    parts = []
    for v, at in ((lo, pos), (hi, pos + len(lo) + 2)) if sep else ((lo, pos),):
        if sep and not v:
            raise QueryError("date: a range needs a first and a last date (date:1973..1979)",
                             at if v is hi else pos)
        m = _DATE_ONE.match(v)
        if not m:
            raise QueryError("date: takes 2009, 2009-06, 2009-06-01 or a range a..b", at)
        parts.append(_day(m.group(1), m.group(2), m.group(3), at))
    start, end = parts[0][0], parts[-1][1]
    if end <= start:
        raise QueryError("the date range ends before it starts", pos)
    return start.isoformat(), end.isoformat()


def condition(name: str, value: str) -> str:
    """``name:value`` as a query writes it (``class:"UNCLASSIFIED//FOR OFFICIAL USE ONLY"``): quoted
    when the value has a space; a quote inside cannot be written, so it is left out."""
    value = value.replace('"', "")
    return f'{name}:"{value}"' if any(ch.isspace() for ch in value) else f"{name}:{value}"


# Conditions a cable meets with one value at most (one date, one classification, one origin): a
# new one chosen replaces the query's own, for both could only match nothing or the new one's cables.
ONE_VALUE = ("date", "class", "from")


@dataclass(frozen=True, slots=True)
class Narrowed:
    """A query narrowed by a condition chosen: its text, and the conditions the new one replaced."""

    text: str
    replaced: tuple[str, ...] = ()


def narrowed(text: str, cond: str) -> Narrowed:
    """The query ``text`` and the condition ``cond`` both (what choosing a facet or a period does):
    ``cond`` appended, unless the query already has it as a condition of its own. A condition of
    one value a cable (``ONE_VALUE``: ``date:``, ``class:``, ``from:``) takes the place of the query's
    own of that field (each alone, or with only others of the field beside it by ``OR``; not one
    negated): the rest of the query is kept as written. An ``OR`` joins only the items beside it, so the
    appended condition holds for every alternative before it."""
    new = parse_query(cond).groups[0][0]
    same = (new.kind, new.value.upper(), new.negated)
    groups = parse_query(text).groups
    if any(len(g) == 1 and (g[0].kind, g[0].value.upper(), g[0].negated) == same for g in groups):
        return Narrowed(text)
    spans = [(g[0].position, g[-1].end) for g in groups
             if new.kind in ONE_VALUE and not new.negated and all(t.kind == new.kind and not t.negated for t in g)]
    if not spans:
        return Narrowed(f"{text.rstrip()} {cond}" if text.strip() else cond)
    out = text
    for k, (start, end) in reversed(list(enumerate(spans))):  # the new one where the first stood
        before, after = out[:start].rstrip(), out[end:].lstrip()
        out = " ".join(part for part in (before, cond if k == 0 else "", after) if part)
    return Narrowed(out, tuple(text[start:end] for start, end in spans))


# A REF line's post and number without the year (``BRASILIA1170``, ``SECSTATE 12345``).
_POST_SERIAL = re.compile(r"^([A-Za-z][A-Za-z .'-]{0,40}?)[\s-]*0*(\d{1,7})$")


def ref_ids(value: str) -> list[str]:
    """The ids ``ref:value`` finds: the id written (``09BRASILIA1170``, ``1975TEHRAN02069``), or a
    post and number without a year (``BRASILIA1170``) in every year: the index keeps each REF as an
    id with its year (read from the cable when the line omits it), so the year is what the user
    cannot know. The post goes through the REF lines' alias table (``SECSTATE`` → ``STATE``).
    Empty for a value that is neither."""
    if cid := canonical_id(value):
        return [cid]
    m = _POST_SERIAL.match(value.strip())
    rest = make_id(0, reference_station(m.group(1)), m.group(2)) if m else None
    return [f"{yy:02d}{rest[2:]}" for yy in range(100)] if rest else []


def fts_words(term: Term) -> str:
    """A term's words as FTS5 reads them inside its quotes: a phrase as written, else its words."""
    return term.value if term.phrase else " ".join(_WORD_CHARS.findall(term.value))
