"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from core.errors import InputError
from core.settings import Settings
from studio import dashboard
from studio.api.deps import KeyCache, RateLimiter
from studio.api.routes import (
    audit,
    auth,
    avatars,
    health,
    jobs,
    renders,
    rooms,
    scripts,
    uploads,
)
from workers.submit import Runtime

UPLOAD_PREFIXES = ("/uploads",)


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_app(settings: Settings) -> FastAPI:
    """Build the API around one runtime (database, asset store, job system) made from ``settings``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runtime = Runtime.create(settings)
        try:
            yield
        finally:
            app.state.runtime.close()

    app = FastAPI(title="Evercast", version="0.1.0", lifespan=lifespan, generate_unique_id_function=_operation_id)
    app.state.rate_limiter = RateLimiter(settings.api.rate_per_s, settings.api.rate_burst)
    app.state.key_cache = KeyCache(settings.api.auth_cache_s)
    limit = settings.api.max_request_kb * 1024

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """Refuse oversized bodies before reading them (uploads have their own, larger limit)."""
        length = request.headers.get("content-length")
        if not request.url.path.startswith(UPLOAD_PREFIXES) and length and length.isdigit() and int(length) > limit:
            return JSONResponse({"detail": f"request body over {settings.api.max_request_kb} KB"}, status_code=413)
        return await call_next(request)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> JSONResponse:
        """A stage refusing its input is the client's error, with the stage's own message."""
        return JSONResponse({"detail": str(exc)}, status_code=422)

    for module in (health, auth, jobs, uploads, scripts, avatars, renders, rooms, audit):
        app.include_router(module.router)
    app.include_router(dashboard.router)
    app.mount("/ui-static", dashboard.static, name="ui-static")
    return app


def app_from_environment() -> FastAPI:
    """For `uvicorn --factory` with several worker processes: each builds its app from the environment."""
    from core.settings import get_settings

    return create_app(get_settings())
