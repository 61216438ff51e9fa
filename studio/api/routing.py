"""Routes whose blocking endpoints cost one thread hop, not two, and whose JSON bodies hold only
text that can be stored and sent back.

FastAPI runs a plain ``def`` endpoint on a pool thread and then, because the endpoint was not a
coroutine, validates the returned model on a pool thread again; each hop is a GIL hand-off that
cost more than the database read itself. Here such an endpoint is wrapped in a coroutine that runs
its body on the pool, so FastAPI checks and serialises the (already validated) answer inline.
"""

from __future__ import annotations

import functools
import inspect
import json
import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute

# A JSON escape of a UTF-16 surrogate; only a body holding one can decode to a lone surrogate.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class StrictJsonRequest(Request):
    """A request whose JSON body refuses lone UTF-16 surrogates (``"\\ud800"``): Python decodes them
    into strings that no database, log or response can encode. FastAPI answers the decode error 422."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            value = json.loads(body)
            if _SURROGATE_ESCAPE.search(body):
                try:
                    json.dumps(value, ensure_ascii=False).encode()
                except UnicodeEncodeError as exc:
                    raise json.JSONDecodeError("a string holds a lone UTF-16 surrogate", "", 0) from exc
            self._json = value
        return self._json


def threaded(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` as a coroutine that runs it on the thread pool (same signature, for FastAPI)."""

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return run


class ThreadedRoute(APIRoute):
    """An APIRoute that wraps blocking endpoints with :func:`threaded` and reads :class:`StrictJsonRequest`."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint if inspect.iscoroutinefunction(endpoint) else threaded(endpoint), **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict
