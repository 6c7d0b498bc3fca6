"""A teletype routing header of the Astana cables, for tests that put a body of their own under it."""

HEADER = """VZCZCXRO1234
PP RUEHAST
DE RUEHTA #1212/01 2051234
ZNY CCCCC ZZH
P 241234Z JUL 09
FM AMEMBASSY ASTANA
TO RUEHC/SECSTATE WASHDC PRIORITY 5800
"""
