"""Hostile text: random bytes and real cables mutated in every way a copy goes wrong. The parser
never raises anything but ParseError, returns in bounded time, and leaves no control character in
any field.

Protection checked: ``parse``'s contract (one documented exception) and ``text.clean`` on every
field; removing the control-character pass or letting an IndexError out fails these tests.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import corpus
import pytest
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
    with tally("hostile text", "generated and mutated inputs").case():
        t0 = time.perf_counter()
        try:
            cables = parse(data, name="fuzz.txt")
        except ParseError:
            cables = []
        elapsed = time.perf_counter() - t0
        assert elapsed < BUDGET, f"{elapsed:.2f}s"
        for c in cables:
            for s in strings(c.to_dict()):
                assert not (set(s) & CONTROLS), "a control character reached a field"


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


# -- generated field values in every form ---------------------------------------------------------
# Each form's metadata reaches code of its own (dates through dateutil, numbers through ``int``, HTML
# character references through ``html.unescape``): values that are each almost right, and far too
# long, for every field a form carries. The known ones first (each stopped a build once).
KNOWN_VALUES = ["1" * 5000, "9999-12-31 23:59 -0100", "0001-01-01 00:00 +0100", "2009-07-07 09:55 +2400",
                "09:" + "1" * 40, "&#" + "9" * 5000 + ";", "&#" + "0" * 5000 + "65;"]
DIGITS = st.integers(1, 6000).map(lambda n: "9" * n)
DATES = st.from_regex(r"\A[0-9]{1,6}([-/.][0-9]{1,4}){0,2}( [0-9]{1,45}(:[0-9]{1,45}){0,2})?"
                      r"( ?[-+][0-9]{2,6}| [A-Z]{3})?\Z")
VALUES = st.one_of(st.sampled_from(KNOWN_VALUES), DIGITS, DATES, st.text(max_size=60),
                   st.builds("&#{}{};".format, st.sampled_from(["", "x", "X"]), DIGITS))
JSON_KEYS = ("id", "date", "subject", "classification", "origin", "tags", "header", "text")


def _json(values: dict[str, str], bare: bool) -> str:
    """A cable-search answer; ``bare`` writes digit values as JSON numbers, not strings."""
    fields = ",".join(f'"{k}":{v if bare and v.isdigit() else json.dumps(v)}' for k, v in values.items())
    return '{"items":[{' + fields + '}]}'


def _csv(values: dict[str, str]) -> str:
    row = [values.get(k, "") for k in ("seq", "date", "id", "origin", "classification", "refs", "header", "text")]
    return ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in ["1", *row[1:]]) + "\n"


def _export(values: dict[str, str]) -> str:
    lines = [values.get("id") or "09ASTANA1104", values.get("subject", ""), values.get("date", ""),
             "UNCLASSIFIED", values.get("origin", ""), "", values.get("text", "")]
    return "\n".join(line.replace("\n", " ") for line in lines) + "\n"


def _page(values: dict[str, str]) -> str:
    cells = "".join(f"<td>{values.get(k, '')}</td>" for k in ("id", "date", "released", "classification", "origin"))
    return ("<!DOCTYPE html>\n<html><h3>Viewing cable " + values.get("id", "") + ", " + values.get("subject", "")
            + "</h3><table class='cable'><tr>" + cells + "</tr></table><code><pre>" + values.get("header", "")
            + "</pre></code><code><pre>" + values.get("text", "") + "</pre></code></html>")


FORMS = {"json": lambda v: _json(v, False), "json numbers": lambda v: _json(v, True), "csv": _csv,
         "text export": _export, "page": _page}


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(sorted(FORMS)), st.dictionaries(st.sampled_from(JSON_KEYS), VALUES, min_size=1))
def test_generated_field_values_in_every_form(tally, form: str, values: dict[str, str]) -> None:  # noqa: ANN001
    """The parser's entry point raises nothing but ParseError, whatever a form's fields hold."""
    with tally("hostile text", "generated field values in every form (hypothesis)").case():
        try:
            parse(FORMS[form](values).encode("utf-8", "surrogatepass"), name=f"fuzz.{form.split()[0]}")
        except ParseError:
            pass


@pytest.mark.parametrize("value", KNOWN_VALUES)
@pytest.mark.parametrize("form", sorted(FORMS))
def test_known_values_in_every_form(tally, form: str, value: str) -> None:  # noqa: ANN001
    """Each value that once raised, in each field of each form."""
    for key in ("id", "date", "text", "subject"):
        with tally("hostile text", "known crashing field values in every form").case():
            try:
                parse(FORMS[form]({key: value, "text": "1. Body."} | {key: value}).encode("utf-8"),
                      name=f"known.{form.split()[0]}")
            except ParseError:
                pass
