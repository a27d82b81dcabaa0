"""Charts for the Word reports: PNG images drawn by matplotlib (Agg), labelled in Chinese.

Chinese labels need a font with Chinese glyphs. The font is found on the system, never shipped:
first among the fonts matplotlib knows (its font manager), then among those fontconfig lists for
``:lang=zh`` (a font installed after matplotlib built its cache). A candidate counts only if it
has a glyph for every character of a probe text. Without one, `NoCjkFont` says so in Chinese
and nothing is drawn: a chart of empty boxes (tofu) is never produced. A label with a character
the font lacks stops the drawing with the same error rather than showing a box.

The functions take plain numbers and labels and compute nothing but the layout.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import matplotlib
from matplotlib import font_manager, ft2font
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# families tried first, in this order (simplified-Chinese faces before other CJK faces)
PREFERRED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
PROBE = "质量强县（市、区）得分率中位数梯队年度—0123456789.%−"
INSTALL_HINT = (
    "Debian/Ubuntu：sudo apt-get install fonts-noto-cjk（或运行 scripts/install-fonts.sh）"
)

CM = 1 / 2.54  # inches per centimetre
DPI = 200
COUNTY_COLOUR = "#9b1c1c"
MEDIAN_COLOUR = "#4b5563"
TIER_COLOUR = "#9ca3af"
RANGE_COLOUR = "#f3d5d5"

# matplotlib's settings are process-global: one drawing at a time
_lock = threading.Lock()


class NoCjkFont(Exception):
    """No font with Chinese glyphs is installed, or a label has a character it lacks."""

    def __init__(self, detail: str = "") -> None:
        message = (
            "无法生成报告中的图表：系统中没有可用的中文字体（如 Noto Sans CJK、文泉驿正黑）。"
            f"请管理员安装中文字体后重试（{INSTALL_HINT}）。"
        )
        super().__init__(f"{message}{detail}")


@dataclass(frozen=True)
class CjkFont:
    name: str  # the family name matplotlib knows it by
    path: str


@dataclass(frozen=True)
class Series:
    """A named row of values (None: no value for that category)."""

    name: str
    values: Sequence[float | None]
    colour: str = COUNTY_COLOUR
    style: str = "-"  # line style of a line chart


def find_cjk_font() -> CjkFont | None:
    """Return an installed font with glyphs for Chinese text, or None when there is none."""
    found = _known_cjk_font()
    if found is not None:
        return found
    added = False
    for path in _fontconfig_zh_files():
        try:
            font_manager.fontManager.addfont(path)
            added = True
        except (OSError, RuntimeError, ValueError):
            continue
    return _known_cjk_font() if added else None


def _known_cjk_font() -> CjkFont | None:
    entries = list(font_manager.fontManager.ttflist)

    def rank(e: font_manager.FontEntry) -> tuple[int, int, int]:
        preferred = PREFERRED.index(e.name) if e.name in PREFERRED else len(PREFERRED)
        cjk_named = 0 if "CJK" in e.name or "Han" in e.name else 1
        regular = 0 if e.weight in (400, "normal", "regular") and e.style == "normal" else 1
        return (preferred, cjk_named, regular)

    for entry in sorted(entries, key=rank):
        # matplotlib ships "Last Resort", whose every glyph is a placeholder box: it "covers"
        # Chinese without drawing it
        if entry.name.startswith("Last Resort"):
            continue
        if _covers(entry, PROBE):
            return CjkFont(entry.name, entry.fname)
    return None


def _covers(entry: font_manager.FontEntry, text: str) -> bool:
    """Whether the font file's face has a glyph for every character of the text."""
    try:
        face = ft2font.FT2Font(entry.fname, face_index=int(getattr(entry, "index", 0)))
    except (OSError, RuntimeError, ValueError):
        return False
    return all(face.get_char_index(ord(ch)) != 0 for ch in text)


