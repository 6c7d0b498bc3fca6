"""Changing a tar header's size field in a test, with the checksum made to match, so a reader takes
the size as written (a wrong checksum alone would end the walk first)."""

from __future__ import annotations


def set_size(raw: bytearray, header: int, field: bytes) -> None:
    """Write the 12 bytes of the size field of the header at ``header``, then its checksum."""
    assert len(field) == 12
    raw[header + 124:header + 136] = field
    raw[header + 148:header + 156] = b" " * 8
    raw[header + 148:header + 156] = b"%06o\0 " % sum(raw[header:header + 512])
