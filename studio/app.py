"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute

from core.settings import Settings
from studio.api.routes import health, jobs
from workers.submit import Runtime


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
    app.include_router(health.router)
    app.include_router(jobs.router)
    return app
