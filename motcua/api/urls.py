"""The API object: /api/v1/, OpenAPI document at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from motcua.api.routers import (
    deadlines,
    dossiers,
    feedback,
    procedures,
    reports,
    results,
    units,
)
from motcua.core.errors import DomainError

api = NinjaAPI(
    title="motcua API",
    version="1",
    description=(
        "One-stop handling of administrative procedures. Errors always have the shape "
        '{"code", "message", "field"}. Session authentication (log in on the web first); '
        "staff must have passed the second factor."
    ),
    docs_url="/docs",
    urls_namespace="api",
)
api.add_router("/deadlines", deadlines.router)
api.add_router("/procedures", procedures.router)
api.add_router("/dossiers", dossiers.router)
api.add_router("/lookup", dossiers.public)
api.add_router("/feedback", feedback.router)
api.add_router("/results", results.public)
api.add_router("/results", results.router)
api.add_router("/dossiers", results.dossier_router)
api.add_router("/reports", reports.router)
api.add_router("/", units.router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, {"code": exc.code, "message": str(exc), "field": exc.field}, status=exc.status
    )


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in first.get("loc", ())[1:]]
    field = ".".join(location) or None
    message = _("%(field)s: %(problem)s") % {
        "field": field or _("request"),
        "problem": first.get("msg", _("invalid value")),
    }
    return api.create_response(
        request, {"code": "invalid", "message": message, "field": field}, status=422
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": "unauthenticated", "message": _("Log in first."), "field": None},
        status=401,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(
        request, {"code": "error", "message": str(exc), "field": None}, status=exc.status_code
    )
