"""What changed between two copies of one cable (the releases of 2010 and 2011 differ: a redaction
added or taken out, a paragraph dropped, TAGS or the E.O. line written anew), paragraph by
paragraph, as cablegatesearch showed it.

A cable becomes a list of :class:`Unit` (the subject, TAGS, E.O. line, classification and REF ids,
then each paragraph, then the signature), each compared as its words: line wrapping and spacing never
count as a change. The two lists are aligned with ``difflib``; a paragraph changed in place is
compared word by word. Where one copy splits into several paragraphs what the other holds as one
(an older build without paragraph marks), the words of the run are compared together and cut
where the newer copy's paragraphs begin. The reader's diff and ``cables diff`` both read this.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field

from .cable import Cable

SAME, ADDED, REMOVED, CHANGED = "same", "added", "removed", "changed"
SPLIT = "divided"  # the same words, in paragraphs divided otherwise in the other copy
# Beyond this many words in a run of changed paragraphs, the run is shown as removed and added
# whole: a word diff's time grows with the product of the two lengths.
MAX_WORDS = 20_000


@dataclass(frozen=True, slots=True)
class Unit:
    """A part of a cable compared as a whole: ``label`` says which (``SUBJECT``, ``¶3``, ``text``)."""

    label: str
    text: str  # its words, one space apart

    @property
    def line(self) -> str:
        return f"{self.label}: {self.text}" if self.text else f"{self.label}:"


@dataclass(frozen=True, slots=True)
class Words:
    """A run of words the same in both copies, or only in the old (``removed``) or new (``added``)."""

    kind: str
    text: str


@dataclass(slots=True)
class Part:
    """One aligned part: its label, what became of it (same, added, removed, changed, or divided:
    the same words, in a paragraph the other copy divides otherwise) and its words
    as runs (one run for a part the same, added or removed)."""

    label: str
    status: str
    words: list[Words] = field(default_factory=list)

    @property
    def old(self) -> str:
        return " ".join(w.text for w in self.words if w.kind != ADDED)

    @property
    def new(self) -> str:
        return " ".join(w.text for w in self.words if w.kind != REMOVED)


@dataclass(slots=True)
class CableDiff:
    """Two copies of a cable compared: ``old_name`` and ``new_name`` say where each was found."""

    old_name: str
    new_name: str
    parts: list[Part]
    old_lines: list[str]  # each copy as one line a unit: what a unified diff compares
    new_lines: list[str]

    @property
    def changed(self) -> bool:
        return any(p.status != SAME for p in self.parts)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys((CHANGED, ADDED, REMOVED, SPLIT, SAME), 0)
        for p in self.parts:
            out[p.status] += 1
        return out

    def summary(self) -> str:
        """``2 changed, 1 added, 0 removed, 14 the same``; or that the words are all the same."""
        if not self.changed:
            return "the same words (the copies differ at most in line wrapping, spacing or markup)"
        n = self.counts()
        split = f", {n[SPLIT]} divided otherwise" if n[SPLIT] else ""
        return f"{n[CHANGED]} changed, {n[ADDED]} added, {n[REMOVED]} removed{split}, {n[SAME]} the same"


def units(c: Cable) -> list[Unit]:
    """The parts of ``c`` compared, in order: the header fields a release can change, then the
    paragraphs (``¶N``, or ``text`` when unnumbered), then the signature."""
    out = [Unit("SUBJECT", _words(c.subject)), Unit("TAGS", " ".join(c.tags)),
           Unit("E.O.", _words(c.eo.text if c.eo else "")), Unit("CLASSIFICATION", _words(c.classification)),
           Unit("REF", " ".join(r.id or _words(r.text) for r in c.references))]
    out += [Unit(f"¶{p.number}" if p.number is not None else "text", _words(p.text)) for p in c.paragraphs]
    if c.signature:
        out.append(Unit("SIGNATURE", _words(c.signature)))
    return out


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def diff_cables(old: Cable, new: Cable, old_name: str = "old", new_name: str = "new") -> CableDiff:
    a, b = units(old), units(new)
    parts: list[Part] = []
    matcher = difflib.SequenceMatcher(None, [u.line for u in a], [u.line for u in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts += [Part(u.label, SAME, [Words(SAME, u.text)] if u.text else []) for u in a[i1:i2]]
        elif op == "delete":
            parts += [_whole(u, REMOVED) for u in a[i1:i2]]
        elif op == "insert":
            parts += [_whole(u, ADDED) for u in b[j1:j2]]
        else:
            parts += list(_replaced(a[i1:i2], b[j1:j2]))
    return CableDiff(old_name, new_name, parts, [u.line for u in a], [u.line for u in b])


def _whole(u: Unit, status: str) -> Part:
    return Part(u.label, status, [Words(status, u.text)] if u.text else [])


def _replaced(old: list[Unit], new: list[Unit]) -> Iterator[Part]:
    """A run of parts that differ: paired one to one when the runs are as long and labelled alike
    (a paragraph changed in place), else their words compared together and cut at each new part."""
    if len(old) == len(new) and all(o.label == u.label for o, u in zip(old, new, strict=True)):
        for o, u in zip(old, new, strict=True):
            yield Part(u.label, CHANGED, word_diff(o.text, u.text))
        return
    old_words = [w for u in old for w in u.text.split()]
    new_words = [w for u in new for w in u.text.split()]
    if len(old_words) + len(new_words) > MAX_WORDS:
        yield from (_whole(u, REMOVED) for u in old)
        yield from (_whole(u, ADDED) for u in new)
        return
    # Where each new part begins, counted in new words; the runs are cut there.
    starts: list[int] = []
    count = 0
    for u in new:
        starts.append(count)
        count += len(u.text.split())
    part: Part | None = None  # the new part the words go to
    current = -1
    pos = 0  # new words passed so far
    for kind, words in _runs(old_words, new_words):
        if kind == REMOVED:
            if part is None:  # before the first new part: a part of its own
                yield Part(old[0].label, REMOVED, [Words(REMOVED, " ".join(words))])
            else:
                part.words.append(Words(REMOVED, " ".join(words)))
            continue
        for w in words:
            while current + 1 < len(new) and starts[current + 1] <= pos:
                current += 1
                if part is not None:
                    yield _settle(part)
                part = Part(new[current].label, CHANGED)
            assert part is not None  # the first new part starts at word 0
            _append(part, kind, w)
            pos += 1
    if part is not None:
        yield _settle(part)
    for u in new[current + 1:]:  # new parts with no words
        yield Part(u.label, ADDED)


def _append(part: Part, kind: str, word: str) -> None:
    if part.words and part.words[-1].kind == kind:
        part.words[-1] = Words(kind, f"{part.words[-1].text} {word}")
    else:
        part.words.append(Words(kind, word))


def _settle(part: Part) -> Part:
    """A part cut from a run: all added, the same words divided otherwise, or changed."""
    kinds = {w.kind for w in part.words}
    part.status = ADDED if kinds == {ADDED} else SPLIT if kinds <= {SAME} else CHANGED
    return part


def _runs(old: list[str], new: list[str]) -> list[tuple[str, list[str]]]:
    """The word runs of ``old`` against ``new``: (same|removed|added, words), removed before added."""
    out: list[tuple[str, list[str]]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append((SAME, new[j1:j2]))
            continue
        if i2 > i1:
            out.append((REMOVED, old[i1:i2]))
        if j2 > j1:
            out.append((ADDED, new[j1:j2]))
    return out


def word_diff(old: str, new: str) -> list[Words]:
    """The words of ``old`` against ``new`` as runs (same, removed, added)."""
    a, b = old.split(), new.split()
    if len(a) + len(b) > MAX_WORDS:
        return [Words(REMOVED, old), Words(ADDED, new)]
    return [Words(kind, " ".join(words)) for kind, words in _runs(a, b)]


def unified(d: CableDiff, context: int = 1) -> Iterator[str]:
    """The two copies as a unified diff, one line a part (``¶3: its words``): what ``cables diff``
    prints (lines without their end)."""
    return difflib.unified_diff(d.old_lines, d.new_lines, d.old_name, d.new_name, n=context, lineterm="")
