"""The index reads a tar's headers itself (``archive.TarWalk``): it must list and read exactly what
the standard library's ``tarfile`` does, in every header format and compression, and say where a
tar is damaged."""

from __future__ import annotations

import io
import itertools
import tarfile
from pathlib import Path

import pytest
from tarheaders import set_size

from parser.archive import TarWalk, read

LONG = "cablegate/" + "a-folder-with-a-long-name/" * 5  # over 100 bytes: a prefix, GNU or extended name
NAMES = ["cable/09ASTANA1104.txt", f"{LONG}09ALMATY345.html", "cable/Ünïcode-Ω.md", "cable/empty.txt",
         "cable/notes.pdf", f"{LONG}x/" + "b" * 90 + ".txt"]


def _write(path: Path, fmt: int, mode: str) -> None:
    with tarfile.open(path, mode, format=fmt) as tar:
        folder = tarfile.TarInfo("cable")
        folder.type = tarfile.DIRTYPE
        tar.addfile(folder)
        for n, name in enumerate(NAMES):
            if fmt == tarfile.USTAR_FORMAT and len(name.encode()) > 255:
                continue  # a POSIX header cannot hold it
            data = f"UNCLAS {n}\n".encode() * (0 if "empty" in name else 40 * (n + 1))
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("cable/link.txt")
        link.type, link.linkname = tarfile.SYMTYPE, "09ASTANA1104.txt"
        tar.addfile(link)
        hard = tarfile.TarInfo("cable/hard.txt")
        hard.type, hard.linkname = tarfile.LNKTYPE, "cable/09ASTANA1104.txt"
        tar.addfile(hard)


@pytest.mark.parametrize("fmt", [tarfile.USTAR_FORMAT, tarfile.GNU_FORMAT, tarfile.PAX_FORMAT],
                         ids=["ustar", "gnu", "pax"])
@pytest.mark.parametrize("mode,suffix", [("w", ".tar"), ("w:gz", ".tar.gz"), ("w:bz2", ".tar.bz2"),
                                         ("w:xz", ".tar.xz")])
def test_the_walk_reads_what_tarfile_reads(tmp_path: Path, fmt: int, mode: str, suffix: str) -> None:
    path = tmp_path / f"cables{suffix}"
    _write(path, fmt, mode)
    with tarfile.open(path) as tar:
        expected = {f"{path.name}::{m.name}": tar.extractfile(m).read()  # type: ignore[union-attr]
                    for m in tar if m.isfile() and not m.name.endswith(".pdf")}
    walk = TarWalk(path)
    got = dict(walk.members(lambda item: True))
    assert got == expected
    assert [i.key for i in walk.items] == list(expected)
    assert [(s.key, s.reason) for s in walk.skipped] == [(f"{path.name}::cable/notes.pdf", "not a cable file type")]
    for key, data in expected.items():  # one member on its own, as the reader opens a cable
        assert read(path, key) == data


def test_a_damaged_header_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "cables.tar"
    _write(path, tarfile.PAX_FORMAT, "w")
    with tarfile.open(path) as tar:
        members = [m for m in tar]
    third = next(m for m in members if m.name == "cable/Ünïcode-Ω.md")
    raw = bytearray(path.read_bytes())
    raw[third.offset + 10] ^= 0xFF  # the third file's (extended) header no longer sums to its checksum
    path.write_bytes(bytes(raw))
    walk = TarWalk(path)
    got = [key for key, _ in walk.members(lambda item: True)]
    assert got == [f"{path.name}::cable/09ASTANA1104.txt", f"{path.name}::{LONG}09ALMATY345.html"]
    assert [(s.key, s.reason) for s in walk.skipped] == [
        (path.name, "damaged or cut short after 2 cable files were read: a header with a wrong checksum")]
    with pytest.raises(OSError, match="wrong checksum"):
        read(path, f"{path.name}::cable/empty.txt")
    assert read(path, got[0]).startswith(b"UNCLAS 0")


@pytest.mark.parametrize("data", [b"", b"\0" * 10240, b"plain text, not a tar" * 40])
def test_what_is_not_a_tar_says_so(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "cables.tar"
    path.write_bytes(data)
    walk = TarWalk(path)
    assert list(walk.members(lambda item: True)) == []
    assert [s.reason for s in walk.skipped] == ["not a tar (nor a gzip, bzip2 or xz compressed one)"]


def test_an_oversized_extended_header_is_not_read_into_memory(tmp_path: Path) -> None:
    path = tmp_path / "cables.tar"
    _write(path, tarfile.PAX_FORMAT, "w")
    raw = bytearray(path.read_bytes())
    with tarfile.open(path) as tar:
        long = next(m for m in tar if m.name == f"{LONG}09ALMATY345.html")
    header = long.offset  # where the extended header that gives its name starts
    assert raw[header + 156:header + 157] == b"x"
    set_size(raw, header, b"%011o\0" % (2**32))  # 4 GB
    path.write_bytes(bytes(raw))
    walk = TarWalk(path)
    assert [key for key, _ in walk.members(lambda item: True)] == [f"{path.name}::cable/09ASTANA1104.txt"]
    assert [s.reason for s in walk.skipped] == ["damaged or cut short after 1 cable files were read: "
                                                "an extended header of 4,294,967,296 bytes"]


def test_a_negative_size_never_walks_back(tmp_path: Path) -> None:
    """A base-256 size below zero that points back at the first header: read as one, the walk went
    round the same members for ever."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name in ("cable/a.txt", "cable/notes.pdf", "cable/b.txt"):
            info = tarfile.TarInfo(name)
            info.size = 6300
            tar.addfile(info, io.BytesIO(b"UNCLAS\n" * 900))
    raw = bytearray(buf.getvalue())
    with tarfile.open(fileobj=io.BytesIO(bytes(raw))) as tar:
        at = next(m.offset for m in tar if m.name == "cable/notes.pdf")
    set_size(raw, at, (256**11 - (at + 512)).to_bytes(11, "big").rjust(12, b"\xff"))  # back to byte 0
    path = tmp_path / "loop.tar"
    path.write_bytes(bytes(raw))
    walk = TarWalk(path)
    first_ten = itertools.islice(walk.members(lambda item: True), 10)  # a walk going round fails, not hangs
    assert [key for key, _ in first_ten] == ["loop.tar::cable/a.txt"]
    assert walk.skipped[-1].reason.startswith("damaged or cut short after 1 cable files were read: a header number")
