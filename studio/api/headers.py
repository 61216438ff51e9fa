"""Security headers on every response: a CSP that lets only our own scripts run (inline ones by a
per-request nonce) and forbids framing, no MIME sniffing, no referrer, and HSTS behind TLS.

A plain ASGI middleware (see :mod:`studio.api.body_limit` for why). The nonce is in
``request.state.csp_nonce`` for the dashboard's templates.
"""

from __future__ import annotations

import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data: blob:; "
       "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
# FastAPI's interactive docs load Swagger UI and ReDoc from a CDN with inline scripts: they keep no framing only.
DOCS_PATHS = ("/docs", "/redoc")
DOCS_CSP = "frame-ancestors 'none'"
HSTS = b"max-age=31536000; includeSubDomains"
FIXED = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, behind_tls: bool) -> None:
        """``behind_tls``: the public origin is https (TLS ends at a proxy), so HSTS goes out on every answer."""
        self.app, self.behind_tls = app, behind_tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        csp = DOCS_CSP if scope["path"].startswith(DOCS_PATHS) else CSP.format(nonce=nonce)
        added = [*FIXED, (b"content-security-policy", csp.encode())]
        if self.behind_tls or scope.get("scheme") == "https":
            added.append((b"strict-transport-security", HSTS))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *added]
            await send(message)

        await self.app(scope, receive, send_with_headers)
