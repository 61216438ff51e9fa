"""Test helpers for the learning loop: a room's night aired to an audience with known rates, and the
platform's per-minute export of it (Douyin's headers)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import numpy as np

from core.models import Segment


def export_csv(minutes: list[tuple[datetime, float, float, float, float]]) -> str:
    """(minute UTC, viewers, clicks, orders, GMV) rows as a Douyin console export on Beijing time."""
    rows = ["时间,实时在线人数,新增粉丝数,商品点击次数,成交订单数,成交金额(元)"]
    for at, viewers, clicks, orders, gmv in minutes:
        rows.append(f"{at + timedelta(hours=8):%Y-%m-%d %H:%M},{viewers:g},0,{clicks:g},{orders:g},{gmv:g}")
    return "\n".join(rows) + "\n"


def air_night(session_factory: Callable, merchant_id: str, room_id: str, start: datetime, pick: Callable[[], str],
              rates: dict[str, float], rng: np.random.Generator,
              minutes: int = 90) -> list[tuple[datetime, float, float, float, float]]:
    """A room night: 60 s scripts chosen by ``pick`` recorded as aired segments; the audience (1000 viewers)
    orders at each script's rate per viewer-minute, 40-100 s after hearing it. Returns the export rows."""
    orders = np.zeros(minutes * 60 + 200)
    t = 0
    with session_factory() as s:
        while t + 60 <= minutes * 60:
            script_id = pick()
            s.add(Segment(merchant_id=merchant_id, room_id=room_id, script_id=script_id, state="played",
                          duration_s=60.0, aired_at=start + timedelta(seconds=t),
                          ended_at=start + timedelta(seconds=t + 60)))
            for second in range(t, t + 60):
                for _ in range(rng.poisson(rates[script_id] * 1000 / 60)):
                    orders[second + int(rng.uniform(40, 100))] += 1
            t += 60
    return [(start + timedelta(minutes=m), 1000, 8 * float(orders[m * 60:(m + 1) * 60].sum()),
             float(orders[m * 60:(m + 1) * 60].sum()), float(orders[m * 60:(m + 1) * 60].sum()) * 59)
            for m in range(minutes)]