def _fontconfig_zh_files() -> list[str]:
    """Return the files of the fonts fontconfig lists for Chinese (none without fc-list)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        run = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    files = [line.split(":")[0].strip() for line in run.stdout.splitlines() if line.strip()]
    return sorted({f for f in files if f})


# --------------------------------------------------------------------------- drawing


def line_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    ylabel: str,
    ymax: float | None = None,
    band: tuple[Sequence[float], Sequence[float]] | None = None,
    band_label: str = "",
    height_cm: float = 7.5,
) -> bytes:
    """Return a line chart over the categories (e.g. years) as PNG bytes.

    `band` shades a range around the first series (the floor–ceiling of a self-assessment).
    """
    texts = [*categories, *(s.name for s in series), ylabel, band_label]

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        xs = list(range(len(categories)))
        if band is not None:
            low, high = band
            ax.fill_between(xs, low, high, color=RANGE_COLOUR, label=band_label or None)
        for s in series:
            points = [(x, v) for x, v in zip(xs, s.values, strict=True) if v is not None]
            if not points:
                continue
            ax.plot(
                [x for x, _ in points],
                [v for _, v in points],
                s.style,
                color=s.colour,
                marker="o",
                label=s.name,
                linewidth=2 if s.colour == COUNTY_COLOUR else 1.4,
            )
            if s.colour == COUNTY_COLOUR:
                for x, v in points:
                    ax.annotate(
                        f"{v:.2f}",
                        (x, v),
                        textcoords="offset points",
                        xytext=(0, 7),
                        ha="center",
                        fontsize=8,
                        color=s.colour,
                    )
        ax.set_xticks(xs, list(categories))
        ax.set_xlim(-0.5, len(categories) - 0.5)
        if ymax is not None:
            ax.set_ylim(0, ymax)
        ax.set_ylabel(ylabel)
        ax.grid(axis="y", color="#e5e7eb")
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        _tidy(ax)

    return _render(draw, texts, height_cm)


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    xlabel: str,
    xmax: float | None = None,
    height_cm: float | None = None,
) -> bytes:
    """Return horizontal grouped bars (one group per category, top to bottom) as PNG bytes."""
    texts = [*categories, *(s.name for s in series), xlabel]
    n = max(1, len(series))
    height = height_cm or max(5.0, 1.4 + len(categories) * (0.3 + 0.16 * n))

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        step = 0.8 / n
        for k, s in enumerate(series):
            ys = [i - 0.4 + step * (k + 0.5) for i in range(len(categories))]
            values = [0.0 if v is None else v for v in s.values]
            bars = ax.barh(ys, values, height=step * 0.9, color=s.colour, label=s.name)
            if k == 0:
                ax.bar_label(bars, fmt="%.1f", fontsize=7, padding=2)
        ax.set_yticks(range(len(categories)), list(categories))
        ax.invert_yaxis()
        if xmax is not None:
            ax.set_xlim(0, xmax)
        ax.set_xlabel(xlabel)
        ax.grid(axis="x", color="#e5e7eb")
        ax.set_axisbelow(True)
        if len(series) > 1:
            ax.legend(
                loc="lower center",
                bbox_to_anchor=(0.5, 1.0),
                ncol=len(series),
                fontsize=8,
                frameon=False,
            )
        _tidy(ax)

    return _render(draw, texts, height)


def _tidy(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)


def _render(
    draw: Callable[[Figure], None], texts: Sequence[str], height_cm: float, width_cm: float = 15.5
) -> bytes:
    """Draw on a new figure with the CJK font and return it as PNG bytes."""
    font = find_cjk_font()
    if font is None:
        raise NoCjkFont()
    missing = sorted({ch for t in texts for ch in t if ch.strip()} - _glyphs(font, texts))
    if missing:
        raise NoCjkFont(f"（字体“{font.name}”缺少字符：{''.join(missing[:10])}）")
    with (
        _lock,
        matplotlib.rc_context({"font.family": [font.name], "font.size": 9}),
        warnings.catch_warnings(),
    ):
        # a glyph missing despite the check above is an error, never a box in the picture
        warnings.filterwarnings("error", message=r"Glyph .* missing from", category=UserWarning)
        fig = Figure(
            figsize=(width_cm * CM, height_cm * CM),
            dpi=DPI,
            layout="constrained",
            facecolor="white",
        )
        canvas = FigureCanvasAgg(fig)
        try:
            draw(fig)
            out = io.BytesIO()
            # one draw, which lays the figure out first: savefig adds a layout pass with drawing
            # disabled before it (about 15 % of a chart's time) and gives the same pixels here
            cast(Any, canvas).print_png(out)  # matplotlib leaves print_png untyped
        except UserWarning as e:
            raise NoCjkFont(f"（{e}）") from None
    return out.getvalue()


def _glyphs(font: CjkFont, texts: Sequence[str]) -> set[str]:
    """Return the characters of the texts that the font has glyphs for."""
    entry = next(
        (
            e
            for e in font_manager.fontManager.ttflist
            if (e.name, e.fname) == (font.name, font.path)
        ),
        None,
    )
    index = int(getattr(entry, "index", 0)) if entry is not None else 0
    face = ft2font.FT2Font(font.path, face_index=index)
    chars = {ch for t in texts for ch in t}
    return {ch for ch in chars if face.get_char_index(ord(ch)) != 0}
