"""Check an uploaded scheme file before anything is kept: bytes, YAML shape, then the core.

A file is refused with Chinese problems, each with its line (where the file has one) and the
indicator it lies in. The core's loader does the real checking (`parse_framework`, a safe
loader); this module stops what the core should never be asked to read (a binary file, text
that is not UTF-8, anchors and aliases that can expand a few lines into millions of nodes, a
nesting deeper than any scheme) and finds the line of each problem the core names by path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from qcounty.core.framework.loader import FrameworkError, parse_framework
from qcounty.core.framework.model import Framework

MAX_DEPTH = 40  # the Shandong scheme nests 14 deep
MAX_EVENTS = 400_000  # its 1,409 lines are about 20,000 YAML events
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused, worded for the user."""

    message: str
    line: int | None = None
    indicator: int | None = None
    path: str = ""


class Refused(ValueError):
    """The file cannot be a scheme; `problems` say why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass(frozen=True)
class Checked:
    framework: Framework
    text: str
    root: yaml.Node | None = None  # the composed file, to find the line of a later problem

    def problem(self, path: str, message: str) -> Problem:
        """Return a problem the library finds at this path, with its line."""
        return Problem(message, _line_of(self.root, path), path=path)


def check_upload(raw: bytes, file_name: str = "") -> Checked:
    """Return the scheme in these bytes, or raise Refused with the problems in Chinese."""
    text = _text(raw)
    root = _shape(text)
    try:
        framework = parse_framework(text, file_name or "<upload>")
    except FrameworkError as e:
        raise Refused([_problem(path, message, root) for path, message in e.problems]) from None
    return Checked(framework, text, root)


def _text(raw: bytes) -> str:
    most = int(settings.SCHEME_MAX_BYTES)
    if len(raw) > most:
        raise Refused(
            [
                Problem(
                    _("文件过大：{size}，评价体系文件的上限为 {most}").format(
                        size=filesizeformat(len(raw)), most=filesizeformat(most)
                    )
                )
            ]
        )
    if not raw.strip():
        raise Refused([Problem(_("文件是空的"))])
    if b"\x00" in raw:
        raise Refused(
            [Problem(_("这不是文本文件（含二进制内容）：请上传 YAML 格式的评价体系文件"))]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise Refused(
            [
                Problem(
                    _("文件不是 UTF-8 编码（可能是 GBK）：请在编辑器中另存为 UTF-8 后再上传"),
                    line=line,
                )
            ]
        ) from None


def _shape(text: str) -> yaml.Node | None:
    """Refuse anchors, aliases, tags and deep nesting; return the composed node tree."""
    depth = 0
    try:
        for n, event in enumerate(yaml.parse(text, Loader=_Parser)):
            if n > MAX_EVENTS:
                raise Refused([Problem(_("文件内容过多，不像评价体系文件"))])
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise Refused(
                    [
                        Problem(
                            _("评价体系文件不能使用 YAML 锚点和别名（& 和 *）：请把内容直接写出"),
                            line=line,
                        )
                    ]
                )
            if getattr(event, "tag", None) is not None:  # only a tag written in the file sets it
                raise Refused([Problem(_("评价体系文件不能使用 YAML 标签（以 ! 开头）"), line)])
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise Refused([Problem(_("文件嵌套过深，不像评价体系文件"), line=line)])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.compose(text, Loader=_Parser)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        raise Refused(
            [
                Problem(
                    _("不是有效的 YAML：{problem}").format(problem=problem),
                    line=mark.line + 1 if mark else None,
                )
            ]
        ) from None


_LINE = re.compile(r"^line (\d+), column \d+$")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_INDICATOR = re.compile(r"^(.*?) \(indicator (\d+)\)$")


def _problem(path: str, message: str, root: yaml.Node | None) -> Problem:
    """Return the core's (path, message) as a Problem with its line and indicator."""
    if m := _LINE.match(path):
        return Problem(_translate(message), line=int(m.group(1)))
    indicator = None
    if m := _INDICATOR.match(path):
        path, indicator = m.group(1), int(m.group(2))
    return Problem(_translate(message), _line_of(root, path), indicator, path)


def _line_of(root: yaml.Node | None, path: str) -> int | None:
    """Return the line of the deepest node on the path that the file has."""
    node, line = root, None
    for key, index in _STEP.findall(path):
        if isinstance(node, yaml.MappingNode) and key:
            found = [(k, v) for k, v in node.value if getattr(k, "value", None) == key]
            if not found:
                break
            line = found[0][0].start_mark.line + 1
            node = found[0][1]
        elif isinstance(node, yaml.SequenceNode) and index:
            i = int(index)
            if i >= len(node.value):
                break
            node = node.value[i]
            line = node.start_mark.line + 1
        else:
            break
    return line


