"""The section navigator: a tree of the open cable (header, subject, references, summary,
sections with their paragraphs, comment, signature). Choosing a node scrolls the viewer there."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from parser.cable import Cable

from ..commands import NAVIGATOR, bindings
from ..render import outline, paragraph_anchors


def _first_words(text: str, n: int = 6) -> str:
    words = text[:40 * n].split(maxsplit=n)  # a paragraph can be megabytes long
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


class Navigator(Tree[str]):
    """Nodes carry the viewer anchor they stand for (``meta``, ``para-3``, ``section-5``…)."""

    BINDINGS = bindings(NAVIGATOR)
    DEFAULT_CSS = "Navigator { overflow-x: hidden; }"  # labels are cut short: no scrollbar takes a row
    cable: reactive[Cable | None] = reactive(None, repaint=False)  # drawn when filled

    class Chosen(Message):
        """The user chose the node standing for ``anchor``: moved onto it (the cable follows), or
        selected it (Enter, ``l``, a click: ``go``, the cable pane is shown there and focused)."""

        def __init__(self, anchor: str, go: bool = False) -> None:
            self.anchor = anchor
            self.go = go
            super().__init__()

    def __init__(self, **kwargs: object) -> None:
        super().__init__(Text("no cable open"), **kwargs)  # type: ignore[arg-type]
        self.show_root = True
        self.anchors: dict[str, TreeNode[str]] = {}
        self._following = False
        self._follow: str | None = None  # the part to show once the tree of the cable is built

    def watch_cable(self, cable: Cable | None) -> None:
        # Built after the next frame: the viewer shows the cable first, the tree a frame later.
        self._follow = None
        self.call_after_refresh(self._fill, cable)

    def _fill(self, cable: Cable | None) -> None:
        if cable is not self.cable:
            return  # another cable was opened meanwhile
        self.clear()
        self.anchors = {}
        if cable is None:
            self.root.set_label(Text("no cable open"))
            return
        self.root.set_label(Text(cable.id or "(no id)", style="bold"))
        self.root.data = "meta"
        header = self.root.add(Text("Header"), data="meta", expand=False)
        for name, value in (("From", cable.origin), ("Date", (cable.date or "")[:16].replace("T", " ")),
                             ("Class", cable.classification)):
            if value:
                header.add_leaf(Text(f"{name}: {value}"), data="meta")
        for a in cable.to:
            header.add_leaf(Text(f"To: {a.name}"), data="meta")
        for a in cable.info[:30]:
            header.add_leaf(Text(f"Info: {a.name}"), data="meta")
        if cable.subject:
            self.root.add_leaf(Text(f"Subject: {_first_words(cable.subject, 8)}"), data="meta")
        if cable.references:
            refs = self.root.add(Text(f"References ({len(cable.references)})"), data="meta")
            for r in cable.references:
                refs.add_leaf(Text(f"{r.label + '. ' if r.label else ''}{r.text}"), data="meta")
        if cable.summary:
            self.root.add_leaf(Text(f"Summary: {_first_words(cable.summary)}"), data=self._para_of(cable, "summary"))
        parent: TreeNode[str] = self.root
        for opens, anchor, p in outline(cable):
            if opens:
                parent = self.root.add(Text(opens[1], style="bold"), data=opens[0], expand=True)
                self.anchors[opens[0]] = parent
            label = Text()
            if p.number is not None:
                label.append(f"¶{anchor[5:]} ", style="bold")  # ¶5b: the second ¶5
            if p.marking:
                label.append(f"({p.marking}) ", style="dim")
            label.append(_first_words(p.text))
            self.anchors[anchor] = parent.add_leaf(label, data=anchor)
        if cable.comment:
            self.root.add_leaf(Text(f"Comment: {_first_words(cable.comment)}"), data=self._para_of(cable, "comment"))
        if cable.signature:
            self.root.add_leaf(Text(f"Signed: {cable.signature}"), data="signature")
        self.root.expand()
        if self._follow:
            self.call_after_refresh(self.follow, self._follow)  # once the new nodes have lines

    @staticmethod
    def _para_of(cable: Cable, part: str) -> str:
        needle = (cable.summary if part == "summary" else cable.comment) or ""
        for p, anchor in zip(cable.paragraphs, paragraph_anchors(cable), strict=True):
            if needle[:40] and needle[:40] in " ".join(p.text[:400].split()):
                return anchor
        return "meta"

    def follow(self, anchor: str, retry: bool = True) -> None:
        """Move the cursor to ``anchor`` without announcing it (the viewer went there); before
        the tree of the cable is built, once it is."""
        self._follow = anchor
        node = self.anchors.get(anchor)
        if node is None:
            return
        if node.line < 0:  # added, not yet laid out in lines: once it is
            if retry:
                self.call_after_refresh(self.follow, anchor, False)
            return
        if self.cursor_node is not node:
            self._following = True
            self.move_cursor(node)
            self._following = False

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        event.stop()
        if not self._following and self.has_focus and event.node.data:
            self.post_message(self.Chosen(event.node.data))

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data:
            self.post_message(self.Chosen(event.node.data, go=True))
