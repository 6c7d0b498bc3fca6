"""The Textual app: the main screen, the command palette fed from the command table, the keymap."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider

from .commands import READER, load_keymap
from .screens.main import MainScreen
from .state import State


class ReaderCommands(Provider):
    """The reader's commands in the palette, from the same table as the keys."""

    def _commands(self) -> list[tuple[str, str, str]]:
        seen = set()
        out = []
        for c in READER:
            if c.id.startswith("reader.digit") or c.action in seen or c.action == "jump":
                continue
            seen.add(c.action)
            out.append((c.description, c.help, c.action))
        return out

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
    COMMANDS = App.COMMANDS | {ReaderCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, paths: list[Path], index_dir: Path | None = None, state: State | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.index_dir = index_dir
        self.state = state or State.load()
        self.keymap = load_keymap()

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        self.push_screen(MainScreen(self.paths, self.index_dir, self.state))
