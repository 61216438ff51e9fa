"""Refuse oversized request bodies before reading them (uploads have their own, larger limit).

A plain ASGI middleware: Starlette's ``@app.middleware("http")`` runs every request through a task
group and memory streams, which cost more than the rest of a cached, authenticated read.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send


class BodyLimit:
    def __init__(self, app: ASGIApp, *, limit_kb: int, exempt_prefixes: tuple[str, ...]) -> None:
        self.app, self.limit_kb, self.exempt_prefixes = app, limit_kb, exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(self.exempt_prefixes):
            for name, value in scope["headers"]:
                if name == b"content-length":
                    if value.isdigit() and int(value) > self.limit_kb * 1024:
                        response = JSONResponse({"detail": f"request body over {self.limit_kb} KB"}, status_code=413)
                        await response(scope, receive, send)
                        return
                    break
        await self.app(scope, receive, send)
