"""Turning bytes into clean text: decoding, line ends, and removing what would drive a terminal.

Cable text is untrusted. Every text field the parser produces passes through :func:`clean`, which
drops C0 and C1 control characters (keeping newline and tab), DEL, and the bidirectional
formatting characters that can make a line display in an order other than the one it has.

Everything else from outside (file and folder names, an index's contents, a state file, the words
a user typed) reaches the terminal through :func:`terminal_safe`, the one function the command line
and the reader both print through; they show its result as ``Text``/``Content``, never as markup.
"""

from __future__ import annotations

from .regex import lazy

# C0 but tab, newline (and CR, until line ends are normalized); DEL and C1; bidi formatting.
_CONTROLS = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode cable bytes: UTF-8 (with or without BOM), else cp1252, else latin-1 (never fails).

    Returns the text and the encoding used. cp1252 is tried before latin-1 because cables saved
    on Windows use its quotes and the ``¶`` sign (0xB6, the same in both).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF (cables come from every kind of system)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def clean(text: str) -> str:
    """Remove control and bidi characters except newline and tab (they would reach the terminal).

    A lone CR is a control character too: it becomes a line end (see :func:`normalize_newlines`).
    """
    text = normalize_newlines(text)
    if _CONTROLS.search(text) is None:  # the common case: nothing to remove, no copy made
        return text
    return _CONTROLS.sub("", text)


def clean_line(text: str) -> str:
    """A single-line field: controls removed, tabs and newlines folded to one space each run."""
    if text.isprintable():  # no control, bidi or line-end character: nothing for ``clean`` to do
        return " ".join(text.split())
    return " ".join(clean(text).split())


_SURROGATES = lazy("[\ud800-\udfff]")
_LINE_BREAKS = lazy("[\t\n\r\v\f\x85\u2028\u2029]+")


def terminal_safe(value: object) -> str:
    """Any string from outside made safe to print on one line: control and bidi characters removed,
    each run of line ends and tabs one space, and the undecodable bytes of a file name (surrogate
    escapes, which no terminal encoding can write) shown as U+FFFD; the rest as written. Markup is
    left as written too: print the result as ``Text`` or ``Content``, never through a markup parser."""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():  # the common case: nothing to do
        return text
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", _SURROGATES.sub("\ufffd", text)))
