"""The ``cables`` command: open the reader, or parse, index, search, show and explain cables.

    cables                              the reader on the bundled sample cables
    cables ARCHIVE...                   the reader on your archives
    cables parse FILE... [--jsonl]      what the parser reads in each file
    cables index ARCHIVE...             build or bring up to date the archives' index
    cables search ARCHIVE... QUERY      find cables (the query language: below)
    cables show ARCHIVE... ID           one cable, cleaned, header decoded
    cables cite ARCHIVE... ID...        citations: text, BibTeX or CSL-JSON
    cables explain CODE...              what a tag, routing indicator or marking means
    cables diff ARCHIVE... ID           what changed between the copies of a cable (older releases)

Exit codes: 0 done or found, 1 nothing found (or a file could not be read), 2 usage or query error.
Text from the archives (cables, file and folder names) is printed as written, with the control
characters that could steer a terminal taken out.
"""

from __future__ import annotations

import argparse
import errno
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from parser.errors import IndexFolderError, ParseError, WorkerError
from parser.regex import lazy
from parser.text import terminal_safe

# A command imports what it uses, when it runs: rich, the parser, the index and the reader's help
# each cost more to import than a whole lookup takes (docs/performance.md).
if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import TaskID

    from parser.index import Report
    from parser.library import Library
    from tui.render import Styled

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

    def styled(self, text: Styled) -> None:
        """The renderer's text (a cable, a parse's summary): with its styles in a terminal; to a file
        or a pipe, its text as rich would write it (the control codes rich leaves out gone, tabs to
        the next column of 8, a line end after it), without importing rich, unless a line with a tab
        holds a character rich may count as other than one column (a wide one counts two)."""
        if self.plain:
            plain = text.plain
            if not plain.isprintable():
                plain = plain.translate(_RICH_STRIPS)
            if "\t" not in plain or not any(_NOT_ONE_CELL.search(ln) for ln in plain.split("\n") if "\t" in ln):
                self.file.write(plain.expandtabs(8) + "\n")
                self.file.flush()
                return
        self.console.print(text.text())


# What rich's ``Text`` takes out of the text it is given (``rich.control.strip_control_codes``), and
# a character outside the ranges rich counts one column wide without looking further (``rich.cells``).
_RICH_STRIPS = dict.fromkeys((7, 8, 11, 12, 13))
_NOT_ONE_CELL = lazy("[^\t\x20-\x7e\xa0-\xac\xae-\u02ff]")


out = Stream()
err = Stream(stderr=True)


def _fail(message: str, code: int = 2) -> int:
    err.line(f"cables: {terminal_safe(message)}", style="bold red")
    return code


def _say(stream: Stream, message: str, style: str = "") -> None:
    """One line from outside (names, the index's contents, what the user typed), safe to print."""
    stream.line(terminal_safe(message), style=style)


def _json(value: object, indent: int | None = None) -> str:
    """``value`` as JSON, its text as written (``json`` is imported by the commands that write it)."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=indent)


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


class FORMATTER(argparse.RawDescriptionHelpFormatter):
    """The help's layout, as wide as the terminal: argparse makes one with every argument added,
    and would import ``shutil`` (and its compression modules) each time to ask the width."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` gives it (``COLUMNS``, else the
    terminal's, else 80)."""
    try:
        n = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        n = 0
    if n > 0:
        return n
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


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
    p.add_argument("archives", nargs="+", metavar="ARCHIVE", help="a folder, file, cables.csv, tar, zip or 7z")
    p.add_argument("--verbose", "-v", action="store_true", help="list every skipped file with its reason")
    # For the reader, which builds the index in a process of its own and reads its progress.
    p.add_argument("--progress-lines", action="store_true", help=argparse.SUPPRESS)
    _common(p)
    return p


