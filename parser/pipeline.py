"""The parse pipeline of a build: a feed lists and reads the archive, workers parse, and the caller
(the index's single writer) takes the results in archive order.

With several workers the feed runs in a process of its own, so decompressing a tarball or
splitting a csv into rows does not share the writer's core: the writer was the build's bottleneck
when it also read the archive (the corpus tarball: 2.6 s of reading and 2.4 s of writing in one
process). Files go to the workers 32 at a time, a csv 200 rows at a time; the queues are bounded, so
what is in flight stays a few tens of MB whatever the archive's size.
"""

from __future__ import annotations

import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import zstandard

from . import archive
from .archive import Item, Skipped
from .cable import Cable
from .errors import ParseError, WorkerError
from .formats.page import without_navigation
from .formats.source import Source
from .parsing import HEAD_ONLY, parse, parse_source
from .text import terminal_safe

# The kept text's compression. Over the corpus bodies (49 MB) zstd level 1 takes 0.4 s of the parse
# workers' time for 45% of the size; zlib level 3 took 1.1 s for the same size (a quarter of the
# workers' time when a tarball is indexed), level 1 1.0 s for 47%.
ZSTD_LEVEL = 1
RECIPIENTS_SEP = " | "
FILES_PER_JOB = 32  # 4 a job took 75% longer over 30,000 files: the workers waited on the queue
ROWS_PER_JOB = 200
IN_FLIGHT = 64  # chunks queued per worker, each way: the workers keep parsing through a commit
POLL = 1.0  # seconds between checks that the build's process or its children are still there
# How much the parse processes yield to the writer. The one writer is the build's serial step: at
# equal priority three busy processes share two cores, the writer falls behind, the results queue
# fills, the workers stop and a core idles. A 30,000-file build took 14-15 s instead of 16-17 s.
WORKER_NICENESS = 10

Result = tuple[str, list["CableRecord"], str | None]  # key, the cables' records, why the file was skipped
Job = tuple[Item, Callable[[Any], Result], Any]


# -- what a worker does with one job --------------------------------------------------------------

_local = threading.local()


def pack_text(text: str) -> bytes:
    """Kept text as the index stores it (one compressor a thread: making one per call doubled the time)."""
    if (zc := getattr(_local, "compressor", None)) is None:
        zc = _local.compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
    return zc.compress(text.encode("utf-8"))


def unpack_text(blob: bytes) -> str:
    return zstandard.decompress(blob).decode("utf-8")


@dataclass(slots=True)
class CableRecord:
    """What the index's writer stores for one cable, made in a parse worker (see ``record``)."""

    id: str | None
    row: int | None
    date: str | None
    classification: str | None
    caveats: str  # space-separated
    origin: str | None
    station: str | None
    precedence: str | None
    subject: str | None
    tags: str  # space-separated
    refs: str  # the ids of the cables its REF list names, space-separated
    recipients: str  # TO and INFO addresses, ``RECIPIENTS_SEP``-separated
    partial: bool
    has_summary: bool
    body: str  # for the full-text index
    body_z: bytes | None  # the kept text (``pack_text``), where the file cannot be read again cheaply
    header_z: bytes | None  # the routing header, or the whole text where ``whole`` names the form
    concepts: str = ""  # the indexers' concepts, ``RECIPIENTS_SEP``-separated
    whole: str | None = None  # a form read from the whole file (``WHOLE_FORMS``): its kept text is that


# Forms whose cable is read from the whole text of its file (the attributes after the telegram), not
# from a routing header and a body: where their text is kept, the whole of it is.
WHOLE_FORMS = ("nara", "plusd")


def record(c: Cable, keep_text: bool) -> CableRecord:
    """What the writer stores for one cable. Its text is kept (compressed here in the parse workers
    so the single writer only writes) only where the file cannot be read again cheaply: rows of a
    csv or json answer and members of a compressed tarball (see ``ArchiveIndex.cable``)."""
    keep_text = keep_text or c.row is not None
    whole = c.source_format if keep_text and c.source_format in WHOLE_FORMS else None
    return CableRecord(
        id=c.id, row=c.row, date=c.date, classification=c.classification, caveats=" ".join(c.caveats),
        origin=c.origin, station=c.station, precedence=c.precedence, subject=c.subject, tags=" ".join(c.tags),
        refs=" ".join(r.id for r in c.references if r.id),
        recipients=RECIPIENTS_SEP.join(a.name for a in c.to + c.info if a.name),
        partial=c.partial, has_summary=c.summary is not None, body=c.body_text,
        body_z=pack_text(c.body_text) if keep_text else None,
        header_z=pack_text(c.raw if whole else c.header_text) if keep_text else None,
        concepts=RECIPIENTS_SEP.join(c.concepts), whole=whole)


