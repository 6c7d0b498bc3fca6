"""The 1970s telegram as the National Archives and PlusD reproduce it: what to take out before the
body parser reads it.

Facts (docs/formats-1970s.md): before the date-time group stand the page line (``PAGE 01 TEHRAN
02069 041315Z``), the office distribution (``ACTION EUR-12`` / ``INFO OCT-01 ISO-00 … /044 W``, or
``ORIGIN`` with ``DRAFTED BY`` / ``APPROVED BY`` in a State telegram) and the dash-counter line
(``------------------ 151230Z 012345 /41``); then the date-time group, FM, TO and INFO, the id line
and the text, with page lines, classification repeats and ``NNN`` at page breaks and the end. The
archive's reproduction spaces tokens apart (``P 251346 Z JUN 7 3``).

:func:`telegram_parts` returns the routing lines (date-time group to the last address) as the
header and the rest as the body. The lines it takes out before the text become blank lines, so
that line numbers in warnings name the file's lines up to the first page break; page breaks are
taken out whole (a paragraph they cut reads as one), so later lines may be named a few lines early.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..header import split_header
from ..regex import lazy

# A date-time group with the spaces the reproduction put inside it: ``P 251346 Z JUN 7 3``.
_SPACED_DTG = lazy(r"^ *((?:[ZOPR] +){1,2})?(\d(?: ?\d){5}) ?Z +([A-Z](?: ?[A-Z]){2}) +(\d(?: ?\d){1,3}) *$")
_DASH_COUNTER = lazy(r"^ *-{10,} *\d{6}")
_PAGE = lazy(r"^ *PAGE +\d{2,3}\b")
_DISTRIBUTION = lazy(r"^ *(?:ACTION|ORIGIN|INFO)\b +[A-Z][A-Z0-9/]{0,10}-\d{2}\b")
_DISTRIBUTION_MORE = lazy(r"^ *(?:[A-Z][A-Z0-9/]{0,10}-\d{2} +)*(?:[A-Z][A-Z0-9/]{0,10}-\d{2}|/\d{3} [A-Z])"
                                r"(?: +/\d{3} [A-Z])? *$")
_DRAFTING = lazy(r"^ *(DRAFTED BY|APPROVED BY|CLEARANCES?:?)\b *(.*)$")
_FOOTER = lazy(r"^\*\*\* Current (?:Handling Restrictions|Classification)\b")
_END = ("NNN", "NNNN", "NNNNMAFVVZCZ", "<< END OF DOCUMENT >>")


@dataclass(slots=True)
class TelegramParts:
    """The routing lines, the body (as many lines as the text had), and what the distribution
    lines before the date-time group said."""

    header: list[str]
    body: list[str]
    distribution: list[str] = field(default_factory=list)
    drafting: dict[str, str] = field(default_factory=dict)


def unspaced_dtg(line: str) -> str | None:
    """``P 251346 Z JUN 7 3`` → ``P 251346Z JUN 73``; None when the line is no date-time group."""
    m = _SPACED_DTG.match(line)
    if m is None:
        return None
    prec = " ".join(m.group(1).split()) + " " if m.group(1) else ""
    return f"{prec}{m.group(2).replace(' ', '')}Z {m.group(3).replace(' ', '')} {m.group(4).replace(' ', '')}"


def telegram_parts(lines: list[str]) -> TelegramParts:
    """Split a 1970s telegram's text (its lines, in order) into routing header and body."""
    body = list(lines)
    distribution: list[str] = []
    drafting: dict[str, str] = {}
    # The head before the date-time group: page line, distribution, drafting, dash counter.
    dtg = None
    for i, line in enumerate(body[:120]):
        s = line.strip()
        if not s:
            continue
        if (fixed := unspaced_dtg(s)) is not None:
            body[i] = fixed
            dtg = i
            break
        if s.startswith("FM ") or s.startswith("UNCLAS") or s.startswith("SUBJECT"):
            break  # no date-time group before the addresses or the text
    if dtg is not None:
        head = body[:dtg]
        if any(_DASH_COUNTER.match(s) or _DISTRIBUTION.match(s) or _PAGE.match(s) for s in head):
            key = None
            for i, line in enumerate(head):
                s = line.strip()
                if _DISTRIBUTION.match(s) or (distribution and _DISTRIBUTION_MORE.match(s)):
                    distribution.append(s)
                elif m := _DRAFTING.match(s):
                    key = m.group(1).rstrip(":").title()
                    drafting[key] = m.group(2).strip()
                elif key and s and not _DASH_COUNTER.match(s) and not _PAGE.match(s):
                    drafting[key] = f"{drafting[key]} {s}".strip()
                body[i] = ""
        end = dtg + split_header(body[dtg:])
        header = body[dtg:end]
        for i in range(dtg, end):
            body[i] = ""
    else:
        header = []
    # End markers and the archive's footer.
    for i, line in enumerate(body):
        s = line.strip()
        if s and (s in _END or _FOOTER.match(s)):
            body[i] = ""
    return TelegramParts(header, _without_page_breaks(body), distribution, drafting)


def _without_page_breaks(body: list[str]) -> list[str]:
    """The body without its page breaks: the page line, the classification repeated before it and
    the blank lines around them go, so a paragraph cut by the break reads as one. A blank line
    stays where the text after the break opens a numbered paragraph."""
    out: list[str] = []
    i, n = 0, len(body)
    while i < n:
        if not _PAGE.match(body[i]):
            out.append(body[i])
            i += 1
            continue
        while out and (not out[-1].strip() or _is_classification_line(out[-1].strip())):
            out.pop()  # the blank lines and the classification line before the page line
        i += 1
        while i < n and not body[i].strip():
            i += 1
        if i < n and _NUMBERED.match(body[i].strip()):
            out.append("")
    return out


def _is_classification_line(s: str) -> bool:
    return s.replace(" ", "") in _CLASS_WORDS


_CLASS_WORDS = frozenset(("UNCLASSIFIED", "UNCLAS", "CONFIDENTIAL", "SECRET", "TOPSECRET", "LIMITEDOFFICIALUSE"))
_NUMBERED = lazy(r"^\(?\d{1,3}[.)]")
