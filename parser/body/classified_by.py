"""The Classified By field: who classified the cable and the reasons, however the line is typed
or wrapped, and the classification line written as the first paragraph."""

from __future__ import annotations

import re

from ..regex import lazy
from .lines import DASHES, PARA_RE

# The classification line as the first paragraph (after its number): ``(U) CLASSIFIED BY …``,
# ``CONFIDENTIAL - ENTIRE TEXT. CLASSIFIED BY: …``.
_CLASSBY_IN_PARA = lazy(
    r"(?:\([A-Z/]{1,8}\) *)?(?:(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)(?: *-)? *ENTIRE TEXT\.? *)?CLASSIFIED +BY\b:? *",
    re.IGNORECASE)


# Where the reasons begin on a Classified By line: the word reason however typed (``reasons``,
# ``reaons``, ``RASONS``, ``REAS0N``, ``Reas``), the order (``E.O. 12958``, ``12958``), a section
# number (``1.4``, ``1,4``, ``Section 1.5``), ``BASED ON``, ``DUE TO``.
_REASON_AT = lazy(  # searched in the line in small letters: faster than ignoring case
    r"(?=[rebsd1])(?:\br(?:ea|a|e)s?[o0]ns?\b|\breas\b|\be\.? ?o\.? ?1\d{4}|\be\.o\.|\b1(?:2958|3526)\b"
    r"|\b1 ?[.,] ?[45]\b|\bsection +1\b|\bbased +(?:on|upon|0n)\b|\bdue +to\b)")
# For a line whose small letters change its length (a rare Unicode letter): the same, ignoring case.
_REASON_ANY_CASE = lazy(_REASON_AT.pattern.replace("(?=[rebsd1])", ""), re.IGNORECASE)
# Words that join a name to its reasons, left at the name's end once the reasons are cut off.
_BEFORE_REASON = ("for", "fr", "f0r", "per", "under", "by")
_REASON_NUM = lazy(r"\b1\. ?([45])")
_REASON_LETTER = lazy(r"(?<![A-Za-z])([A-Ha-h])(?![A-Za-z])")


def cut_in_word(prev: str, line: str) -> bool:
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


def reason_codes(text: str) -> list[str]:
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


def classified_by_in_first_paragraph(lines: list[str], i: int) -> list[str]:
    """The classification line written as the first paragraph, as cables of the 1990s do:
    ``1. (U) CLASSIFIED BY ROBERT P. FINN, DEPUTY CHIEF OF MISSION. REASON: 1.5 (D)``,
    ``1. CONFIDENTIAL - ENTIRE TEXT. CLASSIFIED BY DCM THEODORE KATTOUF - 1.5 B,D.``: the
    lines of its text from ``lines[i]`` on (none where that line is no such paragraph)."""
    s = lines[i].strip().lstrip("¶ ")
    m = PARA_RE.match(s)
    if m is None or not (k := _CLASSBY_IN_PARA.match(s, m.end())):
        return []
    out = [s[k.end():]]
    for j in range(i + 1, min(len(lines), i + 6)):
        t = lines[j].strip()
        if not t or PARA_RE.match(t.lstrip("¶ ")) or DASHES.match(t):
            break
        out.append(t)
    return out
