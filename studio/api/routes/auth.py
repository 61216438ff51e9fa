"""Dashboard login sessions, users and API keys."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from sqlalchemy import select, update

from core.errors import InputError
from core.models import ApiKey, User, utcnow
from core.security import sign, verify_password
from studio.api.deps import (
    SESSION_COOKIE,
    SESSION_PURPOSE,
    Owner,
    PrincipalDep,
    RuntimeDep,
)
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit, owned, scoped
from studio.schemas import (
    ApiKeyCreate,
    ApiKeyIssued,
    ApiKeyPublic,
    LoginRequest,
    MePublic,
    UserCreate,
    UserPublic,
)
from studio.services import accounts

router = APIRouter(tags=["auth"], route_class=ThreadedRoute)


@router.post("/auth/login", response_model=MePublic)
def login(body: LoginRequest, rt: RuntimeDep, response: Response) -> MePublic:
    with rt.session() as s:
        user = s.scalar(select(User).where(User.email == body.email.strip().lower()))
        if user is None or not user.active or not verify_password(body.password, user.password_hash):
            raise HTTPException(401, "wrong email or password")
        token = sign(user.id, secret=rt.settings.secret_key.get_secret_value(), purpose=SESSION_PURPOSE,
                     ttl_s=rt.settings.api.session_ttl_s)
        response.set_cookie(SESSION_COOKIE, token, max_age=rt.settings.api.session_ttl_s, httponly=True,
                            samesite="lax", secure=rt.settings.environment == "production")
        return MePublic(merchant_id=user.merchant_id, role=user.role, actor=f"user:{user.email}")


@router.post("/auth/logout", status_code=204)
def logout(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE)


@router.get("/auth/me", response_model=MePublic)
async def read_me(principal: PrincipalDep) -> MePublic:
    return MePublic(merchant_id=principal.merchant_id, role=principal.role, actor=principal.actor)


@router.post("/users", response_model=UserPublic, status_code=201)
def create_user(body: UserCreate, rt: RuntimeDep, principal: Owner) -> UserPublic:
    with rt.session() as s:
        try:
            user = accounts.create_user(s, principal.merchant_id, body.email, body.password, body.role)
        except InputError as exc:
            raise HTTPException(422, str(exc)) from exc
        audit(s, principal, "user.create", f"user:{user.id}", email=user.email, role=user.role)
        return UserPublic.model_validate(user)


@router.post("/api-keys", response_model=ApiKeyIssued, status_code=201)
def create_api_key(body: ApiKeyCreate, rt: RuntimeDep, principal: Owner) -> ApiKeyIssued:
    """The key is in this response only; store it now."""
    with rt.session() as s:
        issued = accounts.issue_api_key(s, principal.merchant_id, body.name, body.role)
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
