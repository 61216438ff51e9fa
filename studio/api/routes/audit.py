"""The merchant's audit log (owners only)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from core.models import AuditEvent
from studio.api.deps import Owner, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import scoped
from studio.schemas import AuditEventPublic

router = APIRouter(prefix="/audit", tags=["audit"], route_class=ThreadedRoute)


@router.get("", response_model=list[AuditEventPublic])
def list_audit_events(rt: RuntimeDep, principal: Owner, limit: int = Query(100, ge=1, le=1000)) -> list[AuditEventPublic]:
    query = scoped(AuditEvent, principal).order_by(AuditEvent.id.desc()).limit(limit)
    with rt.session() as s:
        return [AuditEventPublic.model_validate(e) for e in s.scalars(query)]
