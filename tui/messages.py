"""The reader's own messages, posted from threads and widgets to the main screen.

Small dataclasses: what happened, with the figures the status line needs. A progress message can
replace one still waiting in the queue (``can_replace``): a busy screen handles the newest only.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class IndexProgress(Message):
    """The index build has gone on: ``done`` of ``todo`` files, ``cables`` found so far (in the
    archive being built)."""

    done: int
    todo: int
    cables: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


@dataclass
class IndexDone(Message):
    """The index build has ended: ``returncode`` 0 when it finished, else ``error`` says why."""

    returncode: int
    error: str = ""