def search_parser() -> argparse.ArgumentParser:
    from parser.query import SORTS
    from parser.sql import RANK_AMONG

    p = _HelpParser(prog="cables search", usage="%(prog)s [options] ARCHIVE... QUERY", formatter_class=FORMATTER,
                    description="Search archives with the query language.",
                    epilog_of=lambda: f"{_query_plain()}\n\nis:read, is:unread, has:note and note: read the "
                                      "reader's marks and notes from its data folder\n(CABLES_DATA_DIR), for the "
                                      "archives given. note: matches a note's words as a search matches a\n"
                                      "cable's: note:frame finds \"frames\", note:=frame only \"frame\", note:fram* "
                                      "words starting so.\n\ncommands:\n"
                                      "  cables search cable/ 'tag:PHUM date:2009 torture'\n"
                                      "  cables search cable/ '\"human rights\" from:ASTANA' --sort oldest")
    p.add_argument("args", nargs="+", metavar="ARCHIVE... QUERY", help="archives, then the query")
    p.add_argument("--limit", type=_count, default=50, help="at most this many results (default 50)")
    p.add_argument("--sort", choices=SORTS, default="date",
                   help=f"order (default: newest first); relevance ranks at most {RANK_AMONG:,} matches, "
                        "the last in the archive's order, and lists the rest after them, newest first")
    p.add_argument("--format", choices=SEARCH_FORMATS, default=None,
                   help="table: a line a cable fitted to the terminal, the subject cut with … (below 110 columns "
                        "without the origin, the id naming the post, and the classification short: S/NF), the "
                        "default there; tsv: a line a cable, its "
                        "fields separated by tabs (the default when piped); csv: a header line, then the "
                        "fields, quoted where they must be; jsonl: one JSON object per cable, the parse "
                        "without paragraphs; md: a Markdown table")
    p.add_argument("--jsonl", action="store_true", help="the same as --format jsonl")
    p.add_argument("--snippets", action=argparse.BooleanOptionalAction, default=None,
                   help="why each cable matched, the words around its hits: a line under the subject in the "
                        "table and a snippet key in jsonl (both on unless --no-snippets), a last field in tsv "
                        "(the hits «so») and csv (both off unless --snippets)")
    _common(p)
    return p


SEARCH_FORMATS = ("table", "tsv", "csv", "jsonl", "md")
CITE_FORMATS = ("text", "bibtex", "csl-json")


def cite_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cables cite", usage="%(prog)s [options] ARCHIVE... ID[:N|:N-M|:Nb]...\n"
                                  "       %(prog)s [options] ARCHIVE... --notes | --bookmarks",
        formatter_class=FORMATTER,
        description="Cite cables: a line of text each, or BibTeX or CSL-JSON for a reference manager (Zotero,\n"
                    "JabRef, Mendeley and pandoc import both). A citation holds what the cable says of itself: its\n"
                    "id, subject (the id where it has none), sending post as its FM line writes it (author and,\n"
                    "in BibTeX, institution) and date, its classification in the note; with ID:N, paragraph N\n"
                    "and its portion marking; with ID:N-M, one citation of paragraphs N to M. Where a cable\n"
                    "writes a number twice, ID:N is the first such paragraph and ID:Nb the second (the reader's\n"
                    "sections name it the same way); a line on stderr says so. The locator is labelled\n"
                    "'paragraph' in CSL-JSON. CSL-JSON items are of type report (Zotero's Report: the id as its\n"
                    "number, 'Diplomatic cable' as its type); BibTeX entries are @techreport. --notes cites\n"
                    "by cable, then paragraph; with --notes or --bookmarks no id is needed, but the archives\n"
                    "are: the citation is read from the cable in them. The sources of both forms are named in\n"
                    "docs/export.md.",
        epilog="examples:\n"
               "  cables cite cable/ 09ASTANA1104 09ASTANA1212 --format bibtex > cables.bib\n"
               "  cables cite cable/ 09ASTANA1104:2                  # paragraph 2 and its marking\n"
               "  cables cite cable/ 09ASTANA1104:1-4                # paragraphs 1 to 4, one citation\n"
               "  cables cite cable/ 09SANJOSE587:5b                 # the second paragraph numbered 5\n"
               "  cables cite cable/ --bookmarks --format csl-json > bookmarks.json\n"
               "  cables cite cable/ --notes                         # every note, no id needed")
    p.add_argument("args", nargs="*", metavar="ARCHIVE... ID[:N]",
                   help="archives (folders or files that exist), then cable ids, each with :N for a paragraph,\n"
                        ":N-M for a range, :Nb for the second paragraph a cable numbers N (no id with --notes or\n"
                        "--bookmarks)")
    p.add_argument("--format", choices=CITE_FORMATS, default="text", help="default: text")
    p.add_argument("--bookmarks", action="store_true",
                   help="cite your bookmarks too (the reader's b), each with its note where it has one")
    p.add_argument("--notes", action="store_true",
                   help="cite every cable and paragraph you wrote a note on (the reader's a), with the note")
    _common(p)
    return p


def show_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cables show", usage="%(prog)s [options] ARCHIVE... ID", formatter_class=FORMATTER,
                                description="Show one cable, cleaned, with its header decoded.",
                                epilog="example: cables show sample_cables 09ASTANA1104")
    p.add_argument("args", nargs="+", metavar="ARCHIVE... ID")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--text", action="store_true", help="the text exactly as found")
    form.add_argument("--markdown", action="store_true",
                      help="Markdown: the head fields as a list, sections as headings, paragraphs led by ¶N")
    form.add_argument("--plain", action="store_true", help="the cable as read, as plain text (no colours)")
    form.add_argument("--json", action="store_true", help="the parse as JSON")
    _common(p)
    return p


def explain_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cables explain", formatter_class=FORMATTER,
        description="Explain cable codes: TAGS, routing indicators, precedence, security lines, classifications,\n"
                    "caveats, portion marks, E.O. numbers, GDS, the E.O. line's DECL (X1 ... X8) and reasons, the\n"
                    "header fields (REF, TAGS, SUBJECT, E.O.) and the parts of the routing lines: VZCZC… (the\n"
                    "transmission identification), DE (the prosign: from), #1343/01 (the station serial number\n"
                    "and section), 2220756 (the filing time).\n"
                    "A routing line given whole is read part by part, each part as what it is there. Every\n"
                    "reading a code has is given, each naming its source (the 1974 TAGS handbook, 5 FAH-3,\n"
                    "ACP 127 …); a code no source explains says so, or is read as codes written together, a slip\n"
                    "of the keys, a plain word or an office symbol. The reader's e key shows the same for every\n"
                    "code of the open cable, its routing lines included.",
        epilog='examples:\n'
               '  cables explain PHUM XK RUEHTA OO "ZNY CCCCC" "E.O. 12958" "(S//NF)" 1.4(d)\n'
               '  cables explain "DE RUEHSI #1356/01 2241313" VZCZCXRO7065 GDS "LIMITED OFFICIAL USE"')
    p.add_argument("codes", nargs="+", metavar="CODE")
    return p


def diff_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cables diff", usage="%(prog)s [options] ARCHIVE... ID", formatter_class=FORMATTER,
        description="What changed between the copies of one cable in the archives (the releases of 2010 and\n"
                    "2011 hold the same cables with redactions added or taken out, paragraphs dropped, TAGS\n"
                    "written anew). Each copy is compared as its parts, one line a part (SUBJECT, TAGS, E.O.,\n"
                    "CLASSIFICATION, REF, each paragraph ¶N, SIGNATURE) and as words: line wrapping and\n"
                    "spacing are no change. Each copy is compared with the next, in the order of the archives\n"
                    "named (name the older first) and of the files in each. The reader shows the same: v.",
        epilog="examples:\n"
               "  cables diff older-builds.tar.xz cablegate-2011-04-25.tar.xz 04RANGOON1100\n"
               "  cables diff older-builds.tar.xz cablegate-2011-04-25.tar.xz 04RANGOON1100 --list\n"
               "  cables diff older-builds.tar.xz cablegate-2011-04-25.tar.xz 04RANGOON1100 --copies 1,3 --words")
    p.add_argument("args", nargs="+", metavar="ARCHIVE... ID", help="archives, then the cable's id")
    p.add_argument("--list", action="store_true", help="the copies, numbered, each with how it differs from the next")
    p.add_argument("--copies", metavar="A,B", help="compare these two copies only (their numbers in --list)")
    p.add_argument("--words", action="store_true",
                   help="paragraph by paragraph, removed words [-so-] and added {+so+} (as wdiff writes them), "
                        "the parts the same named on a line")
    p.add_argument("-U", "--context", type=int, default=1, metavar="N",
                   help="parts of context around each change in the unified diff (default 1)")
    _common(p)
    return p


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("cable-reader")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