# the core's messages (English, as its command line prints them) in the words users read here;
# a message not listed is shown as the core words it, after a Chinese lead
_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Field required$"), N_("缺少必填项")),
    (
        re.compile(r"^Extra inputs are not permitted$"),
        N_("格式中没有这一项（拼写有误，或不应写在这里）"),
    ),
    (re.compile(r"^not valid YAML: (?P<x>.*)$"), N_("不是有效的 YAML：{x}")),
    (re.compile(r"^key '(?P<x>.*)' is given twice$"), N_("“{x}”在同一层重复出现")),
    (
        re.compile(r"^the file must hold a mapping at its top level$"),
        N_("文件顶层应是“键: 值”的映射（schema、id、name……）"),
    ),
    (re.compile(r"^Input should be a valid (number|integer).*$"), N_("应为数字")),
    (re.compile(r"^Input should be a valid string.*$"), N_("应为文字")),
    (re.compile(r"^Input should be a valid list.*$"), N_("应为列表（每项以“- ”开头）")),
    (re.compile(r"^Input should be a valid dictionary.*$"), N_("应为“键: 值”的映射")),
    (re.compile(r"^Input should be a valid boolean.*$"), N_("应为 true 或 false")),
    (re.compile(r"^Input should be greater than (?P<x>\S+)$"), N_("应大于 {x}")),
    (re.compile(r"^Input should be greater than or equal to (?P<x>\S+)$"), N_("应不小于 {x}")),
    (re.compile(r"^Input should be (?P<x>'.*)$"), N_("取值只能是 {x}")),
    (re.compile(r"^String should match pattern '(?P<x>.*)'$"), N_("写法不符合要求（应匹配 {x}）")),
    (re.compile(r"^List should have at least (?P<x>\d+) items?.*$"), N_("至少应有 {x} 项")),
    (
        re.compile(r"^Input tag '(?P<x>.*)' found using 'kind' does not match.*$"),
        N_("不认识的规则类型“{x}”"),
    ),
    (re.compile(r"^'(?P<x>[^']*)' is declared twice$"), N_("“{x}”声明了两次")),
    (re.compile(r"^'(?P<x>[^']*)' is used by two groups$"), N_("“{x}”被两个封顶组使用")),
    (
        re.compile(r"^reads '(?P<x>[^']*)', which is not declared before it$"),
        N_("引用的“{x}”没有在此之前声明"),
    ),
    (re.compile(r"^unknown value '(?P<x>[^']*)'$"), N_("未声明的填报项“{x}”")),
    (
        re.compile(r"^unknown unit '(?P<x>[^']*)'.*$"),
        N_("未声明的责任单位“{x}”：请在 units 中声明"),
    ),
    (
        re.compile(r"^unknown window '(?P<x>[^']*)'.*$"),
        N_("未声明的时间范围“{x}”：请在 windows 中声明"),
    ),
    (re.compile(r"^unknown grade '(?P<x>[^']*)'.*$"), N_("未声明的等级“{x}”：请在 grades 中声明")),
    (re.compile(r"^unknown tier (?P<x>\d+).*$"), N_("未声明的梯队 {x}")),
    (re.compile(r"^no indicator numbered (?P<x>.*)$"), N_("没有编号为 {x} 的指标")),
    (
        re.compile(r"^is (?P<x>\d+), expected (?P<y>\d+): number indicators .*$"),
        N_("指标编号为 {x}，此处应为 {y}：指标须按 1、2、3……顺序编号"),
    ),
    (
        re.compile(r"^input '(?P<x>[^']*)' is read by no rule.*$"),
        N_("填报项“{x}”没有被任何评分规则使用：请使用它，或标为 informational"),
    ),
    (re.compile(r"^this version has no indicator (?P<x>\d+)$"), N_("本版本没有指标 {x}")),
    (re.compile(r"^indicator (?P<x>\d+) is mapped twice$"), N_("指标 {x} 的对应关系写了两次")),
    (re.compile(r"^a version cannot be its own predecessor$"), N_("前一版本不能是本版本自己")),
    (
        re.compile(r"^the indicators add up to (?P<y>\S+), not above the cap (?P<z>\S+)$"),
        N_("封顶组各指标合计 {y} 分，未超过封顶 {z} 分"),
    ),
    (
        re.compile(r"^points add up to (?P<y>\S+), not above '(?P<x>[^']*)' cap (?P<z>\S+):.*$"),
        N_("各项分值合计 {y}，未超过“{x}”的封顶 {z} 分"),
    ),
    (
        re.compile(r"^points add up to (?P<y>\S+), not (?P<z>.*)$"),
        N_("各项分值合计 {y}，与 {z} 不符"),
    ),
    (
        re.compile(r"^criteria add up to (?P<y>\S+), \w+ than the indicator's (?P<z>[\d.]+).*$"),
        N_("各评分细则合计 {y} 分，与指标分值 {z} 分不符"),
    ),
    (
        re.compile(r"^is '(?P<x>.*)', but the id '(?P<y>.*)' names (?P<z>\d+): .*$"),
        N_(
            "版本“{x}”不含编号“{y}”中的年份 {z}：编号带年份时版本号须包含该年份，"
            "新的年度版本请改用新的编号（如 …-2024）"
        ),
    ),
    (re.compile(r"^is '(?P<x>.*)', but the file is named .*$"), N_("编号为“{x}”，与文件名不符")),
    (
        re.compile(r"^satisfactory and unacceptable are both (?P<x>\S+): .*$"),
        N_(
            "满意值与不允许值都是 {x}，功效系数 d 的分母为零，无法计算：请写两个不同的值，"
            "或在 policies 中写明 ec_zero_range（full：恰为该值时 d = 100；sixty_flag：d = 60）"
        ),
    ),
]


def _translate(message: str) -> str:
    for pattern, words in _WORDS:
        if m := pattern.match(message):
            return _(words).format(**{k: _number(v) for k, v in m.groupdict().items()})
    return _("体系检查未通过：{detail}").format(detail=message)


def _number(text: str) -> str:
    """Return 3.0 as 3 (the core prints floats as Python does)."""
    try:
        return f"{float(text):g}" if re.fullmatch(r"-?\d+\.\d+", text) else text
    except ValueError:
        return text


def describe(problem: Problem) -> str:
    """Return the problem as one Chinese line: where, then what."""
    where: list[Any] = []
    if problem.line is not None:
        where.append(_("第 {n} 行").format(n=problem.line))
    if problem.indicator is not None:
        where.append(_("指标 {n}").format(n=problem.indicator))
    if problem.path:
        where.append(problem.path)
    return ("，".join(str(w) for w in where) + "：" if where else "") + problem.message
