"""The index folder is ours alone: links put where index files go are never followed, another
application's database at the index's path is set aside unchanged, a folder another user owns or
every user may write to is refused with a message, and the index's files are readable by their
owner only.

Protections checked: ``check_index_folder``, ``_own_file`` (``O_NOFOLLOW``, the opened descriptor
checked), the ``lstat`` checks and the ``application_id`` check in ``ArchiveIndex._claim``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from parser.index import ArchiveIndex, index_path
from robustness.cli import SAMPLES, cables, safe

OUTSIDE = b"a file of the user's own, outside the index folder\n"
APPLICATION_ID = 0x43626C52  # "CblR" in an SQLite file's header: one of our indexes


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "ix"
    d.mkdir(mode=0o700)
    return d


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("suffix", [".lock", "", "-wal", "-shm"])
def test_a_link_where_an_index_file_goes_is_not_followed(folder: Path, tmp_path: Path, tally, suffix: str) -> None:  # noqa: ANN001
    """A link at ``….sqlite.lock`` truncated the file it pointed to; one at ``….sqlite`` made a database
    outside the folder; SQLite wrote through links at ``-wal`` and ``-shm``."""
    target = tmp_path / f"target{suffix or '.sqlite'}"
    if suffix != "":
        target.write_bytes(OUTSIDE)
    link = Path(str(index_path(SAMPLES, folder)) + suffix)
    os.symlink(target, link)
    with tally("index faults", "links where the index's files go").case():
        ix = ArchiveIndex(SAMPLES, folder)
        ix.update(workers=1)
        assert ix.find("09ASTANA1104")
        ix.close()
        if suffix:
            assert target.read_bytes() == OUTSIDE  # not truncated, not written
        else:
            assert not target.exists()  # no database made outside the folder
        assert not link.is_symlink()  # the link was moved aside; the index's own file is there
        assert [p for p in folder.iterdir() if p.is_symlink() and ".broken-" in p.name]


def test_another_applications_database_is_set_aside_unchanged(folder: Path, tally) -> None:  # noqa: ANN001
    path = index_path(SAMPLES, folder)
    other = sqlite3.connect(path)
    other.execute("PRAGMA application_id=1179207496")
    other.execute("CREATE TABLE notes(body TEXT)")
    other.execute("INSERT INTO notes VALUES ('a note of another application')")
    other.commit()
    other.close()
    before = _digest(path)
    with tally("index faults", "another application's database at the index's path").case():
        ix = ArchiveIndex(SAMPLES, folder)
        assert ix.reset_reason and "not a cable-reader index" in ix.reset_reason and "set aside" in ix.reset_reason
        ix.update(workers=1)
        assert ix.find("09ASTANA1104")
        ix.close()
        [aside] = [p for p in folder.iterdir() if ".broken-" in p.name]
        assert _digest(aside) == before  # not modified: not its header, not a table added


def test_an_unmarked_database_without_our_tables_is_set_aside(folder: Path, tally) -> None:  # noqa: ANN001
    path = index_path(SAMPLES, folder)
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE meta(key TEXT, value TEXT)")  # one of our table names, not our index
    other.commit()
    other.close()
    before = _digest(path)
    with tally("index faults", "another application's database at the index's path").case():
        ix = ArchiveIndex(SAMPLES, folder)
        assert ix.reset_reason and "set aside" in ix.reset_reason
        ix.close()
        [aside] = [p for p in folder.iterdir() if ".broken-" in p.name]
        assert _digest(aside) == before


def test_our_index_is_marked_and_an_earlier_unmarked_one_kept(folder: Path, tally) -> None:  # noqa: ANN001
    """Our databases carry the application id; one made before the mark is ours, kept, and marked."""
    with tally("index faults", "our index files: marked, and readable by their owner only").case():
        ix = ArchiveIndex(SAMPLES, folder)
        ix.update(workers=1)
        assert ix.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        count = ix.count()
        ix.db.execute("PRAGMA application_id=0")  # as an index of the previous version
        ix.db.commit()
        ix.close()
        ix = ArchiveIndex(SAMPLES, folder)
        assert ix.reset_reason is None and ix.count() == count
        assert ix.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        ix.close()


def test_index_files_are_readable_by_their_owner_only(folder: Path, tally) -> None:  # noqa: ANN001
    """The index holds the archive's text; its -wal and -shm files are made like the index file."""
    with tally("index faults", "our index files: marked, and readable by their owner only").case():
        ix = ArchiveIndex(SAMPLES, folder)
        ix.update(workers=1)
        path = ix.path
        files = [Path(str(path) + s) for s in ("", "-wal", "-shm", ".lock")]
        assert all(p.exists() for p in files), [p for p in files if not p.exists()]
        for p in files:
            st = p.lstat()
            assert stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o600 and st.st_uid == os.geteuid(), p
        ix.close()


def _not_ours(tmp_path: Path) -> Path:
    """A folder another user owns: made and given away as root, else one of the system's."""
    if os.geteuid() != 0:
        return Path("/")
    d = tmp_path / "theirs"
    d.mkdir(mode=0o755)
    os.chown(d, 65534, 65534)
    return d


@pytest.mark.parametrize("kind", ["another user's", "shared 0777", "shared 1777"])
def test_a_folder_others_can_write_is_refused_with_a_message(tmp_path: Path, tally, kind: str) -> None:  # noqa: ANN001
    if kind == "another user's":
        d = _not_ours(tmp_path)
    else:
        d = tmp_path / "shared"
        d.mkdir()
        d.chmod(0o777 if kind == "shared 0777" else 0o1777)
    before = sorted(p.name for p in d.iterdir())
    for args in (["index", str(SAMPLES)], ["search", str(SAMPLES), "almaty"], [str(SAMPLES)]):
        with tally("index faults", "index folders others can write: refused with a message").case():
            r = cables(*args, "--index-dir", str(d))
            assert r.returncode == 2 and safe(r.stderr), r.stderr[-600:]
            assert b"index folder" in r.stderr and (b"another user" in r.stderr or b"every user" in r.stderr)
            assert sorted(p.name for p in d.iterdir()) == before  # nothing written there
