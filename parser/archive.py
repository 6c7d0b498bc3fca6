"""Archives: a folder, a single file, a ``cables.csv``, or a tar, zip or 7z read in place.

:func:`scan` lists what an archive holds with a stat (cheap: the index compares it with what it
saw last time); :func:`read` gives one item's bytes. Nothing here writes to the archive, follows
a symlink loop or a link out of a folder archive, opens a FIFO or device (every file is opened by
:func:`open_regular`, which checks the opened descriptor), or extracts a tar or zip member to disk.
"""

from __future__ import annotations

import errno
import io
import operator
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .formats.source import Source

if TYPE_CHECKING:
    from .sevenzip import SevenZipWalk

MAX_CABLE_BYTES = 64 * 1024 * 1024
# The file names the archive reads, and the form each says its file is in.
SUFFIX_FORMS = {".html": "page", ".htm": "page", ".txt": "text", ".text": "text", ".md": "markdown",
                ".markdown": "markdown", ".json": "json", ".jsonp": "json", ".csv": "csv"}
CABLE_SUFFIXES = tuple(SUFFIX_FORMS)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2")
SEVENZIP_SUFFIX = ".7z"  # the National Archives' 1973-79 telegrams, mirrored a year to a 7z
# Archives read in one pass, a member after another (a 7z like a tar: see parser/sevenzip.py).
STREAMED = ("tar", "7z")


class TarDamage(ValueError):
    """What cannot be a tar header (a wrong checksum, a number that is not one)."""


class NotRegular(OSError):
    """A path that is not a regular file (a FIFO, device or socket), or a link this archive does not
    follow; ``strerror`` says which."""

    def __init__(self, path: str | os.PathLike[str], reason: str = "not a regular file (FIFO, device or socket)"):
        super().__init__(errno.EINVAL, reason, str(path))


NOT_REGULAR = "not a regular file (FIFO, device or socket)"
OUTSIDE_LINK = "a link to a file outside the archive (not followed)"
LINK = "a symbolic link (not followed)"


def open_regular(path: str | os.PathLike[str], *, follow: bool = True) -> io.BufferedReader:
    """``path`` opened for reading, only if it is a regular file: a FIFO would block the open (and a
    read) until a writer came, a device would read for ever. The open never waits (``O_NONBLOCK``,
    which does nothing to a regular file's reads) and what it opened is checked on the descriptor
    (the path may have been replaced since it was listed). A path the user named (``follow``) is
    checked before it is opened too, so no device is ever opened; otherwise (a file of a folder
    archive, listed as regular) a link is refused (``O_NOFOLLOW``)."""
    if follow:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if follow else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if e.errno == errno.ELOOP and not follow:
            raise NotRegular(path, LINK) from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(path)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike[str], limit: int, *, follow: bool = True) -> bytes:
    """At most ``limit`` + 1 bytes of a regular file (one more than the limit says it is over)."""
    with open_regular(path, follow=follow) as f:
        return f.read(limit + 1)


def open_or_skip(root: Path, skipped: list[Skipped]) -> io.BufferedReader | None:
    """A single-file archive opened to be walked (:func:`open_regular`), or None with the reason
    it cannot be added to ``skipped`` under its name."""
    try:
        return open_regular(root)
    except OSError as e:
        skipped.append(Skipped(root.name, f"unreadable: {e.strerror or e}"))
        return None


def not_regular(root: Path) -> str | None:
    """Why a single-file archive (a file, tar, zip or csv) cannot be read as one, or None."""
    try:
        st = root.stat()
    except OSError as e:
        return f"unreadable: {e.strerror or e}"
    return None if stat.S_ISREG(st.st_mode) else NOT_REGULAR


