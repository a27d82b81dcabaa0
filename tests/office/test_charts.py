"""The report's charts: a CJK font found on the system, PNG pictures, never boxes for glyphs."""

from __future__ import annotations

import inspect
import io

import pytest
from matplotlib import font_manager, ft2font
from PIL import Image

from qcounty.office import charts

YEARS = ["2022年", "2023年"]


def series() -> list[charts.Series]:
    return [
        charts.Series("文登区", [56.37, 73.84]),
        charts.Series("参照县中位数", [67.42, 66.65], charts.MEDIAN_COLOUR, "--"),
    ]


def test_the_font_found_has_a_glyph_for_every_character_of_chinese_labels() -> None:
    font = charts.find_cjk_font()
    assert font is not None, "install a CJK font: scripts/install-fonts.sh (fonts-noto-cjk)"
    entry = next(e for e in font_manager.fontManager.ttflist if e.name == font.name)
    face = ft2font.FT2Font(entry.fname, face_index=entry.index)
    assert all(face.get_char_index(ord(ch)) for ch in "质量发展状况分析报告梯队中位数")


def test_a_simplified_chinese_face_is_preferred_when_there_is_one() -> None:
    font = charts.find_cjk_font()
    assert font is not None
    names = {e.name for e in font_manager.fontManager.ttflist}
    # make test installs Debian's fonts-noto-cjk (scripts/install-fonts.sh): its SC face must win
    # over the JP/KR/TC faces of the same collection, whose glyph shapes differ
    assert "Noto Sans CJK SC" in names, "install fonts-noto-cjk: scripts/install-fonts.sh"
    assert font.name == "Noto Sans CJK SC"


def test_a_chart_is_a_png_as_wide_as_the_text_of_an_a4_page() -> None:
    png = charts.line_chart(YEARS, series(), ylabel="得分（分）", ymax=100)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    # 15.5 cm at 200 dpi: 15.5 / 2.54 × 200 = 1220 pixels
    assert image.size[0] == pytest.approx(1220, abs=2)
    bars = charts.bar_chart(["质量理念", "质量文化"], series(), xlabel="得分率（%）", xmax=100)
    assert Image.open(io.BytesIO(bars)).size[0] == pytest.approx(1220, abs=2)


def test_without_a_cjk_font_nothing_is_drawn_and_the_message_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    with pytest.raises(charts.NoCjkFont) as refused:
        charts.line_chart(YEARS, series(), ylabel="得分（分）")
    message = str(refused.value)
    assert message.startswith("无法生成报告中的图表：系统中没有可用的中文字体")
    assert "fonts-noto-cjk" in message


def test_a_label_the_font_has_no_glyph_for_is_refused_rather_than_drawn_as_a_box() -> None:
    with pytest.raises(charts.NoCjkFont, match="缺少字符"):
        charts.bar_chart(["质量理念 \U0001f600"], series()[:1], xlabel="得分率（%）")


def test_a_font_only_fontconfig_lists_is_found_and_added(monkeypatch: pytest.MonkeyPatch) -> None:
    """A font installed after matplotlib built its font cache is still found (fc-list)."""
    known = charts.find_cjk_font()
    assert known is not None
    without_cjk = [
        e for e in font_manager.fontManager.ttflist if not charts._covers(e, charts.PROBE)
    ]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", without_cjk)
    assert charts._known_cjk_font() is None  # matplotlib alone knows no CJK font now
    monkeypatch.setattr(charts, "_fontconfig_zh_files", lambda: [known.path])
    found = charts.find_cjk_font()
    assert found is not None and found.path == known.path


def test_matplotlibs_last_resort_font_of_placeholder_boxes_is_never_taken_for_chinese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # matplotlib 3.11 ships LastResortHE, which maps every character to a box; with no CJK font
    # installed it was found as "the" Chinese font and the charts showed boxes
    last_resort = [e for e in font_manager.fontManager.ttflist if e.name.startswith("Last Resort")]
    assert last_resort, "matplotlib ships its Last Resort font"
    monkeypatch.setattr(font_manager.fontManager, "ttflist", last_resort)
    monkeypatch.setattr(charts, "_fontconfig_zh_files", lambda: [])
    assert charts.find_cjk_font() is None


def test_a_chart_drawn_once_is_the_picture_savefig_drew(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12: one draw instead of savefig's layout pass and draw, the same PNG byte for byte."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    def draw_all() -> list[bytes]:
        names = [f"{n}、第{n}项二级指标" for n in range(1, 12)]
        county = charts.Series("文登区", [5.5 * n for n in range(11)])
        median = charts.Series("参照县中位数", [50.0] * 10 + [None], charts.MEDIAN_COLOUR)
        return [
            charts.line_chart(
                YEARS,
                series(),
                ylabel="得分（分）",
                ymax=100,
                band=([50, 60], [70, 80]),
                band_label="保底—上限",
            ),
            charts.bar_chart(names, [county], xlabel="得分率（%）", xmax=100),
            charts.bar_chart(names, [county, median], xlabel="得分（分）"),
        ]

    new = draw_all()
    original = FigureCanvasAgg.print_png

    def through_savefig(self: FigureCanvasAgg, out: object, *args: object, **kw: object) -> None:
        if args or kw:  # savefig's own call, after its layout pass (with what it accepts)
            accepted = inspect.signature(original).parameters
            return original(self, out, *args, **{k: v for k, v in kw.items() if k in accepted})
        self.figure.savefig(out, format="png", dpi=charts.DPI, facecolor="white")  # the old path
        return None

    monkeypatch.setattr(FigureCanvasAgg, "print_png", through_savefig)
    assert draw_all() == new