def _one_line(e: BaseException) -> str:
    """An exception in one line of at most 180 characters (its message may quote the input)."""
    text = terminal_safe(f"{type(e).__name__}: {e}")
    return f"{text[:180]}{'…' if len(text) > 180 else ''}"


def failure(e: BaseException) -> str:
    """Why one file or row failed: its skip reason."""
    return f"the parser failed on it ({_one_line(e)})"


def parse_blob(job: tuple[str, bytes, bool]) -> Result:
    key, data, keep_text = job
    if len(data) > archive.MAX_CABLE_BYTES:
        return key, [], archive.TOO_BIG
    if b"\x00" in data[:8192]:
        return key, [], "binary (not text)"
    try:
        cables = parse(data, name=key, policy=HEAD_ONLY)
        recs = [record(c, keep_text) for c in cables if c.id or c.subject or c.body_text.strip()]
    except ParseError as e:
        return key, [], e.message
    except Exception as e:  # noqa: BLE001 - one file never stops a build: it is that file's skip
        return key, [], failure(e)
    if not recs:
        return key, [], "no cable found in it"
    return key, recs, None


def parse_path(job: tuple[str, str]) -> Result:
    root, key = job
    try:
        data = archive.read(Path(root), key)
    except archive.NotRegular as e:  # a FIFO or a link put in place of a file since the listing
        return key, [], e.strerror
    except OSError as e:
        return key, [], f"unreadable: {e.strerror or e}"
    return parse_blob((key, data, False))


ROW_SKIP = "row {n}: {reason}"  # how a job of csv rows names each row it could not read (one a line)


def parse_rows(job: tuple[str, list[Source]]) -> Result:
    """A job of csv rows: the records of those read, and a line for each row that failed."""
    key, sources = job
    recs, failed = [], []
    for s in sources:
        try:
            recs.append(record(parse_source(s, key, HEAD_ONLY), True))
        except Exception as e:  # noqa: BLE001 - one row never stops a build: it is that row's skip
            failed.append(ROW_SKIP.format(n=s.row, reason=failure(e)))
    return key, recs, "\n".join(failed) or None


def row_skips(key: str, reason: str) -> list[tuple[str, str]]:
    """The (row, reason) pairs of a csv job's reason, as ``parse_rows`` wrote them."""
    out = []
    for line in reason.split("\n"):
        row, _, why = line.partition(": ")
        out.append((f"{key} {row}", why))
    return out


def run_job(item: Item, fn: Callable[[Any], Result], arg: Any) -> Result:
    """One job, whatever it raises: an exception the job's own guards missed is its file's skip."""
    try:
        return fn(arg)
    except Exception as e:  # noqa: BLE001 - one file never stops a build
        return item.key, [], failure(e)


def member_job(key: str, data: bytes, keep_text: bool) -> tuple[str, bytes, bool]:
    """Pages cross the pipe to the workers without the site's navigation."""
    return key, without_navigation(data) if len(data) <= archive.MAX_CABLE_BYTES else data, keep_text


# -- feeds: the jobs of one build, and what was found on the way ----------------------------------

@dataclass
class Feed:
    """The jobs of one build. A feed is read once, in the build's process or in a feeder process
    of its own; ``total`` estimates the files to do as it goes, and ``listed`` and ``skipped`` are
    complete once the jobs are all read."""

    root: Path
    listed: list[str] = field(default_factory=list)  # every file found (a tar's members, kept or not)
    skipped: list[Skipped] = field(default_factory=list)
    jobs_per_chunk = FILES_PER_JOB  # what a worker takes from the queue at a time
    in_flight = IN_FLIGHT  # chunks queued per worker, each way (2,048 files: about 25 MB)
    extra_workers = 0  # parse processes beyond one a core

    def jobs(self) -> Iterator[Job]:
        raise NotImplementedError

    def total(self) -> int:
        raise NotImplementedError


