"""The query language of ``cables search`` and the reader's search box, compiled to SQL.

    torture "human rights" -police  tag:PHUM from:ASTANA date:2009-06..2009-07-15  OR  prefix*

Words must all match (AND); ``OR`` joins the item before and after it; ``-word`` or ``NOT word``
excludes; ``"…"`` is a phrase; ``word*`` a prefix. Field filters: ``tag: from: to: class:
caveat: date: id: ref: has: subject:``. User words reach FTS5 only as quoted strings, so its own
operators and syntax errors never leak through; anything malformed raises :class:`QueryError`
with the position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .ids import canonical_id, station_key

FIELDS = ("tag", "from", "to", "class", "caveat", "date", "id", "ref", "has", "subject")
# Words and filters in one query: no one writes more, and SQLite's expression tree (1,000 deep)
# would refuse a few hundred filters joined by AND.
MAX_TERMS = 100
SORTS = ("date", "oldest", "relevance", "id", "origin", "classification")
# The query language at a glance: what you write, what it finds. The one table behind the reader's
# help screen, ``cables --help``, ``cables search --help`` and the README (``tui/helptext.py``).
SYNTAX: tuple[tuple[tuple[str, ...], str], ...] = (
    (("torture prison",), "cables with both words (in subject or body)"),
    (('"human rights"',), "the phrase"),
    (("election OR elections",), "either"),
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
    (("has:refs", "has:partial", "has:summary"), "cables with a REF list, partial extracts, a summary"),
    (('subject:"almaty notes"',), "words or a phrase in the subject"),
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


@dataclass(slots=True)
class Query:
    """A parsed query: AND of groups, each an OR of terms."""

    text: str
    groups: list[list[Term]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups

    def words(self) -> list[str]:
        """The plain words and phrases to highlight in a cable."""
        return [t.value for g in self.groups for t in g if t.kind in ("text", "subject") and not t.negated]


def _tokens(text: str) -> list[tuple[str, int, bool]]:
    """(token, position, quoted) with quotes kept together; ``field:"a b"`` is one token."""
    out: list[tuple[str, int, bool]] = []
    i, n = 0, len(text)
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
                buf.append(text[i])
                i += 1
        out.append(("".join(buf), start, quoted))
    return out


def parse_query(text: str) -> Query:
    q = Query(text)
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
            _date_range(value, pos)
        if name == "has" and value.lower() not in ("refs", "partial", "summary"):
            raise QueryError("has: takes refs, partial or summary", pos)
        return Term(name, value, negated, phrase, False, pos)
    if sep and name and name.isalpha() and not tok.startswith('"'):
        raise QueryError(f"unknown field {name}: (fields are {', '.join(f + ':' for f in FIELDS)})", pos)
    phrase = tok.startswith('"') and tok.endswith('"') and len(tok) >= 2
    value = tok.strip('"')
    prefix = not phrase and value.endswith("*")
    value = value.rstrip("*")
    if not value or not _WORD_CHARS.search(value):
        raise QueryError(f"nothing to search for in {tok!r}", pos)
    return Term("text", value, negated, phrase, prefix, pos)


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


def _date_range(value: str, pos: int) -> tuple[str, str]:
    lo, sep, hi = value.partition("..")
    parts = []
    for v in (lo, hi if sep else lo):
        m = _DATE_ONE.match(v)
        if not m:
            raise QueryError("date: takes 2009, 2009-06, 2009-06-01 or a range a..b", pos)
        parts.append(_day(m.group(1), m.group(2), m.group(3), pos))
    start, end = parts[0][0], parts[1][1]
    if end <= start:
        raise QueryError("the date range ends before it starts", pos)
    return start.isoformat(), end.isoformat()


def fts_string(term: Term) -> str:
    """A term as an FTS5 string: always quoted, so no user text is FTS5 syntax."""
    words = term.value if term.phrase else " ".join(_WORD_CHARS.findall(term.value))
    s = '"' + words.replace('"', '""') + '"'
    if term.prefix:
        s += "*"
    if term.kind == "subject":
        s = "subject : " + s
    return s


@dataclass(slots=True)
class Compiled:
    match: str | None
    where: list[str]
    params: list[object]
    # For each ``where`` entry that is one tag, reference or recipient (not negated): its table and value,
    # so the index can size the set and choose how to read it; else None.
    sets: list[tuple[str, str] | None]


# A LIKE whose pattern escapes the user's own % and _ (see ``_like``): ``from:%`` matches a % only.
LIKE = "LIKE ? ESCAPE '\\'"


def _like(value: str) -> str:
    """A user's words as a LIKE pattern matches them: literally."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# How a condition names a set of cables (full-text matches, a tag, a reference). The index turns
