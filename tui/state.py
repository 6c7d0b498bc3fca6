"""What the reader remembers: the last cable and paragraph per archive, bookmarks, the queries
searched in each archive, the list each was left with (its query and order, ``tui.data.views``),
the cables read in each (``tui.data.reads``), notes (``tui.data.notes``).
(Back and forward through the cables opened are the session's own, ``tui.history``: nothing of them
is written.)

Small JSON files in the user data folder, each written atomically (a temporary file, then
``os.replace``), so a crash never leaves half a file. When the folder cannot be written the reader
keeps the state in memory and says so once. A file that is not what the reader wrote (not JSON, the
wrong shape, not a regular file) is set aside as ``NAME.broken-TIME``, with a notice, and the reader
starts without it.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from parser.archive import read_regular
from parser.text import terminal_safe

from .data import notes as notes_file
from .data import reads as reads_file
from .data import views as views_file
from .data.errors import WrongShape
from .data.notes import Notes
from .data.reads import ReadMarks
from .data.views import View

if TYPE_CHECKING:
    from parser.citation import Asked

MAX_STATE_BYTES = 16 * 1024 * 1024  # bookmarks and history of a lifetime are a few hundred kB


def data_dir() -> Path:
    env = os.environ.get("CABLES_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir("cable-reader"))


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def archive_name(path: Path) -> str:
    """An archive as the state files name it: its resolved path."""
    return str(Path(path).resolve())


def _positions(v: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(v, dict) or not all(
            isinstance(k, str) and isinstance(p, dict) and isinstance(p.get("cable"), str)
            and (p.get("paragraph") is None or type(p.get("paragraph")) is int)
            and (p.get("anchor") is None or isinstance(p.get("anchor"), str)) for k, p in v.items()):
        raise WrongShape("not {archive: {cable, paragraph, anchor}}")
    return v


def _bookmarks(v: Any) -> list[dict[str, Any]]:
    if not isinstance(v, list) or not all(
            isinstance(b, dict) and isinstance(b.get("id"), str) and isinstance(b.get("subject", ""), str)
            for b in v):
        raise WrongShape("not a list of {id, subject}")
    # Shown in the list of bookmarks: what a file holds is anyone's who could write it.
    return [{**b, "id": terminal_safe(b["id"]), "subject": terminal_safe(b.get("subject", ""))} for b in v]


def _searches(v: Any) -> dict[str, list[str]]:
    if not isinstance(v, dict) or not all(
            isinstance(k, str) and isinstance(qs, list) and all(isinstance(q, str) for q in qs) for k, qs in v.items()):
        raise WrongShape("not {archive: [queries]}")
    return v


def load_file(path: Path, shape: Callable[[Any], Any], default: Any) -> tuple[Any, str | None]:
    """A state file's value checked against its shape, or ``default`` and a notice when it is not
    what the reader writes: the file is then set aside (renamed, its contents kept) for a person to
    look at, and the next save starts a new one."""
    try:
        data = read_regular(path, MAX_STATE_BYTES)
        if len(data) > MAX_STATE_BYTES:
            raise WrongShape(f"over {MAX_STATE_BYTES // 2**20} MB")
        return shape(json.loads(data.decode("utf-8"))), None
    except WrongShape as e:
        why = str(e)
    except (ValueError, RecursionError) as e:
        why = f"not JSON ({type(e).__name__})"
    except FileNotFoundError:
        return default, None
    except OSError as e:
        why = e.strerror or str(e)
    aside = path.with_name(f"{path.name}.broken-{int(time.time())}")
    try:
        os.rename(path, aside)  # a FIFO or a link is renamed, never opened
        kept = f"set aside as {aside.name}"
    except OSError as e:
        kept = f"left as it is ({e.strerror or e}), and not used"
    return default, terminal_safe(f"{path} was not what the reader writes ({why}); {kept}")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A state file's data as it was at one moment (``taken``: the how-manieth snapshot)."""

    name: str
    taken: int
    data: Any


