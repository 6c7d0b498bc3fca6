"""Read marks: the cables opened in each archive, as mutt and newsboat keep the messages read.

``reads.json`` is ``{archive: [cable ids]}``, an archive named by its resolved path (as the place
in ``positions.json`` is): a cable read in one archive is unread in another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import WrongShape

NONE: frozenset[str] = frozenset()


@dataclass(slots=True)
class ReadMarks:
    by_archive: dict[str, set[str]] = field(default_factory=dict)

    def ids(self, archive: str) -> set[str] | frozenset[str]:
        """The ids of the cables read in ``archive`` (the set itself: looked up as the list draws)."""
        return self.by_archive.get(archive, NONE)

    def is_read(self, archive: str, cable_id: str) -> bool:
        return cable_id in self.by_archive.get(archive, NONE)

    def mark(self, archive: str, cable_id: str, read: bool = True) -> bool:
        """Mark ``cable_id`` read (or unread) in ``archive``; True when that changed anything."""
        ids = self.by_archive.setdefault(archive, set())
        if (cable_id in ids) == read:
            return False
        if read:
            ids.add(cable_id)
        else:
            ids.discard(cable_id)
        return True

    def to_json(self) -> dict[str, list[str]]:
        return {archive: sorted(ids) for archive, ids in self.by_archive.items() if ids}


def shape(v: Any) -> ReadMarks:
    """The marks a file holds, or ``WrongShape`` when it is not ``{archive: [ids]}``."""
    if not isinstance(v, dict) or not all(
            isinstance(k, str) and isinstance(ids, list) and all(isinstance(i, str) for i in ids)
            for k, ids in v.items()):
        raise WrongShape("not {archive: [cable ids]}")
    return ReadMarks({k: set(ids) for k, ids in v.items()})