# it into a probe (``+c.rowid IN``) when it walks an index in the sort's order.
ROWID_IN = "c.rowid IN"
# A set as a probe of each row the walk reaches (a broad set is never built in full): table → SQL.
_ADDRESSES = f"(SELECT name FROM addresses WHERE name {LIKE})"  # ``to:``: a part of an address
SET_IN = {"tags": f"{ROWID_IN} (SELECT cable FROM tags WHERE tag = ?)",
          "refs": f"{ROWID_IN} (SELECT cable FROM refs WHERE ref = ?)",
          "recipients": f"{ROWID_IN} (SELECT cable FROM recipients WHERE name IN {_ADDRESSES})"}
SET_EXISTS = {"tags": "EXISTS (SELECT 1 FROM tags t WHERE t.cable = c.rowid AND t.tag = ?)",
              "refs": "EXISTS (SELECT 1 FROM refs r WHERE r.cable = c.rowid AND r.ref = ?)",
              "recipients": "EXISTS (SELECT 1 FROM recipients r WHERE r.cable = c.rowid"
                            f" AND r.name IN {_ADDRESSES})"}
# How many rows a set holds (an estimate for recipients: a cable may name two matching addresses).
SET_SIZE = {"tags": "SELECT count(*) FROM tags WHERE tag = ?",
            "refs": "SELECT count(*) FROM refs WHERE ref = ?",
            "recipients": f"SELECT count(*) FROM recipients WHERE name IN {_ADDRESSES}"}
_SET_OF = {"tag": "tags", "ref": "refs", "to": "recipients"}
# Sorts whose ORDER BY an index of the index database gives row by row (see parser/index.py).
INDEXED_SORTS = frozenset({"date", "oldest", "id", "relevance"})


def compile_query(q: Query) -> Compiled:
    """SQL over the index's ``cables c`` (and ``fts`` for ``match``)."""
    fts_parts: list[str] = []
    where: list[str] = []
    params: list[object] = []
    sets: list[tuple[str, str] | None] = []
    for group in q.groups:
        if all(t.kind in ("text", "subject") and not t.negated for t in group):
            fts_parts.append("(" + " OR ".join(fts_string(t) for t in group) + ")")
            continue
        alts = []
        for t in group:
            sql, ps = _condition(t)
            alts.append(f"NOT ({sql})" if t.negated else f"({sql})")
            params.extend(ps)
        where.append("(" + " OR ".join(alts) + ")")
        only = group[0] if len(group) == 1 and not group[0].negated else None
        sets.append((_SET_OF[only.kind], str(ps[0])) if only is not None and only.kind in _SET_OF else None)
    return Compiled(" AND ".join(fts_parts) if fts_parts else None, where, params, sets)


def _condition(t: Term) -> tuple[str, list[object]]:
    v = t.value
    if t.kind in ("text", "subject"):
        return f"{ROWID_IN} (SELECT rowid FROM fts WHERE fts MATCH ?)", [fts_string(t)]
    if t.kind == "tag":
        return SET_IN["tags"], [v.upper()]
    if t.kind == "from":
        return f"(c.station = ? OR c.origin {LIKE})", [station_key(v), f"%{_like(v)}%"]
    if t.kind == "to":
        return SET_IN["recipients"], [f"%{_like(v)}%"]
    if t.kind == "class":
        return f"c.classification {LIKE}", [f"{_like(v.upper())}%"]
    if t.kind == "caveat":
        return (f"(' ' || c.caveats || ' ' {LIKE} OR c.classification {LIKE})",
                [f"% {_like(v.upper())} %", f"%//{_like(v.upper())}%"])
    if t.kind == "date":
        lo, hi = _date_range(v, t.position)
        return "(c.date >= ? AND c.date < ?)", [lo, hi]
    if t.kind == "id":
        return "c.id = ?", [canonical_id(v) or v.upper()]
    if t.kind == "ref":
        return SET_IN["refs"], [canonical_id(v) or v.upper()]
    if t.kind == "has":
        column = {"refs": "c.refs != ''", "partial": "c.partial = 1", "summary": "c.has_summary = 1"}
        return column[v.lower()], []
    raise QueryError(f"unknown field {t.kind}:", t.position)  # pragma: no cover


def order_by(sort: str, has_match: bool) -> str:
    if sort not in SORTS:
        raise QueryError(f"sort is one of {', '.join(SORTS)}", 0)
    if sort == "relevance" and has_match:
        return "f.rank, c.date DESC"
    return {
        "date": "c.date IS NULL, c.date DESC, c.id",
        "relevance": "c.date IS NULL, c.date DESC, c.id",
        "oldest": "c.date IS NULL, c.date ASC, c.id",
        "id": "c.id, c.date",
        "origin": "c.origin, c.date DESC",
        "classification": "c.classification, c.date DESC",
    }[sort]
