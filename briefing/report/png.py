"""ReportLab drawings as PNG images, drawn with Pillow: the Word companion embeds the very ``Drawing`` the PDF
prints (``charts.chart_drawing``), so the two cannot differ. ReportLab's own bitmap renderer (renderPM) needs
the rlPyCairo/pycairo back end, which the app does not ship; this renderer walks the same shape tree with
ReportLab's ``Renderer`` (state, inheritance and transforms as ReportLab defines them) and draws each shape with
Pillow and the bundled Noto Sans fonts. It handles the shapes the charts use: lines, polylines, polygons,
rectangles, circles and strings (rotated included).
"""

from __future__ import annotations

import io
import math
from functools import cache
from types import SimpleNamespace

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.renderbase import Renderer, getStateDelta
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.transform import transformPoint

from briefing.report.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, printable
from briefing.resources import font_path

FONT_STYLES = {REGULAR: "regular", BOLD: "bold", ITALIC: "italic", BOLD_ITALIC: "bold_italic"}
SUPERSAMPLE = 2   # drawn at twice the size, then reduced: smooth edges without an anti-aliasing back end


@cache
def font(name: str, pixels: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(FONT_STYLES.get(name, "regular"))), pixels)


def rgba(colour, opacity: float | None = None) -> tuple[int, int, int, int] | None:
    """A ReportLab colour as Pillow's RGBA; None (no paint) stays None."""
    if colour is None:
        return None
    alpha = getattr(colour, "alpha", 1.0) if opacity is None else opacity
    return (round(colour.red * 255), round(colour.green * 255), round(colour.blue * 255), round(alpha * 255))


def dashed(points: list[tuple[float, float]], pattern: list[float]) -> list[list[tuple[float, float]]]:
    """The 'on' pieces of a polyline stroked with ``pattern`` (lengths in the same units as ``points``)."""
    pieces: list[list[tuple[float, float]]] = []
    index, left, on = 0, pattern[0], True
    current: list[tuple[float, float]] = [points[0]]
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        length = math.hypot(x2 - x1, y2 - y1)
        done = 0.0
        while length - done > left:
            done += left
            point = (x1 + (x2 - x1) * done / length, y1 + (y2 - y1) * done / length)
            if on:
                pieces.append([*current, point])
            current = [point]
            on = not on
            index = (index + 1) % len(pattern)
            left = pattern[index]
        left -= length - done
        current.append((x2, y2))
    if on and len(current) > 1:
        pieces.append(current)
    return pieces


