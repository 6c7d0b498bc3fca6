"""Two copies of a cable compared (``parser.diff``), as the reader's diff page and ``cables diff
--words`` show it: each part that changed whole, its removed words struck through in red and its
added words in green (and, where the output keeps no style, between ``[-…-]`` and ``{+…+}`` as
``wdiff`` writes them); the parts the same folded into one line that names them."""

from __future__ import annotations

from rich.text import Text

from parser.diff import ADDED, REMOVED, SAME, SPLIT, CableDiff, Part
from parser.text import terminal_safe

STYLES = {SAME: "", REMOVED: "strike red", ADDED: "bold green"}
MARKS = {SAME: ("", ""), REMOVED: ("[-", "-]"), ADDED: ("{+", "+}")}
STATUS = {"changed": "changed", ADDED: "added", REMOVED: "removed",
          SPLIT: "the same words; the other copy divides its paragraphs otherwise"}


def diff_text(d: CableDiff, marks: bool = False) -> Text:
    """The whole comparison; with ``marks`` the removed and added words also carry wdiff's marks."""
    t = Text()
    t.append("from ", style="dim")
    t.append(terminal_safe(d.old_name) + "\n", style="red")
    t.append("to   ", style="dim")
    t.append(terminal_safe(d.new_name) + "\n", style="green")
    t.append(d.summary() + "\n", style="bold")
    if d.changed:
        t.append("removed words: ", style="dim")
        t.append(_marked(REMOVED, "so" if marks else "struck through", marks), style=STYLES[REMOVED])
        t.append(" · added words: ", style="dim")
        t.append(_marked(ADDED, "so" if marks else "green", marks), style=STYLES[ADDED])
        t.append("\n")
    same: list[str] = []
    for p in d.parts:
        if p.status == SAME:
            same.append(p.label)
            continue
        _same_line(t, same)
        same = []
        _part(t, p, marks)
    _same_line(t, same)
    t.rstrip()
    return t


def _marked(kind: str, text: str, marks: bool) -> str:
    before, after = MARKS[kind] if marks else ("", "")
    return f"{before}{text}{after}"


def _same_line(t: Text, labels: list[str]) -> None:
    if labels:
        t.append(f"\nthe same: {_labels(labels)}\n", style="dim italic")


def _labels(labels: list[str]) -> str:
    """``SUBJECT, TAGS, ¶1–¶4, ¶6``: runs of numbered paragraphs joined."""
    out: list[str] = []
    run: list[str] = []

    def close() -> None:
        if run:
            out.append(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}")
            run.clear()

    for label in labels:
        if label.startswith("¶") and run and label[1:].isdigit() and run[-1][1:].isdigit() \
                and int(label[1:]) == int(run[-1][1:]) + 1:
            run.append(label)
            continue
        close()
        run.append(label)
    close()
    return ", ".join(out)


def _part(t: Text, p: Part, marks: bool) -> None:
    t.append(f"\n{p.label}", style="bold")
    t.append(f"  {STATUS.get(p.status, p.status)}\n", style="dim")
    for n, w in enumerate(p.words):
        if n:
            t.append(" ")
        t.append(_marked(w.kind, terminal_safe(w.text), marks), style=STYLES[w.kind])
    t.append("\n")
