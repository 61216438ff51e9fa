"""How failures reach a client: a clear 4xx naming the problem, never the input, a server path or a
traceback; a locked database as 503 to retry; anything unexpected as an opaque 500 with a request id."""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from core.errors import InputError, without_paths

log = logging.getLogger(__name__)
LOCKED_RETRY_AFTER_S = 2


def _problem(error: dict) -> dict[str, object]:
    """One validation error without its ``input`` and ``ctx`` (FastAPI echoes the offending value there)."""
    message = error["msg"]
    if error["type"] == "json_invalid":
        message = f"invalid JSON: {error.get('ctx', {}).get('error', 'cannot be parsed')}"
    return {"type": error["type"], "loc": [str(part)[:64] for part in error["loc"]], "msg": message[:300]}


async def validation_failed(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": [_problem(e) for e in exc.errors()]}, status_code=422)


async def bad_input(request: Request, exc: InputError) -> JSONResponse:
    """A stage refusing its input is the client's error, with the stage's own message."""
    return JSONResponse({"detail": without_paths(str(exc))}, status_code=422)


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    if isinstance(exc.detail, str):  # routes pass stage messages on, which may name files
        exc.detail = without_paths(exc.detail)
    return await http_exception_handler(request, exc)


async def database_error(request: Request, exc: OperationalError) -> JSONResponse:
    """A write that waited out the busy timeout is load, not a bug: the client may retry."""
    if "database is locked" in str(exc.orig):
        return JSONResponse({"detail": "the database is busy; retry shortly"}, status_code=503,
                            headers={"Retry-After": str(LOCKED_RETRY_AFTER_S)})
    return await unexpected(request, exc)


async def unexpected(request: Request, exc: Exception) -> JSONResponse:
    """The operator's log has the traceback under the request id; the client gets only the id."""
    request_id = uuid.uuid4().hex[:16]
    log.error("request %s %s %s failed", request_id, request.method, request.url.path, exc_info=exc)
    return JSONResponse({"detail": "internal error", "request_id": request_id}, status_code=500,
                        headers={"X-Request-ID": request_id})


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_failed)
    app.add_exception_handler(InputError, bad_input)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(OperationalError, database_error)
    app.add_exception_handler(Exception, unexpected)