@dataclass
class FilesFeed(Feed):
    """Files of a folder (or a single file), each read by the worker that parses it."""

    todo: list[Item] = field(default_factory=list)
    # Each worker reads its files itself: one more than the cores parses while another waits on the
    # disk. 30,000 files not in the page cache: 15.5 s against 17.3 s; cached, the same (13.3-13.6 s).
    extra_workers = 1

    def jobs(self) -> Iterator[Job]:
        root = str(self.root)
        for item in self.todo:
            yield item, parse_path, (root, item.key)

    def total(self) -> int:
        return len(self.todo)


@dataclass
class ZipFeed(Feed):
    """Members of a zip, read in one pass here and handed to the workers."""

    todo: list[Item] = field(default_factory=list)

    def jobs(self) -> Iterator[Job]:
        items = {i.key: i for i in self.todo}
        for key, data in archive.iter_zip(self.root, set(items), self.skipped):
            yield items[key], parse_blob, member_job(key, data, False)

    def total(self) -> int:
        return len(self.todo)


@dataclass
class CsvFeed(Feed):
    """The rows of a ``cables.csv``, streamed, 200 to a job, from the row after ``after`` (the
    last one an interrupted build committed)."""

    item: Item = field(default_factory=lambda: Item("", 0, 0))
    after: int = 0
    jobs_per_chunk = 1  # a job is already 200 rows
    in_flight = 16  # 3,200 rows a worker, each way

    def jobs(self) -> Iterator[Job]:
        batch: list[Source] = []
        for n, src in archive.iter_csv(self.root):
            if n <= self.after:
                continue
            if isinstance(src, str):  # a row that cannot be read: its skip, and the rows after it go on
                self.skipped.append(Skipped(f"{self.item.key} row {n}", src))
                continue
            batch.append(src)
            if len(batch) >= ROWS_PER_JOB:
                yield self.item, parse_rows, (self.item.key, batch)
                batch = []
        yield self.item, parse_rows, (self.item.key, batch)

    def total(self) -> int:
        return 1


@dataclass
class TarFeed(Feed):
    """A tar's (or a 7z's) members, listed and read in one pass (a compressed tar has no table of
    contents: listing it means decompressing it; a 7z's is at its end, and read first). Members in
    ``keep`` (indexed by an interrupted build of this same file) are listed, not read again."""

    keep: set[str] = field(default_factory=set)
    keep_text: bool = False
    wanted: int = 0
    _walk: archive.TarWalk | archive.SevenZipWalk | None = field(default=None, init=False, repr=False)

    def jobs(self) -> Iterator[Job]:
        self._walk = walk = archive.walker(self.root)

        def want(item: Item) -> bool:
            self.listed.append(item.key)
            if item.key in self.keep:
                return False
            self.wanted += 1
            return True

        try:
            for key, data in walk.members(want):
                yield walk.items[-1], parse_blob, member_job(key, data, self.keep_text)
        finally:
            self.skipped.extend(walk.skipped)

    def total(self) -> int:
        """Members to index, estimated from how far through the file the pass is."""
        fraction = self._walk.fraction() if self._walk else 0.0
        if self._walk is not None and self._walk.listed_first:  # a 7z lists its members before the data
            return self.wanted
        return self.wanted if fraction >= 1 else max(self.wanted, round(self.wanted / max(fraction, 0.01)))


# -- running a feed ------------------------------------------------------------------------------

