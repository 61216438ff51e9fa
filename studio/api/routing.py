"""Routes whose blocking endpoints cost one thread hop, not two.

FastAPI runs a plain ``def`` endpoint on a pool thread and then, because the endpoint was not a
coroutine, validates the returned model on a pool thread again; each hop is a GIL hand-off that
cost more than the database read itself. Here such an endpoint is wrapped in a coroutine that runs
its body on the pool, so FastAPI checks and serialises the (already validated) answer inline.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute


def threaded(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` as a coroutine that runs it on the thread pool (same signature, for FastAPI)."""

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return run


class ThreadedRoute(APIRoute):
    """An APIRoute that wraps blocking endpoints with :func:`threaded`."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint if inspect.iscoroutinefunction(endpoint) else threaded(endpoint), **kwargs)
