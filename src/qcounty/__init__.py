"""qcounty — 质量强县创建评价系统."""

__version__ = "0.1.0"