class Pipeline:
    """Runs ``feed``'s jobs on ``workers`` processes (inline when 1) and yields their results in the
    feed's order. ``total()`` is the feed's latest estimate; after the results, ``feed`` holds what
    the feed found (in a feeder process's case, as it sent it back)."""

    def __init__(self, feed: Feed, workers: int) -> None:
        self.feed = feed
        self.workers = workers
        self._total = 0

    def total(self) -> int:
        return self.feed.total() if self.workers <= 1 else self._total

    def results(self) -> Iterator[tuple[Item, Result]]:
        if self.workers <= 1:
            for item, fn, arg in self.feed.jobs():
                yield item, run_job(item, fn, arg)
            return
        import multiprocessing  # here: only a build needs it, and it slows every command's start

        # fork is quick and safe from a single-threaded command; the reader builds from a thread,
        # where only spawn is safe.
        ctx: Any = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
        tasks = ctx.Queue(self.feed.in_flight * self.workers)
        results = ctx.Queue(self.feed.in_flight * self.workers)
        parent = os.getpid()
        procs = [ctx.Process(target=_feed, args=(self.feed, tasks, results, self.workers, parent),
                             name="cables-feed", daemon=True)]
        procs += [ctx.Process(target=_work, args=(tasks, results, parent), name="cables-parse", daemon=True)
                  for _ in range(self.workers)]
        for p in procs:
            p.start()
        try:
            yield from self._collect(results, procs)
        finally:
            for p in procs:
                if p.is_alive():
                    p.terminate()
            for p in procs:
                p.join(5)
            for q in (tasks, results):
                q.close()
                q.cancel_join_thread()

    def _collect(self, results: Any, procs: list[Any]) -> Iterator[tuple[Item, Result]]:
        waiting: dict[int, list[tuple[Item, Result]]] = {}  # results that came before their turn
        turn, jobs, exited = 0, None, 0
        while jobs is None or turn < jobs or exited < self.workers:
            try:
                msg = results.get(timeout=POLL)
            except queue.Empty:
                if dead := [p for p in procs if p.exitcode not in (None, 0)]:
                    raise WorkerError(f"the {dead[0].name} process stopped (exit code {dead[0].exitcode})") from None
                continue
            kind = msg[0]
            if kind == "done":
                waiting[msg[1]] = msg[2]
                while turn in waiting:
                    yield from waiting.pop(turn)
                    turn += 1
            elif kind == "total":
                self._total = msg[1]
            elif kind == "end":
                jobs = msg[1]
                self._total = msg[2]
                self.feed.listed, self.feed.skipped = msg[3], msg[4]
            elif kind == "exit":
                exited += 1
            else:
                raise WorkerError(msg[1])


def _child(parent: int) -> None:
    """Set up a feeder or parse process. Ctrl-C reaches the whole process group: the build's process
    stops its children, which would otherwise each print a traceback. If the build's process is
    killed, a watchdog ends this one within a second: it would otherwise wait forever on a queue no
    one reads, keeping the build's lock file open."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL)
        os._exit(1)

    threading.Thread(target=watch, name="watchdog", daemon=True).start()


def _feed(feed: Feed, tasks: Any, results: Any, workers: int, parent: int) -> None:
    """The feeder process: the feed's jobs to the workers in numbered chunks, then one stop each."""
    _child(parent)
    n = 0
    try:
        chunk: list[Job] = []
        for job in feed.jobs():
            chunk.append(job)
            if len(chunk) >= feed.jobs_per_chunk:
                tasks.put((n, chunk))
                results.put(("total", feed.total()))
                n, chunk = n + 1, []
        if chunk:
            tasks.put((n, chunk))
            n += 1
        results.put(("end", n, feed.total(), feed.listed, feed.skipped))
    except BaseException as e:  # noqa: BLE001 - handed to the build's process, which raises it
        results.put(("error", f"reading {terminal_safe(feed.root)} failed: {_one_line(e)}"))
    for _ in range(workers):
        tasks.put(None)


def _work(tasks: Any, results: Any, parent: int) -> None:
    """A parse process: chunks of jobs in, their results out, until the feeder's stop. It runs at a
    lower priority than the writer (``WORKER_NICENESS``), which also leaves the reader's screen
    quick while a build runs beside it."""
    _child(parent)
    if hasattr(os, "nice"):  # not on Windows
        os.nice(WORKER_NICENESS)
    while (msg := tasks.get()) is not None:
        n, chunk = msg
        out = []
        for item, fn, arg in chunk:
            try:
                out.append((item, run_job(item, fn, arg)))
            except BaseException as e:  # noqa: BLE001 - handed to the build's process, which raises it
                results.put(("error", f"parsing {terminal_safe(item.key)} failed: {_one_line(e)}"))
                return
        results.put(("done", n, out))
    results.put(("exit",))
