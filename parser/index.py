"""The archive index: one SQLite file (WAL, FTS5) per archive in the user cache folder.

It holds what the list and filters need and a contentless full-text index of subject and body;
the cable's text itself (zstd) only where the file cannot be read again cheaply: csv rows and
members of a compressed tarball. The parsed structure is not
stored: parsing one cable again takes about a millisecond, less than reading a stored copy.

Building is incremental (a stat walk finds added, changed and removed files), parses on every
core, writes from one process in batches (an interrupted build keeps what it committed), and is
serialised between processes by a lock file.

The index folder is ours alone: one that another user owns or every user may write to is refused
(:class:`IndexFolderError`), since whoever can write it could put a link where an index file goes.
Index files are never opened through a link (``O_NOFOLLOW``, ``lstat``), are made readable by their
owner only, and a database carries our ``application_id``: a link, or a file that is not one of our
indexes (another application's database), is set aside unchanged and a new index made beside it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import hashlib
import os
import sqlite3
import stat
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from . import archive
from .cable import Cable, ParseWarning
from .errors import ParseError
from .formats.source import Source
from .ids import canonical_id
from .parsing import parse, parse_source
from .pipeline import RECIPIENTS_SEP, CsvFeed, Feed, FilesFeed, Pipeline, TarFeed, ZipFeed, row_skips, unpack_text
from .query import INDEXED_SORTS, ROWID_IN, SET_EXISTS, SET_IN, SET_SIZE, Query, compile_query, order_by, parse_query
from .text import terminal_safe

SCHEMA_VERSION = "6"  # 4: text kept only where the file cannot be read again; rowids never reused
# 5: recipients in a table of their own, not a column (``to:`` read a substring of every row before)
# 6: kept text compressed with zstd, not zlib
# What marks an SQLite file as one of our indexes (its header's application id): "CblR".
APPLICATION_ID = 0x43626C52
_SQLITE_MAGIC = b"SQLite format 3\x00"
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
# Tables of one row per cable and value, cleared with the cable.
_SIDE_TABLES = ("tags", "refs", "recipients")
# Full-text entries left by changed files (see ``_remove_file``) beyond this many, and this share of
# the cables, and the next update rebuilds the index.
ORPHANS_MIN = 5000
ORPHANS_SHARE = 0.25

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files(key TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, cables INTEGER,
                                 skipped TEXT);
CREATE TABLE IF NOT EXISTS cables(
    rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT, file TEXT, row INTEGER, date TEXT, classification TEXT,
    caveats TEXT, origin TEXT, station TEXT, precedence TEXT, subject TEXT, tags TEXT, refs TEXT,
    partial INTEGER, has_summary INTEGER, body BLOB, header BLOB);
DROP INDEX IF EXISTS cables_id;
CREATE INDEX IF NOT EXISTS cables_id_date ON cables(id, date);
CREATE INDEX IF NOT EXISTS cables_date ON cables(date);
-- The list's two date orders, exactly as ORDER BY writes them: a filtered, sorted first page walks
-- one of these and stops after it, instead of sorting every match.
CREATE INDEX IF NOT EXISTS cables_newest ON cables(date IS NULL, date DESC, id);
CREATE INDEX IF NOT EXISTS cables_oldest ON cables(date IS NULL, date, id);
CREATE INDEX IF NOT EXISTS cables_file ON cables(file);
CREATE TABLE IF NOT EXISTS tags(cable INTEGER, tag TEXT);
CREATE INDEX IF NOT EXISTS tags_tag ON tags(tag);
CREATE INDEX IF NOT EXISTS tags_cable ON tags(cable);
CREATE TABLE IF NOT EXISTS refs(cable INTEGER, ref TEXT);
CREATE INDEX IF NOT EXISTS refs_ref ON refs(ref);
CREATE INDEX IF NOT EXISTS refs_cable ON refs(cable);
-- Each TO/INFO address a cable names, and every address once: ``to:`` matches a part of an address,
-- so it scans the few thousand addresses and reads the cables of those that match.
CREATE TABLE IF NOT EXISTS recipients(cable INTEGER, name TEXT);
CREATE INDEX IF NOT EXISTS recipients_name ON recipients(name);
CREATE INDEX IF NOT EXISTS recipients_cable ON recipients(cable);
CREATE TABLE IF NOT EXISTS addresses(name TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(subject, body, content='',
                                                 tokenize='unicode61 remove_diacritics 2');
"""


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


