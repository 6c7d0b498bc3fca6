"""The ``cables`` command: open the reader, or parse, index, search, show and explain cables.

    cables                              the reader on the bundled sample cables
    cables ARCHIVE...                   the reader on your archives
    cables parse FILE... [--jsonl]      what the parser reads in each file
    cables index ARCHIVE...             build or bring up to date the archives' index
    cables search ARCHIVE... QUERY      find cables (the query language: below)
    cables show ARCHIVE... ID           one cable, cleaned, header decoded
    cables explain CODE...              what a tag, routing indicator or marking means

Exit codes: 0 done or found, 1 nothing found (or a file could not be read), 2 usage or query error.
Text from the archives (cables, file and folder names) is printed as written, with the control
characters that could steer a terminal taken out.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from parser.errors import IndexFolderError, ParseError, WorkerError
from parser.text import terminal_safe

# A command imports what it uses, when it runs: rich, the parser, the index and the reader's help
# each cost more to import than a whole lookup takes (docs/performance.md).
if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import TaskID

    from parser.index import Report
    from parser.library import Library

_HERE = Path(__file__).resolve().parent
# The sample cables: inside the package when installed from a wheel, else at the top of the checkout.
SAMPLES = next((d for d in (_HERE / "sample_cables", _HERE.parent / "sample_cables") if d.is_dir()),
               _HERE / "sample_cables")


class Stream:
    """Standard output or error: a rich ``Console`` (``highlight=False, soft_wrap=True``: a message
    is one line, never cut) made on first use. A line of plain text to a file or a pipe, where rich
    would write no style, is written as rich would write it, without importing rich."""

    def __init__(self, stderr: bool = False) -> None:
        self.stderr = stderr
        self._console: Console | None = None

    @property
    def file(self) -> TextIO:
        return sys.stderr if self.stderr else sys.stdout

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self.stderr, highlight=False, soft_wrap=True)
        return self._console

    @property
    def plain(self) -> bool:
        """Not a terminal, and nothing that rich reads says to treat it as one."""
        if self._console is not None:
            return not self._console.is_terminal
        if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ or "ipykernel" in sys.modules:
            return False
        try:
            return not self.file.isatty()
        except (AttributeError, ValueError):
            return False

    @property
    def is_terminal(self) -> bool:
        return not self.plain and self.console.is_terminal

    @property
    def width(self) -> int:
        return self.console.width

    def print(self, renderable: RenderableType) -> None:
        self.console.print(renderable)

    def line(self, *parts: str | tuple[str, str], style: str = "") -> None:
        """A line of text made of ``parts`` (a part with a style of its own is ``(text, style)``)."""
        if self.plain:
            text = "".join(p if isinstance(p, str) else p[0] for p in parts)
            if all(line.isprintable() for line in text.split("\n")):  # nothing rich would change
                self.file.write(text + "\n")
                self.file.flush()
                return
        from rich.text import Text

        self.console.print(Text.assemble(*parts, style=style))


out = Stream()
err = Stream(stderr=True)


def _fail(message: str, code: int = 2) -> int:
    err.line(f"cables: {terminal_safe(message)}", style="bold red")
    return code


def _say(stream: Stream, message: str, style: str = "") -> None:
    """One line from outside (names, the index's contents, what the user typed), safe to print."""
    stream.line(terminal_safe(message), style=style)


def _index_dir(args: argparse.Namespace) -> Path | None:
    d = getattr(args, "index_dir", None) or os.environ.get("CABLES_INDEX_DIR")
    return Path(d) if d else None


def _count(value: str) -> int:
    """A whole number of at least 1 (``--limit``)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index-dir", metavar="DIR",
                   help="where index files live (default: the user cache folder; env CABLES_INDEX_DIR)")


FORMATTER = argparse.RawDescriptionHelpFormatter


class _HelpParser(argparse.ArgumentParser):
    """An argument parser whose epilog is written when its help is shown: the query language's
    table comes from the reader's help module, which only ``--help`` needs."""

    def __init__(self, *args: Any, epilog_of: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.epilog_of = epilog_of

    def format_help(self) -> str:
        self.epilog = self.epilog_of()
        return super().format_help()


def _query_plain() -> str:
    from tui.helptext import query_plain

    return query_plain()


def parse_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cables parse", formatter_class=FORMATTER,
                                description="Parse cable files and print what was read.",
                                epilog="example: cables parse sample_cables/09ASTANA1104.md --jsonl")
    p.add_argument("files", nargs="+", metavar="FILE", help="page, text, Markdown, csv or JSON files")
    p.add_argument("--jsonl", action="store_true", help="one JSON object per cable (keys: see README)")
    p.add_argument("--strict", action="store_true", help="fail on any repair instead of warning")
    return p


def index_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cables index", formatter_class=FORMATTER,
                                description="Build the index of each archive, or bring it up to date.",
                                epilog="example: cables index ~/cablegate/cable cables.csv")
    p.add_argument("archives", nargs="+", metavar="ARCHIVE", help="a folder, file, cables.csv, tar or zip")
    p.add_argument("--verbose", "-v", action="store_true", help="list every skipped file with its reason")
    # For the reader, which builds the index in a process of its own and reads its progress.
    p.add_argument("--progress-lines", action="store_true", help=argparse.SUPPRESS)
    _common(p)
    return p


