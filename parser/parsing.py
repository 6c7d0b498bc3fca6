"""``parse``: any input → list of :class:`~parser.cable.Cable`, under a :class:`Policy`.

Like the standard library's ``email`` parser, the work is split in two: a form module finds each
cable's routing header, body and metadata (:mod:`parser.formats`); this module reads them into a
``Cable`` (:mod:`parser.header`, :mod:`parser.body`), preferring what the text says over what the
form's metadata says, and noting every repair as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from .body import BodyFields, BodyParser, references
from .cable import Cable, Reference
from .classification import cable_classification
from .errors import ParseError
from .formats import Source, split
from .formats.detect import detect
from .formats.page import without_navigation
from .header import de_line, parse_header
from .ids import DTG_OWN_RE, REF_ID_RE, canonical_id, make_id, parse_dtg, parse_loose_date, year4
from .posts import station_from_origin
from .regex import lazy
from .text import clean, clean_line, decode, normalize_newlines

_PARTIAL = "This record is a partial extract"
_STATION_OF_ID = lazy(r"^\d{2}([A-Z]+?)\d+$")


@dataclass(frozen=True, slots=True)
class Policy:
    """How strict to be. The default repairs what it can and records a warning for each repair;
    ``strict`` turns the first warning into a :class:`ParseError` instead. ``max_bytes`` bounds
    one input (a cable is never larger than a few hundred kilobytes; 64 MB is far past any).

    ``paragraphs=False`` reads everything but the body's structure: no paragraphs, sections,
    comment or signature, and ``summary`` only says whether there is one, read from the body's
    lines as written from its first mention on (reading the paragraphs decides otherwise for 5 of
    the 6,310 corpus pages).
    That is what the archive index stores (the structure is read again when a cable is opened),
    for two thirds of the work.
    """

    strict: bool = False
    max_bytes: int = 64 * 1024 * 1024
    paragraphs: bool = True


DEFAULT = Policy()
STRICT = Policy(strict=True)
HEAD_ONLY = Policy(paragraphs=False)


def parse(data: str | bytes, *, name: str | None = None, policy: Policy = DEFAULT) -> list[Cable]:
    """Parse every cable in ``data`` (a page, text, Markdown, csv or JSON file's contents).

    Never raises anything but :class:`ParseError` (for input too large or a broken JSON answer;
    under a strict policy, for any repair as well).
    """
    if len(data) > policy.max_bytes:
        raise ParseError(f"input is {len(data):,} bytes, over the limit of {policy.max_bytes:,}", name=name)
    text = decode(without_navigation(data))[0] if isinstance(data, bytes) else data
    text = normalize_newlines(text)
    if not text.strip():
        return []
    form = detect(text, name)
    if why := not_a_cable_file(text, form):
        raise ParseError(why, name=name)
    try:
        sources = split(text, name, form)
        cables = [build(src, name, policy.paragraphs) for src in sources]
    except ParseError:
        raise
    except RecursionError as e:  # pragma: no cover - nothing recursive is expected
        raise ParseError(f"input too deeply nested: {e}", name=name) from None
    if cables and not any(map(_is_cable, cables)):
        raise ParseError("not a cable: no reference id, classification, subject or TAGS in it", name=name)
    if policy.strict:
        for c in cables:
            if c.warnings:
                w = c.warnings[0]
                raise ParseError(f"{w.kind}: {w.message}", name=name, line=w.line)
    return cables


def not_a_cable_file(text: str, form: str) -> str | None:
    """Why a file (its ``form`` detected) is plainly no cable at all: a PDF, a web page other than
    a cable site's; else None."""
    if form == "page":
        return None
    head = text[:1024].lstrip().lower()
    if head.startswith("%pdf-"):
        return "a PDF document, not a cable"
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return "a web page without a cable in it (no <pre> block of cable text)"
    return None


def _is_cable(c: Cable) -> bool:
    """Whether what was read has anything of a cable: an id, a classification, a subject, TAGS."""
    return bool(c.id or c.classification or c.subject or c.tags)


def parse_source(src: Source, name: str | None = None, policy: Policy = DEFAULT) -> Cable:
    """Read one already split :class:`Source` (the archive layer streams csv rows this way)."""
    return build(src, name, policy.paragraphs)


_HEADER_DE = lazy(r"(?m)^ *DE +[A-Z]{4,7} +#(\d{1,6})")
_BODY_DE = lazy(r"(?m)^DE [A-Z]{4,7} #(\d{1,6})")
_BODY_FM = lazy(r"(?m)^FM ([A-Z][A-Z .]{2,40}?) *$")
_PAGE_ONE = lazy(r"(?m)^PAGE 01 +([A-Z][A-Z ]{1,30}?) +(\d{3,6}) ")
_DATE_LINE = lazy(r"^(?:[A-Z][a-z]+day, )?\d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d{2}\b")


def _body_date(body: str) -> str | None:
    """The cable's own date when the body carries it: a date-time group alone on one of the first
    lines (``291359Z Nov 00``) or as the message's own inside flowed text (``O 071013Z MAR 02 FM``),
    or an export's date line (``Thursday, 07 March 2002, 10:13``). Never a date from the prose."""
    seen = 0
    for line in body[:1500].split("\n"):
        s = line.strip()
        if not s or s.startswith("This record is a partial"):
            continue
        seen += 1
        if seen > 4:
            break
        if len(s) <= 24 and (found := parse_dtg(s)):
            return found[0]
        if m := _DATE_LINE.match(s):
            return parse_loose_date(m.group(0))
    m = DTG_OWN_RE.search(body[:8000]) if "FM " in body[:8000] else None
    if m and (found := parse_dtg(m.group(1))):
        return found[0]
    return None


# The State Department's stamp on a declassified telegram, often after the signer, wrapped or not.
_STAMP = lazy(r"Declassified/Released US Department of State EO\s{1,10}Systematic\s{1,10}Review\s{1,10}"
                    r"\d{1,2} [A-Z][A-Za-z]{2} \d{4}")


def _without_stamps(body: str, cable: Cable) -> str:
    """The body without its declassification stamps, kept as the cable's ``declassified`` field:
    the stamp is no part of the telegram's text (the signer above it, the paragraph before)."""
    if m := _STAMP.search(body):
        cable.declassified = " ".join(m.group(0).split())
        body = _STAMP.sub("", body)
    return body


def _name_id(name: str | None) -> str | None:
    if not name:
        return None
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.split(".", 1)[0]
    return canonical_id(stem) if REF_ID_RE.match(stem.upper()) else None


def _take_body(cable: Cable, fields: BodyFields) -> None:
    """Put what the body says into ``cable``: the header gave the routing fields (and the subject
    of an e-mail copy, which the body's SUBJECT line replaces)."""
    cable.partial = cable.partial or fields.partial
    cable.caveats = fields.caveats
    cable.tags = fields.tags
    if fields.subject is not None:
        cable.subject = fields.subject
    cable.eo = fields.eo
    cable.classified_by = fields.classified_by
    cable.reasons = fields.reasons
    cable.sections = fields.sections
    cable.paragraphs = fields.paragraphs
    cable.summary = fields.summary
    cable.comment = fields.comment
    cable.signature = fields.signature
    cable.warnings.extend(fields.warnings)


def _id_year(rid: str | None) -> int | None:
    """The year a cable id begins with (``06BISHKEK123`` → 2006)."""
    return year4(int(rid[:2])) if rid and rid[:2].isdigit() else None


_PLAUSIBLE_YEARS = (1900, 2099)  # metadata dates outside these are placeholders (0001-01-01, 9999-12-31)

def build(src: Source, name: str | None = None, paragraphs: bool = True) -> Cable:
    header = clean(src.header).strip("\n")
    body = clean(src.body)
    meta = {k: clean_line(v) for k, v in src.meta.items()}
    cable = Cable(source_format=src.source_format, name=name, row=src.row,
                  header_text=header, body_text=body.strip("\n"), raw_text=clean(src.raw).strip("\n"))
    header_lines = header.split("\n") if header else []
    parse_header(header_lines, cable)
    if "Declassified/Released" in body:
        body = _without_stamps(body, cable)
    fields = BodyParser(body.split("\n"), src.first_line, paragraphs, preview="\nrefid: " in cable.body_text).run()
    _take_body(cable, fields)
    idline = fields.idline
    if meta.get("partial") or _PARTIAL in body or _PARTIAL in header:
        cable.partial = True  # the notice opens the text, follows the routing header or fills its block

    # Date: the date-time group, else the form's metadata.
    if cable.date is None:
        cable.date = _body_date(body)
    if cable.date is None and meta.get("date"):
        cable.date = parse_loose_date(meta["date"])
        if cable.date and not _PLAUSIBLE_YEARS[0] <= int(cable.date[:4]) <= _PLAUSIBLE_YEARS[1]:
            # ``0001-01-01``, ``9999-12-31``: a placeholder, not when a telegram was sent; the id's
            # year must not come from it.
            cable.warn("date", None, f"the metadata date {cable.date[:10]} is no telegram's date; left out")
            cable.date = None
    if cable.origin is None and not header_lines and (fm := _BODY_FM.search(body[:8000])):
        cable.origin = fm.group(1).strip()  # an old telegram's FM line inside the body
    # Id: the body's id line, else the DE line, else the form's metadata, else the file name.
    year = int(cable.date[:4]) if cable.date else None
    rid = None
    if idline and idline.station and idline.serial:
        serial = idline.serial.lstrip("0")
        if 0 < len(serial) < 4 and (whole := _HEADER_DE.search(header)) and \
                len(de_serial := whole.group(1).lstrip("0")) > len(serial) and de_serial.startswith(serial):
            # The id line's serial cut short (``BUENOS AIRES 00167SIPDIS``, DE line ``#1673``).
            cable.warn("id_line", None, f"the id line's serial {idline.serial} is cut short; the DE line gives "
                                        f"{whole.group(1)}")
            serial = de_serial
        rid = make_id(year, idline.station, serial)
    if rid is None and (page := _PAGE_ONE.search(body[:3000])):
        rid = make_id(year, page.group(1), page.group(2))
    if rid is None:
        # The DE line's serial and the FM line's post: in the header, or in a body that holds
        # a header of its own (old telegram exports).
        de = de_line(header_lines)
        origin = cable.origin
        if de is None and (m := _BODY_DE.search(body[:8000])):
            de = ("", m.group(1))
        station = station_from_origin(origin)
        if de and station:
            rid = make_id(year, station, de[1])
    meta_id = canonical_id(meta["id"]) if meta.get("id") else None
    if rid is None:
        rid = meta_id or _name_id(name)
        if rid is None:
            cable.warn("no_id", None, "no reference id in the text, its metadata or its file name")
    elif meta_id and meta_id != rid:
        cable.warn("id_mismatch", None, f"the text gives {rid}, the metadata {meta_id}")
    cable.id = rid
    if rid and (m := _STATION_OF_ID.match(rid)):
        cable.station = m.group(1)
    if cable.origin is None and meta.get("origin"):
        cable.origin = meta["origin"]
    if cable.subject is None and meta.get("subject"):
        cable.subject = meta["subject"]
    if not cable.tags and meta.get("tags"):
        cable.tags = meta["tags"].split()
    if fields.ref_block:
        # The REF list's cables are of the cable's own year where they write none: its date's,
        # else (no date in the text or its metadata) its id's.
        cable.references = references(fields.ref_block, year or _id_year(cable.id), cable.id)
    if meta.get("references"):  # a release row's list: the cables the text does not name
        named = {r.id for r in cable.references}
        for written in meta["references"].split("|"):
            if written and (rid := canonical_id(written)) not in named:
                cable.references.append(Reference(None, written, rid))
                named.add(rid)

    cable.classification = cable_classification(cable, idline.classification if idline else None,
                                                header_lines, meta.get("classification"), body)
    if src.complete is not None:
        src.complete(cable)
    return cable
