"""Run the command line as `python -m qcounty.cli`."""

from qcounty.cli import main

main()
