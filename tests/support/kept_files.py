"""Ways a kept file (the compiled rules, the outlook) can be broken: each must be a miss, never an error."""

from __future__ import annotations

import pytest

broken_kept_files = pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:40] + b"\x00garbage" * 50,
        lambda data: b"not a cache at all\n",
        lambda data: data.split(b"\n", 1)[0] + b"\n" + bytes([0xE9]) * 10,  # right header, bad marshal
    ],
    ids=["empty", "truncated", "corrupt", "foreign", "bad-marshal"],
)
