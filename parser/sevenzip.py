"""A 7z archive read in place, as the National Archives' 1973-79 telegrams are mirrored
(``us-diplomatic-cables-txt-1975.7z``: ``YEAR/MM/1975TEHRAN02069.txt``): its regular members,
decompressed in one pass in the archive's order, never written to disk.

A 7z keeps its table of contents (names, sizes, methods) at the end of the file, after the data.
A 7z cut short (a download that stopped) has lost it; then the data before the cut is decompressed
as LZMA2 (an archive written with another method gives no records, and says so) and split into
National Archives records at their ``Message Text`` lines (a record's first line:
docs/formats-1970s.md), the last one, which the cut may have shortened, left out. py7zr is
imported only here, when a 7z is read.
"""

from __future__ import annotations

import io
import lzma
import queue
import re
import struct
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .archive import LINK, MAX_CABLE_BYTES, Item, Skipped, _member, _reason, open_or_skip

MAGIC = b"7z\xbc\xaf\x27\x1c"
_START = 32  # the signature header; the packed data follows it
_IN_FLIGHT = 64  # members decompressed ahead of the reader
# The dictionary the cut archive's LZMA2 data is read with. One larger than the archive was written
# with reads the same; one smaller fails where the data looks further back than it holds (the
# records before are kept). liblzma fills it only as far as the data goes.
_RECOVER_DICT = 64 * 2**20
_READ = 2**20
# A National Archives record's first line (``Message Text``): each file of a yearly archive is one
# record, so the records of a cut archive's data are told apart here.
_RECORD = re.compile(rb"Message Text[ \t]*\r?\n")
_RECORD_MAX = 8 * 2**20  # a record is a few kB: data this long without a record's line is not records
_DOC_NUMBER = re.compile(rb"Document Number:[ \t]*([0-9]{4}[A-Z][A-Z0-9]{1,30}(?:_[a-z])?)")


class _Stop(Exception):
    """The reader stopped taking members: the extraction thread ends."""


