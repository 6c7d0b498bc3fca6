"""The browse screen (``f``): the current results in time, and the ways to count them (by tag,
origin, classification, year). Choosing a bar of the timeline narrows the query to its period;
choosing a way to count lists its values (``PickerScreen``), and choosing a value narrows the query
to it. The counting is the main screen's (``Library.facet``): this screen only shows and asks."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.choices import Choices
from ..widgets.timeline import Bar, Timeline
from .modals import MODAL_CSS, Choice, keys_line

TIMELINE = "timeline"  # the option that narrows to the chosen bar


@dataclass(frozen=True, slots=True)
class Browsed:
    """What was chosen: a way to count (``kind``), or a condition to add to the query."""

    kind: str | None = None
    condition: str | None = None


class BrowseScreen(ModalScreen[Browsed | None]):
    """``scope`` says what is counted ("within 114 results of `torture egypt`"); ``bars`` are the
    timeline's periods, a year or a month each (``months``); ``kinds`` the ways to count."""

    DEFAULT_CSS = MODAL_CSS + """
BrowseScreen > Vertical { height: auto; }
BrowseScreen #caption { color: $text-muted; }
BrowseScreen OptionList { height: auto; max-height: 12; }
"""
    SCOPED_CSS = False
    BINDINGS = [Binding("escape", "cancel", "Close", id="browse.close"),
                Binding("left", "bar(-1)", "Earlier", id="browse.earlier"),
                Binding("right", "bar(1)", "Later", id="browse.later")]

    def __init__(self, scope: str, bars: list[Bar], months: bool, kinds: list[Choice[str]],
                 timeline: bool = False) -> None:
        super().__init__()
        self.timeline = timeline  # Enter on the timeline's bar at first (``t``), not on the first way to count
        self.scope = scope
        self.bars = bars
        self.months = months
        self.kinds = kinds

    def compose(self) -> ComposeResult:
        small = self.app.size.height < 32
        with Vertical() as box:
            keys_line(box, "↑↓ j k move · ←→ a bar of the timeline · Enter choose · Esc close")
            yield Static(Text(f"Browse {self.scope}"), classes="title")
            span = f", {self.bars[0].period} to {self.bars[-1].period}" if self.bars else ""
            yield Static(Text(f"Cables a {'month' if self.months else 'year'}{span} (←→ chooses a bar)"),
                         id="caption")
            yield Timeline(self.bars, rows=4 if small else 8)
            options = [Option(c.label, id=c.value) for c in self.kinds]
            if self.bars:
                at = next((n + 1 for n, c in enumerate(self.kinds) if c.value == "year"), len(options))
                options.insert(at, Option(self._bar_label(), id=TIMELINE))
            yield Choices(*options)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.timeline and self.bars:
            options.highlighted = options.get_option_index(TIMELINE)

    def _bar_label(self) -> Text:
        bar = self.query_one(Timeline).chosen if self.is_mounted else None
        bar = bar or max(self.bars, key=lambda b: b.count)
        label = Text(f"the timeline's {bar.period}: {bar.count:,} cable{'' if bar.count == 1 else 's'}, narrow to it ")
        label.append(bar.condition, style="cyan")
        return label

    def action_bar(self, step: int) -> None:
        timeline = self.query_one(Timeline)
        timeline.move(step)
        options = self.query_one(OptionList)
        try:
            index = options.get_option_index(TIMELINE)
        except LookupError:
            return
        options.replace_option_prompt_at_index(index, self._bar_label())
        options.highlighted = index  # Enter now narrows to the bar chosen

    @on(Timeline.Clicked)
    def bar_clicked(self, event: Timeline.Clicked) -> None:
        self.dismiss(Browsed(condition=self.bars[event.index].condition))

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == TIMELINE:
            bar = self.query_one(Timeline).chosen
            self.dismiss(Browsed(condition=bar.condition) if bar else None)
        else:
            self.dismiss(Browsed(kind=event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
