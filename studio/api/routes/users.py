"""User administration by the merchant's owners: list, add, change role, deactivate, set a password, sign out."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from core.models import User
from studio.api.deps import SESSION_COOKIE, Owner, RuntimeDep
from studio.api.routes.auth import set_session_cookie
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit, owned, scoped
from studio.schemas import PasswordChange, SessionsEnded, UserCreate, UserPublic, UserUpdate
from studio.services import accounts

router = APIRouter(tags=["users"], route_class=ThreadedRoute)


@router.get("/users", response_model=list[UserPublic])
def list_users(rt: RuntimeDep, principal: Owner) -> list[UserPublic]:
    with rt.session() as s:
        return [UserPublic.model_validate(u) for u in s.scalars(scoped(User, principal).order_by(User.created_at))]


@router.post("/users", response_model=UserPublic, status_code=201)
def create_user(body: UserCreate, rt: RuntimeDep, principal: Owner) -> UserPublic:
    with rt.session() as s:
        user = accounts.create_user(s, principal.merchant_id, body.email, body.password, body.role)
        audit(s, principal, "user.create", f"user:{user.id}", email=user.email, role=user.role)
        return UserPublic.model_validate(user)


@router.patch("/users/{user_id}", response_model=UserPublic)
def update_user(user_id: str, body: UserUpdate, request: Request, rt: RuntimeDep, principal: Owner) -> UserPublic:
    """Deactivating ends the user's sessions and revokes the API keys made for them."""
    with rt.session() as s:
        user = owned(s, User, user_id, principal)
        accounts.update_user(s, user, role=body.role, active=body.active)
        audit(s, principal, "user.update", f"user:{user.id}", **body.model_dump(exclude_none=True))
        public = UserPublic.model_validate(user)
    request.app.state.key_cache.clear()
    return public


@router.post("/users/{user_id}/password", status_code=204)
def set_password(user_id: str, body: PasswordChange, request: Request, response: Response, rt: RuntimeDep,
                 principal: Owner) -> None:
    """Ends every session of the user; an owner changing their own password gets a fresh session here."""
    with rt.session() as s:
        user = owned(s, User, user_id, principal)
        accounts.set_password(s, user, body.password)
        audit(s, principal, "user.password", f"user:{user.id}")
        if user.id == principal.user_id and request.cookies.get(SESSION_COOKIE):
            set_session_cookie(response, rt, accounts.start_session(s, user, rt.settings.api.session_ttl_s))


@router.delete("/users/{user_id}/sessions", response_model=SessionsEnded)
def end_sessions(user_id: str, rt: RuntimeDep, principal: Owner) -> SessionsEnded:
    """Signs the user out on every device."""
    with rt.session() as s:
        user = owned(s, User, user_id, principal)
        ended = accounts.end_sessions(s, user.id)
        audit(s, principal, "user.sessions_end", f"user:{user.id}", sessions=ended)
        return SessionsEnded(ended=ended)
