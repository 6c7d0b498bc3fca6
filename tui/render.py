"""The one renderer of a cable on screen: the metadata block, section headings and paragraphs with
badges, for the viewer and ``cables show``; a list row's short marking and post; and the summary
``cables parse`` prints. (A cable written to a file, as Markdown or text, and its citations are
``parser.export`` and ``parser.citation``.)

A cable is rendered as :class:`Styled` text, pieces of text each with its style, which becomes a
rich ``Text`` for the reader and the terminal, and is printed as its text alone to a pipe or a
file: ``cables show`` and ``cables parse`` piped never import rich (docs/performance.md).
Everything from the cable goes in as plain strings appended to ``Text`` (never parsed as markup),
so ``[PHUM]``, ``[/x]`` or ``[@click=…]`` in a cable show as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parser.cable import Cable, Paragraph
from parser.header import precedence_words
from parser.regex import lazy
from parser.text import terminal_safe

if TYPE_CHECKING:
    from rich.text import Text

# Four looks no one confuses, readable on a dark and a light theme alike. A classification marking
# (the list's badge, the viewer's classification line and portion marks) is a band of its level's
# colour with its own text colour, kept on the list's cursor row; a search hit is pink and
# underlined; the list's cursor and the viewer's current paragraph take the theme's cursor colours
# (``CableList`` and ``Viewer`` CSS). Every pair of colours here has a contrast ratio of 4.5 or more.
CLASS_STYLES = {
    "TOP SECRET": "bold #ffffff on #870000",
    "SECRET": "bold #ffffff on #c00000",
    "CONFIDENTIAL": "bold #000000 on #ff8700",
    "LIMITED OFFICIAL USE": "bold #000000 on #ffd700",
    "UNCLASSIFIED": "bold #000000 on #5fd75f",
}
HIT_STYLE = "bold underline #000000 on #ff87ff"
NOTE_MARK = "✎ "  # starts a note of the reader's, under the paragraph (or the header) it is on
# The hit ``n`` and ``N`` went to last: the hit's colours the other way round.
CURRENT_HIT_STYLE = "bold underline #ff87ff on #000000"
# The list's short marking: the portion-mark letters with a caveat (S/NF: SECRET//NOFORN).
CLASS_SHORT = {"UNCLASSIFIED": "U", "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "U/FOUO", "CONFIDENTIAL": "C",
               "CONFIDENTIAL//NOFORN": "C/NF", "SECRET": "S", "SECRET//NOFORN": "S/NF",
               "LIMITED OFFICIAL USE": "LOU", "TOP SECRET": "TS", "TOP SECRET//NOFORN": "TS/NF"}
# Label column of the metadata block: a field's value wraps under itself, not under the label.
LABEL = 15
NO_SUBJECT = "(no subject)"  # what a cable without a SUBJECT line shows, wherever its subject goes


class Styled:
    """Text as pieces, each with its style (a rich style string), and a style for the whole: what
    rich's ``Text.assemble`` takes, held without importing rich."""

    __slots__ = ("parts", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.parts: list[tuple[str, str]] = [(text, "")] if text else []
        self.style = style

    def append(self, text: str, style: str = "") -> None:
        if text:
            self.parts.append((text, style))

    def append_styled(self, other: Styled) -> None:
        """``other``'s pieces, each with ``other``'s own style under its piece's."""
        for text, style in other.parts:
            self.parts.append((text, f"{other.style} {style}".strip()))

    def rstrip(self) -> None:
        """Trailing whitespace taken off (``Text.rstrip``)."""
        while self.parts:
            text, style = self.parts[-1]
            if kept := text.rstrip():
                self.parts[-1] = (kept, style)
                return
            self.parts.pop()

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.parts)

    def text(self) -> Text:
        """As rich ``Text``: each piece appended with its style, as the renderer wrote it."""
        from rich.text import Text

        t = Text(style=self.style)
        for text, style in self.parts:
            t.append(text, style)
        return t


def subject_text(subject: str | None, style: str = "") -> Text:
    """A subject on one line (its line breaks and runs of spaces as one space), or a dim
    ``(no subject)`` when the cable has none: the list, the pickers, the bookmarks."""
    from rich.text import Text

    words = " ".join((subject or "").split())
    return Text(words, style=style) if words else Text(NO_SUBJECT, style="dim italic")


def class_style(classification: str | None) -> str:
    if not classification:
        return "dim"
    base = classification.split("//")[0]
    return CLASS_STYLES.get(base, "default")


def short_class(classification: str | None) -> str:
    """``SECRET//NOFORN`` → ``S/NF``; an unknown marking as written, cut to six letters."""
    cls = classification or ""
    return CLASS_SHORT.get(cls.upper(), cls[:6])


