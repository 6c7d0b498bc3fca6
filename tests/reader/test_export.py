"""Taking things out of the reader: ``x`` writes the list, the open cable or the bookmarks to a file
the user names (never over another unasked; a failure said, naming the file), and ``y`` copies the
citation of the cable and of the paragraph the viewer is at."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from textual.color import Color
from textual.containers import Vertical
from textual.widgets import Input, OptionList

from tui.screens.export import ExportScreen
from tui.screens.modals import MODAL_CSS, PickerScreen

from .conftest import ready, search, settled, until
from .test_keys import open_id


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's documents folder, where an export's name is offered."""
    folder = tmp_path / "Documents"
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(folder))
    return folder


async def export(pilot, label: str, name: str | None = None, enters: int = 1) -> ExportScreen:  # noqa: ANN001
    """``x``, the line of the picker that starts with ``label``, then ``name`` typed over the name
    offered (or the name offered), then Enter."""
    app = pilot.app
    await pilot.press("x")
    await until(pilot, lambda: isinstance(app.screen, PickerScreen), "the export picker")
    options = app.screen.query_one(OptionList)
    labels = [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]
    options.highlighted = next(n for n, t in enumerate(labels) if t.startswith(label))
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ExportScreen), "the file name pop-up")
    screen = app.screen
    screen.offered = screen.query_one(Input).value  # type: ignore[attr-defined]
    if name is not None:
        screen.query_one(Input).value = name
    for _ in range(enters):
        await pilot.press("enter")
    return screen


def said(screen) -> str:  # noqa: ANN001
    return screen._status.plain


def top_line(viewer) -> str:  # noqa: ANN001
    """The line at the top of the cable pane."""
    return viewer._lines[round(viewer.scroll_y)].plain


async def test_export_and_copy(make_app, documents: Path, tmp_path: Path) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "tag:PHUM")
        listed = len(screen.query_one("CableList").entries)
        popup = await export(pilot, f"the {listed} cables listed as CSV")
        assert popup.offered == str(documents / "cables-tag-PHUM.csv")  # the name offered
        target = documents / "cables-tag-PHUM.csv"
        await until(pilot, lambda: "wrote" in said(screen), "the export written")
        rows = list(csv.DictReader(target.open(encoding="utf-8")))
        entries = screen.query_one("CableList").entries
        found = screen.library.rows(entries)
        assert [r["id"] for r in rows] == [found[e].id for e in entries]  # the list as it is, in its order
        assert f"wrote {listed} cables as CSV to {target}" in said(screen)
        # Again to the same name: asked first; the file is kept until Enter is pressed again.
        target.write_text("mine")
        popup = await export(pilot, f"the {listed} cables listed as Markdown", str(target))
        asked = str(popup.query_one("#export-said").render())
        assert app.screen is popup and "exists. Enter again to replace it" in asked
        assert target.read_text() == "mine"
        await pilot.press("enter")
        await until(pilot, lambda: target.read_text().startswith("# cables: tag:PHUM"), "the file replaced")
        # y: the citation of the open cable, and of the paragraph the viewer is at.
        await open_id(pilot, screen, "09ASTANA1212")
        await settled(pilot)
        await pilot.press("y")  # at the head: the cable alone
        cite = ('09ASTANA1212, "KAZAKHSTAN: TORTURE COALITION MEETS PROSECUTORS, ASKS FOR ACCESS TO DETENTION '
                'CELLS", AMEMBASSY ASTANA, 2009-07-24')
        assert app.clipboard == cite and said(screen).startswith("copied the citation of 09ASTANA1212 · ")
        await pilot.press("2", "enter")
        await pilot.pause()
        await pilot.press("y")
        paragraph = screen.cable.paragraph(2)
        assert app.clipboard == f"{cite}, ¶2 (U)\n\n{paragraph.text}"
        assert said(screen).startswith("copied the citation of 09ASTANA1212 ¶2 (U) and the paragraph's text · ")
        # The cable as Markdown, to a name without a folder: in the documents folder.
        await export(pilot, "09ASTANA1212 as Markdown", "astana.md")
        await until(pilot, lambda: (documents / "astana.md").exists(), "the cable written")
        assert (documents / "astana.md").read_text().startswith("# 09ASTANA1212: KAZAKHSTAN: TORTURE COALITION")
        # The bookmarks as CSL-JSON.
        await pilot.press("b")
        await export(pilot, "your 1 bookmark as CSL-JSON", str(tmp_path / "b.json"))
        await until(pilot, lambda: (tmp_path / "b.json").exists(), "the bookmarks written")
        [item] = json.loads((tmp_path / "b.json").read_text())
        assert item["id"] == "09ASTANA1212" and item["type"] == "report"
        assert "wrote 1 citation as CSL-JSON to" in said(screen)
        # A note on ¶2 (as the reader's a keeps it): the notes as citation lines, each with its note.
        screen.state.write_note("09ASTANA1212", "para-2", "the coalition's members")
        await export(pilot, "your 1 note as citation lines", str(tmp_path / "n.txt"))
        await until(pilot, lambda: (tmp_path / "n.txt").exists(), "the notes written")
        assert (tmp_path / "n.txt").read_text() == f"{cite}, ¶2 (U)\n  the coalition's members\n"


