"""The ``cables`` command: open the reader, or parse, index, search, show and explain cables.

    cables                              the reader on the bundled sample cables
    cables ARCHIVE...                   the reader on your archives
    cables parse FILE... [--jsonl]      what the parser reads in each file
    cables index ARCHIVE...             build or bring up to date the archives' index
    cables search ARCHIVE... QUERY      find cables (the query language: below)
    cables show ARCHIVE... ID           one cable, cleaned, header decoded
    cables explain CODE...              what a tag, routing indicator or marking means

Exit codes: 0 done or found, 1 nothing found (or a file could not be read), 2 usage or query error.
Cable text is printed through rich ``Text`` objects, never as markup.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from parser import ParseError, parse
from parser.cable import Cable
from parser.index import Report
from parser.library import Library
from parser.pipeline import WorkerError
from parser.query import SORTS, QueryError, parse_query
from parser.text import clean_line
from tui.helptext import query_plain

SUBCOMMANDS = ("parse", "index", "search", "show", "explain")
SAMPLES = Path(__file__).resolve().parent.parent / "sample_cables"

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)


def _fail(message: str, code: int = 2) -> int:
    err.print(Text(f"cables: {message}", style="bold red"))
    return code


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


def build_parser(name: str) -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    if name == "parse":
        p = argparse.ArgumentParser(prog="cables parse", formatter_class=formatter,
                                    description="Parse cable files and print what was read.",
                                    epilog="example: cables parse sample_cables/09ASTANA1104.md --jsonl")
        p.add_argument("files", nargs="+", metavar="FILE", help="page, text, Markdown, csv or JSON files")
        p.add_argument("--jsonl", action="store_true", help="one JSON object per cable (keys: see README)")
        p.add_argument("--strict", action="store_true", help="fail on any repair instead of warning")
        return p
    if name == "index":
        p = argparse.ArgumentParser(prog="cables index", formatter_class=formatter,
                                    description="Build the index of each archive, or bring it up to date.",
                                    epilog="example: cables index ~/cablegate/cable cables.csv")
        p.add_argument("archives", nargs="+", metavar="ARCHIVE", help="a folder, file, cables.csv, tar or zip")
        p.add_argument("--verbose", "-v", action="store_true", help="list every skipped file with its reason")
        _common(p)
        return p
    if name == "search":
        p = argparse.ArgumentParser(prog="cables search", formatter_class=formatter,
                                    description="Search archives with the query language.",
                                    epilog=f"{query_plain()}\n\ncommands:\n"
                                           "  cables search cable/ 'tag:PHUM date:2009 torture'\n"
                                           "  cables search cable/ '\"human rights\" from:ASTANA' --sort oldest")
        p.add_argument("args", nargs="+", metavar="ARCHIVE... QUERY", help="archives, then the query")
        p.add_argument("--limit", type=_count, default=50, help="at most this many results (default 50)")
        p.add_argument("--sort", choices=SORTS, default="date", help="order (default: newest first)")
        p.add_argument("--jsonl", action="store_true", help="one JSON object per cable, without paragraphs")
        _common(p)
        return p
    if name == "show":
        p = argparse.ArgumentParser(prog="cables show", formatter_class=formatter,
                                    description="Show one cable, cleaned, with its header decoded.",
                                    epilog="example: cables show sample_cables 09ASTANA1104")
        p.add_argument("args", nargs="+", metavar="ARCHIVE... ID")
        form = p.add_mutually_exclusive_group()
        form.add_argument("--text", action="store_true", help="the text exactly as found")
        form.add_argument("--markdown", action="store_true", help="Markdown")
        form.add_argument("--json", action="store_true", help="the parse as JSON")
        _common(p)
        return p
    p = argparse.ArgumentParser(prog="cables explain", description="Explain cable codes.",
                                epilog="example: cables explain PHUM RUEHTA O S//NF 1.4(d)")
    p.add_argument("codes", nargs="+", metavar="CODE")
    return p


def reader_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cables", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="A terminal reader for archives of diplomatic cables.",
        epilog=f"{__doc__.split(chr(10) * 2, 1)[1] if __doc__ else ''}\n{query_plain()}\n\n"
               "In the reader, ? lists every key.")
    p.add_argument("archives", nargs="*", metavar="ARCHIVE",
                   help="folders, files, cables.csv, tar or zip archives (default: the sample cables)")
    _common(p)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            name = argv.pop(0)
            args = build_parser(name).parse_args(argv)
            return int(globals()[f"cmd_{name}"](args))
        args = reader_parser().parse_args(argv)
        return cmd_read(args)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except WorkerError as e:  # what was committed stays; the next run carries on from it
        return _fail(f"the index build stopped: {e}", 1)
    except BrokenPipeError:
        return 0


def _open(paths: list[str], args: argparse.Namespace, quiet: bool = False,
          reports: list[Report] | None = None, refresh: bool = True) -> Library | None:
    """Open the archives' indexes; with ``refresh`` bring each up to date, else only those whose
    last build did not finish (search and show answer from the index as it is)."""
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        _fail(f"{missing[0]}: no such file or folder")
        return None
    lib = Library.open([Path(p) for p in paths], _index_dir(args))
    for a in lib.archives:
        if a.reset_reason:
            err.print(Text(a.reset_reason, style="yellow"))
    with Progress(TextColumn("indexing {task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[cables]} cables"), TimeElapsedColumn(),
                  console=err, transient=True, disable=quiet or not err.is_terminal) as progress:
        for a in lib.archives:
            if not refresh and a.complete:
                continue
            task = progress.add_task(a.root.name, total=None, cables=0)

            def report(done: int, todo: int, cables: int, task: TaskID = task) -> None:
                progress.update(task, completed=done, total=todo, cables=cables)

            done = a.update(report)
            if reports is not None:
                reports.append(done)
    return lib


def cmd_parse(args: argparse.Namespace) -> int:
    from parser.parsing import DEFAULT, STRICT

    status = 0
    for name in args.files:
        try:
            data = Path(name).read_bytes()
        except OSError as e:
            _fail(f"{name}: {e.strerror or e}", 1)
            status = 1
            continue
        try:
            cables = parse(data, name=name, policy=STRICT if args.strict else DEFAULT)
        except ParseError as e:
            _fail(str(e), 1)
            status = 1
            continue
        if not cables:
            _fail(f"{name}: no cable found", 1)
            status = 1
        for c in cables:
            if args.jsonl:
                d = {"file": name, **({"row": c.row} if c.source_format == "csv" else {}), **c.to_dict()}
                out.file.write(json.dumps(d, ensure_ascii=False) + "\n")
            else:
                _summary(name, c)
    return status


def _summary(name: str, c: Cable) -> None:
    t = Text()
    t.append(f"{c.id or '(no id)'}", style="bold")
    t.append(f"  {c.date or '(no date)'}  {c.classification or '?'}  {c.origin or ''}\n")
    t.append(f"  {c.subject or ''}\n", style="italic")
    t.append(f"  tags {' '.join(c.tags)}; {sum(1 for p in c.paragraphs if p.number)} paragraphs; "
             f"{len(c.sections)} sections; from {name}\n", style="dim")
    for w in c.warnings:
        t.append(f"  warning: {name}:{w.line or '?'}: {w.message}\n", style="yellow")
    out.print(t)


def cmd_index(args: argparse.Namespace) -> int:
    reports: list[Report] = []
    lib = _open(args.archives, args, reports=reports)
    if lib is None:
        return 2
    for a, report in zip(lib.archives, reports, strict=True):
        reasons: dict[str, int] = {}
        for _, reason in report.skipped:
            reasons[reason] = reasons.get(reason, 0) + 1
        line = Text(f"{a.root}: {report.total_cables:,} cables ({report.files_indexed:,} files indexed now, "
                    f"{report.seconds:.1f} s) in {a.path}")
        out.print(line)
        if reasons:
            out.print(Text("  skipped: " + "; ".join(f"{n} {clean_line(r)}" for r, n in sorted(reasons.items()))))
        if args.verbose:  # names from the archive, and reasons that quote them: their controls go
            for key, reason in report.skipped:
                out.print(Text(f"  {clean_line(key)}: {clean_line(reason)}", style="dim"))
    lib.close()
    return 0


def _split_archives(items: list[str]) -> tuple[list[str], str]:
    if len(items) < 2:
        raise SystemExit(_fail("give at least one archive and then the query (or id)"))
    return items[:-1], items[-1]


def cmd_search(args: argparse.Namespace) -> int:
    paths, text = _split_archives(args.args)
    try:
        query = parse_query(text)
    except QueryError as e:
        err.print(Text(f"cables: bad query: {e.message}", style="bold red"))
        err.print(Text(f"  {text}\n  {' ' * e.position}^"))
        return 2
    lib = _open(paths, args, refresh=False)
    if lib is None:
        return 2
    rows = lib.search(query, sort=args.sort, limit=args.limit)
    if not rows:
        err.print(Text("nothing found"))
        return 1
    if args.jsonl:
        for row in rows:
            c = lib.cable((row.archive, row.rowid))
            if c is not None:
                out.file.write(json.dumps(c.to_dict(paragraphs=False), ensure_ascii=False) + "\n")
        return 0
    columns = [((row.date or "")[:10], row.id or "", row.classification or "", row.origin or "", row.subject or "")
               for row in rows]
    if out.is_terminal:
        table = Table(show_edge=False, header_style="bold")
        for col in ("date", "id", "classification", "origin", "subject"):
            table.add_column(col, overflow="fold" if col == "subject" else "ellipsis")
        for values in columns:
            table.add_row(*(Text(v) for v in values))
        out.print(table)
    else:  # piped into a file, grep, cut or sort: one line a cable, its fields separated by tabs
        out.file.write("".join("\t".join(" ".join(v.split()) for v in values) + "\n" for values in columns))
    total = sum(a.total(query) for a in lib.archives)
    err.print(Text(f"{len(rows)} shown of {total:,} found in {lib.count():,} cables", style="dim"))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    paths, cable_id = _split_archives(args.args)
    lib = _open(paths, args, refresh=False)
    if lib is None:
        return 2
    entries = lib.find(cable_id.upper())
    if not entries:
        err.print(Text(f"{cable_id}: not in these archives"))
        return 1
    c = lib.cable(entries[0])
    if c is None:
        return _fail(f"{cable_id}: could not be read again from the archive", 1)
    if args.text:
        out.print(Text(c.raw))
    elif args.json:
        out.file.write(json.dumps(c.to_dict(), ensure_ascii=False, indent=1) + "\n")
    elif args.markdown:
        out.print(Text(render_markdown(c)))
    else:
        from tui.render import cable_text

        out.print(cable_text(c))
    if len(entries) > 1:
        err.print(Text(f"{len(entries)} copies of {cable_id} are in the archives; this is the first"))
    return 0


def render_markdown(c: Cable) -> str:
    lines = [f"# {c.id or ''}: {c.subject or ''}", ""]
    for label, value in (("Date", c.date), ("Origin", c.origin), ("Classification", c.classification),
                         ("Tags", " ".join(c.tags))):
        lines.append(f"- **{label}**: {value or ''}")
    section = None
    for p in c.paragraphs:
        if p.section and p.section != section:
            section = p.section
            lines += ["", f"## {section}"]
        mark = f"({p.marking}) " if p.marking else ""
        num = f"¶{p.number}. " if p.number is not None else ""
        lines += ["", f"{num}{mark}{p.text}"]
    if c.signature:
        lines += ["", c.signature]
    return "\n".join(lines)


def cmd_explain(args: argparse.Namespace) -> int:
    from parser.glossary import explain, near_note

    status = 0
    for code in args.codes:
        found = explain(code)
        if not found:
            out.print(Text(f"{code}: unknown code{near_note(code)}"))
            status = 1
        for kind, meaning in found:
            t = Text()
            t.append(code, style="bold")
            t.append(f"  {kind}: ", style="dim")
            t.append(meaning)
            out.print(t)
    return status


def cmd_read(args: argparse.Namespace) -> int:
    paths = args.archives or [str(SAMPLES)]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        return _fail(f"{missing[0]}: no such file or folder")
    from tui.app import CableReader

    app = CableReader([Path(p) for p in paths], _index_dir(args))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
