"""What the body reader returns: the body's fields."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..cable import ExecutiveOrder, Paragraph, ParseWarning, Section
from .idline import IdLine


@dataclass(slots=True)
class BodyFields:
    """What a cable's body says of it, for :func:`parser.parsing.build` to put together with what
    the header and the form's metadata say."""

    idline: IdLine | None = None
    partial: bool = False
    caveats: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    subject: str | None = None
    eo: ExecutiveOrder | None = None
    classified_by: str | None = None
    reasons: list[str] = field(default_factory=list)
    ref_block: str = ""  # the REF field's text, read by :func:`references` once the cable's year is known
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    summary: str | None = None
    comment: str | None = None
    signature: str | None = None
    warnings: list[ParseWarning] = field(default_factory=list)

    def warn(self, kind: str, line: int | None, message: str) -> None:
        self.warnings.append(ParseWarning(kind, line, message))
