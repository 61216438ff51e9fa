"""Per-key rate limits across API processes: one budget in Redis, or one per process when embedded."""

from __future__ import annotations

import time
from contextlib import ExitStack

import httpx

from studio.services.accounts import create_merchant
from workers.runtime import Runtime

BURST = 6
LIMITS = {"EVERCAST_API__RATE_BURST": str(BURST), "EVERCAST_API__RATE_PER_S": "0.25"}


def _owner_key(stack) -> str:  # noqa: ANN001
    rt = Runtime.create(stack.settings)
    try:
        with rt.session() as s:
            return create_merchant(s, "shop", "Shop", "owner@shop.example.com", "correct horse battery")[1].key
    finally:
        rt.close()


def _two_servers(start_api, stack, key: str, exits: ExitStack) -> list[httpx.Client]:  # noqa: ANN001
    clients = []
    for n in range(2):
        base = exits.enter_context(start_api(stack.env | LIMITS, stack.settings.data_dir / f"api{n}.log"))
        clients.append(exits.enter_context(httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"},
                                                        timeout=10)))
    return clients


def _alternate(clients: list[httpx.Client], count: int) -> list[int]:
    return [clients[i % 2].get("/auth/me").status_code for i in range(count)]


def test_api_processes_on_one_redis_share_each_keys_budget(make_stack, private_redis, start_api):
    stack = make_stack(broker_url=private_redis.url)
    key = _owner_key(stack)
    with ExitStack() as exits:
        clients = _two_servers(start_api, stack, key, exits)
        assert _alternate(clients, BURST) == [200] * BURST  # the burst, spent through both processes
        refused = [clients[i].get("/auth/me") for i in (0, 1)]
        assert [r.status_code for r in refused] == [429, 429]
        assert all(int(r.headers["retry-after"]) >= 1 for r in refused)
        time.sleep(4.6)  # 0.25 tokens/s: one more request, whichever process takes it
        assert _alternate(clients, 2) == [200, 429]


def test_embedded_api_processes_each_keep_their_own_budget(make_stack, start_api):
    stack = make_stack()
    key = _owner_key(stack)
    with ExitStack() as exits:
        clients = _two_servers(start_api, stack, key, exits)
        codes = _alternate(clients, 2 * BURST + 2)
    assert codes == [200] * (2 * BURST) + [429, 429]


def test_an_unreachable_rate_store_refuses_with_503_naming_redis(make_stack, private_redis, start_api):
    stack = make_stack(broker_url=private_redis.url)
    key = _owner_key(stack)
    with ExitStack() as exits:
        client = _two_servers(start_api, stack, key, exits)[0]
        assert client.get("/auth/me").status_code == 200
        private_redis.stop()
        down = client.get("/auth/me")
        assert down.status_code == 503 and "Redis" in down.json()["detail"], down.text
        private_redis.start()
        assert client.get("/auth/me").status_code == 200
