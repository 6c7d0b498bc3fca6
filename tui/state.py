"""What the reader remembers: the last cable and paragraph per archive, bookmarks, history.

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
    error: str | None = None

    @classmethod
    def load(cls, folder: Path | None = None) -> State:
        s = cls(folder or data_dir())
        s.positions = read_json(s.folder / "positions.json", {})
        s.bookmarks = read_json(s.folder / "bookmarks.json", [])
        s.history = read_json(s.folder / "history.json", [])
        return s

    def _save(self, name: str, data: Any) -> None:
        try:
            write_json(self.folder / name, data)
        except OSError as e:
            self.error = f"cannot write {self.folder}: {e.strerror or e}; remembering in memory only"

    def remember(self, archive: str, cable_id: str, paragraph: int | None) -> None:
        self.positions[archive] = {"cable": cable_id, "paragraph": paragraph}
        self._save("positions.json", self.positions)

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
