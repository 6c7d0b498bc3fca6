"""The Textual app: the main screen, the command palette fed from the command table, the keymap;
and leaving cleanly when the terminal goes (a signal, or a terminal closed without one)."""

from __future__ import annotations

import asyncio
import select
import signal
import sys
from functools import partial
from pathlib import Path

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider

from .commands import PALETTE_EXTRA, READER, read_keymap
from .screens.main import MainScreen
from .state import State


def palette_commands() -> list[tuple[str, str, str]]:
    """(name, help, action) of each command the palette offers."""
    seen = set()
    out = []
    for c in READER + PALETTE_EXTRA:
        if c.id.startswith("reader.digit") or c.action in seen or c.action == "jump":
            continue
        seen.add(c.action)
        out.append((c.description, c.help, c.action))
    return out


class ReaderCommands(Provider):
    """The reader's commands in the palette, from the same table as the keys."""

    def _commands(self) -> list[tuple[str, str, str]]:
        return palette_commands()

    async def _run(self, action: str) -> None:
        screen = self.app.screen
        target = screen if isinstance(screen, MainScreen) else self.app
        await target.run_action(action)

    async def discover(self) -> Hits:
        for name, help_text, action in self._commands():
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in self._commands():
            score = max(matcher.match(name), matcher.match(help_text))
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action), help=help_text)


class CableReader(App[None]):
    TITLE = "cable-reader"
    # Messages sit above the status line and the footer, not over them (nor over the line of why a
    # cable matched, when it shows), and go soon.
    CSS = "ToastRack { margin-bottom: 2; } ToastRack.-above-why { margin-bottom: 4; }"
    NOTIFICATION_TIMEOUT = 3
    COMMANDS = App.COMMANDS | {ReaderCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, paths: list[Path], index_dir: Path | None = None, state: State | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.index_dir = index_dir
        self.state = state or State.load()
        self.keymap, keymap_notice = read_keymap()
        self.notices = [*self.state.notices, *([keymap_notice] if keymap_notice else [])]

    def get_default_screen(self) -> MainScreen:
        """The main screen is the app's first: its first frame is the reader, not a blank screen
        painted over piecemeal."""
        return MainScreen(self.paths, self.index_dir, self.state)

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        for notice in self.notices:  # state files set aside, a keymap not used: already made safe to show
            self.notify(notice, severity="warning", timeout=15, markup=False)
        if not self.is_headless:
            # SIGTERM, SIGHUP (the terminal closed) and SIGQUIT end the reader as q does: the place is
            # saved and the terminal restored (alternate screen, mouse, cursor), instead of the process
            # dying with the terminal left in the reader's modes.
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
                loop.add_signal_handler(sig, self.exit, None, 128 + sig)
            self.set_interval(0.5, self._check_terminal)

    def _check_terminal(self) -> None:
        """A terminal closed without a signal to the reader (its window or tmux server gone) hangs
        up the reader's input: leave, as on SIGHUP, rather than wait on it for ever."""
        try:
            events = select.poll()
            events.register(sys.__stdin__.fileno() if sys.__stdin__ else -1, select.POLLIN)
            gone = any(e & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, e in events.poll(0))
        except (OSError, ValueError):
            gone = True
        if gone:
            self.exit(None, 128 + signal.SIGHUP)
