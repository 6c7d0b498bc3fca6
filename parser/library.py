"""Several archives opened together: what the command line and the reader work with.

Each archive keeps its own index file; the library updates them, merges their lists and finds a
cable by id in any of them. An entry of the merged list is ``(archive number, rowid)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .cable import Cable
from .index import ArchiveIndex, Progress, Report, Row
from .query import Query, parse_query
from .text import terminal_safe

Entry = tuple[int, int]

_SORT_COLUMN = {"date": "c.date", "oldest": "c.date", "id": "c.id", "origin": "c.origin",
                "classification": "c.classification", "relevance": "c.date"}


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
        keyed: list[tuple[str, int, int, str | None]] = []
        col = _SORT_COLUMN.get(sort, "c.date")
        for n, a in enumerate(self.archives):
            sql, params = a._sql(q, sort, f"coalesce({col}, ''), c.rowid, c.id", order=False)
            keyed.extend((k, n, r, cid) for k, r, cid in a.db.execute(sql, params))
        keyed.sort(reverse=sort in ("date", "relevance"))
        seen: set[str] = set()
        out: list[Entry] = []
        for _, n, r, cid in keyed:
            if cid is not None:
                if cid in seen:
                    continue
                seen.add(cid)
            out.append((n, r))
        return out

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

    def cable(self, entry: Entry) -> Cable | None:
        return self.archives[entry[0]].cable(entry[1])

    def read_cable(self, entry: Entry) -> tuple[Cable | None, str | None]:
        """The cable and a notice when its file changed since it was indexed (see ``ArchiveIndex``)."""
        return self.archives[entry[0]].read_cable(entry[1])

    def find(self, cable_id: str) -> list[Entry]:
        return [(n, r) for n, a in enumerate(self.archives) for r in a.find(cable_id)]

    def citing(self, cable_id: str) -> list[Entry]:
        return [(n, r) for n, a in enumerate(self.archives) for r in a.citing(cable_id)]
