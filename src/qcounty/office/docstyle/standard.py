"""The page and type GB/T 9704 asks for: fonts, sizes, the A4 page, its margins, check boxes."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

TITLE_FONT = "方正小标宋简体"


BODY_FONT = "仿宋_GB2312"


HEADING_FONT = "黑体"


PAGE_NUMBER_FONT = "宋体"


LATIN_FONT = "Times New Roman"


# named font → (the alternative Word substitutes, its family); see the module docstring
FALLBACKS: dict[str, tuple[str, str]] = {
    TITLE_FONT: ("黑体", "modern"),
    BODY_FONT: ("仿宋", "modern"),
    "仿宋": ("FangSong", "modern"),
    HEADING_FONT: ("SimHei", "modern"),
    PAGE_NUMBER_FONT: ("SimSun", "auto"),
}


TITLE_SIZE = 22.0  # 二号


BODY_SIZE = 16.0  # 三号


TABLE_SIZE = 10.5  # 五号


PAGE_NUMBER_SIZE = 14.0  # 四号


BODY_PITCH = 29.0  # exact line pitch: 22 lines on the 225 mm text height


A4_WIDTH, A4_HEIGHT = Cm(21.0), Cm(29.7)


MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}


BOX_YES, BOX_NO = "☑", "□"


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
