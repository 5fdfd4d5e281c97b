"""The demo institute's logo, drawn here as a PNG: three rising bars on a navy tile.

Drawn rather than shipped as a file so the demo needs no binary in the repository and no
image library: a 128-pixel RGBA picture, its rounded corners smoothed by their exact
coverage, encoded with zlib. Fictional, like the rest of the demo.
"""

from __future__ import annotations

import math
import struct
import zlib
from functools import lru_cache

SIZE = 128
RADIUS = 26
NAVY = (31, 58, 95)
#: (left, right, top) of each bar; all stand on the base line.
BARS = ((28, 46, 72), (55, 73, 54), (82, 100, 34))
BAR_COLOURS = ((156, 195, 230), (207, 227, 245), (242, 177, 52))
BASE_TOP, BASE_BOTTOM, BASE_LEFT, BASE_RIGHT = 100, 104, 22, 106
WHITE = (255, 255, 255)


def _tile_alpha(x: int, y: int) -> float:
    """How much of pixel (x, y) the rounded tile covers (0 to 1)."""
    cx = min(max(x + 0.5, RADIUS), SIZE - RADIUS)
    cy = min(max(y + 0.5, RADIUS), SIZE - RADIUS)
    distance = math.hypot(x + 0.5 - cx, y + 0.5 - cy)
    return max(0.0, min(1.0, RADIUS - distance + 0.5))


def _colour(x: int, y: int) -> tuple[int, int, int]:
    if BASE_TOP <= y < BASE_BOTTOM and BASE_LEFT <= x < BASE_RIGHT:
        return WHITE
    for (left, right, top), colour in zip(BARS, BAR_COLOURS, strict=True):
        if left <= x < right and top <= y < BASE_TOP:
            return colour
    return NAVY


@lru_cache(maxsize=1)
def demo_logo_png() -> bytes:
    """The logo's PNG bytes (made once per process)."""
    rows = bytearray()
    for y in range(SIZE):
        rows.append(0)  # filter: none
        for x in range(SIZE):
            alpha = round(255 * _tile_alpha(x, y))
            rows.extend((*_colour(x, y), alpha))
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
