"""Citations of cables: a line of text, BibTeX, and CSL-JSON, the two forms reference managers
(Zotero, Mendeley, JabRef, pandoc) import. ``cables cite`` prints them, the reader's ``y`` copies
the line and its export writes the others.

What a citation holds is what the cable says of itself, nothing more: its reference id, subject
(the id where it has none), sending post (as its FM line writes it: ``AMEMBASSY ASTANA``,
``SECSTATE WASHDC``, ``USMISSION USUN NEW YORK``; one form for every post, never a guessed
capitalisation) and date, and where one is cited, a paragraph's number (or a range of them) and
portion marking. No URL, publisher or archive is written: a cable read from a local archive has no
sourced one.

A number a cable writes twice (09SANJOSE587 has two paragraphs numbered 5) is cited by its first
paragraph; ``5b`` names the second, ``5c`` a third: the reader shows the same name, goes to the
same paragraph and keeps a note on each apart (``tui.render.paragraph_anchor``).

Sources of the forms:

- CSL-JSON: the CSL data schema, ``citation-style-language/schema``,
  ``schemas/input/csl-data.json`` (an array of items; ``type`` and ``id`` required; ``type`` from
  its list; a date as ``{"date-parts": [[year, month, day]]}``; a name as ``{"literal": …}``).
  The type is ``report``: Zotero's schema (``zotero/zotero-schema``, ``schema.json``, the CSL
  mappings) imports a CSL ``report`` as its Report item, the ``number`` as the report number and
  the ``genre`` as the report type, where a cable's id and "Diplomatic cable" fit.
- BibTeX: Oren Patashnik, *BibTeXing* (btxdoc, 1988): ``@techreport`` takes ``author``,
  ``title``, ``institution``, ``year`` and the optional ``type``, ``number``, ``month`` and
  ``note``; ``month`` is written with the three-letter macros (``jul``); a field's braces must
  balance, counted without regard to backslashes, so a brace in the text is written
  ``\\textbraceleft{}``. ``date`` (ISO) is biblatex's field, which Zotero's BibTeX import reads.
  The ``institution`` is the sending post, as the author is: the body that wrote the cable.
- The locator's label: the CSL citation schema (``schemas/input/csl-citation.json``), a citation
  item's ``locator`` with its ``label`` from the CSL locator terms, ``paragraph`` among them;
  without one a processor takes the locator for a page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .cable import Cable, Paragraph

if TYPE_CHECKING:
    from .library import Library

GENRE = "Diplomatic cable"
CSL_TYPE = "report"
BIBTEX_TYPE = "techreport"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True, slots=True)
class Cited:
    """One cable as a citation names it; ``paragraph`` and ``marking`` pin a paragraph of it,
    ``note`` is the user's own (a bookmark's or a paragraph's note)."""

    id: str
    subject: str | None = None
    origin: str | None = None  # as the cable writes it: AMEMBASSY ASTANA
    date: str | None = None  # ISO: 2009-07-07T12:01:00+00:00, or a part of it
    classification: str | None = None
    paragraph: int | None = None
    marking: str | None = None
    note: str | None = None
    occurrence: int = 1  # 2: the second paragraph the cable numbers ``paragraph`` (``5b``)
    last: int | None = None  # a range of paragraphs: ``paragraph`` to ``last``

    @classmethod
    def of(cls, c: Cable, paragraph: int | None = None, note: str | None = None, occurrence: int = 1,
           last: int | None = None) -> Cited:
        if paragraph is not None and last is not None and last != paragraph:
            return cls(c.id or "", c.subject, c.origin, c.date, c.classification, paragraph, None, note, last=last)
        p = numbered(c, paragraph, occurrence) if paragraph is not None else None
        return cls(c.id or "", c.subject, c.origin, c.date, c.classification,
                   p.number if p else None, p.marking if p else None, note, occurrence if p else 1)

    @property
    def post(self) -> str:
        """The sending post as the cable's FM line writes it (``AMEMBASSY ASTANA``, ``SECSTATE
        WASHDC``): the one form every post has (``parser.posts``)."""
        return " ".join((self.origin or "").split())

    @property
    def title(self) -> str:
        """The subject, or where the cable has none its id: an entry without a title is refused
        or shown blank by reference managers."""
        return " ".join((self.subject or "").split()) or self.id

    @property
    def locator(self) -> str | None:
        """``2``, ``5b`` (the second ¶5), ``1-4`` (a range), or None: the whole cable."""
        if self.paragraph is None:
            return None
        if self.last is not None and self.last != self.paragraph:
            return f"{self.paragraph}-{self.last}"
        return label(self.paragraph, self.occurrence)

    def date_parts(self) -> list[int]:
        """[year, month, day], as much of it as the date has."""
        m = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", self.date or "")
        return [int(g) for g in m.groups() if g] if m else []

    @property
    def key(self) -> str:
        """The item's id in CSL-JSON and its key in BibTeX: the cable id, ``-pN`` after it where a
        paragraph is cited (a cable and a paragraph of it cited together are two items)."""
        return self.id + (f"-p{self.locator}" if self.locator is not None else "")

    def pinpoint(self) -> str:
        """``¶2 (C)``: the paragraph cited and its portion marking (an unnumbered one's marking
        alone), ``¶¶1-4`` for a range, or nothing."""
        lead = "¶¶" if self.last is not None and self.last != self.paragraph else "¶"
        return " ".join(p for p in (f"{lead}{self.locator}" if self.locator is not None else "",
                                    f"({self.marking})" if self.marking else "") if p)