class PillowRenderer(Renderer):
    """Draws a ``Drawing`` onto a Pillow image, ``scale`` pixels per point, y axis flipped."""

    def __init__(self, image: Image.Image, scale: float, height: float) -> None:
        self.image = image
        self.pen = ImageDraw.Draw(image)
        self.scale = scale
        self.height = height

    def applyStateChanges(self, delta, newState) -> None:  # noqa: N802, N803
        """State is read per shape from the tracker, so there is nothing to apply."""

    def drawNode(self, node) -> None:  # noqa: N802
        self._tracker.push(getStateDelta(node))
        self.drawNodeDispatcher(node)
        self._tracker.pop()

    # helpers
    def state(self, key: str):
        return self._tracker.getState()[key]

    def device(self, x: float, y: float) -> tuple[float, float]:
        dx, dy = transformPoint(self._tracker.getCTM(), (x, y))
        return dx * self.scale, (self.height - dy) * self.scale

    def ctm_scale(self) -> float:
        a, b, c, d = self._tracker.getCTM()[:4]
        return math.sqrt(abs(a * d - b * c)) * self.scale

    def stroke(self, points: list[tuple[float, float]], closed: bool = False) -> None:
        colour = rgba(self.state("strokeColor"), self.state("strokeOpacity"))
        width = self.state("strokeWidth") or 0
        if colour is None or width <= 0 or len(points) < 2:
            return
        if closed:
            points = [*points, points[0]]
        pixels = width * self.ctm_scale()
        pattern = self.state("strokeDashArray")
        if pattern and isinstance(pattern[-1], (list, tuple)):   # (phase, pattern): the charts use phase 0
            pattern = pattern[-1]
        pieces = dashed(points, [p * self.ctm_scale() for p in pattern]) if pattern else [points]
        for piece in pieces:
            self.pen.line(piece, fill=colour, width=max(1, round(pixels)), joint="curve")
            if self.state("strokeLineCap") == 1:     # round caps, as the PDF draws series lines
                for x, y in (piece[0], piece[-1]):
                    r = pixels / 2
                    self.pen.ellipse((x - r, y - r, x + r, y + r), fill=colour)

    def fill(self, points: list[tuple[float, float]]) -> None:
        colour = rgba(self.state("fillColor"), self.state("fillOpacity"))
        if colour is not None and len(points) > 2:
            self.pen.polygon(points, fill=colour)

    # shapes
    def drawLine(self, line) -> None:  # noqa: N802
        self.stroke([self.device(line.x1, line.y1), self.device(line.x2, line.y2)])

    def drawPolyLine(self, polyline) -> None:  # noqa: N802
        p = polyline.points
        self.stroke([self.device(p[i], p[i + 1]) for i in range(0, len(p), 2)])

    def drawPolygon(self, polygon) -> None:  # noqa: N802
        p = polygon.points
        points = [self.device(p[i], p[i + 1]) for i in range(0, len(p), 2)]
        self.fill(points)
        self.stroke(points, closed=True)

    def drawRect(self, rect) -> None:  # noqa: N802
        x, y, w, h = rect.x, rect.y, rect.width, rect.height
        points = [self.device(x, y), self.device(x + w, y), self.device(x + w, y + h), self.device(x, y + h)]
        self.fill(points)
        self.stroke(points, closed=True)

    def drawCircle(self, circle) -> None:  # noqa: N802
        x, y = self.device(circle.cx, circle.cy)
        r = circle.r * self.ctm_scale()
        width = (self.state("strokeWidth") or 0) * self.ctm_scale()
        outline = rgba(self.state("strokeColor"), self.state("strokeOpacity")) if width > 0 else None
        self.pen.ellipse((x - r, y - r, x + r, y + r), fill=rgba(self.state("fillColor"), self.state("fillOpacity")),
                         outline=outline, width=max(1, round(width)) if outline else 0)

    def drawString(self, string) -> None:  # noqa: N802
        colour = rgba(self.state("fillColor"), self.state("fillOpacity"))
        if colour is None or not string.text:
            return
        text = printable(string.text)
        face = font(self.state("fontName"), max(1, round(self.state("fontSize") * self.ctm_scale())))
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}.get(self.state("textAnchor"), "ls")
        x, y = self.device(string.x, string.y)
        a, b = self._tracker.getCTM()[:2]
        angle = math.degrees(math.atan2(b, a))
        if abs(angle) < 0.01:
            self.pen.text((x, y), text, font=face, fill=colour, anchor=anchor)
            return
        # rotated text: drawn about the centre of a square layer, turned, then laid over the image
        side = 2 * round(face.getlength(text) + face.size) + 2
        layer = Image.new("RGBA", (side, side), (0, 0, 0, 0))
        ImageDraw.Draw(layer).text((side / 2, side / 2), text, font=face, fill=colour, anchor=anchor)
        layer = layer.rotate(angle, resample=Image.Resampling.BICUBIC)
        self.image.paste(layer, (round(x - side / 2), round(y - side / 2)), layer)


def drawing_png(drawing: Drawing, dpi: int = 200) -> bytes:
    """``drawing`` as PNG bytes at ``dpi`` (a point is 1/72 inch), on white, with its physical size recorded."""
    scale = dpi / 72
    size = (max(1, round(drawing.width * scale)), max(1, round(drawing.height * scale)))
    big = Image.new("RGB", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), "white")
    # Renderer.draw only asks its canvas to save and restore state: each shape here reads the tracker instead
    canvas = SimpleNamespace(saveState=lambda: None, restoreState=lambda: None)
    PillowRenderer(big, scale * SUPERSAMPLE, drawing.height).draw(drawing, canvas)
    image = big.reduce(SUPERSAMPLE)   # each pixel the average of its block: the anti-aliasing
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()
