#!/usr/bin/env python3
"""Draws the app icons (public/icon-*.png) from the favicon's design: three white bars, a queue, on
the brand teal. Pure Python (zlib), so it needs nothing installed; run it again after changing the
design: python3 scripts/make-icons.py"""
import struct
import zlib
from pathlib import Path

TEAL = (0x0B, 0x5D, 0x57)
WHITE = (0xFF, 0xFF, 0xFF)
# The favicon's 64-unit design: bars as (x, top, width), all ending at y = 44.
BARS = [(18, 22, 8), (28, 16, 8), (38, 28, 8)]
BOTTOM = 44


def png(size, pixel):
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(size)) for y in range(size)
    )
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def icon(size, maskable):
    # A maskable icon fills the square and keeps the design inside the central 80 % safe zone.
    scale = size / 64 * (0.8 if maskable else 1.0)
    offset = size * 0.1 if maskable else 0.0
    radius = 0 if maskable else 14 * size / 64

    def inside_rounded(x, y):
        cx = min(max(x, radius), size - 1 - radius)
        cy = min(max(y, radius), size - 1 - radius)
        return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2

    def pixel(x, y):
        if not inside_rounded(x + 0.5, y + 0.5):
            return (0, 0, 0, 0)
        u, v = (x + 0.5 - offset) / scale, (y + 0.5 - offset) / scale
        for left, top, width in BARS:
            if left <= u < left + width and top <= v < BOTTOM:
                return (*WHITE, 255)
        return (*TEAL, 255)

    return png(size, pixel)


public = Path(__file__).resolve().parent.parent / "public"
for name, size, maskable in [("icon-192.png", 192, False), ("icon-512.png", 512, False), ("icon-maskable-512.png", 512, True)]:
    (public / name).write_bytes(icon(size, maskable))
    print(f"wrote public/{name}")
