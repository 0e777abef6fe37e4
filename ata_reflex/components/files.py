"""URLs of private files as the browser must build them."""

from __future__ import annotations

import reflex as rx
from reflex.utils.imports import ImportVar
from reflex.vars import Var, VarData

# In development the backend listens on its own port, so a relative /files/... URL would reach
# the frontend server; getBackendURL gives the backend origin in development and production alike.
_BACKEND_ORIGIN = Var(
    _js_expr="getBackendURL(env.PING).origin",
    _var_data=VarData(
        imports={"$/utils/state": "getBackendURL", "$/env.json": ImportVar(tag="env", is_default=True)}
    ),
).to(str)


def private_file_url(public_id: rx.Var | str) -> rx.Var:
    """Return the URL of a private file for an ``<img src>`` or a link."""
    return _BACKEND_ORIGIN + "/files/" + public_id
