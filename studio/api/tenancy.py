"""The one place where merchant scoping happens: every read and write of merchant data goes through here.

A resource of another merchant is reported as missing (404), never as forbidden, so ids cannot be
probed across tenants.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import HTTPException
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from core.models import AuditEvent
from studio.api.deps import Principal

T = TypeVar("T")


def scoped(model: type[T], principal: Principal) -> Select[tuple[T]]:
    """``SELECT model WHERE merchant_id = <the principal's merchant>``, to refine further."""
    return select(model).where(model.merchant_id == principal.merchant_id)  # type: ignore[attr-defined]


def owned(s: Session, model: type[T], resource_id: str, principal: Principal) -> T:
    """The row with this id if it belongs to the principal's merchant, else 404."""
    row = s.scalar(scoped(model, principal).where(model.id == resource_id))  # type: ignore[attr-defined]
    if row is None:
        raise HTTPException(404, f"{model.__name__.lower()} {resource_id} not found")
    return row


def audit(s: Session, principal: Principal, action: str, resource: str = "", **detail: Any) -> None:
    s.add(AuditEvent(merchant_id=principal.merchant_id, actor=principal.actor, action=action,
                     resource=resource, detail=detail))
