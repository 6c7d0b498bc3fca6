"""Running the reader headless (``App.run_test``) on the sample cables, with a private index and
data folder, waiting until the background index build has finished."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App

from tui.app import CableReader
from tui.screens.main import MainScreen
from tui.state import State
from tui.widgets.cable_list import CableList
from tui.widgets.navigator import Navigator
from tui.widgets.viewer import Viewer

SAMPLES = Path(__file__).resolve().parents[2] / "sample_cables"


@pytest.fixture
def make_app(tmp_path: Path):  # noqa: ANN201
    def make(paths: list[Path] | None = None) -> CableReader:
        return CableReader(paths or [SAMPLES], tmp_path / "index", State.load(tmp_path / "data"))

    return make


async def until(pilot, check: Callable[[], object], what: str, timeout: float = 30.0) -> None:  # noqa: ANN001
    """Let the app work until ``check()`` is true: between looks, its workers run to their end and
    the messages they posted are handled. Never a fixed time: ``timeout`` is only a failure's."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        try:
            await asyncio.wait_for(pilot.app.workers.wait_for_complete(), max(0.01, end - loop.time()))
        except TimeoutError:
            pass
        await pilot.pause()
        if check():
            return
        if loop.time() > end:
            raise AssertionError(f"never saw {what}")


def main_screen(app: App) -> MainScreen:  # type: ignore[type-arg]
    """The reader's main screen, under whatever screen is shown over it."""
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


async def ready(pilot, timeout: float = 30.0) -> MainScreen:  # noqa: ANN001
    """Wait for the main screen with the list filled and the index build done."""
    def up() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, MainScreen) and not screen.indexing and bool(screen.query_one(CableList).entries) \
            and not any(w.is_running for w in pilot.app.workers)

    await until(pilot, up, "the reader ready: the list filled, the index built", timeout)
    return pilot.app.screen


async def settled(pilot) -> MainScreen:  # noqa: ANN001
    """Wait until the open cable is laid out whole and the navigator follows the viewer."""
    screen = main_screen(pilot.app)
    viewer, nav = screen.query_one(Viewer), screen.query_one(Navigator)

    def done() -> bool:
        laid_out = viewer._next == len(viewer._pieces) and viewer._pending is None
        return laid_out and (screen.cable is None or nav.root.label.plain == (screen.cable.id or "(no id)"))

    await until(pilot, done, "the open cable laid out and its sections listed")
    return screen


async def type_text(pilot, text: str) -> None:  # noqa: ANN001
    for ch in text:
        await pilot.press({" ": "space", '"': "quotation_mark", ":": "colon", "/": "slash", "-": "minus",
                           ".": "full_stop"}.get(ch, ch))


async def search(pilot, text: str) -> None:  # noqa: ANN001
    """The archive searched for ``text`` from the list, as typed: /, the query, Enter."""
    await pilot.press("slash")
    await type_text(pilot, text)
    await pilot.press("enter")
