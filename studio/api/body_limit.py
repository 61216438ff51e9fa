"""Refuse oversized request bodies (upload chunks, PUT under the exempt prefixes, have their own limit).

A declared Content-Length over the limit is refused before anything is read; a body without one
(``Transfer-Encoding: chunked``) is counted as it arrives and refused at the first chunk past the
limit, so no route ever holds more than the limit in memory.

A plain ASGI middleware: Starlette's ``@app.middleware("http")`` runs every request through a task
group and memory streams, which cost more than the rest of a cached, authenticated read.
"""

from __future__ import annotations

from fastapi import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimit:
    def __init__(self, app: ASGIApp, *, limit_kb: int, exempt_prefixes: tuple[str, ...]) -> None:
        self.app, self.limit_kb, self.exempt_prefixes = app, limit_kb, exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (scope["method"] == "PUT" and scope["path"].startswith(self.exempt_prefixes)):
            await self.app(scope, receive, send)
            return
        limit = self.limit_kb * 1024
        too_large = f"request body over {self.limit_kb} KB"
        for name, value in scope["headers"]:
            if name == b"content-length":
                if value.isdigit() and int(value) > limit:
                    response = JSONResponse({"detail": too_large}, status_code=413, headers={"Connection": "close"})
                    await response(scope, receive, send)
                    return
                await self.app(scope, receive, send)  # the server reads no more than the declared length
                return
        received = 0

        async def counting_receive() -> Message:
            """Raised as an HTTPException, so FastAPI's body parsing passes it on and it becomes the 413."""
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, too_large, headers={"Connection": "close"})
            return message

        await self.app(scope, counting_receive, send)
