"""Dependencies a route declares by name: the runtime (database, store, job system)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from workers.submit import Runtime


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
