import subprocess
import sys


def test_importing_the_core_imports_no_django():
    """The scoring core must stay usable without the web layer."""
    code = (
        "import sys, qcounty.core, qcounty.core.scoring, qcounty.core.synth, qcounty.core.selfassess;"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
