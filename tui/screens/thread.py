"""A cable's thread (``t``): what it cites and what cites it, followed again, as a tree like mutt's
threads; Enter opens the cable under the cursor when it is in the archives."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from parser.threads import CITED_BY, CITES, Node, Thread

from ..render import subject_text
from .modals import keys_line
from .versions import POPUP_CSS


def node_label(node: Node) -> Text:
    """``2004-03-08  04BRASILIA564  SUBJECT``, or the id and that it is not in the archives; the
    cut made under it, if one was."""
    t = Text()
    if node.id == "…":
        t.append(node.note or "", style="dim italic")
        return t
    # The note (a loop, a cut) before the subject: a narrow terminal cuts the end of the line.
    note = Text(f"  ({node.note})", style="yellow") if node.note else Text()
    if node.row is not None:
        t.append(f"{(node.row.date or '')[:10]:<10}  ", style="dim")
        t.append(node.id, style="bold cyan")
        t.append_text(note)
        t.append("  ")
        t.append_text(subject_text(node.row.subject))
    else:
        t.append(f"{'':<10}  ")
        t.append(node.id, style="dim")
        t.append("  not in the archives", style="dim italic")
        t.append_text(note)
    return t


class ThreadTree(Tree[str]):
    """The thread; a node's data is the id of a cable in the archives (None for the others)."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", show=False)]
    DEFAULT_CSS = "ThreadTree { height: 1fr; }"


class ThreadScreen(ModalScreen[str | None]):
    """Dismissed with the id of the cable chosen, or None (Esc)."""

    DEFAULT_CSS = POPUP_CSS.replace("POPUP", "ThreadScreen")
    SCOPED_CSS = False
    BINDINGS = [Binding("escape,t", "cancel", "Close", id="thread.close")]

    def __init__(self, thread: Thread) -> None:
        super().__init__()
        self.thread = thread

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            keys_line(box, "↑↓ move · Enter open · Space fold · shift+←→↑↓ parent, siblings · Esc close")
            yield Static(Text(f"The thread of {self.thread.root.id}: what it cites, what cites it, and on"),
                         classes="title")
            tree: ThreadTree = ThreadTree(node_label(self.thread.root))
            tree.auto_expand = False
            tree.root.data = self.thread.root.id if self.thread.root.entry is not None else None
            self._branch(tree.root, f"cites ({len(self.thread.cites)})", self.thread.cites,
                         "its REF list names no cable")
            self._branch(tree.root, f"cited by ({len(self.thread.cited_by)})", self.thread.cited_by,
                         "no cable in the archives cites it")
            tree.root.expand_all()
            yield tree

    def on_mount(self) -> None:
        tree = self.query_one(ThreadTree)
        tree.focus()
        tree.cursor_line = 2 if self.thread.cites else 1  # the first cable it cites; the top in view

    def _branch(self, parent: TreeNode[str], title: str, nodes: list[Node], empty: str) -> None:
        branch = parent.add(Text(title, style="bold"), data=None)
        if not nodes:
            branch.add_leaf(Text(empty, style="dim italic"), data=None)
        for n in nodes:
            self._add(branch, n)

    def _add(self, parent: TreeNode[str], node: Node) -> None:
        data = node.id if node.entry is not None else None
        if node.children:
            branch = parent.add(node_label(node), data=data)
            for c in node.children:
                self._add(branch, c)
        else:
            parent.add_leaf(node_label(node), data=data)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data:
            self.dismiss(event.node.data)
        elif event.node.allow_expand:
            event.node.toggle()
        else:
            self.notify("that cable is not in the archives opened", timeout=3)

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["CITED_BY", "CITES", "ThreadScreen", "node_label"]
