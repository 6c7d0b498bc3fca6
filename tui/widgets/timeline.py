"""The results in time: a column of block characters for each year (or month), one of them chosen.

Drawn as ``Text`` (eighths of a cell: ``▁▂▃▄▅▆▇█``), heights in proportion to the counts; a period
with any cable gets at least an eighth, so a lone cable is seen. When the columns do not fit, the
chart shows those around the chosen one.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"
BAR = "cyan"
CHOSEN = "bold yellow on grey23"


@dataclass(frozen=True, slots=True)
class Bar:
    """One period: its name (``2009``, ``2009-06``), the condition that narrows to it, its count."""

    period: str
    condition: str
    count: int


def periods(found: dict[str, int], months: bool) -> list[str]:
    """Every year (or month) from the first ``found`` to the last, the empty ones too: a gap in
    time is seen as one."""
    if not found:
        return []
    first, last = min(found), max(found)
    if not months:
        return [str(y) for y in range(int(first), int(last) + 1)]
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


class Timeline(Widget):
    """A bar chart of ``bars``; ``cursor`` is the chosen bar. A click on a bar chooses it
    (:class:`Timeline.Clicked`); the keys that move it belong to the screen it is on."""

    DEFAULT_CSS = "Timeline { height: auto; width: 1fr; }"

    class Clicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, bars: list[Bar], rows: int = 6, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.bars = bars
        self.rows = rows
        self.cursor = max(range(len(bars)), key=lambda i: bars[i].count, default=0)  # the tallest first
        self._first = 0  # the first bar drawn

    @property
    def chosen(self) -> Bar | None:
        return self.bars[self.cursor] if self.bars else None

    def move(self, step: int) -> None:
        if self.bars:
            self.cursor = max(0, min(len(self.bars) - 1, self.cursor + step))
            self.refresh()

    def _cell(self) -> int:
        """Columns a bar takes (its gap to the next included)."""
        return max(1, min(6, self.size.width // max(1, len(self.bars))))

    def _window(self) -> range:
        cell = self._cell()
        fit = max(1, self.size.width // cell)
        if self.cursor < self._first:
            self._first = self.cursor
        elif self.cursor >= self._first + fit:
            self._first = self.cursor - fit + 1
        self._first = max(0, min(self._first, len(self.bars) - fit))
        return range(self._first, min(len(self.bars), self._first + fit))

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return self.rows + 1

    def render(self) -> Text:
        if not self.bars:
            return Text("no dated cables", style="dim")
        cell = self._cell()
        shown = self._window()
        top = max(b.count for b in self.bars)
        out = Text(no_wrap=True, overflow="crop")
        for row in range(self.rows):
            floor = (self.rows - 1 - row) * 8
            for i in shown:
                n = self.bars[i].count
                eighths = 0 if not n else max(1, round(n / top * self.rows * 8))
                ch = EIGHTHS[max(0, min(8, eighths - floor))]
                out.append(ch * (cell - 1 if cell > 1 else 1), style=CHOSEN if i == self.cursor else BAR)
                if cell > 1:
                    out.append(" ")
            out.append("\n")
        out.append_text(self._axis(shown, cell))
        return out

    def _axis(self, shown: range, cell: int) -> Text:
        """The periods under their bars, as many as fit without touching."""
        line = [" "] * (len(shown) * cell)
        end = -1
        for k, i in enumerate(shown):
            label = self.bars[i].period
            x = k * cell
            step = max(1, -(-(len(label) + 1) // cell))  # bars a label and a space take
            if k % step == 0 and x > end and x + len(label) <= len(line):
                line[x:x + len(label)] = label
                end = x + len(label)
        return Text("".join(line), style="dim", no_wrap=True, overflow="crop")

    def on_click(self, event: events.Click) -> None:
        shown = self._window()
        k = event.x // self._cell()
        if event.y < self.rows and 0 <= k < len(shown):
            self.cursor = shown[k]
            self.refresh()
            self.post_message(self.Clicked(self.cursor))
