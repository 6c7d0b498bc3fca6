"""The head of a body, between the id line and the text: captions, E.O., TAGS, SUBJECT, REF and
Classified By, however keyed, glued or wrapped; each field's own reading is in its module."""

from __future__ import annotations

import re

from ..cable import ExecutiveOrder
from ..classification import CAVEAT_WORDS, caption_words
from ..ids import parse_us_date
from ..regex import lazy
from ..text import clean_line
from .classified_by import classified_by_in_first_paragraph, classified_by_name, cut_in_word, reason_codes
from .fields import BodyFields
from .idline import DATE_PREFIX, IdLine, parse_id_line
from .lines import DASHES, PARA_GLUED, PARA_RE
from .pages import is_noise, own_banner
from .references import REF_LABEL, cables_named, continues_ref
from .tags import TAGS_SCAN, tag_like, tags_captions_prose, tags_go_on

_TAGS_KEY = lazy(r"^(?:(?:TAGS?|TAGE|TAS|TGS|TAGSS)\b *:?|(?:TAGES|TABS) *:) *", re.IGNORECASE)
_AGS_KEY = lazy(r"^AGS *: *", re.IGNORECASE)  # ``DECL: 08/22/2017 AGS: PGOV, …``
_SUBJ_KEY = lazy(r"^(?:SUBJECT|SUBJ|SUBECT|SUBJET)\b *:? *", re.IGNORECASE)
_REF_KEY = lazy(r"^(?:REF\(S\)|(?:REFS?|REFTELS?|REFERENCES?)\b) *:? *", re.IGNORECASE)
_EO_KEY = lazy(r"^(?:E\. ?O\.?|EO|E\.0\.) ?(\d{4,5})?\b *:? *", re.IGNORECASE)
_CLASSBY_KEY = lazy(r"^\(?[UC]?\)? *(?:CLASSIFIED|CLASSIFED|DECLASSIFIED) +BY\b *:? *", re.IGNORECASE)


# ``A. REF AMMAN 222``: a REF list whose key follows its first label.
_LABELLED_REF_KEY = lazy(r"^([A-Za-z])[.)] +REF(?:S|TELS?)?\b[:.]? *", re.IGNORECASE)
# A line that opens the summary (``SUMMARY:``, ``Summary -------``, ``------- SUMMARY -------``,
# ``BEGIN SUMMARY``, ``Summary and Action Request.``): the head ends there.
_SUMMARY_LINE = lazy(r"^-*\s*(?:BEGIN +)?SUMMARY(?: AND [A-Z][A-Z ]{2,30})?\s*(?:[:.\-]|$)", re.IGNORECASE)


# Field keys that flowed text glues onto the end of the line before (``…DECL: 02/03/2020TAGS: …``).
_GLUED_KEY = lazy(
    r"E\.O\. ?1\d{4}|EO 1\d{4}\b|TAGS(?:: | [A-Z]{2})|SUBJECT: |SUBJ: |REFS?: |REFTEL: |Tags: |Subject: |"
    r"Ref(?:s|\(s\))?: |REF\(S\): |Classified By:|CLASSIFIED BY:|Classified by:|AGS: |"
    r"REFS?:$|REFTEL:$|Ref(?:s|\(s\))?:$|REF\(S\):$")  # ``…IN SANTOS BASIN REF:``: the list on the next lines


_MAX_SPLITS = 64  # a head holds a dozen keys; ``TAGS: TAGS: …`` 200 kB long is no head


def _glued_key_start(s: str) -> int | None:
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


# Where this cable's id line may start again inside its subject (``…UNTIL MEDV... C O N F I D E N T I A L
# SECTION 01 OF 02 TBILISI 001362 …``): its classification, as written.
_CLASSIFICATIONS = ("C O N F I D E N T I A L", "S E C R E T", "UNCLAS ", "CONFIDENTIAL ", "SECRET ", "TOP SECRET",
                    "LIMITED OFFICIAL USE")


def _own_id_line(s: str, own: IdLine | None) -> bool:
    """Whether ``s`` is this cable's id line (its classification, post and serial), whatever follows."""
    serial = own.serial.lstrip("0") if own is not None and own.serial else ""
    if not serial:
        return False
    found = parse_id_line(s[:200])
    return found is not None and (found.serial or "").lstrip("0") == serial


def subject_end(text: str, own: IdLine | None) -> tuple[str, str] | None:
    """(the subject, what follows it) where a subject's line runs on into what is no subject: this
    cable's page banner (``…DAMAGES AWARD TRIPOLI 00000036 001.2 OF 003 CLASSIFIED BY: …``; the
    banner itself is dropped) or its id line again (``…UNTIL MEDV... C O N F I D E N T I A L SECTION
    01 OF 02 TBILISI 001362 SIPDIS …``; the id line and its captions are dropped). None where the
    line holds neither."""
    ends: list[tuple[int, int]] = []
    banner = own_banner(own)
    if banner is not None and " OF " in text and (span := next(banner.spans(text), None)) is not None:
        ends.append(span)
    if own is not None and own.serial:
        for word in _CLASSIFICATIONS:
            at = text.find(word, 1)
            if at > 0 and text[at - 1] in " ." and _own_id_line(text[at:], own):
                ends.append((at, len(text)))
    if not ends:
        return None
    start, end = min(ends)
    return text[:start].rstrip(), text[end:].strip()


def _sentence_after(subject: list[str], s: str) -> bool:
    """Whether ``s`` is a sentence of the text rather than more of a subject in capitals: the
    subject has no small letters and ``s`` is written in sentence case (``This is an Action
    request. Please see para 2.``)."""
    text = " ".join(subject)
    if text.upper() != text or text.lower() == text:  # small letters, or no letters at all
        return False
    words = s.split()
    return len(words) >= 3 and words[0][:1].isupper() and sum(w[:1].islower() for w in words) >= 2


