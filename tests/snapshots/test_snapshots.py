"""SVG snapshots of the reader's main states at fixed sizes (pytest-textual-snapshot).

Update after an intended change of the screen: ``pytest tests/snapshots --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reader.conftest import ready, settled, type_text, until

from tui.app import CableReader
from tui.screens.modals import HelpScreen, PickerScreen
from tui.state import State

SAMPLES = Path(__file__).resolve().parents[2] / "sample_cables"


@pytest.fixture
def app(tmp_path: Path) -> CableReader:
    return CableReader([SAMPLES], tmp_path / "index", State.load(tmp_path / "data"))


async def _open_seed(pilot) -> None:  # noqa: ANN001
    await ready(pilot)
    await pilot.press("slash")
    await type_text(pilot, "id:09ASTANA1104")
    await pilot.press("enter", "enter")
    await settled(pilot)


def test_seed_open(snap_compare, app: CableReader) -> None:  # noqa: ANN001
    assert snap_compare(app, terminal_size=(160, 45), run_before=_open_seed)


def test_search_results(snap_compare, app: CableReader) -> None:  # noqa: ANN001
    async def before(pilot) -> None:  # noqa: ANN001
        await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "torture")
        await pilot.press("enter")
        await settled(pilot)
        await until(pilot, lambda: pilot.app.screen.why_for is not None, "why the first row matched")

    assert snap_compare(app, terminal_size=(160, 45), run_before=before)


def test_help(snap_compare, app: CableReader) -> None:  # noqa: ANN001
    async def before(pilot) -> None:  # noqa: ANN001
        await ready(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "the help screen")

    assert snap_compare(app, terminal_size=(160, 45), run_before=before)


def test_references(snap_compare, app: CableReader) -> None:  # noqa: ANN001
    async def before(pilot) -> None:  # noqa: ANN001
        await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "id:09ASTANA1212")
        await pilot.press("enter", "enter")
        await settled(pilot)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(pilot.app.screen, PickerScreen), "the references")

    assert snap_compare(app, terminal_size=(160, 45), run_before=before)


def test_small_terminal(snap_compare, app: CableReader) -> None:  # noqa: ANN001
    async def before(pilot) -> None:  # noqa: ANN001
        await _open_seed(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)
