"""The body of a cable: id line, captions, E.O., TAGS, SUBJECT, REF, Classified By, then the
numbered paragraphs, section headings, summary, comment and signature.

The body is read line by line with a small state machine; regexes are anchored or bounded so the
whole pass is linear in the size of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cable import Cable, ExecutiveOrder, Paragraph, Reference, Section
from .ids import make_id, parse_us_date, year4
from .text import clean_line

PARTIAL_SENTENCE = "This record is a partial extract of the original cable."
PARTIAL_TAIL = "The full text of the original cable is not available."

CAPTION_WORDS = frozenset({
    "SIPDIS", "NOFORN", "SENSITIVE", "EXDIS", "NODIS", "LIMDIS", "STADIS", "NOCONTRACT", "ORCON",
    "PROPIN", "FOUO", "NOFORN/SIPDIS", "SIPDIS/NOFORN", "CHEROKEE", "ROGER", "DISSENT", "CHANNEL",
    "EFTO", "TERREP", "CORRECTED", "COPY", "MED", "PER",
})
CAVEAT_WORDS = frozenset({"SIPDIS", "NOFORN", "SENSITIVE", "EXDIS", "NODIS", "LIMDIS", "STADIS",
                          "NOCONTRACT", "ORCON", "PROPIN", "FOUO", "EFTO", "CHEROKEE"})
MARK_TOKENS = frozenset({
    "U", "C", "S", "TS", "SBU", "FOUO", "NF", "NOFORN", "REL", "FGI", "LOU", "SI", "TK", "OC",
    "ORCON", "N", "PROPIN", "EFTO", "E", "CNF", "SNF", "S/NF", "C/NF", "SBU/NF", "LIMDIS", "EXDIS",
    "NODIS", "UNCLAS", "CONF", "SECRET",
})
_CLASS_PREFIXES = (
    ("TOPSECRET", "TOP SECRET"), ("UNCLASSIFIED", "UNCLASSIFIED"), ("UNCLAS", "UNCLASSIFIED"),
    ("CONFIDENTIAL", "CONFIDENTIAL"), ("SECRET", "SECRET"),
    ("LIMITEDOFFICIALUSE", "LIMITED OFFICIAL USE"),
)
_ID_SKIP = frozenset({
    "UNCLAS", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "SENSITIVE", "EFTO", "NOFORN", "SIPDIS",
    "EXDIS", "NODIS", "LIMDIS", "FINAL", "FOUO", "PAGE", "SECTION",
})

_PARA_RE = re.compile(r"^(¶)? ?(\d{1,3}) ?[.,](?=\s|\(|$) *")
_PARA_PILCROW_ONLY = re.compile(r"^¶ ?(\d{1,3})\b\.? *")
_PARA_GLUED = re.compile(r"^(\d{1,3})\.(?=[A-Z][A-Za-z])")  # ``1.KEY POINTS``, ``1.Text``
_SENTENCE_END = frozenset('.:;!?")\u201d')
_MARK_RE = re.compile(r"^\(?([A-Za-z]{1,6}(?:/{1,2}[A-Za-z]{1,6}){0,4})\)[ .:]*")
_DASHES = re.compile(r"^-{3,}[- ]*$")
_PAGE_LINE = re.compile(r"^[A-Z][A-Z .'-]{1,30} {1,3}\d{5,9} {1,3}\d{3}(?:\.\d)? {1,3}OF {1,3}\d{3}$")
_OLD_PAGE = re.compile(r"^PAGE \d{2,3} ")
_BANNER = re.compile(r"SECTION \d{1,3} OF \d{1,3}\b")
_BANNER_LOOSE = re.compile(r"\b(?:SECTION|ECTION|SCTION|SECTON|SECTIO|CTION) ?\d{1,3} ?[OG]F ?\d{1,3}\b")
_TAGS_KEY = re.compile(r"^(?:TAGS?|TAGE|TAS|TGS|TAGSS)\b *:? *", re.IGNORECASE)
_SUBJ_KEY = re.compile(r"^(?:SUBJECT|SUBJ|SUBECT|SUBJET)\b *:? *", re.IGNORECASE)
_REF_KEY = re.compile(r"^(?:REFS?|REFTELS?|REFERENCES?|REF\(S\))\b *:? *", re.IGNORECASE)
_EO_KEY = re.compile(r"^(?:E\. ?O\.?|EO|E\.0\.) ?(\d{4,5})?\b *:? *", re.IGNORECASE)
_CLASSBY_KEY = re.compile(r"^\(?[UC]?\)? ?(?:CLASSIFIED|CLASSIFED|DECLASSIFIED) +BY\b *:? *", re.IGNORECASE)
_REF_LABEL = re.compile(r"(?:^|(?<=[\s;,]))¶?\(?([A-Za-z])[.)] +")
_REF_CABLE = re.compile(
    r"\b(?:(\d{2}|\d{4}) +)?([A-Za-z][A-Za-z'.-]{1,20}(?: [A-Za-z][A-Za-z'.-]{1,20}){0,2}) +0*(\d{1,6})\b")
_REF_ID_WRITTEN = re.compile(r"\b(\d{2})([A-Z]{3,25})(\d{1,7})\b")
# Words that are never a station's: a month, a preposition, a paragraph or page (``OF MAY 15``).
_NOT_STATION = frozenset({
    "JAN", "JANUARY", "FEB", "FEBRUARY", "MAR", "MARCH", "APR", "APRIL", "MAY", "JUN", "JUNE", "JUL",
    "JULY", "AUG", "AUGUST", "SEP", "SEPT", "SEPTEMBER", "OCT", "OCTOBER", "NOV", "NOVEMBER", "DEC",
    "DECEMBER", "OF", "ON", "IN", "AT", "THE", "AND", "DATED", "TO", "FROM", "BY", "FOR", "NO", "NR",
    "NUMBER", "PARA", "PARAS", "PARAGRAPH", "PAGE", "SECTION", "E.O", "EO", "REF", "REFTEL", "ITEM",
    "PUBLIC", "LAW", "RES", "RESOLUTION", "ARTICLE", "ANNEX", "TELCON", "MEMCON",
})
# After a cable's serial: a date's year (``MAY 15, 1972``) or a page banner's count (``001.2 OF 006``).
_AFTER_CABLE = re.compile(r",? ?(?:1[89]\d\d|20\d\d)\b| {1,3}\d{3}(?:\.\d)? {1,3}OF {1,3}\d{3}")
_BLOCK_OPEN = re.compile(r"(?: AND COMMENT)? ?[:.-]+ *")
_REASON_SPLIT = re.compile(r"[,.;:]? *\b(?:for +|under +)?(?:reasons?|E\.? ?O\.? ?1)", re.IGNORECASE)
_REASON_NUM = re.compile(r"\b1\. ?([45])")
_REASON_LETTER = re.compile(r"(?<![A-Za-z])([A-Ha-h])(?![A-Za-z])")
# Field keys that flowed text glues onto the end of the line before (``…DECL: 02/03/2020TAGS: …``).
_GLUED_KEY = re.compile(
    r"(?<=\S)(?= ?(?:E\.O\. ?1\d{4}|EO 1\d{4}\b|TAGS(?:: | [A-Z]{2})|SUBJECT: |SUBJ: |REFS?: |REFTEL: |Tags: |"
    r"Subject: |Classified By:|CLASSIFIED BY:|Classified by:))")


def _may_glue(s: str) -> bool:
    """Whether ``_GLUED_KEY`` can match ``s``: each of its keys holds a colon, ``O 1``/``O.1``/``O. 1``
    (an E.O. number) or ``TAGS ``. Checked first: the search tries every position of the line."""
    return ":" in s or "O 1" in s or "O.1" in s or "O. 1" in s or "TAGS " in s


_SITE_PREFIX = re.compile(r"^(?:ID: ?\d{1,9} ?)?Cable dated: ?\S{10,25}?(?=[A-Z ]{3}|$)")
_DATE_PREFIX = re.compile(r"^(?:[A-Z][a-z]+day, )?\d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d{2}\b")
_GLUED_SIGNATURE = re.compile(r"^(.*[.!?)\"]) +([A-Z][A-Z'-]{2,20})$")
_LIST_ITEM = r"^(?:[-*o]|[A-Za-z0-9]{1,3}[.)]|\([A-Za-z0-9]{1,3}\)) "  # ``- ``, ``a) ``, ``(ii) ``
_LIST_START = re.compile(_LIST_ITEM)  # a line opening a list item
_LIST_LINE = re.compile(_LIST_ITEM, re.MULTILINE)  # any line of a text opening one

REF_SCAN = 400  # characters of a REF item read for the cables it names (a damaged page glues the body on)
SUMMARY_WINDOW = 3000  # characters read from the first mention of a summary (head-only parse)

NOT_SIGNATURES = frozenset({"END", "COMMENT", "SUMMARY", "SIPDIS", "NOFORN", "BT", "NNNN"})


@dataclass(slots=True)
class IdLine:
    classification: str | None
    station: str | None
    serial: str | None
    repaired: bool
    end: int = 0  # where the serial ends in the line (0 without a serial)


def classification_of(line: str) -> str | None:
    """The classification word(s) a body line opens with, spaced or lower-case."""
    upper = line[:60].upper()
    compact = upper.replace(" ", "")
    for prefix, value in _CLASS_PREFIXES:
        if compact.startswith(prefix) or (compact[:1] == compact[1:2] and compact[1:].startswith(prefix)):
            if upper.startswith(prefix) and upper[len(prefix):len(prefix) + 1].isalpha() and prefix != "UNCLAS":
                return None  # a longer word: ``Secretary Ambuehl…``, ``CONFIDENTIALITY``
            return value
    return None


def _after_classification(upper: str) -> str:
    """The rest of a line after its (possibly spaced) classification words."""
    compact = upper[:60].replace(" ", "")
    doubled = compact[:1] == compact[1:2]  # ``SS E C R E T``, ``UUNCLAS``
    for prefix, _ in _CLASS_PREFIXES:
        if compact.startswith(prefix) or (doubled and compact[1:].startswith(prefix)):
            need, pos = len(prefix) + (not compact.startswith(prefix)), 0
            while need and pos < len(upper):
                if upper[pos] != " ":
                    need -= 1
                pos += 1
            return upper[pos:]
    return upper


def parse_id_line(line: str) -> IdLine | None:
    """``C O N F I D E N T I A L SECTION 01 OF 02 SANAA 001632`` → class, station, serial.

    Mangled banners (``ECTION 01 OF 02 MANAMA 000492``) and serials glued to the next word
    (``00167SIPDIS``) are read too; a station redacted to ``XXXXXX`` is no station.
    """
    cls = classification_of(line)
    upper = line.upper()
    banner = _BANNER_LOOSE.search(upper[:120])
    if cls is None and banner is None:
        return None
    rest = upper[banner.end():] if banner else _after_classification(upper)
    words = rest.replace(",", " ").split()[:12]
    serial = None
    station: list[str] = []
    for w in words:  # the serial is the first number after the station's words
        digits = len(w) - len(w.lstrip("0123456789"))
        if digits >= 2:
            serial = w[:digits]
            break
        if w not in _ID_SKIP and len(w) > 1 and w.replace("-", "").replace(".", "").replace("'", "").isalpha():
            station.append(w)
    name = " ".join(station[-4:]) or None
    if name and set(name.replace(" ", "")) == {"X"}:
        name = None
    end = upper.find(serial, len(upper) - len(rest)) + len(serial) if serial else 0
    return IdLine(cls, name, serial, cls is None, end)


def _ends_sentence(lines: list[str]) -> bool:
    """Whether the last line of a paragraph so far ends a sentence (so the next may open one)."""
    return bool(lines) and bool(lines[-1]) and lines[-1][-1] in _SENTENCE_END


def _opens_paragraph(lines: list[str], s: str, at: int) -> bool:
    """Whether a numbered line with no blank line before it opens the next paragraph: a portion
    mark follows the number (``9. (C) Among…``), or the line before ends a sentence and a capital
    follows."""
    rest = s[at:at + 2].lstrip()
    return _marked(s, len(s) - len(s[at:].lstrip())) or (_ends_sentence(lines) and rest[:1].isupper())


def _marked(s: str, at: int) -> bool:
    """Whether a portion marking (``(C)``, ``(S//NF)``) stands at ``at`` in ``s``."""
    return s[at:at + 1] == "(" and (mm := _MARK_RE.match(s[at:at + 40])) is not None and _is_marking(mm.group(1))


def _is_marking(text: str) -> bool:
    """Whether ``text`` (what stands in parentheses) is a portion marking: ``C``, ``S//NF``, ``SBU``."""
    return all(t.upper() in MARK_TOKENS for t in text.replace("//", "/").split("/"))


def _glued_heading(s: str) -> tuple[str, str] | None:
    """(text before, title) for a line ending in a dashed rule under a heading: the heading is what
    follows the line's last sentence (``…producer. DOMESTIC POLITICS: ORANGE HASH ------``, ``…on
    little. Comment -------``), or the whole line before the rule when it is short."""
    body = s.rstrip("- ")
    if len(s) - len(body) < 4 or not body or body[-1] in ".,;":
        return None
    words = body.split(" ")
    k = len(words)  # a run of words in capitals (``U.S.`` among them) back to the last sentence
    while k and words[k - 1] == words[k - 1].upper() and (
            words[k - 1][-1:] not in (".", "!", "?") or words[k - 1].count(".") > 1):
        k -= 1
    if k == len(words):  # a heading in small letters: what follows the last sentence's end
        end = max(body.rfind(". "), body.rfind("? "), body.rfind("! "), body.rfind('." '))
        k = body[:end + 2].count(" ") if 0 < end and len(body) - end <= 62 else 0
    title = " ".join(words[k:]).strip()
    before = " ".join(words[:k]).strip()
    if before and before[-1] in _SENTENCE_END and title[:1].isupper() and sum(ch.isalpha() for ch in title) >= 3:
        return before, title
    if not before and len(body) <= 90 and sum(ch.isalpha() for ch in body) >= 3:
        return "", body.strip(" -")  # the whole line is the heading (``Comment ------``)
    return None


def _caption_words(line: str) -> list[str] | None:
    """The caveat words if ``line`` is a caption line (``SIPDIS``, ``NOFORN SIPDIS``), else None."""
    words = line.upper().replace(",", " ").replace(".", " ").split()
    if not words or len(words) > 6:
        return None
    if " ".join(words) in ("FOR OFFICIAL USE ONLY", "E F T O", "C O R R E C T E D C O P Y"):
        return ["FOUO"] if words[0] == "FOR" else (["EFTO"] if words[0] == "E" else [])
    if all(w in CAPTION_WORDS for w in words):
        return [w for w in words if w in CAVEAT_WORDS]
    return None


_NOISE_LINES = frozenset({"BT", "NNNN", "NNN", "#", "NNNN.", "CONFIDENTIAL", "UNCLASSIFIED", "SECRET",
                          "LIMITED OFFICIAL USE", "C O N F I D E N T I A L", "S E C R E T"})


def _is_noise(s: str) -> bool:
    """Transmission debris inside the body: BT, NNNN, page lines, section banners."""
    if s in _NOISE_LINES or s.startswith("NNNN") or (s[0] == "#" and s[1:].isdigit()):
        return True
    last = s[-1]
    if not (last.isdigit() or last == "Z"):  # banners and page lines end in a number or a DTG
        return False
    if s[0] == "P" and _OLD_PAGE.match(s):
        return True
    if "OF" in s and (_PAGE_LINE.match(s) or (_BANNER.search(s) and len(s) < 90
                                              and (classification_of(s) or "ECTION" in s[:12]))):
        return True
    return False


def _tags(text: str) -> list[str]:
    """TAGS codes in order, each once; stops where the field visibly ends (a ``KEY:`` glued on,
    or the spaced letters of a classification line)."""
    out: list[str] = []
    singles = 0
    for raw in text.replace(",", " ").replace(";", " ").split():
        if raw.endswith(":") and len(raw) > 2:
            break
        tok = raw.strip("()[]{}.:;").upper()
        if len(tok) == 1:
            singles += 1
            if singles >= 3:
                break
            continue
        singles = 0
        if tok and tok != tok.lower() and tok not in out and len(tok) <= 30:  # has a letter
            out.append(tok)
    return out


def _tag_like(line: str) -> bool:
    """A wrapped continuation of a TAGS line: short code-like words only."""
    words = line.replace(",", " ").split()
    return 0 < len(words) <= 12 and len(line) <= 90 and all(
        len(w) <= 14 and (w.isupper() or w.islower()) and not w.endswith(".") for w in words)


def _references(text: str, year: int | None) -> list[Reference]:
    """Split a REF block into its items and find the cable each names: labelled items
    (``A. STATE 15648``, ``¶B. CAIRO 451``), else every cable named in the block, however the
    names are separated (``;``, ``:``, ``,``, ``AND``); prose that names none is one item without
    an id."""
    items: list[tuple[str | None, str]] = []
    labels = list(_REF_LABEL.finditer(text))
    # A single leading label with no siblings is a letter of the text, not a list label.
    if len(labels) >= 1 and labels[0].start() <= 1:
        for k, m in enumerate(labels):
            end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
            items.append((m.group(1).upper(), text[m.end():end].strip(" ;,\n")))
    else:
        items.append((None, text.strip()))
    refs: list[Reference] = []
    for label, item in items:
        item = " ".join(item.split())
        if not item:
            continue
        named = _cables_named(item[:REF_SCAN], year)
        if len(named) > 1:
            first = item if label else named[0][0]
            refs.append(Reference(label, first, named[0][1]))
            refs.extend(Reference(label, written, rid) for written, rid in named[1:])
        else:
            refs.append(Reference(label, item, named[0][1] if named else None))
    return refs


def _cables_named(item: str, year: int | None) -> list[tuple[str, str | None]]:
    """(as written, reference id) for each cable an item names, in order: ``STATE 272523``,
    ``08 CAIRO 2430``, ``09ASTANA1104``; never a date (``MAY 15, 1972``), prose (``A-077 OF MAY
    15``) or a page banner (``NEW DELHI 00009127 001.2 OF 006``). The id is None where the year
    is unknown."""
    found: list[tuple[int, str, str | None]] = [
        (m.start(), item[m.start():m.end()], make_id(int(m.group(1)), m.group(2), m.group(3)))
        for m in _REF_ID_WRITTEN.finditer(item.upper())]
    for m in _REF_CABLE.finditer(item):
        if _AFTER_CABLE.match(item, m.end()):
            continue
        words = m.group(2).upper().split(" ")
        k = 0
        while k < len(words) and words[k].strip(".'") in _NOT_STATION:
            k += 1  # ``AND USUN 6028``: the station starts after the joining words
        if k == len(words) or any(w.strip(".'") in _NOT_STATION for w in words[k:]):
            continue
        if k:
            start, yr = m.start(2) + sum(len(w) + 1 for w in words[:k]), year
        else:
            start, yr = m.start(), year4(int(m.group(1))) if m.group(1) else year
        found.append((start, item[start:m.end()], make_id(yr, " ".join(words[k:]), m.group(3))))
    if len(found) > 1:
        found.sort()
    return [(written, rid) for _, written, rid in found]


def reference_id(written: str, year: int | None) -> str | None:
    """The reference id of the first cable ``written`` names, in ``year`` where it gives none
    (``ASTANA 1000`` in 2009 → ``09ASTANA1000``)."""
    named = _cables_named(written[:REF_SCAN], year)
    return named[0][1] if named else None


def resolve_references(refs: list[Reference], year: int | None) -> list[Reference]:
    """Give each reference without an id the one its text names in ``year`` (the cable's own,
    known only once the date is read from the body or metadata)."""
    if year is not None:
        for ref in refs:
            if ref.id is None:
                ref.id = reference_id(ref.text, year)
    return refs


def _reasons(text: str) -> list[str]:
    m = _REASON_NUM.search(text)
    if not m:
        return []
    tail = text[m.end():m.end() + 40]
    stop = re.search(r"[A-Za-z]{4,}", tail)
    if stop:
        tail = tail[:stop.start()]
    out: list[str] = []
    for letter in _REASON_LETTER.findall(tail.replace("and", " ").replace("AND", " ")):
        r = f"1.{m.group(1)}({letter.lower()})"
        if r not in out:
            out.append(r)
    return out


def _unwrap(lines: list[str]) -> str:
    """Join wrapped lines into paragraphs; keep blank-line breaks, lists and short (table) lines."""
    end = len(lines)
    while end and not lines[end - 1]:  # the blank lines before the next paragraph
        end -= 1
    lines = lines[:end]
    if len(lines) <= 1:
        return lines[0] if lines else ""
    # Most paragraphs are one block of long lines, none opening a list item: joined at C speed.
    if "" not in lines and min(map(len, lines[:-1])) >= 40:
        joined = "\n".join(lines)
        if not _LIST_LINE.search(joined, len(lines[0]) + 1):  # no line after the first opens a list item
            return joined.replace("\n", " ")
    blocks: list[str] = []
    pieces: list[str] = []  # the current block: lines, each after its separator
    prev_len = 0
    list_start = _LIST_START.match
    for s in lines:
        if not s:
            if pieces:
                blocks.append("".join(pieces))
                pieces = []
            prev_len = 0
            continue
        if not pieces:
            pieces.append(s)
        elif prev_len < 40 or (0 < s.find(" ", 1, 6) and list_start(s)):
            pieces.append("\n" + s)
        else:
            pieces.append(" " + s)
        prev_len = len(s)
    if pieces:
        blocks.append("".join(pieces))
    return "\n\n".join(blocks)


def _block(text: str, upper: str, word: str) -> str | None:
    """The text of a ``SUMMARY: … END SUMMARY`` (or COMMENT) block, else of one opened by the word
    alone on its line (see :func:`_blocks`)."""
    explicit, start = _blocks(text, upper, word)
    return explicit or _block_text(text, upper, word, start)


def _blocks(text: str, upper: str, word: str) -> tuple[str | None, int | None]:
    """The text of a ``SUMMARY: … END SUMMARY`` (or COMMENT) block, to the paragraph's end when
    the closing words are missing; and, for when there is none, where a block opened by the word
    alone on its line (``Summary``, ``SUMMARY -----``) starts: at the next paragraph. One pass of
    ``str.find`` over the upper-cased text: fast and linear."""
    start = None  # where the first block opened by the word alone on its line starts
    pos = upper.find(word)
    while pos >= 0:
        after = pos + len(word)
        if (pos == 0 or not upper[pos - 1].isalnum()) and not upper[max(0, pos - 4):pos].endswith("END "):
            if m := _BLOCK_OPEN.match(upper, after):
                if out := _block_text(text, upper, word, m.end()):
                    return out, None
                break
            if start is None:
                start = _after_alone(upper, word, pos, after)
        pos = upper.find(word, after)
    if start is None and pos >= 0:
        start = _after_alone(upper, word, pos, pos + len(word))
    return None, start


def _block_text(text: str, upper: str, word: str, start: int | None) -> str | None:
    """The block that starts at ``start`` (none where there is no start), to its END words."""
    if start is None:
        return None
    end = upper.find(f"END {word}", start)
    # END OF SUMMARY counts only before the first END SUMMARY: searched no further.
    end_of = upper.find(f"END OF {word}", start, len(upper) if end < 0 else end)
    if end_of >= 0:
        end = end_of
    if end < 0:
        stop = text.find("\n\n", start)
        end = stop if stop >= 0 else len(text)
    return " ".join(text[start:end].split()).strip(" .-") or None


def _after_alone(upper: str, word: str, pos: int, after: int) -> int | None:
    """Where the block starts when ``word`` stands alone on its line: past that line and the
    blank and dashed lines after it; None when the line holds more than the word."""
    line_end = upper.find("\n", after)
    line_end = len(upper) if line_end < 0 else line_end
    if upper[upper.rfind("\n", 0, pos) + 1:line_end].strip("-:. ") != word:
        return None
    start = line_end
    while start < len(upper):
        nxt = upper.find("\n", start + 1)
        nxt = len(upper) if nxt < 0 else nxt
        if upper[start:nxt].strip("-\n :."):
            break
        start = nxt
    return start


def _written_block(text: str, upper: str, paras: list[Paragraph], sections: list[Section], word: str) -> str | None:
    """A summary or comment in any of the ways posts wrote one, the most explicit first."""
    explicit, start = _blocks(text, upper, word)
    return explicit or _section_text(paras, sections, word) or _block_text(text, upper, word, start)


def _section_text(paras: list[Paragraph], sections: list[Section], word: str) -> str | None:
    """The text under a heading that is the word alone (``SUMMARY``, ``------- Summary -------``,
    ``Summary`` over a dashed rule): the block's other way of being written."""
    for section in sections:
        title = section.title.strip("-:. ").upper()
        if title == word or title == f"{word} AND COMMENT":
            out = " ".join(" ".join(p.text for p in paras if p.section == section.title).split())
            return out or None
    return None


class BodyParser:
    """Reads the body lines of one cable into ``cable``; ``first_line`` numbers warnings."""

    def __init__(self, cable: Cable, lines: list[str], first_line: int = 1, paragraphs: bool = True) -> None:
        self.cable = cable
        self.lines = lines
        self.first_line = first_line
        self.read_paragraphs = paragraphs

    def lineno(self, i: int) -> int:
        return self.first_line + i

    def run(self) -> IdLine | None:
        lines = self.lines
        cable = self.cable
        n = len(lines)
        i = 0
        while i < n and not lines[i].strip():
            i += 1
        # The partial-extract sentence may stand alone or be glued to the id line.
        if i < n and lines[i].lstrip().startswith(PARTIAL_SENTENCE[:30]):
            cable.partial = True
            rest = lines[i].replace(PARTIAL_SENTENCE, "").replace(PARTIAL_TAIL, "").strip()
            lines[i] = rest
            while i < n and not lines[i].strip():
                i += 1
        idline = None
        # The id line opens the body; a date line or a site's prefix may stand before it.
        j, seen = i, 0
        while j < n and seen < 3 and idline is None:
            first = _SITE_PREFIX.sub("", lines[j].strip().lstrip("\",' "))
            if not first:
                j += 1
                continue
            seen += 1
            if (m := _DATE_PREFIX.match(first)) and len(first) > m.end():
                # An export's date line with the head flowed onto it (``Monday, 26 July 2004, 07:22
                # C O N…``); the date is read from the body's text (``_body_date``).
                first = first[m.end():].lstrip()
            idline = parse_id_line(first)
            if idline is not None:
                lines[j] = first
                i = j + 1
                if idline.end and (tail := first[idline.end:].strip()):
                    # Captions (``BUENOS AIRES 000062 SIPDIS SENSITIVE``) or the whole head flowed
                    # onto the id line: the head is read from the rest of the line (no line is
                    # inserted, so warnings keep the file's line numbers).
                    lines[j], i = tail, j
                    cable.caveats.extend(w for w in dict.fromkeys(tail.upper().split()[:12])
                                         if w in CAVEAT_WORDS and w not in cable.caveats)
                if idline.repaired:
                    cable.warn("id_line", self.lineno(j), f"id line is mangled: {first!r}")
            j += 1
        if idline is None or idline.station is None:
            # Old telegrams put ACTION/INFO lists and the routing lines before the id line.
            for j in range(i, min(n, i + 60)):
                s = lines[j].strip()
                if s and classification_of(s) and (late := parse_id_line(s)) and late.station and late.serial:
                    idline, i = late, j + 1
                    break
        i = self.head(i)
        if self.read_paragraphs:
            self.paragraphs(i)
        else:
            self.summary_only(i)
        return idline

    # -- the head: captions, E.O., TAGS, SUBJECT, REF, Classified By ---------------------------

    def head(self, i: int) -> int:
        lines, cable, n = self.lines, self.cable, len(self.lines)
        field: str | None = None
        parts: dict[str, list[str]] = {"tags": [], "subject": [], "ref": [], "classby": [], "eo": []}
        seen_subject = False
        blank = False  # a blank line since the last line of the current field
        while i < n:
            s = lines[i].strip()
            if not s:
                blank = True
                i += 1
                continue
            if s[0] == "¶":
                if s[1:3].lstrip()[:1].isdigit():
                    break  # the first paragraph
                s = s[1:].lstrip()  # a mark before a letter: ``¶B. CAIRO 451`` (a REF item), ``¶E. O. 11652``
                if not s:
                    i += 1
                    continue
            elif _PARA_RE.match(s):
                break
            if _is_noise(s):
                i += 1
                continue
            if len(s) > 20 and _may_glue(s) and (g := _GLUED_KEY.search(s, 4)):
                lines[i:i + 1] = [s[:g.start()], s[g.start():].lstrip()]
                n += 1
                s = s[:g.start()].strip()
            first = s[0].upper()
            if first == "T" and (m := _TAGS_KEY.match(s)):
                val = s[m.end():]
                cut = val.upper().find("SUBJECT")
                parts["tags"].append(val if cut < 0 else val[:cut])
                field = "tags"
                if cut >= 0 and (ms := _SUBJ_KEY.match(val[cut:])):
                    field, seen_subject = "subject", True
                    parts["subject"].append(val[cut:][ms.end():])
            elif first == "S" and (m := _SUBJ_KEY.match(s)) and not seen_subject:
                field, seen_subject = "subject", True
                parts["subject"].append(s[m.end():])
            elif first == "R" and (m := _REF_KEY.match(s)):
                field = "ref"
                parts["ref"].append(s[m.end():])
            elif first == "E" and not parts["eo"] and (m := _EO_KEY.match(s)):
                field = "eo"
                parts["eo"].append(s)
            elif first in "C(D" and (m := _CLASSBY_KEY.match(s)):
                field = "classby"
                parts["classby"].append(s[m.end():])
            elif not seen_subject and (caps := _caption_words(s)) is not None:
                cable.caveats.extend(w for w in caps if w not in cable.caveats)
                field = None
            elif field == "subject" and len(parts["subject"]) == 1 and not parts["subject"][0].strip():
                parts["subject"].append(s)  # "SUBJECT:" alone, the subject on a later line
            elif field == "ref" and (not blank or _REF_LABEL.match(s)):
                parts["ref"].append(s)
            elif field is not None and field != "ref" and not blank and (field != "tags" or _tag_like(s)):
                parts[field].append(s)
            elif seen_subject:
                break
            else:
                # A distribution line ("STATE FOR SCA/CEN"), or flowed captions ("NOFORN SIPDIS
                # STATE FOR …"): only its caveat words are kept.
                field = None
                words = s.upper().replace(",", " ").split()
                for w in words[:12] + words[12:][-4:]:  # captions flow onto either end of the line
                    if w in CAVEAT_WORDS and w not in cable.caveats:
                        cable.caveats.append(w)
            blank = False
            i += 1
        self.fill_head(parts)
        return i

    def fill_head(self, parts: dict[str, list[str]]) -> None:
        cable = self.cable
        if parts["tags"]:
            cable.tags = _tags(" ".join(parts["tags"]))
        if parts["subject"]:
            cable.subject = clean_line(" ".join(parts["subject"])) or None
        if parts["eo"]:
            text = clean_line(" ".join(parts["eo"]))
            order = re.search(r"\b(1[0-3]\d{3})\b", text)
            decl = None
            d = text.upper().find("DECL")
            if d >= 0:
                decl = parse_us_date(text[d:])
            cable.eo = ExecutiveOrder(order.group(1) if order else None, decl, text)
        if parts["classby"]:
            text = clean_line(" ".join(parts["classby"]))
            m = _REASON_SPLIT.search(text)
            who = text[: m.start()] if m else text
            cable.classified_by = who.strip(" ,.;:") or None
            cable.reasons = _reasons(text)
        if parts["ref"]:
            year = int(cable.date[:4]) if cable.date else None
            cable.references = _references("\n".join(parts["ref"]).strip(), year)

    # -- paragraphs, sections, summary, comment, signature --------------------------------------

    def paragraphs(self, i: int) -> None:
        lines, cable = self.lines, self.cable
        noise_lines = _NOISE_LINES
        # (line index, stripped text) without transmission debris; a comprehension, as this runs
        # once for every line of every cable.
        # A line of a lone dash separates paragraphs in old telegrams, as a blank line does.
        kept = [(k, "" if s == "-" else s) for k, s in enumerate([line.strip() for line in lines[i:]], i)
                if not (s and (s in noise_lines or s[-1].isdigit() or s[-1] == "Z" or s[0] in "N#")
                        and _is_noise(s))]
        while kept and not kept[-1][1]:
            kept.pop()
        self.signature(kept)
        has_pilcrow = any("¶" in t for _, t in kept)
        paras: list[Paragraph] = []
        cur_lines: list[str] = []
        cur: Paragraph | None = None
        section: Section | None = None
        last_number = 0
        prev_blank = True
        nk = len(kept)

        def flush() -> None:
            nonlocal cur, cur_lines
            if cur is not None:
                cur.text = _unwrap(cur_lines)
                if cur.text or cur.number is not None:
                    paras.append(cur)
            elif any(x.strip() for x in cur_lines):
                paras.append(Paragraph(None, None, section.title if section else None,
                                       _unwrap(cur_lines), self.lineno(kept[0][0]) if kept else 0))
            cur, cur_lines = None, []

        def start_section(before: str, title: str) -> Section:
            if before:
                cur_lines.append(before)
            flush()
            started = Section(title)
            cable.sections.append(started)
            return started

        j = 0
        while j < nk:
            k, s = kept[j]
            if not s:
                prev_blank = True
                cur_lines.append("")
                j += 1
                continue
            first = s[0]
            if not prev_blank and first not in "¶/" and not first.isdigit() and s[-1] != "-":
                after = kept[j + 1][1][:1] if j + 1 < nk else ""
                if after != "-" and not (after.isdigit() and _ends_sentence(cur_lines)):
                    cur_lines.append(s)  # the common case: a line inside a paragraph
                    j += 1
                    continue
            number = None
            rest = s
            pilcrow = first == "¶"
            m = _PARA_RE.match(s) if pilcrow or first.isdigit() else None
            if m:
                num = int(m.group(2))
                expected = last_number + 1
                if pilcrow:
                    number = num
                elif prev_blank or cur is None or _opens_paragraph(cur_lines, s, m.end()):
                    if num == expected or (not has_pilcrow and expected < num <= expected + 2):
                        number = num
                    elif not has_pilcrow and 0 < num <= expected + 50 and prev_blank and _marked(s, m.end()):
                        # ``7. (C) …`` opening an extract or after paragraphs left out, a number
                        # written twice, a quoted cable's paragraphs: a portion mark says so.
                        number = num
                    elif num > 9 and str(num).endswith(str(expected)) and num != expected:
                        number = expected
                        cable.warn("paragraph_number", self.lineno(k),
                                   f"paragraph number {num}. read as {expected}.")
                if number is not None:
                    rest = s[m.end():]
            elif pilcrow and (m2 := _PARA_PILCROW_ONLY.match(s)):
                number, rest = int(m2.group(1)), s[m2.end():]
            elif first.isdigit() and (m3 := _PARA_GLUED.match(s)) and int(m3.group(1)) == last_number + 1 and (
                    prev_blank or cur is None or _opens_paragraph(cur_lines, s, m3.end())):
                number, rest = int(m3.group(1)), s[m3.end():]  # ``1.KEY POINTS``: no space after the number
            if number is not None:
                flush()
                marking = None
                mm = _MARK_RE.match(rest)
                if mm and _is_marking(mm.group(1)):
                    marking = mm.group(1).upper()
                    rest = rest[mm.end():]
                cur = Paragraph(number, marking, section.title if section else None, "", self.lineno(k))
                cur_lines = []
                if section is not None:
                    section.paragraphs.append(number)
                last_number = number
                prev_blank = False
                if rest[-1:] == "-" and (glued := _glued_heading(rest)):
                    section = start_section(*glued)
                    prev_blank = True
                else:
                    cur_lines.append(rest)
                j += 1
                continue
            if s[-1] == "-" and (glued := _glued_heading(s)):
                # A heading and its rule at the end of a paragraph's line (``…producer. DOMESTIC
                # POLITICS ------``), or on a line of its own with the rule after it.
                section = start_section(*glued)
                prev_blank = True
                j += 1
                continue
            title = None
            after_sentence = not prev_blank and _ends_sentence(cur_lines)
            if prev_blank or after_sentence or first == "/" or (j + 1 < nk and kept[j + 1][1][:1] == "-"):
                title = self.heading(kept, j, prev_blank or after_sentence, last_number + 1)
            if title is not None:
                flush()
                section = Section(title.strip("- ") or title)  # "COMMENT -------": the rule ran on
                cable.sections.append(section)
                j += 2 if j + 1 < nk and _DASHES.match(kept[j + 1][1]) else 1
                prev_blank = True
                continue
            cur_lines.append(s)
            prev_blank = False
            j += 1
        flush()
        cable.paragraphs = paras
        text = "\n\n".join(p.text for p in paras)
        upper = text.upper()
        cable.summary = _written_block(text, upper, paras, cable.sections, "SUMMARY")
        cable.comment = _written_block(text, upper, paras, cable.sections, "COMMENT")

    def summary_only(self, i: int) -> None:
        """Whether the body has a summary, without reading its paragraphs (see ``Policy``): read
        from the first line that names one, over the next ``SUMMARY_WINDOW`` characters (the
        block opens there; the rest of the body is not needed to know that)."""
        body = "\n".join(self.lines[i:])
        # The word in any case, found in a copy with every other character "?" and the letters in
        # capitals: one character a byte, so its positions are the text's.
        first = body.encode("ascii", "replace").upper().find(b"SUMMARY")
        if first < 0:
            return
        start = body.rfind("\n", 0, first) + 1
        text = "\n".join([line.strip() for line in body[start:start + SUMMARY_WINDOW].split("\n")])
        self.cable.summary = _block(text, text.upper(), "SUMMARY")

    def heading(self, kept: list[tuple[int, str]], j: int, prev_blank: bool, expected: int = 0) -> str | None:
        """The heading line ``kept[j]`` is, if it is one. ``prev_blank``: a blank line or the end
        of a sentence before it; ``expected``: the next paragraph's number."""
        s = kept[j][1]
        if s[0] == "/" and s.startswith("//") and s.endswith("//") and len(s) > 4:
            return s.strip("/ ").strip() or None
        nk = len(kept)
        nxt = kept[j + 1][1] if j + 1 < nk else ""
        if nxt and nxt[0] == "-" and len(s) <= 120 and _DASHES.match(nxt):
            return s.rstrip(":")
        if not prev_blank or len(s) > 90 or s[-1] in ".,;" or "¶" in s:
            return None
        letters = sum(1 for ch in s if ch.isalpha())
        if letters < 3:
            return None
        if nxt:
            # A short line (``Cementing Bilateral Relations``) right over the next numbered paragraph.
            m = _PARA_RE.match(nxt) if nxt[0].isdigit() else None
            if m and int(m.group(2)) == expected and s[0].isupper() and s[-1] not in "?!\"":
                return s.rstrip(":")
            return None
        if s.upper() != s:
            return None
        # A capitals line is a heading only when a numbered paragraph follows it.
        for t in range(j + 1, min(nk, j + 4)):
            after = kept[t][1]
            if after:
                if after[0] == "¶" or _PARA_RE.match(after):
                    return s.rstrip(":")
                return None
        return None

    def signature(self, kept: list[tuple[int, str]]) -> None:
        """Take the signer off the end of the body: alone on the last line, or glued to it."""
        if not kept:
            return
        k, line = kept[-1]
        s = line.rstrip("\\").strip()
        words = s.split()
        if (1 <= len(words) <= 4 and len(s) <= 40 and s[-1] not in ".:;,"
                and all(w.replace(".", "").replace("-", "").replace("'", "").isalpha() for w in words)
                and words[0].upper() not in NOT_SIGNATURES and _caption_words(s) is None
                and not s.startswith("¶")):
            self.cable.signature = s
            kept.pop()
            while kept and not kept[-1][1]:
                kept.pop()
            return
        m = _GLUED_SIGNATURE.match(s)
        if m and m.group(2) not in NOT_SIGNATURES and len(m.group(1)) > 20:
            self.cable.signature = m.group(2)
            kept[-1] = (k, m.group(1))