class _VersionAction(argparse.Action):
    """``--version``: the installed version, looked up only when asked (the package metadata
    search took 30-60 ms of every reader start when argparse's own action was given it)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="print the version and exit", **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        sys.stdout.write(f"cables {_version()}\n")
        parser.exit()


def reader_parser() -> argparse.ArgumentParser:
    p = _HelpParser(
        prog="cables", formatter_class=FORMATTER,
        description="A terminal reader for archives of diplomatic cables.",
        epilog_of=lambda: f"{__doc__.split(chr(10) * 2, 1)[1] if __doc__ else ''}\n{_query_plain()}\n\n"
                          "In the reader, ? lists every key.")
    p.add_argument("archives", nargs="*", metavar="ARCHIVE",
                   help="folders, files, cables.csv, tar, zip or 7z archives (default: the sample cables)")
    p.add_argument("--version", action=_VersionAction)
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
                out.file.write(_json(d) + "\n")
            else:
                out.styled(parse_summary(name, c))
    return status


def cmd_index(args: argparse.Namespace) -> int:
    reports: list[Report] = []
    lib = _open(args.archives, args, reports=reports)
    if lib is None:
        return 2
    for a, report in zip(lib.archives, reports, strict=True):
        reasons: dict[str, int] = {}
        whole = [reason for key, reason in report.skipped if key == a.root.name and not a.root.is_dir()]
        for key, reason in report.skipped:
            if not (key == a.root.name and reason in whole):
                reasons[reason] = reasons.get(reason, 0) + 1
        _say(out, f"{a.root}: {report.total_cables:,} cables ({report.files_indexed:,} files indexed now, "
                  f"{report.seconds:.1f} s) in {a.path}")
        for reason in whole:  # the archive itself damaged or cut short: said of it, by name
            _say(out, f"  {a.root.name}: {reason}")
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
    for note in lib.any_year(query):  # ref:BRASILIA1170: found in any year, as the reader's status line says
        err.line(terminal_safe(note), style="dim")
    if not rows:
        err.line("nothing found")
        return 1
    form = "jsonl" if args.jsonl else args.format or ("table" if out.is_terminal else "tsv")
    wanted = args.snippets if args.snippets is not None else form in ("jsonl", "table")
    columns = [tuple(terminal_safe(v) for v in ((row.date or "")[:10], row.id or "", row.classification or "",
                                                 row.origin or "", row.subject or "")) for row in rows]
    layout = table_layout(columns, out.width) if form == "table" else None
    # In the terminal, as wide as the subject's column: the words around the hits are what is seen.
    snippets = lib.snippets(query, rows, layout.subject if layout else 160) if wanted else {}
    found = [snippets.get((row.archive, row.rowid)) for row in rows]
    if form in ("jsonl", "csv", "md"):
        from parser import export

        if form == "jsonl":
            records = []
            for row, s in zip(rows, found, strict=True):
                c = lib.cable((row.archive, row.rowid))
                if c is not None:
                    d = c.to_dict(paragraphs=False)
                    if wanted:
                        d["snippet"] = s.text if s else None
                        d["snippet_hits"] = [list(h) for h in s.hits] if s else []
                    records.append(d)
            _write(export.results_jsonl(records))
        elif form == "csv":
            _write(export.results_csv(rows, [s.text if s else None for s in found] if wanted else None))
        else:
            _write(export.results_markdown(rows, f"cables search: {text}"))
    if layout is not None:
        from rich.table import Table
        from rich.text import Text

        from tui.render import HIT_STYLE

        # One line a cable (and the line of why it matched under it): each field cut with … to its column.
        table = Table(show_edge=False, header_style="bold", expand=True)
        for col in layout.names:
            table.add_column(col, no_wrap=True, overflow="ellipsis", width=layout.widths.get(col),
                             ratio=1 if col == "subject" else None)
        for values, snippet in zip(columns, found, strict=True):
            date, cid, cls, origin, subject = values
            shown = (date, cid, cls, origin, subject) if "origin" in layout.names else \
                (date, cid, short_class(cls), subject)
            cells = [Text(v) for v in shown]
            if snippet is not None:  # why it matched, on a line of its own under the subject
                cells[-1].append("\n")
                line = Text(snippet.text, style="dim")
                for a, b in snippet.hits:
                    line.stylize(HIT_STYLE, a, b)
                cells[-1].append_text(line)
            table.add_row(*cells)
        out.print(table)
    elif form == "tsv":  # piped into a file, grep, cut or sort: one line a cable, its fields separated by tabs
        lines = []
        for values, snippet in zip(columns, found, strict=True):
            fields = [" ".join(v.split()) for v in values]
            if wanted:
                fields.append(snippet.marked("«", "»") if snippet else "")
            lines.append("\t".join(fields) + "\n")
        out.file.write("".join(lines))
    total = sum(a.total(query) for a in lib.archives)
    order = ""
    if args.sort == "relevance" and (why := lib.unranked(query)):
        order = f"; {why}: newest first"
    elif args.sort == "relevance" and (among := lib.ranked_among(query)):
        order = f"; relevance ranks the last {among:,} matches in the archive's order, then the rest newest first"
    copies = ""
    if len(rows) < min(args.limit, total):  # not cut by --limit: the rest are copies of ids shown
        extra = total - len(rows)
        copies = f" ({extra:,} of them further {'copy' if extra == 1 else 'copies'} of ids shown)"
    err.line(f"{len(rows)} shown of {total:,} found{copies} in {lib.sizes()}{order}", style="dim")
    return 0


TABLE_COLUMNS = ("date", "id", "classification", "origin", "subject")
# The widest a column of the table is: the subject takes what the others leave.
_COLUMN_CAPS = {"date": 10, "id": 20, "classification": 14, "origin": 26}
TABLE_WIDE = 110  # columns from which the table has the origin (narrower, the id names the post)
_SUBJECT_MIN = 20


@dataclass(frozen=True, slots=True)
class TableLayout:
    """The columns of ``cables search``'s table in a terminal: their names, the width of each but
    the subject, and the subject's (what the others leave of the terminal)."""

    names: tuple[str, ...]
    widths: dict[str, int]
    subject: int


