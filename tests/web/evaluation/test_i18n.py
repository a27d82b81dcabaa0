"""Every Chinese sentence the evaluation and adjudication show a user goes through gettext.

A string literal with Chinese text in their Python modules must be an argument of a gettext call
(`_`, `gettext`, `gettext_lazy`, …), or a docstring, or a bare separator ("；", "、", "：") that
joins texts which were translated themselves. Demo data (county names, sample comments) is data.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[3] / "src" / "qcounty" / "web"
APPS = ("evaluation", "adjudication", "objections")
CHINESE = re.compile(r"[\u2018-\u201d\u3000-\u9fff\uff00-\uffef]")
SEPARATOR = re.compile(r"[\s；、：，。（）]+")
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext"}
DATA = {"demo.py"}


def modules() -> list[Path]:
    out = []
    for app in APPS:
        for path in sorted((WEB / app).rglob("*.py")):
            if "migrations" not in path.parts and path.name not in DATA:
                out.append(path)
    return out


def _docstrings(tree: ast.AST) -> set[ast.AST]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    out: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr):
            out.add(node.body[0].value)
    return out


def _in_gettext(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    while parent is not None and not isinstance(parent, ast.stmt):
        if isinstance(parent, ast.Call):
            name = getattr(parent.func, "id", None) or getattr(parent.func, "attr", None)
            if name in GETTEXT:
                return True
        parent = parents.get(parent)
    return False


def untranslated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text = node.value
        if node in docstrings or not CHINESE.search(text) or SEPARATOR.fullmatch(text):
            continue
        if not _in_gettext(node, parents):
            found.append(f"{path.relative_to(WEB)}:{node.lineno}: {text!r}")
    return found


def test_the_checker_finds_an_f_string_sentence_and_accepts_gettext(tmp_path: Path) -> None:
    # the checker itself: the audit reason as it was built before (an f-string), and as it is
    bad = tmp_path / "bad.py"
    bad.write_text('reason = f"{m}（{n} 位专家）"\n', encoding="utf-8")
    good = tmp_path / "good.py"
    good.write_text('reason = _("{m}（{n} 位专家）").format(m=m, n=n)\n', encoding="utf-8")
    global WEB
    saved, WEB = WEB, tmp_path
    try:
        assert untranslated(bad) == ["bad.py:1: ' 位专家）'"]
        assert untranslated(good) == []
    finally:
        WEB = saved


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(WEB)))
def test_user_facing_chinese_text_goes_through_gettext(path: Path) -> None:
    assert untranslated(path) == []