class SevenZipWalk:
    """One pass over a 7z, like :class:`parser.archive.TarWalk`: every cable member as an
    :class:`Item`, the bytes of those wanted, what was skipped (the archive itself, with the
    reason, when it is damaged or cut short), and how far through the file the pass is."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.items: list[Item] = []
        self.skipped: list[Skipped] = []
        self.size = max(1, root.stat().st_size)
        self._done = 0  # bytes of the file read so far (an estimate while decompressing)
        self._total = 0  # uncompressed bytes of the wanted members
        self._out = 0
        self.listed_first = False  # every member listed before the first is read (not so in a cut 7z)

    def fraction(self) -> float:
        """The share of the archive read so far."""
        if self._total:
            return min(1.0, self._out / self._total)
        return min(1.0, self._done / self.size)

    def members(self, want: Callable[[Item], bool]) -> Iterator[tuple[str, bytes]]:
        """(key, bytes) of the wanted members, in the archive's order. A damaged archive gives
        what comes before the damage, and is listed as skipped with the reason."""
        mtime = self.root.stat().st_mtime_ns
        raw = open_or_skip(self.root, self.skipped)
        if raw is None:
            return
        with raw:
            head = raw.read(_START)
            if len(head) < _START or not head.startswith(MAGIC):
                cut = len(head) < _START and head.startswith(MAGIC)
                self.skipped.append(Skipped(self.root.name, "cut short inside its first 32 bytes, before any "
                                                            "data" if cut else "not a 7z archive"))
                return
            next_offset, next_size = struct.unpack("<QQ", head[12:28])
            if _START + next_offset + next_size > self.size or next_size == 0:
                yield from self._recover(raw, mtime, want, "cut short: its table of contents, kept at the end "
                                                         "of a 7z, is missing")
                return
            raw.seek(0)
            yield from self._extract(raw, mtime, want)

    # -- a whole archive -------------------------------------------------------------------------

    def _extract(self, raw: io.BufferedReader, mtime: int,
                 want: Callable[[Item], bool]) -> Iterator[tuple[str, bytes]]:
        import py7zr  # here: a lookup in an index never pays for it

        try:
            szf = py7zr.SevenZipFile(raw, mode="r")
        except Exception as e:  # noqa: BLE001 - py7zr raises many kinds for a damaged header
            raw.seek(0)
            yield from self._recover(raw, mtime, want, f"its table of contents cannot be read ({_reason(e)})")
            return
        with szf:
            if szf.needs_password():
                self.skipped.append(Skipped(self.root.name, "encrypted (a 7z with a password is not read)"))
                return
            wanted: dict[str, str] = {}  # name in the archive → key
            for info in szf.list():
                if info.is_directory:
                    continue
                key = f"{self.root.name}::{info.filename}"
                if not info.is_file:
                    self.skipped.append(Skipped(key, LINK if info.is_symlink else "not a plain file in the 7z"))
                    continue
                member = _member(key, info.filename, info.uncompressed, mtime)
                if isinstance(member, Skipped):
                    self.skipped.append(member)
                    continue
                self.items.append(member)
                if want(member):
                    wanted[info.filename] = key
                    self._total += member.size
            self.listed_first = True
            if not wanted:
                self._done = self.size
                return
            read = 0
            for key, data in self._run(szf, wanted):
                read += 1
                yield key, data
            self._done = self.size

    def _run(self, szf: Any, wanted: dict[str, str]) -> Iterator[tuple[str, bytes]]:
        """py7zr decompresses in a thread of its own (it writes each member to a factory's object);
        the members come here through a bounded queue, each once the next has begun (so its
        checksum has been checked) or the archive has ended."""
        from py7zr.io import Py7zIO, WriterFactory

        out: queue.Queue[tuple[str, bytes] | BaseException | None] = queue.Queue(_IN_FLIGHT)
        stop = threading.Event()
        walk = self

        def put(msg: tuple[str, bytes] | BaseException | None) -> None:
            while not stop.is_set():
                try:
                    out.put(msg, timeout=0.2)
                    return
                except queue.Full:
                    continue
            raise _Stop

        class Member(Py7zIO):
            def __init__(self, name: str) -> None:
                self.name = name
                self.buf = io.BytesIO()
                self.n = 0

            def write(self, s: bytes | bytearray) -> int:
                if stop.is_set():
                    raise _Stop
                self.n += len(s)
                walk._out += len(s)
                if self.buf.tell() <= MAX_CABLE_BYTES:
                    self.buf.write(s[:MAX_CABLE_BYTES + 1 - self.buf.tell()])
                return len(s)

            def read(self, size: int | None = None) -> bytes:
                return b""

            def seek(self, offset: int, whence: int = 0) -> int:
                return 0

            def flush(self) -> None:
                pass

            def size(self) -> int:
                return self.n

            def close(self) -> None:
                factory.finished = self

        class Factory(WriterFactory):
            finished: Member | None = None

            def create(self, filename: str) -> Py7zIO:
                self.release()
                return Member(filename)

            def release(self) -> None:
                if (done := self.finished) is not None:
                    self.finished = None
                    key = wanted.get(done.name)
                    if key is not None:
                        put((key, done.buf.getvalue()))

        factory = Factory()

        def work() -> None:
            try:
                szf.extract(targets=list(wanted), factory=factory)
                factory.release()
                put(None)
            except _Stop:
                return
            except BaseException as e:  # noqa: BLE001 - handed to the reader, which names the damage
                try:
                    put(e)
                except _Stop:
                    return

        thread = threading.Thread(target=work, name="cables-7z", daemon=True)
        thread.start()
        read = 0
        try:
            while (msg := out.get()) is not None:
                if isinstance(msg, BaseException):
                    self.skipped.append(Skipped(self.root.name, f"damaged after {read:,} cable files were read: "
                                                                f"{_damage(msg)}"))
                    return
                read += 1
                yield msg
        finally:
            stop.set()
            thread.join(5)

    # -- a cut archive ---------------------------------------------------------------------------

    def _recover(self, raw: io.BufferedReader, mtime: int, want: Callable[[Item], bool],
                 why: str) -> Iterator[tuple[str, bytes]]:
        """The National Archives records in the data before the cut (see the module's docstring)."""
        pending = b""
        n = 0
        error = ""
        pieces = self._inflate(raw)
        try:
            for piece in pieces:
                pending, records = _split(pending + piece)
                for record in records:
                    n += 1
                    yield from self._recovered(record, n, mtime, want)
                if len(pending) > _RECORD_MAX:
                    error = "data that is not National Archives records"
                    break
        except (lzma.LZMAError, EOFError) as e:
            error = _reason(e)
        if self._whole and _RECORD.search(pending):
            n += 1  # the data ended where its stream did: the last record is whole
            yield from self._recovered(pending, n, mtime, want)
        self._done = self.size
        if n == 0:
            what = f"and no National Archives record could be read from the data before it ({error or 'none'})"
        else:
            what = (f"{n:,} National Archives {'record was' if n == 1 else 'records were'} read from the data "
                    "before the damage; the rest of the archive is lost")
        self.skipped.append(Skipped(self.root.name, f"{why}; {what}"))

    _whole = False  # the last data read ended a compressed stream

    def _inflate(self, raw: io.BufferedReader) -> Iterator[bytes]:
        """The packed data after the signature header, decompressed as LZMA2 a piece at a time
        (a stream that ends is followed by the next folder's, if there is one)."""
        raw.seek(_START)
        filters = [{"id": lzma.FILTER_LZMA2, "dict_size": _RECOVER_DICT}]
        dec = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=filters)
        while True:
            if dec.eof:
                chunk = dec.unused_data or raw.read(_READ)
                dec = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=filters)
            else:
                chunk = raw.read(_READ)
            if not chunk:
                return
            self._done = raw.tell()
            piece = dec.decompress(chunk, 8 * _READ)
            while True:
                if piece:
                    self._whole = False
                    yield piece
                if dec.eof or dec.needs_input:
                    break
                piece = dec.decompress(b"", 8 * _READ)  # output held back: taken in pieces
            if dec.eof:
                self._whole = True

    def _recovered(self, record: bytes, n: int, mtime: int,
                   want: Callable[[Item], bool]) -> Iterator[tuple[str, bytes]]:
        m = _DOC_NUMBER.search(record)
        name = f"recovered/{n:07d}{'-' + m.group(1).decode('ascii') if m else ''}.txt"
        member = _member(f"{self.root.name}::{name}", name, len(record), mtime)
        if isinstance(member, Skipped):
            self.skipped.append(member)
            return
        self.items.append(member)
        if want(member):
            yield member.key, record


def _damage(e: BaseException) -> str:
    """What py7zr found wrong, in words (its checksum error's text is a tuple)."""
    if type(e).__name__ == "CrcError" and len(e.args) == 3:
        return f"{_reason(Exception(e.args[2]))} does not match its checksum"
    return _reason(e)


def _split(data: bytes) -> tuple[bytes, list[bytes]]:
    """The whole records in ``data`` (each from one ``Message Text`` line to the next) and what
    follows the last such line (a record that may not be whole yet)."""
    starts = [_line_start(data, m.start()) for m in _RECORD.finditer(data)]
    if len(starts) < 2:
        return data, []
    records = [data[a:b] for a, b in zip(starts, starts[1:], strict=False)]
    if starts[0] > 0 and data[:starts[0]].strip():
        records[0] = data[:starts[1]]  # what comes before the first record's line is its own
    return data[starts[-1]:], records


def _line_start(data: bytes, at: int) -> int:
    """Where the line of ``at`` starts, if only spaces come before ``at`` on it; else ``at``."""
    i = at
    while i > 0 and data[i - 1] in b" \t":
        i -= 1
    return i if i == 0 or data[i - 1] in b"\r\n" else at
