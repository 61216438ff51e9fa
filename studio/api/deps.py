"""What a route declares by name: the runtime, the authenticated principal, a permission.

Authentication is a bearer API key (``Authorization: Bearer ek_...``) or the dashboard's session
cookie, a random token whose SHA-256 names a row of ``user_sessions`` (logout deletes it). Every route
that touches merchant data takes a :class:`Principal`, and the tenancy helpers in
:mod:`studio.api.tenancy` scope every query by ``principal.merchant_id``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import Depends, HTTPException, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select, update

from core.models import ApiKey, User, UserSession, utcnow
from core.security import api_key_digest, session_digest
from studio.api.key_usage import KeyUsage
from studio.api.ratelimit import RateStoreUnavailable
from workers.submit import Runtime

SESSION_COOKIE = "evercast_session"
MAX_OFFSET = 1_000_000_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip; past the database's 64-bit integers "
                                                               "a value would be a 500, so it is bounded.")]
LAST_USED_GRANULARITY = timedelta(minutes=1)

# What each role may do; "read" is everyone's.
PERMISSIONS: dict[str, frozenset[str]] = {
    "owner": frozenset({"read", "edit", "review", "operate", "admin"}),
    "editor": frozenset({"read", "edit"}),
    "reviewer": frozenset({"read", "review"}),
    "operator": frozenset({"read", "operate"}),
}


@dataclass(frozen=True)
class Principal:
    merchant_id: str
    role: str
    actor: str
    """Who, for the audit log: ``user:<email>`` or ``key:<prefix>``."""
    rate_key: str
    user_id: str | None = None
    """The user behind a login session or a user's API key."""

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())


async def get_runtime(request: Request) -> Runtime:
    """Async (it never blocks), so FastAPI calls it inline instead of through a worker thread."""
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]

R = TypeVar("R")


class FileWork:
    """Runs long file work (chunk writes, checksums, ffprobe, imports) on the process's file threads, so
    that it never holds the few threads that serve database reads."""

    def __init__(self, limiter: CapacityLimiter) -> None:
        self.limiter = limiter

    async def run(self, func: Callable[..., R], *args: object) -> R:
        return await anyio.to_thread.run_sync(func, *args, limiter=self.limiter)


async def get_file_work(request: Request) -> FileWork:
    return request.app.state.file_work


FileWorkDep = Annotated[FileWork, Depends(get_file_work)]


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, message, headers={"WWW-Authenticate": "Bearer"})


class KeyCache:
    """Checked API keys for a few seconds, so a read costs no key lookup; revocation clears it here
    at once and in other processes within ``ttl_s``."""

    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._entries: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> Principal | None:
        with self._lock:
            hit = self._entries.get(digest)
        return hit[0] if hit and hit[1] > time.monotonic() else None

    def put(self, digest: str, principal: Principal) -> None:
        if self.ttl_s > 0:
            with self._lock:
                self._entries[digest] = (principal, time.monotonic() + self.ttl_s)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _from_api_key(rt: Runtime, digest: str, cache: KeyCache, usage: KeyUsage) -> Principal:
    with rt.session() as s:
        key = s.scalar(select(ApiKey).where(ApiKey.digest == digest, ApiKey.revoked_at.is_(None)))
        if key is None:
            raise _unauthorized("invalid or revoked API key")
        principal = Principal(key.merchant_id, key.role, f"key:{key.prefix}", f"key:{key.id}", key.user_id)
        key_id, last_used_at = key.id, key.last_used_at
    if usage.due(key_id, last_used_at):  # a read-only transaction above; this write is its own, and optional
        usage.record(rt, key_id)
    cache.put(digest, principal)
    return principal


def _from_session(rt: Runtime, cookie: str) -> Principal:
    with rt.session() as s:
        found = s.execute(select(UserSession, User).join(User, User.id == UserSession.user_id)
                          .where(UserSession.digest == session_digest(cookie))).first()
        now = utcnow()
        if found is None or found[0].expires_at <= now:
            raise _unauthorized("session ended or expired; log in again")
        session, user = found
        if not user.active:
            raise _unauthorized("account disabled")
        if now - session.last_seen_at > LAST_USED_GRANULARITY:  # not a write per request
            s.execute(update(UserSession).where(UserSession.id == session.id).values(last_seen_at=now))
        return Principal(user.merchant_id, user.role, f"user:{user.email}", f"user:{user.id}", user.id)


async def _authenticate(request: Request, rt: Runtime) -> Principal:
    """Runs on the event loop: a cached key costs no thread hop; database look-ups go to the thread pool."""
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        cache: KeyCache = request.app.state.key_cache
        digest = api_key_digest(header[7:].strip())
        return cache.get(digest) or await run_in_threadpool(_from_api_key, rt, digest, cache,
                                                            request.app.state.key_usage)
    if cookie := request.cookies.get(SESSION_COOKIE):
        return await run_in_threadpool(_from_session, rt, cookie)
    raise _unauthorized("authentication required: an API key (Authorization: Bearer ...) or a login session")


async def get_principal(request: Request, rt: RuntimeDep) -> Principal:
    """The authenticated principal, within its rate limit."""
    principal = await _authenticate(request, rt)
    try:
        wait = await request.app.state.rate_limiter.retry_after(principal.rate_key)
    except RateStoreUnavailable as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from exc
    if wait:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, "rate limit exceeded",
                            headers={"Retry-After": str(max(1, round(wait)))})
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def get_caller(request: Request, rt: RuntimeDep) -> Principal | None:
    """The principal when the request carries credentials (checked, but outside the rate limit, whose
    store may be what is down), else None."""
    if request.headers.get("authorization") or request.cookies.get(SESSION_COOKIE):
        return await _authenticate(request, rt)
    return None


CallerDep = Annotated[Principal | None, Depends(get_caller)]


def require(permission: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets the request through only if the principal's role has ``permission``."""

    async def check(principal: PrincipalDep) -> Principal:
        if not principal.can(permission):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"your role ({principal.role}) may not {permission}")
        return principal

    return check


Editor = Annotated[Principal, Depends(require("edit"))]
Reviewer = Annotated[Principal, Depends(require("review"))]
Operator = Annotated[Principal, Depends(require("operate"))]
Owner = Annotated[Principal, Depends(require("admin"))]
