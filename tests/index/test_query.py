"""The query language: a table of queries and the ids they must find, and the errors."""

from __future__ import annotations

import pytest

from parser.ids import year4
from parser.index import ArchiveIndex
from parser.query import QueryError, parse_query
from parser.sql import compile_query

from .conftest import SAMPLES

TABLE = [
    ("torture", {"09ASTANA1104", "09ASTANA1212", "09DUSHANBE998", "09TASHKENT877", "08MOSCOW3001"}),
    ("torture coalition prosecutors", {"09ASTANA1212", "09DUSHANBE998"}),
    ('"coalition against torture"', {"09ASTANA1104", "09ASTANA1212", "09DUSHANBE998", "09TASHKENT877"}),
    ("torture -prosecutors", {"09ASTANA1104", "09TASHKENT877", "08MOSCOW3001"}),
    ("torture NOT prosecutors", {"09ASTANA1104", "09TASHKENT877", "08MOSCOW3001"}),
    ("grain OR euphrates", {"75MOSCOW4321", "02ADANA201"}),
    ("prosecut*", {"09ASTANA1212", "09DUSHANBE998"}),
    ("tag:PHUM", {"09ASTANA1104", "09ASTANA1212", "09DUSHANBE998", "08MOSCOW3001"}),
    ("tag:phum tag:ti", {"09DUSHANBE998"}),
    ("from:ASTANA", {"09ASTANA1104", "09ASTANA1212"}),
    ("from:tashkent", {"09TASHKENT877"}),
    ("to:USNATO", {"09ASTANA1104", "09ASTANA1212", "08TALLINN412"}),
    ("to:nato", {"09ASTANA1104", "09ASTANA1212", "08TALLINN412"}),  # a part of an address
    ("-to:washdc", {"02ADANA201", "06BISHKEK123", "75MOSCOW4321"}),
    ("to:nato OR tag:EPET", {"09ASTANA1104", "09ASTANA1212", "08TALLINN412", "75TEHRAN10021"}),
    ("class:secret", {"09TASHKENT877"}),
    ("class:unclassified//for", {"09ALMATY345", "08TALLINN412"}),
    ("caveat:NOFORN", {"09TASHKENT877"}),
    ("date:1975", {"75MOSCOW4321", "75TEHRAN10021", "75USUNN1234"}),
    ("date:2009-07", {"09ASTANA1104", "09ASTANA1212"}),
    ("date:2009-06-01..2009-07-15", {"09ASTANA1104", "09TASHKENT877"}),
    ("id:09ASTANA1104", {"09ASTANA1104"}),
    ("id:09astana001104", {"09ASTANA1104"}),
    ("ref:09ASTANA1212", {"09DUSHANBE998", "09TASHKENT877"}),
    ("ref:09ASTANA1104", {"09ASTANA1212", "09ALMATY345"}),
    ("ref:ASTANA1212", {"09DUSHANBE998", "09TASHKENT877"}),  # as REF lines write it: in any year
    ('ref:"astana 001104"', {"09ASTANA1212", "09ALMATY345"}),
    ("-ref:ASTANA1104 has:refs tag:KZ", {"09TASHKENT877"}),
    ("has:refs tag:KZ", {"09ASTANA1212", "09ALMATY345", "09TASHKENT877"}),
    ("has:partial", {"06BISHKEK123"}),
    ('subject:"almaty notes"', {"09ASTANA1104"}),
    ("tag:PHUM OR tag:EPET", {"09ASTANA1104", "09ASTANA1212", "09DUSHANBE998", "08MOSCOW3001", "75TEHRAN10021"}),
    ("-tag:KZ date:2009", {"09DUSHANBE998"}),
    ("nothingmatchesthisword", set()),
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> ArchiveIndex:
    index = ArchiveIndex(SAMPLES, tmp_path_factory.mktemp("ix"))
    index.update(workers=1)
    return index


@pytest.mark.parametrize("query,expected", TABLE, ids=[q for q, _ in TABLE])
def test_query_table(ix: ArchiveIndex, query: str, expected: set[str]) -> None:
    assert {r.id for r in ix.search(query, limit=None)} == expected


@pytest.mark.parametrize("size", [0, 10**9], ids=["narrow sets drive", "broad sets are probed"])
def test_a_set_read_either_way_finds_the_same_cables_in_the_same_order(ix: ArchiveIndex, size: int,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ix, "_set_size", lambda table, value: size)
    plans = []
    real_execute = ix.db.execute
    monkeypatch.setattr(ix, "db", type("Db", (), {"execute": lambda self, sql, params=(): (
        plans.append(sql), real_execute(sql, params))[1]})())
    for query, expected in TABLE:
        if any(field in query for field in ("tag:", "ref:", "to:")):
            for sort in ("date", "oldest", "id"):
                got = ix.search(query, sort=sort, limit=3)
                assert {r.id for r in got} <= expected
                monkeypatch.setattr(ix, "_set_size", lambda table, value: 1)  # the other way: the reference
                reference = ix.search(query, sort=sort, limit=None)[:3]
                monkeypatch.setattr(ix, "_set_size", lambda table, value: size)
                assert [r.rowid for r in got] == [r.rowid for r in reference], (query, sort)
    sql = " ".join(plans)
    for table in ("tags", "recipients"):  # a broad set is probed row by row, never built in full
        assert (f"EXISTS (SELECT 1 FROM {table}" in sql) == (size > 0)


def test_sorts(ix: ArchiveIndex) -> None:
    newest = [r.date for r in ix.search("", sort="date", limit=None) if r.date]
    assert newest == sorted(newest, reverse=True)
    oldest = [r.date for r in ix.search("", sort="oldest", limit=None) if r.date]
    assert oldest == sorted(oldest)
    by_id = [r.id or "" for r in ix.search("", sort="id", limit=None)]

    def natural(i: str) -> tuple[int, str, int]:  # year, post, then the number as a number
        head = i.rstrip("0123456789")
        return year4(int(i[:2])), head, int(i[len(head):])

    assert by_id == sorted(by_id, key=natural) and by_id[0] == "73LAPAZ4411"
    assert [r.id for r in ix.search("", sort="id", limit=5)] == by_id[:5]  # a first page walks the id index
    assert ix.search("torture", sort="relevance", limit=1)[0].id in {"09ASTANA1212", "09DUSHANBE998"}


@pytest.mark.parametrize("query,message", [
    ('"unclosed', "quote is not closed"),
    ("colour:red", "unknown field colour:"),
    ("date:2009-13", "not a calendar date"),
    ("date:yesterday", "date: takes"),
    ("date:2010..2009", "ends before it starts"),
    ("OR torture", "OR needs something before"),
    ("torture OR", "OR needs something after"),
    ("has:wings", "has: takes"),
    ("is:new", "is: takes read or unread"),
    ("ref:09ASTANA", "ref: takes a cable id (ref:09ASTANA1000) or a post and number in any year"),
    ("note:!!", "nothing to search for"),
    ("tag:", "needs a value"),
    ("(((", "a ( that is not closed"),
])
def test_malformed_queries_say_what_and_where(query: str, message: str) -> None:
    with pytest.raises(QueryError) as e:
        parse_query(query)
    assert message in e.value.message
    assert 0 <= e.value.position <= len(query)


@pytest.mark.parametrize(("query", "message", "at"), [
    ("date:..1979", "a range needs a first and a last date", "..1979"),  # was at character 1, under date
    ("date:1979..", "a range needs a first and a last date", ""),
    ("iran date:2009-13", "not a calendar date", "2009-13"),
    ("date:2009..20x", "date: takes", "20x"),
    ('date:"2009..x"', "date: takes", 'x"'),
    ("foo)", "a ) that no ( opens", ")"),  # was "nothing found": a search for foo
    ("(iran nuclear", "a ( that is not closed", "(iran nuclear"),
    ("(a OR b)) c", "a ) that no ( opens", ") c"),
])
def test_a_query_error_points_at_the_part_that_is_wrong(query: str, message: str, at: str) -> None:
    with pytest.raises(QueryError) as e:
        parse_query(query)
    assert message in e.value.message
    assert query[e.value.position:] == at, (query, e.value.position)


def test_brackets_that_match_and_brackets_in_quotes_are_no_error() -> None:
    assert [t.value for g in parse_query("(iran OR iraq) nuclear").groups for t in g] == ["(iran", "iraq)", "nuclear"]
    assert parse_query('"1.4(d" x').groups and parse_query("1.4(d)").groups


@pytest.mark.parametrize("hostile", ['NEAR(a b)', 'a AND OR b', '"a" * ^b', "col:umn", 'x" OR "y', "{subject}: x",
                                     "a'b", "NOT", "-", '""', "=", "=*", "==a", '="a'])
def test_fts_syntax_never_leaks(ix: ArchiveIndex, hostile: str) -> None:
    try:
        q = parse_query(hostile)
    except QueryError:
        return
    comp = compile_query(q)
    if comp.match:
        # every user word reaches MATCH inside double quotes
        assert all(part.strip("() ").startswith(('"', "subject :")) for part in comp.match.split(" AND "))
    ix.search(q)  # runs without an FTS5 syntax error


class Kept:
    """The reader's records as a query asks for them (``parser.query.Saved``)."""

    def read_ids(self) -> set[str]:
        return {"09ASTANA1104", "09TASHKENT877", "NOT-IN-THE-ARCHIVE"}

    def noted_ids(self, word: str | None) -> set[str]:
        return {"09ASTANA1212"} if word in (None, "prosecutors", "Prosecutors") else set()


@pytest.mark.parametrize("query,expected", [
    ("is:read", {"09ASTANA1104", "09TASHKENT877"}),
    ("-is:unread tag:KZ", {"09ASTANA1104", "09TASHKENT877"}),
    ("-is:unread -tag:KZ", set()),
    ("is:read OR has:note", {"09ASTANA1104", "09TASHKENT877", "09ASTANA1212"}),
    ("note:prosecutors", {"09ASTANA1212"}),
    ("note:elsewhere", set()),
    ("has:note -is:read torture", {"09ASTANA1212"}),
])
def test_the_readers_records_in_a_query(ix: ArchiveIndex, query: str, expected: set[str]) -> None:
    assert {r.id for r in ix.search(parse_query(query, Kept()), limit=None)} == expected
    unread = {r.id for r in ix.search(parse_query("is:unread", Kept()), limit=None)}
    assert unread == {r.id for r in ix.search("", limit=None)} - Kept().read_ids()
    with pytest.raises(QueryError, match="read marks and notes"):  # a query not given them says so
        ix.search(query, limit=None)


def test_the_ids_are_counted_once_a_build_and_said_as_the_reader_says_them(ix: ArchiveIndex) -> None:
    """The reader's "13 / 13" and cables search's "in 14 cables" counted one archive two ways: both
    say "14 cables (13 ids)" now, the ids counted at the end of the build (meta ``ids``), not
    grouped again at each lookup."""
    from parser.library import Library
    from parser.sql import DISTINCT_IDS, get_meta

    assert get_meta(ix.db, "ids") == str(ix.db.execute(DISTINCT_IDS).fetchone()[0]) == "13"
    assert ix.distinct_id_count() == 13
    lib = Library([ix])
    assert lib.sizes() == lib.counts().said == "14 cables (13 ids)"
