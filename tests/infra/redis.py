"""A private, throwaway Redis server on a free port of 127.0.0.1, its working folder in a temporary directory,
persistence off."""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.infra import binaries
from tests.infra.ports import free_port


class RedisUnavailableError(RuntimeError):
    pass


class RedisServer:
    def __init__(self) -> None:
        executable = binaries.redis_server()
        if executable is None:
            raise RedisUnavailableError(
                "redis-server not found; install it with: apt-get update && apt-get install -y redis-server"
            )
        self.executable = executable
        self.root = Path(tempfile.mkdtemp(prefix="placette-redis-"))
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    def _ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> "RedisServer":
        for _attempt in range(3):
            self.port = free_port()
            log = open(self.root / "redis.log", "wb")  # noqa: SIM115 - owned by the child process
            self.process = subprocess.Popen(
                [
                    str(self.executable),
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--dir",
                    str(self.root),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                    "--protected-mode",
                    "yes",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.root,
            )
            log.close()
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and self.process.poll() is None:
                if self._ping():
                    return self
                time.sleep(0.05)
            self._terminate()
        output = (self.root / "redis.log").read_text(errors="replace")
        raise RedisUnavailableError(f"redis-server did not start:\n{output}")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def stop(self) -> None:
        self._terminate()
        shutil.rmtree(self.root, ignore_errors=True)
