"""Reading and writing the one cache (Flask-Caching's ``cache`` in portal.extensions) so that a
cache that cannot be reached costs a page its speed, never the page: with Redis down, every
request builds its page afresh as if nothing had been kept."""

import logging
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
