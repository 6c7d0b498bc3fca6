"""Nothing lost or changed: every command and the reader against a read-only copy of an archive
leave every byte and modification time as it was; bookmarks, read marks and notes survive a kill
during their write.

Protections checked: the archive is only ever opened for reading; ``state.write_json`` writes a
temporary file and renames it (writing in place would leave half a file when killed).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from reader.conftest import ready

from tui.app import CableReader
from tui.state import State

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_cables"


def fingerprint(root: Path) -> dict[str, tuple[str, int, int]]:
    out = {}
    for p in sorted(root.rglob("*")):
        st = p.stat()
        out[str(p)] = (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "", st.st_mtime_ns,
                       stat.S_IMODE(st.st_mode))
    return out


def read_only_copy(tmp_path: Path) -> Path:
    root = tmp_path / "ro"
    shutil.copytree(SAMPLES, root)
    for p in [*root.rglob("*"), root]:
        p.chmod(p.stat().st_mode & ~0o222)
    return root


async def test_every_command_and_the_reader_leave_the_archive_as_it_was(tmp_path: Path, tally) -> None:  # noqa: ANN001
    root = read_only_copy(tmp_path)
    before = fingerprint(root)
    env = {**os.environ, "CABLES_INDEX_DIR": str(tmp_path / "ix"), "CABLES_DATA_DIR": str(tmp_path / "data")}
    commands = [["index", str(root)], ["search", str(root), "torture"], ["show", str(root), "09ASTANA1104"],
                ["show", str(root), "09ASTANA1104", "--text"], ["parse", *map(str, sorted(root.iterdir()))],
                ["search", str(root), "tag:PHUM", "--jsonl"], ["search", str(root), "tag:PHUM", "--format", "csv"],
                ["cite", str(root), "09ASTANA1104", "--format", "bibtex"]]
    for args in commands:
        with tally("nothing lost or changed", "commands on a read-only archive").case():
            r = subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, env=env, capture_output=True)
            assert r.returncode == 0 and b"Traceback" not in r.stderr, (args, r.stderr[-500:])
            assert fingerprint(root) == before, args
    with tally("nothing lost or changed", "reader sessions on a read-only archive").case():
        app = CableReader([root], tmp_path / "ix", State.load(tmp_path / "data"))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await ready(pilot)
            await pilot.press("enter", "m", "m", "b", "y", "r", "escape", "q")
        assert screen.cable is not None and app.state.is_bookmarked(screen.cable.id or "")  # it did what was asked
        assert fingerprint(root) == before


WRITER = """
import sys
from pathlib import Path
from tui.state import State
s = State.load(Path(sys.argv[1]))
n = 0
while True:
    s.toggle_bookmark(f"09ASTANA{n % 50}", "subject " * 200)
    s.mark_read("archive", f"09ASTANA{n}", True)
    s.write_note(f"09ASTANA{n % 50}", f"para-{n % 7}", f"note {n} " * 200)
    if n == 0:
        print("writing", flush=True)  # from here on the process does nothing but write the files
    n += 1
"""
STATE_FILES = ("bookmarks.json", "reads.json", "notes.json")


def test_bookmarks_read_marks_and_notes_survive_a_kill_during_their_write(tmp_path: Path, tally) -> None:  # noqa: ANN001
    """Killed while it writes (after its first writes, every moment of the process is a write of
    one of the three files): each file is whole and of its shape, and loads without a notice."""
    for k in range(10):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline() == b"writing\n"
        time.sleep(0.01 + 0.03 * k)
        assert proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with tally("nothing lost or changed", "kills during a bookmarks, read marks or notes write").case():
            for name in STATE_FILES:
                assert isinstance(json.loads((tmp_path / name).read_text()), list | dict), name
            loaded = State.load(tmp_path)
            assert not loaded.notices and loaded.reads.ids("archive") and loaded.notes.ids()
