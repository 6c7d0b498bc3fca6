"""Archives: a folder, a single file, a ``cables.csv``, or a tar/zip read in place.

:func:`scan` lists what an archive holds with a stat (cheap: the index compares it with what it
saw last time); :func:`read` gives one item's bytes. Nothing here writes to the archive, follows
a symlink loop, opens a FIFO or device, or extracts a tar or zip member to disk.
"""

from __future__ import annotations

import lzma
import operator
import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .formats.csvrows import iter_rows, row_source
from .formats.source import Source

MAX_CABLE_BYTES = 64 * 1024 * 1024
# The file names the archive reads, and the form each says its file is in.
SUFFIX_FORMS = {".html": "page", ".htm": "page", ".txt": "text", ".text": "text", ".md": "markdown",
                ".markdown": "markdown", ".json": "json", ".jsonp": "json", ".csv": "csv"}
CABLE_SUFFIXES = tuple(SUFFIX_FORMS)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2")
# What a damaged or truncated tar or zip raises as it is read (bz2 and gzip raise OSError).
DAMAGED = (tarfile.TarError, zipfile.BadZipFile, EOFError, lzma.LZMAError, zlib.error, OSError)


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
    return "file"


def random_access(path: Path) -> bool:
    """Whether one member can be read without decompressing the archive up to it."""
    name = path.name.lower()
    return archive_kind(path) != "tar" or name.endswith(".tar")


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
    if kind == "folder":
        seen: set[tuple[int, int]] = set()
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
                    if entry.is_symlink() and entry.is_dir():
                        skipped.append(Skipped(rel, "a link to a folder (not followed)"))
                        continue
                    st = entry.stat()  # follows a file symlink
                except OSError as e:
                    skipped.append(Skipped(rel, f"unreadable: {e.strerror or e}"))
                    continue
                if not stat.S_ISREG(st.st_mode):
                    skipped.append(Skipped(rel, "not a regular file (FIFO, device or socket)"))
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
        if not stat.S_ISREG(st.st_mode):
            skipped.append(Skipped(root.name, "not a regular file"))
        elif st.st_size == 0:
            skipped.append(Skipped(root.name, "empty"))
        else:
            items.append(Item(root.name, st.st_size, st.st_mtime_ns))
    elif kind == "tar":
        walk = TarWalk(root)
        for _ in walk.members(lambda item: False):
            pass
        items, skipped = walk.items, walk.skipped
    else:
        st = root.stat()
        try:
            with zipfile.ZipFile(root) as zf:
                infos = zf.infolist()
        except DAMAGED as e:
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
    if "::" in key and archive_kind(root) in ("tar", "zip"):
        member = key.split("::", 1)[1]
        try:
            if archive_kind(root) == "tar":
                with tarfile.open(root, "r:*") as tar:
                    f = tar.extractfile(member)
                    if f is None:
                        raise OSError(f"{member}: not a regular member")
                    return f.read(MAX_CABLE_BYTES + 1)
            with zipfile.ZipFile(root) as zf, zf.open(member) as f:
                return f.read(MAX_CABLE_BYTES + 1)
        except (KeyError, RuntimeError, NotImplementedError, *DAMAGED) as e:  # gone, encrypted, unknown method
            if isinstance(e, OSError):
                raise
            raise OSError(f"{root.name}: {_reason(e)}") from e
    path = root if archive_kind(root) == "file" else root / key
    with open(path, "rb") as f:
        return f.read(MAX_CABLE_BYTES + 1)


class TarWalk:
    """One pass over a tar: every cable member as an :class:`Item`, the bytes of those wanted, what
    was skipped, and how far through the file the pass is. A compressed tar has no table of
    contents, so listing it means decompressing it: the index lists and reads in the same pass."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.items: list[Item] = []
        self.skipped: list[Skipped] = []
        self.size = max(1, root.stat().st_size)
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
        with open(self.root, "rb") as raw:
            self._raw = raw
            try:
                tar = tarfile.open(fileobj=raw, mode="r:*")
            except DAMAGED:
                self.skipped.append(Skipped(self.root.name, "not a tar (nor a gzip, bzip2 or xz compressed one)"))
                return
            try:
                with tar:
                    for m in tar:
                        if not m.isfile():
                            continue
                        item = _member(f"{self.root.name}::{m.name}", m.name, m.size, mtime)
                        if isinstance(item, Skipped):
                            self.skipped.append(item)
                            continue
                        self.items.append(item)
                        if want(item) and (f := tar.extractfile(m)) is not None:
                            data = f.read(MAX_CABLE_BYTES + 1)
                            read += 1
                            yield item.key, data
            except DAMAGED as e:
                self.skipped.append(Skipped(self.root.name, f"damaged or cut short after {read:,} cable files were "
                                                            f"read: {_reason(e)}"))


def iter_zip(root: Path, keys: set[str], skipped: list[Skipped]) -> Iterator[tuple[str, bytes]]:
    """(key, bytes) for the wanted members of a zip, in one pass over the archive; a member that
    cannot be read goes to ``skipped`` with the reason."""
    try:
        with zipfile.ZipFile(root) as zf:
            infos = zf.infolist()
            for info in infos:
                key = f"{root.name}::{info.filename}"
                if key in keys:
                    try:
                        with zf.open(info) as f:
                            data = f.read(MAX_CABLE_BYTES + 1)
                    except (*DAMAGED, RuntimeError, NotImplementedError) as e:  # encrypted, unknown method
                        skipped.append(Skipped(key, f"unreadable member: {_reason(e)}"))
                        continue
                    yield key, data
    except DAMAGED as e:
        skipped.append(Skipped(root.name, f"not a readable zip: {_reason(e)}"))


def _reason(e: BaseException) -> str:
    """An archive error in one line (tarfile's own messages run over several)."""
    return " ".join(str(e).split()) or type(e).__name__


def iter_csv(path: Path) -> Iterator[Source]:
    """Rows of a ``cables.csv`` one at a time: the file is never held in memory."""
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        for n, fields in iter_rows(f):
            src = row_source(n, fields)
            if src is not None:
                yield src

