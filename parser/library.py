"""Several archives opened together: what the command line and the reader work with.

Each archive keeps its own index file; the library updates them, merges their lists and finds a
cable by id in any of them. An entry of the merged list is ``(archive number, rowid)``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .index import ArchiveIndex, Row
from .query import Query, parse_query
from .snippets import WIDTH, Snippet, snippets
from .sql import compile_query, merge_sorted
from .text import terminal_safe

if TYPE_CHECKING:
    from .build import Progress, Report
    from .cable import Cable

Entry = tuple[int, int]

# The field of the search that lists the cables of a browsed value (``f`` in the reader).
FACET_FIELDS = {"tag": "tag", "station": "from", "classification": "class", "year": "date"}
NO_ID = "no cable id found in it (not listed)"


@dataclass(slots=True)
class Counts:
    """What the archives hold, counted as the list counts: each reference id once."""

    cables: int  # what the list of everything shows
    copies: int  # further copies of a listed id (its versions: the reader's ``v``)
    skipped: int  # files skipped with a reason, and records without a cable id


@dataclass(slots=True)
class Facet:
    """A value to browse by, the search that lists its cables, and how many that search lists."""

    value: str
    query: str
    count: int


@dataclass(slots=True)
class Library:
    archives: list[ArchiveIndex]

    @classmethod
    def open(cls, paths: list[Path], index_dir: Path | None = None) -> Library:
        return cls([ArchiveIndex(Path(p), index_dir) for p in paths])

    def close(self) -> None:
        for a in self.archives:
            a.close()

    @property
    def name(self) -> str:
        """The archives' names, safe to show (a folder's name is anyone's: it may hold escape codes)."""
        return terminal_safe(", ".join(a.root.name for a in self.archives))

    def update(self, progress: Progress | None = None) -> list[Report]:
        return [a.update(progress) for a in self.archives]

    def count(self) -> int:
        return sum(a.count() for a in self.archives)

    def counts(self) -> Counts:
        """The cables the list of everything shows (each id once), the further copies, and what
        was skipped (a grouping of the id index: 60 ms over 250,000 cables)."""
        rows = unnamed = 0
        ids: set[str] = set()
        distinct = 0
        for a in self.archives:
            rows += a.count()
            unnamed += a.unnamed_count()
            if len(self.archives) == 1:
                distinct = a.distinct_id_count()
            else:
                ids.update(a.ids())
        if len(self.archives) != 1:
            distinct = len(ids)
        return Counts(distinct, rows - unnamed - distinct, len(self.skipped()))

    def skipped(self) -> list[tuple[str, str]]:
        """(where, why) of every file the index skipped, and of every record in it without a
        cable id (indexed, but not a cable the list can show)."""
        out: list[tuple[str, str]] = []
        for a in self.archives:
            for key, reason in a.skipped_files():
                out.append((terminal_safe(f"{a.root.name}: {key}"), terminal_safe(reason)))
            for key, row in a.unnamed_records():
                out.append((terminal_safe(f"{a.root.name}: {key}{f' row {row}' if row else ''}"), NO_ID))
        return out

    def facet(self, kind: str, limit: int = 500) -> list[Facet]:
        """The values of ``kind`` (tag, station, classification, year), each with the search that
        lists its cables and the number that search lists, most first (years in order).

        Counted as the list counts: the rows each search matches, less the records without an id
        and every copy of an id after its first (found among the few rows whose id is missing or
        not unique, by the search's own SQL). A station and a classification are matched by the
        search's SQL over the rows grouped by station, origin and classification, as ``from:`` and
        ``class:`` match parts of the origin and the classification."""
        field = FACET_FIELDS[kind]
        names: dict[str, int] = {}
        for a in self.archives:
            for value, n in a.facet(kind, 1_000_000):
                names[value] = names.get(value, 0) + n
        queries = {v: parse_query(f'{field}:"{v}"' if " " in v else f"{field}:{v}") for v in names}
        counts = dict.fromkeys(names, 0)
        ids: dict[str, set[str]] = {v: set() for v in names}
        shared = self._shared_ids()
        for a in self.archives:
            matched = self._matched(a, kind, queries)
            special = a.unlisted_rowids(shared)
            for v, q in queries.items():
                found = a.matching_ids(q, special)
                counts[v] += matched.get(v, 0) - len(found)
                ids[v].update(i for i in found if i)
        out = [Facet(v, queries[v].text, counts[v] + len(ids[v])) for v in names]
        out = [f for f in out if f.count > 0]
        out.sort(key=(lambda f: (f.value, 0)) if kind == "year" else (lambda f: (-f.count, f.value)))
        return out[:limit]

    def _shared_ids(self) -> set[str]:
        """Ids found in more than one of the archives (none when there is one)."""
        if len(self.archives) < 2:
            return set()
        seen: set[str] = set()
        shared: set[str] = set()
        for a in self.archives:
            mine = a.ids()
            shared |= seen & mine
            seen |= mine
        return shared

    @staticmethod
    def _matched(a: ArchiveIndex, kind: str, queries: dict[str, Query]) -> dict[str, int]:
        """The rows of ``a`` each value's search matches."""
        if kind in ("tag", "year"):  # ``tag:`` and ``date:YYYY`` match exactly the rows grouped
            return dict(a.facet(kind, 1_000_000))
        mem = sqlite3.connect(":memory:")
        try:
            mem.execute("CREATE TABLE cables(station TEXT, origin TEXT, classification TEXT, n INTEGER)")
            mem.executemany("INSERT INTO cables VALUES(?,?,?,?)", a.posts_and_levels())
            out = {}
            for v, q in queries.items():
                where, params = compile_query(q).where()
                out[v] = int(mem.execute(f"SELECT coalesce(sum(n), 0) FROM cables c WHERE {where}", params)
                             .fetchone()[0])
            return out
        finally:
            mem.close()

    def entries(self, query: Query | str | None = None, sort: str = "date") -> list[Entry]:
        return self.entries_page(query, sort)[0]

    def entries_page(self, query: Query | str | None = None, sort: str = "date", limit: int | None = None,
                     own_connection: bool = False) -> tuple[list[Entry], bool]:
        """The first ``limit`` entries and whether they are all (several archives: always all)."""
        q = query if isinstance(query, Query) else parse_query(query or "")
        if len(self.archives) == 1:
            rowids, complete = self.archives[0].rowids_page(q, sort=sort, limit=limit, own_connection=own_connection)
            return [(0, r) for r in rowids], complete
        return self._merged(q, sort), True

    def _merged(self, q: Query, sort: str) -> list[Entry]:
        """Every archive's matches in one list, ordered by the sort's keys as one archive's list is
        (ties in archive order, then as indexed)."""
        keyed = [(keys, n, r, cid) for n, a in enumerate(self.archives) for keys, r, cid in a.sort_keys(q, sort)]
        keyed.sort(key=lambda k: (k[1], k[2]))
        seen: set[str] = set()
        out: list[Entry] = []
        for _, n, r, cid in merge_sorted(keyed, sort, lambda k: k[0]):
            if cid is not None:
                if cid in seen:
                    continue
                seen.add(cid)
            out.append((n, r))
        return out

    def unranked(self, query: Query) -> str | None:
        """Why the relevance order cannot rank ``query``'s matches (it lists them newest first), or
        None when it ranks them: it needs words (a prefix or an exact form is read in the index of
        the words as written, which keeps no counts to rank by) and one archive (the scores of
        two indexes cannot be compared)."""
        if len(self.archives) > 1:
            return "several archives"
        if compile_query(query).match is None:
            return "prefixes and exact forms are not ranked" if query.words() else "no words to rank by"
        return None

    def ranked_among(self, query: Query) -> int | None:
        """How many matches the relevance order ranks when that is not all of them (the rest follow,
        newest first): see :meth:`ArchiveIndex.ranked_among`."""
        return None if self.unranked(query) else self.archives[0].ranked_among(query)

    def versions(self, cable_id: str) -> list[tuple[Entry, str]]:
        """Every copy of ``cable_id`` with where it lives (file, and row for csv)."""
        out = []
        for n, a in enumerate(self.archives):
            for rowid, key, row in a.versions(cable_id):
                # A file's name comes from the archive (a tar member's can hold escape sequences).
                out.append(((n, rowid), terminal_safe(f"{a.root.name}: {key}{f' row {row}' if row else ''}")))
        return out

    def search(self, query: Query | str, sort: str = "date", limit: int | None = 50) -> list[Row]:
        entries, complete = self.entries_page(query, sort, limit)
        if limit is not None and len(entries) < limit and not complete:
            entries = self.entries(query, sort)  # copies of one id took places on the page: all of them
        if limit is not None:
            entries = entries[:limit]
        rows = self.rows(entries)
        return [rows[e] for e in entries if e in rows]

    def rows(self, entries: list[Entry]) -> dict[Entry, Row]:
        by_archive: dict[int, list[int]] = {}
        for n, r in entries:
            by_archive.setdefault(n, []).append(r)
        out: dict[Entry, Row] = {}
        for n, ids in by_archive.items():
            for rowid, row in self.archives[n].rows(ids).items():
                row.archive = n
                out[(n, rowid)] = row
        return out

    def snippets(self, query: Query, rows: list[Row], width: int = WIDTH) -> dict[Entry, Snippet | None]:
        """Why each of ``rows`` matched: about ``width`` characters around its hits (None without
        words to show)."""
        out: dict[Entry, Snippet | None] = {}
        by_archive: dict[int, list[int]] = {}
        for r in rows:
            by_archive.setdefault(r.archive, []).append(r.rowid)
        for n, rowids in by_archive.items():
            found = snippets(query, self.archives[n].texts(rowids), width)
            out.update({(n, r): found.get(r) for r in rowids})
        return out

    def cable(self, entry: Entry) -> Cable | None:
        return self.archives[entry[0]].cable(entry[1])

    def read_cable(self, entry: Entry) -> tuple[Cable | None, str | None]:
        """The cable and a notice when its file changed since it was indexed (see ``ArchiveIndex``)."""
        return self.archives[entry[0]].read_cable(entry[1])

    def find(self, cable_id: str) -> list[Entry]:
        return [(n, r) for n, a in enumerate(self.archives) for r in a.find(cable_id)]

    def citing(self, cable_id: str) -> list[Entry]:
        return [(n, r) for n, a in enumerate(self.archives) for r in a.citing(cable_id)]