@dataclass(slots=True)
class Block:
    """One piece of the viewer: the metadata, a heading, or a paragraph (``anchor`` names it)."""

    anchor: str
    text: Text
    kind: str  # "meta", "heading", "paragraph", "signature"
    indents: tuple[int, ...] = ()  # the hanging indent of each line of ``text``, where it has one


def _field(t: Styled, label: str, value: str | None, style: str = "") -> None:
    if value:
        t.append(f"{label:<{LABEL}}", style="bold")
        t.append(value, style=style)
        t.append("\n")


def metadata_indents(c: Cable, plain: str) -> tuple[int, ...]:
    """The hanging indent of each line of ``plain``, the metadata block of ``c``: the label column
    for a field's lines, none for the subject's."""
    fields = (c.subject or "").count("\n") + 2  # the subject's lines and the blank line after them
    return tuple(LABEL if n >= fields and len(line) > LABEL and line[LABEL - 1] == " " else 0
                 for n, line in enumerate(plain.split("\n")))


def metadata(c: Cable) -> Text:
    """The metadata block, as the viewer shows it."""
    return metadata_styled(c).text()


def metadata_styled(c: Cable) -> Styled:
    # The glossary, here: ``cables parse`` prints no metadata block, and loads none of it.
    from parser.glossary import describe_address, describe_tag, explain_classification, explain_reason, near_note

    t = Styled()
    t.append(c.subject or NO_SUBJECT, style="bold" if c.subject else "dim italic")
    t.append("\n\n")
    _field(t, "Id", c.id)
    if c.archive_id and c.archive_id != c.id:
        _field(t, "Archive's id", c.archive_id)
    _field(t, "Date (UTC)", c.date.replace("T", " ").replace("+00:00", " UTC") if c.date else None)
    _field(t, "Precedence", precedence_words(c.precedence, c.info_precedence))
    if c.classification:
        # The band's own padding takes the label's last column: the marking's text starts where
        # every other field's value does.
        t.append(f"{'Classification':<{LABEL - 1}}", style="bold")
        t.append(f" {c.classification} ", style=class_style(c.classification))
        meaning = explain_classification(c.classification)
        if meaning:
            t.append(f"  {meaning}", style="dim")
        t.append("\n")
    _field(t, "Caveats", " ".join(c.caveats))
    _field(t, "From", c.origin)
    for label, addresses in (("To", c.to), ("Info", c.info)):
        if not addresses:
            continue
        t.append(f"{label:<{LABEL}}", style="bold")
        for n, a in enumerate(addresses):
            if n:
                t.append("; ", style="dim")
            t.append(a.name)
            decoded = describe_address(a.route, a.name) if a.route else None
            if decoded and decoded != a.name:
                t.append(f" ({a.route} = {decoded})", style="dim")
            if a.precedence:
                t.append(f" {a.precedence}", style="italic")
        t.append("\n")
    if c.tags:
        t.append(f"{'Tags':<{LABEL}}", style="bold")
        for n, tag in enumerate(c.tags):
            if n:
                t.append(" · ", style="dim")
            t.append(tag, style="bold cyan")
            meaning = describe_tag(tag)
            if meaning:
                t.append(f" {meaning}")
            elif tag.startswith("(") and tag.endswith(")"):  # OVIP, (KISSINGER, HENRY A): docs/formats-1970s.md
                t.append(" a person the TAGS name", style="dim italic")
            else:
                t.append(f" unknown tag{near_note(tag)}", style="dim italic")
        t.append("\n")
    if c.eo:
        t.append(f"{'E.O.':<{LABEL}}", style="bold")
        t.append(c.eo.text)
        if c.eo.decl:
            t.append(f"  declassify on {c.eo.decl}", style="dim")
        t.append("\n")
    _field(t, "Classified by", c.classified_by)
    _field(t, "Declassified", c.declassified)
    for n, r in enumerate(c.reasons):
        t.append(f"{'Reasons' if n == 0 else '':<{LABEL}}", style="bold")
        t.append(r)
        meaning = explain_reason(r)
        if meaning:
            t.append(f"  {meaning}", style="dim")
        t.append("\n")
    for n, ref in enumerate(c.references):
        t.append(f"{'References' if n == 0 else '':<{LABEL}}", style="bold")
        t.append(f"{ref.label + '. ' if ref.label else ''}{ref.text}")
        if ref.id:
            t.append(f"  → {ref.id}", style="cyan")
        t.append("\n")
    if c.concepts:
        _field(t, "Concepts", " · ".join(c.concepts))
    if c.partial:
        t.append("This record is a partial extract of the original cable.\n", style="italic yellow")
        for w in c.warnings:
            if w.kind == "partial":  # why, where the parser knows more than the notice
                t.append(f"{w.message[:1].upper()}{w.message[1:]}.\n", style="italic yellow")
    if c.metadata_only:
        t.append(f"This record has no text, only the archive's attributes ({c.metadata_only}).\n",
                 style="italic yellow")
    t.rstrip()
    return t


