"""The index database's SQL: its schema, a query compiled to conditions, how an ordered query reads
its sets, and the one table of sort orders (the index's ORDER BY and the merge of several archives
both read it).

Nothing here opens a database: :mod:`parser.index` runs what this module writes.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from .ids import canonical_id, station_key
from .query import SORTS, Query, QueryError, Saved, Term, asks_saved, date_range, fts_words, ref_ids

SCHEMA_VERSION = "8"  # 4: text kept only where the file cannot be read again; rowids never reused
# 5: recipients in a table of their own, not a column (``to:`` read a substring of every row before)
# 6: kept text compressed with zstd, not zlib
# 7: words stemmed (Porter), and a second full-text index of the words as written (``=word``, ``word*``)
# 8: the 1973-79 telegrams' concepts (``concept:``), and their whole text kept (``whole``)
SCHEMA_NEWS = "the 1973-79 telegrams' concepts are searchable: concept:"  # why the last change rebuilt the index

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files(key TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, cables INTEGER,
                                 skipped TEXT);
CREATE TABLE IF NOT EXISTS cables(
    rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT, file TEXT, row INTEGER, date TEXT, classification TEXT,
    caveats TEXT, origin TEXT, station TEXT, precedence TEXT, subject TEXT, tags TEXT, refs TEXT,
    partial INTEGER, has_summary INTEGER, body BLOB, header BLOB, whole TEXT);
DROP INDEX IF EXISTS cables_id;
CREATE INDEX IF NOT EXISTS cables_id_date ON cables(id, date);
CREATE INDEX IF NOT EXISTS cables_date ON cables(date);
-- The list's two date orders, exactly as ORDER BY writes them (``SORT_ORDERS``): a filtered, sorted
-- first page walks one of these and stops after it, instead of sorting every match.
CREATE INDEX IF NOT EXISTS cables_newest ON cables(date IS NULL, date DESC, id);
CREATE INDEX IF NOT EXISTS cables_oldest ON cables(date IS NULL, date, id);
CREATE INDEX IF NOT EXISTS cables_file ON cables(file);
CREATE TABLE IF NOT EXISTS tags(cable INTEGER, tag TEXT);
CREATE INDEX IF NOT EXISTS tags_tag ON tags(tag);
CREATE INDEX IF NOT EXISTS tags_cable ON tags(cable);
-- The indexers' concepts of a 1973-79 telegram (``MUSIC``, ``CULTURAL PRESENTATIONS``), upper case.
CREATE TABLE IF NOT EXISTS concepts(cable INTEGER, concept TEXT);
CREATE INDEX IF NOT EXISTS concepts_concept ON concepts(concept);
CREATE INDEX IF NOT EXISTS concepts_cable ON concepts(cable);
CREATE TABLE IF NOT EXISTS refs(cable INTEGER, ref TEXT);
CREATE INDEX IF NOT EXISTS refs_ref ON refs(ref);
CREATE INDEX IF NOT EXISTS refs_cable ON refs(cable);
-- Each TO/INFO address a cable names, and every address once: ``to:`` matches a part of an address,
-- so it scans the few thousand addresses and reads the cables of those that match.
CREATE TABLE IF NOT EXISTS recipients(cable INTEGER, name TEXT);
CREATE INDEX IF NOT EXISTS recipients_name ON recipients(name);
CREATE INDEX IF NOT EXISTS recipients_cable ON recipients(cable);
CREATE TABLE IF NOT EXISTS addresses(name TEXT PRIMARY KEY) WITHOUT ROWID;
-- The words stemmed (``election`` finds ``elections``): every word, phrase and relevance.
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(subject, body, content='',
                                                 tokenize='porter unicode61 remove_diacritics 2');
-- The words as written, for the exact form (``=word``) and prefixes (``negotiat*``: a prefix of
-- the word, which its stem ``negoti`` is not). Without positions or columns (detail=none) or lengths
-- it is a fraction of the size; a phrase's exact words are checked here, their order in ``fts``.
CREATE VIRTUAL TABLE IF NOT EXISTS fts_exact USING fts5(subject, body, content='', columnsize=0, detail=none,
                                                       tokenize='unicode61 remove_diacritics 2');
"""
FTS_TABLES = ("fts", "fts_exact")  # every full-text table: a cable's text goes into each
# Tables of one row per cable and value, cleared with the cable.
SIDE_TABLES = ("tags", "refs", "recipients", "concepts")
INSERT_CABLE = ("INSERT INTO cables(id, file, row, date, classification, caveats, origin, station, precedence,"
                " subject, tags, refs, partial, has_summary, body, header, whole)"
                " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
ROW_COLUMNS = "c.rowid, c.id, c.date, c.classification, c.origin, c.subject"  # one row of the list


# How many reference ids the records hold (copies of an id counted once; records without one not at all).
DISTINCT_IDS = "SELECT count(*) FROM (SELECT 1 FROM cables WHERE id IS NOT NULL GROUP BY id)"


def get_meta(db: sqlite3.Connection, key: str) -> str | None:
    r = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return r[0] if r else None


def set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES(?, ?)", (key, value))


def key_to_db(key: str) -> str:
    """A file key as SQLite can hold it: names that are not UTF-8 (surrogate escapes) go as hex."""
    try:
        key.encode("utf-8")
        return key
    except UnicodeEncodeError:
        return "hex:" + key.encode("utf-8", "surrogateescape").hex()


def key_from_db(value: str) -> str:
    if value.startswith("hex:"):
        return bytes.fromhex(value[4:]).decode("utf-8", "surrogateescape")
    return value


def concept_key(value: str) -> str:
    """A concept as the index holds it and ``concept:`` looks it up: upper case, spaces single."""
    return " ".join(value.upper().split())


# -- sort orders ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SortOrder:
    """One order of the list: its keys, each an SQL expression and whether it descends. An undated
    cable comes last in every date order (the key ``c.date IS NULL`` first), in one archive and
    in several alike."""

    keys: tuple[tuple[str, bool], ...]
    indexed: bool  # an index of the database gives the order row by row (see SCHEMA)
    # The order SQL reads instead, when an index gives one that ``parser.index`` puts in this order
    # as it reads (the id order: ``ArchiveIndex._by_number``); the keys stay the order's definition,
    # which several archives' rows are merged by.
    walked: tuple[tuple[str, bool], ...] | None = None

    def order_by(self, walk: bool = True) -> str:
        """ORDER BY's terms: the order walked, when there is one and ``walk``, else the keys."""
        keys = (self.walked or self.keys) if walk else self.keys
        return ", ".join(f"{expr} DESC" if desc else expr for expr, desc in keys)

    def columns(self) -> str:
        return ", ".join(expr for expr, _ in self.keys)


_NEWEST = (("c.date IS NULL", False), ("c.date", True), ("c.id", False))

# The id order as a person counts: year, post, then the telegram's number as a number (09ABUJA9
# before 09ABUJA10), on the canonical id (``parser.ids.make_id``: two-digit year, post, number
# without leading zeros). The century first (a year 66-99 is 19xx: ``parser.ids.year4``), then
# the year and post (the id without its trailing digits), then the number: with no leading zeros,
# a shorter number is a smaller one, so the id's length and then its text order it. The schema has
# no column for this key, and sorting by the expressions took 160-240 ms for a first page of
# 250,000 cables (the textual order walks the (id, date) index: 0.1 ms), so one archive's first
# page walks that index, a century at a time (``ID_CENTURIES``), and puts each run of one year and
# post in order as it ends (``parser.index``). A whole list is sorted by these keys (the walk,
# in Python, costs more than the sort), and several archives' lists are merged by them.
ID_DIGITS = "0123456789"
_NATURAL_ID = (("substr(c.id, 1, 2) < '66'", False), (f"rtrim(c.id, '{ID_DIGITS}')", False),
               ("length(c.id)", False), ("c.id", False))
ID_CENTURIES = ("c.id >= '66'", "c.id < '66'")  # the first key's two values, in its order

# The classification order by level, highest first. Sources: E.O. 13526 §1.2(a) (and E.O. 12958
# as amended, §1.2, before it) gives the three levels, Top Secret > Secret > Confidential, and
# §1.2(b) that no other term names classified information. Below them, as not classified: UNCLASSIFIED, with or
# without //FOR OFFICIAL USE ONLY; LIMITED OFFICIAL USE, the administrative control marking State
# replaced on 1 October 1995 with SENSITIVE BUT UNCLASSIFIED (STATE 018029 of February 2000,
# "not a classification level"); SBU itself (12 FAM 541: "not classified for national security
# reasons"). No source ranks these among themselves or above plain UNCLASSIFIED (they are controls
# on unclassified information, not levels), so they are kept together at one rank, their cables
# newest first as in every level. A caveat after // (NOFORN, FOR OFFICIAL USE ONLY) is not a level
# either: CONFIDENTIAL//NOFORN is ranked with CONFIDENTIAL. A marking none of these names comes last.
CLASSIFICATION_LEVELS: tuple[tuple[str, ...], ...] = (
    ("TOP SECRET",),
    ("SECRET",),
    ("CONFIDENTIAL",),
    ("UNCLASSIFIED", "LIMITED OFFICIAL USE", "SENSITIVE BUT UNCLASSIFIED", "SBU", "FOR OFFICIAL USE ONLY"),
)
# The values the index holds (``parser.classification.cable_classification``: a level, with
# //NOFORN or //FOR OFFICIAL USE ONLY) are matched whole, the cheap way; any other marking by its
# level, the words before its first //.
_CAVEATS = ("", "//NOFORN", "//FOR OFFICIAL USE ONLY")
_LEVEL = "rtrim(substr(c.classification || '//', 1, instr(c.classification || '//', '//') - 1))"
_CLASSIFICATION_RANK = (
    "CASE c.classification " + " ".join(f"WHEN '{name}{caveat}' THEN {rank}" for rank, names in
                                        enumerate(CLASSIFICATION_LEVELS) for name in names for caveat in _CAVEATS)
    + " ELSE CASE " + _LEVEL + " " + " ".join(f"WHEN '{name}' THEN {rank}" for rank, names in
                                              enumerate(CLASSIFICATION_LEVELS) for name in names)
    + f" ELSE {len(CLASSIFICATION_LEVELS)} END END")

SORT_ORDERS: dict[str, SortOrder] = {
    "date": SortOrder(_NEWEST, True),
    "oldest": SortOrder((("c.date IS NULL", False), ("c.date", False), ("c.id", False)), True),
    "relevance": SortOrder(_NEWEST, True),  # without words to rank by: newest first
    "id": SortOrder((*_NATURAL_ID, ("c.date", False)), True, walked=(("c.id", False), ("c.date", False))),
    # The id last, so that rows equal in the rest come in one order in one archive and in several.
    "origin": SortOrder((("c.origin", False), ("c.date", True), ("c.id", False)), False),
    "classification": SortOrder(((_CLASSIFICATION_RANK, False), ("c.date", True), ("c.id", False)), False),
}
RANKED = "f.rank, c.date DESC, c.rowid"  # relevance when the query has words: FTS5's rank (copies tie)
# Relevance ranks (FTS5's bm25) at most this many matches of the words: the last in the archive's
# order (the index's rowids: files in name order, a tar's or csv's members as they come, which in an
# archive laid out by date are the newest). bm25 costs one to two microseconds a match, so ranking
# every match of a word found in half of 250,000 cables took 150-300 ms; these take 15-30 ms
# (docs/performance.md). Where the words match more, the order says so (``ArchiveIndex.ranked_among``)
# and the other matches follow the ranked ones, newest first.
RANK_AMONG = 10_000
# The ranked matches: FTS5 reads a range of rowids by seeking, so neither the matches before the
# window nor a set of every match are read; the window's start is found by walking back ``among``.
_RANK_WINDOW = (" AND rowid >= (SELECT coalesce(min(rowid), 0) FROM"
                " (SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?))")
assert set(SORT_ORDERS) == set(SORTS), "every sort the query language names has an order"


def sort_order(sort: str) -> SortOrder:
    if sort not in SORT_ORDERS:
        raise QueryError(f"sort is one of {', '.join(SORTS)}", 0)
    return SORT_ORDERS[sort]


T = TypeVar("T")


def merge_sorted(items: Iterable[T], sort: str, keys: Callable[[T], Sequence[object]]) -> list[T]:
    """``items`` in the order ``sort`` gives them, ``keys(item)`` being the values of the order's
    key expressions: as SQLite's ORDER BY orders them (NULL before any value, after it descending),
    for the rows of several archives."""
    out = list(items)
    order = sort_order(sort)
    for k in range(len(order.keys) - 1, -1, -1):  # stable sorts, the last key first
        out.sort(key=_nth_key(keys, k), reverse=order.keys[k][1])
    return out


def _nth_key(keys: Callable[[T], Sequence[object]], k: int) -> Callable[[T], tuple[bool, object]]:
    def key(item: T) -> tuple[bool, object]:
        return _sql_key(keys(item)[k])
    return key


def _sql_key(v: object) -> tuple[bool, object]:
    """A value as ORDER BY compares it: NULL before every value."""
    return (False, 0) if v is None else (True, v)


# -- a query as conditions ------------------------------------------------------------------------

# A LIKE whose pattern escapes the user's own % and _ (see ``_like``): ``from:%`` matches a % only.
LIKE = "LIKE ? ESCAPE '\\'"


def _like(value: str) -> str:
    """A user's words as a LIKE pattern matches them: literally."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_ADDRESSES = f"(SELECT name FROM addresses WHERE name {LIKE})"  # ``to:``: a part of an address
_IDS = "(SELECT value FROM json_each(?))"  # ids as one JSON array (``ref:`` without a year: every year's)
# A set of cables as rowids (read in full when it drives the query) and as a probe of one row (a
# broad set is never built in full): table → SQL.
SET_ROWIDS = {"tags": "SELECT cable FROM tags WHERE tag = ?",
              "concepts": "SELECT cable FROM concepts WHERE concept = ?",
              "refs": "SELECT cable FROM refs WHERE ref = ?",
              "refs_any": f"SELECT cable FROM refs WHERE ref IN {_IDS}",
              "recipients": f"SELECT cable FROM recipients WHERE name IN {_ADDRESSES}"}
SET_EXISTS = {"tags": "EXISTS (SELECT 1 FROM tags t WHERE t.cable = c.rowid AND t.tag = ?)",
              "concepts": "EXISTS (SELECT 1 FROM concepts k WHERE k.cable = c.rowid AND k.concept = ?)",
              "refs": "EXISTS (SELECT 1 FROM refs r WHERE r.cable = c.rowid AND r.ref = ?)",
              "refs_any": f"EXISTS (SELECT 1 FROM refs r WHERE r.cable = c.rowid AND r.ref IN {_IDS})",
              "recipients": "EXISTS (SELECT 1 FROM recipients r WHERE r.cable = c.rowid"
                            f" AND r.name IN {_ADDRESSES})"}
# How many rows a set holds (an estimate for recipients: a cable may name two matching addresses).
SET_SIZE = {"tags": "SELECT count(*) FROM tags WHERE tag = ?",
            "concepts": "SELECT count(*) FROM concepts WHERE concept = ?",
            "refs": "SELECT count(*) FROM refs WHERE ref = ?",
            "refs_any": f"SELECT count(*) FROM refs WHERE ref IN {_IDS}",
            "recipients": f"SELECT count(*) FROM recipients WHERE name IN {_ADDRESSES}"}
_MATCH_ROWIDS = "SELECT rowid FROM fts WHERE fts MATCH ?"
# How many cables with an id the words match: FTS5's count, less the few records without an id.
COUNT_MATCHES = ("SELECT (SELECT count(*) FROM fts WHERE fts MATCH ?) - (SELECT count(*) FROM fts WHERE fts MATCH ?"
                 " AND rowid IN (SELECT rowid FROM cables WHERE id IS NULL))")
_EXACT_ROWIDS = "SELECT rowid FROM fts_exact WHERE fts_exact MATCH ?"
# The exact form of several words (a phrase, ``U.S.``): each word as written, and in order, stemmed.
_EXACT_PHRASE_ROWIDS = f"{_EXACT_ROWIDS} INTERSECT {_MATCH_ROWIDS}"
_SET_OF = {sql: table for table, sql in SET_ROWIDS.items()}  # a test's subquery → its set
# The reader's records (``is:read``, ``has:note``): a list of ids as one bound parameter, a JSON
# array read by json_each, so any number of ids is one parameter and never SQL text.
_AMONG_IDS = "c.id IN (SELECT value FROM json_each(?))"

# How a condition is read: as written (``c.rowid IN (…)`` may drive the query), as a probe of each
# row an index walk reaches (``+c.rowid IN``: SQLite never drives by it), or as ``EXISTS`` (a set).
READ, PROBE, EXISTS = "read", "probe", "exists"


@dataclass(frozen=True, slots=True)
class Test:
    """One alternative of a condition: a test of the row's columns, or (``rowids``) a subquery of
    the rowids the cable must be among."""

    sql: str
    rowids: bool = False
    negated: bool = False

    def render(self, how: str) -> str:
        s = f"{'+' if how == PROBE else ''}c.rowid IN ({self.sql})" if self.rowids else self.sql
        return f"NOT ({s})" if self.negated else f"({s})"


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition every listed cable meets: an OR of tests, with its parameters. ``set`` is the
    table and value of a condition that is one tag, reference or recipient (not negated), which
    the planner may read either way; ``bare`` writes the one test without parentheses."""

    tests: tuple[Test, ...]
    params: tuple[object, ...] = ()
    set: tuple[str, str] | None = None
    bare: bool = False

    def render(self, how: str = READ) -> str:
        if how == EXISTS and self.set is not None:
            return f"(({SET_EXISTS[self.set[0]]}))"
        if self.bare:
            s = self.tests[0].render(how)
            return s[1:-1]
        return "(" + " OR ".join(t.render(how) for t in self.tests) + ")"


@dataclass(slots=True)
class Compiled:
    """A query as SQL over the index's ``cables c``: the FTS5 expression its words make (None
    without words) and the conditions of its filters."""

    match: str | None
    conditions: list[Condition] = field(default_factory=list)

    def where(self) -> tuple[str, list[object]]:
        """The filters' conditions joined, and their parameters (``1`` for none)."""
        return (" AND ".join(c.render() for c in self.conditions) or "1",
                [p for c in self.conditions for p in c.params])


def _quoted(words: str) -> str:
    return '"' + words.replace('"', '""') + '"'


def fts_string(term: Term) -> str:
    """A term as an FTS5 string: always quoted, so no user text is FTS5 syntax."""
    s = _quoted(fts_words(term))
    if term.prefix:
        s += "*"
    if term.kind == "subject":
        s = "subject : " + s
    return s


def as_written(term: Term) -> bool:
    """Whether the term is read in the index of the words as written (``fts_exact``): the exact form,
    and a prefix of one word."""
    return term.kind == "text" and (term.exact or (term.prefix and len(fts_words(term).split()) == 1))


def exact_string(term: Term) -> str:
    """The term's words as written, each quoted (all of them must be there): for ``fts_exact``."""
    words = fts_words(term).split() or [""]
    return " ".join(_quoted(w) for w in words) + ("*" if term.prefix else "")


def term_rowids(term: Term) -> tuple[str, list[object]]:
    """A SELECT of the rowids of the cables with the term's words, and its parameters."""
    if not as_written(term):
        return _MATCH_ROWIDS, [fts_string(term)]
    if len(fts_words(term).split()) > 1:
        return _EXACT_PHRASE_ROWIDS, [exact_string(term), fts_string(term)]
    return _EXACT_ROWIDS, [exact_string(term)]


def compile_query(q: Query) -> Compiled:
    """The query's words as one FTS5 expression, its other groups as conditions."""
    fts_parts: list[str] = []
    conditions: list[Condition] = []
    for group in q.groups:
        if all(t.kind in ("text", "subject") and not t.negated and not as_written(t) and not id_word(t)
               for t in group):
            fts_parts.append("(" + " OR ".join(fts_string(t) for t in group) + ")")
            continue
        tests: list[Test] = []
        params: list[object] = []
        for t in group:
            test, ps = _saved_test(t, q.saved) if asks_saved(t) else _test(t)
            tests.append(test)
            params.extend(ps)
        only = group[0] if len(group) == 1 and not group[0].negated else None
        table = _SET_OF.get(tests[0].sql) if only is not None and tests[0].rowids else None
        one_set = (table, str(params[0])) if table is not None else None
        conditions.append(Condition(tuple(tests), tuple(params), one_set))
    return Compiled(" AND ".join(fts_parts) if fts_parts else None, conditions)


_ID_WORD = re.compile(r"^\d{2}(?:\d{2})?[A-Za-z]{2,25}\d{1,7}(?:_[A-Za-z])?$")


def id_word(term: Term) -> str | None:
    """The cable id a plain word is written as (``09ASTANA1104``, ``1975TEHRAN02069``, PlusD's
    ``1975TEHRAN02069_b``), in the index's form; None for any other word."""
    if term.kind != "text" or term.phrase or term.prefix or term.exact or not _ID_WORD.match(term.value):
        return None
    return canonical_id(term.value)


def _saved_test(t: Term, saved: Saved | None) -> tuple[Test, list[object]]:
    """A term about the reader's records, as the ids ``saved`` gives for it."""
    if saved is None:
        raise QueryError(f"{t.kind}:{t.value} asks for the reader's read marks and notes, which this search "
                         "was not given", t.position)
    negated = t.negated
    if t.kind == "is":
        ids = saved.read_ids()
        negated ^= t.value.lower() == "unread"
    else:
        ids = saved.noted_ids(t.value if t.kind == "note" else None)
    return Test(_AMONG_IDS, False, negated), [json.dumps(sorted(ids))]


def _test(t: Term) -> tuple[Test, list[object]]:
    v, neg = t.value, t.negated
    if t.kind in ("text", "subject"):
        sql, params = term_rowids(t)
        if cid := id_word(t):  # a cable's id as a word: that cable, or the word in a text
            return Test(f"c.id = ? OR c.rowid IN ({sql})", False, neg), [cid, *params]
        return Test(sql, True, neg), params
    if t.kind == "tag":
        return Test(SET_ROWIDS["tags"], True, neg), [v.upper()]
    if t.kind == "concept":
        return Test(SET_ROWIDS["concepts"], True, neg), [concept_key(v)]
    if t.kind == "from":
        return Test(f"(c.station = ? OR c.origin {LIKE})", False, neg), [station_key(v), f"%{_like(v)}%"]
    if t.kind == "to":
        return Test(SET_ROWIDS["recipients"], True, neg), [f"%{_like(v)}%"]
    if t.kind == "class":
        return Test(f"c.classification {LIKE}", False, neg), [f"{_like(v.upper())}%"]
    if t.kind == "caveat":
        return (Test(f"(' ' || c.caveats || ' ' {LIKE} OR c.classification {LIKE})", False, neg),
                [f"% {_like(v.upper())} %", f"%//{_like(v.upper())}%"])
    if t.kind == "date":
        lo, hi = date_range(v, t.position)
        return Test("(c.date >= ? AND c.date < ?)", False, neg), [lo, hi]
    if t.kind == "id":
        return Test("c.id = ?", False, neg), [canonical_id(v) or v.upper()]
    if t.kind == "ref":
        ids = ref_ids(v)
        if len(ids) > 1:  # a post and number without the year: in any year
            return Test(SET_ROWIDS["refs_any"], True, neg), [json.dumps(ids)]
        return Test(SET_ROWIDS["refs"], True, neg), [ids[0] if ids else v.upper()]
    if t.kind == "has":
        column = {"refs": "c.refs != ''", "partial": "c.partial = 1", "summary": "c.has_summary = 1"}
        return Test(column[v.lower()], False, neg), []
    raise QueryError(f"unknown field {t.kind}:", t.position)  # pragma: no cover


def among(comp: Compiled, n: int) -> tuple[str, list[object]]:
    """A SELECT of those of ``n`` rowids (the statement's first ``n`` parameters, before the
    returned ones) that the query matches, with an id: each row read by its rowid and tested, no
    tag, reference or recipient set built in full."""
    conditions = list(comp.conditions)
    if comp.match is not None:
        conditions.insert(0, Condition((Test(_MATCH_ROWIDS, True),), (comp.match,), bare=True))
    where = [f"c.rowid IN ({','.join('?' * n)})", *(c.render(EXISTS if c.set else PROBE) for c in conditions),
             "c.id IS NOT NULL"]
    return f"SELECT c.rowid FROM cables c WHERE {' AND '.join(where)}", [p for c in conditions for p in c.params]


# -- a query as one SELECT ------------------------------------------------------------------------

SetSize = Callable[[str, str], int]


def plan(conditions: list[Condition], size_of: SetSize, cables: Callable[[], int],
         limit: int | None) -> list[str]:
    """How an ordered query reads its conditions. A narrow tag, reference or recipient set drives:
    its rows are read and sorted. Otherwise the sort's index is walked and each row probed, so
    the first page comes after a few rows instead of after sorting every match: a probe keeps
    SQLite from driving by a set, and a broad set is probed row by row rather than built in full.

    Narrow: reading and sorting its n rows costs less than probing the rows walked until
    ``limit`` match (about limit x cables / n), that is n^2 < limit x cables / 4 (measured on
    the 250,000-cable index); every set is narrow when the whole list is wanted."""
    sizes = [size_of(*c.set) if c.set else None for c in conditions]
    any_set = any(c.set for c in conditions)
    budget = None if limit is None or not any_set else limit * max(1, cables()) / 4
    narrow = [(n, k) for k, n in enumerate(sizes) if n is not None and (budget is None or n * n < budget)]
    driver = min(narrow)[1] if narrow else None
    out = []
    for k, c in enumerate(conditions):
        if k == driver:
            out.append(c.render(READ))
        elif c.set is not None and driver is None:
            out.append(c.render(EXISTS))
        else:
            out.append(c.render(PROBE))
    return out


def select(comp: Compiled, columns: str, sort: str | None, size_of: SetSize, cables: Callable[[], int],
           limit: int | None = None, among: int | None = None, within: str | None = None,
           walk: bool = True) -> tuple[str, list[object]]:
    """The SELECT of ``columns`` over the cables ``comp`` matches (those with an id), in ``sort``'s
    order (None: in no order; an order that is ``walked``, in that), planned for its first ``limit``
    rows. Relevance ranks the last ``among`` matches of the words (None: every match) and lists
    those alone (see ``RANK_AMONG``). ``within``: a condition of this module's own on top
    (``ID_CENTURIES``); not ``walk``: an order's own keys even where it is ``walked``."""
    params: list[object] = []
    sql = f"SELECT {columns} FROM cables c"
    conditions = list(comp.conditions)
    ranked = comp.match is not None and sort == "relevance"
    if ranked:
        window = "" if among is None else _RANK_WINDOW
        sql += f" JOIN (SELECT rowid, rank FROM fts WHERE fts MATCH ?{window}) f ON f.rowid = c.rowid"
        params += [comp.match] if among is None else [comp.match, comp.match, among]
    elif comp.match is not None:
        # As a set, so SQLite can walk the date (or id) index and stop after the first page.
        conditions.insert(0, Condition((Test(_MATCH_ROWIDS, True),), (comp.match,), bare=True))
    if sort is not None and sort_order(sort).indexed:
        where = plan(conditions, size_of, cables, limit)
    else:
        where = [c.render() for c in conditions]
    where.append("c.id IS NOT NULL")  # a record without a cable id is not a cable to list
    if within is not None:
        where.append(within)
    sql += " WHERE " + " AND ".join(where)
    params.extend(p for c in conditions for p in c.params)
    if sort is not None:
        sql += " ORDER BY " + (RANKED if ranked else sort_order(sort).order_by(walk))
    return sql, params
