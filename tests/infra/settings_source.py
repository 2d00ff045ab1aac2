"""What config/settings.py reads from the environment, found in its source (so nothing can be forgotten)."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SETTINGS_FILE = BASE_DIR / "config" / "settings.py"

_READ = re.compile(
    r"""(?:\benv_\w+|\bos\.environ\.get|\bos\.getenv|\bos\.environ\[)\(?\s*["']([A-Z][A-Z0-9_]*)["']"""
)


def environment_variables() -> list[str]:
    """Every variable name config/settings.py reads, sorted."""
    return sorted(set(_READ.findall(SETTINGS_FILE.read_text(encoding="utf-8"))))
