"""A private, throwaway PostgreSQL cluster: ``initdb`` into a temporary folder, served on a free port with its
Unix socket in that folder, durability off (fsync, full-page writes) because nothing in it must survive.

PostgreSQL refuses to run as root; when the suite runs as root (CI here), the cluster belongs to the
``postgres`` system user (or ``nobody``) and every command is run through ``runuser``."""

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

from tests.infra import binaries
from tests.infra.ports import free_port


class PostgresUnavailableError(RuntimeError):
    pass


def _service_user() -> pwd.struct_passwd | None:
    """The account that owns the cluster when we are root; None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailableError("running as root, but neither a 'postgres' nor a 'nobody' user exists")


class PostgresCluster:
    # Enough for the concurrency tests (100 threads, each with its own connection) on two xdist workers.
    MAX_CONNECTIONS = 300

    def __init__(self) -> None:
        bindir = binaries.postgres_bindir()
        if bindir is None:
            raise PostgresUnavailableError(
                "PostgreSQL server binaries (initdb, pg_ctl) not found in PATH "
                "nor in /usr/lib/postgresql/*/bin; "
                "install them with: apt-get update && apt-get install -y postgresql"
            )
        self.bindir = bindir
        self.user = _service_user()
        self.root = Path(tempfile.mkdtemp(prefix="placette-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = 0
        self.running = False

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        argv = [str(self.bindir / command[0]), *command[1:]]
        if self.user is not None:
            argv = ["runuser", "-u", self.user.pw_name, "--", *argv]
        result = subprocess.run(argv, capture_output=True, text=True, cwd=self.root, timeout=120)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise PostgresUnavailableError(
                f"{' '.join(argv)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}\n{log}"
            )
        return result

    def start(self) -> "PostgresCluster":
        if self.user is not None:
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = " ".join(
            [
                "-c listen_addresses=''",
                f"-c unix_socket_directories='{self.root}'",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                f"-c max_connections={self.MAX_CONNECTIONS}",
                "-c shared_buffers=64MB",
                "-c log_min_messages=warning",
            ]
        )
        # The port only names the socket file (.s.PGSQL.<port>): no TCP listener, so no race for a TCP port,
        # but still a free number so a tool pointed at 127.0.0.1:<port> by mistake finds nothing of ours.
        last_error: Exception | None = None
        for _attempt in range(3):
            self.port = free_port()
            try:
                self._run(
                    "pg_ctl",
                    "start",
                    "-w",
                    "-t",
                    "60",
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.log),
                    "-o",
                    f"{options} -p {self.port}",
                )
                break
            except PostgresUnavailableError as error:
                last_error = error
        else:
            raise last_error  # type: ignore[misc]
        self.running = True
        # DATABASE_URL names this database: a `manage.py` subprocess that inherits it finds it (tests use
        # pytest-django's test_placette*, created next to it).
        self._run("createdb", "-h", str(self.root), "-p", str(self.port), "-U", "postgres", "placette")
        return self

    @property
    def url(self) -> str:
        """A DATABASE_URL for dj-database-url: the host part is the socket folder, percent-encoded."""
        return f"postgres://postgres@{quote(str(self.root), safe='')}:{self.port}/placette"

    def stop(self) -> None:
        if self.running:
            try:
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30")
            except PostgresUnavailableError:
                pass
            self.running = False
        shutil.rmtree(self.root, ignore_errors=True)