@dataclass(frozen=True, slots=True)
class Asked:
    """A cable to cite, as asked for: its id, a paragraph of it, the user's note, and the subject
    a bookmark remembers (cited from that alone when the archives no longer hold the cable)."""

    id: str
    paragraph: int | None = None
    note: str | None = None
    subject: str | None = None
    occurrence: int = 1
    last: int | None = None

    @classmethod
    def parse(cls, written: str) -> Asked:
        """``09ASTANA1104``, ``09ASTANA1104:2`` (paragraph 2), ``:5b`` (the second paragraph
        numbered 5) or ``:1-4`` (paragraphs 1 to 4); ValueError for anything else after the colon."""
        cid, colon, para = written.strip().partition(":")
        if not colon:
            return cls(cid.strip().upper())
        m = _ASKED_PARA.fullmatch(para.strip().lower())
        if not m or (m["last"] and int(m["last"]) < int(m["first"])):
            raise ValueError(f"{written}: after the colon, a paragraph number (09ASTANA1104:2), "
                             "a range (09ASTANA1104:1-4) or a repeated number's second (09SANJOSE587:5b)")
        occurrence = ord(m["letter"]) - ord("a") + 1 if m["letter"] else 1
        return cls(cid.strip().upper(), int(m["first"]), occurrence=occurrence,
                   last=int(m["last"]) if m["last"] else None)

    @classmethod
    def of_bookmark(cls, b: dict[str, Any]) -> Asked:
        """A bookmark as the reader keeps it (``tui.state``): its id and subject, and its paragraph
        and note where it has them."""
        para, note, subject = b.get("paragraph"), b.get("note"), b.get("subject")
        return cls(str(b["id"]), para if type(para) is int else None, note if isinstance(note, str) else None,
                   subject if isinstance(subject, str) and subject else None)


_ASKED_PARA = re.compile(r"(?P<first>\d{1,6})(?:(?P<letter>[a-z])|-(?P<last>\d{1,6}))?")


def label(number: int, occurrence: int = 1) -> str:
    """``5`` for the first paragraph numbered 5, ``5b`` for the second, ``5c`` the third."""
    return str(number) + (chr(ord("a") + occurrence - 1) if 1 < occurrence <= 26 else "")


def numbered(c: Cable, number: int, occurrence: int = 1) -> Paragraph | None:
    """The ``occurrence``-th paragraph ``c`` numbers ``number`` (1: the first), if it has one."""
    found = [p for p in c.paragraphs if p.number == number]
    return found[occurrence - 1] if 0 < occurrence <= len(found) else None


def occurrences(c: Cable, number: int) -> int:
    """How many of ``c``'s paragraphs are numbered ``number``."""
    return sum(1 for p in c.paragraphs if p.number == number)


def repeated(c: Cable, number: int) -> str | None:
    """What to say where ``c`` writes ``number`` on more than one paragraph, else None."""
    count = occurrences(c, number)
    if count < 2:
        return None
    others = ", ".join(f"¶{label(number, n)}" for n in range(2, min(count, 26) + 1))
    return f"¶{number} is written {count} times in {c.id or 'the cable'}: ¶{number} is the first, {others} the next"


def lookup(lib: Library, asked: Iterable[Asked], notices: list[str] | None = None) -> tuple[list[Cited], list[str]]:
    """The citations of ``asked`` from the archives' index, and a line for each one that could
    not be cited as asked (not in the archives; no such paragraph). ``notices`` gets a line for
    each paragraph number a cited cable writes twice (cited all the same)."""
    cited: list[Cited] = []
    problems: list[str] = []
    for a in asked:
        entries = lib.find(a.id)
        if not entries:
            problems.append(f"{a.id}: not in these archives" + ("; cited from the bookmark alone" if a.subject else ""))
            if a.subject:
                cited.append(Cited(a.id, a.subject, note=a.note))
            continue
        if a.paragraph is None:  # the list's row says all a citation needs: nothing to parse
            row = lib.rows(entries[:1]).get(entries[0])
            if row is not None:
                cited.append(Cited(row.id or a.id, row.subject, row.origin, row.date, row.classification, note=a.note))
                continue
        c, notice = lib.read_cable(entries[0])
        if c is None:
            problems.append(f"{a.id}: could not be read again from the archive{f': {notice}' if notice else ''}")
            continue
        para, last = a.paragraph, a.last
        if para is not None and last is not None:
            missing = [n for n in range(para, last + 1) if c.paragraph(n) is None]
            if len(missing) == last - para + 1:
                problems.append(f"{a.id} has no paragraphs {para}-{last}; the cable is cited whole")
                para = last = None
            elif missing:
                problems.append(f"{a.id} has no paragraph {', '.join(map(str, missing))} of {para}-{last}; "
                                "the range is cited as asked")
        elif para is not None and numbered(c, para, a.occurrence) is None:
            problems.append(f"{a.id} has no paragraph {label(para, a.occurrence)}; the cable is cited whole")
        if para is not None and notices is not None and (last is not None or a.occurrence == 1):  # ``5b`` is plain
            for n in range(para, (last or para) + 1):
                if (said := repeated(c, n)) is not None and said not in notices:
                    notices.append(said)
        cited.append(Cited.of(c, para, a.note, a.occurrence, last))
    return cited, problems


