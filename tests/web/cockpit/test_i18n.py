"""Every Chinese text the cockpit and the tasks show a user goes through gettext.

A string literal with Chinese text in their Python modules must be an argument of a gettext call
(`_`, `gettext`, `gettext_lazy`, …) or a docstring; a bare separator ("、", "；") joining texts
that were translated themselves is not a text. Demo data (demo.py: department names, sample
tasks) is data.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[3] / "src" / "qcounty" / "web"
APPS = ("cockpit", "tasks")
CHINESE = re.compile(r"[\u2018-\u201d\u3000-\u9fff\uff00-\uffef]")
SEPARATOR = re.compile(r"[\s；、：，。（）—]+")
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext"}
DATA = {"demo.py"}


def modules(web: Path = WEB) -> list[Path]:
    return [
        path
        for app in APPS
        for path in sorted((web / app).rglob("*.py"))
        if "migrations" not in path.parts and path.name not in DATA
    ]


def untranslated(path: Path) -> list[str]:
    """Return `line: text` of every Chinese literal outside gettext and docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = {
        node.body[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if node in docstrings or not CHINESE.search(node.value):
            continue
        if SEPARATOR.fullmatch(node.value) or _in_gettext(node, parents):
            continue
        found.append(f"{node.lineno}: {node.value}")
    return found


def _in_gettext(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    while parent is not None and not isinstance(parent, ast.stmt):
        if isinstance(parent, ast.Call):
            name = getattr(parent.func, "id", None) or getattr(parent.func, "attr", None)
            if name in GETTEXT:
                return True
        parent = parents.get(parent)
    return False


def test_the_checker_finds_a_plain_label_and_an_f_string_and_accepts_gettext(
    tmp_path: Path,
) -> None:
    # the multi-year view's label and the report's file name as they were, and as they are
    bad = tmp_path / "bad.py"
    bad.write_text(
        'line = ("total", "自评总分")\nname = f"{county}质量发展状况分析报告.docx"\n',
        encoding="utf-8",
    )
    good = tmp_path / "good.py"
    good.write_text(
        'line = ("total", _("自评总分"))\n'
        'name = _("{county}质量发展状况分析报告.docx").format(county=county)\n'
        'joined = "、".join(names)\n',
        encoding="utf-8",
    )
    assert untranslated(bad) == ["1: 自评总分", "2: 质量发展状况分析报告.docx"]
    assert untranslated(good) == []


def test_the_modules_are_found() -> None:
    names = {p.relative_to(WEB).as_posix() for p in modules()}
    assert {"cockpit/reportdata.py", "cockpit/gapdata.py", "tasks/views_office.py"} <= names
    assert "tasks/demo.py" not in names


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(WEB).as_posix())
def test_user_facing_chinese_text_goes_through_gettext(path: Path) -> None:
    assert untranslated(path) == []