def _configure(db: sqlite3.Connection) -> None:
    """Tune a new index's FTS5 table for building (an SQLite too old for a setting goes without)."""
    for key, value in FTS_CONFIG:
        with contextlib.suppress(sqlite3.OperationalError):
            db.execute("INSERT INTO fts(fts, rank) VALUES(?, ?)", (key, value))


class _OlderSchema(sqlite3.DatabaseError):
    """The index was written by an earlier version of the project."""


class _NotOurs(sqlite3.DatabaseError):
    """The file at the index's path is not one of our indexes (a link, another application's database)."""


class IndexFolderError(Exception):
    """The index folder is not ours alone: another user owns it, or every user may write to it."""


def check_index_folder(folder: Path) -> None:
    """Refuse an index folder another user could put files or links in (raises IndexFolderError)."""
    try:
        st = folder.stat()
    except OSError:
        return  # not there (yet): made by us, or unwritable, which the index handles
    own = "use a folder of your own (--index-dir or CABLES_INDEX_DIR)"
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        raise IndexFolderError(f"the index folder {terminal_safe(folder)} belongs to another user (uid {st.st_uid}); "
                               f"{own}")
    if st.st_mode & 0o002:
        raise IndexFolderError(f"the index folder {terminal_safe(folder)} can be written by every user (mode "
                               f"{stat.S_IMODE(st.st_mode):o}), who could put links where its files go; {own}")


