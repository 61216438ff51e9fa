"""Cross-site request forgery: a state change that a browser sends with the session cookie must come
from the dashboard's own origin.

Browsers say where a request comes from (``Sec-Fetch-Site``, and ``Origin`` on every cross-origin
POST), which scripts on another origin cannot forge, so no token is needed. Requests with an API key
(``Authorization``) are not at risk: another site cannot make a browser add that header. Clients that
send neither header are not browsers and carry no ambient cookie risk.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TRUSTED_FETCH_SITES = frozenset({b"same-origin", b"none"})


class OriginCheck:
    def __init__(self, app: ASGIApp, *, public_origin: str) -> None:
        """``public_origin`` (``https://studio.example.com``) is the only origin allowed when set; unset,
        an Origin must name the host the request was sent to."""
        self.app, self.public_origin = app, public_origin.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            headers = dict(scope["headers"])
            if b"authorization" not in headers and not self._trusted(headers):
                response = JSONResponse({"detail": "cross-site request refused: state changes with the dashboard's "
                                                   "login must come from its own pages"}, status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _trusted(self, headers: dict[bytes, bytes]) -> bool:
        if (site := headers.get(b"sec-fetch-site")) is not None:
            return site in TRUSTED_FETCH_SITES
        if (origin := headers.get(b"origin")) is None:
            return True
        origin_text = origin.decode("latin-1").rstrip("/")
        if self.public_origin:
            return origin_text == self.public_origin
        return urlsplit(origin_text).netloc == headers.get(b"host", b"").decode("latin-1")