@dataclass
class State:
    folder: Path = field(default_factory=data_dir)
    positions: dict[str, dict[str, Any]] = field(default_factory=dict)
    bookmarks: list[dict[str, Any]] = field(default_factory=list)
    searches: dict[str, list[str]] = field(default_factory=dict)  # archive → its queries, oldest first
    views: dict[str, View] = field(default_factory=dict)  # archive → the list's query and order when left
    reads: ReadMarks = field(default_factory=ReadMarks)
    notes: Notes = field(default_factory=Notes)
    error: str | None = None
    notices: list[str] = field(default_factory=list)  # files set aside as it loaded, for the reader to say
    # Writes from the interface's thread and from workers: one at a time, and a file's later
    # snapshot never replaced by an earlier one (``snapshot``, ``write_snapshot``).
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _taken: int = field(default=0, repr=False, compare=False)
    _written: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, folder: Path | None = None) -> State:
        s = cls(folder or data_dir())
        for name, shape, default in (("positions.json", _positions, {}), ("bookmarks.json", _bookmarks, []),
                                     ("searches.json", _searches, {}), ("views.json", views_file.shape, {}),
                                     ("reads.json", reads_file.shape, None),
                                     ("notes.json", notes_file.shape, None)):
            value, notice = load_file(s.folder / name, shape, default)
            if value is not None:  # None: the file's own default, as the dataclass makes it
                setattr(s, name.split(".")[0], value)
            if notice:
                s.notices.append(notice)
        return s

    def _save(self, name: str, data: Any) -> None:
        try:
            write_json(self.folder / name, data)
        except OSError as e:
            self.error = f"cannot write {self.folder}: {e.strerror or e}; remembering in memory only"

    def snapshot(self, name: str) -> Snapshot:
        """What file ``name`` (``positions.json``, ``searches.json``, ``views.json``, ``reads.json``) would
        hold now, to be written by :meth:`write_snapshot` from another thread (an atomic write waits for the disk)."""
        self._taken += 1
        if name == "positions.json":
            return Snapshot(name, self._taken, {k: dict(v) for k, v in self.positions.items()})
        if name == "reads.json":
            return Snapshot(name, self._taken, self.reads.to_json())
        if name == "views.json":
            return Snapshot(name, self._taken, {k: v.to_json() for k, v in self.views.items()})
        return Snapshot(name, self._taken, {k: list(v) for k, v in self.searches.items()})

    def write_snapshot(self, snap: Snapshot) -> None:
        """Write ``snap`` (from any thread), unless a later snapshot of its file is written already."""
        with self._lock:
            if snap.taken < self._written.get(snap.name, 0):
                return
            self._written[snap.name] = snap.taken
            self._save(snap.name, snap.data)

    def remember(self, archive: str, cable_id: str, paragraph: int | None, anchor: str | None = None,
                 save: bool = True) -> None:
        """The place in ``archive``: the cable, its numbered paragraph, and the part of the cable
        (``anchor``: a paragraph, an unnumbered one, a section, the header) to return to; written
        now unless ``save`` is False (the caller writes a :meth:`snapshot`)."""
        self.positions[archive] = {"cable": cable_id, "paragraph": paragraph, "anchor": anchor}
        if save:
            self.write_snapshot(self.snapshot("positions.json"))

    def search_history(self, archive: str) -> list[str]:
        """The queries searched in ``archive``, oldest first."""
        return list(self.searches.get(archive, []))

    def searched(self, archive: str, query: str, save: bool = True) -> bool:
        """Keep ``query`` as the newest of ``archive``'s searches (once; the last 200); written now
        unless ``save`` is False. False when there is nothing to keep."""
        query = query.strip()
        if not query:
            return False
        kept = [q for q in self.search_history(archive) if q != query]
        self.searches[archive] = (kept + [query])[-200:]
        if save:
            self.write_snapshot(self.snapshot("searches.json"))
        return True

    def view(self, archive: str) -> View:
        """The query and order ``archive``'s list was left with (the date order, no query: never left)."""
        return self.views.get(archive, View())

    def keep_view(self, archive: str, view: View) -> bool:
        """Remember ``view`` as ``archive``'s list (the caller writes a :meth:`snapshot`); False when
        it is what is remembered already."""
        if self.view(archive) == view:
            return False
        self.views[archive] = view
        return True

    def is_bookmarked(self, cable_id: str) -> bool:
        return any(b.get("id") == cable_id for b in self.bookmarks)

    def toggle_bookmark(self, cable_id: str, subject: str | None) -> bool:
        """Add or remove a bookmark; True when it is now bookmarked."""
        if self.is_bookmarked(cable_id):
            self.bookmarks = [b for b in self.bookmarks if b.get("id") != cable_id]
            added = False
        else:
            self.bookmarks.append({"id": cable_id, "subject": subject or ""})
            added = True
        self._save("bookmarks.json", self.bookmarks)
        return added

    def remove_bookmark(self, cable_id: str) -> None:
        self.bookmarks = [b for b in self.bookmarks if b.get("id") != cable_id]
        self._save("bookmarks.json", self.bookmarks)

    def mark_read(self, archive: str, cable_id: str, read: bool = True, save: bool = True) -> bool:
        """Mark ``cable_id`` read (or unread) in ``archive``; True when that changed it (and it was
        saved, unless ``save`` is False: the caller writes a :meth:`snapshot`)."""
        if not self.reads.mark(archive, cable_id, read):
            return False
        if save:
            self.write_snapshot(self.snapshot("reads.json"))
        return True

    def write_note(self, cable_id: str, anchor: str | None, text: str) -> bool:
        """The note on ``anchor`` of ``cable_id`` (None: the cable) set to ``text`` (empty: removed)."""
        if not self.notes.write(cable_id, anchor, text):
            return False
        self._save("notes.json", self.notes.to_json())
        return True

    def asked(self, what: str) -> list[Asked]:
        """What ``what`` (``bookmarks`` or ``notes``) cites: each bookmark with its cable's note (or
        the note it was written with), each note on its cable or paragraph with its text, by cable then paragraph."""
        from parser.citation import Asked

        if what == "notes":
            return [Asked(n.cable, n.paragraph, n.text, occurrence=n.occurrence)
                    for n in sorted(self.notes.notes, key=lambda n: n.order())]
        out = []
        for b in self.bookmarks:
            a = Asked.of_bookmark(b)
            note = self.notes.get(a.id, None)
            out.append(Asked(a.id, a.paragraph, note.text, a.subject) if note is not None else a)
        return out

    def saved(self, archives: list[str]) -> Saved:
        """What the query language's ``is:read``, ``has:note`` and ``note:`` ask of, for ``archives``."""
        return Saved(self, archives)


@dataclass(slots=True)
class Saved:
    """The state as ``parser.query.Saved``: the cables read in any of ``archives``, the cables noted."""

    state: State
    archives: list[str]

    def read_ids(self) -> set[str]:
        if len(self.archives) == 1:
            return set(self.state.reads.ids(self.archives[0]))
        return set().union(*(self.state.reads.ids(a) for a in self.archives))

    def noted_ids(self, word: str | None) -> set[str]:
        return self.state.notes.ids(word)
