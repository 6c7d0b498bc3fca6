"""Finding and seeing why: inflections (a stemmed search), the exact form (``=word``), the words
around the hits (snippets) and relevance order, on a real index of the sample cables."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from parser.index import APPLICATION_ID, ArchiveIndex
from parser.library import Library
from parser.query import parse_query
from parser.text import terminal_safe

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> ArchiveIndex:
    index = ArchiveIndex(SAMPLES, tmp_path_factory.mktemp("ix"))
    index.update(workers=1)
    return index


def found(ix: ArchiveIndex, query: str) -> set[str | None]:
    return {r.id for r in ix.search(query, limit=None)}


INFLECTIONS = [
    ("election", {"09TASHKENT877"}),  # the cable says ELECTIONS
    ("elections", {"09TASHKENT877"}),
    ("negotiation", {"09ASTANA1104"}),  # "negotiations"
    ("negotiating", {"09ASTANA1104"}),
    ("prosecutor", {"09ASTANA1212", "09DUSHANBE998"}),  # "prosecutors" in the csv row and 09ASTANA1212
    ('"coalition against tortures"', {"09ASTANA1104", "09ASTANA1212", "09DUSHANBE998", "09TASHKENT877"}),
    ('subject:"almaty note"', {"09ASTANA1104"}),
    # A prefix is a prefix of the words as written, not of their stems ("negotiations" → "negoti").
    ("negotiat*", {"09ASTANA1104"}),
    ("nucle*", set()),
]


@pytest.mark.parametrize("query,expected", INFLECTIONS, ids=[q for q, _ in INFLECTIONS])
def test_a_word_finds_its_inflections(ix: ArchiveIndex, query: str, expected: set[str]) -> None:
    assert found(ix, query) == expected


EXACT = [
    ("=election", set()),
    ("=elections", {"09TASHKENT877"}),
    ("=negotiation", set()),
    ("=negotiations", {"09ASTANA1104"}),
    ("=negotiations OR =election", {"09ASTANA1104"}),
    ("=prosecutors", {"09ASTANA1212", "09DUSHANBE998"}),
    ("torture -=prosecutors", {"09ASTANA1104", "09TASHKENT877", "08MOSCOW3001"}),
    ('="coalition against torture"', {"09ASTANA1104", "09ASTANA1212", "09DUSHANBE998", "09TASHKENT877"}),
    ('="coalition against tortures"', set()),
    ("=negotiat*", {"09ASTANA1104"}),
]


@pytest.mark.parametrize("query,expected", EXACT, ids=[q for q, _ in EXACT])
def test_an_equals_sign_asks_for_the_exact_form(ix: ArchiveIndex, query: str, expected: set[str]) -> None:
    assert found(ix, query) == expected
    for sort in ("date", "relevance", "id"):
        assert {r.id for r in ix.search(query, sort=sort, limit=None)} == expected


def test_an_index_of_the_schema_before_concepts_is_rebuilt_once_with_a_message(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    ix = ArchiveIndex(SAMPLES, index_dir)
    ix.close()
    # An index as the previous version made it: no concepts, no whole kept text, schema 7.
    db = sqlite3.connect(ix.path)
    db.execute("DROP TABLE concepts")
    db.execute("ALTER TABLE cables DROP COLUMN whole")
    db.execute("UPDATE meta SET value='7' WHERE key='schema'")
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.commit()
    db.close()
    ix = ArchiveIndex(SAMPLES, index_dir)
    assert ix.reset_reason and "earlier version (schema 7)" in ix.reset_reason
    assert "concept:" in ix.reset_reason  # says what the new version does differently
    ix.update(workers=1)
    assert found(ix, "concept:tin") == {"73LAPAZ4411"}
    ix.close()
    again = ArchiveIndex(SAMPLES, index_dir)
    assert again.reset_reason is None  # once
    assert found(again, 'concept:"mining  industry"') == {"73LAPAZ4411"}
    assert found(again, "concept:mining") == set()  # a concept is matched whole
    again.close()


# -- snippets ---------------------------------------------------------------------------------------

def test_a_snippet_shows_the_words_around_each_kind_of_hit(ix: ArchiveIndex) -> None:
    lib = Library([ix])
    for query, cable, hits in [
        ("election", "09TASHKENT877", {"ELECTIONS"}),
        ("negotiat*", "09ASTANA1104", {"negotiations"}),
        ("=negotiations merger", "09ASTANA1104", {"negotiations", "merger"}),
        ('"coalition against torture"', "09ASTANA1212", {"coalition against torture"}),
    ]:
        q = parse_query(query)
        rows = [r for r in lib.search(q, limit=None) if r.id == cable]
        assert rows, (query, cable)
        snippets = lib.snippets(q, rows)
        s = snippets[(rows[0].archive, rows[0].rowid)]
        assert s is not None
        marked = {s.text[a:b] for a, b in s.hits}
        assert {m.lower() for m in marked} >= {h.lower() for h in hits}, (query, s)
        assert len(s.text) <= 400 and terminal_safe(s.text) == s.text


def test_no_snippet_without_words_and_none_for_a_word_only_excluded(ix: ArchiveIndex) -> None:
    lib = Library([ix])
    for query in ("tag:PHUM", "tag:PHUM -torture"):
        q = parse_query(query)
        rows = lib.search(q, limit=None)
        assert rows
        assert all(s is None for s in lib.snippets(q, rows).values())


def test_a_snippet_marks_no_word_the_query_excludes(ix: ArchiveIndex) -> None:
    lib = Library([ix])
    q = parse_query("torture -prosecutors")
    rows = lib.search(q, limit=None)
    for s in lib.snippets(q, rows).values():
        assert s is not None
        assert {s.text[a:b].lower() for a, b in s.hits} <= {"torture"}


# -- relevance --------------------------------------------------------------------------------------

def test_relevance_puts_the_cables_that_say_it_most_first(ix: ArchiveIndex) -> None:
    ranked = [r.id for r in ix.search("prosecutor", sort="relevance", limit=None)]
    assert ranked[0] == "09ASTANA1212"  # seven times against once
    assert set(ranked) == found(ix, "prosecutor")


def test_relevance_ranks_the_last_matches_and_lists_the_rest_newest_first(
        ix: ArchiveIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """bm25 of every match of a broad word is too slow at 250,000 cables: the last ``rank_among``
    matches of the words in the archive's order are ranked as bm25 of every match ranks them, the
    others follow, newest first."""
    def rows(query: str, sort: str) -> list[int]:
        return [r.rowid for r in ix.search(query, sort=sort, limit=None)]

    everything = rows("the", "relevance")  # ranked in full: 13 records
    newest = rows("the", "date")
    last = sorted(everything)[-5:]
    monkeypatch.setattr(ix, "rank_among", 5)
    ranked = rows("the", "relevance")
    assert ranked[:5] == [r for r in everything if r in last]
    assert ranked[5:] == [r for r in newest if r not in last]
    assert [r.rowid for r in ix.search("the", sort="relevance", limit=3, offset=4)] == ranked[4:7]
    page, seen = [], set()
    for r in ix.search("the", sort="relevance", limit=7):
        if r.id not in seen:  # the list shows a cable's first copy alone
            seen.add(r.id)
            page.append(r.rowid)
    assert ix.rowids_page("the", sort="relevance", limit=7) == (page, False)
    # A filter narrows the ranked matches as it narrows the others.
    dated = rows("the date:2009", "relevance")
    assert dated[:len(set(dated) & set(last))] == [r for r in everything if r in last and r in dated]
    assert ix.ranked_among("the") == 5 and ix.ranked_among("the date:2009") == 5
    assert ix.ranked_among("torture") is None  # 5 matches: all ranked
    assert ix.ranked_among("nucle*") is None  # nothing to rank by


def test_the_relevance_order_says_what_it_cannot_rank(ix: ArchiveIndex) -> None:
    lib = Library([ix])
    assert lib.unranked(parse_query("torture")) is None
    assert lib.unranked(parse_query("tag:PHUM")) == "no words to rank by"
    assert lib.unranked(parse_query("negotiat* tag:PHUM")) == "prefixes and exact forms are not ranked"
    assert Library([ix, ix]).unranked(parse_query("torture")) == "several archives"


def test_the_count_of_matches_leaves_out_records_without_an_id(tmp_path: Path) -> None:
    """Words alone are counted by FTS5 (no row read for each match): a record without a cable id,
    indexed but never listed, is not counted either."""
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "09ASTANA1212.txt").write_bytes((SAMPLES / "09ASTANA1212.txt").read_bytes())
    (folder / "memo.txt").write_text("UNCLASSIFIED\nSUBJECT: TORTURE REPORT\n\n1. The torture of prisoners goes on.\n")
    index = ArchiveIndex(folder, tmp_path / "ix")
    index.update(workers=1)
    assert index.unnamed_count() == 1
    for query in ("torture", "torture OR prisoners", '"torture report"', "torture date:2009"):
        assert index.total(query) == len(index.search(query, limit=None)), query
    assert index.total("torture") == 1
