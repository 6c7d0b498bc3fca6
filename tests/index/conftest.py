"""Archives built in each test from sample_cables/, in every layout, and a private index folder."""

from __future__ import annotations

import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "sample_cables"


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """sample_cables laid out as a mirror (nested folders), plus files that are not cables."""
    root = tmp_path / "mirror"
    for f in SAMPLES.iterdir():
        if f.name == "cables.csv":
            continue
        dest = root / "cable" / f.name[:2] / f.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, dest)
    (root / "README.pdf").write_bytes(b"%PDF-1.4 not a cable")
    (root / "empty.txt").write_text("")
    return root


def make_tar(tmp_path: Path, mode: str, suffix: str) -> Path:
    path = tmp_path / f"cables{suffix}"
    with tarfile.open(path, mode) as tar:
        for f in sorted(SAMPLES.iterdir()):
            if f.name != "cables.csv":
                tar.add(f, arcname=f"cablegate/cable/{f.name}")
    return path


def make_zip(tmp_path: Path) -> Path:
    path = tmp_path / "cables.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(SAMPLES.iterdir()):
            if f.name != "cables.csv":
                zf.write(f, f"cable/{f.name}")
    return path


def make_7z(tmp_path: Path, records: int = 5) -> Path:
    """A 7z laid out as the National Archives' yearly ones (``YEAR/MM/<Document Number>.txt``, LZMA2 as
    7-Zip writes it): ``records`` copies of the sample record, each its own Document Number, then
    the other samples."""
    import py7zr

    path = tmp_path / "us-diplomatic-cables-txt-1973.7z"
    record = (SAMPLES / "1973LAPAZ04411.txt").read_text(encoding="utf-8").split("\n", 1)[1]  # no project note
    with py7zr.SevenZipFile(path, "w", filters=[{"id": py7zr.FILTER_LZMA2, "preset": 7}]) as z:
        for n in range(records):
            z.writestr(record.replace("1973LAPAZ04411", f"1973LAPAZ0{4411 + n}"), f"1973/06/1973LAPAZ0{4411 + n}.txt")
        for f in sorted(SAMPLES.iterdir()):
            if f.name not in ("cables.csv", "1973LAPAZ04411.txt"):
                z.write(f, f"other/{f.name}")
    return path
