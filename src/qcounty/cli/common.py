"""What every command shares: the consoles, the Chinese stop, loading input without a traceback."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from qcounty.core.cohort import CohortError
from qcounty.core.framework.loader import FrameworkError, load_framework
from qcounty.core.framework.model import Framework
from qcounty.core.framework.policies import Policies

out = Console(highlight=False, soft_wrap=True)
if not out.is_terminal:
    out.width = 160  # piped or redirected: keep the ranking table's columns whole
err = Console(stderr=True, highlight=False, soft_wrap=True)

BAD_INPUT = 2
PROGRESS_FROM = 500  # show a progress bar for cohorts at least this large


class Stop(Exception):
    """End the command with a message in Chinese and an exit code."""

    def __init__(self, message: str, code: int = BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


def framework_named(name: str) -> Framework:
    """Return the framework by id or file, or stop with its problems."""
    try:
        return load_framework(name)
    except FrameworkError as e:
        raise Stop(f"评价体系文件有误：\n{e}") from None


def policies_with(framework: Framework, given: list[str]) -> Any:
    """Return the framework's policies with the `name=value` overrides, or stop saying why not."""
    overrides = {}
    for item in given:
        key, sep, value = item.partition("=")
        if not sep:
            raise Stop(f"政策设置“{item}”应写成 名称=取值，例如 ec_mapping=scaled")
        overrides[key.strip()] = value.strip()
    fields = Policies.model_fields
    for key, value in overrides.items():
        if key not in fields:
            raise Stop(f"政策设置无效：没有名为“{key}”的政策；可用：{'、'.join(fields)}")
        choices = getattr(fields[key].annotation, "__members__", None)
        if choices is not None and value not in {m.value for m in choices.values()}:
            allowed = "、".join(m.value for m in choices.values())
            raise Stop(f"政策设置无效：“{key}”不能取“{value}”；可选：{allowed}")
    try:
        return framework.policies.with_overrides(overrides)
    except ValueError:
        shown = "、".join(f"{k}={v}" for k, v in overrides.items())
        raise Stop(f"政策设置无效：{shown}（decimals 应为 0–6 的整数）") from None


def load(f: Any) -> Any:
    """Return f(), or stop listing the data file's problems."""
    try:
        return f()
    except CohortError as e:
        raise Stop("数据文件有误：\n" + "\n".join(f"  - {p}" for p in e.problems)) from None


def write_file(output: Path, content: bytes) -> None:
    """Write the file (and its folder), or stop saying why it cannot be written."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(content)
    except OSError as e:
        raise Stop(f"无法写入 {output}：{e.strerror}") from None
    err.print(f"已写入：{output}")


@contextmanager
def settled() -> Iterator[None]:
    """Load and score without the cyclic collector, then freeze what stays until the exit.

    A national cohort is millions of small acyclic objects (the JSON, the typed values):
    each collection while building them would walk them all again, for nothing.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    """Yield a function to call per item: a progress bar on a terminal for large totals."""
    if total < PROGRESS_FROM or not err.is_terminal:
        yield lambda: None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)
