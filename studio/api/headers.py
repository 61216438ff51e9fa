"""Security headers on every response: a CSP that lets only our own scripts run (inline ones by a
per-page nonce) and forbids framing, no MIME sniffing, no referrer, and HSTS behind TLS.

A plain ASGI middleware (see :mod:`studio.api.body_limit` for why). A page with inline scripts draws
its nonce with :func:`page_nonce` as it renders, and the policy, written when the answer starts, names
it; every other answer has the same policy without a nonce. No nonce is drawn for every request on
the event loop: ``os.urandom`` lets go of the GIL there, and under load the loop then waited for a busy
handler thread to give it back.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'{nonce}; style-src 'self'; img-src 'self' data: blob:; "
       "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
# FastAPI's interactive docs load Swagger UI and ReDoc from a CDN with inline scripts: they keep no framing only.
DOCS_PATHS = ("/docs", "/redoc")
DOCS_CSP = "frame-ancestors 'none'"
HSTS = b"max-age=31536000; includeSubDomains"
FIXED = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
NONCE = "csp_nonce"


def page_nonce(request: Request) -> str:
    """This response's nonce for inline scripts, drawn on first use."""
    state = request.scope.setdefault("state", {})
    if NONCE not in state:
        state[NONCE] = secrets.token_urlsafe(16)
    return state[NONCE]


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, behind_tls: bool) -> None:
        """``behind_tls``: the public origin is https (TLS ends at a proxy), so HSTS goes out on every answer."""
        self.app, self.behind_tls = app, behind_tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})  # shared with the request, whose page may draw a nonce
        docs = scope["path"].startswith(DOCS_PATHS)
        hsts = [(b"strict-transport-security", HSTS)] if self.behind_tls or scope.get("scheme") == "https" else []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                nonce = state.get(NONCE)
                csp = DOCS_CSP if docs else CSP.format(nonce=f" 'nonce-{nonce}'" if nonce else "")
                message["headers"] = [*message.get("headers", ()), *FIXED, (b"content-security-policy", csp.encode()),
                                      *hsts]
            await send(message)

        await self.app(scope, receive, send_with_headers)
