"""The scoring core: pure Python, no Django. Schemes as data, cohorts as columns."""

from qcounty.core.framework.loader import FrameworkError, bundled_ids, load_framework
from qcounty.core.framework.model import Framework
from qcounty.core.framework.policies import Policies

__all__ = ["Framework", "FrameworkError", "Policies", "bundled_ids", "load_framework"]
