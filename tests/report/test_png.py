"""The Pillow renderer of ReportLab drawings: shapes land where ReportLab puts them (y up, points), in their
colours, dashes leave gaps, and rotated text is drawn turned."""

import io

from PIL import Image
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib.colors import HexColor

from briefing.report.fonts import REGULAR
from briefing.report.png import dashed, drawing_png

RED, BLUE = HexColor("#D55E00"), HexColor("#0072B2")


def render(drawing: Drawing, dpi: int = 72) -> Image.Image:
    return Image.open(io.BytesIO(drawing_png(drawing, dpi))).convert("RGB")


def test_shapes_are_placed_with_the_y_axis_up_in_their_colours():
    drawing = Drawing(100, 50)
    drawing.add(Rect(10, 5, 20, 10, fillColor=RED, strokeColor=None))      # near the bottom-left
    drawing.add(Circle(80, 40, 5, fillColor=BLUE, strokeColor=None))       # near the top-right
    image = render(drawing)
    assert image.size == (100, 50)
    assert image.getpixel((20, 40)) == (0xD5, 0x5E, 0x00)      # y = 10 points from the bottom -> row 40
    assert image.getpixel((80, 10)) == (0x00, 0x72, 0xB2)
    assert image.getpixel((50, 25)) == (255, 255, 255)


def test_scale_follows_dpi():
    drawing = Drawing(72, 36)
    drawing.add(Rect(0, 0, 36, 36, fillColor=RED, strokeColor=None))
    image = render(drawing, dpi=144)
    assert image.size == (144, 72)
    assert image.getpixel((60, 36)) == (0xD5, 0x5E, 0x00) and image.getpixel((90, 36)) == (255, 255, 255)


def test_dashes_leave_gaps():
    assert dashed([(0, 0), (10, 0)], [2, 3]) == [[(0, 0), (2.0, 0.0)], [(5.0, 0.0), (7.0, 0.0)]]
    drawing = Drawing(100, 10)
    drawing.add(Line(0, 5, 100, 5, strokeColor=BLUE, strokeWidth=2, strokeDashArray=[10, 10]))
    image = render(drawing)
    assert image.getpixel((5, 5)) != (255, 255, 255) and image.getpixel((15, 5)) == (255, 255, 255)


def test_text_is_drawn_and_rotated_text_stands_upright():
    flat, turned = Drawing(120, 120), Drawing(120, 120)
    flat.add(String(60, 60, "Kent 21,742", fontName=REGULAR, fontSize=14, textAnchor="middle"))
    holder = Group(String(0, 0, "Kent 21,742", fontName=REGULAR, fontSize=14, textAnchor="middle"))
    holder.transform = (0, 1, -1, 0, 60, 60)
    turned.add(holder)

    def inked(image):
        box = Image.eval(image.convert("L"), lambda v: 255 - v).getbbox()
        return box[2] - box[0], box[3] - box[1]

    width, height = inked(render(flat))
    assert width > 3 * height                       # a line of text is wide
    width, height = inked(render(turned))
    assert height > 3 * width                       # turned a quarter: tall
