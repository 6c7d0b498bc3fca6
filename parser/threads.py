"""A cable's thread: the cables it cites and the cables that cite it, each followed again, as a tree
(mutt's threads). Read from the index alone (the REF ids it keeps for each cable): no cable is
parsed. A thread can loop (a cable that cites itself, two that cite each other) and a much-cited
cable can reach thousands: the tree stops at a cable already on its branch, shows a cable once
(where it is first reached, level by level), and stops at ``depth`` levels and ``limit`` cables,
each cut saying so on the node where it was made.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .index import Row
from .library import Entry, Library

DEPTH = 6  # levels below the cable, each way
LIMIT = 300  # cables in the whole tree, each way
CITES, CITED_BY = "cites", "cited by"


@dataclass(slots=True)
class Node:
    """A cable of the thread: its id, where it is in the archives (None: not in them) and how the
    list shows it, the cables it leads to, and why those are not shown when they are not."""

    id: str
    entry: Entry | None = None
    row: Row | None = None
    children: list[Node] = field(default_factory=list)
    note: str | None = None


@dataclass(slots=True)
class Thread:
    """The cable, what it cites (``cites``) and what cites it (``cited_by``), each as trees."""

    root: Node
    cites: list[Node]
    cited_by: list[Node]


def thread(library: Library, cable_id: str, depth: int = DEPTH, limit: int = LIMIT) -> Thread:
    root = _node(library, cable_id)
    return Thread(root, _tree(library, root, CITES, depth, limit), _tree(library, root, CITED_BY, depth, limit))


def _node(library: Library, cable_id: str, entry: Entry | None = None) -> Node:
    if entry is None:
        found = library.find(cable_id)
        entry = found[0] if found else None
    row = library.rows([entry]).get(entry) if entry is not None else None
    return Node(cable_id, entry, row)


def _links(library: Library, node: Node, direction: str) -> list[tuple[str, Entry | None]]:
    """The ids ``node`` leads to (each once): the ids its REF list names, or the cables citing it
    (oldest first) with their entries."""
    out: dict[str, Entry | None] = {}
    if direction == CITES:
        if node.entry is not None:
            for cid in library.references(node.entry):
                out.setdefault(cid, None)
        return list(out.items())
    entries = library.citing(node.id)
    rows = library.rows(entries)
    for e in entries:
        row = rows.get(e)
        if row is not None and row.id:
            out.setdefault(row.id, e)
    return list(out.items())


def _tree(library: Library, root: Node, direction: str, depth: int, limit: int) -> list[Node]:
    """The nodes under ``root`` one way, level by level (so a cut leaves the nearest cables)."""
    top = Node(root.id, root.entry, root.row)
    shown = {root.id}
    count = 0
    queue: deque[tuple[Node, int, frozenset[str]]] = deque([(top, 0, frozenset({root.id}))])
    while queue:
        node, level, path = queue.popleft()
        links = _links(library, node, direction)
        if not links:
            continue
        if level >= depth:
            node.note = f"{direction} {_more(len(links))}: not shown, {depth} level{'s' * (depth != 1)} down"
            continue
        if count >= limit:
            node.note = f"{direction} {_more(len(links))}: not shown (the thread stops at {limit} cables)"
            continue
        for cid, entry in links:
            if count >= limit:
                left = len(links) - len(node.children)
                node.children.append(Node("…", note=f"{_more(left)} not shown (the thread stops at {limit} cables)"))
                break
            count += 1
            child = _node(library, cid, entry)
            node.children.append(child)
            if cid in path:
                child.note = "a loop: already above on this branch"
            elif cid in shown:
                if _links(library, child, direction):
                    child.note = "followed elsewhere"
            else:
                shown.add(cid)
                queue.append((child, level + 1, path | {cid}))
    return top.children


def _more(n: int) -> str:
    return f"{n} more cable{'' if n == 1 else 's'}"
