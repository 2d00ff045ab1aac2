"""Where the system programs the test suite needs live, and how to get them on Debian.

Used by tests/conftest.py (to start throwaway servers) and by `make test` (``python -m
tests.infra.system_requirements``) to install what is missing before the suite runs."""

import ctypes.util
import glob
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")


def postgres_bindir() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``: PATH first, then Debian's
    /usr/lib/postgresql/<version>/bin (highest version wins), or None."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    candidates = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")]
    candidates = [p for p in candidates if (p / "initdb").exists() and (p / "pg_ctl").exists()]

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.name))

    return max(candidates, key=version) if candidates else None


def redis_server() -> Path | None:
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None
    )
    return Path(found) if found else None


def chromium() -> Path | None:
    return CHROMIUM if CHROMIUM.exists() else None


def weasyprint_libraries() -> bool:
    """WeasyPrint loads Pango through ctypes; without it the PDF reports cannot be rendered."""
    return bool(ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0"))


@dataclass(frozen=True)
class Requirement:
    name: str
    debian_packages: tuple[str, ...]
    present: bool


def c_compiler() -> bool:
    return shutil.which("gcc") is not None or shutil.which("cc") is not None


def requirements() -> list[Requirement]:
    return [
        Requirement("PostgreSQL server (initdb, pg_ctl)", ("postgresql",), postgres_bindir() is not None),
        Requirement("redis-server", ("redis-server",), redis_server() is not None),
        Requirement("Chromium at /usr/bin/chromium", ("chromium",), chromium() is not None),
        Requirement("GNU gettext (msgfmt, xgettext)", ("gettext",), shutil.which("msgfmt") is not None),
        Requirement("a C compiler (gcc, for the equal-shares kernel)", ("gcc", "libc6-dev"), c_compiler()),
        Requirement(
            "Pango (for WeasyPrint)", ("libpango-1.0-0", "libpangoft2-1.0-0"), weasyprint_libraries()
        ),
    ]
