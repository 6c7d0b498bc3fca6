"""The body reader: the parts of a body in the order they come (the opening and id line, the head,
the text or, under a head-only policy, its summary), each read by its module into :class:`BodyFields`."""

from __future__ import annotations

from ..regex import lazy
from .blocks import summary_without_paragraphs
from .fields import BodyFields
from .head import read_head
from .idline import parse_id_line, read_opening
from .pages import own_banner
from .paragraphs import read_paragraphs

_RECORD_END = lazy(r"^-{3,} ?header ends ?-{3,}$")


def _whole_text_start(lines: list[str]) -> int:
    """Where the whole text starts in a site's page that shows a preview cut short (``¶C. LIMA
    2...``), then its record of the cable (``id:``, ``refid:`` … ``header:``, the routing header,
    ``----- header ends -----``), then the whole text: after the record; else 0."""
    for k, line in enumerate(lines[:400]):
        if line.startswith("refid: "):
            if not any(prev.rstrip().endswith("...") for prev in lines[max(0, k - 4):k]):
                return 0
            for j in range(k + 1, min(len(lines), k + 300)):
                if _RECORD_END.match(lines[j].strip()):
                    return j + 1
            return 0
    return 0


class BodyParser:
    """Reads the body lines of one cable into :class:`BodyFields`; ``first_line`` numbers warnings;
    ``preview``: the text may hold a site's preview before the whole text (``_whole_text_start``)."""

    def __init__(self, lines: list[str], first_line: int = 1, paragraphs: bool = True, preview: bool = False) -> None:
        self.fields = BodyFields()
        self.preview = preview
        self.lines = lines
        self.first_line = first_line
        self.read_paragraphs = paragraphs

    def run(self) -> BodyFields:
        lines, fields = self.lines, self.fields
        idline, i = read_opening(fields, lines, self.first_line)
        i = read_head(fields, lines, i)
        if self.preview and (full := _whole_text_start(lines)):
            # The head again from the whole text: the fields as it gives them, not as the preview
            # cut short shows them (the paragraphs are read as the page anchors them, preview too).
            j = full
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and parse_id_line(lines[j].strip()):
                j += 1
            read_head(fields, lines, j)
        if self.read_paragraphs:
            banner = own_banner(idline)
            read_paragraphs(fields, lines, i, banner, self.first_line)
        else:
            fields.summary = summary_without_paragraphs(lines, i)
        fields.idline = idline
        return fields
