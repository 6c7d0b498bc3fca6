"""The pop-ups' list of choices: Textual's OptionList with the reader's j and k."""

from __future__ import annotations

from textual.widgets import OptionList

from ..commands import CHOICES, bindings


class Choices(OptionList):
    """An OptionList that moves with j and k too (``tui.commands.CHOICES``), as the cable list does."""

    BINDINGS = bindings(CHOICES)
