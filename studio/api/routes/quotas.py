"""The merchant's quotas and what it uses of them."""

from __future__ import annotations

from fastapi import APIRouter

from studio.api.deps import PrincipalDep, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.schemas import QuotasPublic
from workers.commands import quotas

router = APIRouter(tags=["quotas"], route_class=ThreadedRoute)


@router.get("/quotas", response_model=QuotasPublic)
def read_quotas(rt: RuntimeDep, principal: PrincipalDep) -> QuotasPublic:
    """Storage (bytes), rooms on air and unfinished jobs: used and limit; beyond a limit requests get 403 / 429."""
    return QuotasPublic.model_validate(quotas.usage(rt, principal.merchant_id))