def search_parser() -> argparse.ArgumentParser:
    from parser.query import SORTS

    p = _HelpParser(prog="cables search", formatter_class=FORMATTER,
                    description="Search archives with the query language.",
                    epilog_of=lambda: f"{_query_plain()}\n\nis:read, is:unread, has:note and note: read the "
                                      "reader's marks and notes from its data folder\n(CABLES_DATA_DIR), for the "
                                      "archives given.\n\ncommands:\n"
                                      "  cables search cable/ 'tag:PHUM date:2009 torture'\n"
                                      "  cables search cable/ '\"human rights\" from:ASTANA' --sort oldest")
    p.add_argument("args", nargs="+", metavar="ARCHIVE... QUERY", help="archives, then the query")
    p.add_argument("--limit", type=_count, default=50, help="at most this many results (default 50)")
    p.add_argument("--sort", choices=SORTS, default="date", help="order (default: newest first)")
    p.add_argument("--jsonl", action="store_true", help="one JSON object per cable, without paragraphs")
    p.add_argument("--snippets", action=argparse.BooleanOptionalAction, default=None,
                   help="why each cable matched, the words around its hits: a line under the subject in the "
                        "terminal and a snippet key in --jsonl (both on unless --no-snippets), a last "
                        "tab-separated field with the hits «so» when piped (off unless --snippets)")
    _common(p)
    return p


def show_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cables show", formatter_class=FORMATTER,
                                description="Show one cable, cleaned, with its header decoded.",
                                epilog="example: cables show sample_cables 09ASTANA1104")
    p.add_argument("args", nargs="+", metavar="ARCHIVE... ID")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--text", action="store_true", help="the text exactly as found")
    form.add_argument("--markdown", action="store_true", help="Markdown")
    form.add_argument("--json", action="store_true", help="the parse as JSON")
    _common(p)
    return p


def explain_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cables explain", formatter_class=FORMATTER,
        description="Explain cable codes: TAGS, routing indicators, precedence, security lines, classifications,\n"
                    "caveats, portion marks, E.O. numbers and reasons. Each meaning names its source (the 1974\n"
                    "TAGS handbook, 5 FAH-3, ACP 127 …); a code no source explains says so, or is read as codes\n"
                    "written together, a slip of the keys, a plain word or an office symbol. The reader's e key\n"
                    "shows the same for every code of the open cable.",
        epilog='example: cables explain PHUM XK RUEHTA OO "ZNY CCCCC" "E.O. 12958" "(S//NF)" 1.4(d)')
    p.add_argument("codes", nargs="+", metavar="CODE")
    return p


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("cable-reader")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


