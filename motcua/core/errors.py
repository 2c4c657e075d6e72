"""The one error type domain code raises for a refused action or bad input (style.md)."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal the user can act on: a translatable, full-sentence message.

    `code` is a stable machine-readable identifier the API returns; `field` names the input the
    message belongs to when there is one (the web layer attaches it to that form field).
    """

    code = "invalid"
    status = 400

    def __init__(self, message: Any, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code is not None:
            self.code = code
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class NotFoundError(DomainError):
    """Raised by every `<thing>_get_for_user` for both missing and not-yours objects."""

    code = "not_found"
    status = 404


class PermissionDeniedError(DomainError):
    """Raised by services when the actor may see the object but not perform the action."""

    code = "forbidden"
    status = 403
