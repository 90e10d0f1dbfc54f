"""Reading and writing the one cache (Flask-Caching's ``cache`` in portal.extensions) so that a
cache that cannot be reached costs a page its speed, never the page: with Redis down, every
request builds its page afresh as if nothing had been kept."""

import logging
from collections.abc import Callable
from typing import Any

from redis.exceptions import RedisError

from portal.extensions import cache

log = logging.getLogger(__name__)


def kept(key: str) -> Any:
    try:
        return cache.get(key)
    except RedisError:
        log.warning("the cache could not be read; building %s afresh", key, exc_info=True)
        return None


def keep(key: str, value: Any, timeout: int) -> None:
    try:
        cache.set(key, value, timeout=timeout)
    except RedisError:
        log.warning("the cache could not be written; %s is not kept", key, exc_info=True)


def kept_or_built(key: str, build: Callable[[], Any], timeout: int) -> Any:
    """The value kept under ``key``, or ``build()``'s, kept for next time."""
    value = kept(key)
    if value is None:
        value = build()
        keep(key, value, timeout=timeout)
    return value
