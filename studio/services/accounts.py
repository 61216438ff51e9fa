"""Merchants, users and API keys."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import InputError
from core.models import ROLES, ApiKey, Merchant, User
from core.security import hash_password, new_api_key

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
    email = email.strip().lower()
    if not _EMAIL.fullmatch(email):
        raise InputError(f"not an email address: {email!r}")
    if len(password) < 10:
        raise InputError("password must have at least 10 characters")
    if s.scalar(select(User.id).where(User.email == email)):
        raise InputError(f"a user with email {email} already exists")
    user = User(merchant_id=merchant_id, email=email, password_hash=hash_password(password), role=check_role(role))
    s.add(user)
    s.flush()
    return user


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