def table_layout(columns: list[tuple[str, ...]], width: int) -> TableLayout:
    """The table's columns for ``width`` terminal columns: each field as wide as its widest value up
    to its cap, the subject the rest, so a cable is one line however long its subject (an 80-column
    terminal folded subjects into a column of 14, ten lines a cable). Below ``TABLE_WIDE`` columns
    the origin is left out (the id names the post) and the classification is written short, as the
    reader's list writes it (S/NF): the subject gets the room."""
    wide = width >= TABLE_WIDE
    names = TABLE_COLUMNS if wide else ("date", "id", "class", "subject")
    widths = {name: min(cap, max([len(name), *(len(v[TABLE_COLUMNS.index(name)]) for v in columns)]))
              for name, cap in _COLUMN_CAPS.items() if name in names}
    if not wide:  # the classification as the reader's list writes it (S/NF), under a short heading
        widths["class"] = max([len("class"), *(len(short_class(v[2])) for v in columns)])
    subject = width - sum(widths.values()) - (3 * len(names) - 2)  # a space each side of a column, a rule between
    return TableLayout(names, widths, max(_SUBJECT_MIN, subject))


def short_class(classification: str) -> str:
    """``SECRET//NOFORN`` → ``S/NF``, as the reader's list writes it."""
    from tui.render import short_class

    return short_class(classification)


def _write(text: str) -> None:
    """A file's text to stdout: as it is to a file or a pipe; to a terminal, each line less what
    would drive it."""
    if out.plain:
        out.file.write(text)
    else:
        out.file.write("".join(terminal_safe(line) + "\n" for line in text.removesuffix("\n").split("\n")))
    out.file.flush()


def cmd_show(args: argparse.Namespace) -> int:
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
        from tui.render import Styled

        out.styled(Styled(c.raw))
    elif args.json:
        out.file.write(_json(c.to_dict(), indent=1) + "\n")
    elif args.markdown or args.plain:
        from parser import export

        _write(export.cable_markdown(c) if args.markdown else export.cable_plain(c))
    else:
        from tui.render import cable_text

        out.styled(cable_text(c))
    if len(entries) > 1:
        _say(err, f"{len(entries)} copies of {cable_id} are in the archives; this is the first")
    return 0


