"""Plain HTTP routes mounted beside Reflex's own: private files for their owner and for staff."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from ata_reflex.domain.errors import DomainError
from ata_reflex.services.db import session_scope
from ata_reflex.services.files import FILE_ROUTE, get_file_for_viewer
from ata_reflex.services.sessions import resolve_session

logger = logging.getLogger(__name__)

SESSION_COOKIE = "ata_session"


def private_file(request: Request) -> Response:
    """Serve a stored file to its owner or to staff; everyone else gets the same 404."""
    public_id = request.path_params["public_id"]
    token = request.cookies.get(SESSION_COOKIE, "")
    try:
        with session_scope() as db:
            viewer = resolve_session(db, token=token)
            row, path = get_file_for_viewer(db, public_id=public_id, viewer=viewer)
    except DomainError:
        return PlainTextResponse("Not Found", status_code=404)
    logger.info("file served file_id=%s viewer_id=%s", row.id, viewer.user_id)
    return FileResponse(
        path,
        media_type=row.content_type,
        headers={
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": "inline",
        },
    )


def build_api() -> Starlette:
    """Return the Starlette app that Reflex mounts its own routes under."""
    return Starlette(routes=[Route(f"{FILE_ROUTE}/{{public_id}}", private_file, methods=["GET"])])
