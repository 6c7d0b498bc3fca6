"""Pathological input for every pattern: long runs of the characters each pattern repeats. Time
must grow linearly with size: the 4x input may take at most 8x as long (a quadratic pattern takes
16x), and the 10 MB single line finishes well inside a few seconds.

Protection checked: every regex is anchored or bounded (no nested or adjacent unbounded repeats);
putting back an unbounded lazy pattern such as ``(.*?) +(PRIORITY)?$`` fails the ratio test.
"""

from __future__ import annotations

import time

import pytest

from parser import ParseError, parse

FAMILIES = {
    "open parens": "(",
    "X redactions": "X",
    "spaces": " ",
    "digits": "1",
    "pilcrows": "¶1. ",
    "dashes": "-",
    "slashes": "/",
    "tag words": "TAGS: PHUM ",
    "subject glue": "SUBJECT: A ",
    "ref labels": "A. STATE 1 ",
    "dtg digits": "070955Z ",
    "section banners": "SECTION 01 OF 02 ",
    "classification spaced": "C O N F I D E N T I A L ",
    "summary words": "SUMMARY: ",
    "end words": "END SUMMARY ",
    "markdown links": "[PHUM](#)",
    "html tags": "<a href='x'>",
    "csv quotes": '"\\",',
    "newlines": "\n",
    "blank lines with spaces": " \n",
    "header lines": "RUEHC/SECSTATE WASHDC ",
    "address runs": "TO " + "A " * 50 + "\n",
    "caps heading": "HEADING\n\n",
    "classified by": "Classified By: x 1.4 ",
    "own page banners": "ASTANA 00001104 002 OF 002 ",  # this cable's banner, taken out of the text
    "page banner zeros": "ASTANA 0000000000",
    "other serials' page marks": "  00009999   001 OF 002   ",  # each one a banner shape to check
    "page breaks": "cut\n\nASTANA 00001104  002 OF 002\n\nword ",  # joined where they cut a sentence
    "glued paragraph one": "1.KEY ",
}


def _time(text: str) -> float:
    best = float("inf")
    for _ in range(3):  # the best of three, in CPU time: a loaded machine preempts a run, it does not make it work more
        t0 = time.process_time()
        try:
            parse(text, name="p.txt")
        except ParseError:
            pass
        best = min(best, time.process_time() - t0)
    return best


def _grows_linearly(name: str, small: str, large: str) -> tuple[bool, str]:
    """Whether parsing ``large`` (4x ``small``) takes at most 8x as long (or no time to speak of),
    and the times, to say where it does not."""
    t_small, t_large = _time(small), _time(large)
    ratio = t_large / max(t_small, 1e-4)
    return ratio < 8 or t_large < 0.05, f"{name}: {t_small:.3f}s -> {t_large:.3f}s (x{ratio:.1f})"


def _time_once(text: str, name: str | None = None) -> float:
    """Seconds to parse ``text`` once (refused as no cable or not: the time is what counts)."""
    t0 = time.process_time()
    try:
        parse(text, name=name)
    except ParseError:
        pass
    return time.process_time() - t0


