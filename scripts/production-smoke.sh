#!/usr/bin/env bash
# The production smoke test (issue 11): a throwaway PostgreSQL cluster, two gunicorn app servers
# sharing it and one supervised worker; clerk save → office accept → province snapshot over HTTP
# alternating between the servers; the worker killed during a robustness run, restarted, the run
# finished; /healthz. Everything it starts is stopped on exit. See scripts/production_smoke.py.
set -euo pipefail
cd "$(dirname "$0")/.."
exec timeout --signal=TERM --kill-after=30 600 .venv/bin/python scripts/production_smoke.py "$@"
