"""A throwaway PostgreSQL cluster for one test run.

`start()` makes a new cluster in a temporary directory, starts it and returns a DATABASE_URL;
`PostgresCluster.stop()` shuts it down and deletes the directory. The server listens on a Unix
socket inside that directory only (no TCP port, so nothing to collide with other runs) and trusts
every local connection, as the superuser ``postgres``.

PostgreSQL's programs refuse to run as root, and the project's machines and CI run as root: there
the cluster is created and run as the unprivileged ``postgres`` account that Debian's server
package creates (``nobody`` if that is missing), by switching user in the child process. A
non-root user runs it as itself.

Run ``python -m tests.pg_cluster`` to start one by hand; it prints the URL and stops on Ctrl-C.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "postgres"
DATABASE = "qcounty"

# Speed over durability: the cluster is deleted at the end of the run anyway.
SERVER_SETTINGS = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
    "log_min_messages": "warning",
}


class ClusterError(RuntimeError):
    pass


def find_bindir() -> Path:
    """Return the directory holding initdb and pg_ctl: PATH first, then Debian's layout."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    if pg_config := shutil.which("pg_config"):
        with contextlib.suppress(subprocess.CalledProcessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True
            )
            bindir = Path(out.stdout.strip())
            if (bindir / "initdb").exists():
                return bindir
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    raise ClusterError(
        "PostgreSQL server programs (initdb, pg_ctl) not found: install them, for example "
        "`apt-get install postgresql`"
    )


def server_account() -> pwd.struct_passwd | None:
    """Return the account to run the server as, or None to run it as the current user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise ClusterError("running as root and neither a 'postgres' nor a 'nobody' account exists")


@dataclass
class PostgresCluster:
    root: Path
    bindir: Path
    account: pwd.struct_passwd | None
    running: bool = field(default=False)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}@{quote(str(self.socket_dir), safe='')}/{DATABASE}"

    def _run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, object] = {}
        if self.account is not None:
            kwargs = {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}
        # the server account may not be able to enter the caller's directory
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        proc = subprocess.run(
            [str(a) for a in args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            **kwargs,  # type: ignore[arg-type]
        )
        if proc.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise ClusterError(
                f"{' '.join(str(a) for a in args)} exited with {proc.returncode}\n"
                f"{proc.stdout}{proc.stderr}{log}"
            )
        return proc

    def start(self) -> str:
        self.socket_dir.mkdir()
        if self.account is not None:
            for path in (self.root, self.socket_dir):
                os.chown(path, self.account.pw_uid, self.account.pw_gid)
        self._run(
            self.bindir / "initdb",
            "--pgdata",
            self.data,
            "--username",
            SUPERUSER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        settings = {**SERVER_SETTINGS, "unix_socket_directories": f"'{self.socket_dir}'"}
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# tests/pg_cluster.py\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        # -w waits until the server accepts connections
        self._run(
            self.bindir / "pg_ctl",
            "--pgdata",
            self.data,
            "--log",
            self.log,
            "-w",
            "-t",
            "60",
            "start",
        )
        self.running = True
        self._create_database()
        return self.url

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')

    def stop(self) -> None:
        """Stop the server (if it runs) and delete the cluster's directory; safe to call twice."""
        try:
            if self.running:
                self._run(
                    self.bindir / "pg_ctl", "--pgdata", self.data, "-m", "immediate", "-w", "stop"
                )
                self.running = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start() -> PostgresCluster:
    """Create and start a cluster; the caller must call `.stop()` (the URL is `.url`)."""
    bindir = find_bindir()
    account = server_account()
    root = Path(tempfile.mkdtemp(prefix="qcounty-pg-"))
    cluster = PostgresCluster(root=root, bindir=bindir, account=account)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster


if __name__ == "__main__":
    import signal

    c = start()
    print(c.url, flush=True)
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        c.stop()
