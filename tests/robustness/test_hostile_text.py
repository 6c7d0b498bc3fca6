"""Hostile text: random bytes and real cables mutated in every way a copy goes wrong. The parser
never raises anything but ParseError, returns in bounded time, and leaves no control character in
any field.

Protection checked: ``parse``'s contract (one documented exception) and ``text.clean`` on every
field; removing the control-character pass or letting an IndexError out fails these tests.
"""

from __future__ import annotations

import time
from pathlib import Path

import corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parser import ParseError, parse

SAMPLES = Path(__file__).resolve().parents[2] / "sample_cables"
SEEDS = [p.read_bytes() for p in sorted(SAMPLES.iterdir())]
if corpus.VARIANTS.exists():
    SEEDS += [p.read_bytes() for p in sorted(corpus.VARIANTS.iterdir()) if p.stat().st_size < 300_000]
CONTROLS = {chr(c) for c in range(0x20) if c not in (9, 10)} | {chr(0x7F)} | {chr(c) for c in range(0x80, 0xA0)}
BUDGET = 2.0  # seconds for one input of at most a few hundred kilobytes


def strings(v):  # noqa: ANN001, ANN201
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)


def check(data: bytes, tally) -> None:  # noqa: ANN001
    t0 = time.perf_counter()
    try:
        cables = parse(data, name="fuzz.txt")
    except ParseError:
        cables = []
    elapsed = time.perf_counter() - t0
    ok = elapsed < BUDGET
    for c in cables:
        for s in strings(c.to_dict()):
            ok = ok and not (set(s) & CONTROLS)
    tally("hostile text", "generated and mutated inputs").ran(ok)
    assert elapsed < BUDGET, f"{elapsed:.2f}s"
    assert ok, "a control character reached a field"


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=4000))
def test_random_bytes(tally, data: bytes) -> None:  # noqa: ANN001
    check(data, tally)


def _mutate(seed: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    lines = seed.split(b"\n")
    for op, a, b in ops:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 2:
            lines.insert(i, lines[j])
        elif op == 3:
            lines[i] = lines[i][: b % (len(lines[i]) + 1)]
        elif op == 4:
            lines[i] = lines[i] + b"\r"
        elif op == 5:
            cut = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + b"\x00\x1b]0;owned\x07\x1b[2J\x9b31m" + lines[i][cut:]
        elif op == 6:
            lines[i] = lines[i].decode("utf-8", "replace").encode("cp1252", "replace")
        elif op == 7:
            lines[i] = b"[@click=app.quit]" + lines[i] + b"[/x]"
    return b"\n".join(lines)


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(range(len(SEEDS))), st.lists(st.tuples(st.integers(0, 7), st.integers(0, 10**6),
                                                                 st.integers(0, 10**6)), max_size=25))
def test_mutated_real_cables(tally, k: int, ops: list[tuple[int, int, int]]) -> None:  # noqa: ANN001
    check(_mutate(SEEDS[k], ops), tally)


def test_every_seed_as_is(tally) -> None:  # noqa: ANN001
    for s in SEEDS:
        check(s, tally)


def test_no_printable_character_is_one_clean_removes() -> None:
    # ``clean_line`` skips ``clean`` for a printable string: that is safe only while every code
    # point Python calls printable is outside the set ``clean`` removes.
    from parser.text import _CONTROLS, clean_line

    assert [hex(c) for c in range(0x110000) if chr(c).isprintable() and _CONTROLS.match(chr(c))] == []
    assert clean_line("PHUM\x1b[31m PREL\u202e\x85 KZ") == "PHUM[31m PREL KZ"
