"""The archive index: one SQLite file (WAL, FTS5) per archive in the user cache folder, opened,
locked and read here; built by :mod:`parser.build`, its SQL written by :mod:`parser.sql`.

It holds what the list and filters need and a contentless full-text index of subject and body;
the cable's text itself (zstd) only where the file cannot be read again cheaply: csv rows and
members of a compressed tarball. The parsed structure is not
stored: parsing one cable again takes about a millisecond, less than reading a stored copy.

Building is serialised between processes by a lock file.

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
import itertools
import json
import os
import sqlite3
import stat
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import sql
from .errors import IndexFolderError, ParseError
from .ids import canonical_id
from .query import Query, parse_query
from .sql import (
    DISTINCT_IDS,
    SCHEMA,
    SCHEMA_NEWS,
    SCHEMA_VERSION,
    get_meta,
    key_from_db,
    key_to_db,
    set_meta,
)
from .text import terminal_safe

# The build (its pipeline and the parser) and the archive's reader are imported where an index is
# built or a cable read again: a search of an index that is up to date loads none of them.
if TYPE_CHECKING:
    from .build import Progress, Report
    from .cable import Cable

__all__ = ["ArchiveIndex", "IndexFolderError", "Progress", "Report", "Row", "check_index_folder",
           "default_index_dir", "index_path"]

# What marks an SQLite file as one of our indexes (its header's application id): "CblR".
APPLICATION_ID = 0x43626C52
_SQLITE_MAGIC = b"SQLite format 3\x00"


def __getattr__(name: str) -> Any:
    """``Progress`` and ``Report`` (of :mod:`parser.build`), imported when first asked for."""
    if name in ("Progress", "Report"):
        from . import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _OlderSchema(sqlite3.DatabaseError):
    """The index was written by an earlier version of the project."""


class _NotOurs(sqlite3.DatabaseError):
    """The file at the index's path is not one of our indexes (a link, another application's database)."""


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
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("cable-reader")) / "index"


def _sha1(data: bytes) -> str:
    """SHA-1 in hex, from the interpreter's own module where it has one: ``hashlib`` loads OpenSSL,
    a tenth of a lookup's start-up."""
    try:
        from _sha1 import sha1
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import sha1
    return sha1(data).hexdigest()


def index_path(root: Path, index_dir: Path | None = None) -> Path:
    root = root.resolve()
    digest = _sha1(str(root).encode("utf-8", "surrogateescape"))[:16]
    return (index_dir or default_index_dir()) / f"{root.name[:40]}-{digest}.sqlite"


_CHUNK = 500  # rowids in one ``IN (…)``
_SPECIAL = "id, station, origin, classification, date, tags"  # what a facet counts of a row (``special_rows``)


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


def _number_key(r: tuple[Any, ...]) -> tuple[int, str, bool, str]:
    """A row of one year and post (its id and date last) in the id order: its number as a number
    (no leading zeros: the shorter is the smaller), then its date, a missing one first as in SQL."""
    return len(r[-2]), r[-2], r[-1] is not None, r[-1] or ""


def _row(r: tuple) -> Row:
    """A row as the index holds it, its text made safe to show: the index file is anyone's who can
    write the folder, and the list and ``cables search`` print these fields."""
    rowid, cid, date, cls, origin, subject = r
    return Row(rowid, _safe(cid), _safe(date), _safe(cls), _safe(origin), _safe(subject))


