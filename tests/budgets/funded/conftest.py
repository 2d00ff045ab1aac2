"""Pages of funded projects and associations are asked for in English (see tests/pages.py)."""

from tests.pages import english as english  # noqa: F401  (autouse: assertions name the msgids)
