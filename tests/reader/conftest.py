"""Running the reader headless (``App.run_test``) on the sample cables, with a private index and
data folder, waiting until the background index build has finished."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tui.app import CableReader
from tui.screens.main import MainScreen
from tui.state import State
from tui.widgets.cable_list import CableList

SAMPLES = Path(__file__).resolve().parents[2] / "sample_cables"


@pytest.fixture
def make_app(tmp_path: Path):  # noqa: ANN201
    def make(paths: list[Path] | None = None) -> CableReader:
        return CableReader(paths or [SAMPLES], tmp_path / "index", State.load(tmp_path / "data"))

    return make


async def ready(pilot, timeout: float = 30.0) -> MainScreen:  # noqa: ANN001
    """Wait for the main screen with the list filled and the index build done."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        screen = pilot.app.screen
        if isinstance(screen, MainScreen) and not screen.indexing and screen.query_one(CableList).entries \
                and not any(w.is_running for w in pilot.app.workers):
            await pilot.pause()
            return screen
        await pilot.pause(0.05)
    raise AssertionError("the reader did not become ready")


async def type_text(pilot, text: str) -> None:  # noqa: ANN001
    for ch in text:
        await pilot.press({" ": "space", '"': "quotation_mark", ":": "colon", "/": "slash", "-": "minus",
                           ".": "full_stop"}.get(ch, ch))