async def test_a_failed_export_names_the_file(make_app, documents: Path, tmp_path: Path) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        (tmp_path / "plain").write_text("")
        bad = tmp_path / "plain" / "out.csv"  # inside a file: no folder can be made there
        await export(pilot, "the 13 cables listed as CSV", str(bad))
        await until(pilot, lambda: "could not write" in said(screen), "the failure said")
        assert str(bad) in said(screen) and app.screen is screen
        await export(pilot, "the 13 cables listed as CSV", "", enters=1)  # no name: said in the pop-up
        assert isinstance(app.screen, ExportScreen) and "Give a file name" in str(app.screen.query_one(
            "#export-said").render())
        # Drawn as every pop-up is (the shared MODAL_CSS), its height its own: the name and a line.
        box = app.screen.query_one(Vertical)
        assert box.styles.border_top[0] == "thick" and box.region.width == 80 and box.region.height < 12
        assert box.styles.background == Color.parse(app.get_css_variables()["surface"])
        await pilot.press("escape")
        assert app.screen is screen and not documents.exists()  # Esc: nothing written
        out = tmp_path / "exports" / "iran-2009-election-study" / "all.jsonl"
        await export(pilot, "the 13 cables listed as JSONL", str(out))
        await until(pilot, lambda: "wrote" in said(screen), "the JSONL written")
        records = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(records) == 13 and "paragraphs" not in records[0] and records[0]["id"]
        # At 80 columns the status line shows where it went: the folders shortened, never the name.
        width = screen.query_one("#status").content_region.width
        assert len(str(out)) > width - len("wrote 13 cables as JSONL to ")
        message = said(screen).split(" · ")[0]
        assert message.startswith("wrote 13 cables as JSONL to /…/") and message.endswith("/all.jsonl")
        assert len(message) <= width


def test_the_export_pop_up_uses_the_pop_ups_css() -> None:
    """Its look is the shared modal CSS (one place to change every pop-up); its own rules only its height."""
    own = ExportScreen.DEFAULT_CSS.replace(MODAL_CSS, "")
    assert ExportScreen.DEFAULT_CSS.startswith(MODAL_CSS) and "ExportScreen > Vertical" in MODAL_CSS
    assert not any(rule in own for rule in ("border:", "background:", "align:", "max-width:", "text-style:")), own


def test_export_and_copy_are_in_the_help_and_the_palette() -> None:
    from tui.app import ReaderCommands
    from tui.helptext import key_rows

    rows = {r.id: r for r in key_rows()}
    assert rows["reader.export"].keys == "x" and "BibTeX" in rows["reader.export"].does
    assert rows["reader.copy"].keys == "y" and "¶N" in rows["reader.copy"].does
    palette = {action: name for name, _, action in ReaderCommands._commands(None)}  # type: ignore[arg-type]
    assert palette["export"] == "Export" and palette["copy"] == "Copy"


async def test_a_number_written_twice_is_one_paragraph_for_the_go_to_a_note_and_y(make_app, tmp_path: Path) -> None:  # noqa: ANN001
    """09SANJOSE587 (the corpus page) numbers two paragraphs 5. ``5 Enter`` goes to the first and
    the status line says the number is written twice; ``]`` goes on to the second, ``¶5b``, whose
    note is kept on it alone and whose ``y`` names it as ``cables cite`` does."""
    from textual.widgets import TextArea

    from tests.corpus import page, require_corpus
    from tui.screens.modals import NoteScreen
    from tui.widgets.viewer import Viewer

    require_corpus()
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "09SANJOSE587.html").write_text(page("09SANJOSE587").html, encoding="utf-8")
    app = make_app([archive])
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await open_id(pilot, screen, "09SANJOSE587")
        await settled(pilot)
        viewer = screen.query_one(Viewer)
        await pilot.press("5", "enter")
        await until(pilot, lambda: "The Costa Ricans" in top_line(viewer), "the first ¶5 at the top")
        assert viewer.current_anchor == "para-5"
        assert said(screen).startswith("¶5 is written 2 times here: this is the first; ] goes to ¶5b · ")
        await pilot.press("y")
        assert app.clipboard.split("\n")[0].endswith(", ¶5 (SBU)")
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: "Local TV media" in top_line(viewer), "the second ¶5 at the top")
        assert viewer.current_anchor == "para-5b" and top_line(viewer).startswith(" ¶5b ")
        await pilot.press("y")
        assert app.clipboard.split("\n")[0].endswith(", ¶5b (U)") and "Local TV media" in app.clipboard
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the note's editor")
        assert "09SANJOSE587, ¶5b" in str(app.screen.title_text)
        app.screen.query_one(TextArea).insert("the evening news")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen, "the cable again")
        await pilot.pause()
        assert viewer.plain().count("the evening news") == 1
        assert viewer.plain().index("the evening news") > viewer.plain().index("Local TV media")
    [note] = json.loads((tmp_path / "data" / "notes.json").read_text(encoding="utf-8"))
    assert (note["paragraph"], note["anchor"]) == (5, "para-5b")
