"""The scoring core stays usable without the web layer: no module of it imports Django."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import qcounty.core

CORE = Path(qcounty.core.__file__).parent


def _core_modules() -> list[str]:
    return sorted(
        m.name for m in pkgutil.walk_packages(qcounty.core.__path__, prefix="qcounty.core.")
    )


def test_importing_every_core_module_imports_no_django():
    modules = _core_modules()
    assert len(modules) > 20  # every module of the core, not a hand-picked few
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_core_source_names_django_or_the_web_layer_in_an_import():
    # also catches an import inside a function, which importing the module would not run
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                if name.split(".")[0] == "django" or name.startswith(
                    ("qcounty.web", "qcounty.office")
                ):
                    offenders.append(f"{path.relative_to(CORE)}:{node.lineno} {name}")
    assert offenders == []
