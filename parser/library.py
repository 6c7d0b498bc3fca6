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
from .query import Query, QueryError, condition, parse_query, ref_ids
from .snippets import WIDTH, Snippet, snippets
from .sql import compile_query, merge_sorted
from .text import terminal_safe

if TYPE_CHECKING:
    from .build import Progress, Report
    from .cable import Cable

Entry = tuple[int, int]

# The field of the search that lists the cables of a browsed value (``f`` in the reader).
FACET_FIELDS = {"tag": "tag", "station": "from", "classification": "class", "year": "date", "month": "date"}
NO_ID = "no cable id found in it (not listed)"


@dataclass(slots=True)
class Counts:
    """What the archives hold, counted as the list counts: each reference id once."""

    cables: int  # what the list of everything shows
    copies: int  # further copies of a listed id (its versions: the reader's ``v``)
    skipped: int  # files skipped with a reason, and records without a cable id
    records: int = 0  # the records with a cable id: each id once, and its further copies

    @property
    def said(self) -> str:
        """The archives' size as the reader and ``cables search`` both say it."""
        return cables_said(self.records, self.cables)


def cables_said(records: int, ids: int) -> str:
    """``6,310 cables (6,298 ids)``: the records with a cable id (each copy of a cable an archive
    holds again counted) and the reference ids the list shows, each once; the ids are left unsaid
    where they are as many. A record without an id is counted among the files skipped."""
    return f"{records:,} cables" + (f" ({ids:,} {'id' if ids == 1 else 'ids'})" if ids != records else "")


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
        records, ids = self._records_and_ids()
        return Counts(ids, records - ids, len(self.skipped()), records)

    def sizes(self) -> str:
        """``6,310 cables (6,298 ids)``: :meth:`counts`'s records and ids, without the skipped
        files (the line under ``cables search``'s results)."""
        return cables_said(*self._records_and_ids())

    def _records_and_ids(self) -> tuple[int, int]:
        """The records with a cable id, and the reference ids among them (each once): one
        archive's as its index counted them, several archives' ids gathered, as one id may be in two."""
        records = sum(a.count() - a.unnamed_count() for a in self.archives)
        if len(self.archives) == 1:
            return records, self.archives[0].distinct_id_count()
        return records, len(set().union(*(a.ids() for a in self.archives)))

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

    def facet(self, kind: str, query: Query | str | None = None, limit: int = 500) -> list[Facet]:
        """The values of ``kind`` (tag, station, classification, year, month) among the cables
        ``query`` lists (every cable without one), each with the condition that narrows the query
        to it and the number of cables the query and that condition list, most first (years and
        months in order).

        Counted as the list counts, each id once: the query's rows grouped in SQLite, less the
        extra copies of an id (found among the few rows whose id is not unique, and counted by
        hand). A station and a classification are matched by the SQL of ``from:`` and ``class:``
        over the rows grouped by station, origin and classification, as those filters match parts
        of the origin and the classification. A tag that is not in capitals is left out: ``tag:``
        finds the tag in capitals."""
        q = query if isinstance(query, Query) else parse_query(query or "")
        field = FACET_FIELDS[kind]
        shared = self._shared_ids()
        copies = []  # (id, station, origin, classification, date, tags) of the rows counted as their ids
        for a in self.archives:
            special = a.special_rows(shared)
            matched = a.matching_among(q, [r[0] for r in special])
            copies += [r[1:] for r in special if r[0] in matched]
        if kind in ("station", "classification"):
            counts = self._posts(kind, q, copies)
        else:
            counts = {}
            for a in self.archives:
                for value, n in a.grouped(q, kind):
                    counts[value] = counts.get(value, 0) + n
            ids: dict[str, set[str]] = {}
            for cid, _, _, _, date, tags in copies:  # each copy was counted: each id once instead (none without)
                values = (tags or "").split() if kind == "tag" else [date[:4 if kind == "year" else 7]] if date else []
                for v in values:
                    counts[v] = counts.get(v, 0) - 1
                    if cid is not None:
                        ids.setdefault(v, set()).add(cid)
            for v, found in ids.items():
                counts[v] += len(found)
        out = []
        for v, n in counts.items():
            if n <= 0 or not v or (kind == "tag" and v != v.upper()):
                continue
            cond = condition(field, terminal_safe(v))
            try:
                parse_query(cond)  # a value the language cannot write (a date out of shape) is left out
            except QueryError:
                continue
            out.append(Facet(terminal_safe(v), cond, n))
        dated = kind in ("year", "month")
        out.sort(key=(lambda f: (f.value, 0)) if dated else (lambda f: (-f.count, f.value)))
        return out if dated else out[:limit]

    def _posts(self, kind: str, q: Query, copies: list[tuple]) -> dict[str, int]:
        """Each station's (or classification's) cables among ``q``'s: its condition (``from:`` or
        ``class:``) run over the query's rows grouped by station, origin and classification, each
        of the ids in ``copies`` counted once."""
        mem = sqlite3.connect(":memory:")
        try:
            mem.execute("CREATE TABLE cables(station TEXT, origin TEXT, classification TEXT, id TEXT, n INTEGER)")
            for a in self.archives:
                mem.executemany("INSERT INTO cables VALUES(?,?,?,NULL,?)", a.grouped(q, "post"))
            # Each copy out of its group, and in again as its id (counted once below; none without).
            mem.executemany("INSERT INTO cables VALUES(?,?,?,?,-1)", [(s, o, c, cid) for cid, s, o, c, _, _ in copies])
            column = "station" if kind == "station" else "classification"
            values = [v for (v,) in mem.execute(f"SELECT DISTINCT {column} FROM cables WHERE {column} IS NOT NULL")]
            out = {}
            for v in values:
                where, params = compile_query(parse_query(condition(FACET_FIELDS[kind], v))).where()
                out[v] = int(mem.execute(f"SELECT coalesce(sum(n), 0) + count(DISTINCT id) FROM cables c WHERE {where}",
                                         params).fetchone()[0])
            return out
        finally:
            mem.close()

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

    def any_year(self, query: Query) -> list[str]:
        """What the status line and ``cables search`` say of each ``ref:`` written without a year
        (``ref:BRASILIA1170``, found in any year): the ids it found when they are of more than one
        year, or that no cable cites it in any year."""
        notes = []
        for term in (t for g in query.groups for t in g if t.kind == "ref"):
            ids = ref_ids(term.value)
            if len(ids) < 2:
                continue
            found: dict[str, int] = {}
            for a in self.archives:
                for cid, n in a.cited(ids).items():
                    found[cid] = found.get(cid, 0) + n
            if not found:
                notes.append(f"no cable cites {ids[0][2:]} in any year")
            elif len(found) > 1:
                cited = sorted(found, key=lambda cid: (-found[cid], cid))
                more = f", +{len(cited) - 3} more" if len(cited) > 3 else ""
                notes.append(f"in any year: {', '.join(cited[:3])}{more}")
        return notes

    def versions(self, cable_id: str) -> list[tuple[Entry, str]]:
        """Every copy of ``cable_id`` with where it lives (file, and row for csv)."""
        out = []
        for n, a in enumerate(self.archives):
            for rowid, key, row in a.versions(cable_id):
                # A file's name comes from the archive (a tar member's can hold escape sequences).
                # A tarball's member is named ``name.tar::member``: the archive's name is not said twice.
                where = key if key.startswith(f"{a.root.name}::") else f"{a.root.name}: {key}"
                out.append(((n, rowid), terminal_safe(f"{where}{f' row {row}' if row else ''}")))
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

    def references(self, entry: Entry) -> list[str]:
        """The ids the cable at ``entry`` cites, as indexed."""
        return self.archives[entry[0]].references(entry[1])
