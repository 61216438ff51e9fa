"""Dashboard login sessions and API keys."""

from __future__ import annotations

import contextlib
import math

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import update

from core.models import ApiKey, utcnow
from studio.api.deps import SESSION_COOKIE, Owner, PrincipalDep, RuntimeDep
from studio.api.login_limit import LoginLimits
from studio.api.ratelimit import RateStoreUnavailable
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit, owned, scoped
from studio.schemas import ApiKeyCreate, ApiKeyIssued, ApiKeyPublic, LoginRequest, MePublic
from studio.services import accounts
from workers.submit import Runtime

router = APIRouter(tags=["auth"], route_class=ThreadedRoute)


def set_session_cookie(response: Response, rt: Runtime, token: str) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=rt.settings.api.session_ttl_s, httponly=True,
                        samesite="lax", secure=rt.settings.environment == "production")


def _open_session(rt: Runtime, body: LoginRequest) -> tuple[MePublic, str] | None:
    with rt.session() as s:
        user = accounts.authenticate(s, body.email, body.password, body.merchant)
        if user is None:
            return None
        token = accounts.start_session(s, user, rt.settings.api.session_ttl_s)
        return MePublic(merchant_id=user.merchant_id, role=user.role, actor=f"user:{user.email}"), token


@router.post("/auth/login", response_model=MePublic)
async def login(body: LoginRequest, request: Request, response: Response, rt: RuntimeDep) -> MePublic:
    """Budgeted per account and per client address (429 with Retry-After); unknown and known emails get the
    same answer in the same time."""
    limits: LoginLimits = request.app.state.login_limits
    email, address = body.email.strip().lower(), request.client.host if request.client else ""
    try:
        wait = await limits.retry_after(email, address)
    except RateStoreUnavailable as exc:
        raise HTTPException(503, str(exc)) from exc
    if wait:
        raise HTTPException(429, "too many login attempts: try again later",
                            headers={"Retry-After": str(max(1, math.ceil(wait)))})
    opened = await run_in_threadpool(_open_session, rt, body)
    if opened is None:
        raise HTTPException(401, "wrong email or password")
    with contextlib.suppress(RateStoreUnavailable):  # the login stands; only its refund is lost
        await limits.succeeded(email, address)
    me, token = opened
    set_session_cookie(response, rt, token)
    return me


@router.post("/auth/logout", status_code=204)
def logout(request: Request, response: Response, rt: RuntimeDep) -> None:
    """Ends this session on the server, so the cookie stops working even where it was copied."""
    if token := request.cookies.get(SESSION_COOKIE):
        with rt.session() as s:
            accounts.end_session(s, token)
    response.delete_cookie(SESSION_COOKIE)


@router.post("/auth/logout-everywhere", status_code=204)
def logout_everywhere(response: Response, rt: RuntimeDep, principal: PrincipalDep) -> None:
    """Ends every session of the signed-in user, on every device."""
    if principal.user_id is None:
        raise HTTPException(422, "this API key belongs to no user: there are no sessions to end")
    with rt.session() as s:
        ended = accounts.end_sessions(s, principal.user_id)
        audit(s, principal, "user.logout_everywhere", f"user:{principal.user_id}", sessions=ended)
    response.delete_cookie(SESSION_COOKIE)


@router.get("/auth/me", response_model=MePublic)
async def read_me(principal: PrincipalDep) -> MePublic:
    return MePublic(merchant_id=principal.merchant_id, role=principal.role, actor=principal.actor)


@router.post("/api-keys", response_model=ApiKeyIssued, status_code=201)
def create_api_key(body: ApiKeyCreate, rt: RuntimeDep, principal: Owner) -> ApiKeyIssued:
    """The key is in this response only; store it now. It belongs to the user who made it (if a user did) and
    stops when that user is deactivated."""
    with rt.session() as s:
        issued = accounts.issue_api_key(s, principal.merchant_id, body.name, body.role, principal.user_id)
        audit(s, principal, "api_key.create", f"api_key:{issued.id}", role=issued.role)
        return ApiKeyIssued(id=issued.id, key=issued.key, prefix=issued.prefix, role=issued.role, name=body.name)


@router.get("/api-keys", response_model=list[ApiKeyPublic])
def list_api_keys(rt: RuntimeDep, principal: Owner) -> list[ApiKeyPublic]:
    with rt.session() as s:
        return [ApiKeyPublic.model_validate(k) for k in s.scalars(scoped(ApiKey, principal).order_by(ApiKey.created_at))]


@router.delete("/api-keys/{key_id}", status_code=204)
def revoke_api_key(key_id: str, request: Request, rt: RuntimeDep, principal: Owner) -> None:
    with rt.session() as s:
        key = owned(s, ApiKey, key_id, principal)
        s.execute(update(ApiKey).where(ApiKey.id == key.id).values(revoked_at=utcnow()))
        audit(s, principal, "api_key.revoke", f"api_key:{key.id}")
    request.app.state.key_cache.clear()
