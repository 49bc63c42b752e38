#!/usr/bin/env python3
"""Draws Showup's app icons (static/icons/*.png) from the same shapes as static/icons/icon.svg:
a calendar page with a check mark. Standard library only; run it again after changing a shape.

    python3 frontend/make-icons.py
"""
import math
import struct
import zlib
from pathlib import Path

NAVY, WHITE, BAND, GREEN = (0x12, 0x35, 0x5B), (0xFF, 0xFF, 0xFF), (0xDC, 0xE6, 0xF2), (0x2E, 0x85, 0x40)

# Shapes on a 512 × 512 canvas, painted in order: (kind, colour, geometry).
SHAPES = [
    ("rrect", WHITE, (112, 128, 400, 400, 28)),
    ("rrect", BAND, (112, 128, 400, 192, 28)),
    ("rrect", BAND, (112, 164, 400, 192, 0)),
    ("rrect", BAND, (168, 96, 196, 160, 14)),
    ("rrect", BAND, (316, 96, 344, 160, 14)),
    ("line", GREEN, ([(176, 300), (236, 356), (340, 236)], 20)),
]


def inside_rrect(x, y, g):
    x0, y0, x1, y1, r = g
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def inside_line(x, y, g):
    points, half = g
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        if math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= half:
            return True
    return False


def colour_at(x, y, background, rounded):
    """The colour of one sample; `None` outside a rounded icon's corners (transparent)."""
    if rounded and not inside_rrect(x, y, (0, 0, 512, 512, 96)):
        return None
    colour = background
    for kind, fill, g in SHAPES:
        if (inside_rrect if kind == "rrect" else inside_line)(x, y, g):
            colour = fill
    return colour


def render(size, rounded, scale=1.0):
    """RGBA rows; `scale` < 1 shrinks the drawing into the middle (maskable safe zone)."""
    n = 4  # samples per axis
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            r = g = b = a = 0
            for sy in range(n):
                for sx in range(n):
                    x = ((px + (sx + 0.5) / n) / size * 512 - 256) / scale + 256
                    y = ((py + (sy + 0.5) / n) / size * 512 - 256) / scale + 256
                    c = colour_at(x, y, NAVY, rounded)
                    if c is not None:
                        r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
            k = n * n
            row += bytes((r // a, g // a, b // a, 255 * a // k) if a else (0, 0, 0, 0))
        rows.append(bytes(row))
    return rows


def png(rows, size):
    raw = b"".join(b"\x00" + row for row in rows)

    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    out = Path(__file__).resolve().parent / "static" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    for name, size, rounded, scale in [
        ("icon-192.png", 192, True, 1.0),
        ("icon-512.png", 512, True, 1.0),
        # Maskable: full bleed, the drawing inside the central 80% the launcher may keep.
        ("icon-maskable-512.png", 512, False, 0.8),
        ("apple-touch-icon.png", 180, False, 0.9),
    ]:
        (out / name).write_bytes(png(render(size, rounded, scale), size))
        print(out / name)


if __name__ == "__main__":
    main()
