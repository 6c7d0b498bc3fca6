"""The reader's looks as styles (a hit, each classification's band: set apart, each readable), the
list's short markings, and where the raw view finds a cable's paragraphs (bounded on hostile text)."""

from __future__ import annotations

import re
import time
from pathlib import Path

from rich.style import Style

from parser import parse
from parser.cable import Cable, Paragraph
from tui.render import CLASS_STYLES, HIT_STYLE, raw_marks, short_class

SEED = Path(__file__).resolve().parents[2] / "sample_cables" / "09ASTANA1104.md"


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(style: Style) -> float:
    assert style.color is not None and style.bgcolor is not None
    a, b = sorted((_luminance(style.color.triplet.hex), _luminance(style.bgcolor.triplet.hex)),  # type: ignore[union-attr]
                  reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_a_hit_and_each_marking_look_apart_and_read() -> None:
    hit = Style.parse(HIT_STYLE)
    bands = [Style.parse(s) for s in CLASS_STYLES.values()]
    assert hit.underline and not any(b.underline for b in bands)
    assert hit.bgcolor not in {b.bgcolor for b in bands}
    assert len({b.bgcolor for b in bands}) == len(bands)
    for style in [hit, *bands]:
        assert _contrast(style) >= 4.5, style


def test_the_list_shows_the_caveat_in_its_marking() -> None:
    assert short_class("SECRET//NOFORN") == "S/NF"
    assert short_class("CONFIDENTIAL//NOFORN") == "C/NF"
    assert short_class("UNCLASSIFIED//FOR OFFICIAL USE ONLY") == "U/FOUO"
    assert short_class("SECRET") == "S" and short_class(None) == ""


def test_the_raw_view_finds_each_paragraph_of_the_seed() -> None:
    cable = parse(SEED.read_bytes(), name=SEED.name)[0]
    marks = dict(raw_marks(cable))
    numbered = [p.number for p in cable.paragraphs if p.number is not None]
    assert numbered and all(f"para-{n}" in marks for n in numbered)
    for p in cable.paragraphs:
        if p.number is not None:  # its line: the number as written (the seed's "15." is ¶5), then its words
            line = cable.raw[marks[f"para-{p.number}"]:].split("\n", 1)[0]
            assert re.match(r"¶?\d+\.", line) and " ".join(p.text.split()[:3]) in line, line
    offsets = [o for _, o in raw_marks(cable)]
    assert offsets == sorted(set(offsets))


def test_the_raw_view_search_is_bounded_on_hostile_text() -> None:
    words = "alpha beta gamma delta "
    paragraphs = [Paragraph(n, None, None, f"missing{n} words here") for n in range(1, 5001)]
    cable = Cable(id="99HOSTILE1", paragraphs=paragraphs, raw_text=(words * 450_000)[:10_000_000])
    start = time.process_time()  # this process's own time: others' load on the machine does not count
    assert raw_marks(cable) == []
    assert time.process_time() - start < 10  # a search of every window would read 100 GB