def reader_parser() -> argparse.ArgumentParser:
    p = _HelpParser(
        prog="cables", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="A terminal reader for archives of diplomatic cables.",
        epilog_of=lambda: f"{__doc__.split(chr(10) * 2, 1)[1] if __doc__ else ''}\n{_query_plain()}\n\n"
                          "In the reader, ? lists every key.")
    p.add_argument("archives", nargs="*", metavar="ARCHIVE",
                   help="folders, files, cables.csv, tar or zip archives (default: the sample cables)")
    p.add_argument("--version", action="version", version=f"cables {_version()}")
    _common(p)
    return p


def build_parser(name: str) -> argparse.ArgumentParser:
    """The argument parser of ``cables NAME``."""
    return COMMANDS[name].parser()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        command = COMMANDS.get(argv[0]) if argv else None
        if command is not None:
            args = command.parser().parse_args(argv[1:])
            return command.run(args)
        args = reader_parser().parse_args(argv)
        return cmd_read(args)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except WorkerError as e:  # what was committed stays; the next run carries on from it
        return _fail(f"the index build stopped: {e}", 1)
    except BrokenPipeError:
        return 0
    except IndexFolderError as e:
        return _fail(str(e), 2)
    except (sqlite3.Error, OSError) as e:  # a full disk; an index folder gone or made read-only meanwhile
        if "full" in str(e) or getattr(e, "errno", None) == errno.ENOSPC:
            return _fail("the index could not be written: the disk is full; what was committed is kept, and "
                         "the next run carries on from it once there is space", 1)
        return _fail(f"the index could not be used: {getattr(e, 'strerror', None) or e}", 1)


def _open(paths: list[str], args: argparse.Namespace, quiet: bool = False,
          reports: list[Report] | None = None, refresh: bool = True) -> Library | None:
    """Open the archives' indexes; with ``refresh`` bring each up to date, else only those whose
    last build did not finish (search and show answer from the index as it is). With
    ``--progress-lines`` the progress goes to stdout as lines for the reader to read."""
    from parser.library import Library

    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        _fail(f"{missing[0]}: no such file or folder")
        return None
    lib = Library.open([Path(p) for p in paths], _index_dir(args))
    lines = None
    if getattr(args, "progress_lines", False):
        from tui.indexer import ProgressLines

        lines = ProgressLines(out.file)
    for a in lib.archives:
        if a.reset_reason:
            _say(err, a.reset_reason, "yellow")
    if quiet or err.plain:  # no progress bar: nothing for rich to draw
        for a in lib.archives:
            if refresh or not a.complete:
                done = a.update(lines or _no_progress)
                if reports is not None:
                    reports.append(done)
        return lib
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # The description is a folder's name: shown as written, never read as markup ([link=…] would be a link).
    with Progress(TextColumn("indexing {task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[cables]} cables"), TimeElapsedColumn(),
                  console=err.console, transient=True, disable=not err.is_terminal) as progress:
        for a in lib.archives:
            if not refresh and a.complete:
                continue
            task = progress.add_task(terminal_safe(a.root.name), total=None, cables=0)

            def report(done: int, todo: int, cables: int, task: TaskID = task) -> None:
                progress.update(task, completed=done, total=todo, cables=cables)

            done = a.update(lines or report)
            if reports is not None:
                reports.append(done)
    return lib


def _no_progress(done: int, todo: int, cables: int) -> None:
    pass


