"""The one exception the parser raises."""


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
