"""Per-key token buckets: in this process (embedded) or in Redis, so that every API process draws on
one budget per key (with N processes, an in-process bucket would let a key through N times over)."""

from __future__ import annotations

import time
from typing import Protocol

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from core.settings import ApiSettings


class RateStoreUnavailable(RuntimeError):
    """The shared budget cannot be read (Redis down): the request is refused rather than let through."""


class RateLimiter(Protocol):
    async def retry_after(self, key: str) -> float:
        """0 when the request may go ahead (and spend a token), else seconds until it may."""

    async def refund(self, key: str) -> None:
        """Give back the token of an attempt that should not count (a successful login)."""

    async def close(self) -> None: ...


class LocalRateLimiter:
    """Buckets in this process; called on the event loop only, so no lock."""

    def __init__(self, rate_per_s: float, burst: int) -> None:
        self.rate, self.burst = rate_per_s, burst
        self._buckets: dict[str, tuple[float, float]] = {}

    async def retry_after(self, key: str) -> float:
        now = time.monotonic()
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens >= 1:
            self._buckets[key] = (tokens - 1, now)
            return 0.0
        self._buckets[key] = (tokens, now)
        return (1 - tokens) / self.rate

    async def refund(self, key: str) -> None:
        if key in self._buckets:
            tokens, last = self._buckets[key]
            self._buckets[key] = (min(self.burst, tokens + 1), last)

    async def close(self) -> None:
        self._buckets.clear()


# One atomic step of a bucket kept as a hash {tokens, ts}; Redis's own clock, so processes on machines
# with skewed clocks still agree. Idle buckets expire once they would be full again.
_TAKE = """
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or burst
local last = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - last) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%.6f', now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return string.format('%.6f', wait)
"""

_REFUND = """
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
if tokens then
  redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', math.min(tonumber(ARGV[1]), tokens + 1)))
end
return 0
"""


class RedisRateLimiter:
    """Buckets in Redis, shared by every API process that points at the same server."""

    def __init__(self, url: str, rate_per_s: float, burst: int, prefix: str = "evercast:rate:") -> None:
        self.rate, self.burst, self.prefix = rate_per_s, burst, prefix
        self._redis = aioredis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._take = self._redis.register_script(_TAKE)
        self._refund = self._redis.register_script(_REFUND)
        self._where = url.rsplit("@", 1)[-1]  # no password in messages

    async def retry_after(self, key: str) -> float:
        try:
            wait = await self._take(keys=[self.prefix + key], args=[self.rate, self.burst])
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from exc
        return float(wait)

    async def refund(self, key: str) -> None:
        try:
            await self._refund(keys=[self.prefix + key], args=[self.burst])
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from exc

    def _unavailable(self, exc: Exception) -> RateStoreUnavailable:
        return RateStoreUnavailable(f"rate-limit store (Redis at {self._where}) unreachable: {exc}")

    async def close(self) -> None:
        await self._redis.aclose()


def make_rate_limiter(api: ApiSettings, rate_per_s: float | None = None, burst: int | None = None,
                      prefix: str = "evercast:rate:") -> RateLimiter:
    """The limiter ``api.rate_limit_url`` names (the settings resolve an empty URL first), with the per-key
    budget by default or the given one."""
    rate, burst = rate_per_s or api.rate_per_s, burst or api.rate_burst
    if api.rate_limit_url.startswith("memory://"):
        return LocalRateLimiter(rate, burst)
    return RedisRateLimiter(api.rate_limit_url, rate, burst, prefix)
