"""The merchant dashboard: server-rendered pages that drive the JSON API with a little JavaScript.

Nothing is fetched from a CDN: templates, CSS and JS ship in this package. Pages hold no business
logic; they call the same API endpoints an integrator would, with the login session cookie.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from studio.api.headers import page_nonce
from studio.api.routing import ThreadedRoute
from studio.dashboard.i18n import MESSAGES, pick_lang, translator

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
static = StaticFiles(directory=HERE / "static")
router = APIRouter(prefix="/ui", include_in_schema=False, route_class=ThreadedRoute)
PAGES = ("jobs", "kb", "scripts", "avatars", "voices", "videos", "rooms", "performance", "campaigns", "keys", "users",
         "quotas", "hosts")


def _render(request: Request, page: str, **context: object) -> Response:
    lang = pick_lang(request.query_params.get("lang"), request.cookies.get("lang"),
                     request.headers.get("accept-language"))
    response = templates.TemplateResponse(request, f"{page}.html", {
        "page": page, "pages": PAGES, "lang": lang, "t": translator(lang), "csp_nonce": page_nonce(request),
        "messages": {k: v[lang] for k, v in MESSAGES.items()}, **context})
    if request.query_params.get("lang") == lang:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.get("/", response_class=HTMLResponse)
def home() -> RedirectResponse:
    return RedirectResponse("/ui/jobs")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return _render(request, "login")


@router.get("/scripts/{script_id}", response_class=HTMLResponse)
def script_page(request: Request, script_id: str) -> Response:
    return _render(request, "script", script_id=script_id)


@router.get("/{page}", response_class=HTMLResponse)
def page(request: Request, page: str) -> Response:
    if page not in PAGES:
        return RedirectResponse("/ui/jobs")
    return _render(request, page)