def attributes_styled(c: Cable) -> Styled:
    """The archive's attributes as it wrote them: after the text, where the National Archives'
    files have them (``Message Attributes`` after ``Message Text``), so the telegram is read first
    and not after dozens of lines of catalogue."""
    t = Styled()
    t.append("The archive's attributes, as written", style="bold underline")
    for key, value in c.attributes.items():
        t.append("\n")
        t.append(f"{key}: ", style="bold dim")
        t.append(value)
    return t


def paragraph_styled(p: Paragraph, anchor: str | None = None) -> Styled:
    """The paragraph as the viewer shows it, led by its number as ``anchor`` names it (``¶5b``:
    the second paragraph the cable numbers 5) and its portion marking."""
    t = Styled()
    if p.number is not None:
        name = anchor[5:] if anchor and anchor.startswith("para-") else p.number
        t.append(f" ¶{name} ", style="bold reverse")
        t.append(" ")
    if p.marking:
        t.append(f"({p.marking})", style=class_style(_mark_level(p.marking)))
        t.append(" ")
    t.append(p.text)
    return t


def _folded(text: str) -> str:
    """``text`` in lower case, one character for one (the few characters whose lower case is
    longer, such as "İ", are kept as they are): offsets in it are offsets in ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(low1 if len(low1 := ch.lower()) == 1 else ch for ch in text)


def find_spans(text: str, needles: list[str], limit: int) -> list[tuple[int, int]]:
    """Where any of ``needles`` is in ``text``, as plain text in any case: (start, end) in order,
    overlapping finds made one, at most ``limit`` of them. ``str.find`` runs in linear time, so a
    hostile text or needle costs what reading the text costs."""
    hay = _folded(text)
    found: list[tuple[int, int]] = []
    for needle in {_folded(n) for n in needles if n.strip()}:
        at = hay.find(needle)
        while at >= 0 and len(found) < 4 * limit:
            found.append((at, at + len(needle)))
            at = hay.find(needle, at + len(needle))
    out: list[tuple[int, int]] = []
    for a, b in sorted(found):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out[:limit]


def _mark_level(mark: str) -> str:
    first = mark.split("/")[0].upper()
    return {"U": "UNCLASSIFIED", "SBU": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET",
            "TS": "TOP SECRET"}.get(first, "")


def paragraph_anchor(p: Paragraph, n: int, occurrence: int = 1) -> str:
    """The anchor of the ``n``-th paragraph: ``para-3`` when numbered, else ``text-n``; a number
    the cable writes again is ``para-5b`` the second time (``parser.citation.label``: the name
    ``cables cite`` takes), so the go-to, a note and a citation all name one paragraph."""
    from parser.citation import label  # the citations' module only where a paragraph is named

    return f"para-{label(p.number, occurrence)}" if p.number is not None else f"text-{n}"


def paragraph_anchors(c: Cable) -> list[str]:
    """The anchor of each of ``c``'s paragraphs, in order."""
    seen: dict[int, int] = {}
    out = []
    for n, p in enumerate(c.paragraphs):
        if p.number is not None:
            seen[p.number] = seen.get(p.number, 0) + 1
        out.append(paragraph_anchor(p, n, seen.get(p.number, 1) if p.number is not None else 1))
    return out


def outline(c: Cable) -> Iterator[tuple[tuple[str, str] | None, str, Paragraph]]:
    """Each paragraph with its anchor, after the (anchor, title) of a section it opens: the one
    numbering of sections and paragraphs the viewer and the navigator share."""
    section = None
    sections = 0
    for p, anchor in zip(c.paragraphs, paragraph_anchors(c), strict=True):
        opens = None
        if p.section and p.section != section:
            section = p.section
            sections += 1
            opens = (f"section-{sections}", section)
        yield opens, anchor, p


def note_text(t: Text, note: str) -> tuple[int, ...]:
    """Append a note of the reader's to ``t`` (a paragraph, the header) on lines of its own: marked,
    in italics, each line made safe to show (a notes file is anyone's who could write it). Returns
    the hanging indent of each line added: a long line wraps under the note's text, not its mark."""
    lines = note.splitlines() or [""]
    for n, line in enumerate(lines):
        t.append("\n")
        t.append(NOTE_MARK if n == 0 else " " * len(NOTE_MARK), style="bold")
        t.append(terminal_safe(line), style="italic")
    return (len(NOTE_MARK),) * len(lines)