def line(item: Cited) -> str:
    """``09ASTANA1104, "KAZAKHSTAN: ALMATY NOTES, JUNE 15-26", Embassy Astana, 2009-07-07, ¶2 (C)``."""
    subject = " ".join((item.subject or "").split())
    parts = [item.id, f'"{subject}"' if subject else "", item.post, (item.date or "")[:10], item.pinpoint()]
    return ", ".join(p for p in parts if p)


def text(items: Iterable[Cited]) -> str:
    """A citation line a cable, each with the user's note under it."""
    out = []
    for item in items:
        out.append(line(item))
        if item.note:
            out.append("  " + " ".join(item.note.split()))
    return "".join(f"{s}\n" for s in out)


def _note(item: Cited) -> str:
    """What a reference manager keeps in its note field: the classification, the paragraph, the user's note."""
    parts = [f"Classification: {item.classification}" if item.classification else "",
             f"Paragraph {item.pinpoint()}" if item.pinpoint() else "", " ".join((item.note or "").split())]
    return "; ".join(p for p in parts if p)


def csl_item(item: Cited) -> dict[str, Any]:
    d: dict[str, Any] = {"id": item.key, "type": CSL_TYPE}
    if item.title:
        d["title"] = item.title
    if item.post:
        d["author"] = [{"literal": item.post}]
    if parts := item.date_parts():
        d["issued"] = {"date-parts": [parts]}
    d["number"] = item.id
    d["genre"] = GENRE
    if item.locator is not None:
        d["locator"] = item.locator
        d["label"] = "paragraph"
    if note := _note(item):
        d["note"] = note
    return d


def unique(items: Iterable[Cited]) -> list[Cited]:
    """Each item once (by its key), in the order given: a reference manager wants each id once."""
    seen: dict[str, Cited] = {}
    for i in items:
        seen.setdefault(i.key, i)
    return list(seen.values())


def csl_json(items: Iterable[Cited]) -> str:
    """A CSL-JSON array, one item a cable (or a paragraph of one)."""
    return json.dumps([csl_item(i) for i in unique(items)], ensure_ascii=False, indent=2) + "\n"


# What TeX reads as commands, each written so it prints as itself (btxdoc; the LaTeX text commands).
_TEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%", "&": r"\&",
        "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
_TEX_CHARS = re.compile(r"[\\{}%&$#_^~]")
_KEY_BAD = re.compile(r"[^A-Za-z0-9_:.-]")


def bibtex_escape(value: str) -> str:
    """``value`` on one line, every character TeX would read as a command written as itself."""
    return _TEX_CHARS.sub(lambda m: _TEX[m.group()], " ".join(value.split()))


def bibtex_key(item: Cited) -> str:
    """The cable id as a key (letters and digits; anything else a reference manager would refuse, ``-``)."""
    return _KEY_BAD.sub("-", item.key) or "cable"


def bibtex_entry(item: Cited) -> str:
    fields: list[tuple[str, str]] = []
    if item.post:
        fields.append(("author", "{" + bibtex_escape(item.post) + "}"))  # a body, not a person's name
    if item.title:
        fields.append(("title", "{" + bibtex_escape(item.title) + "}"))  # its capitals kept as written
    if item.post:
        fields.append(("institution", "{" + bibtex_escape(item.post) + "}"))
    fields += [("type", bibtex_escape(GENRE)), ("number", bibtex_escape(item.id))]
    parts = item.date_parts()
    if parts:
        fields.append(("year", str(parts[0])))
    if len(parts) > 1 and 1 <= parts[1] <= 12:
        fields.append(("month", MONTHS[parts[1] - 1]))
    if parts:
        fields.append(("date", "-".join(f"{p:02d}" if n else str(p) for n, p in enumerate(parts))))
    if note := _note(item):
        fields.append(("note", bibtex_escape(note)))
    body = ",\n".join(f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{BIBTEX_TYPE}{{{bibtex_key(item)},\n{body}\n}}\n"


def bibtex(items: Iterable[Cited]) -> str:
    return "\n".join(bibtex_entry(i) for i in unique(items))


FORMATS = {"text": text, "bibtex": bibtex, "csl-json": csl_json}
EXTENSIONS = {"text": "txt", "bibtex": "bib", "csl-json": "json"}
