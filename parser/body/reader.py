"""The body reader: the parts of a body in the order they come (the opening and id line, the head,
the text or, under a head-only policy, its summary), each read by its module into :class:`BodyFields`."""

from __future__ import annotations

from ..regex import lazy
from .blocks import summary_without_paragraphs
from .fields import BodyFields
from .flat import Copy, find_copy, is_cut_key
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
        copy = find_copy(lines)
        if copy is not None:
            return self._run_copy(copy)
        idline, i = read_opening(fields, lines, self.first_line)
        fields.idline = idline  # the head reader knows this cable's id line and page banner by it
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

    def _run_copy(self, copy: Copy) -> BodyFields:
        """A page that gives an excerpt cut short, then the cable again with its lines run together
        (:mod:`.flat`): the head's fields from the copy where it gives them whole (``REF: TBILISI
        1372`` for the excerpt's ``REF: TBILIS...``), else from the excerpt; the text from the copy.
        A copy that stops after its head is no better than the excerpt (it stops at a line's end,
        ``TAGS: … PINR`` where the excerpt goes on ``AMGT, GG``) but for the field the excerpt cut
        short; the excerpt's own lines are then all the text there is, and the cable is partial."""
        first_line = self.first_line
        excerpt = self.lines[:copy.excerpt_end + 1]
        if copy.cut_line is not None:
            excerpt[-1] = copy.cut_line
        cut, cut_end = _head(excerpt[:-1], first_line)
        whole, excerpt_end = _head(excerpt, first_line)
        lines = copy.lines
        before = len(lines)
        full, j = _head(lines, first_line)
        # A key glued in the head is split onto a line of its own there: the lines after it move on.
        origin = [copy.origin[0]] * (len(lines) - before) + copy.origin
        fields = self.fields
        _merge(fields, cut, whole, full)
        if copy.head_only:
            fields.partial = True
            fields.warn("partial", first_line + copy.origin[0],
                        "the page gives the cable's head only: an excerpt cut short (\"...\"), then the head "
                        "again with no text after it; the rest of the cable is not in the source")
            said = excerpt[-1].strip()[:-3].rstrip()
            if fields.classified_by and said.endswith(fields.classified_by):
                fields.classified_by += "..."  # ``Classified By: AMBASS...``: the name is cut short
            lines, j, origin = excerpt, excerpt_end, list(range(len(excerpt)))
            if j < len(lines) and is_cut_key(lines[-1]):
                lines = lines[:-1]  # ``Cl...``: a key cut short is no text
        marks = len(fields.warnings)
        if self.read_paragraphs:
            read_paragraphs(fields, lines, j, own_banner(fields.idline), first_line)
        else:
            fields.summary = summary_without_paragraphs(lines, j)
        # Lines of the copy are numbered by the page's lines they come from.
        for p in fields.paragraphs:
            if 0 <= p.line - first_line < len(origin):
                p.line = first_line + origin[p.line - first_line]
        for w in fields.warnings[marks:]:
            if w.line is not None and 0 <= w.line - first_line < len(origin):
                w.line = first_line + origin[w.line - first_line]
        return fields


def _head(lines: list[str], first_line: int) -> tuple[BodyFields, int]:
    """The opening and head of ``lines`` read into fields of their own; where the text starts."""
    fields = BodyFields()
    fields.idline, i = read_opening(fields, lines, first_line)
    return fields, read_head(fields, lines, i)


def _merge(into: BodyFields, cut: BodyFields, excerpt: BodyFields, copy: BodyFields) -> None:
    """The head's fields into ``into``: the excerpt's, which has the cable's lines as written, but
    for the field its cut line gave (what ``cut``, the excerpt read without that line, lacks or has
    otherwise) and those it lacks: the copy's there, where it has them. (The copy's head is the
    cable's run together, from a first block cut at a line's end, ``TAGS: … AF`` for ``TAGS: … AF
    / RS, GG``, to a subject that runs on into the text.)"""
    for names in _HEAD_FIELDS:
        mine, theirs = getattr(excerpt, names[0]), getattr(copy, names[0])
        use_copy = bool(theirs) and (not mine or getattr(cut, names[0]) != mine and _goes_on(mine, theirs))
        for name in names:
            setattr(into, name, getattr(copy if use_copy else excerpt, name))
    into.caveats = list(dict.fromkeys([*excerpt.caveats, *copy.caveats]))
    into.idline = excerpt.idline or copy.idline
    into.partial = excerpt.partial or copy.partial
    seen = {w.kind for w in excerpt.warnings}
    into.warnings = [*excerpt.warnings, *(w for w in copy.warnings if w.kind not in seen)]


def _said(value: object) -> str:
    """A head field's value as one string in capitals, spaces run together, a cut's ``...`` off."""
    text = getattr(value, "text", None) or (" ".join(value) if isinstance(value, list) else str(value))
    return " ".join(text.upper().split()).removesuffix("...").rstrip()


def _goes_on(cut_short: object, whole: object) -> bool:
    """Whether the copy's value is the excerpt's one whole (``TBILISI 1372`` for ``TBILIS...``): it
    starts with it, or both start alike for a dozen characters (a name the cut left a word of). Not
    a field the copy read otherwise (a subject under TAGS whose key the copy lost)."""
    a, b = _said(cut_short), _said(whole)
    return b.startswith(a) or len(a) >= 12 and a[:12] == b[:12]


# The head's fields, each with the fields read with it.
_HEAD_FIELDS = (("tags",), ("subject",), ("eo",), ("classified_by", "reasons"), ("ref_block",))