def _own_file(path: Path) -> int | None:
    """A descriptor of our file at ``path`` (made, readable and writable by us only, if it is not
    there), never through a link; None when what is there is not a regular file of ours."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENXIO, errno.EISDIR, errno.EWOULDBLOCK):  # a link, socket, folder, FIFO
            return None
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or (hasattr(os, "geteuid") and st.st_uid != os.geteuid()):
        os.close(fd)
        return None
    os.set_blocking(fd, True)
    return fd


def default_index_dir() -> Path:
    env = os.environ.get("CABLES_INDEX_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir("cable-reader")) / "index"


def index_path(root: Path, index_dir: Path | None = None) -> Path:
    root = root.resolve()
    digest = hashlib.sha1(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return (index_dir or default_index_dir()) / f"{root.name[:40]}-{digest}.sqlite"


@dataclass(slots=True)
class Row:
    """One cable as the list shows it."""

    rowid: int
    id: str | None
    date: str | None
    classification: str | None
    origin: str | None
    subject: str | None
    archive: int = 0


def _row(r: tuple) -> Row:
    """A row as the index holds it, its text made safe to show: the index file is anyone's who can
    write the folder, and the list and ``cables search`` print these fields."""
    rowid, cid, date, cls, origin, subject = r
    return Row(rowid, _safe(cid), _safe(date), _safe(cls), _safe(origin), _safe(subject))


def _safe(v: str | None) -> str | None:
    return v if v is None or (isinstance(v, str) and v.isprintable()) else terminal_safe(v)


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


def _to_db(key: str) -> str:
    """A file key as SQLite can hold it: names that are not UTF-8 (surrogate escapes) go as hex."""
    try:
        key.encode("utf-8")
        return key
    except UnicodeEncodeError:
        return "hex:" + key.encode("utf-8", "surrogateescape").hex()


def _from_db(value: str) -> str:
    if value.startswith("hex:"):
        return bytes.fromhex(value[4:]).decode("utf-8", "surrogateescape")
    return value


class ArchiveIndex:
    """The index of one archive."""

    def __init__(self, root: Path, index_dir: Path | None = None) -> None:
        self.root = Path(root)
        if not self.root.exists():
            raise FileNotFoundError(f"{self.root}: no such file or folder")
        self.path = index_path(self.root, index_dir)
        self.reset_reason: str | None = None
        self.in_memory = False
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            check_index_folder(self.path.parent)
            fd, probe = tempfile.mkstemp(dir=self.path.parent, prefix=".probe-")  # O_EXCL: never through a link
            os.close(fd)
            os.unlink(probe)
        except OSError as e:
            # The reader still works: the index lives in memory for this session.
            self.in_memory = True
            self.reset_reason = (f"cannot write the index folder {terminal_safe(self.path.parent)} "
                                 f"({e.strerror or e}); indexing in memory for this session")
        self.db = self._open()
        # Sizes for query plans (of tag and reference sets, and the number of cables), cleared as the
        # index changes.
        self._sizes: dict[tuple[str, str], int] = {}
        self._count: int | None = None

    # -- opening, corruption -------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.in_memory:
            return sqlite3.connect(":memory:", check_same_thread=False)
        db = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            # Marked before WAL mode is set, so the mark is in the file itself from the start (another
            # process checks the file's header before it opens it).
            db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _files(self) -> list[Path]:
        """The database and the two files SQLite keeps beside it in WAL mode."""
        return [Path(str(self.path) + suffix) for suffix in ("", "-wal", "-shm")]

    def _claim(self) -> None:
        """Make sure what is at the index's paths is ours before SQLite opens (and writes) them: a
        link or another application's database raises :class:`_NotOurs`; a new index file is made
        here, readable by its owner only (SQLite gives its -wal and -shm files the same mode)."""
        for p in self._files():
            try:
                st = p.lstat()
            except FileNotFoundError:
                continue
            if not stat.S_ISREG(st.st_mode):
                raise _NotOurs(f"{p.name} is {'a link' if stat.S_ISLNK(st.st_mode) else 'not a regular file'}")
            if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
                raise _NotOurs(f"{p.name} belongs to another user (uid {st.st_uid})")
        try:
            fd = _own_file(self.path)
        except OSError as e:
            raise sqlite3.DatabaseError(f"cannot open it: {e.strerror or e}") from None
        if fd is None:
            raise _NotOurs(f"{self.path.name} is not a regular file of ours")
        with os.fdopen(fd, "rb") as f:
            head = f.read(100)
        if not head:
            return  # new: SQLite makes an empty file a database
        if not head.startswith(_SQLITE_MAGIC) or len(head) < 100:
            raise sqlite3.DatabaseError("file is not a database")
        app_id = int.from_bytes(head[68:72], "big")
        if app_id == APPLICATION_ID:
            return
        if app_id == 0:
            # Unmarked in the file itself: being made by another process (its mark may still be in the
            # WAL), or ours from before databases were marked, or another application's.
            app_id, version = self._read_only_look()
            if app_id == APPLICATION_ID:
                return
            if app_id == 0 and version is not None:
                if version != SCHEMA_VERSION:
                    raise _OlderSchema(version)
                return  # ours, from before the mark: marked as it is opened
        raise _NotOurs(f"it is another application's database (application id {app_id:#x})" if app_id else
                       "it is an SQLite database that is not a cable-reader index")

    def _read_only_look(self) -> tuple[int, str | None]:
        """The database's application id, and the schema version if it holds our tables, read
        through a read-only connection (which writes nothing to it); (0, None) if it cannot be read."""
        try:
            db = sqlite3.connect("file:" + urllib.parse.quote(str(self.path)) + "?mode=ro", uri=True, timeout=10)
            try:
                app_id = int(db.execute("PRAGMA application_id").fetchone()[0])
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
                if not {"meta", "files", "cables", "fts"} <= tables:
                    return app_id, None
                row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                return app_id, str(row[0]) if row else None
            finally:
                db.close()
        except sqlite3.Error:
            return 0, None

    def _set_aside(self, remove: bool = False) -> str:
        """Move the index's files out of the way (renaming a link moves the link, not what it
        points to), or remove them (``remove``: ours, from an earlier version); the name used."""
        aside = f"{self.path}.broken-{int(time.time())}"
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            if remove:
                p.unlink(missing_ok=True)
            elif os.path.lexists(p):
                p.rename(aside + suffix)
        return Path(aside).name

    def _open(self) -> sqlite3.Connection:
        try:
            if not self.in_memory:
                self._claim()
            db = self._connect()
            db.executescript(SCHEMA)
            version = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if version is None:
                _configure(db)
                db.execute("INSERT OR REPLACE INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
                db.execute("INSERT OR REPLACE INTO meta VALUES('archive', ?)", (str(self.root.resolve()),))
                db.commit()
            elif version[0] != SCHEMA_VERSION:
                raise _OlderSchema(version[0])
            db.execute("SELECT count(*) FROM cables").fetchone()
            return db
        except sqlite3.DatabaseError as e:
            with contextlib.suppress(Exception):
                db.close()
            where = terminal_safe(self.path)
            if isinstance(e, _OlderSchema):  # ours, from an earlier version: nothing worth keeping
                self._set_aside(remove=True)
                self.reset_reason = f"the index {where} was made by an earlier version (schema {e}); rebuilt"
            else:
                aside = terminal_safe(self._set_aside())
                why = "not a cable-reader index" if isinstance(e, _NotOurs) else "unreadable"
                self.reset_reason = f"the index {where} was {why} ({e}); set aside unchanged as {aside} and rebuilt"
            self._claim()
            db = self._connect()
            db.executescript(SCHEMA)
            _configure(db)
            db.execute("INSERT OR REPLACE INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
            db.commit()
            return db

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """The build's lock: a file of ours beside the index (never opened through a link, nor
        truncated: what is in it does not matter)."""
        if self.in_memory:
            yield
            return
        lock = Path(str(self.path) + ".lock")
        fd = _own_file(lock)
        if fd is None:  # a link or another's file where the lock goes: moved aside, never followed
            lock.rename(lock.with_name(lock.name + f".broken-{int(time.time())}"))
            fd = _own_file(lock)
            if fd is None:
                raise IndexFolderError(f"cannot make the lock file {terminal_safe(lock)}")
        with os.fdopen(fd, "rb") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    # -- building ------------------------------------------------------------------------------

    def update(self, progress: Progress | None = None, workers: int | None = None) -> Report:
        """Bring the index up to date with the archive; return what was done."""
        t0 = time.perf_counter()
        self._forget_sizes()
        report = Report(reset=self.reset_reason)
        if not self.root.is_dir() and (why := archive.not_regular(self.root)):
            report.skipped.append((self.root.name, why))  # a FIFO or device is never opened
            report.seconds = time.perf_counter() - t0
            return report
        with self._lock(), self._build_cache():
            self.db.execute("DELETE FROM meta WHERE key='complete'")
            self.db.commit()
            signature = self._signature()
            if signature and self._meta("signature") == signature:
                # A tar, zip or csv archive that has not changed since the last complete build:
                # nothing to list (listing a tar.xz means decompressing it).
                self._complete()
                self._report_skipped(report)
                report.files_seen = int(self._meta("files") or 0)
                report.total_cables = self.count()
                report.seconds = time.perf_counter() - t0
                return report
            orphans = int(self._meta("orphans") or 0)
            if orphans > ORPHANS_MIN and orphans > ORPHANS_SHARE * self.count():
                self._clear()
                report.reset = (f"{orphans:,} full-text entries of changed or removed files had built up; "
                                "the index was rebuilt")
            if archive.archive_kind(self.root) == "tar":
                self._update_tar(self._known(), report, progress, workers)
            else:
                self._update_listed(report, progress, workers)
            self._report_skipped(report)
            if signature:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES('signature', ?)", (signature,))
                self.db.execute("INSERT OR REPLACE INTO meta VALUES('files', ?)", (str(report.files_seen),))
            self._complete()
        report.total_cables = self.count()
        report.seconds = time.perf_counter() - t0
        return report

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
        self.db.execute("INSERT INTO fts(fts) VALUES('delete-all')")
        for table in ("cables", *_SIDE_TABLES, "addresses", "files"):
            self.db.execute(f"DELETE FROM {table}")  # a fixed list of our own tables
        self.db.execute("DELETE FROM meta WHERE key IN ('orphans', 'signature', 'files', 'listing', 'csv_build')")
        self.db.commit()

    def _complete(self) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES('complete', ?)", (str(int(time.time())),))
        self.db.commit()

    @property
    def complete(self) -> bool:
        """The last build ran to its end (a search can answer without walking the archive)."""
        return self._meta("complete") is not None

    def _signature(self) -> str | None:
        """Size and mtime of a single-file archive (tar, zip, csv); None for a folder."""
        if self.root.is_dir():
            return None
        st = self.root.stat()
        return f"{st.st_size}:{st.st_mtime_ns}"

    def _meta(self, key: str) -> str | None:
        r = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return r[0] if r else None

    def _remove_file(self, key: str) -> None:
        key = _to_db(key)
        rows = self.db.execute("SELECT rowid, subject, body FROM cables WHERE file=?", (key,)).fetchall()
        orphans = 0
        for rowid, subject, body in rows:
            if body is None:
                # The text is not kept (the file had it), and a contentless FTS5 table deletes only
                # with the text: the entry stays, matching no cable, since rowids are never reused.
                orphans += 1
                continue
            self.db.execute("INSERT INTO fts(fts, rowid, subject, body) VALUES('delete', ?, ?, ?)",
                            (rowid, subject or "", unpack_text(body)))
        if orphans:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES('orphans', ?)",
                            (str(int(self._meta("orphans") or 0) + orphans),))
        for table in _SIDE_TABLES:  # a fixed list of our own tables
            self.db.execute(f"DELETE FROM {table} WHERE cable IN (SELECT rowid FROM cables WHERE file=?)", (key,))
        self.db.execute("DELETE FROM cables WHERE file=?", (key,))
        self.db.execute("DELETE FROM files WHERE key=?", (key,))

    def _known(self) -> dict[str, tuple[int, int]]:
        """(size, mtime) of every file indexed, by key."""
        with _gc_paused():
            known = {k: (s, m) for k, s, m in self.db.execute("SELECT key, size, mtime FROM files")}
        for k in [k for k in known if k.startswith("hex:")]:  # the few names that are not UTF-8
            known[_from_db(k)] = known.pop(k)
        return known

    def _report_skipped(self, report: Report) -> None:
        """The files the index holds as skipped, with the reason."""
        for key, reason in self.db.execute("SELECT key, skipped FROM files WHERE skipped IS NOT NULL"):
            report.skipped.append((_from_db(key), reason))

    def _skipped(self, skipped: list[archive.Skipped], report: Report) -> None:
        """What the listing skipped, for the report; a single-file archive that is itself skipped (a
        damaged tar or zip, an empty file) is also kept as a row of ``files``: an unchanged archive is
        not read again, and the next run still says why it holds what it holds."""
        whole = not self.root.is_dir()
        for s in skipped:
            if whole and s.key == self.root.name:
                st = self.root.stat()
                self.db.execute("INSERT OR REPLACE INTO files VALUES(?,?,?,?,?)",
                                (_to_db(s.key), st.st_size, st.st_mtime_ns, 0, s.reason))
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
        key = _to_db(item.key)
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
        """A tar: list and read its members in one pass (a compressed tar is decompressed to be listed)."""
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
                rows.files.append((_to_db(key), item.size, item.mtime, len(recs), reason))
                done += 1
            elif reason:  # rows of the csv that failed: each its own skip, and the build goes on
                report.skipped.extend(row_skips(key, reason))
            report.cables += len(recs)
            pending += len(recs) if csv else 1  # a csv's batches count its rows
            if pending >= batch:
                self._write(rows)
                rows = _Rows()
                self.db.commit()
                self._forget_sizes()
                pending = 0
                batch = next_batch(batch, None if csv else pipeline.total())
            if progress:
                progress(done, pipeline.total(), report.cables)
        if csv is not None:
            cables = self.db.execute("SELECT count(*) FROM cables WHERE file=?", (_to_db(csv.key),)).fetchone()[0]
            rows.files.append((_to_db(csv.key), csv.size, csv.mtime, cables, None))
            self.db.execute("DELETE FROM meta WHERE key='csv_build'")
            done = 1
        report.files_indexed = done
        self._write(rows)
        self.db.commit()
        if progress:
            progress(done, max(done, pipeline.total()), report.cables)

    def _insert(self, key: str, recs: list[tuple], rows: _Rows) -> None:
        """A cable's row and full text now (its rowid is needed); the rest goes into ``rows``."""
        db = self.db
        for r in recs:
            (cid, row, date, cls, caveats, origin, station, prec, subject, tags, refs, recipients,
             partial, has_summary, body, body_z, header_z) = r
            cur = db.execute(
                "INSERT INTO cables(id, file, row, date, classification, caveats, origin, station, precedence,"
                " subject, tags, refs, partial, has_summary, body, header)"
                " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (cid, _to_db(key), row, date, cls, caveats, origin, station, prec, subject, tags,
                 refs, partial, has_summary, body_z, header_z))
            rowid = cur.lastrowid
            assert rowid is not None  # an INSERT always sets it
            db.execute("INSERT INTO fts(rowid, subject, body) VALUES(?,?,?)", (rowid, subject or "", body))
            rows.tags.extend((rowid, t) for t in tags.split())
            rows.refs.extend((rowid, x) for x in refs.split())
            if recipients:
                rows.recipients.extend((rowid, n) for n in set(recipients.split(RECIPIENTS_SEP)))

    def _write(self, rows: _Rows) -> None:
        """The rows gathered since the last commit, one statement per table (one per cable took a
        fifth of the writer's time)."""
        db = self.db
        db.executemany("INSERT INTO tags VALUES(?,?)", rows.tags)
        db.executemany("INSERT INTO refs VALUES(?,?)", rows.refs)
        db.executemany("INSERT INTO recipients VALUES(?,?)", rows.recipients)
        db.executemany("INSERT OR IGNORE INTO addresses VALUES(?)", [(n,) for n in {n for _, n in rows.recipients}])
        db.executemany("INSERT OR REPLACE INTO files VALUES(?,?,?,?,?)", rows.files)

    # -- reading -------------------------------------------------------------------------------

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM cables").fetchone()[0])

    def search(self, query: Query | str, *, sort: str = "date", limit: int | None = 50,
               offset: int = 0) -> list[Row]:
        q = parse_query(query) if isinstance(query, str) else query
        sql, params = self._sql(q, sort, "c.rowid, c.id, c.date, c.classification, c.origin, c.subject",
                                limit=None if limit is None else limit + offset)
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [_row(r) for r in self.db.execute(sql, params)]

    def rowids(self, query: Query | str | None = None, *, sort: str = "date") -> list[int]:
        """Every matching cable in order, each reference id once (its first copy; the others
        are its versions): what the reader's virtual list scrolls over."""
        return self.rowids_page(query, sort=sort)[0]

    def rowids_page(self, query: Query | str | None = None, *, sort: str = "date", limit: int | None = None,
                    own_connection: bool = False) -> tuple[list[int], bool]:
        """The first ``limit`` matching rows as :meth:`rowids` orders them, and whether that was all.

        ``own_connection`` reads through a connection of its own (WAL lets it read beside the
        writer), so a thread loading a long list never holds up the one the screen draws from.
        """
        q = parse_query(query or "") if not isinstance(query, Query) else query
        sql, params = self._sql(q, sort, "c.rowid, c.id", limit=limit)
        if limit is not None:
            sql, params = f"{sql} LIMIT ?", [*params, limit]
        db = self._connect() if own_connection and not self.in_memory else self.db
        out: list[int] = []
        seen: set[str] = set()
        fetched = 0
        try:
            for rowid, cid in db.execute(sql, params):
                fetched += 1
                if cid is not None:
                    if cid in seen:
                        continue
                    seen.add(cid)
                out.append(rowid)
        finally:
            if db is not self.db:
                db.close()
        return out, limit is None or fetched < limit

    def versions(self, cable_id: str) -> list[tuple[int, str, int | None]]:
        """(rowid, file, row) of every copy of ``cable_id``."""
        return [(r, _from_db(k), row) for r, k, row in
                self.db.execute("SELECT rowid, file, row FROM cables WHERE id=? ORDER BY rowid", (cable_id,))]

    def total(self, query: Query | str) -> int:
        q = parse_query(query) if isinstance(query, str) else query
        sql, params = self._sql(q, "id", "count(*)", order=False)
        return int(self.db.execute(sql, params).fetchone()[0])

    def _plan(self, where: list[str], sets: list[tuple[str, str] | None], limit: int | None) -> list[str]:
        """How an ordered query reads its sets. A narrow tag, reference or recipient set drives:
        its rows are read and sorted. Otherwise the sort's index is walked and each row probed, so
        the first page comes after a few rows instead of after sorting every match: ``+`` keeps
        SQLite from driving by a set, and a broad tag is probed row by row rather than built in full.

        Narrow: reading and sorting its n rows costs less than probing the rows walked until
        ``limit`` match (about limit x cables / n), that is n^2 < limit x cables / 4 (measured on
        the 250,000-cable index); every set is narrow when the whole list is wanted."""
        sizes = [self._set_size(*s) if s else None for s in sets]
        budget = None if limit is None or not any(sets) else limit * max(1, self._cables()) / 4
        narrow = [(n, k) for k, n in enumerate(sizes) if n is not None and (budget is None or n * n < budget)]
        driver = min(narrow)[1] if narrow else None
        out = []
        for k, w in enumerate(where):
            if k == driver:
                out.append(w)
            elif (s := sets[k]) is not None and driver is None:
                out.append(w.replace(SET_IN[s[0]], SET_EXISTS[s[0]]))
            else:
                out.append(w.replace(ROWID_IN, "+" + ROWID_IN))
        return out

    def _set_size(self, table: str, value: str) -> int:
        key = (table, value)
        if key not in self._sizes:
            self._sizes[key] = int(self.db.execute(SET_SIZE[table], (value,)).fetchone()[0])
        return self._sizes[key]

    def _cables(self) -> int:
        if self._count is None:
            self._count = self.count()
        return self._count

    def _forget_sizes(self) -> None:
        self._sizes.clear()
        self._count = None

    def _sql(self, q: Query, sort: str, columns: str, order: bool = True,
             limit: int | None = None) -> tuple[str, list[object]]:
        comp = compile_query(q)
        params: list[object] = []
        sql = f"SELECT {columns} FROM cables c"
        where = list(comp.where)
        if comp.match and sort == "relevance" and order:
            sql += " JOIN (SELECT rowid, rank FROM fts WHERE fts MATCH ?) f ON f.rowid = c.rowid"
            params.append(comp.match)
        elif comp.match:
            # As a set, so SQLite can walk the date (or id) index and stop after the first page.
            where.insert(0, f"{ROWID_IN} (SELECT rowid FROM fts WHERE fts MATCH ?)")
            params.append(comp.match)
        if order and sort in INDEXED_SORTS:
            sets: list[tuple[str, str] | None] = [None] * (len(where) - len(comp.sets))  # the match, if any
            where = self._plan(where, sets + comp.sets, limit)
        where.append("c.id IS NOT NULL")  # a record without a cable id is not a cable to list
        if where:
            sql += " WHERE " + " AND ".join(where)
            params.extend(comp.params)
        if order:
            sql += " ORDER BY " + order_by(sort, comp.match is not None and sort == "relevance")
        return sql, params

    def rows(self, rowids: list[int]) -> dict[int, Row]:
        marks = ",".join("?" * len(rowids))
        cur = self.db.execute(
            f"SELECT rowid, id, date, classification, origin, subject FROM cables WHERE rowid IN ({marks})", rowids)
        return {r[0]: _row(r) for r in cur}

    def find(self, cable_id: str) -> list[int]:
        """The cable's copies, by its id in any spelling (``09ASTANA001104``, ``09EFTOLONDON2618``)."""
        return [r[0] for r in self.db.execute("SELECT rowid FROM cables WHERE id=? ORDER BY rowid",
                                              (canonical_id(cable_id) or cable_id,))]

    def citing(self, cable_id: str) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT c.rowid FROM refs r JOIN cables c ON c.rowid=r.cable WHERE r.ref=? ORDER BY c.date",
            (canonical_id(cable_id) or cable_id,))]

    def cable(self, rowid: int) -> Cable | None:
        """The cable at ``rowid``, parsed again: from its file where that is cheap (so the raw view
        is the text exactly as found), else from the text the index keeps (csv rows, and members of
        a compressed tarball, which would be decompressed from its start for every read)."""
        return self.read_cable(rowid)[0]

    def read_cable(self, rowid: int) -> tuple[Cable | None, str | None]:
        """:meth:`cable`, and a notice when its file has changed since it was indexed: the cable is
        read again from the file as it is now (with a ``changed`` warning), or, when the file no
        longer holds it, not at all: never another cable in its place."""
        r = self.db.execute("SELECT file, row, id, date, classification, origin, subject, body, header"
                            " FROM cables WHERE rowid=?", (rowid,)).fetchone()
        if r is None:
            return None, None
        key, row, cid, date, cls, origin, subject, body, header = r
        key = _from_db(key)
        if row is None and archive.random_access(self.root):
            changed = self._changed(key)
            try:
                cables = parse(archive.read(self.root, key), name=key)
            except (OSError, ParseError):
                cables = []
            except Exception:  # noqa: BLE001 - a file the parser fails on cannot be shown, and stops nothing
                cables = []
            same = [c for c in cables if c.id == cid] or (cables[:1] if len(cables) == 1 and not changed else [])
            where = terminal_safe(key)
            if same and changed:
                notice = (f"{where} has changed since it was indexed: read again as it is now (cables index "
                          "brings the index up to date)")
                same[0].warnings.append(ParseWarning("changed", None, notice))
                return same[0], notice
            if same:
                return same[0], None
            if body is None:  # the file is gone or no longer holds the cable, and its text is not kept
                gone = "no longer holds it" if cables else "cannot be read"
                return None, (f"{where} {gone}{' (it changed since it was indexed)' if changed else ''}; "
                              "cables index brings the index up to date")
        meta = {k: v for k, v in (("id", cid), ("date", date), ("classification", cls), ("origin", origin),
                                  ("subject", subject)) if v}
        src = Source(unpack_text(header) if header else "", unpack_text(body), archive.source_format(key), meta,
                     row=row)
        return parse_source(src, key), None

    def _changed(self, key: str) -> bool:
        """Whether a file's size or modification time differ from those it had when indexed."""
        known = self.db.execute("SELECT size, mtime FROM files WHERE key=?", (_to_db(key),)).fetchone()
        try:
            st = (self.root / key).stat() if self.root.is_dir() else self.root.stat()
        except OSError:
            return True
        if known is None:
            return True
        if "::" in key:  # a zip's member: it has the zip's time, and its own size
            return st.st_mtime_ns != known[1]
        return (st.st_size, st.st_mtime_ns) != tuple(known)

    def facet(self, column: str, limit: int = 500) -> list[tuple[str, int]]:
        """Values of a column (tag, station, classification, year) with their counts."""
        if column == "tag":
            sql = "SELECT tag, count(*) n FROM tags GROUP BY tag ORDER BY n DESC LIMIT ?"
        elif column == "year":
            sql = ("SELECT substr(date,1,4) y, count(*) n FROM cables WHERE date IS NOT NULL"
                   " GROUP BY y ORDER BY y LIMIT ?")
        elif column in ("station", "classification", "origin"):
            sql = (f"SELECT {column}, count(*) n FROM cables WHERE {column} IS NOT NULL"
                   f" GROUP BY {column} ORDER BY n DESC LIMIT ?")
        else:
            raise ValueError(column)
        return [(terminal_safe(v), int(n)) for v, n in self.db.execute(sql, (limit,))]
