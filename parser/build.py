"""Building an archive's index: a stat walk (or a tar's one pass) finds added, changed and removed
files, a :class:`~parser.pipeline.Pipeline` parses them on every core, and this module's one writer
stores each cable's :class:`~parser.pipeline.CableRecord` in batches (an interrupted build keeps what
it committed).

:class:`Builder` works on an open connection under the index's lock (:meth:`ArchiveIndex.update`).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import archive
from .pipeline import (
    RECIPIENTS_SEP,
    CableRecord,
    CsvFeed,
    Feed,
    FilesFeed,
    Pipeline,
    TarFeed,
    ZipFeed,
    row_skips,
    unpack_text,
)
from .sql import (
    DISTINCT_IDS,
    FTS_TABLES,
    INSERT_CABLE,
    SIDE_TABLES,
    concept_key,
    get_meta,
    key_from_db,
    key_to_db,
    set_meta,
)

# Files per commit: the first batch is small, so a reader filling its list while the index builds
# sees cables soon; each next one doubles up to BATCH_MAX, as FTS5 writes a segment at each commit
# and merges them later: fewer, larger segments.
# A batch is also at most an eighth of the files: the commit of the last one (FTS5 writing its
# segment) comes after the parse workers have finished, on one core. The corpus tarball's last
# commit took 0.26 s with 3,200 files in it; the build ended 0.1-0.3 s sooner with 800.
BATCH = 400
BATCH_MAX = 3200
TAIL_SHARE = 8
# FTS5 settings for a new index: pending terms kept in memory up to 32 MB before a segment is
# written, and segments merged 8 at a time rather than 4. With the larger commits, inserting the
# text of 30,000 synthetic cables took 6.6 s instead of 11.6 s (the same texts, timed alone).
FTS_CONFIG = (("automerge", 8), ("crisismerge", 64), ("hashsize", 32 * 1024 * 1024))
BUILD_CACHE_KB = 64 * 1024
# Full-text entries left by changed files (see ``_remove_file``) beyond this many, and this share of
# the cables, and the next update rebuilds the index.
ORPHANS_MIN = 5000
ORPHANS_SHARE = 0.25


def next_batch(batch: int, total: int | None) -> int:
    """The size of the next commit: twice the last, at most ``BATCH_MAX`` and, when the build's
    number of files is known (``total``; a csv's rows are not), at most a ``TAIL_SHARE`` of it."""
    cap = BATCH_MAX if total is None else min(BATCH_MAX, max(BATCH, total // TAIL_SHARE))
    return min(batch * 2, cap)


@dataclass
class _Rows:
    """What a build writes at each commit besides the cables and their full text."""

    tags: list[tuple[int, str]] = field(default_factory=list)
    refs: list[tuple[int, str]] = field(default_factory=list)
    recipients: list[tuple[int, str]] = field(default_factory=list)
    concepts: list[tuple[int, str]] = field(default_factory=list)
    files: list[tuple] = field(default_factory=list)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cycle collection while a quarter of a million small objects are made and kept (the
    files of an archive): each pass of the collector walks them all again, a fifth of a walk."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def configure(db: sqlite3.Connection) -> None:
    """Tune a new index's FTS5 table for building (an SQLite too old for a setting goes without)."""
    for table in FTS_TABLES:  # a fixed list of our own tables
        for key, value in FTS_CONFIG:
            with contextlib.suppress(sqlite3.OperationalError):
                db.execute(f"INSERT INTO {table}({table}, rank) VALUES(?, ?)", (key, value))



@dataclass(slots=True)
class Report:
    """What a build did: for the summary line and ``--verbose``."""

    files_seen: int = 0
    files_indexed: int = 0
    files_removed: int = 0
    cables: int = 0
    total_cables: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    reset: str | None = None


Progress = Callable[[int, int, int], None]  # files done, files to do, cables so far


def _listing(items: list[archive.Item]) -> str:
    """A digest of what a listing found (every key, size and mtime)."""
    text = "\n".join([f"{i.key}\t{i.size}\t{i.mtime}" for i in items])
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


class Builder:
    """Brings one index up to date with its archive: the caller holds the index's lock."""

    def __init__(self, db: sqlite3.Connection, root: Path, on_commit: Callable[[], None]) -> None:
        self.db = db
        self.root = root
        self.on_commit = on_commit  # the index's cached sizes are stale after each commit

    def _meta(self, key: str) -> str | None:
        return get_meta(self.db, key)

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM cables").fetchone()[0])

    def run(self, report: Report, progress: Progress | None = None, workers: int | None = None) -> None:
        """Bring the index up to date with the archive, noting what was done in ``report``."""
        with self._build_cache():
            self.db.execute("DELETE FROM meta WHERE key='complete'")
            self.db.commit()
            signature = self._signature()
            if signature and self._meta("signature") == signature:
                # A tar, zip or csv archive that has not changed since the last complete build:
                # nothing to list (listing a tar.xz means decompressing it).
                self._complete(changed=False)
                self._report_skipped(report)
                report.files_seen = int(self._meta("files") or 0)
                return
            orphans = int(self._meta("orphans") or 0)
            if orphans > ORPHANS_MIN and orphans > ORPHANS_SHARE * self.count():
                self._clear()
                report.reset = (f"{orphans:,} full-text entries of changed or removed files had built up; "
                                "the index was rebuilt")
            if archive.archive_kind(self.root) in archive.STREAMED:
                self._update_tar(self._known(), report, progress, workers)
            else:
                self._update_listed(report, progress, workers)
            self._report_skipped(report)
            if signature:
                set_meta(self.db, "signature", signature)
                set_meta(self.db, "files", str(report.files_seen))
            self._complete(changed=bool(report.files_indexed or report.files_removed or report.reset))

    def _signature(self) -> str | None:
        """Size and mtime of a single-file archive (tar, zip, csv); None for a folder."""
        if self.root.is_dir():
            return None
        st = self.root.stat()
        return f"{st.st_size}:{st.st_mtime_ns}"

    @contextlib.contextmanager
    def _build_cache(self) -> Iterator[None]:
        """A larger page cache while building: the date and id indexes of a quarter of a million
        rows outgrow SQLite's 2 MB, and each insert into them then reads pages back."""
        before = self.db.execute("PRAGMA cache_size").fetchone()[0]
        self.db.execute(f"PRAGMA cache_size={-BUILD_CACHE_KB}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA cache_size={int(before)}")

    def _clear(self) -> None:
        for table in FTS_TABLES:
            self.db.execute(f"INSERT INTO {table}({table}) VALUES('delete-all')")
        for table in ("cables", *SIDE_TABLES, "addresses", "files"):
            self.db.execute(f"DELETE FROM {table}")  # a fixed list of our own tables
        self.db.execute("DELETE FROM meta WHERE key IN ('orphans', 'signature', 'files', 'listing', 'csv_build')")
        self.db.commit()

    def _complete(self, changed: bool = True) -> None:
        if changed or self._meta("ids") is None:
            # The reference ids the records hold, counted once a build (a grouping of the id index,
            # 60 ms at 250,000 records): the counts "6,310 cables (6,298 ids)" read it.
            set_meta(self.db, "ids", str(self.db.execute(DISTINCT_IDS).fetchone()[0]))
        set_meta(self.db, "complete", str(int(time.time())))
        self.db.commit()

    def _remove_file(self, key: str) -> None:
        key = key_to_db(key)
        rows = self.db.execute("SELECT rowid, subject, body FROM cables WHERE file=?", (key,)).fetchall()
        orphans = 0
        for rowid, subject, body in rows:
            if body is None:
                # The text is not kept (the file had it), and a contentless FTS5 table deletes only
                # with the text: the entry stays, matching no cable, since rowids are never reused.
                orphans += 1
                continue
            text = unpack_text(body)
            for table in FTS_TABLES:
                self.db.execute(f"INSERT INTO {table}({table}, rowid, subject, body) VALUES('delete', ?, ?, ?)",
                                (rowid, subject or "", text))
        if orphans:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES('orphans', ?)",
                            (str(int(self._meta("orphans") or 0) + orphans),))
        for table in SIDE_TABLES:  # a fixed list of our own tables
            self.db.execute(f"DELETE FROM {table} WHERE cable IN (SELECT rowid FROM cables WHERE file=?)", (key,))
        self.db.execute("DELETE FROM cables WHERE file=?", (key,))
        self.db.execute("DELETE FROM files WHERE key=?", (key,))

    def _known(self) -> dict[str, tuple[int, int]]:
        """(size, mtime) of every file indexed, by key."""
        with _gc_paused():
            known = {k: (s, m) for k, s, m in self.db.execute("SELECT key, size, mtime FROM files")}
        for k in [k for k in known if k.startswith("hex:")]:  # the few names that are not UTF-8
            known[key_from_db(k)] = known.pop(k)
        return known

    def _report_skipped(self, report: Report) -> None:
        """The files the index holds as skipped, with the reason."""
        for key, reason in self.db.execute("SELECT key, skipped FROM files WHERE skipped IS NOT NULL"):
            report.skipped.append((key_from_db(key), reason))

    def _skipped(self, skipped: list[archive.Skipped], report: Report) -> None:
        """What the listing skipped, for the report; a single-file archive that is itself skipped (a
        damaged tar or zip, an empty file) is also kept as a row of ``files``: an unchanged archive is
        not read again, and the next run still says why it holds what it holds."""
        whole = not self.root.is_dir()
        for s in skipped:
            if whole and s.key == self.root.name:
                st = self.root.stat()
                self.db.execute("INSERT OR REPLACE INTO files VALUES(?,?,?,?,?)",
                                (key_to_db(s.key), st.st_size, st.st_mtime_ns, 0, s.reason))
            else:
                report.skipped.append((s.key, s.reason))

    def _update_listed(self, report: Report, progress: Progress | None, workers: int | None) -> None:
        """A folder, a file or a zip: list it with a stat, then index what is new or changed. A
        listing the same as at the end of the last build (its digest is kept) needs nothing more:
        reading and comparing the files the index holds took a quarter of a re-open's time."""
        with _gc_paused():
            items, skipped = archive.scan(self.root)
            listing = _listing(items)
            stale: set[str] = set()
            todo: list[archive.Item] = []
            wanted: dict[str, archive.Item] = {}
            if self._meta("listing") != listing:
                known = self._known()
                wanted = {i.key: i for i in items}
                stale = {k for k, sm in known.items() if k not in wanted or sm != (wanted[k].size, wanted[k].mtime)}
                todo = [i for i in items if i.key not in known or i.key in stale]
        report.files_seen = len(items)
        self._skipped(skipped, report)
        if stale or todo:
            self.db.execute("DELETE FROM meta WHERE key='listing'")  # until the index matches a listing again
        for k in sorted(stale):
            self._remove_file(k)
        self.db.commit()
        report.files_removed = sum(1 for k in stale if k not in wanted)
        if not todo:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES('listing', ?)", (listing,))
            return
        kind = archive.archive_kind(self.root)
        csv_mode = kind == "file" and self.root.name.lower().endswith(".csv")
        feed: Feed
        if kind == "zip":
            feed = ZipFeed(self.root, todo=todo)
        elif csv_mode:
            feed = CsvFeed(self.root, item=todo[0], after=self._csv_resume(todo[0]))
        else:
            feed = FilesFeed(self.root, todo=todo)
        several = csv_mode or len(todo) >= 32  # processes cost more than they save on a few files
        self._build(feed, report, progress, workers if several else 1)
        self._skipped(feed.skipped, report)
        self.db.execute("INSERT OR REPLACE INTO meta VALUES('listing', ?)", (listing,))

    def _csv_resume(self, item: archive.Item) -> int:
        """The last row that an interrupted build of this same csv committed: its rows are kept and
        the build carries on after it. The rows of an interrupted build of another version go."""
        key = key_to_db(item.key)
        last = self.db.execute("SELECT max(row) FROM cables WHERE file=?", (key,)).fetchone()[0]
        version = f"{item.size}:{item.mtime}"
        if last is not None and self._meta("csv_build") != version:
            self._remove_file(item.key)
            last = None
        self.db.execute("INSERT OR REPLACE INTO meta VALUES('csv_build', ?)", (version,))
        self.db.commit()
        return int(last or 0)

    def _update_tar(self, known: dict[str, tuple[int, int]], report: Report, progress: Progress | None,
                    workers: int | None) -> None:
        """A tar or 7z: list and read its members in one pass (a compressed one is decompressed to be listed)."""
        mtime = self.root.stat().st_mtime_ns
        stale = [k for k, (_, m) in known.items() if m != mtime]  # every member changes with the file
        for k in stale:
            self._remove_file(k)
        self.db.commit()
        # Members left by an interrupted build of this same file are kept, not read again.
        keep = known.keys() - set(stale)
        feed = TarFeed(self.root, keep=keep, keep_text=not archive.random_access(self.root))
        several = self.root.stat().st_size >= 256 * 1024
        self._build(feed, report, progress, workers if several else 1)
        listed = set(feed.listed)
        gone = [k for k in keep if k not in listed]
        for k in gone:
            self._remove_file(k)
        report.files_seen = len(feed.listed)
        self._skipped(feed.skipped, report)
        report.files_removed = sum(1 for k in stale if k not in listed) + len(gone)

    def _build(self, feed: Feed, report: Report, progress: Progress | None, workers: int | None) -> None:
        pipeline = Pipeline(feed, workers or (os.cpu_count() or 1) + feed.extra_workers)
        csv = feed.item if isinstance(feed, CsvFeed) else None  # one file, recorded once at the end
        done = 0
        pending = 0
        batch = BATCH
        rows = _Rows()
        for item, (key, recs, reason) in pipeline.results():
            self._insert(key, recs, rows)
            if csv is None:
                rows.files.append((key_to_db(key), item.size, item.mtime, len(recs), reason))
                done += 1
            elif reason:  # rows of the csv that failed: each its own skip, and the build goes on
                report.skipped.extend(row_skips(key, reason))
            report.cables += len(recs)
            pending += len(recs) if csv else 1  # a csv's batches count its rows
            if pending >= batch:
                self._write(rows)
                rows = _Rows()
                self.db.commit()
                self.on_commit()
                pending = 0
                batch = next_batch(batch, None if csv else pipeline.total())
            if progress:
                progress(done, pipeline.total(), report.cables)
        if csv is not None:
            cables = self.db.execute("SELECT count(*) FROM cables WHERE file=?", (key_to_db(csv.key),)).fetchone()[0]
            rows.files.append((key_to_db(csv.key), csv.size, csv.mtime, cables, None))
            self.db.execute("DELETE FROM meta WHERE key='csv_build'")
            done = 1
        report.files_indexed = done
        self._write(rows)
        self.db.commit()
        if progress:
            progress(done, max(done, pipeline.total()), report.cables)

    def _insert(self, key: str, recs: list[CableRecord], rows: _Rows) -> None:
        """A cable's row and full text now (its rowid is needed); the rest goes into ``rows``."""
        db = self.db
        file = key_to_db(key)
        for r in recs:
            cur = db.execute(INSERT_CABLE, (
                r.id, file, r.row, r.date, r.classification, r.caveats, r.origin, r.station, r.precedence,
                r.subject, r.tags, r.refs, r.partial, r.has_summary, r.body_z, r.header_z, r.whole))
            rowid = cur.lastrowid
            assert rowid is not None  # an INSERT always sets it
            db.execute("INSERT INTO fts(rowid, subject, body) VALUES(?,?,?)", (rowid, r.subject or "", r.body))
            db.execute("INSERT INTO fts_exact(rowid, subject, body) VALUES(?,?,?)", (rowid, r.subject or "", r.body))
            rows.tags.extend((rowid, t) for t in r.tags.split())
            rows.refs.extend((rowid, x) for x in r.refs.split())
            if r.recipients:
                rows.recipients.extend((rowid, n) for n in set(r.recipients.split(RECIPIENTS_SEP)))
            if r.concepts:
                rows.concepts.extend((rowid, k) for k in {concept_key(k) for k in r.concepts.split(RECIPIENTS_SEP)})

    def _write(self, rows: _Rows) -> None:
        """The rows gathered since the last commit, one statement per table (one per cable took a
        fifth of the writer's time)."""
        db = self.db
        db.executemany("INSERT INTO tags VALUES(?,?)", rows.tags)
        db.executemany("INSERT INTO refs VALUES(?,?)", rows.refs)
        db.executemany("INSERT INTO concepts VALUES(?,?)", rows.concepts)
        db.executemany("INSERT INTO recipients VALUES(?,?)", rows.recipients)
        db.executemany("INSERT OR IGNORE INTO addresses VALUES(?)", [(n,) for n in {n for _, n in rows.recipients}])
        db.executemany("INSERT OR REPLACE INTO files VALUES(?,?,?,?,?)", rows.files)
