"""The one list of the words an FM line writes before a post's city (``parser.posts``)."""

from __future__ import annotations

import pytest

from parser.posts import readable_origin, short_origin, station_from_origin


@pytest.mark.parametrize("origin,station,short,readable", [
    ("AMEMBASSY ASTANA", "ASTANA", "ASTANA", "Embassy Astana"),
    ("AMCONSUL ALMATY", "ALMATY", "ALMATY", "Consulate Almaty"),
    ("USMISSION USNATO", "USNATO", "USNATO", "Mission Usnato"),
    ("AMCONGEN HONG KONG", "HONG KONG", "AMCONGEN HONG KONG", "AMCONGEN HONG KONG"),
    ("SECSTATE WASHDC", "STATE", "SECSTATE WASHDC", "SECSTATE WASHDC"),
    ("Embassy Astana", None, "Astana", "Embassy Astana"),  # the sites' spelling: no FM line
    (None, None, "", ""),
])
def test_a_post_read_three_ways(origin: str | None, station: str | None, short: str, readable: str) -> None:
    assert station_from_origin(origin) == station
    assert short_origin(origin) == short
    assert readable_origin(origin) == readable
