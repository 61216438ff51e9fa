"""Per-merchant quotas: stored bytes, rooms on air at once and jobs in flight at once.

A merchant's own limits live in ``merchant_quotas``; a missing row or column follows the ``quota``
settings. Checks run before anything is created, so a refused request leaves nothing behind. They
count what exists at that moment: two requests racing for the last unit may both pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from core.errors import EvercastError
from core.models import Asset, Job, LiveRoom, MerchantQuota, Upload
from workers.commands.rooms import ACTIVE_STATES as ROOMS_ON_AIR
from workers.jobs import ACTIVE as JOBS_IN_FLIGHT
from workers.runtime import Runtime

GB = 1024**3
UPLOADS_IN_FLIGHT = ("open", "verifying")


class QuotaExceeded(EvercastError):
    """A merchant reached one of its limits: ``status`` is the HTTP answer (403 storage, 429 rooms and jobs)."""

    code = "quota_exceeded"

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Usage:
    used: float
    limit: float


@dataclass(frozen=True)
class Quotas:
    """What a merchant uses against its limits (storage in bytes)."""

    storage: Usage
    live_rooms: Usage
    jobs: Usage


def limits(rt: Runtime, s: Session, merchant_id: str) -> tuple[int, int]:
    """(rooms on air, jobs in flight) the merchant may have."""
    own = s.get(MerchantQuota, merchant_id) or MerchantQuota()
    default = rt.settings.quota
    return (own.live_rooms if own.live_rooms is not None else default.live_rooms,
            own.jobs if own.jobs is not None else default.jobs)


_MERCHANT = bindparam("merchant_id")
# Checked before every upload, so one statement built once and one round trip: the merchant's own storage
# limit (NULL: the default), then the bytes it stores plus those its open uploads hold.
_STORAGE = select(
    select(MerchantQuota.storage_gb).where(MerchantQuota.merchant_id == _MERCHANT).scalar_subquery(),
    select(func.coalesce(func.sum(Asset.size), 0)).where(Asset.merchant_id == _MERCHANT).scalar_subquery()
    + select(func.coalesce(func.sum(Upload.size), 0))
    .where(Upload.merchant_id == _MERCHANT, Upload.status.in_(UPLOADS_IN_FLIGHT)).scalar_subquery(),
)


def _storage(rt: Runtime, s: Session, merchant_id: str) -> tuple[int, float]:
    """(bytes stored and held by open uploads, the merchant's storage limit in bytes)."""
    own_gb, used = s.execute(_STORAGE, {"merchant_id": merchant_id}).one()
    return int(used), (own_gb if own_gb is not None else rt.settings.quota.storage_gb) * GB


def _rooms_on_air(s: Session, merchant_id: str, other_than: str | None = None) -> int:
    query = select(func.count()).select_from(LiveRoom).where(LiveRoom.merchant_id == merchant_id,
                                                             LiveRoom.state.in_(ROOMS_ON_AIR))
    if other_than is not None:
        query = query.where(LiveRoom.id != other_than)
    return int(s.scalar(query))


def _jobs_in_flight(s: Session, merchant_id: str) -> int:
    """Jobs the merchant asked for (a pipeline counts once, not per step) that have not finished."""
    return int(s.scalar(select(func.count()).select_from(Job).where(
        Job.merchant_id == merchant_id, Job.parent_id.is_(None), Job.status.in_(JOBS_IN_FLIGHT))))


def usage(rt: Runtime, merchant_id: str) -> Quotas:
    with rt.session() as s:
        rooms, jobs = limits(rt, s, merchant_id)
        return Quotas(Usage(*_storage(rt, s, merchant_id)), Usage(_rooms_on_air(s, merchant_id), rooms),
                      Usage(_jobs_in_flight(s, merchant_id), jobs))


def check_storage(rt: Runtime, s: Session, merchant_id: str, adding: int) -> None:
    """Refuse (403) ``adding`` bytes that would take the merchant past its storage quota."""
    used, limit = _storage(rt, s, merchant_id)
    if used + adding > limit:
        raise QuotaExceeded(f"storage quota exceeded: {used / GB:.2f} GB of {limit / GB:.2f} GB in use and this "
                            f"file needs {adding / GB:.2f} GB; delete assets or ask for a larger quota", 403)


def check_live_rooms(rt: Runtime, merchant_id: str, room_id: str) -> None:
    """Refuse (429) putting ``room_id`` on air when the merchant's other rooms already use the quota."""
    with rt.session() as s:
        limit = limits(rt, s, merchant_id)[0]
        if _rooms_on_air(s, merchant_id, other_than=room_id) >= limit:
            raise QuotaExceeded(f"live room quota reached: {limit} room(s) on air at once; stop one first", 429)


def check_jobs(rt: Runtime, merchant_id: str) -> None:
    """Refuse (429) a new job while the merchant already has its quota of unfinished jobs."""
    with rt.session() as s:
        limit = limits(rt, s, merchant_id)[1]
        if _jobs_in_flight(s, merchant_id) >= limit:
            raise QuotaExceeded(f"job quota reached: {limit} unfinished job(s) at once; wait for one to finish "
                                "or cancel one", 429)


def set_quota(rt: Runtime, merchant_id: str, *, storage_gb: float | None = None, live_rooms: int | None = None,
              jobs: int | None = None) -> None:
    """Give the merchant its own limits (the ones passed; the others stay as they were)."""
    with rt.session() as s:
        row = s.get(MerchantQuota, merchant_id) or MerchantQuota(merchant_id=merchant_id)
        for name, value in (("storage_gb", storage_gb), ("live_rooms", live_rooms), ("jobs", jobs)):
            if value is not None:
                setattr(row, name, value)
        s.add(row)
