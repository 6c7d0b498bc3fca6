"""The parsed cable: plain dataclasses, one per part of the message.

A :class:`Cable` is what every other part of the project reads; ``to_dict`` gives the JSON form
documented in the README (every key present, null or empty where the cable lacks it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Address:
    """One TO or INFO line: ``RUEHC/SECSTATE WASHDC IMMEDIATE 5706``."""

    route: str | None
    name: str
    precedence: str | None = None
    serial: str | None = None


@dataclass(slots=True)
class Reference:
    """One item of a REF list: ``A. STATE 15648`` gives label A, id ``08STATE15648``."""

    label: str | None
    text: str
    id: str | None


@dataclass(slots=True)
class ExecutiveOrder:
    """The E.O. line: which order, the declassification date (ISO) if one is given, the line."""

    order: str | None
    decl: str | None
    text: str


@dataclass(slots=True)
class Section:
    """A heading in the body and the numbers of the paragraphs under it."""

    title: str
    paragraphs: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Paragraph:
    """A paragraph of the body; ``number`` is None for unnumbered text."""

    number: int | None
    marking: str | None
    section: str | None
    text: str
    line: int = 0


@dataclass(slots=True)
class ParseWarning:
    """Something the parser repaired or doubted, with the line (1-based) of the cable text."""

    kind: str
    line: int | None
    message: str


@dataclass(slots=True)
class Cable:
    """One diplomatic cable, as parsed from any of the forms it circulates in."""

    id: str | None = None
    transmission_id: str | None = None
    precedence: str | None = None
    # A dual precedence's second (``O P 281944Z SEP 09``: PRIORITY): the information addressees'
    # where the date-time line gives them a lower one than the action addressees'; else None.
    info_precedence: str | None = None
    date: str | None = None
    origin: str | None = None
    station: str | None = None
    to: list[Address] = field(default_factory=list)
    info: list[Address] = field(default_factory=list)
    classification: str | None = None
    caveats: list[str] = field(default_factory=list)
    eo: ExecutiveOrder | None = None
    classified_by: str | None = None
    reasons: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    subject: str | None = None
    references: list[Reference] = field(default_factory=list)
    summary: str | None = None
    comment: str | None = None
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    signature: str | None = None
    declassified: str | None = None
    partial: bool = False
    source_format: str = "text"
    warnings: list[ParseWarning] = field(default_factory=list)
    # Where the cable was found and its text as found (raw is shown by the reader's raw view).
    header_text: str = ""
    body_text: str = ""
    name: str | None = None
    row: int | None = None
    raw_text: str = ""
    # What the 1970s archives say beside the text (National Archives, PlusD): the id as the archive
    # writes it (``1975TEHRAN02069_b``), the classification the telegram had when sent, the
    # indexers' concepts, every attribute as written, and why a record has no text when it has none.
    archive_id: str | None = None
    original_classification: str | None = None
    concepts: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    metadata_only: str | None = None

    @property
    def raw(self) -> str:
        """The cable's text exactly as found (control characters removed): the Markdown as
        written, or the routing header and body."""
        if self.raw_text:
            return self.raw_text
        if self.header_text and self.body_text:
            return f"{self.header_text}\n\n{self.body_text}"
        return self.header_text or self.body_text

    def paragraph(self, number: int) -> Paragraph | None:
        """The numbered paragraph ``number``, if the cable has it."""
        for p in self.paragraphs:
            if p.number == number:
                return p
        return None

    def to_dict(self, *, paragraphs: bool = True) -> dict[str, Any]:
        """The JSON form: every documented key, in a fixed order."""
        d: dict[str, Any] = {
            "id": self.id,
            "transmission_id": self.transmission_id,
            "precedence": self.precedence,
            "info_precedence": self.info_precedence,
            "date": self.date,
            "origin": self.origin,
            "station": self.station,
            "to": [asdict(a) for a in self.to],
            "info": [asdict(a) for a in self.info],
            "classification": self.classification,
            "caveats": list(self.caveats),
            "eo": asdict(self.eo) if self.eo else None,
            "classified_by": self.classified_by,
            "reasons": list(self.reasons),
            "tags": list(self.tags),
            "subject": self.subject,
            "references": [asdict(r) for r in self.references],
            "summary": self.summary,
            "comment": self.comment,
            "sections": [asdict(s) for s in self.sections],
            "signature": self.signature,
            "declassified": self.declassified,
            "partial": self.partial,
            "source_format": self.source_format,
            "warnings": [asdict(w) for w in self.warnings],
            "archive_id": self.archive_id,
            "original_classification": self.original_classification,
            "concepts": list(self.concepts),
            "metadata_only": self.metadata_only,
            "attributes": dict(self.attributes),
        }
        if paragraphs:
            d["paragraphs"] = [
                {"number": p.number, "marking": p.marking, "section": p.section, "text": p.text}
                for p in self.paragraphs
            ]
        return d

    def warn(self, kind: str, line: int | None, message: str) -> None:
        self.warnings.append(ParseWarning(kind, line, message))