def cmd_parse(args: argparse.Namespace) -> int:
    from parser.archive import read_regular
    from parser.parsing import DEFAULT, STRICT, parse
    from tui.render import parse_summary

    status = 0
    for name in args.files:
        policy = STRICT if args.strict else DEFAULT
        try:
            data = read_regular(name, policy.max_bytes)  # a FIFO or device is refused, not waited on
        except OSError as e:
            _fail(f"{name}: {e.strerror or e}", 1)
            status = 1
            continue
        try:
            cables = parse(data, name=name, policy=policy)
        except ParseError as e:
            _fail(str(e), 1)
            status = 1
            continue
        except Exception as e:  # noqa: BLE001 - one file never stops the others
            from parser.pipeline import failure

            _fail(f"{name}: {failure(e)}", 1)
            status = 1
            continue
        if not cables:
            _fail(f"{name}: no cable found", 1)
            status = 1
        for c in cables:
            if args.jsonl:
                d = {"file": terminal_safe(name), **({"row": c.row} if c.source_format == "csv" else {}),
                     **c.to_dict()}
                out.file.write(json.dumps(d, ensure_ascii=False) + "\n")
            else:
                out.print(parse_summary(name, c))
    return status


def cmd_index(args: argparse.Namespace) -> int:
    reports: list[Report] = []
    lib = _open(args.archives, args, reports=reports)
    if lib is None:
        return 2
    for a, report in zip(lib.archives, reports, strict=True):
        reasons: dict[str, int] = {}
        for _, reason in report.skipped:
            reasons[reason] = reasons.get(reason, 0) + 1
        _say(out, f"{a.root}: {report.total_cables:,} cables ({report.files_indexed:,} files indexed now, "
                  f"{report.seconds:.1f} s) in {a.path}")
        if reasons:
            _say(out, "  skipped: " + "; ".join(f"{n} {r}" for r, n in sorted(reasons.items())))
        if args.verbose:  # names from the archive, and reasons that quote them: their controls go
            for key, reason in report.skipped:
                out.line(f"  {terminal_safe(key)}: {terminal_safe(reason)}", style="dim")
    lib.close()
    return 0


def _split_archives(items: list[str]) -> tuple[list[str], str]:
    if len(items) < 2:
        raise SystemExit(_fail("give at least one archive and then the query (or id)"))
    return items[:-1], items[-1]