def read_head(fields: BodyFields, lines: list[str], i: int) -> int:
    """The head's fields (captions, E.O., TAGS, SUBJECT, REF, Classified By) from ``lines[i]`` on,
    into ``fields``; a key glued onto the line before splits that line in ``lines``. Where the
    text after the head starts."""
    n = len(lines)
    field: str | None = None
    parts: dict[str, list[str]] = {"tags": [], "subject": [], "ref": [], "classby": [], "eo": [], "keyless": []}
    seen_subject = False
    blank = False  # a blank line since the last line of the current field
    rest: int | None = None  # the first line after the last field that no field took
    last = i  # the last line a field took
    broke = False
    again = False  # the subject ran into the head given again: its fields are skipped, to a blank line
    splits = 0  # lines split at a glued key (each split copies the rest of its line: a bound keeps it linear)
    while i < n:
        s = lines[i].strip()
        if not s:
            blank = True
            again = False
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
        elif PARA_RE.match(s) or s[0] == "1" and PARA_GLUED.match(s):
            broke = True  # the first paragraph, ``1. (C) …`` or ``1.KEY POINTS`` (no space)
            break
        if is_noise(s):
            i += 1
            continue
        if len(s) > 20 and splits < _MAX_SPLITS and _may_glue(s) and (g := _glued_key_start(s)) is not None:
            lines[i:i + 1] = [s[:g], s[g:].lstrip()]
            n += 1
            splits += 1
            s = s[:g].strip()
        first = s[0].upper()
        if again and _read_again(s, first, parts, seen_subject):
            i += 1
            continue
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
            if (stop := subject_end(parts["subject"][-1], fields.idline)) is not None:
                field, again = _end_subject(parts["subject"], stop, lines, i), True
                n = len(lines)
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
        elif field == "ref" and (not blank or REF_LABEL.match(s) or continues_ref(parts["ref"], s)):
            parts["ref"].append(s)
        elif field == "subject" and not blank and DASHES.match(s):
            field = None  # a rule under the subject
        elif field == "subject" and not blank and _sentence_after(parts["subject"], s):
            break  # a sentence of the text after a subject in capitals
        elif field == "subject" and (DATE_PREFIX.match(s) or _own_id_line(s, fields.idline)):
            field, again = None, True  # a date line or the id line again (a head given twice): the subject ended
        elif field == "subject" and not blank and (stop := subject_end(s, fields.idline)) is not None:
            parts["subject"].append(s)
            field, again = _end_subject(parts["subject"], stop, lines, i), True
            n = len(lines)
        elif field == "classby" and not blank:
            prev = lines[last].rstrip()
            if cut_in_word(prev, lines[i]):
                parts["classby"][-1] = parts["classby"][-1].rstrip() + s  # ``Hoyt Y`` / ``ee for``
            else:
                parts["classby"].append(s)
        elif field is not None and field != "ref" and not blank and (
                field != "tags" or tag_like(s) and tags_go_on(parts["tags"][-1], s)):
            parts[field].append(s)
        elif not seen_subject and not parts["ref"] and (first == "(" or s[1:2] in ".)") and REF_LABEL.match(s) \
                and cables_named(s, None):
            field = "ref"  # REF items whose REF: line is lost (``(B) Sao Paulo 215;``)
            parts["ref"].append(s)
        elif field == "tags" and not blank and not seen_subject and not parts["keyless"]:
            field = "keyless"  # the subject under TAGS, its SUBJECT: lost (``RUN-OFF,``)
            parts["keyless"].append(s)
        elif seen_subject and not again:
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
        parts["classby"] = classified_by_in_first_paragraph(lines, i)
    _fill_head_fields(fields, parts)
    if rest is not None and (not broke or any(ch.isalpha() for line in lines[rest:i] for ch in line)):
        # What no field took after the last field: the text when no paragraph follows the
        # head; before the first paragraph, a heading or a salutation (``SRI LANKA``,
        # ``Director Mueller,``), read as the text's first lines rather than lost.
        return rest
    return i


def _read_again(s: str, first: str, parts: dict[str, list[str]], seen_subject: bool) -> bool:
    """Whether ``s`` opens a field the head has read already (the head given again after the
    subject: ``… IMMEDIATE`` / ``UNCLAS MANAMA 000995 SIPDIS … E.O. 12958: N/A TAGS: …``)."""
    return bool(first == "T" and parts["tags"] and _TAGS_KEY.match(s)
                or first == "E" and parts["eo"] and _EO_KEY.match(s)
                or first == "S" and seen_subject and _SUBJ_KEY.match(s)
                or first == "R" and parts["ref"] and _REF_KEY.match(s)
                or first in "C(" and parts["classby"] and _CLASSBY_KEY.match(s))


def _end_subject(subject: list[str], stop: tuple[str, str], lines: list[str], i: int) -> str | None:
    """The subject's last line cut where it ends (:func:`subject_end`); what followed it, on a line
    of its own after ``lines[i]``, is read next. The field the head reader goes on with: none."""
    subject[-1], rest = stop
    if rest:
        lines.insert(i + 1, rest)
    return None


def _fill_head_fields(fields: BodyFields, parts: dict[str, list[str]]) -> None:
    """``fields`` from the lines each head field took (``parts``, by field)."""
    if parts["tags"]:
        fields.tags, captions, prose = tags_captions_prose(" ".join(parts["tags"])[:TAGS_SCAN])
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
        fields.reasons = reason_codes(text)
    if parts["ref"]:
        fields.ref_block = "\n".join(parts["ref"]).strip()  # read once the cable's year and id are known

# -- paragraphs, sections, summary, comment, signature --------------------------------------
