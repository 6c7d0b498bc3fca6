"""What a cable's pages leave in its body: transmission debris (BT, NNNN), page lines and section
banners, the cable's own page banners glued into the text, and the page breaks they cut."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..classification import classification_of
from ..regex import lazy
from .idline import IdLine
from .lines import SENTENCE_END

_PAGE_LINE = lazy(r"^[A-Z][A-Z .'-]{1,30} {1,3}\d{5,9} {1,3}\d{3}(?:\.\d)? {1,3}OF {1,3}\d{3}$")
_OLD_PAGE = lazy(r"^PAGE \d{2,3} ")
_BANNER = lazy(r"SECTION \d{1,3} OF \d{1,3}\b")


NOISE_LINES = frozenset({"BT", "NNNN", "NNN", "#", "NNNN.", "CONFIDENTIAL", "UNCLASSIFIED", "SECRET",
                          "LIMITED OFFICIAL USE", "C O N F I D E N T I A L", "S E C R E T"})


def is_noise(s: str) -> bool:
    """Transmission debris inside the body: BT, NNNN, page lines, section banners."""
    if s in NOISE_LINES or s.startswith("NNNN") or (s[0] == "#" and s[1:].isdigit()):
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


# A banner's page mark (``002 OF 002``, ``001.11 OF 003``) after a serial number: the shape of any
# cable's page banner without its post, compiled once; whether it is this cable's is asked of the
# text before it (:class:`OwnBanner`). Every repeat is bounded: linear on any text.
_PAGE_MARK = lazy(r"\d{3}(?:\.\d{1,2})? {1,3}OF {1,3}\d{3}")
_SERIAL_AND_MARK = lazy(rf" {{1,3}}(\d{{1,30}}) {{1,3}}{_PAGE_MARK.pattern}(?![\d.]) *")
_NOT_BEFORE_POST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWYZabcdefghijklmnopqrstuvwyz")


@dataclass(frozen=True, slots=True)
class OwnBanner:
    """The page banner of this cable (``CAIRO 00001182 002 OF 002``, ``BUENOS AIR 00000118  002.2
    OF 006``): the post as the id line writes it or cut to ten letters, not glued to a letter before
    it (X is, in ``XXXXXCAIRO``), the serial with up to eight zeros before it, the page of the pages,
    and the spaces after. Found with one pattern for every cable, so nothing is compiled per cable."""

    posts: tuple[str, ...]
    serial: str

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Where this cable's banners are in ``text``, left to right, none overlapping."""
        pos = 0
        while (m := _SERIAL_AND_MARK.search(text, pos)) is not None:
            start, number = m.start(), m.group(1)
            digits = number.lstrip("0")
            begin = -1
            if digits == self.serial and len(number) - len(digits) <= 8:
                for post in self.posts:
                    b = start - len(post)
                    if b >= 0 and text.startswith(post, b) and (b == 0 or text[b - 1] not in _NOT_BEFORE_POST):
                        begin = b
                        break
            if begin < 0:
                pos = start + 1
                continue
            yield begin, m.end()
            pos = m.end()

    def cut(self, text: str) -> list[str]:
        """The pieces of ``text`` between this cable's banners (as ``re.split`` would give them)."""
        out, last = [], 0
        for b, e in self.spans(text):
            out.append(text[last:b])
            last = e
        out.append(text[last:])
        return out


def own_banner(idline: IdLine | None) -> OwnBanner | None:
    """This cable's page banner; None without a post and serial."""
    if idline is None or not idline.station or not idline.serial or not idline.serial.lstrip("0"):
        return None
    name = idline.station
    return OwnBanner(tuple(dict.fromkeys((name, name[:10].rstrip()))), idline.serial.lstrip("0"))


# Words no sentence ends on: a page break after one of them cut a sentence, even where the text
# after it opens with a capital (``…the GOE dissolved the`` / ``MOSS-registered Arab Human…``).
_BINDING_WORDS = frozenset(
    "a an the of to and or but in on at by for from with into than that as its their our his her".split())


def without_page_breaks(kept: list[tuple[int, str]], breaks: set[int]) -> list[tuple[int, str]]:
    """``kept`` without the lines that were this cable's page banners (most of them the noise
    filter took out already), where a page break (a line that was
    only this cable's banner) cut a sentence: the text before it ends no sentence and the text
    after goes on in small letters (``…to solve murder`` / ``cases by any means``); the blank
    lines around the break are taken out, so the paragraph reads on."""
    out: list[tuple[int, str]] = []
    held: list[tuple[int, str]] = []  # the blank lines after a page break, until the text after it
    todo = sorted(breaks)
    nxt = 0
    after_break = cut = bound = False
    for k, s in kept:
        if nxt < len(todo) and k >= todo[nxt]:
            while nxt < len(todo) and k >= todo[nxt]:
                nxt += 1
            if not after_break:
                while out and not out[-1][1]:
                    held.append(out.pop())
                held.reverse()
                cut = bool(out) and out[-1][1][-1] not in SENTENCE_END
                # A line ending in ``the``, ``of``, ``and``…: no paragraph ends there, whatever opens the next.
                bound = cut and out[-1][1].rsplit(" ", 1)[-1].lower() in _BINDING_WORDS
                after_break = True
            if k in breaks:
                continue  # a banner the noise filter did not know (``SAN JOSE 00000525  001.11 OF 003``)
        if after_break:
            if not s:
                held.append((k, s))
                continue
            if not (cut and (s[0].islower() or (bound and s[0] != "¶" and not s[0].isdigit()))):
                out.extend(held)
            held, after_break = [], False
        out.append((k, s))
    out.extend(held)
    return out


def cut_own_banners(lines: list[str], i: int, banner: OwnBanner) -> set[int]:
    """Take this cable's own page banners (``CAIRO 00001182 002 OF 002``) out of the text's
    ``lines`` from ``i`` on: the site's pages glue them into the running text (``…told us CAIRO
    00001182 002 OF 002 that he…``). Only the banner goes, with the spaces after it; the
    indexes of the lines that held nothing else come back (the page breaks)."""
    if next(banner.spans("\n".join(lines[i:])), None) is None:  # one scan; most cables have none
        return set()
    alone: set[int] = set()
    for k in range(i, len(lines)):
        line = lines[k]
        if " OF " not in line:  # every banner has its page mark
            continue
        parts = banner.cut(line)
        if len(parts) > 1:
            out = " ".join(part.strip() for part in parts if part.strip())
            if out:
                lines[k] = out
            else:
                alone.add(k)
    return alone
