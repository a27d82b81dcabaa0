"""Print the mutation score of the last `mutmut run`, per module and in all, as a Markdown table.

Usage: .venv/bin/python scripts/mutation_score.py [MUTANTS_DIR]   (default mutants)

mutmut keeps each mutated module's verdicts in `<module>.py.meta` (JSON: the exit code of the
test run by mutant); exit code 1 or 3 means a test failed (killed), 0 that every test passed
(survived). A mutant no test reaches, a timeout or a suspicious run is counted as "other" (not
killed), one an interrupted run did not reach as "not checked"; the score is killed / checked. Survivors are listed with `mutmut results` and shown with
`mutmut show NAME`; docs/mutation.md says which of them are equivalent mutants and why.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

KILLED = {1, 3}
SURVIVED = {0}
NO_TESTS = {5, 33}
TIMEOUT = {-24, 24, 36, 152, 255}


def verdict(exit_code: int | None) -> str:
    """Return the verdict of one mutant from the exit code of its test run."""
    if exit_code in KILLED:
        return "killed"
    if exit_code in SURVIVED:
        return "survived"
    if exit_code in NO_TESTS:
        return "no tests"
    if exit_code in TIMEOUT:
        return "timeout"
    if exit_code is None:
        return "not checked"
    return "other"


def counts(meta: Path) -> Counter[str]:
    """Return how many mutants of one module got each verdict."""
    codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    return Counter(verdict(code) for code in codes.values())


def row(name: str, c: Counter[str]) -> str:
    """Return one line of the table (a module, or the total)."""
    total = sum(c.values())
    checked = total - c["not checked"]
    score = f"{100 * c['killed'] / checked:.1f} %" if checked else "–"
    other = checked - c["killed"] - c["survived"]
    cells = [total, c["killed"], c["survived"], other, c["not checked"], score]
    return f"| {name} | " + " | ".join(str(x) for x in cells) + " |"


def main(argv: list[str]) -> int:
    """Print the table; return 1 if there is no result to read."""
    root = Path(argv[1] if len(argv) > 1 else "mutants")
    metas = sorted(root.rglob("*.py.meta"))
    by_module = {str(m.relative_to(root)).removesuffix(".meta"): counts(m) for m in metas}
    by_module = {name: c for name, c in by_module.items() if c}
    if not by_module:
        print(f"no mutation results under {root}/: run `mutmut run` first", file=sys.stderr)
        return 1
    print("| module | mutants | killed | survived | other | not checked | killed / checked |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, c in by_module.items():
        print(row(name, c))
    print(row("**all**", sum(by_module.values(), Counter())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
