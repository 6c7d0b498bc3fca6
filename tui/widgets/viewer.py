"""The paragraph viewer: the metadata block, then headings and paragraphs, wrapped to the pane,
search hits highlighted; ``raw`` shows the text exactly as found instead.

The hits are those of the find in the cable (``find``, as ``/`` in less) or, without one, the
list search's words in the paragraphs. They are found in the pieces' text once (plain text, any
case, linear time) and marked as each line is drawn, so typing a find never lays the cable out
again; ``n`` and ``N`` go from hit to hit, and ``hit`` says which one was gone to last.

It draws with Textual's Line API, as the cable list does: the cable's parts are wrapped to the
pane's width into lines, and only the lines on screen become strips (kept in an LRU cache). The
parts on the first screen are wrapped at once; the rest follow in short steps between other events,
so a long cable opens at once and a 10 MB one never freezes the app. A part too long to wrap in one
step is cut into pieces at a space first.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from parser.cable import Cable

from ..commands import VIEWER, bindings
from ..render import CURRENT_HIT_STYLE, HIT_STYLE, Block, blocks, find_spans, raw_marks
from .layout import LineView, set_virtual_size

PLACEHOLDER = "Open a cable from the list (Enter)."
PIECE = 8_000  # characters wrapped in one go at most
STEP = 0.012  # seconds of wrapping before the app gets the event loop back
FIRST_JUMP = 0.05  # seconds of wrapping at most to show a part not laid out yet at once
MAX_HITS = 10_000  # hits found in one cable at most (a find of "e" in a 10 MB cable stops there)


@dataclass(slots=True)
class _Piece:
    text: Text
    block: int  # index of the part (a block, or a part of the raw text) it belongs to; -1: the placeholder
    first: bool  # the first piece of its block
    gap: bool  # a blank line follows it
    indent: int = 0  # lines after the first wrap this far in (a metadata field's value under itself)


def _placeholder() -> list[_Piece]:
    return [_Piece(Text(PLACEHOLDER, style="dim"), -1, True, False)]


def _hanging(text: Text, indent: int, width: int, console: Console) -> tuple[list[Text], int]:
    """``text`` wrapped to ``width``, its lines after the first starting ``indent`` columns in; and
    the columns put before those lines (0 where it is wrapped as it is)."""
    if not indent or width < indent + 12 or text.cell_len <= width:
        return list(text.wrap(console, width)), 0
    head, body = text.divide([indent])
    lines = list(body.wrap(console, width - indent))
    return [Text.assemble(head if n == 0 else " " * indent, line) for n, line in enumerate(lines)], indent


def _block_pieces(b: Block, n: int, gap: bool) -> list[_Piece]:
    """A block's pieces: one a line where its lines have hanging indents, else as ``_pieces``."""
    if not b.indents:
        return _pieces(b.text, n, gap)
    lines = b.text.split("\n")
    out: list[_Piece] = []
    for k, line in enumerate(lines):
        last = gap and k == len(lines) - 1
        if len(line) > PIECE:  # a line too long to wrap in one step: in pieces, without the indent
            out += [_Piece(p.text, n, k == 0 and p.first, p.gap, 0) for p in _pieces(line, n, last)]
        else:
            out.append(_Piece(line, n, k == 0, last, b.indents[k] if k < len(b.indents) else 0))
    return out


def _raw_pieces(c: Cable) -> tuple[list[str], list[_Piece]]:
    """The raw text cut where its parts start (``raw_marks``): their anchors and pieces. The text
    before the first part is the ``meta`` part (the routing header and the head fields)."""
    raw = c.raw or ""
    marks = raw_marks(c)
    if not marks or marks[0][1] > 0:
        marks.insert(0, ("meta", 0))
    anchors = [a for a, _ in marks]
    pieces: list[_Piece] = []
    for n, (_, start) in enumerate(marks):
        end = marks[n + 1][1] if n + 1 < len(marks) else len(raw)
        part = raw[start:end]
        if n + 1 < len(marks) and part.endswith("\n"):
            part = part[:-1]  # the line break the next piece starts on
        pieces += _pieces(Text(part), n, False)
    return anchors, pieces


