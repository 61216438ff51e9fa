"""The FastAPI application factory."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from core.settings import Settings
from studio import dashboard
from studio.api import errors
from studio.api.body_limit import BodyLimit
from studio.api.csrf import OriginCheck
from studio.api.deps import FileWork, KeyCache
from studio.api.key_usage import KeyUsage
from studio.api.headers import SecurityHeaders
from studio.api.login_limit import make_login_limits
from studio.api.ratelimit import make_rate_limiter
from studio.api.routes import (
    audit,
    auth,
    avatars,
    calls,
    health,
    hosts,
    jobs,
    learn,
    quotas,
    renders,
    retrain,
    rooms,
    scripts,
    uploads,
    users,
)
from workers.commands.quotas import QuotaExceeded
from workers.submit import Runtime

UPLOAD_PREFIXES = ("/uploads",)


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_app(settings: Settings) -> FastAPI:
    """Build the API around one runtime (database, asset store, job system) made from ``settings``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runtime = Runtime.create(settings)
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.api.threads
        app.state.file_work = FileWork(CapacityLimiter(settings.api.file_threads))
        app.state.rate_limiter = make_rate_limiter(settings.api)
        app.state.login_limits = make_login_limits(settings.api)
        # What exists now (modules, the app, the runtime) lives as long as the process: take it out of the
        # collector's view, or each full collection walks it all and stalls every request (120 ms measured).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await app.state.rate_limiter.close()
            await app.state.login_limits.close()
            app.state.runtime.close()

    app = FastAPI(title="Evercast", version="0.1.0", lifespan=lifespan, generate_unique_id_function=_operation_id)
    app.state.key_cache = KeyCache(settings.api.auth_cache_s)
    app.state.key_usage = KeyUsage()
    app.add_middleware(BodyLimit, limit_kb=settings.api.max_request_kb, exempt_prefixes=UPLOAD_PREFIXES)
    app.add_middleware(OriginCheck, public_origin=settings.api.public_origin)
    app.add_middleware(SecurityHeaders, behind_tls=settings.api.public_origin.startswith("https://"))

    @app.exception_handler(QuotaExceeded)
    async def over_quota(request: Request, exc: QuotaExceeded) -> JSONResponse:
        """403 for storage, 429 for rooms and jobs, naming the limit."""
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)

    errors.install(app)
    for module in (health, auth, users, jobs, uploads, scripts, avatars, renders, rooms, hosts, calls, audit, quotas,
                   learn, retrain):
        app.include_router(module.router)
    app.include_router(dashboard.router)
    app.mount("/ui-static", dashboard.static, name="ui-static")
    return app


def app_from_environment() -> FastAPI:
    """For `uvicorn --factory` with several worker processes: each builds its app from the environment."""
    from core.settings import get_settings

    return create_app(get_settings())
