"""A cable as rich ``Text``: the metadata block, section headings, paragraphs with badges.

Everything from the cable goes in as plain strings appended to ``Text`` (never parsed as markup),
so ``[PHUM]``, ``[/x]`` or ``[@click=…]`` in a cable show as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.text import Text

from parser.cable import Cable, Paragraph
from parser.glossary import describe_address, describe_tag, explain_classification, explain_reason, near_note

CLASS_STYLES = {
    "TOP SECRET": "bold white on dark_red",
    "SECRET": "bold white on red",
    "CONFIDENTIAL": "bold black on dark_orange",
    "LIMITED OFFICIAL USE": "black on yellow",
    "UNCLASSIFIED": "black on green",
}
HIT_STYLE = "black on yellow"


def class_style(classification: str | None) -> str:
    if not classification:
        return "dim"
    base = classification.split("//")[0]
    return CLASS_STYLES.get(base, "default")


@dataclass(slots=True)
class Block:
    """One piece of the viewer: the metadata, a heading, or a paragraph (``anchor`` names it)."""

    anchor: str
    text: Text
    kind: str  # "meta", "heading", "paragraph", "signature"


def _field(t: Text, label: str, value: str | None, style: str = "") -> None:
    if value:
        t.append(f"{label:<15}", style="bold")
        t.append(value, style=style)
        t.append("\n")


def metadata(c: Cable) -> Text:
    t = Text()
    t.append(c.subject or "(no subject)", style="bold")
    t.append("\n\n")
    _field(t, "Id", c.id)
    _field(t, "Date (UTC)", c.date.replace("T", " ").replace("+00:00", " UTC") if c.date else None)
    _field(t, "Precedence", c.precedence)
    if c.classification:
        t.append(f"{'Classification':<15}", style="bold")
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
        t.append(f"{label:<15}", style="bold")
        for n, a in enumerate(addresses):
            if n:
                t.append("; ", style="dim")
            t.append(a.name)
            decoded = describe_address(a.route) if a.route else None
            if decoded and decoded != a.name:
                t.append(f" ({a.route} = {decoded})", style="dim")
            if a.precedence:
                t.append(f" {a.precedence}", style="italic")
        t.append("\n")
    if c.tags:
        t.append(f"{'Tags':<15}", style="bold")
        for n, tag in enumerate(c.tags):
            if n:
                t.append(" · ", style="dim")
            t.append(tag, style="bold cyan")
            meaning = describe_tag(tag)
            if meaning:
                t.append(f" {meaning}")
            else:
                t.append(f" unknown tag{near_note(tag)}", style="dim italic")
        t.append("\n")
    if c.eo:
        t.append(f"{'E.O.':<15}", style="bold")
        t.append(c.eo.text)
        if c.eo.decl:
            t.append(f"  declassify on {c.eo.decl}", style="dim")
        t.append("\n")
    _field(t, "Classified by", c.classified_by)
    _field(t, "Declassified", c.declassified)
    for n, r in enumerate(c.reasons):
        t.append(f"{'Reasons' if n == 0 else '':<15}", style="bold")
        t.append(r)
        meaning = explain_reason(r)
        if meaning:
            t.append(f"  {meaning}", style="dim")
        t.append("\n")
    for n, ref in enumerate(c.references):
        t.append(f"{'References' if n == 0 else '':<15}", style="bold")
        t.append(f"{ref.label + '. ' if ref.label else ''}{ref.text}")
        if ref.id:
            t.append(f"  → {ref.id}", style="cyan")
        t.append("\n")
    if c.partial:
        t.append("This record is a partial extract of the original cable.\n", style="italic yellow")
    t.rstrip()
    return t


def paragraph_text(p: Paragraph, words: list[str] | None = None) -> Text:
    t = Text()
    if p.number is not None:
        t.append(f" ¶{p.number} ", style="bold reverse")
        t.append(" ")
    if p.marking:
        t.append(f"({p.marking})", style=class_style(_mark_level(p.marking)))
        t.append(" ")
    t.append(p.text)
    if words:
        t.highlight_words(words, style=HIT_STYLE, case_sensitive=False)
    return t


def _mark_level(mark: str) -> str:
    first = mark.split("/")[0].upper()
    return {"U": "UNCLASSIFIED", "SBU": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET",
            "TS": "TOP SECRET"}.get(first, "")


def paragraph_anchor(p: Paragraph, n: int) -> str:
    """The anchor of the ``n``-th paragraph: ``para-3`` when numbered, else ``text-n``."""
    return f"para-{p.number}" if p.number is not None else f"text-{n}"


def outline(c: Cable) -> Iterator[tuple[tuple[str, str] | None, str, Paragraph]]:
    """Each paragraph with its anchor, after the (anchor, title) of a section it opens: the one
    numbering of sections and paragraphs the viewer and the navigator share."""
    section = None
    sections = 0
    for n, p in enumerate(c.paragraphs):
        opens = None
        if p.section and p.section != section:
            section = p.section
            sections += 1
            opens = (f"section-{sections}", section)
        yield opens, paragraph_anchor(p, n), p


def blocks(c: Cable, words: list[str] | None = None) -> list[Block]:
    out = [Block("meta", metadata(c), "meta")]
    for opens, anchor, p in outline(c):
        if opens:
            out.append(Block(opens[0], Text(opens[1], style="bold underline"), "heading"))
        out.append(Block(anchor, paragraph_text(p, words), "paragraph"))
    if c.signature:
        out.append(Block("signature", Text(c.signature, style="bold"), "signature"))
    return out


def cable_text(c: Cable) -> Text:
    """The whole cable as one ``Text`` (for ``cables show``)."""
    t = Text()
    for b in blocks(c):
        t.append_text(b.text)
        t.append("\n\n")
    return t


def citation(c: Cable) -> str:
    """``09ASTANA1104, "KAZAKHSTAN: ALMATY NOTES, JUNE 15-26", Embassy Astana, 2009-07-07``."""
    origin = c.origin or ""
    for prefix, word in (("AMEMBASSY ", "Embassy "), ("AMCONSUL ", "Consulate "), ("USMISSION ", "Mission ")):
        if origin.upper().startswith(prefix):
            origin = word + origin[len(prefix):].title()
    return f'{c.id}, "{c.subject or ""}", {origin}, {(c.date or "")[:10]}'