def pieces(c: Cable) -> Iterator[tuple[str, Styled, str]]:
    """The cable's parts in order as (anchor, text, kind): the metadata, each section's heading and
    paragraph, the signature, the archive's attributes. What the viewer shows (:func:`blocks`) and
    ``cables show`` prints."""
    yield "meta", metadata_styled(c), "meta"
    for opens, anchor, p in outline(c):
        if opens:
            yield opens[0], Styled(opens[1], style="bold underline"), "heading"
        yield anchor, paragraph_styled(p, anchor), "paragraph"
    if c.signature:
        yield "signature", Styled(c.signature, style="bold"), "signature"
    if c.attributes:
        yield "attributes", attributes_styled(c), "attributes"


def blocks(c: Cable, words: list[str] | None = None, notes: Mapping[str | None, str] | None = None) -> list[Block]:
    """The cable's parts for the viewer; ``words`` marked as hits in the paragraphs; ``notes`` (by
    paragraph anchor, None: the cable's) under the paragraph they are on, the cable's under the header."""
    notes = notes or {}
    out = []
    for anchor, piece, kind in pieces(c):
        text = piece.text()
        hanging: tuple[int, ...] = ()
        if kind == "meta":
            hanging = metadata_indents(c, text.plain)
            if None in notes:
                text.append("\n")
                hanging += (0, *note_text(text, notes[None]))
        elif kind == "paragraph":
            if words:
                text.highlight_words(words, style=HIT_STYLE, case_sensitive=False)
            if anchor in notes:
                hanging = (0,) * (text.plain.count("\n") + 1) + note_text(text, notes[anchor])
        out.append(Block(anchor, text, kind, hanging))
    return out


_MARKUP = lazy(r"&#?\w{1,8};|<[^<>\n]{0,400}>")  # a page's entities and tags
_WORDS = lazy(r"\w+")
_NEWLINE_ENTITY = "&#x000A;"  # how the cable site's pages write a line break
RAW_WINDOW = 20_000  # characters after the last part found in which the next one is looked for


def raw_marks(c: Cable) -> list[tuple[str, int]]:
    """Where each section heading and paragraph of ``c`` starts in its raw text, as (anchor,
    offset of the start of its line), in order: the raw view moves by paragraph and section too.

    A part is found by its first words, looked for after the part before it; one not found (a
    repair changed its words) is left out. Each search is bounded, and all of them together read
    the text a few times at most, so a hostile 10 MB cable costs what reading it costs."""
    raw = c.raw or ""
    # Entities and tags blanked to spaces of their length: offsets stay those of ``raw``.
    hay = _MARKUP.sub(lambda m: " " * len(m.group()), raw) if "<" in raw or "&" in raw else raw
    parts: list[tuple[str, str]] = []
    for opens, anchor, p in outline(c):
        if opens:
            parts.append(opens)
        parts.append((anchor, p.text))
    out: list[tuple[str, int]] = []
    pos = last = 0
    budget = 4 * len(hay) + 200_000
    for anchor, text in parts:
        words = _WORDS.findall(text[:300])[:4]
        if not words or budget <= 0:
            continue
        pattern = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)), re.IGNORECASE)
        end = min(len(hay), pos + RAW_WINDOW + 2 * len(text))
        m = pattern.search(hay, pos, end)
        budget -= (m.end() if m else end) - pos
        if m is None:
            continue
        start = m.start()
        entity = raw.rfind(_NEWLINE_ENTITY, last, start)
        line = max(raw.rfind("\n", last, start) + 1, entity + len(_NEWLINE_ENTITY) if entity >= 0 else 0)
        pos = m.end()
        if line <= last and out:
            continue  # on the line of the part before: the same place in the raw view
        out.append((anchor, line))
        last = line
    return out


def cable_text(c: Cable) -> Styled:
    """The whole cable as the viewer shows it, its parts one after another (for ``cables show``)."""
    t = Styled()
    for _, piece, _ in pieces(c):
        t.append_styled(piece)
        t.append("\n\n")
    return t


def parse_summary(name: str, c: Cable) -> Styled:
    """What ``cables parse`` says of a cable read from the file ``name``: its head, its counts,
    each repair the parser made."""
    t = Styled()
    t.append(f"{c.id or '(no id)'}", style="bold")
    t.append(f"  {c.date or '(no date)'}  {c.classification or '?'}  {c.origin or ''}\n")
    t.append(f"  {c.subject or ''}\n", style="italic")
    t.append(f"  tags {' '.join(c.tags)}; {sum(1 for p in c.paragraphs if p.number)} paragraphs; "
             f"{len(c.sections)} sections;{' a partial extract;' if c.partial else ''} from {terminal_safe(name)}\n",
             style="dim")
    for w in c.warnings:
        where = f"{name}:{w.line or '?'}"
        t.append(f"  warning: {terminal_safe(where)}: {terminal_safe(w.message)}\n", style="yellow")
    return t
