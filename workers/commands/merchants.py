"""Merchants by slug, for entry points that act on one (the CLI, the demo, benchmarks)."""

from __future__ import annotations

from sqlalchemy import select

from core.errors import InputError
from core.models import Merchant
from workers.runtime import Runtime

DEMO_SLUG = "demo"


def merchant_id(rt: Runtime, slug: str = DEMO_SLUG) -> str:
    """The id of merchant ``slug``; the demo merchant is made on first use, so the embedded defaults need no setup."""
    with rt.session() as s:
        merchant = s.scalar(select(Merchant).where(Merchant.slug == slug))
        if merchant is None and slug == DEMO_SLUG:
            merchant = Merchant(slug=DEMO_SLUG, name="Demo merchant")
            s.add(merchant)
            s.flush()
        if merchant is None:
            raise InputError(f"no merchant {slug!r}: create it with `evercast merchant create`")
        return merchant.id