def _pieces(text: Text, block: int, gap: bool) -> list[_Piece]:
    """``text`` in pieces of about ``PIECE`` characters, cut after a newline or a space."""
    plain = text.plain
    if len(plain) <= PIECE:
        return [_Piece(text, block, True, gap)]
    cuts = []
    start = 0
    while len(plain) - start > PIECE:
        end = start + PIECE
        cut = plain.rfind("\n", start + PIECE // 2, end)
        if cut < 0:
            cut = plain.rfind(" ", start + PIECE // 2, end)
        cut = end if cut < 0 else cut + 1
        cuts.append(cut)
        start = cut
    parts = list(text.divide(cuts))
    for part in parts[:-1]:
        if part.plain.endswith("\n"):
            part.right_crop(1)  # the cut's own newline: the piece ends the line anyway
    return [_Piece(part, block, n == 0, gap and n == len(parts) - 1) for n, part in enumerate(parts)]


class Viewer(LineView, can_focus=True):
    BINDINGS = bindings(VIEWER)
    COMPONENT_CLASSES = {"viewer--current"}
    DEFAULT_CSS = """
    Viewer { padding: 0 1; scrollbar-gutter: stable; overflow-x: hidden; }
    Viewer > .viewer--current { background: $block-cursor-blurred-background; }
    """
    cable: reactive[Cable | None] = reactive(None)
    raw: reactive[bool] = reactive(False)
    words: reactive[tuple[str, ...]] = reactive(tuple)
    # The reader's notes on the open cable: (paragraph anchor, or None for the cable; the note).
    notes: reactive[tuple[tuple[str | None, str], ...]] = reactive(tuple)
    find: reactive[str] = reactive("")  # the find in the cable; "": the list search's words are the hits

    class HitsChanged(Message):
        """The hits, or the one gone to, have changed (``hit``, ``hit_count``): for the status line.
        ``moved``: the reader went to a hit (n, N), and what the line said before is stale."""

        def __init__(self, moved: bool = False) -> None:
            self.moved = moved
            super().__init__()

    class Reached(Message):
        """The reader's place is now ``anchor``: gone to, or scrolled to the top of the pane."""

        def __init__(self, anchor: str) -> None:
            self.anchor = anchor
            super().__init__()

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.blocks: list[Block] = []
        self.anchors: list[str] = []
        self._block_of: dict[str, int] = {}  # anchor → its index in ``blocks``
        self.current_anchor: str | None = None  # the part the reader went to or scrolled to last
        self._last_reached = ""
        self._pieces: list[_Piece] = _placeholder()
        # Hits: (piece, start, end) in reading order, offsets in the piece's text; the one gone to.
        self._hits: list[tuple[int, int, int]] = []
        self._hits_of: dict[int, tuple[int, list[int]]] = {}  # piece → (its first hit, the ends of its hits)
        self.hits_capped = False  # more than MAX_HITS: only the first are marked
        self.hit = -1
        self._pending_hit: int | None = None  # a hit gone to before its lines were laid out
        # Each piece wrapped: its first line, its number of lines, the indent of its lines after the first.
        self._piece_lines: list[tuple[int, int, int]] = []
        self._line_piece: list[int] = []  # the piece of each line; -1: a blank line between parts
        self._line_starts: dict[int, list[int]] = {}  # piece → where each of its lines starts in its text
        self._width = 0  # the width the lines below are wrapped to; 0 before the first layout
        self._lines: list[Text] = []
        self._starts: list[int] = []  # first line of each block laid out so far
        self._next = 0  # the next piece to wrap
        self._pending: str | None = None  # an anchor gone to before its lines were laid out
        self._strips: LRUCache[tuple[int, int, bool, tuple[tuple[int, int, bool], ...]], Strip] = \
            LRUCache(1024)  # lines drawn
        self._generation = 0
        self._waiting = -1  # the generation whose next step of wrapping is already on a timer

    # -- what is shown -------------------------------------------------------------------------

    def watch_cable(self) -> None:
        self.rebuild()

    def watch_raw(self) -> None:
        self.rebuild()

    def watch_words(self) -> None:
        self.rebuild()

    def watch_notes(self) -> None:
        """A note written or removed: shown at once, the reader kept at the part they were at."""
        keep = self.position() if self.cable is not None else None
        self.rebuild()
        if keep and keep != "meta":
            self.go(keep)


    def watch_find(self) -> None:
        self._find_hits()
        self._strips.clear()
        self.refresh()

    def rebuild(self) -> None:
        self.blocks, self.anchors, self.current_anchor, self._pending = [], [], None, None
        self._block_of = {}
        self._last_reached = ""
        c = self.cable
        self.set_class(bool(c is not None and self.raw), "raw")
        if c is None:
            self._pieces = _placeholder()
        elif self.raw:
            self.anchors, self._pieces = _raw_pieces(c)
            self._block_of = {a: n for n, a in enumerate(self.anchors)}
        else:
            self.blocks = blocks(c, notes=dict(self.notes))  # the hits are marked as lines are drawn
            self.anchors = [b.anchor for b in self.blocks]
            self._block_of = {a: n for n, a in enumerate(self.anchors)}
            self._pieces = [p for n, b in enumerate(self.blocks)
                            for p in _block_pieces(b, n, n < len(self.blocks) - 1)]
        self._find_hits()
        self._relayout()
        self.scroll_home(animate=False, immediate=True)

    # -- hits ----------------------------------------------------------------------------------

    @property
    def hit_count(self) -> int:
        return len(self._hits)

    def _find_hits(self) -> None:
        """Find the hits in every piece: the find's anywhere, else the search words' in the
        paragraphs (in the raw text, anywhere)."""
        needles = [self.find] if self.find else list(self.words)
        self._hits, self._hits_of, self.hit, self._pending_hit = [], {}, -1, None
        self.hits_capped = False
        if self.cable is not None and any(n.strip() for n in needles):
            for p, piece in enumerate(self._pieces):
                if not (self.find or self.raw or (0 <= piece.block < len(self.blocks)
                                                  and self.blocks[piece.block].kind == "paragraph")):
                    continue
                room = MAX_HITS - len(self._hits)
                spans = find_spans(piece.text.plain, needles, room + 1)
                if len(spans) > room:
                    spans, self.hits_capped = spans[:room], True
                if spans:
                    self._hits_of[p] = (len(self._hits), [b for _, b in spans])
                    self._hits += [(p, a, b) for a, b in spans]
                if self.hits_capped:
                    break
        if self.is_attached:
            self.post_message(self.HitsChanged())

    def _starts_of(self, p: int) -> list[int]:
        """Where each line of piece ``p`` (laid out) starts in its text: each line is a piece of
        that text, found after the one before (the wrap drops only spaces between them)."""
        starts = self._line_starts.get(p)
        if starts is None:
            first, count, indent = self._piece_lines[p]
            plain = self._pieces[p].text.plain
            starts, pos = [], 0
            for k in range(count):
                line = self._lines[first + k].plain[indent if k else 0:].rstrip()
                at = plain.find(line, pos) if line else -1
                at = pos if at < 0 else at
                starts.append(at)
                pos = at + len(line)
            self._line_starts[p] = starts
        return starts

    def _hit_line(self, k: int) -> int | None:
        """The line of hit ``k``; None while its piece is not laid out."""
        p, a, _ = self._hits[k]
        if p >= len(self._piece_lines):
            return None
        return self._piece_lines[p][0] + max(0, bisect_right(self._starts_of(p), a) - 1)

    def _marks(self, index: int) -> tuple[tuple[int, int, bool], ...]:
        """The hits on line ``index``: (start, end, the hit gone to), in its characters."""
        p = self._line_piece[index] if index < len(self._line_piece) else -1
        if p < 0 or p not in self._hits_of:
            return ()
        first, ends = self._hits_of[p]
        line_first, _, indent = self._piece_lines[p]
        k = index - line_first
        starts = self._starts_of(p)
        prefix = indent if k else 0
        start = starts[k]
        length = len(self._lines[index].plain) - prefix
        out = []
        for h in range(first + bisect_left(ends, start + 1), first + len(ends)):
            _, a, b = self._hits[h]
            if a >= start + length:
                break
            out.append((max(a, start) - start + prefix, min(b, start + length) - start + prefix, h == self.hit))
        return tuple(out)

    def hits(self) -> list[str]:
        """Anchors of the parts that hold a hit, in order."""
        out: list[str] = []
        for p, _, _ in self._hits:
            b = self._pieces[p].block
            if 0 <= b < len(self.anchors) and (not out or out[-1] != self.anchors[b]):
                out.append(self.anchors[b])
        return out

    def next_hit(self, direction: int) -> tuple[int, bool] | None:
        """The hit after the one gone to, when it is on the screen, else after the top of the
        pane (``direction`` 1), or before (-1); and whether that went round the end. None
        without hits."""
        if not self._hits:
            return None
        top = round(self.scroll_y)
        line = self._hit_line(self.hit) if 0 <= self.hit < len(self._hits) else None
        if line is not None and top <= line < top + self.size.height:
            k = self.hit + direction
        else:
            place = self._place_of(top)
            keys = [(p, a) for p, a, _ in self._hits]
            k = bisect_left(keys, place) if direction > 0 else bisect_left(keys, place) - 1
        if 0 <= k < len(self._hits):
            return k, False
        return (0 if direction > 0 else len(self._hits) - 1), True

    def _place_of(self, line: int) -> tuple[int, int]:
        """(piece, offset in its text) where ``line`` starts."""
        if not self._piece_lines:
            return (0, 0)
        p = max(0, bisect_right([f for f, _, _ in self._piece_lines], line) - 1)
        if line >= len(self._line_piece) or self._line_piece[line] < 0:  # past the laid out lines, or a gap
            return (p + 1, 0)
        starts = self._starts_of(p)
        return (p, starts[min(len(starts) - 1, line - self._piece_lines[p][0])])

    def go_hit(self, k: int) -> None:
        """Show hit ``k``: its line on the screen, marked as the one gone to, its part current."""
        self.hit = k
        self._strips.clear()
        p = self._hits[k][0]
        block = self._pieces[p].block
        anchor = self.anchors[block] if 0 <= block < len(self.anchors) else None
        if anchor is not None:
            self.current_anchor = anchor
            if anchor != self._last_reached:
                self._last_reached = anchor
                self.post_message(self.Reached(anchor))
        self._pending, self._pending_hit = None, None
        if not self._hit_ready(k) and self._width:
            self._wrap(FIRST_JUMP, hit=k)
        if not self._hit_ready(k):
            self._pending_hit = k
        else:
            self._scroll_to_hit(k)
        self.refresh()
        self.post_message(self.HitsChanged(moved=True))

    def _hit_ready(self, k: int) -> bool:
        """Whether hit ``k``'s line and a pane's height of lines after it are laid out."""
        line = self._hit_line(k)
        return line is not None and (self._next >= len(self._pieces) or len(self._lines) > line + self.size.height)

    def _scroll_to_hit(self, k: int) -> None:
        line = self._hit_line(k)
        if line is None or k != self.hit:
            return
        top, height = round(self.scroll_y), self.size.height
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    def plain(self) -> str:
        """Everything the viewer holds, as laid out (finishing the layout first)."""
        while self._next < len(self._pieces) and self._width:
            self._wrap(float("inf"))
        return "\n".join(line.plain for line in self._lines)

    # -- layout: wrapping the pieces to the pane ------------------------------------------------

    def _relayout(self) -> None:
        self._generation += 1
        self._lines, self._starts, self._next = [], [], 0
        self._piece_lines, self._line_piece, self._line_starts = [], [], {}
        self._strips.clear()
        self._width = max(1, self.scrollable_content_region.width) if self.is_mounted and self.size.width else 0
        if self._width:
            self._wrap(STEP, lines=self.size.height + 1)  # the first screen now, the rest in steps
        self.refresh()

    def _screen_at(self, anchor: str) -> bool:
        """Whether ``anchor`` and a pane's height of lines after it are laid out."""
        return self._laid_out(anchor) and len(self._lines) > self._starts[self._block_of[anchor]] + self.size.height

    def _wrap(self, budget: float, lines: int | None = None, until: str | None = None, hit: int | None = None) -> None:
        """Wrap pieces for ``budget`` seconds (at least one) or until there are ``lines`` lines (or
        a screen's worth from part ``until`` on, or from ``hit``'s line), then come back for the rest."""
        end = time.perf_counter() + budget
        console = self.app.console
        first = True
        while (self._next < len(self._pieces) and (first or time.perf_counter() < end)
               and (lines is None or len(self._lines) < lines) and (until is None or not self._screen_at(until))
               and (hit is None or not self._hit_ready(hit))):
            first = False
            piece = self._pieces[self._next]
            if piece.first and piece.block >= 0:
                self._starts.append(len(self._lines))
            wrapped, indent = _hanging(piece.text, piece.indent, self._width, console)
            self._piece_lines.append((len(self._lines), len(wrapped), indent))
            self._lines.extend(wrapped)
            self._line_piece.extend([self._next] * len(wrapped))
            if piece.gap:
                self._lines.append(Text())
                self._line_piece.append(-1)
            self._next += 1
        set_virtual_size(self, Size(self._width, len(self._lines)))
        if self._pending and self._laid_out(self._pending):
            anchor, self._pending = self._pending, None
            self.go(anchor)
        if self._pending_hit is not None and self._hit_ready(self._pending_hit):
            k, self._pending_hit = self._pending_hit, None
            self._scroll_to_hit(k)
        if self._next < len(self._pieces) and self._waiting != self._generation:
            generation = self._waiting = self._generation  # one round of steps at a time
            self.set_timer(0.001, lambda: self._continue(generation))

    def _continue(self, generation: int) -> None:
        self._waiting = -1
        if generation == self._generation and self._next < len(self._pieces):
            self._wrap(STEP)

    def _laid_out(self, anchor: str) -> bool:
        return 0 <= self.index_of(anchor) < len(self._starts)

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            keep = self.position()
            self._relayout()
            if keep and keep != "meta":
                self.go(keep)

    # -- drawing -------------------------------------------------------------------------------

    def _current_lines(self) -> range:
        if self.current_anchor is None or self.current_anchor == "meta" or not self._laid_out(self.current_anchor):
            return range(0)
        b = self._block_of[self.current_anchor]
        end = self._starts[b + 1] - 1 if b + 1 < len(self._starts) else len(self._lines)
        return range(self._starts[b], end)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        current = index in self._current_lines()
        marks = self._marks(index) if self._hits else ()
        key = (index, width, current, marks)
        strip = self._strips.get(key)
        if strip is None:
            line = self._lines[index]
            if marks:
                line = line.copy()
                for a, b, gone_to in marks:
                    line.stylize(CURRENT_HIT_STYLE if gone_to else HIT_STYLE, a, b)
            segments: list[Segment] = list(line.render(self.app.console))
            if current:  # under the line's own styles: a hit and a marking keep their colours
                look = self.get_component_rich_style("viewer--current")
                strip = Strip(segments).crop_extend(0, width, self.rich_style + look).apply_style(look)
            else:
                strip = Strip(segments).crop_extend(0, width, self.rich_style)
            self._strips[key] = strip
        return strip

    # -- moving --------------------------------------------------------------------------------

    def index_of(self, anchor: str) -> int:
        """Where ``anchor`` comes among the cable's parts; -1 when the cable has no such part."""
        return self._block_of.get(anchor, -1)

    def offsets(self) -> dict[str, int]:
        """The first line of each part laid out so far."""
        return dict(zip(self.anchors, self._starts, strict=False))

    def go(self, anchor: str) -> bool:
        """Scroll so that ``anchor`` is at the top; False when the cable has no such part. A part
        not laid out yet is gone to when its lines are."""
        if anchor not in self._block_of:
            return False
        self.current_anchor = anchor
        if anchor != self._last_reached:
            self.post_message(self.Reached(anchor))
        self._last_reached = anchor
        self._pending, self._pending_hit = None, None
        if not self._laid_out(anchor) and self._width:
            # At once when the lines before it are quick to lay out (a cable reopened at its
            # paragraph opens there); a long way down, in the steps that lay out the rest.
            self._wrap(FIRST_JUMP, until=anchor)
        if not self._laid_out(anchor):
            self._pending = anchor
            return True
        self.refresh()
        self._scroll_to_part(anchor, retry=True)
        return True

    def _scroll_to_part(self, anchor: str, retry: bool = False) -> None:
        """Put ``anchor``'s first line at the top. Not yet possible when the pane was just shown
        (its scrollbars are set at the next layout) or when the lines below it are still being
        laid out (the top cannot pass the last line): then again after the next refresh, or once
        more lines are laid out."""
        if anchor != self.current_anchor or anchor not in self._block_of or not self._laid_out(anchor):
            return
        target = self._starts[self._block_of[anchor]]
        self.scroll_to(y=target, animate=False, immediate=True)
        if round(self.scroll_y) == target:
            return
        if self._next < len(self._pieces):
            self._pending = anchor  # more lines to come: once they are in
        elif retry:
            self.call_after_refresh(self._scroll_to_part, anchor)

    def top_anchor(self) -> str | None:
        """The part at the top of the pane."""
        if not self._starts:
            return self.anchors[0] if self.anchors else None
        b = bisect_right(self._starts, round(self.scroll_y) + 1) - 1
        return self.anchors[max(0, b)]

    def position(self) -> str | None:
        """Where the reader is: the part gone to last, else the part at the top."""
        return self.current_anchor or self.top_anchor()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if not self.anchors or not self._starts or self._pending or self._pending_hit is not None:
            return  # nothing laid out, or a part gone to is on its way: it stays the position
        lines = self._current_lines()
        if lines and self.scroll_y <= lines.start < self.scroll_y + self.size.height:
            return  # the part gone to is still in view: it stays the position
        anchor = self.top_anchor()
        if anchor and anchor != self._last_reached:
            self._last_reached = anchor
            self.current_anchor = anchor
            self.refresh()
            self.post_message(self.Reached(anchor))

    _last_g = 0.0

    def action_gg(self) -> None:
        """``g g``: the second g within a second goes to the top."""
        now = time.monotonic()
        if now - self._last_g < 1.0:
            self.scroll_home(animate=False, immediate=True)
            self._last_g = 0.0
        else:
            self._last_g = now

    def parts(self, kinds: tuple[str, ...]) -> list[str]:
        """The anchors of the cable's parts of ``kinds`` (anchor prefixes: ``para-``, ``section-``),
        in order."""
        return [a for a in self.anchors if a.startswith(kinds)]

    def next_part(self, kinds: tuple[str, ...], direction: int) -> str | None:
        """The part of ``kinds`` after the reader's position (``direction`` 1) or before it (-1);
        None past the last or before the first."""
        pos = self.index_of(self.position() or "")
        if direction > 0:
            return next((a for a in self.parts(kinds) if self.index_of(a) > pos), None)
        return next((a for a in reversed(self.parts(kinds)) if self.index_of(a) < pos), None)