@pytest.mark.parametrize("name", list(FAMILIES))
def test_linear_time(tally, name: str) -> None:  # noqa: ANN001
    unit = FAMILIES[name]
    prefix = "UNCLAS ASTANA 001104\n\nTAGS: PHUM\nSUBJECT: X\n\n1. "
    small = prefix + unit * (40_000 // len(unit))
    large = prefix + unit * (160_000 // len(unit))
    with tally("pathological patterns", "pattern families, 40 kB and 160 kB").case():
        ok, said = _grows_linearly(name, small, large)
        assert ok, said


# Runs inside the head's fields, where the REF list, TAGS and Classified By readers work.
HEAD_FAMILIES = {
    "ref words": "REF: " + "WORD " * 8,
    "ref serial lists": "REF: STATE 1 AND 2, 3/4, ",
    "ref labels glued": "REF: (A)X 1 [B] Y 2 C - Z 3; ",
    "ref dates": "REF: X EMAIL 05/11/07 ",
    "ref years": "REF: (99) ROME 2196-91 (2002) ",
    "ref 1970s forms": "REF: STATE 093410, B.STATE 1 USCINCRED 311345 Z MAY 73 EMBTEL 1 ",
    "tag prose": "TAGS: PROSE'S WORDS, ",
    "tag codes": "TAGS: PHUM PREL ",
    "classified by words": "Classified By: Hoyt Y for re ",
}


@pytest.mark.parametrize("name", list(HEAD_FAMILIES))
def test_linear_time_in_the_head(tally, name: str) -> None:  # noqa: ANN001
    """A head field of 40 kB and of 160 kB on one line: the 4x input at most 8x as long."""
    unit = HEAD_FAMILIES[name]
    prefix = "UNCLAS ASTANA 001104\n\nSUBJECT: X\n"
    key, _, rest = unit.partition(": ")
    small = prefix + f"{key}: " + rest * (40_000 // len(rest)) + "\n\n1. Text.\n"
    large = prefix + f"{key}: " + rest * (160_000 // len(rest)) + "\n\n1. Text.\n"
    ok, said = _grows_linearly(name, small, large)
    with tally("pathological patterns", "head fields, 40 kB and 160 kB").case():
        assert ok, said


@pytest.mark.parametrize("unit", ["(", "X", "a"])
def test_ten_megabytes_on_one_line(tally, unit: str) -> None:  # noqa: ANN001
    text = unit * 10_000_000
    with tally("pathological patterns", "10 MB single lines").case():
        elapsed = _time_once(text, "big.txt")
        assert elapsed < 5, f"{elapsed:.1f}s"


def test_hundred_thousand_parens_and_xs(tally) -> None:  # noqa: ANN001
    for unit in ("(", "X"):
        with tally("pathological patterns", "100,000-character runs").case():
            assert _time_once(unit * 100_000) < 2


# Runs inside the copy a page gives after an excerpt cut short (parser/body/flat.py), where each line
# is searched for the next paragraph's number, the head's keys and a heading's rule.
COPY_FAMILIES = {
    "numbers": "1. 1. ",
    "numbers after a stop": ". 2. x",
    "numbers before capitals": "a 2. X ",
    "numbers and marks": "1. (C) ",
    "numbers in sequence": None,  # ``1. (C) A. 2. (C) A. …``: each opens a paragraph
    "pilcrow numbers": " ¶2. x",
    "abbreviations": "U.S. ",
    "rules": "---- ",
    "marks": "(SBU) ",
    "keys": "SIPDIS E.O. 1 TAGS: REF: ",
    "repeated keys": "TAGS: ",
    "ellipses": "... ",
}


@pytest.mark.parametrize("name", list(COPY_FAMILIES))
def test_linear_time_in_a_copy_after_an_excerpt(tally, name: str) -> None:  # noqa: ANN001
    """A copy's line of 50 kB and of 200 kB: the 4x input at most 8x as long."""
    unit = COPY_FAMILIES[name]
    excerpt = "C O N F I D E N T I A L TBILISI 001379\n\nSUBJECT: X\n\nREF: TBILIS...\n\n"
    copy = ("C O N F I D E N T I A L TBILISI 001379 SIPDIS E.O. 12958: DECL: 08/16/2018 TAGS: PGOV\n\n"
            "SUBJECT: Y 1. (C) Z. ")

    def text(size: int) -> str:
        if unit is None:
            run, n, length = [], 1, 0
            while length < size:
                run.append(f"{n + 1}. (C) A.")
                length += len(run[-1]) + 1
                n += 1
            return excerpt + copy + " ".join(run)
        return excerpt + copy + unit * (size // len(unit))

    ok, said = _grows_linearly(name, text(50_000), text(200_000))
    with tally("pathological patterns", "a copy after an excerpt, 50 kB and 200 kB").case():
        assert ok, said
