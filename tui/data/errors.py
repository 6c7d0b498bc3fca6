"""The one error of a state file that is not what the reader writes."""


class WrongShape(ValueError):
    """A state file that is not what the reader writes."""
