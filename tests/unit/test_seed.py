"""The seed cable, as the foundation issue's "Done when" states it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import corpus

from parser import parse

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "sample_cables" / "09ASTANA1104.md"


def test_seed_is_the_mission_copy_byte_for_byte() -> None:
    if not corpus.SEED.exists():
        import pytest

        pytest.skip(f"no shared seed at {corpus.SEED}")
    assert SEED.read_bytes() == corpus.SEED.read_bytes()


def _check(d: dict) -> None:
    assert d["id"] == "09ASTANA1104"
    assert d["tags"] == ["PHUM", "PREL", "PGOV", "KDEM", "KCRM", "KZ"]
    assert d["date"] == "2009-07-07T09:55:00+00:00"
    assert [p["number"] for p in d["paragraphs"]] == [1, 2, 3, 4, 5]
    assert [(s["title"], s["paragraphs"]) for s in d["sections"]] == [
        ("LUKEWARM RESPONSE TO AZAT'S CALL FOR A MERGER", [2]),
        ("WORKERS GO ON STRIKE OVER UNPAID WAGES", [3]),
        ("NGO COALITION AGAINST TORTURE", [4]),
        ("DIRTY ROAD POLICE EXPOSED", [5]),
    ]
    assert d["signature"] == "HOAGLAND"
    [warning] = [w for w in d["warnings"] if w["kind"] == "paragraph_number"]
    assert "15." in warning["message"]
    # The warning names the line of the file where "15." stands.
    assert SEED.read_text(encoding="utf-8").split("\n")[warning["line"] - 1].startswith("15. On June 23")
    assert d["origin"] == "AMEMBASSY ASTANA" and d["station"] == "ASTANA"
    assert d["precedence"] == "IMMEDIATE" and d["transmission_id"] == "VZCZCXRO2033"
    assert d["classification"] == "UNCLASSIFIED" and "SIPDIS" in d["caveats"]
    assert d["subject"] == "KAZAKHSTAN: ALMATY NOTES, JUNE 15-26"
    assert d["to"][0] == {"route": "RUEHC", "name": "SECSTATE WASHDC", "precedence": "IMMEDIATE", "serial": "5706"}
    assert len(d["info"]) == 14 and d["info"][-1]["name"] == "CDR USCENTCOM MACDILL AFB FL"
    assert d["source_format"] == "markdown"


def test_seed_parses_as_the_issue_says() -> None:
    [cable] = parse(SEED.read_bytes(), name=str(SEED))
    _check(cable.to_dict())


def test_cables_parse_jsonl_command() -> None:
    out = subprocess.run([sys.executable, "-m", "tui", "parse", str(SEED), "--jsonl"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    [line] = out.strip().split("\n")
    d = json.loads(line)
    assert d["file"] == str(SEED)
    _check(d)


def test_every_documented_key_is_present_for_any_cable() -> None:
    keys = {"id", "transmission_id", "precedence", "date", "origin", "station", "to", "info", "classification",
            "caveats", "eo", "classified_by", "reasons", "tags", "subject", "references", "summary", "sections",
            "paragraphs", "signature", "declassified", "partial", "source_format", "warnings"}
    for text in ("", "UNCLAS\n\nhello", SEED.read_text(encoding="utf-8")):
        for c in parse(text):
            assert keys <= set(c.to_dict())
