"""Merchants, users, their login sessions and API keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from core.errors import InputError
from core.models import ROLES, ApiKey, Merchant, User, UserSession, utcnow
from core.passwords import hash_password, password_needs_rehash, verify_dummy_password, verify_password
from core.security import new_api_key, new_session_token, session_digest

MIN_PASSWORD_CHARS = 10

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,}$")


@dataclass(frozen=True)
class IssuedKey:
    id: str
    key: str
    prefix: str
    role: str


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return role


def create_user(s: Session, merchant_id: str, email: str, password: str, role: str) -> User:
    """A user of ``merchant_id``; the same address may also be a user of another merchant, which this never tells."""
    email = email.strip().lower()
    if not _EMAIL.fullmatch(email):
        raise InputError("not an email address")
    if s.scalar(select(User.id).where(User.merchant_id == merchant_id, User.email == email)):
        raise InputError("a user with this email already exists")
    user = User(merchant_id=merchant_id, email=email, password_hash=_hash(password), role=check_role(role))
    s.add(user)
    s.flush()
    return user


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError(f"password must have at least {MIN_PASSWORD_CHARS} characters")
    return hash_password(password)


class AmbiguousLogin(InputError):
    """The email and password open accounts at several merchants: the login must name one."""


def authenticate(s: Session, email: str, password: str, merchant_slug: str | None = None) -> User | None:
    """The active user these credentials open, or None, at the cost of one password check or more whether or not
    the email exists (a dummy hash stands in), so that neither the answer nor its timing tells which addresses
    have accounts. A hash of older parameters or scheme is replaced by a current one."""
    query = select(User).where(User.email == email.strip().lower())
    if merchant_slug:
        query = query.join(Merchant, Merchant.id == User.merchant_id).where(Merchant.slug == merchant_slug)
    candidates = list(s.scalars(query))
    if not candidates:
        verify_dummy_password(password)
    opened = [u for u in candidates if verify_password(password, u.password_hash) and u.active]
    if len(opened) > 1:
        raise AmbiguousLogin("this email and password open accounts at several merchants: also give the merchant")
    if not opened:
        return None
    user = opened[0]
    if password_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def start_session(s: Session, user: User, ttl_s: float) -> str:
    """A new login session of ``user``; returns the cookie token (the database keeps its SHA-256 only)."""
    now = utcnow()
    s.execute(delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now))
    token, digest = new_session_token()
    s.add(UserSession(user_id=user.id, digest=digest, expires_at=now + timedelta(seconds=ttl_s), last_seen_at=now))
    return token


def end_session(s: Session, token: str) -> None:
    s.execute(delete(UserSession).where(UserSession.digest == session_digest(token)))


def end_sessions(s: Session, user_id: str) -> int:
    """Signs ``user_id`` out everywhere; returns how many sessions ended."""
    return s.execute(delete(UserSession).where(UserSession.user_id == user_id)).rowcount


def update_user(s: Session, user: User, *, role: str | None = None, active: bool | None = None) -> None:
    """Changes role or state; a deactivated user's sessions end and API keys are revoked. A merchant always keeps
    one active owner, so that nobody can lock it out of its own administration."""
    new_role = check_role(role) if role is not None else user.role
    new_active = user.active if active is None else active
    if user.role == "owner" and user.active and (new_role != "owner" or not new_active):
        others = s.scalar(select(func.count()).select_from(User).where(
            User.merchant_id == user.merchant_id, User.role == "owner", User.active, User.id != user.id))
        if not others:
            raise InputError("a merchant must keep at least one active owner")
    user.role, user.active = new_role, new_active
    if not new_active:
        end_sessions(s, user.id)
        s.execute(update(ApiKey).where(ApiKey.user_id == user.id, ApiKey.revoked_at.is_(None))
                  .values(revoked_at=utcnow()))


def set_password(s: Session, user: User, password: str) -> None:
    """A new password ends every session of the user (whoever knew the old one is signed out)."""
    user.password_hash = _hash(password)
    end_sessions(s, user.id)


def issue_api_key(s: Session, merchant_id: str, name: str, role: str, user_id: str | None = None) -> IssuedKey:
    fresh = new_api_key()
    key = ApiKey(merchant_id=merchant_id, user_id=user_id, name=name[:100], prefix=fresh.prefix,
                 digest=fresh.digest, role=check_role(role))
    s.add(key)
    s.flush()
    return IssuedKey(key.id, fresh.plaintext, fresh.prefix, key.role)


def create_merchant(s: Session, slug: str, name: str, owner_email: str, owner_password: str) -> tuple[Merchant, IssuedKey]:
    """A merchant with its owner account and a first owner API key (shown once)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,62}", slug):
        raise InputError(f"invalid merchant slug {slug!r}: 2-63 of a-z, 0-9 and '-'")
    if s.scalar(select(Merchant.id).where(Merchant.slug == slug)):
        raise InputError(f"merchant {slug} already exists")
    merchant = Merchant(slug=slug, name=name)
    s.add(merchant)
    s.flush()
    owner = create_user(s, merchant.id, owner_email, owner_password, "owner")
    return merchant, issue_api_key(s, merchant.id, "owner key", "owner", owner.id)