def _inside(folder: str, path: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def damaged() -> tuple[type[Exception], ...]:
    """What a damaged or truncated tar or zip raises as it is read (bz2 and gzip raise OSError).
    The compression modules are imported by the walks that use them: reading a cable from a folder
    (``cables show``) needs none of them."""
    import lzma
    import zipfile
    import zlib

    return (TarDamage, zipfile.BadZipFile, EOFError, lzma.LZMAError, zlib.error, OSError)


@dataclass(frozen=True, slots=True)
class Item:
    """One file (or tar/zip member) of an archive, as the index tracks it."""

    key: str  # relative path, or "path::member" inside a tar or zip
    size: int
    mtime: int


@dataclass(frozen=True, slots=True)
class Skipped:
    key: str
    reason: str


def archive_kind(path: Path) -> str:
    name = path.name.lower()
    if path.is_dir():
        return "folder"
    if name.endswith(TAR_SUFFIXES):
        return "tar"
    if name.endswith(".zip"):
        return "zip"
    if name.endswith(SEVENZIP_SUFFIX):
        return "7z"
    return "file"


def random_access(path: Path) -> bool:
    """Whether one member can be read without decompressing the archive up to it."""
    name = path.name.lower()
    return archive_kind(path) not in STREAMED or name.endswith(".tar")


def source_format(key: str) -> str:
    """The form a file's name says it is in (``page``, ``markdown``, ``json``, ``csv`` or ``text``)."""
    name = key.lower()
    return next((form for suffix, form in SUFFIX_FORMS.items() if name.endswith(suffix)), "text")


_NAME = operator.attrgetter("name")
TOO_BIG = f"over {MAX_CABLE_BYTES // 2**20} MB"


def _wanted(name: str) -> bool:
    return name.lower().endswith(CABLE_SUFFIXES)


def _member(key: str, name: str, size: int, mtime: int) -> Item | Skipped:
    """A tar's or zip's member as an item to index, or why it is skipped."""
    if not _wanted(name):
        return Skipped(key, "not a cable file type")
    if size > MAX_CABLE_BYTES:
        return Skipped(key, TOO_BIG)
    return Item(key, size, mtime)


def scan(root: Path) -> tuple[list[Item], list[Skipped]]:
    """Every cable file of the archive at ``root`` with its size and mtime, and what was skipped."""
    kind = archive_kind(root)
    items: list[Item] = []
    skipped: list[Skipped] = []
    if kind != "folder" and (reason := not_regular(root)):
        return [], [Skipped(root.name, reason)]
    if kind == "folder":
        seen: set[tuple[int, int]] = set()
        real_root = os.path.realpath(root)
        stack = [""]
        while stack:
            rel_dir = stack.pop()
            try:
                with os.scandir(root / rel_dir if rel_dir else root) as it:
                    entries = sorted(it, key=_NAME)
            except OSError as e:
                skipped.append(Skipped(rel_dir or ".", f"unreadable folder: {e.strerror or e}"))
                continue
            subdirs: list[str] = []
            for entry in entries:
                rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        subdirs.append(rel)  # folders are never followed through a symlink: no loops
                        continue
                    if entry.is_symlink():
                        if entry.is_dir():
                            skipped.append(Skipped(rel, "a link to a folder (not followed)"))
                            continue
                        if not _inside(real_root, os.path.realpath(entry.path)):
                            skipped.append(Skipped(rel, OUTSIDE_LINK))  # another folder's file is not the archive's
                            continue
                    st = entry.stat()  # follows a file symlink (to a file of the archive)
                except OSError as e:
                    skipped.append(Skipped(rel, f"unreadable: {e.strerror or e}"))
                    continue
                if not stat.S_ISREG(st.st_mode):
                    skipped.append(Skipped(rel, NOT_REGULAR))
                    continue
                if (st.st_dev, st.st_ino) in seen:
                    skipped.append(Skipped(rel, "same file as another path"))
                    continue
                seen.add((st.st_dev, st.st_ino))
                name = entry.name
                if not _wanted(name):
                    skipped.append(Skipped(rel, "not a cable file type"))
                elif st.st_size == 0:
                    skipped.append(Skipped(rel, "empty"))
                elif st.st_size > MAX_CABLE_BYTES and not name.lower().endswith(".csv"):
                    skipped.append(Skipped(rel, TOO_BIG))
                else:
                    items.append(Item(rel, st.st_size, st.st_mtime_ns))
            stack.extend(reversed(subdirs))
    elif kind == "file":
        st = root.stat()
        if st.st_size == 0:
            skipped.append(Skipped(root.name, "empty"))
        else:
            items.append(Item(root.name, st.st_size, st.st_mtime_ns))
    elif kind in STREAMED:
        walk = walker(root)
        for _ in walk.members(lambda item: False):
            pass
        items, skipped = walk.items, walk.skipped
    else:
        import zipfile

        st = root.stat()
        try:
            with open_regular(root) as f, zipfile.ZipFile(f) as zf:
                infos = zf.infolist()
        except damaged() as e:
            return [], [Skipped(root.name, f"not a readable zip: {_reason(e)}")]
        for info in infos:
            if info.is_dir():
                continue
            member = _member(f"{root.name}::{info.filename}", info.filename, info.file_size, st.st_mtime_ns)
            if isinstance(member, Skipped):
                skipped.append(member)
            else:
                items.append(member)
    return items, skipped


def read(root: Path, key: str) -> bytes:
    """The bytes of one item (at most the size limit: an inflating member is cut there). A damaged
    tar or zip raises ``OSError`` like an unreadable file."""
    if "::" in key and archive_kind(root) in ("tar", "zip", "7z"):
        member = key.split("::", 1)[1]
        if archive_kind(root) in STREAMED:
            walk = walker(root)
            for _, data in walk.members(lambda item: item.key == key):
                return data
            damage = [s.reason for s in walk.skipped if s.key == root.name]
            raise OSError(f"{root.name}: {damage[0]}" if damage else f"{member}: not in the archive")
        import zipfile

        unreadable: tuple[type[Exception], ...] = (KeyError, RuntimeError, NotImplementedError, *damaged())
        try:
            with open_regular(root) as raw, zipfile.ZipFile(raw) as zf, zf.open(member) as f:
                return f.read(MAX_CABLE_BYTES + 1)
        except unreadable as e:  # gone, encrypted, unknown method
            if isinstance(e, OSError):
                raise
            raise OSError(f"{root.name}: {_reason(e)}") from e
    if archive_kind(root) != "folder":
        return read_regular(root, MAX_CABLE_BYTES)
    path = root / key
    try:
        return read_regular(path, MAX_CABLE_BYTES, follow=False)
    except NotRegular as e:
        if e.strerror != LINK:
            raise
    # A file symlink: followed only to a file inside the archive (as the listing did).
    real = os.path.realpath(path)
    if not _inside(os.path.realpath(root), real):
        raise NotRegular(path, OUTSIDE_LINK)
    return read_regular(real, MAX_CABLE_BYTES, follow=False)


# A tar is read as 512-byte blocks: a header, then the member's data padded to a whole block.
_BLOCK = 512
_FILE_TYPES = (b"0", b"\x00", b"7")  # a regular file (7: "contiguous", one too)
_NO_DATA_TYPES = (b"1", b"2", b"3", b"4", b"5", b"6")  # links, devices, folders, FIFOs: no data follows
_NEXT_TYPES = (b"x", b"g", b"L", b"K")  # extended headers and GNU long names: about the next member
_POSIX_MAGIC = b"ustar\x0000"  # a POSIX header: a long name is split into a prefix and a name


class _TarStream:
    """The bytes of a tar, decompressed as they are read (xz, gzip or bzip2 by their magic numbers),
    a header or a member at a time. A member is read in one call, so a file cut short loses only
    the member it cuts."""

    def __init__(self, raw: io.BufferedReader) -> None:
        magic = raw.peek(6)[:6]
        self.f: io.BufferedIOBase = raw
        if magic.startswith(b"\xfd7zXZ\x00"):
            import lzma

            self.f = lzma.LZMAFile(raw)
        elif magic.startswith(b"\x1f\x8b"):
            import gzip

            self.f = gzip.GzipFile(fileobj=raw, mode="rb")
        elif magic.startswith(b"BZh"):
            import bz2

            self.f = bz2.BZ2File(raw)

    def header(self) -> bytes:
        """The next block, or nothing at the end of the file."""
        block = self.f.read(_BLOCK)
        if 0 < len(block) < _BLOCK:
            raise EOFError("the file ends inside a header")
        return block

    def take(self, n: int) -> bytes:
        """The next ``n`` bytes, and the file read on to the next block."""
        data = self.f.read(n)
        if len(data) < n:
            raise EOFError("the file ends inside a member")
        self._seek(-n % _BLOCK)
        return data

    def skip(self, n: int) -> None:
        """Past the next ``n`` bytes and on to the next block (a plain tar seeks; a compressed one
        is decompressed through)."""
        self._seek(n + -n % _BLOCK)

    def _seek(self, n: int) -> None:
        if n:
            self.f.seek(n, os.SEEK_CUR)


_TAR_NUMBER_MAX = 2**62  # a size past any file (an offset must fit in 64 bits)


def _tar_number(field: bytes) -> int:
    """A header's number: octal digits, or base-256 with the high bit set (GNU, for 8 GB and more).
    Never negative (a size below zero would read the file backwards, or all of it), never more than
    an offset can hold."""
    if field[:1] == b"\x80":
        if (n := int.from_bytes(field[1:], "big")) > _TAR_NUMBER_MAX:
            raise TarDamage(f"a header number out of range: {n:,}")
        return n
    digits = field.split(b"\x00", 1)[0].strip()
    if not digits.isdigit() or b"8" in digits or b"9" in digits:
        if digits:
            raise TarDamage(f"a header number that is not one: {digits[:12]!r}")
        return 0
    return int(digits, 8)


def _checksum_ok(header: bytes) -> bool:
    """The header's checksum: the sum of its bytes with the checksum field as spaces (some old tars
    summed them as signed bytes)."""
    stored = _tar_number(header[148:156])
    if stored == sum(header) - sum(header[148:156]) + 256:
        return True
    return stored == sum(b - 256 if b > 127 else b for b in header[:148] + header[156:]) + 256


def _pax_records(data: bytes) -> dict[bytes, bytes]:
    """The ``length key=value`` records of a POSIX extended header."""
    records: dict[bytes, bytes] = {}
    pos = 0
    while pos < len(data) and data[pos] != 0:
        space = data.find(b" ", pos, pos + 24)
        length = int(data[pos:space]) if space > pos and data[pos:space].isdigit() else 0
        if length <= space - pos or pos + length > len(data):
            raise TarDamage("a damaged extended header")
        key, _, value = data[space + 1:pos + length - 1].partition(b"=")
        records[key] = value
        pos += length
    return records


class TarWalk:
    """One pass over a tar: every cable member as an :class:`Item`, the bytes of those wanted, what
    was skipped, and how far through the file the pass is. A compressed tar has no table of
    contents, so listing it means decompressing it: the index lists and reads in the same pass.

    The headers are read here rather than by ``tarfile``: the corpus tarball (6,310 members, each
    with an extended header) took ``tarfile`` 2.3 s of CPU to read, 1.5 s of it decompression, and
    takes this walk 1.6 s. It reads POSIX, GNU and old headers; names from an extended header, a GNU
    long name or a POSIX prefix, decoded as UTF-8 (other bytes kept as ``tarfile`` keeps them).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.items: list[Item] = []
        self.skipped: list[Skipped] = []
        self.size = max(1, root.stat().st_size)
        self.headers = 0  # good headers read: none, and the file is not a tar
        self.listed_first = False  # a tar lists its members as it reads them (a 7z: all before)
        self._raw: BinaryIO | None = None

    def fraction(self) -> float:
        """The share of the (compressed) file read so far."""
        try:
            return min(1.0, self._raw.tell() / self.size) if self._raw and not self._raw.closed else 1.0
        except (OSError, ValueError):
            return 1.0

    def members(self, want: Callable[[Item], bool]) -> Iterator[tuple[str, bytes]]:
        """(key, bytes) of the wanted members. A damaged or truncated tar gives what comes before
        the damage, and the tar itself is listed as skipped with the reason."""
        mtime = self.root.stat().st_mtime_ns
        read = 0
        raw = open_or_skip(self.root, self.skipped)
        if raw is None:
            return
        with raw:
            self._raw = raw
            try:
                for key, data in self._walk(_TarStream(raw), want, mtime):
                    read += 1
                    yield key, data
            except damaged() as e:
                if not self.headers:
                    self.skipped.append(Skipped(self.root.name, "not a tar (nor a gzip, bzip2 or xz compressed one)"))
                else:
                    self.skipped.append(Skipped(self.root.name, f"damaged or cut short after {read:,} cable files "
                                                                f"were read: {_reason(e)}"))

    def _walk(self, tar: _TarStream, want: Callable[[Item], bool], mtime: int) -> Iterator[tuple[str, bytes]]:
        long_name: bytes | None = None
        extended: dict[bytes, bytes] = {}
        while header := tar.header():
            if not header.strip(b"\x00"):
                if self.headers:
                    return  # the zero blocks that end a tar
                raise TarDamage("an empty tar")
            if not _checksum_ok(header):
                raise TarDamage("a header with a wrong checksum")
            self.headers += 1
            kind = header[156:157]
            size = _tar_number(header[124:136])
            if kind in _NEXT_TYPES:
                if size > MAX_CABLE_BYTES:  # a name or extended header is never that long: not read into memory
                    raise TarDamage(f"an extended header of {size:,} bytes")
                data = tar.take(size)
                if kind == b"x":
                    extended = _pax_records(data)
                elif kind == b"L":
                    long_name = data.split(b"\x00", 1)[0]
                continue
            name = header[:100].split(b"\x00", 1)[0]
            if header[257:265] == _POSIX_MAGIC and header[345]:
                name = header[345:500].split(b"\x00", 1)[0] + b"/" + name
            name = extended.get(b"path", long_name or name)
            if b"size" in extended:
                if not extended[b"size"].isdigit():
                    raise TarDamage("a damaged extended header")
                size = int(extended[b"size"])
            long_name, extended = None, {}
            if kind in _NO_DATA_TYPES:
                continue
            item: Item | Skipped | None = None
            if not name.endswith(b"/"):  # a folder written as a file has no data that is a cable
                text = name.decode("utf-8", "surrogateescape")
                item = _member(f"{self.root.name}::{text}", text, size, mtime)
                if kind not in _FILE_TYPES and isinstance(item, Item):  # a sparse file, a volume label
                    item = Skipped(item.key, "not a plain file in the tar (sparse or special)")
            if isinstance(item, Skipped):
                self.skipped.append(item)
            elif item is not None:
                self.items.append(item)
                if want(item):
                    yield item.key, tar.take(size)
                    continue
            tar.skip(size)
        if not self.headers:
            raise TarDamage("an empty file")


def walker(root: Path) -> TarWalk | SevenZipWalk:
    """The one-pass walk of a tar or a 7z."""
    if archive_kind(root) == "7z":
        from .sevenzip import SevenZipWalk  # here: py7zr is loaded only when a 7z is read

        return SevenZipWalk(root)
    return TarWalk(root)


def iter_zip(root: Path, keys: set[str], skipped: list[Skipped]) -> Iterator[tuple[str, bytes]]:
    """(key, bytes) for the wanted members of a zip, in one pass over the archive; a member that
    cannot be read goes to ``skipped`` with the reason."""
    import zipfile

    unreadable: tuple[type[Exception], ...] = (*damaged(), RuntimeError, NotImplementedError)
    try:
        with open_regular(root) as raw, zipfile.ZipFile(raw) as zf:
            infos = zf.infolist()
            for info in infos:
                key = f"{root.name}::{info.filename}"
                if key in keys:
                    try:
                        with zf.open(info) as f:
                            data = f.read(MAX_CABLE_BYTES + 1)
                    except unreadable as e:  # encrypted, unknown method
                        skipped.append(Skipped(key, f"unreadable member: {_reason(e)}"))
                        continue
                    yield key, data
    except damaged() as e:
        skipped.append(Skipped(root.name, f"not a readable zip: {_reason(e)}"))


def _reason(e: BaseException) -> str:
    """An archive error in one line (a library's own messages can run over several)."""
    return " ".join(str(e).split()) or type(e).__name__


def iter_csv(path: Path) -> Iterator[tuple[int, Source | str]]:
    """Rows of a ``cables.csv`` one at a time (the file is never held in memory): (row number,
    its source), or (row number, why it cannot be read)."""
    from .formats.csvrows import iter_rows, row_source

    with io.TextIOWrapper(open_regular(path), encoding="utf-8", errors="replace", newline="") as f:
        for n, fields in iter_rows(f):
            if isinstance(fields, str):
                yield n, fields
            elif (src := row_source(n, fields)) is not None:
                yield n, src

