"""What the reader keeps for a person, one module a thing (``reads``: the cables opened, ``notes``:
what they wrote on them). Each holds its thing in memory, checks a file's shape and says what to
write; ``tui.state`` reads and writes the files (atomically, a wrong shape set aside)."""
