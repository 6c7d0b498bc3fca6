"""The README's keys and query-language tables, the help screen and ``--help`` come from the
command table and the query syntax: they agree with the bindings the reader runs."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from parser.query import SYNTAX, parse_query
from tui.app import palette_commands
from tui.cli import build_parser, reader_parser
from tui.commands import ALL
from tui.helptext import DOCS, SECTIONS, generated_text, key_display, key_rows, sections_in
from tui.screens.main import MainScreen
from tui.widgets.cable_list import CableList
from tui.widgets.find_box import FindBox
from tui.widgets.navigator import Navigator
from tui.widgets.viewer import Viewer

ROOT = Path(__file__).resolve().parents[2]


def test_the_docs_tables_are_the_generated_ones() -> None:
    found = []
    for doc in DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert generated_text(text) == text, "run: python -m tui.helptext"
        found += sections_in(text)
    assert sorted(found) == sorted(SECTIONS), f"each generated section once in {DOCS}: {found}"


def test_every_binding_of_the_panes_is_in_the_help() -> None:
    rows = {r.id: r for r in key_rows()}
    for widget in (MainScreen, CableList, Navigator, Viewer, FindBox):
        for b in widget.BINDINGS:
            assert isinstance(b, Binding) and b.id
            if b.id.startswith("reader.digit"):
                assert rows["reader.digit0"].keys == "0-9"
                continue
            assert b.id in rows, f"{widget.__name__}: {b.key} ({b.action}) is not in the help"
            assert rows[b.id].keys == key_display(b.key)
    assert {c.id for c in ALL} - {"reader.digit" + str(d) for d in range(1, 10)} == set(rows)


def test_the_palette_offers_the_find_and_why_it_matched() -> None:
    actions = {action for _, _, action in palette_commands()}
    assert {"screen.find", "why", "hit(1)", "search"} <= actions


def test_the_query_language_is_in_the_help_and_each_example_parses() -> None:
    for written, _ in SYNTAX:
        for example in written:
            parse_query(example)
    for parser in (reader_parser(), build_parser("search")):
        text = parser.format_help()
        for written, finds in SYNTAX:
            assert ", ".join(written) in text and finds in text
