"""Counting wrong guesses (census details, voting codes) with Django's cache.

The default cache is Django's LocMemCache: one counter per process. With several web processes each keeps its
own count, so the effective limit is multiplied by their number (still a hard bound on guessing); a shared
cache (CACHES with Redis) makes it exact. Only failures count; a success does not reset the counter (a person
who gets in does not need more tries)."""

from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def is_blocked(key: str, *, limit: int) -> bool:
    return (cache.get(key) or 0) >= limit


def record_failure(key: str, *, window: int = WINDOW_SECONDS) -> int:
    """Adds one failure to `key` (the window starts at the first failure). Returns the new count."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1
