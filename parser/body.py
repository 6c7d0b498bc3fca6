"""The body of a cable: id line, captions, E.O., TAGS, SUBJECT, REF, Classified By, then the
numbered paragraphs, section headings, summary, comment and signature.

The body is read line by line with a small state machine; regexes are anchored or bounded so the
whole pass is linear in the size of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cable import ExecutiveOrder, Paragraph, ParseWarning, Reference, Section
from .classification import CAVEAT_WORDS, after_classification, caption_words, classification_of, is_marking
from .ids import named_id, parse_us_date, station_aliases, station_key, year4
from .text import clean_line

PARTIAL_SENTENCE = "This record is a partial extract of the original cable."
PARTIAL_TAIL = "The full text of the original cable is not available."

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
_RULE_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # a rule is typed in hyphens or Unicode dashes
_UNICODE_RULE = re.compile(f"^[{_RULE_CHARS}]{{3,}}[{_RULE_CHARS} ]*$")
_PAGE_LINE = re.compile(r"^[A-Z][A-Z .'-]{1,30} {1,3}\d{5,9} {1,3}\d{3}(?:\.\d)? {1,3}OF {1,3}\d{3}$")
_OLD_PAGE = re.compile(r"^PAGE \d{2,3} ")
_BANNER = re.compile(r"SECTION \d{1,3} OF \d{1,3}\b")
_BANNER_LOOSE = re.compile(r"\b(?:SECTION|ECTION|SCTION|SECTON|SECTIO|CTION) ?\d{1,3} ?[OG]F ?\d{1,3}\b")
_TAGS_KEY = re.compile(r"^(?:(?:TAGS?|TAGE|TAS|TGS|TAGSS)\b *:?|(?:TAGES|TABS) *:) *", re.IGNORECASE)
_AGS_KEY = re.compile(r"^AGS *: *", re.IGNORECASE)  # ``DECL: 08/22/2017 AGS: PGOV, …``
_SUBJ_KEY = re.compile(r"^(?:SUBJECT|SUBJ|SUBECT|SUBJET)\b *:? *", re.IGNORECASE)
_REF_KEY = re.compile(r"^(?:REF\(S\)|(?:REFS?|REFTELS?|REFERENCES?)\b) *:? *", re.IGNORECASE)
_EO_KEY = re.compile(r"^(?:E\. ?O\.?|EO|E\.0\.) ?(\d{4,5})?\b *:? *", re.IGNORECASE)
_CLASSBY_KEY = re.compile(r"^\(?[UC]?\)? *(?:CLASSIFIED|CLASSIFED|DECLASSIFIED) +BY\b *:? *", re.IGNORECASE)
# The classification line as the first paragraph (after its number): ``(U) CLASSIFIED BY …``,
# ``CONFIDENTIAL - ENTIRE TEXT. CLASSIFIED BY: …``.
_CLASSBY_IN_PARA = re.compile(
    r"(?:\([A-Z/]{1,8}\) *)?(?:(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)(?: *-)? *ENTIRE TEXT\.? *)?CLASSIFIED +BY\b:? *",
    re.IGNORECASE)
# ``A. REF AMMAN 222``: a REF list whose key follows its first label.
_LABELLED_REF_KEY = re.compile(r"^([A-Za-z])[.)] +REF(?:S|TELS?)?\b[:.]? *", re.IGNORECASE)
# A line that opens the summary (``SUMMARY:``, ``Summary -------``, ``------- SUMMARY -------``,
# ``BEGIN SUMMARY``, ``Summary and Action Request.``): the head ends there.
_SUMMARY_LINE = re.compile(r"^-*\s*(?:BEGIN +)?SUMMARY(?: AND [A-Z][A-Z ]{2,30})?\s*(?:[:.\-]|$)", re.IGNORECASE)
_REF_LABEL_END = re.compile(r"(?:^|[\s;,])[¶\[]?\(?[A-Za-z][.)\]]$")
_POST_AND_SERIAL = re.compile(r"^[A-Za-z][A-Za-z' ]{0,30} +\d{1,7}\b")
# A REF list's label: ``A.``, ``A)``, ``(A)``, ``[A]``, ``¶B.``, ``(A)BRASILIA``, ``A.BOGOTA``, ``A - Kabul``.
_REF_LABEL = re.compile(r"(?:^|(?<=[\s;,]))[¶\[]?\(?([A-Za-z])(?:[.)\]]\s+|\)(?=[A-Za-z])|\.(?=[A-Z]{3})|\s+-\s+)")
_LEADING_REF = re.compile(r"^(?:REFS?|REFTELS?)\b[:.]? *", re.IGNORECASE)
# A cable a REF item names: an optional year (``08``, ``2009``, ``(99)``), the post's words, then
# the serial after a space, a year in parentheses (``STATE (01) 201265``), a portion mark
# (``KUWAIT (C)02293``), ``#`` (``BAGHDAD #3565``) or a comma (``PRAGUE, 1228``).
_REF_CABLE = re.compile(
    r"(?<![\w/])(?:(?P<y1>\d{4}|\d{2}) +|\((?P<y2>\d{2})\) *)?"
    r"(?P<station>[A-Za-z][A-Za-z'.-]{1,20}+(?: [A-Za-z][A-Za-z'.-]{1,20}+){0,2})"
    r"(?P<sep>(?:,? +|(?=[(#]))(?:\((?P<y3>\d{2})\) *)?(?:\([A-Za-z]{1,2}\) *)?(?:# *)?)(?P<serial>\d{1,8})(?!\w|\.\d)")
_REF_ID_WRITTEN = re.compile(r"\b(\d{2})([A-Z]{3,25})(\d{1,7})\b")
# A year written after the serial: ``QUITO 4525-91``, ``PANAMA 00789/08``, ``ASUNCION 701 (08)``,
# ``02259 (2002)``, ``AMMAN 07718 99,``.
_YEAR_AFTER = re.compile(r"[-/](\d{2})(?![\d/])| *\((\d{2}|\d{4})\)| +(\d{2})(?= *(?:[,;]|$))")
# More serials of the same post and year: ``2799 AND 2764``, ``11657 and 7743, 12155``, ``936/935``;
# never a year written before the next cable's post (``AND 06 STATE 5678``).
_MORE_SERIALS = re.compile(
    r" *(?:,|&|/|\bAND\b|\band\b) *0*(\d{1,7})(?!\w|\.\d)(?! +[A-Za-z]{2,}(?: [A-Za-z]{2,}){0,2} +\d)")
_DATE_AFTER = re.compile(r"/\d{1,2}\b")  # ``05/11/07``: the serial is a date's month
_REVERSED = re.compile(r"^0*(\d{1,7}) +([A-Za-z][A-Za-z'.-]{1,20}(?: [A-Za-z][A-Za-z'.-]{1,20}){0,2})[ ,.;]*$")
_GLUED_CABLE = re.compile(r"^([A-Z]{2,25}?)0*(\d{3,7})[ ,.;]*$")  # ``B)HK05511``
# A page line or banner that flowed into a REF list (``PAGE 02 ROME 01196 01 OF 02 082030Z``),
# with the ``\n`` a damaged page writes for its line break.
_PAGE_IN_REF = re.compile(r"(?:\\n|(?<![A-Za-z]))PAGE +\d{2,3} +[A-Z][A-Za-z .'-]{1,30}? +\d{3,8}"
                          r"(?: +\d{1,3}(?:\.\d)? +OF +\d{1,3})?(?: +\d{6}Z)?")
# Typed slips: the digit 0 for the letter O inside a post (``COTON0U``), the letter O for a zero
# before a serial (``LAGOS O1512``).
_ZERO_FOR_O = re.compile(r"0(?=[A-Za-z])(?:(?<=[A-Za-z]0)|(?<!\w0)(?=[A-Za-z]{3}))")  # the literal first: a fast scan
_O_FOR_ZERO = re.compile(r"O(?<![\w/]O)(?=\d{3,7}\b)")
# Words that are never a station's: a month, a preposition, a paragraph or page (``OF MAY 15``),
# a classification word before the post (``UNCLASS USDA FAS 57863``).
_NOT_STATION = frozenset({
    "JAN", "JANUARY", "FEB", "FEBRUARY", "MAR", "MARCH", "APR", "APRIL", "MAY", "JUN", "JUNE", "JUL",
    "JULY", "AUG", "AUGUST", "SEP", "SEPT", "SEPTEMBER", "OCT", "OCTOBER", "NOV", "NOVEMBER", "DEC",
    "DECEMBER", "OF", "ON", "IN", "AT", "THE", "AND", "DATED", "TO", "FROM", "BY", "FOR", "NO", "NR",
    "NUMBER", "PARA", "PARAS", "PARAGRAPH", "PAGE", "SECTION", "E.O", "EO", "REF", "REFS", "REFTEL",
    "REFTELS", "ITEM", "PUBLIC", "LAW", "RES", "RESOLUTION", "ARTICLE", "ANNEX", "THRU", "THROUGH",
    "PREVIOUS", "ALSO", "SEE", "UNCLAS", "UNCLASS", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "SPRING",
    "SUMMER", "FALL", "AUTUMN", "WINTER", "AFTER", "BEFORE", "SINCE", "UNTIL", "DURING", "WITHIN", "PAST",
    "LAST", "NEXT", "OTHER",
})
# Words that say an item names another kind of paper than a telegram: an e-mail, a telephone or
# meeting record, an intelligence report (IIR), a UN Security Council resolution, a notice, a
# message cited by its date-time group, talking points, a letter (of request: LOR), a fax, a
# report, an attachment, a section of the Foreign Affairs Manual or Handbook (``7 FAM 180``).
# Such an item stays a reference with its text and no id (``LEE-GOLDSTEIN EMAIL 05/11/07``).
_NOT_CABLE = frozenset({
    "EMAIL", "EMAILS", "MAIL", "TELCON", "TELCONS", "TELECON", "TELECONS", "MEMCON", "MEMCONS", "IIR",
    "UNSCR", "NOTICE", "MSG", "DTG", "POINTS", "LETTER", "LETTERS", "LOR", "FAX", "REPORT", "REPORTS",
    "POC", "DIPNOTE", "ATTACHMENT", "FAM", "FAH",
})
# A word between the post and the serial that only says what the serial numbers: ``COLOMBO CABLES 0266``.
_CABLE_WORDS = frozenset({"CABLE", "CABLES", "TEL", "TELS"})
# After a cable's serial: a date's year (``MAY 15, 1972``) or a page banner's count (``001.2 OF 006``).
# A year that opens the next reference (``2009 CAIRO 2394 2009 CAIRO 491``) is none of these.
_AFTER_CABLE = re.compile(r",? ?(?:1[89]\d\d|20\d\d)\b(?! +[A-Za-z]{2,}(?: [A-Za-z]{2,}){0,2} +\d)"
                          r"| {1,3}\d{3}(?:\.\d)? {1,3}OF {1,3}\d{3}")
# After SUMMARY or COMMENT, what opens a block: ``:``, ``.``, ``-``, also after ``AND COMMENT``,
# ``and Action Request``, ``AND INTRODUCTION``.
_BLOCK_OPEN = re.compile(r"(?: AND [A-Z]{3,15}(?: [A-Z]{3,15})?)? ?[:.-]+ *")
# Where a block ends: ``END SUMMARY``, ``End\nSummary`` (a line broken between the words), ``END OF COMMENT``.
_BLOCK_END = {word: re.compile(rf"END\s{{1,5}}(?:OF\s{{1,5}})?{word}") for word in ("SUMMARY", "COMMENT")}
# Where the reasons begin on a Classified By line: the word reason however typed (``reasons``,
# ``reaons``, ``RASONS``, ``REAS0N``, ``Reas``), the order (``E.O. 12958``, ``12958``), a section
# number (``1.4``, ``1,4``, ``Section 1.5``), ``BASED ON``, ``DUE TO``.
_REASON_AT = re.compile(  # searched in the line in small letters: faster than ignoring case
    r"(?=[rebsd1])(?:\br(?:ea|a|e)s?[o0]ns?\b|\breas\b|\be\.? ?o\.? ?1\d{4}|\be\.o\.|\b1(?:2958|3526)\b"
    r"|\b1 ?[.,] ?[45]\b|\bsection +1\b|\bbased +(?:on|upon|0n)\b|\bdue +to\b)")
# For a line whose small letters change its length (a rare Unicode letter): the same, ignoring case.
_REASON_ANY_CASE = re.compile(_REASON_AT.pattern.replace("(?=[rebsd1])", ""), re.IGNORECASE)
# Words that join a name to its reasons, left at the name's end once the reasons are cut off.
_BEFORE_REASON = ("for", "fr", "f0r", "per", "under", "by")
_REASON_NUM = re.compile(r"\b1\. ?([45])")
_REASON_LETTER = re.compile(r"(?<![A-Za-z])([A-Ha-h])(?![A-Za-z])")
# Field keys that flowed text glues onto the end of the line before (``…DECL: 02/03/2020TAGS: …``).
_GLUED_KEY = re.compile(
    r"E\.O\. ?1\d{4}|EO 1\d{4}\b|TAGS(?:: | [A-Z]{2})|SUBJECT: |SUBJ: |REFS?: |REFTEL: |Tags: |Subject: |"
    r"Ref(?:s|\(s\))?: |REF\(S\): |Classified By:|CLASSIFIED BY:|Classified by:|AGS: ")


def _glued_key(s: str) -> int | None:
    """Where a field key glued onto the end of a line begins (after the text, up to four spaces
    between): the line is split there. ``AGS:`` counts after a date only (``…08/22/2017 AGS: …``)."""
    pos = 4
    while m := _GLUED_KEY.search(s, pos):
        k = j = m.start()
        while j > k - 4 and s[j - 1] == " ":
            j -= 1
        if j >= 4 and s[j - 1] != " " and (m.group()[0] != "A" or s[j - 1].isdigit() and j < k):
            return j
        pos = k + 1
    return None


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
TAGS_SCAN = 1000  # characters of the TAGS field read (the longest of the corpus's 6,310 pages: 134)
SUMMARY_WINDOW = 3000  # characters read from the first mention of a summary (head-only parse)

NOT_SIGNATURES = frozenset({"END", "COMMENT", "SUMMARY", "SIPDIS", "NOFORN", "BT", "NNNN"})


@dataclass(slots=True)
class IdLine:
    classification: str | None
    station: str | None
    serial: str | None
    repaired: bool
    end: int = 0  # where the serial ends in the line (0 without a serial)


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
    rest = upper[banner.end():] if banner else after_classification(upper)
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
    return s[at:at + 1] == "(" and (mm := _MARK_RE.match(s[at:at + 40])) is not None and is_marking(mm.group(1))


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
    title = " ".join(words[k:]).strip().lstrip("- ")  # a heading between rules: ``-------- Training --------``
    before = " ".join(words[:k]).strip()
    if before and before[-1] in _SENTENCE_END and title[:1].isupper() and sum(ch.isalpha() for ch in title) >= 3:
        return before, title
    if not before and len(body) <= 90 and sum(ch.isalpha() for ch in body) >= 3:
        return "", body.strip(" -")  # the whole line is the heading (``Comment ------``)
    return None


_NOISE_LINES = frozenset({"BT", "NNNN", "NNN", "#", "NNNN.", "CONFIDENTIAL", "UNCLASSIFIED", "SECRET",
                          "LIMITED OFFICIAL USE", "C O N F I D E N T I A L", "S E C R E T"})


def _is_rule(s: str) -> bool:
    """Whether a line is a rule under a heading: ``-------``, or Unicode dashes ``‐‐‐‐‐‐``."""
    return bool(_DASHES.match(s)) or (s[:1] in _RULE_CHARS and bool(_UNICODE_RULE.match(s)))


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


_UNUSUAL_WORD = re.compile(r"(?<!\S)(?![A-Z]{1,5}(?:\s|$))\S+")  # a word that is no short word in capitals
_TAG_GROUP = re.compile(r"\(([^()]{3,60})\)")  # ``OVIP (CLINTON, HILLARY)``: a person's name, one tag


def _tags(text: str) -> tuple[list[str], list[str], str]:
    """TAGS codes in order, each once, the captions written among them (``SIPDIS``), and the
    words after them that are no TAGS (:func:`_prose_after`); stops where the field visibly ends
    (a ``KEY:`` glued on, or the spaced letters of a classification line). A name in parentheses
    is one tag (``(STEINBERG, JAMES B.)`` → ``STEINBERG, JAMES B.``); a word too long to be one
    code is read as codes written together where the code lists spell it
    (``KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG`` → KFRD, KIRF, CVIS …), else dropped."""
    out: list[str] = []
    captions: list[str] = []
    singles = 0
    names = [m.group(1) for m in _TAG_GROUP.finditer(text)]
    if names:
        text = _TAG_GROUP.sub(" \x00 ", text)
    written = text.split()
    cut = _prose_after(written)
    words = " ".join(written[:cut]).replace(",", " ").replace(";", " ").split()
    for raw in words:
        if raw == "\x00":
            name = " ".join(names.pop(0).upper().split()).strip(" ,")
            if name and name not in out:
                out.append(name)
            continue
        if raw.endswith(":") and len(raw) > 2:
            break
        tok = raw.strip("()[]{}.:;").upper()
        if len(tok) == 1:
            singles += 1
            if singles >= 3:
                break
            continue
        singles = 0
        if tok in CAVEAT_WORDS:
            captions.append(tok)
            continue
        if len(tok) > 30:
            out.extend(t for t in _glued_codes(tok) if t not in out)
            continue
        if tok and tok != tok.lower() and tok not in out:  # has a letter
            out.append(tok)
    return out, captions, " ".join(written[cut:])


def _prose_after(words: list[str]) -> int:
    """Where words that are no TAGS flowed onto the TAGS line begin: the first of five or more
    words at the end of the line fewer than a third of which look like codes (a code or word the
    glossary knows from TAGS lines, or a short word in capitals): ``… PINR PE RUN-OFF, SEEKS
    EMBASSY'S ASSISTANCE IN CEMENTING …``, a subject whose key is lost; ``len(words)`` where there
    is none."""
    n = len(words)
    # Such a tail holds at least four words that are no short word in capitals: else there is none.
    if n < 5 or len(_UNUSUAL_WORD.findall(" ".join(words).replace(",", " "))) < 4:
        return n
    from .glossary.explain import tag_readings  # here: the code lists load only when needed

    def code_like(w: str) -> bool:
        if w == "\x00":
            return True
        parts = [t for t in (p.strip("()[]{}.:;\"") for p in w.replace(";", ",").split(",")) if t]
        return all((len(t) <= 5 and t.isalpha() and t.isupper()) or bool(tag_readings(t.upper())) for t in parts)

    like = [code_like(w) for w in words]
    tail = 0
    cut = n
    for k in range(n - 1, -1, -1):  # the earliest start of such a tail
        tail += like[k]
        if n - k >= 5 and not like[k] and 3 * tail < n - k:
            cut = k
    return cut


def _glued_codes(word: str) -> list[str]:
    """The codes a word too long to be one spells, written together; none if the lists do not
    spell it (the glossary's reading of glued tags, :mod:`parser.glossary.explain`)."""
    from .glossary.explain import glued_codes  # here: the code lists load only when needed

    return glued_codes(word) or []


def _tag_like(line: str) -> bool:
    """A wrapped continuation of a TAGS line: short code-like words only."""
    words = line.replace(",", " ").split()
    return 0 < len(words) <= 12 and len(line) <= 90 and all(
        len(w) <= 14 and (w.isupper() or w.islower()) and not w.endswith(".") for w in words)


def _tags_go_on(line: str, nxt: str) -> bool:
    """Whether a code-like line after a TAGS line carries on the list: the TAGS line ends with a
    comma, or at least half the line's words are codes or words the glossary knows from TAGS
    lines (``PHUM`` / ``KDEM``, ``COUNTRY`` / ``CLEARANCE``, ``pinr, amgt, tf, br``); not a line
    of other words (``TAGS: something`` / ``here``; ``TAGS: PGOV PINR PE`` / ``RUN-OFF,``, a
    subject whose key is lost)."""
    from .glossary.explain import tag_readings  # here: the code lists load only when needed

    if line.rstrip().endswith(","):
        return True  # ``TAGS: something,`` / ``here``
    words = [w.strip("()[].;:") for w in nxt.replace(",", " ").split()]
    words = [w for w in words if w]
    return bool(words) and 2 * sum(bool(tag_readings(w)) for w in words) >= len(words)


def _continues_ref(ref: list[str], s: str) -> bool:
    """Whether a line after a blank line goes on with the REF list: the list so far ends with a
    label (``D)``, ``,C)``) or with a post whose serial is on the next line (``C) RIO`` / ``DE
    JANEIRO 1291``), or the line is an item marked with a dash (``-      (B) State 240035``)."""
    if s[:1] == "-" and _REF_LABEL.match(s[1:].lstrip()):
        return True
    tail = ref[-1].rstrip() if ref else ""
    if not tail:
        return False
    return bool(_REF_LABEL_END.search(tail)) or (tail[-1].isalpha() and bool(_POST_AND_SERIAL.match(s)))


def _sentence_after(subject: list[str], s: str) -> bool:
    """Whether ``s`` is a sentence of the text rather than more of a subject in capitals: the
    subject has no small letters and ``s`` is written in sentence case (``This is an Action
    request. Please see para 2.``)."""
    text = " ".join(subject)
    if text.upper() != text or text.lower() == text:  # small letters, or no letters at all
        return False
    words = s.split()
    return len(words) >= 3 and words[0][:1].isupper() and sum(w[:1].islower() for w in words) >= 2


def _cut_in_word(prev: str, line: str) -> bool:
    """Whether a Classified By line was cut inside a word: the site's text wraps these lines at
    71 characters, breaking words (``… Coordinator Hoyt Y`` / ``ee for reasons``); the next line
    then goes on in small letters. A line ending in a whole joining word (``for``) is not cut."""
    core = prev.rstrip()
    return (len(core) == 71 and line[:1].islower() and core[-1:].isalpha()
            and core.rsplit(" ", 1)[-1].lower() not in _BEFORE_REASON + ("and", "of"))


def classified_by_name(text: str) -> str | None:
    """Who classified the cable, from a Classified By line's text: everything before the reasons
    (``Ambassador Anne W. Patterson for reaons 1.4 (b) and (d)`` → ``Ambassador Anne W.
    Patterson``), without the word that joined them (``for``, ``per``, ``under``, ``FR``)."""
    low = text.lower()
    m = _REASON_AT.search(low) if len(low) == len(text) else _REASON_ANY_CASE.search(text)
    who = text[: m.start()] if m else text
    while True:
        who = who.rstrip(" ,;:.-\t")
        low = who.lower()
        word = next((w for w in _BEFORE_REASON if low.endswith(" " + w) or low == w), None)
        if word is None:
            break
        who = who[: len(who) - len(word)]
    return who.strip(" ,.;:") or None


def references(text: str, year: int | None, own: str | None = None) -> list[Reference]:
    """Split a REF block into its items and find the cables each names.

    Items are labelled (``A. STATE 15648``, ``¶B. CAIRO 451``, ``(A)BRASILIA 13511``, ``[A] State
    …``, ``A - Kabul 28``; an unlabelled item may come first), else separated by ``;``. Each
    cable an item names is a reference (``BRASILIA 2799 AND 2764`` two, ``Kabul 936/935`` two);
    an item that names none (an e-mail, a telcon, prose) is one reference without an id. ``year``
    is the cable's own, for the references that write none; ``own`` its id, which a reference
    never is (a page banner flowed into the list writes it).
    """
    if "PAGE" in text:
        text = _PAGE_IN_REF.sub(" ", text)
    labels = list(_REF_LABEL.finditer(text))
    # A label opens the block, or the labels run A, B, …: else a letter of the text, not a list.
    listed = bool(labels) and (labels[0].start() <= 1 or (
        labels[0].group(1) in "Aa" and any(m.group(1) in "Bb" for m in labels[1:])))
    items: list[tuple[str | None, str]] = []
    if listed:
        lead = _no_ref_word(text[:labels[0].start()].strip(" ;,\n-"))
        items.extend((None, part) for part in lead.split(";"))
        for k, m in enumerate(labels):
            end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
            items.append((m.group(1).upper(), text[m.end():end]))
    else:
        items.extend((None, part) for part in text.split(";"))
    refs: list[Reference] = []
    for label, raw in items:
        item = _no_ref_word(" ".join(raw.split()).strip(" ;,-"))
        if not item:
            continue
        named = _cables_named(item[:REF_SCAN], year)
        kept = [(written, rid) for written, rid in named if rid is None or rid != own]
        if named and not kept:
            continue  # the cable's own banner, nothing else
        if not kept:
            refs.append(Reference(label, item, None))
            continue
        first = item if label else kept[0][0]
        refs.append(Reference(label, first, kept[0][1]))
        refs.extend(Reference(label, written, rid) for written, rid in kept[1:])
    return refs


def _no_ref_word(item: str) -> str:
    """The item without a ``REF:`` word written again before it (``A. REF: KATHMANDU 2282``)."""
    return _LEADING_REF.sub("", item) if item[:3].upper() == "REF" else item


def _word(w: str) -> str:
    return w.upper().replace("-", "").strip(".'")


LAST_YEAR = 2010  # the archives' cables run 1966-2010


def _written_year(digits: str | None, own: int | None, before: bool = True) -> int | None:
    """A year written beside a reference (``91``, ``2002``), if it can be one: a year of the
    archives; written after the serial (``AMMAN 07718 99``, ``PANAMA 00789/08``), where a number
    can be something else, also no later than the cable's own year."""
    if not digits:
        return None
    y = year4(int(digits))
    return y if 1966 <= y <= LAST_YEAR and (before or own is None or y <= own) else None


def _after_year(m: re.Match[str], own: int | None) -> int | None:
    return _written_year(m.group(1) or m.group(2) or m.group(3), own, False)


def _cables_named(item: str, year: int | None) -> list[tuple[str, str | None]]:
    """(as written, reference id) for each cable an item names, in order: ``STATE 272523``,
    ``08 CAIRO 2430``, ``09ASTANA1104``, ``QUITO 4525-91``, ``BRASILIA 2799 AND 2764``; never a date
    (``MAY 15, 1972``), prose (``A-077 OF MAY 15``), a page banner (``NEW DELHI 00009127 001.2 OF
    006``) or another kind of paper (``LEE-GOLDSTEIN EMAIL 05/11/07``). The id is None where the
    year is unknown; the post is read through the alias table (``SECSTATE`` → ``STATE``)."""
    text = item
    if "0" in text:
        text = _ZERO_FOR_O.sub("O", text)  # same length: positions are the item's
    if "O" in text:
        text = _O_FOR_ZERO.sub("0", text)
    upper = text.upper()
    found: list[tuple[int, str, str | None]] = [  # ids as written; never a date (``01FEB06``)
        (m.start(), item[m.start():m.end()], named_id(int(m.group(1)), m.group(2), m.group(3)))
        for m in _REF_ID_WRITTEN.finditer(upper) if m.group(2) not in _NOT_STATION]
    for m in _REF_CABLE.finditer(text):
        serial, after = m.group("serial"), m.end()
        if not m.group("sep") or len(serial) >= 8:  # eight digits: a page banner's way of writing it
            continue
        if _AFTER_CABLE.match(text, after) or (len(serial) <= 2 and _DATE_AFTER.match(text, after)):
            continue
        words = m.group("station").upper().split(" ")
        bare = [w.replace("-", "").strip(".'") for w in words]
        if not _NOT_CABLE.isdisjoint(bare):
            continue
        k = 0
        while k < len(bare) and bare[k] in _NOT_STATION:
            k += 1  # ``AND USUN 6028``: the station starts after the joining words
        the = k == 1 and words[0] == "THE"  # ``09 THE HAGUE 759``: the article is the post's
        if the:
            k = 0
        last = len(words)
        while last > k and bare[last - 1] in _CABLE_WORDS:
            last -= 1
        post = words[k:last]
        if last == k or (not _NOT_STATION.isdisjoint(bare[k + the:last])
                         and station_key("".join(post)) not in station_aliases()):  # ``RIO DE JAN``
            continue
        start = m.start("station") + sum(len(w) + 1 for w in words[:k]) if k else m.start()
        yr = None if k else _written_year(m.group("y1") or m.group("y2"), year)
        yr = _written_year(m.group("y3"), year, False) or yr
        station = " ".join(post)
        end = after
        if (ya := _YEAR_AFTER.match(text, after)) and (y := _after_year(ya, year)):
            yr, end = y, ya.end()
        found.append((start, item[start:end], named_id(yr or year, station, serial)))
        while more := _MORE_SERIALS.match(text, end):  # the same post's other cables
            end, more_yr = more.end(), yr
            if (ya := _YEAR_AFTER.match(text, end)) and (y := _after_year(ya, year)):
                more_yr, end = y, ya.end()
            found.append((more.start(1), item[more.start(1):end], named_id(more_yr or year, station, more.group(1))))
    if not found:
        # The item is just a serial and its post the other way round (``870 Ulaanbaatar``), or the
        # two written together without a year (``HK05511``).
        if (r := _REVERSED.match(text)) and _NOT_STATION.isdisjoint(bare := [_word(w) for w in r.group(2).split()]) \
                and _NOT_CABLE.isdisjoint(bare):
            found.append((0, item, named_id(year, r.group(2), r.group(1))))
        elif g := _GLUED_CABLE.match(upper):
            found.append((0, item, named_id(year, g.group(1), g.group(2))))
    if len(found) > 1:
        found.sort()
    return [(written, rid) for _, written, rid in found]


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
    """The block that starts at ``start`` (none where there is no start), to its END words, else
    to the end of its paragraph."""
    if start is None:
        return None
    m = _BLOCK_END[word].search(upper, start)
    end = m.start() if m else -1
    if end < 0:
        stop = text.find("\n\n", start)
        end = stop if stop >= 0 else len(text)
    return " ".join(text[start:end].split()).strip(" .-") or None


def _after_alone(upper: str, word: str, pos: int, after: int) -> int | None:
    """Where the block starts when ``word`` stands alone on its line: past that line and the
    blank and dashed lines after it; None when the line holds more than the word."""
    line_end = upper.find("\n", after)
    line_end = len(upper) if line_end < 0 else line_end
    alone = upper[upper.rfind("\n", 0, pos) + 1:line_end].strip("-:. ")
    if alone != word and not alone.startswith(f"{word} AND "):  # ``SUMMARY AND INTRODUCTION``
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
    return (explicit or _section_text(paras, sections, word) or _block_text(text, upper, word, start)
            or (_closed_summary(text, upper, paras) if word == "SUMMARY" else None))


def _section_text(paras: list[Paragraph], sections: list[Section], word: str) -> str | None:
    """The text under a heading that is the word alone (``SUMMARY``, ``------- Summary -------``,
    ``Summary`` over a dashed rule, ``SUMMARY AND INTRODUCTION``): the block's other way of being
    written; to its END words where they close it inside the section."""
    for section in sections:
        title = section.title.strip("-:. ").upper()
        if title == word or title.startswith(f"{word} AND "):
            out = " ".join(" ".join(p.text for p in paras if p.section == section.title).split())
            if m := _BLOCK_END[word].search(out.upper()):
                out = out[:m.start()].rstrip(" .-")
            return out or None
    return None


def _closed_summary(text: str, upper: str, paras: list[Paragraph]) -> str | None:
    """A summary that only its end shows: the text opens with it and ``END SUMMARY`` closes it
    (``1. (C) German FM Westerwelle told […]. END SUMMARY.``): from the first numbered paragraph."""
    m = _BLOCK_END["SUMMARY"].search(upper)
    if m is None:
        return None
    start = 0
    for p in paras:
        if p.number is not None:
            break
        start += len(p.text) + 2  # the paragraphs are joined with a blank line
    if start > m.start():
        start = 0
    return " ".join(text[start:m.start()].split()).strip(" .-") or None


def _own_banner(idline: IdLine | None) -> re.Pattern[str] | None:
    """The page banner of this cable (``CAIRO 00001182 002 OF 002``, ``BUENOS AIR 00000118  002.2
    OF 006``: the post as the id line writes it or cut to ten letters, the serial zero-padded, the
    page of the pages), with the spaces after it; None without a post and serial. The post is a
    literal, every repeat bounded: linear on any text."""
    if idline is None or not idline.station or not idline.serial or not idline.serial.lstrip("0"):
        return None
    name = idline.station
    posts = "|".join(re.escape(p) for p in dict.fromkeys((name, name[:10].rstrip())))
    return re.compile(rf"(?<![A-WYZa-wyz])(?:{posts}) {{1,3}}0{{0,8}}{idline.serial.lstrip('0')}"
                      r" {1,3}\d{3}(?:\.\d{1,2})? {1,3}OF {1,3}\d{3}(?![\d.]) *")


def _join_page_breaks(kept: list[tuple[int, str]], breaks: set[int]) -> list[tuple[int, str]]:
    """``kept`` without the lines that were this cable's page banners (most of them the noise
    filter took out already), where a page break (a line that was
    only this cable's banner) cut a sentence: the text before it ends no sentence and the text
    after goes on in small letters (``…to solve murder`` / ``cases by any means``); the blank
    lines around the break are taken out, so the paragraph reads on."""
    out: list[tuple[int, str]] = []
    held: list[tuple[int, str]] = []  # the blank lines after a page break, until the text after it
    todo = sorted(breaks)
    nxt = 0
    after_break = cut = False
    for k, s in kept:
        if nxt < len(todo) and k >= todo[nxt]:
            while nxt < len(todo) and k >= todo[nxt]:
                nxt += 1
            if not after_break:
                while out and not out[-1][1]:
                    held.append(out.pop())
                held.reverse()
                cut = bool(out) and out[-1][1][-1] not in _SENTENCE_END
                after_break = True
            if k in breaks:
                continue  # a banner the noise filter did not know (``SAN JOSE 00000525  001.11 OF 003``)
        if after_break:
            if not s:
                held.append((k, s))
                continue
            if not (cut and s[0].islower()):
                out.extend(held)
            held, after_break = [], False
        out.append((k, s))
    out.extend(held)
    return out


_RECORD_END = re.compile(r"^-{3,} ?header ends ?-{3,}$")


def _after_preview(lines: list[str]) -> int:
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


class BodyParser:
    """Reads the body lines of one cable into :class:`BodyFields`; ``first_line`` numbers warnings;
    ``preview``: the text may hold a site's preview before the whole text (``_after_preview``)."""

    def __init__(self, lines: list[str], first_line: int = 1, paragraphs: bool = True, preview: bool = False) -> None:
        self.fields = BodyFields()
        self.preview = preview
        self.lines = lines
        self.first_line = first_line
        self.read_paragraphs = paragraphs

    def lineno(self, i: int) -> int:
        return self.first_line + i

    def run(self) -> BodyFields:
        lines = self.lines
        fields = self.fields
        n = len(lines)
        i = 0
        while i < n and not lines[i].strip():
            i += 1
        # The partial-extract sentence may stand alone or be glued to the id line.
        if i < n and lines[i].lstrip().startswith(PARTIAL_SENTENCE[:30]):
            fields.partial = True
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
                    fields.caveats.extend(w for w in dict.fromkeys(tail.upper().split()[:12])
                                         if w in CAVEAT_WORDS and w not in fields.caveats)
                if idline.repaired:
                    fields.warn("id_line", self.lineno(j), f"id line is mangled: {first!r}")
            j += 1
        if idline is None or idline.station is None:
            # Old telegrams put ACTION/INFO lists and the routing lines before the id line.
            for j in range(i, min(n, i + 60)):
                s = lines[j].strip()
                if s and classification_of(s) and (late := parse_id_line(s)) and late.station and late.serial:
                    idline, i = late, j + 1
                    break
        i = self.head(i)
        if self.preview and (full := _after_preview(lines)):
            # The head again from the whole text: the fields as it gives them, not as the preview
            # cut short shows them (the paragraphs are read as the page anchors them, preview too).
            j = full
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and parse_id_line(lines[j].strip()):
                j += 1
            self.head(j)
        if self.read_paragraphs:
            self.paragraphs(i, _own_banner(idline))
        else:
            self.summary_only(i)
        self.fields.idline = idline
        return self.fields

    # -- the head: captions, E.O., TAGS, SUBJECT, REF, Classified By ---------------------------

    def head(self, i: int) -> int:
        lines, fields, n = self.lines, self.fields, len(self.lines)
        field: str | None = None
        parts: dict[str, list[str]] = {"tags": [], "subject": [], "ref": [], "classby": [], "eo": [], "keyless": []}
        seen_subject = False
        blank = False  # a blank line since the last line of the current field
        rest: int | None = None  # the first line after the last field that no field took
        last = i  # the last line a field took
        broke = False
        while i < n:
            s = lines[i].strip()
            if not s:
                blank = True
                i += 1
                continue
            if s[0] == "¶":
                if s[1:3].lstrip()[:1].isdigit():
                    broke = True
                    break  # the first paragraph
                s = s[1:].lstrip()  # a mark before a letter: ``¶B. CAIRO 451`` (a REF item), ``¶E. O. 11652``
                if not s:
                    i += 1
                    continue
            elif _PARA_RE.match(s) or s[0] == "1" and _PARA_GLUED.match(s):
                broke = True  # the first paragraph, ``1. (C) …`` or ``1.KEY POINTS`` (no space)
                break
            if _is_noise(s):
                i += 1
                continue
            if len(s) > 20 and _may_glue(s) and (g := _glued_key(s)) is not None:
                lines[i:i + 1] = [s[:g], s[g:].lstrip()]
                n += 1
                s = s[:g].strip()
            first = s[0].upper()
            took = True
            if first == "T" and (m := _TAGS_KEY.match(s)) or first == "A" and (m := _AGS_KEY.match(s)):
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
            elif s[1:2] in ".)" and (m := _LABELLED_REF_KEY.match(s)):  # ``A. REF AMMAN 222``: key after the label
                field = "ref"
                parts["ref"].append(f"{m.group(1)}. {s[m.end():]}")
            elif first == "E" and not parts["eo"] and (m := _EO_KEY.match(s)):
                field = "eo"
                parts["eo"].append(s)
            elif first in "C(D" and (m := _CLASSBY_KEY.match(s)):
                field = "classby"
                parts["classby"].append(s[m.end():])
            elif first in "SB-" and _SUMMARY_LINE.match(s):
                broke = True
                break  # the summary opens the text
            elif not seen_subject and (caps := caption_words(s)) is not None:
                fields.caveats.extend(w for w in caps if w not in fields.caveats)
                field = None
            elif field == "subject" and len(parts["subject"]) == 1 and not parts["subject"][0].strip():
                parts["subject"].append(s)  # "SUBJECT:" alone, the subject on a later line
            elif field == "ref" and (not blank or _REF_LABEL.match(s) or _continues_ref(parts["ref"], s)):
                parts["ref"].append(s)
            elif field == "subject" and not blank and _DASHES.match(s):
                field = None  # a rule under the subject
            elif field == "subject" and not blank and _sentence_after(parts["subject"], s):
                break  # a sentence of the text after a subject in capitals
            elif field == "classby" and not blank:
                prev = lines[last].rstrip()
                if _cut_in_word(prev, lines[i]):
                    parts["classby"][-1] = parts["classby"][-1].rstrip() + s  # ``Hoyt Y`` / ``ee for``
                else:
                    parts["classby"].append(s)
            elif field is not None and field != "ref" and not blank and (
                    field != "tags" or _tag_like(s) and _tags_go_on(parts["tags"][-1], s)):
                parts[field].append(s)
            elif not seen_subject and not parts["ref"] and (first == "(" or s[1:2] in ".)") and _REF_LABEL.match(s) \
                    and _cables_named(s, None):
                field = "ref"  # REF items whose REF: line is lost (``(B) Sao Paulo 215;``)
                parts["ref"].append(s)
            elif field == "tags" and not blank and not seen_subject and not parts["keyless"]:
                field = "keyless"  # the subject under TAGS, its SUBJECT: lost (``RUN-OFF,``)
                parts["keyless"].append(s)
            elif seen_subject:
                broke = True
                break
            else:
                # A distribution line ("STATE FOR SCA/CEN"), or flowed captions ("NOFORN SIPDIS
                # STATE FOR …"): only its caveat words are kept.
                field = None
                took = False
                words = s.upper().replace(",", " ").split()
                for w in words[:12] + words[12:][-4:]:  # captions flow onto either end of the line
                    if w in CAVEAT_WORDS and w not in fields.caveats:
                        fields.caveats.append(w)
            if took:
                last, rest = i, None
            elif rest is None:
                rest = i
            blank = False
            i += 1
        if broke and not parts["classby"] and i < n:
            parts["classby"] = self.classified_in_paragraph(i)
        self.fill_head(parts)
        if rest is not None and (not broke or any(ch.isalpha() for line in lines[rest:i] for ch in line)):
            # What no field took after the last field: the text when no paragraph follows the
            # head; before the first paragraph, a heading or a salutation (``SRI LANKA``,
            # ``Director Mueller,``), read as the text's first lines rather than lost.
            return rest
        return i

    def classified_in_paragraph(self, i: int) -> list[str]:
        """The classification line written as the first paragraph, as cables of the 1990s do:
        ``1. (U) CLASSIFIED BY ROBERT P. FINN, DEPUTY CHIEF OF MISSION. REASON: 1.5 (D)``,
        ``1. CONFIDENTIAL - ENTIRE TEXT. CLASSIFIED BY DCM THEODORE KATTOUF - 1.5 B,D.``"""
        lines = self.lines
        s = lines[i].strip().lstrip("¶ ")
        m = _PARA_RE.match(s)
        if m is None or not (k := _CLASSBY_IN_PARA.match(s, m.end())):
            return []
        out = [s[k.end():]]
        for j in range(i + 1, min(len(lines), i + 6)):
            t = lines[j].strip()
            if not t or _PARA_RE.match(t.lstrip("¶ ")) or _DASHES.match(t):
                break
            out.append(t)
        return out

    def fill_head(self, parts: dict[str, list[str]]) -> None:
        fields = self.fields
        if parts["tags"]:
            fields.tags, captions, prose = _tags(" ".join(parts["tags"])[:TAGS_SCAN])
            fields.caveats.extend(w for w in captions if w not in fields.caveats)
            if prose and not parts["keyless"]:
                parts["keyless"].append(prose)  # the subject flowed onto the TAGS line, its key lost
        if parts["subject"] or parts["keyless"]:
            fields.subject = clean_line(" ".join(parts["subject"] or parts["keyless"])) or None
        if parts["eo"]:
            text = clean_line(" ".join(parts["eo"]))
            order = re.search(r"\b(1[0-3]\d{3})\b", text)
            decl = None
            d = text.upper().find("DECL")
            if d >= 0:
                decl = parse_us_date(text[d:])
            fields.eo = ExecutiveOrder(order.group(1) if order else None, decl, text)
        if parts["classby"]:
            text = clean_line(" ".join(parts["classby"]))
            fields.classified_by = classified_by_name(text)
            fields.reasons = _reasons(text)
        if parts["ref"]:
            fields.ref_block = "\n".join(parts["ref"]).strip()  # read once the cable's year and id are known

    # -- paragraphs, sections, summary, comment, signature --------------------------------------

    def paragraphs(self, i: int, banner: re.Pattern[str] | None = None) -> None:
        lines, fields = self.lines, self.fields
        noise_lines = _NOISE_LINES
        breaks = self.without_banners(i, banner) if banner is not None else set()
        # (line index, stripped text) without transmission debris; a comprehension, as this runs
        # once for every line of every cable.
        # A line of a lone dash separates paragraphs in old telegrams, as a blank line does.
        kept = [(k, "" if s == "-" else s) for k, s in enumerate([line.strip() for line in lines[i:]], i)
                if not (s and (s in noise_lines or s[-1].isdigit() or s[-1] == "Z" or s[0] in "N#")
                        and _is_noise(s))]
        if breaks:
            kept = _join_page_breaks(kept, breaks)
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
            fields.sections.append(started)
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
                        fields.warn("paragraph_number", self.lineno(k),
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
                if mm and is_marking(mm.group(1)):
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
                fields.sections.append(section)
                j += 2 if j + 1 < nk and _is_rule(kept[j + 1][1]) else 1
                prev_blank = True
                continue
            cur_lines.append(s)
            prev_blank = False
            j += 1
        flush()
        fields.paragraphs = paras
        text = "\n\n".join(p.text for p in paras)
        upper = text.upper()
        fields.summary = _written_block(text, upper, paras, fields.sections, "SUMMARY")
        fields.comment = _written_block(text, upper, paras, fields.sections, "COMMENT")

    def without_banners(self, i: int, banner: re.Pattern[str]) -> set[int]:
        """Take this cable's own page banners (``CAIRO 00001182 002 OF 002``) out of the text's
        lines from ``i`` on: the site's pages glue them into the running text (``…told us CAIRO
        00001182 002 OF 002 that he…``). Only the banner goes, with the spaces after it; the
        indexes of the lines that held nothing else come back (the page breaks)."""
        lines = self.lines
        if banner.search("\n".join(lines[i:])) is None:  # one scan; most cables have none
            return set()
        alone: set[int] = set()
        for k in range(i, len(lines)):
            line = lines[k]
            if banner.search(line) is not None:
                out = " ".join(part.strip() for part in banner.split(line) if part.strip())
                if out:
                    lines[k] = out
                else:
                    alone.add(k)
        return alone

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
        upper = text.upper()
        self.fields.summary = _block(text, upper, "SUMMARY")
        if self.fields.summary is None and (end := _BLOCK_END["SUMMARY"].search(upper)):
            # A summary only its end shows (``… told […]. END SUMMARY.``), or one opened in a way
            # the block does not read (``SUMMARY (U) …``): the text up to its end, as the full
            # parse reads it (from the first paragraph).
            self.fields.summary = " ".join(body[:start + end.start()].split())[-SUMMARY_WINDOW:] or None

    def heading(self, kept: list[tuple[int, str]], j: int, prev_blank: bool, expected: int = 0) -> str | None:
        """The heading line ``kept[j]`` is, if it is one. ``prev_blank``: a blank line or the end
        of a sentence before it; ``expected``: the next paragraph's number."""
        s = kept[j][1]
        if s[0] == "/" and s.startswith("//") and s.endswith("//") and len(s) > 4:
            return s.strip("/ ").strip() or None
        nk = len(kept)
        nxt = kept[j + 1][1] if j + 1 < nk else ""
        if nxt and nxt[0] in _RULE_CHARS and len(s) <= 120 and _is_rule(nxt):
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
        """Take the signer off the end of the body: alone on the last line, or glued to it; below
        it may stand what is no part of the text (a caption, ``NOTE BY OC/T: …``, ``NOTE: NOT
        PASSED TO ABOVE ADDRESSEE(S)``, an archive's footer ``2002ROME01748 - Classification:
        SECRET``, a lone ``.``), taken off with it."""
        end = len(kept)
        while end and (not kept[end - 1][1] or (len(kept) - end < 8 and _is_trailer(kept[end - 1][1]))):
            end -= 1
        if not end:
            return
        k, line = kept[end - 1]
        s = line.rstrip("\\").strip().rstrip("#").rstrip()
        if s.endswith(".") and s.count(" ") <= 1 and s[:-1].replace(" ", "").isalpha():
            s = s[:-1]  # ``MCNAMARA.``
        words = s.split()
        if (1 <= len(words) <= 4 and len(s) <= 40 and s[-1] not in ".:;,"
                and all(w.replace(".", "").replace("-", "").replace("'", "").isalpha() for w in words)
                and words[0].upper() not in NOT_SIGNATURES and caption_words(s) is None
                and not s.startswith("¶")):
            self.fields.signature = s
            del kept[end - 1:]
            while kept and not kept[-1][1]:
                kept.pop()
            return
        m = _GLUED_SIGNATURE.match(s)
        if m and m.group(2) not in NOT_SIGNATURES and len(m.group(1)) > 20:
            self.fields.signature = m.group(2)
            kept[end - 1] = (k, m.group(1))
            del kept[end:]


# What may follow a signer without being text: a comm center's note, an archive's footer line.
_TRAILER = re.compile(r"^(?:[.>#]+|NOTE BY [A-Z/ ]{1,20}:.*|NOTE: NOT PASSED.*|\d{4}[A-Z]{3,8}\d{4,6} - .*)$")


def _is_trailer(s: str) -> bool:
    return bool(_TRAILER.match(s)) or caption_words(s) is not None
