"""What the reader remembers: the last cable and paragraph per archive, bookmarks, history, the
queries searched in each archive.

Small JSON files in the user data folder, each written atomically (a temporary file, then
``os.replace``), so a crash never leaves half a file. When the folder cannot be written the reader
keeps the state in memory and says so once.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs


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


def read_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


@dataclass
class State:
    folder: Path = field(default_factory=data_dir)
    positions: dict[str, dict[str, Any]] = field(default_factory=dict)
    bookmarks: list[dict[str, Any]] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    searches: dict[str, list[str]] = field(default_factory=dict)  # archive → its queries, oldest first
    error: str | None = None

    @classmethod
    def load(cls, folder: Path | None = None) -> State:
        s = cls(folder or data_dir())
        s.positions = read_json(s.folder / "positions.json", {})
        s.bookmarks = read_json(s.folder / "bookmarks.json", [])
        s.history = read_json(s.folder / "history.json", [])
        s.searches = read_json(s.folder / "searches.json", {})
        return s

    def _save(self, name: str, data: Any) -> None:
        try:
            write_json(self.folder / name, data)
        except OSError as e:
            self.error = f"cannot write {self.folder}: {e.strerror or e}; remembering in memory only"

    def remember(self, archive: str, cable_id: str, paragraph: int | None, anchor: str | None = None) -> None:
        """The place in ``archive``: the cable, its numbered paragraph, and the part of the cable
        (``anchor``: a paragraph, an unnumbered one, a section, the header) to return to."""
        self.positions[archive] = {"cable": cable_id, "paragraph": paragraph, "anchor": anchor}
        self._save("positions.json", self.positions)

    def search_history(self, archive: str) -> list[str]:
        """The queries searched in ``archive``, oldest first."""
        found = self.searches.get(archive) if isinstance(self.searches, dict) else None
        return [q for q in found if isinstance(q, str)] if isinstance(found, list) else []

    def searched(self, archive: str, query: str) -> None:
        """Keep ``query`` as the newest of ``archive``'s searches (once; the last 200)."""
        query = query.strip()
        if not query:
            return
        kept = [q for q in self.search_history(archive) if q != query]
        if not isinstance(self.searches, dict):
            self.searches = {}
        self.searches[archive] = (kept + [query])[-200:]
        self._save("searches.json", self.searches)

    def visited(self, cable_id: str) -> None:
        if self.history and self.history[-1] == cable_id:
            return
        self.history = (self.history + [cable_id])[-500:]
        self._save("history.json", self.history)

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
