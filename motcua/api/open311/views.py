"""Open311 GeoReport v2 under /open311/v2/: discovery, services, service definitions, requests
(GET and POST), one request, tokens. docs/feedback.md maps the standard onto PAKN.

Thin views: parse the standard parameters, call the feedback selectors and services, render
JSON or XML. GET never shows personal data: no sender name, address, phone or e-mail, and the
description, answer and photos only once the answer is published. POST needs an `api_key`
issued with `manage.py open311_key --create NAME`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from motcua.core.errors import DomainError
from motcua.core.time import local
from motcua.deadlines.calendar import VN_TZ
from motcua.feedback import selectors, services
from motcua.feedback.models import Feedback, FeedbackCategory, FeedbackChannel, FeedbackState

from .render import errors, render

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
DEFAULT_RANGE = timedelta(days=90)  # the standard: the last 90 days unless dates are given
MAX_REQUESTS = 1000  # the standard's default page


def _iso(moment: datetime | None) -> str | None:
    return local(moment).replace(microsecond=0).isoformat() if moment is not None else None


def _jurisdiction(request: HttpRequest, fmt: str) -> tuple[str, HttpResponse | None]:
    source = request.POST if request.method == "POST" else request.GET
    jurisdiction = source.get("jurisdiction_id", "").strip()
    if jurisdiction and not selectors.jurisdiction_exists(jurisdiction=jurisdiction):
        return jurisdiction, errors(
            fmt, 404, _("jurisdiction_id %(id)s is not served here.") % {"id": jurisdiction}
        )
    return jurisdiction, None


def _service(category: FeedbackCategory) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": True,  # one optional attribute: the dossier code
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def _photo_urls(request: HttpRequest, feedback: Feedback) -> list[str]:
    return [
        request.build_absolute_uri(
            reverse("web:feedback_photo", kwargs={"pk": feedback.pk, "photo": photo.pk})
        )
        for photo in feedback.photos.all()
    ]


def request_document(request: HttpRequest, feedback: Feedback) -> dict[str, Any]:
    """Return the public view of a feedback as an Open311 service request (no personal data)."""
    published = feedback.state == FeedbackState.PUBLISHED
    notes = feedback.status_notes or FeedbackState(feedback.state).label
    if published:
        notes = feedback.answer
    photos = _photo_urls(request, feedback) if published else []
    return {
        "service_request_id": str(feedback.pk),
        "status": "open" if feedback.is_open else "closed",
        "status_notes": str(notes),
        "service_name": feedback.category.name,
        "service_code": feedback.category.code,
        "description": feedback.content if published else None,
        "agency_responsible": feedback.unit.name,
        "service_notice": str(FeedbackState(feedback.state).label),
        "requested_datetime": _iso(feedback.received_at),
        "updated_datetime": _iso(feedback.updated_at),
        "expected_datetime": _iso(feedback.answer_due_at) if feedback.is_open else None,
        "address": feedback.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": float(feedback.lat) if feedback.lat is not None else None,
        "long": float(feedback.long) if feedback.long is not None else None,
        "media_url": (photos[0] if photos else feedback.media_url or None) if published else None,
    }


@require_safe
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": fmt}))
    base = base.rsplit("/", 1)[0] + "/"
    changeset = "2026-12-01T00:00:00+07:00"
    data = {
        "changeset": changeset,
        "contact": getattr(settings, "MOTCUA_OPEN311_CONTACT", "")
        or _("The province's one-stop service centre."),
        "key_service": _("Ask the province's administrator for an API key."),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(data, fmt, root="discovery", item="endpoint")


@require_safe
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    jurisdiction, error = _jurisdiction(request, fmt)
    if error:
        return error
    services_ = [_service(c) for c in selectors.category_list_active(jurisdiction=jurisdiction)]
    return render(services_, fmt, root="services", item="service")


@require_safe
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    jurisdiction, error = _jurisdiction(request, fmt)
    if error:
        return error
    try:
        category = selectors.category_get_by_code(code=code, jurisdiction=jurisdiction)
    except DomainError as exc:
        return errors(fmt, 404, str(exc))
    data = {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": "dossier_code",
                "datatype": "string",
                "required": False,
                "datatype_description": _(
                    "The dossier code on the receipt, e.g. 000.00.31.H13-260429-0001."
                ),
                "order": 1,
                "description": _("Dossier code, if the feedback is about a dossier"),
            }
        ],
    }
    return render(data, fmt, root="service_definition", item="attribute")


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=VN_TZ)


def _decimal(text: str, name: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise DomainError(_("%(name)s is not a number.") % {"name": name}, field=name) from None


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def request_list(request: HttpRequest, fmt: str) -> HttpResponse:
    jurisdiction, error = _jurisdiction(request, fmt)
    if error:
        return error
    if request.method == "POST":
        return _post_request(request, fmt, jurisdiction)
    params = request.GET
    try:
        ids = [
            int(part) for part in params.get("service_request_id", "").split(",") if part.strip()
        ]
        start = _parse_time(params["start_date"]) if params.get("start_date") else None
        end = _parse_time(params["end_date"]) if params.get("end_date") else None
    except ValueError:
        return errors(
            fmt,
            400,
            _(
                "service_request_id must be numbers; start_date and end_date W3C date-times such "
                "as 2026-04-29T09:00:00+07:00."
            ),
        )
    if start is None and end is None and not ids:
        start = timezone.now() - DEFAULT_RANGE
    elif start is not None and end is not None and end - start > DEFAULT_RANGE:
        return errors(fmt, 400, _("start_date and end_date may not span more than 90 days."))
    statuses = [part.strip() for part in params.get("status", "").split(",") if part.strip()]
    if any(status not in ("open", "closed") for status in statuses):
        return errors(fmt, 400, _("status is open or closed."))
    codes = [part.strip() for part in params.get("service_code", "").split(",") if part.strip()]
    items = selectors.request_list_public(
        ids=ids,
        service_codes=codes,
        start=start,
        end=end,
        statuses=statuses,
        jurisdiction=jurisdiction,
        limit=MAX_REQUESTS,
    )
    return render(
        [request_document(request, item) for item in items],
        fmt,
        root="service_requests",
        item="request",
    )


def _post_request(request: HttpRequest, fmt: str, jurisdiction: str) -> HttpResponse:
    form = request.POST
    try:
        client = selectors.api_client_authenticate(key=form.get("api_key", ""))
    except DomainError as exc:
        return errors(fmt, 403, str(exc))
    try:
        category = selectors.category_get_by_code(
            code=form.get("service_code", "").strip(), jurisdiction=jurisdiction
        )
    except DomainError as exc:
        return errors(fmt, 404, str(exc))
    name = " ".join(
        part for part in (form.get("first_name", ""), form.get("last_name", "")) if part.strip()
    )
    description = form.get("description", "")
    try:
        feedback = services.feedback_receive(
            data=services.FeedbackInput(
                category=category,
                sender_name=name,
                sender_email=form.get("email", ""),
                sender_phone=form.get("phone", "")[:15],
                title=description.strip().split("\n")[0][:120],
                content=description,
                address=form.get("address_string", "")[:255],
                lat=_decimal(form.get("lat", ""), "lat"),
                long=_decimal(form.get("long", ""), "long"),
                dossier_code=form.get("attribute[dossier_code]", "")[:40],
                media_url=form.get("media_url", "")[:500],
            ),
            channel=FeedbackChannel.API,
            api_client=client,
        )
    except DomainError as exc:
        field = {"sender_name": "first_name, last_name", "content": "description"}.get(
            exc.field or "", exc.field
        )
        message = f"{field}: {exc}" if field else str(exc)
        return errors(fmt, 400, message)
    data = [
        {
            "service_request_id": str(feedback.pk),
            "token": feedback.token,
            "service_notice": _("Answered within 15 working days; expected by %(time)s.")
            % {"time": _iso(feedback.answer_due_at)},
            "account_id": None,
        }
    ]
    return render(data, fmt, root="service_requests", item="request", status=201)


@require_safe
def request_detail(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    jurisdiction, error = _jurisdiction(request, fmt)
    if error:
        return error
    items = selectors.request_list_public(ids=[pk], jurisdiction=jurisdiction)
    if not items:
        return errors(fmt, 404, _("There is no request %(id)s.") % {"id": pk})
    return render(
        [request_document(request, items[0])], fmt, root="service_requests", item="request"
    )


@require_safe
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    try:
        feedback = selectors.request_get_by_token(token=token)
    except DomainError as exc:
        return errors(fmt, 404, str(exc))
    data = [{"service_request_id": str(feedback.pk), "token": feedback.token}]
    return render(data, fmt, root="service_requests", item="request")