def cmd_search(args: argparse.Namespace) -> int:
    from parser.query import QueryError, parse_query

    paths, text = _split_archives(args.args)
    try:
        query = parse_query(text)
    except QueryError as e:
        _fail(f"bad query: {e.message}")
        # The query as typed, less what would drive the terminal; the caret under the same character.
        caret = len(terminal_safe(text[:e.position] + "x")) - 1
        err.line(f"  {terminal_safe(text)}\n  {' ' * caret}^")
        return 2
    lib = _open(paths, args, refresh=False)
    if lib is None:
        return 2
    if query.asks_saved():
        # is:read, has:note, note:: the reader's own records, from the data folder it keeps them in.
        from tui.state import State, archive_name

        state = State.load()
        for notice in state.notices:
            err.line(f"cables: {notice}", style="yellow")
        query.saved = state.saved([archive_name(Path(p)) for p in paths])
    rows = lib.search(query, sort=args.sort, limit=args.limit)
    if not rows:
        err.line("nothing found")
        return 1
    wanted = args.snippets if args.snippets is not None else (args.jsonl or out.is_terminal)
    # In the terminal, about as wide as the subject's column (what the other columns leave of the width).
    width = max(40, min(160, out.width - 64)) if out.is_terminal and not args.jsonl else 160
    snippets = lib.snippets(query, rows, width) if wanted else {}
    if args.jsonl:
        for row in rows:
            c = lib.cable((row.archive, row.rowid))
            if c is not None:
                d = c.to_dict(paragraphs=False)
                if wanted:
                    s = snippets.get((row.archive, row.rowid))
                    d["snippet"] = s.text if s else None
                    d["snippet_hits"] = [list(h) for h in s.hits] if s else []
                out.file.write(json.dumps(d, ensure_ascii=False) + "\n")
        return 0
    columns = [tuple(terminal_safe(v) for v in ((row.date or "")[:10], row.id or "", row.classification or "",
                                                 row.origin or "", row.subject or "")) for row in rows]
    found = [snippets.get((row.archive, row.rowid)) for row in rows]
    if out.is_terminal:
        from rich.table import Table
        from rich.text import Text

        from tui.render import HIT_STYLE

        table = Table(show_edge=False, header_style="bold")
        for col in ("date", "id", "classification", "origin", "subject"):
            table.add_column(col, overflow="fold" if col == "subject" else "ellipsis")
        for values, snippet in zip(columns, found, strict=True):
            cells = [Text(v) for v in values]
            if snippet is not None:  # why it matched, on a line of its own under the subject
                cells[-1].append("\n")
                line = Text(snippet.text, style="dim")
                for a, b in snippet.hits:
                    line.stylize(HIT_STYLE, a, b)
                cells[-1].append_text(line)
            table.add_row(*cells)
        out.print(table)
    else:  # piped into a file, grep, cut or sort: one line a cable, its fields separated by tabs
        lines = []
        for values, snippet in zip(columns, found, strict=True):
            fields = [" ".join(v.split()) for v in values]
            if wanted:
                fields.append(snippet.marked("«", "»") if snippet else "")
            lines.append("\t".join(fields) + "\n")
        out.file.write("".join(lines))
    total = sum(a.total(query) for a in lib.archives)
    err.line(f"{len(rows)} shown of {total:,} found in {lib.count():,} cables", style="dim")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from rich.text import Text

    from tui.render import cable_markdown, cable_text

    paths, cable_id = _split_archives(args.args)
    lib = _open(paths, args, refresh=False)
    if lib is None:
        return 2
    entries = lib.find(cable_id.upper())
    if not entries:
        _say(err, f"{cable_id}: not in these archives")
        return 1
    c, notice = lib.read_cable(entries[0])
    if c is None:
        return _fail(f"{cable_id}: could not be read again from the archive{f': {notice}' if notice else ''}", 1)
    if notice:
        _say(err, notice, "yellow")
    if args.text:
        out.print(Text(c.raw))
    elif args.json:
        out.file.write(json.dumps(c.to_dict(), ensure_ascii=False, indent=1) + "\n")
    elif args.markdown:
        out.print(Text(cable_markdown(c)))
    else:
        out.print(cable_text(c))
    if len(entries) > 1:
        _say(err, f"{len(entries)} copies of {cable_id} are in the archives; this is the first")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from parser.glossary import explain
    from parser.glossary.explain import UNKNOWN

    status = 0
    for code in args.codes:
        readings = explain(code)
        if all(r.kind == UNKNOWN for r in readings):
            status = 1
        for r in readings:
            out.line((terminal_safe(r.code), "bold"), "  ", terminal_safe(r.text()))
    return status


def cmd_read(args: argparse.Namespace) -> int:
    paths = args.archives or [str(SAMPLES)]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        return _fail(f"{missing[0]}: no such file or folder")
    from parser.index import check_index_folder, default_index_dir

    check_index_folder(_index_dir(args) or default_index_dir())
    if not (sys.stdin.isatty() and sys.stdout.isatty()):  # it would draw into a file and wait for keys for ever
        return _fail("the reader needs a terminal (its input or output is not one); in a script, use "
                     "cables search, show or parse")
    from tui.app import CableReader

    app = CableReader([Path(p) for p in paths], _index_dir(args))
    app.run()
    return app.return_code or 0


@dataclass(frozen=True, slots=True)
class Subcommand:
    """A ``cables NAME`` command: its argument parser, and what runs it (an exit code)."""

    parser: Callable[[], argparse.ArgumentParser]
    run: Callable[[argparse.Namespace], int]


# Every subcommand once; ``cables`` with no subcommand (or archives) opens the reader.
COMMANDS: dict[str, Subcommand] = {
    "parse": Subcommand(parse_parser, cmd_parse),
    "index": Subcommand(index_parser, cmd_index),
    "search": Subcommand(search_parser, cmd_search),
    "show": Subcommand(show_parser, cmd_show),
    "explain": Subcommand(explain_parser, cmd_explain),
}


if __name__ == "__main__":
    sys.exit(main())
