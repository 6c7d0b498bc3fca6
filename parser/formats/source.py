"""What a form module hands to the parser: one cable's text, not yet understood."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..cable import Cable


@dataclass(slots=True)
class Source:
    """One cable as a form presents it.

    ``meta`` holds what the form says beside the text, under the keys ``id``, ``date``,
    ``classification``, ``origin``, ``subject``, ``tags`` (strings); the parser prefers what the
    text itself says and falls back on these.
    """

    header: str
    body: str
    source_format: str
    meta: dict[str, str] = field(default_factory=dict)
    row: int | None = None
    first_line: int = 1
    raw: str = ""  # the text exactly as found, where it differs from header + body
    # What the form knows beyond ``meta`` (an archive's attributes, a record without text): applied
    # to the parsed cable last.
    complete: Callable[[Cable], None] | None = None
