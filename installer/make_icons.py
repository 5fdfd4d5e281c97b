"""Draw escadesk's icon with Qt and write it as PNG, Windows .ico and macOS .icns.

    python3 run.py python installer/make_icons.py OUT_FOLDER

The icon is drawn, not stored: a teal tile (the desk's accent colour) with three rising
bars, the benchmark, and a gold dot above the tallest, the quorum reached. Drawn at each
size from vectors, so small sizes stay crisp. The .ico and .icns containers are written
here (PNG-compressed entries, as Windows Vista+ and macOS 10.7+ read them): no Pillow.
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPainterPath

ACCENT = "#0b6e79"  # escadesk.ui.style.ACCENT
ACCENT_DARK = "#084f57"
GOLD = "#f2b632"

ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
#: .icns entry types by pixel size (ic11..ic14 are the @2x variants of 16..512).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def draw(size: int) -> QImage:
    """The icon at ``size`` x ``size`` pixels, transparent around the tile."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scale = size / 1024
    painter.scale(scale, scale)
    # The tile: macOS's icon grid leaves a margin around an 824-unit rounded square.
    margin = 100 if size >= 64 else 40
    tile = QRectF(margin, margin, 1024 - 2 * margin, 1024 - 2 * margin)
    gradient = QLinearGradient(tile.topLeft(), tile.bottomRight())
    gradient.setColorAt(0.0, QColor(ACCENT))
    gradient.setColorAt(1.0, QColor(ACCENT_DARK))
    path = QPainterPath()
    path.addRoundedRect(tile, tile.width() * 0.22, tile.width() * 0.22)
    painter.fillPath(path, gradient)
    # Three rising bars on a base line.
    inner = tile.adjusted(tile.width() * 0.2, tile.height() * 0.2, -tile.width() * 0.2, 0)
    base = tile.bottom() - tile.height() * 0.2
    gap = inner.width() * 0.1
    width = (inner.width() - 2 * gap) / 3
    heights = (0.38, 0.58, 0.8)
    radius = width * 0.18
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffffff"))
    tallest = QRectF()
    for index, fraction in enumerate(heights):
        height = (base - inner.top()) * fraction
        bar = QRectF(inner.left() + index * (width + gap), base - height, width, height)
        painter.drawRoundedRect(bar, radius, radius)
        tallest = bar
    # The quorum: a gold dot above the tallest bar.
    dot = width * 0.36
    painter.setBrush(QColor(GOLD))
    painter.drawEllipse(QPointF(tallest.center().x(), tallest.top() - dot * 1.6), dot, dot)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode the icon as PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(sizes: tuple[int, ...] = ICO_SIZES) -> bytes:
    """A Windows icon: ICONDIR, one ICONDIRENTRY per size, then the PNG images."""
    images = [png_bytes(draw(size)) for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, payload = b"", b""
    for size, image in zip(sizes, images, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
        payload += image
    return header + entries + payload


def icns_bytes() -> bytes:
    """A macOS icon family: 'icns', total length, then (type, length, PNG) entries."""
    body = b""
    for kind, size in ICNS_TYPES:
        image = png_bytes(draw(size))
        body += kind + struct.pack(">I", 8 + len(image)) + image
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(folder: Path) -> dict[str, Path]:
    """escadesk.png (1024 px), escadesk.ico and escadesk.icns in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "png": folder / "escadesk.png",
        "ico": folder / "escadesk.ico",
        "icns": folder / "escadesk.icns",
    }
    paths["png"].write_bytes(png_bytes(draw(1024)))
    paths["ico"].write_bytes(ico_bytes())
    paths["icns"].write_bytes(icns_bytes())
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for escadesk.png, .ico and .icns")
    options = parser.parse_args(argv)
    for path in write_icons(options.out).values():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