def cmd_cite(args: argparse.Namespace) -> int:
    from parser.citation import FORMATS, Asked, lookup

    items: list[str] = args.args
    if not items:
        flags = [f"--{w}" for w in ("notes", "bookmarks") if getattr(args, w)]
        if flags:
            return _fail(f"{' and '.join(flags)} need{'s' if len(flags) == 1 else ''} the archives your cables are in "
                         f"(cables cite ARCHIVE... {' '.join(flags)}): each citation is read from the cable there; "
                         "no cable id is needed")
        return _fail("give the archives, then the cable ids (cables cite ARCHIVE... ID), or --notes or --bookmarks "
                     "after the archives")
    split = next((n for n, a in enumerate(items) if not Path(a).exists()), len(items))
    paths, wanted = items[:split], items[split:]
    if not paths:
        return _fail(f"{items[0]}: no such file or folder (give the archives first, then the cable ids)")
    if not wanted and not args.bookmarks and not args.notes:
        return _fail("give the cable ids after the archives (or --bookmarks, --notes)")
    try:
        asked = [Asked.parse(w) for w in wanted]
    except ValueError as e:
        return _fail(str(e))
    if args.bookmarks or args.notes:
        from tui.state import State

        state = State.load()
        for notice in state.notices:
            _say(err, notice, "yellow")
        for what in ("bookmarks", "notes"):
            if getattr(args, what):
                mine = state.asked(what)
                if not mine:
                    _say(err, f"no {what} in {state.folder}")
                asked += mine
    lib = _open(paths, args, refresh=False)
    if lib is None:
        return 2
    notices: list[str] = []
    cited, problems = lookup(lib, asked, notices)
    for said in (*notices, *problems):
        _say(err, said, "yellow")
    if cited:
        _write(FORMATS[args.format](cited))
    return 1 if problems or not cited else 0


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


def cmd_diff(args: argparse.Namespace) -> int:
    from parser.diff import diff_cables, unified
    from parser.ids import canonical_id

    paths, cable_id = _split_archives(args.args)
    if args.context < 0:
        return _fail("--context takes a whole number of 0 or more")
    lib = _open(paths, args, refresh=False)
    if lib is None:
        return 2
    copies = lib.versions(canonical_id(cable_id) or cable_id.upper())
    if len(copies) < 2:
        where = "is in none of these archives" if not copies else f"has one copy in these archives ({copies[0][1]})"
        hint = "open an older release beside it, e.g. older-builds.tar.xz" if len(paths) == 1 else \
            "the other archives hold no copy of it"
        return _fail(f"{cable_id} {where}: nothing to compare ({hint})", 1)
    pairs = [(n, n + 1) for n in range(len(copies) - 1)]
    if args.copies:
        try:
            a, b = (int(x) - 1 for x in args.copies.split(","))
        except ValueError:
            return _fail(f"--copies takes two numbers as --list shows them, e.g. 1,2 (not {args.copies!r})")
        if not (0 <= a < len(copies) and 0 <= b < len(copies)) or a == b:
            return _fail(f"--copies: two different numbers from 1 to {len(copies)}")
        pairs = [(a, b)]
    cables = {}
    for n in sorted({n for pair in pairs for n in pair}):
        c, notice = lib.read_cable(copies[n][0])
        if c is None:
            why = f": {notice}" if notice else ""
            return _fail(f"{copies[n][1]}: could not be read again from the archive{why}", 1)
        cables[n] = c
    if args.list:
        for n, (_, where) in enumerate(copies):
            nxt = f"; against {n + 2}: {diff_cables(cables[n], cables[n + 1]).summary()}" \
                if (n, n + 1) in pairs else ""
            _say(out, f"{n + 1}  {where}{nxt}")
        return 0
    for k, (a, b) in enumerate(pairs):
        d = diff_cables(cables[a], cables[b], f"{a + 1}: {copies[a][1]}", f"{b + 1}: {copies[b][1]}")
        if k:
            out.line("")
        if args.words:
            from tui.diffview import diff_text

            text = diff_text(d, marks=True)
            if out.plain:
                out.file.write(text.plain + "\n")
            else:
                out.print(text)
            continue
        if not d.changed:
            _say(out, f"--- {d.old_name}")
            _say(out, f"+++ {d.new_name}")
            _say(out, f"(no change: {d.summary()})", "dim")
            continue
        for line in unified(d, args.context):
            style = "bold" if line.startswith(("---", "+++")) else "red" if line.startswith("-") else \
                "green" if line.startswith("+") else "cyan" if line.startswith("@@") else ""
            _say(out, line, style)
    return 0


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
    import gc

    # The reader's modules live as long as it does: no collection walks them while they load (a
    # tenth of the start went to collections), and frozen, none walks them after.
    gc.disable()
    try:
        from tui.app import CableReader
    finally:
        gc.freeze()
        gc.enable()
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
    "cite": Subcommand(cite_parser, cmd_cite),
    "explain": Subcommand(explain_parser, cmd_explain),
    "diff": Subcommand(diff_parser, cmd_diff),
}


if __name__ == "__main__":
    sys.exit(main())
