"""Changes to a pane that never need the screen laid out again.

Textual lays the whole screen out (and then draws every widget on it again) when a widget's
``virtual_size`` or a ``Static``'s text changes, in case its size depends on them. The reader's
panes and its title line have sizes fixed by the screen, not by what they hold: a new list, cable
or count only needs their own lines drawn. A layout at 160x45 costs tens of milliseconds; a
search or an opened cable reaching the screen a frame or two sooner is what this saves.
"""

from __future__ import annotations

from rich.style import Style
from textual.app import App, ComposeResult
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderClockSpace, HeaderIcon, HeaderTitle


class LineView(ScrollView):
    """A Line API pane whose own Rich style (its colours, worked out from every ancestor's styles)
    is computed once until it is drawn again or restyled: Textual's ``rich_style`` walks the
    ancestors at each call, and the pane asks for it at every line it draws."""

    _style: Style | None = None

    @property
    def rich_style(self) -> Style:
        if self._style is None:
            self._style = super().rich_style
        return self._style

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> LineView:
        self._style = None
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        return self

    def notify_style_update(self) -> None:
        self._style = None  # focus, a theme, a class: Textual restyles the pane and its ancestors' children
        super().notify_style_update()


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Give ``view`` (a Line API pane) ``size`` lines: its scrollbar updated and its lines drawn
    again, without a layout of the screen. A scrollbar that appears or goes still lays the screen
    out (Textual does it then: the pane's width for its lines changes)."""
    if view.virtual_size == size:
        return
    view.set_reactive(Widget.virtual_size, size)
    view._scroll_update(size)  # what a layout would do for it: the scrollbars and the scroll's bounds
    view.refresh()


class _Title(HeaderTitle):
    """The title line's text: one line, the header's full width, whatever it says."""

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=False)


class ReaderHeader(Header):
    """Textual's header, whose title (the archive and the count of the list, as the sub-title)
    is drawn again alone when it changes: each search changes it."""

    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield _Title()
        yield HeaderClockSpace()

    def show_sub_title(self, text: str) -> None:
        """Make ``text`` the app's sub-title and show it. Set as ``app.sub_title = text`` is, it
        would have every widget on the screen drawn again."""
        app = self.app
        if app.sub_title != text:
            app.set_reactive(App.sub_title, text)
            self.query_one(_Title).update(self.format_title())