def _safe(v: str | None) -> str | None:
    return v if v is None or (isinstance(v, str) and v.isprintable()) else terminal_safe(v)


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
            # O_EXCL: never through a link (``tempfile`` costs more to import than this whole check).
            probe = self.path.parent / f".probe-{os.getpid()}-{os.urandom(6).hex()}"
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600))
            os.unlink(probe)
        except OSError as e:
            # The reader still works: the index lives in memory for this session.
            self.in_memory = True
            self.reset_reason = (f"cannot write the index folder {terminal_safe(self.path.parent)} "
                                 f"({e.strerror or e}); indexing in memory for this session")
        self.db = self._open()
        # Sizes for query plans (see ``_set_size``), cleared as the index changes.
        self._sizes: dict[tuple[str, str], int] = {}
        self._count: int | None = None
        self._special: list[tuple] | None = None  # see ``special_rows``
        self._grouped_all: dict[str, list[tuple]] = {}  # see ``grouped``
        # Relevance ranks this many of a query's matches, the newest (None: all; see ``sql.RANK_AMONG``).
        self.rank_among: int | None = sql.RANK_AMONG

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
                from .build import configure

                configure(db)
                set_meta(db, "schema", SCHEMA_VERSION)
                set_meta(db, "archive", str(self.root.resolve()))
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
                self.reset_reason = (f"the index {where} was made by an earlier version (schema {e}); rebuilt "
                                     f"once ({SCHEMA_NEWS})")
            else:
                aside = terminal_safe(self._set_aside())
                why = "not a cable-reader index" if isinstance(e, _NotOurs) else "unreadable"
                self.reset_reason = f"the index {where} was {why} ({e}); set aside unchanged as {aside} and rebuilt"
            from .build import configure

            self._claim()
            db = self._connect()
            db.executescript(SCHEMA)
            configure(db)
            set_meta(db, "schema", SCHEMA_VERSION)
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
        """Bring the index up to date with the archive (under the build's lock); return what was done."""
        from . import archive
        from .build import Builder, Report

        t0 = time.perf_counter()
        self._forget_sizes()
        report = Report(reset=self.reset_reason)
        if not self.root.is_dir() and (why := archive.not_regular(self.root)):
            report.skipped.append((self.root.name, why))  # a FIFO or device is never opened
        else:
            with self._lock():
                Builder(self.db, self.root, self._forget_sizes).run(report, progress, workers)
            report.total_cables = self.count()
        report.seconds = time.perf_counter() - t0
        return report

    @property
    def complete(self) -> bool:
        """The last build ran to its end (a search can answer without walking the archive)."""
        return self._meta("complete") is not None

    def _meta(self, key: str) -> str | None:
        return get_meta(self.db, key)

    # -- reading: the list ---------------------------------------------------------------------

    def count(self) -> int:
        """Every record the index holds (with an id or not)."""
        return int(self.db.execute("SELECT count(*) FROM cables").fetchone()[0])

    def search(self, query: Query | str, *, sort: str = "date", limit: int | None = 50,
               offset: int = 0) -> list[Row]:
        q = parse_query(query) if isinstance(query, str) else query
        rows = self._in_order(self.db, q, sql.ROW_COLUMNS, sort, None if limit is None else limit + offset)
        return [_row(r) for r in itertools.islice(rows, offset, None)]

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
        db = self._connect() if own_connection and not self.in_memory else self.db
        out: list[int] = []
        seen: set[str] = set()
        fetched = 0
        try:
            for rowid, cid in self._in_order(db, q, "c.rowid, c.id", sort, limit):
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

    def _in_order(self, db: sqlite3.Connection, q: Query, columns: str, sort: str,
                  limit: int | None) -> Iterator[tuple[Any, ...]]:
        """Rows of ``columns`` (the rowid first) of the cables ``q`` matches in ``sort``'s order, at
        most ``limit``. Relevance ranks the last ``rank_among`` matches of the words in the archive's
        order; where there are more, the others follow them, newest first (:meth:`ranked_among`)."""
        if sort == "id" and limit is not None:
            yield from self._by_number(db, q, columns, limit)
            return
        if sort == "id":  # the whole list: sorted by the order's keys, which the walk gives alike
            yield from db.execute(*self._select(q, columns, sort, walk=False))
            return
        text, params = self._select(q, columns, sort, limit=limit)
        if limit is not None:
            text, params = f"{text} LIMIT ?", [*params, limit]
        if sort != "relevance" or sql.compile_query(q).match is None:
            yield from db.execute(text, params)
            return
        ranked: set[int] = set()
        for r in db.execute(text, params):
            ranked.add(r[0])
            yield r
        if (limit is not None and len(ranked) >= limit) or self.ranked_among(q, db) is None:
            return
        text, params = self._select(q, columns, "date", limit=limit)
        if limit is not None:
            text, params = f"{text} LIMIT ?", [*params, limit]
        n = len(ranked)
        for r in db.execute(text, params):
            if r[0] not in ranked:
                yield r
                n += 1
                if limit is not None and n >= limit:
                    return

    def _by_number(self, db: sqlite3.Connection, q: Query, columns: str,
                   limit: int | None) -> Iterator[tuple[Any, ...]]:
        """The id order (``sql.SORT_ORDERS["id"]``: year, post, the number as a number) read by
        walking the (id, date) index a century at a time. Every id is ``parser.ids.make_id``'s (two
        digits, the post's letters, a number without leading zeros), so in the index's textual order
        the ids of one year and post come together, only their numbers out of order (10 before 9);
        each such run is put in order as it ends. A first page reads its rows and the rest of its
        last run, not every match (the whole list is sorted in SQL: ``_in_order``)."""
        n = 0
        for century in sql.ID_CENTURIES:
            text, params = self._select(q, f"{columns}, c.id, c.date", "id", limit=limit, within=century)
            run: list[tuple[Any, ...]] = []
            head = None
            for r in itertools.chain(db.execute(text, params), [None]):
                h = None if r is None else r[-2].rstrip(sql.ID_DIGITS)
                if h != head and run:
                    run.sort(key=_number_key)
                    for done in run:
                        yield done[:-2]
                        n += 1
                        if limit is not None and n >= limit:
                            return
                    run = []
                head = h
                if r is not None:
                    run.append(r)

    def ranked_among(self, query: Query | str, db: sqlite3.Connection | None = None) -> int | None:
        """How many matches of its words the relevance order of ``query`` ranks, when that is not
        all of them (they match more than ``rank_among``: a count that stops there); None when it
        ranks every match, or has no words to rank by."""
        q = parse_query(query) if isinstance(query, str) else query
        comp = sql.compile_query(q)
        n = self.rank_among
        if n is None or comp.match is None:
            return None
        capped = "SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)"
        return n if (db or self.db).execute(capped, (comp.match, n + 1)).fetchone()[0] > n else None

    def sort_keys(self, query: Query, sort: str) -> list[tuple[tuple[object, ...], int, str | None]]:
        """(the values of ``sort``'s keys, rowid, id) of every matching cable, in no order: what a
        library of several archives merges (:func:`parser.sql.merge_sorted`)."""
        order = sql.sort_order(sort)
        n = len(order.keys)
        text, params = self._select(query, f"{order.columns()}, c.rowid, c.id", None)
        return [(tuple(r[:n]), r[n], r[n + 1]) for r in self.db.execute(text, params)]

    def total(self, query: Query | str) -> int:
        """How many records with an id the query matches (every copy counted)."""
        q = parse_query(query) if isinstance(query, str) else query
        comp = sql.compile_query(q)
        if comp.match is not None and not comp.conditions:
            # Words alone: FTS5 counts its matches without a row of ``cables`` read for each (a word
            # in half of 250,000 cables: 7 ms instead of 70), less those that are records without an id.
            return int(self.db.execute(sql.COUNT_MATCHES, (comp.match, comp.match)).fetchone()[0])
        text, params = self._select(q, "count(*)", None)
        return int(self.db.execute(text, params).fetchone()[0])

    def _select(self, q: Query, columns: str, sort: str | None, limit: int | None = None,
                within: str | None = None, walk: bool = True) -> tuple[str, list[object]]:
        return sql.select(sql.compile_query(q), columns, sort, lambda t, v: self._set_size(t, v), self._cables,
                          limit, self.rank_among, within, walk)

    def _set_size(self, table: str, value: str) -> int:
        """Sizes for query plans (of tag, reference and recipient sets), kept until the index changes."""
        key = (table, value)
        if key not in self._sizes:
            self._sizes[key] = int(self.db.execute(sql.SET_SIZE[table], (value,)).fetchone()[0])
        return self._sizes[key]

    def _cables(self) -> int:
        if self._count is None:
            self._count = self.count()
        return self._count

    def _forget_sizes(self) -> None:
        self._sizes.clear()
        self._count = None
        self._special = None
        self._grouped_all = {}

    def rows(self, rowids: list[int]) -> dict[int, Row]:
        marks = ",".join("?" * len(rowids))
        cur = self.db.execute(f"SELECT {sql.ROW_COLUMNS} FROM cables c WHERE rowid IN ({marks})", rowids)
        return {r[0]: _row(r) for r in cur}

    # -- reading: what the archive holds, counted -----------------------------------------------

    def unnamed_count(self) -> int:
        """Records without a cable id (indexed, but not listed)."""
        return int(self.db.execute("SELECT count(*) FROM cables WHERE id IS NULL").fetchone()[0])

    def distinct_id_count(self) -> int:
        """How many reference ids the records hold: as counted at the end of the last build, else
        (a build under way, an index built before the count was kept) counted now."""
        said = self._meta("ids") if self.complete else None
        if said is not None and said.isdigit():
            return int(said)
        return int(self.db.execute(DISTINCT_IDS).fetchone()[0])

    def ids(self) -> set[str]:
        """Every cable id the index holds."""
        return {r[0] for r in self.db.execute("SELECT DISTINCT id FROM cables WHERE id IS NOT NULL")}

    def skipped_files(self) -> list[tuple[str, str]]:
        """(file, reason) of every file the index skipped, by file."""
        return [(key_from_db(key), reason) for key, reason in
                self.db.execute("SELECT key, skipped FROM files WHERE skipped IS NOT NULL ORDER BY key")]

    def unnamed_records(self) -> list[tuple[str, int | None]]:
        """(file, row) of every record without a cable id."""
        return [(key_from_db(key), row) for key, row in
                self.db.execute("SELECT file, row FROM cables WHERE id IS NULL ORDER BY file, row")]

    def special_rows(self, shared: set[str]) -> list[tuple]:
        """(rowid, id, station, origin, classification, date, tags) of the rows the list does not
        show one for one: no id, an id the index holds more than once, or one of ``shared`` (ids
        another archive holds too). The first two kept until the index changes (a grouping of the
        id index: a few hundred ms at 250,000 cables)."""
        if self._special is None:
            self._special = self.db.execute(
                f"SELECT rowid, {_SPECIAL} FROM cables WHERE id IS NULL OR id IN"
                " (SELECT id FROM cables WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1)").fetchall()
        rows = list(self._special)
        if shared:
            known = {r[0] for r in rows}
            rows += [r for r in self.db.execute(f"SELECT rowid, {_SPECIAL} FROM cables WHERE id IS NOT NULL")
                     if r[1] in shared and r[0] not in known]
        return rows

    def matching_among(self, query: Query, rowids: list[int]) -> set[int]:
        """Those of ``rowids`` that ``query`` matches; every one for the empty query (whose
        :meth:`grouped` counts take the rows without an id too), else those with an id."""
        if query.empty:
            return set(rowids)
        out: set[int] = set()
        comp = sql.compile_query(query)
        for start in range(0, len(rowids), _CHUNK):
            chunk = rowids[start:start + _CHUNK]
            text, params = sql.among(comp, len(chunk))
            out.update(r for (r,) in self.db.execute(text, [*chunk, *params]))
        return out

    def grouped(self, query: Query, kind: str) -> list[tuple]:
        """The records ``query`` matches, counted by ``kind``: (tag, records) for "tag", (year or
        month, records) for "year" and "month", and (station, origin, classification, records)
        for "post" (what ``from:`` and ``class:`` read). Every copy of an id counted, and for the
        empty query the records without an id too (read from the indexes alone: the tag index, the
        date index); ``Library.facet`` takes both off."""
        empty = query.empty
        if empty and kind in self._grouped_all:
            return self._grouped_all[kind]
        params: list[object]
        if kind == "tag":
            if empty:
                text, params = "SELECT tag, count(*) FROM tags GROUP BY tag", []
            else:  # the TAGS line of each row read (the rows are read anyway), counted here: 3x faster
                text, params = self._select(query, "c.tags", None)
                counts = Counter(t for (tags,) in self.db.execute(text, params) if tags for t in tags.split())
                return list(counts.items())
        elif kind in ("year", "month"):
            day = f"substr(c.date, 1, {4 if kind == 'year' else 7}), count(*)"
            if empty:
                text, params = f"SELECT {day} FROM cables c WHERE c.date IS NOT NULL GROUP BY 1", []
            else:
                text, params = self._select(query, day, None)
                text += " AND c.date IS NOT NULL GROUP BY 1"
        elif kind == "post":
            post = "c.station, c.origin, c.classification, count(*)"
            if empty:
                text, params = f"SELECT {post} FROM cables c GROUP BY 1, 2, 3", []
            else:
                text, params = self._select(query, post, None)
                text += " GROUP BY 1, 2, 3"
        else:
            raise ValueError(kind)
        out = self.db.execute(text, params).fetchall()
        if empty:  # the whole archive's, kept until the index changes (a scan of every row for "post")
            self._grouped_all[kind] = out
        return out

    # -- reading: one cable --------------------------------------------------------------------

    def versions(self, cable_id: str) -> list[tuple[int, str, int | None]]:
        """(rowid, file, row) of every copy of ``cable_id``."""
        return [(r, key_from_db(k), row) for r, k, row in
                self.db.execute("SELECT rowid, file, row FROM cables WHERE id=? ORDER BY rowid", (cable_id,))]

    def find(self, cable_id: str) -> list[int]:
        """The cable's copies, by its id in any spelling (``09ASTANA001104``, ``09EFTOLONDON2618``)."""
        return [r[0] for r in self.db.execute("SELECT rowid FROM cables WHERE id=? ORDER BY rowid",
                                              (canonical_id(cable_id) or cable_id,))]

    def cited(self, ids: list[str]) -> dict[str, int]:
        """How many cables cite each of ``ids`` that is cited at all (``ref:`` without a year)."""
        return {str(ref): int(n) for ref, n in self.db.execute(
            "SELECT ref, count(DISTINCT cable) FROM refs WHERE ref IN (SELECT value FROM json_each(?)) GROUP BY ref",
            (json.dumps(ids),))}

    def citing(self, cable_id: str) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT c.rowid FROM refs r JOIN cables c ON c.rowid=r.cable WHERE r.ref=? ORDER BY c.date",
            (canonical_id(cable_id) or cable_id,))]

    def references(self, rowid: int) -> list[str]:
        """The ids the REF list of the cable at ``rowid`` names, as indexed (no parse)."""
        r = self.db.execute("SELECT refs FROM cables WHERE rowid=?", (rowid,)).fetchone()
        return [_safe(x) or "" for x in (r[0] or "").split()] if r else []

    def cable(self, rowid: int) -> Cable | None:
        """The cable at ``rowid``, parsed again: from its file where that is cheap (so the raw view
        is the text exactly as found), else from the text the index keeps (csv rows, and members of
        a compressed tarball, which would be decompressed from its start for every read)."""
        return self.read_cable(rowid)[0]

    def texts(self, rowids: list[int]) -> dict[int, tuple[str, str]]:
        """(subject, body) as the full-text index has them, of each of ``rowids`` that can be read:
        the kept text where there is one, else the cable read again from its file."""
        from .pipeline import unpack_text  # on first use: a lookup needs no build pipeline

        out: dict[int, tuple[str, str]] = {}
        for start in range(0, len(rowids), _CHUNK):
            chunk = rowids[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            cur = self.db.execute(f"SELECT rowid, subject, body FROM cables WHERE rowid IN ({marks})", chunk)
            for rowid, subject, body in cur.fetchall():
                if body is not None:
                    out[rowid] = (subject or "", unpack_text(body))
                elif (c := self.cable(rowid)) is not None:
                    out[rowid] = (c.subject or "", c.body_text)
        return out

    def read_cable(self, rowid: int) -> tuple[Cable | None, str | None]:
        """:meth:`cable`, and a notice when its file has changed since it was indexed: the cable is
        read again from the file as it is now (with a ``changed`` warning), or, when the file no
        longer holds it, not at all: never another cable in its place."""
        r = self.db.execute("SELECT file, row, id, date, classification, origin, subject, body, header, whole"
                            " FROM cables WHERE rowid=?", (rowid,)).fetchone()
        if r is None:
            return None, None
        from . import archive
        from .cable import ParseWarning
        from .formats.source import Source
        from .parsing import parse, parse_source

        key, row, cid, date, cls, origin, subject, body, header, whole = r
        key = key_from_db(key)
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
        from .pipeline import unpack_text

        if whole and header:  # a form read from its file's whole text (the 1973-79 telegrams'): kept whole
            try:
                kept = parse(unpack_text(header), name=key)
            except Exception:  # noqa: BLE001 - as for a file: a text the parser fails on is not shown
                kept = []
            if same := [c for c in kept if c.id == cid] or kept[:1]:
                return same[0], None
        meta = {k: v for k, v in (("id", cid), ("date", date), ("classification", cls), ("origin", origin),
                                  ("subject", subject)) if v}
        src = Source(unpack_text(header) if header else "", unpack_text(body), archive.source_format(key), meta,
                     row=row)
        return parse_source(src, key), None

    def _changed(self, key: str) -> bool:
        """Whether a file's size or modification time differ from those it had when indexed."""
        known = self.db.execute("SELECT size, mtime FROM files WHERE key=?", (key_to_db(key),)).fetchone()
        try:
            st = (self.root / key).stat() if self.root.is_dir() else self.root.stat()
        except OSError:
            return True
        if known is None:
            return True
        if "::" in key:  # a zip's member: it has the zip's time, and its own size
            return st.st_mtime_ns != known[1]
        return (st.st_size, st.st_mtime_ns) != tuple(known)
