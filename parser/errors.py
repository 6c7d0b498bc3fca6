"""The parser's exceptions: the one a parse raises, and those of the index and its build (here, so
that a command can name them without importing the index or the build)."""


class ParseError(ValueError):
    """Raised when input cannot be read as cables at all (not for a doubtful field).

    ``name`` and ``line`` say where, so a command line can print ``file:line: message``.
    """

    def __init__(self, message: str, *, name: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.name = name
        self.line = line
        where = name or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")


class IndexFolderError(Exception):
    """The index folder is not ours alone: another user owns it, or every user may write to it."""


class WorkerError(RuntimeError):
    """A feeder or parse process failed or disappeared; the build stops (what it committed stays)."""
