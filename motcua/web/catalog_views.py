"""Public catalogue pages: search the procedures in force, read one, its old versions, its forms.

Thin views over `motcua.catalog.selectors` (and `motcua.workflow.selectors` for the internal
processes); the catalogue is public (NĐ 63/2010), so nothing here needs a login.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from motcua.catalog import selectors
from motcua.catalog.models import Channel, OnlineLevel, Procedure, ProcedureVersion
from motcua.core.errors import NotFoundError
from motcua.deadlines.calendar import OfficeHours
from motcua.workflow import engine
from motcua.workflow.models import ProcessDefinition, StepKind
from motcua.workflow.selectors import process_list_in_force


class CatalogSearchForm(forms.Form):
    """The search and its filters; every field is optional and the form is read from GET."""

    q = forms.CharField(
        label=gettext_lazy("Search for a procedure"),
        help_text=gettext_lazy(
            "A name or a code. Accents are optional: “dang ky khai sinh” finds “Đăng ký khai sinh”."
        ),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    field = forms.TypedChoiceField(
        label=gettext_lazy("Field"), required=False, coerce=int, empty_value=None
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
        required=False,
        choices=[
            ("", gettext_lazy("All levels")),
            ("province", gettext_lazy("Provincial level")),
            ("commune", gettext_lazy("Commune level")),
        ],
    )
    agency = forms.CharField(
        label=gettext_lazy("Implementing agency"),
        help_text=gettext_lazy("Part of its name, e.g. “so y te”."),
        required=False,
        max_length=200,
    )
    online_level = forms.ChoiceField(
        label=gettext_lazy("Online service"),
        required=False,
        choices=[("", gettext_lazy("Any")), *OnlineLevel.choices],
    )

    def __init__(self, *args: Any, fields: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 -- declared above
        field.choices = [("", _("All fields")), *((item.pk, item.name) for item in fields)]

    def filters(self) -> selectors.CatalogFilters:
        """Return the valid filters; an invalid one is dropped (and shown on its field)."""
        data = self.cleaned_data if self.is_bound else {}
        return selectors.CatalogFilters(
            query=data.get("q") or "",
            field_id=data.get("field"),
            level=data.get("level") or "",
            agency=data.get("agency") or "",
            online_level=data.get("online_level") or "",
        )


@require_safe
def procedure_list(request: HttpRequest) -> HttpResponse:
    """Search the procedures in force: folded words, filters, 20 per page."""
    form = CatalogSearchForm(request.GET or None, fields=selectors.field_list_in_use())
    if form.is_bound:
        form.is_valid()  # fills cleaned_data with the valid fields
    filters = form.filters()
    results = selectors.procedure_search(filters=filters)
    page = Paginator(results, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "query_string": keep.urlencode(),
        "filtered": any(
            [filters.field_id, filters.level, filters.agency.strip(), filters.online_level]
        ),
    }
    return render(request, "web/catalog/list.html", context)


@dataclass(frozen=True)
class StepRow:
    position: int
    unit: str
    role: str
    task: str
    time: str
    kind: str  # empty for a standard step


@dataclass(frozen=True)
class ProcessGroup:
    """One internal process, shown once for every receiving place that has the same one."""

    places: list[str]
    decision: str
    effective_from: date | None
    steps: list[StepRow]
    total: str


def _step_time(value: Decimal, unit: str) -> str:
    if value == 0:
        return _("not timed")
    return selectors.limit_display(value=value, unit=unit)


def _process_groups(processes: list[ProcessDefinition]) -> list[ProcessGroup]:
    """Group the processes whose steps are the same up to the receiving place.

    A province usually approves one process for all its commune centres; the demo loads it at
    18 centres. A step done by the receiving centre or by the agency it belongs to is named
    that way in a group of several places, and by the unit's name when there is one place.
    """
    groups: dict[tuple[Any, ...], list[ProcessDefinition]] = {}
    for process in processes:
        receiving = process.receiving_unit
        signature = (
            process.decision,
            process.effective_from,
            tuple(
                (
                    step.position,
                    step.actor_role,
                    step.task,
                    step.allotted_value,
                    step.allotted_unit,
                    step.kind,
                    step.joint_mode,
                    step.is_lead,
                    "receiving"
                    if step.actor_unit_id == receiving.pk
                    else "parent"
                    if step.actor_unit_id == receiving.parent_id
                    else step.actor_unit_id,
                )
                for step in process.steps.all()
            ),
        )
        groups.setdefault(signature, []).append(process)
    result = []
    for members in groups.values():
        first = members[0]
        many = len(members) > 1
        rows = []
        allotments = []
        hours_per_day = Decimal(
            OfficeHours.parse(first.receiving_unit.office_hours).hours_per_day.total_seconds()
        ) / Decimal(3600)
        for step in first.steps.all():
            if many and step.actor_unit_id == first.receiving_unit_id:
                unit = _("The receiving centre")
            elif many and step.actor_unit_id == first.receiving_unit.parent_id:
                unit = _("The agency of the receiving centre")
            else:
                unit = step.actor_unit.name
            kind = "" if step.kind == StepKind.STANDARD else step.get_kind_display()
            if step.joint_mode:
                kind = f"{kind} ({step.get_joint_mode_display()})" if kind else kind
            if step.is_lead:
                kind = f"{kind}, {_('lead')}" if kind else _("lead")
            rows.append(
                StepRow(
                    position=step.position,
                    unit=unit,
                    role=step.get_actor_role_display(),
                    task=step.task,
                    time=_step_time(step.allotted_value, step.allotted_unit),
                    kind=kind,
                )
            )
            allotments.append(
                engine.StepAllotment(
                    position=step.position,
                    hours=engine.to_hours(
                        value=step.allotted_value,
                        unit=step.allotted_unit,
                        hours_per_day=hours_per_day,
                    ),
                    is_lead=step.is_lead,
                )
            )
        total_hours = engine.total_hours(allotments)
        total = selectors.limit_display(value=total_hours, unit="working_hours")
        days = total_hours / hours_per_day
        if total_hours and days == days.to_integral_value():
            total = _("%(hours)s (%(days)s)") % {
                "hours": total,
                "days": selectors.limit_display(value=days, unit="working_days"),
            }
        result.append(
            ProcessGroup(
                places=[member.receiving_unit.name for member in members],
                decision=first.decision,
                effective_from=first.effective_from,
                steps=rows,
                total=total,
            )
        )
    return result


def _detail_context(version: ProcedureVersion) -> dict[str, Any]:
    procedure = version.procedure
    documents = list(version.documents.all())
    return {
        "version": version,
        "procedure": procedure,
        "terms": [
            {
                "term": term,
                "limit": selectors.term_limit_display(term),
                "fee": selectors.fee_display(term.fee_vnd),
            }
            for term in version.terms.all()
        ],
        "documents": documents,
        "any_reusable": any(document.reusable for document in documents),
        "results": [line.strip() for line in version.result.splitlines() if line.strip()],
        "legal_basis": [line.strip() for line in version.legal_basis.splitlines() if line.strip()],
        "history": selectors.procedure_history(procedure=procedure),
    }


@require_safe
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Show the version in force of a procedure (by national or localised code), printable."""
    try:
        version = selectors.procedure_get_by_code(code=code)
    except NotFoundError:
        return _not_in_force(request, code)
    context = _detail_context(version)
    context["current"] = True
    processes = process_list_in_force(procedure=version.procedure)
    context["processes"] = _process_groups(processes)
    # The portal takes online applications for procedures with an online level, an online
    # channel and a place to receive them (a process in force: portal.selectors).
    context["apply_online"] = (
        version.online_level != OnlineLevel.NONE
        and bool(processes)
        and version.terms.filter(channel=Channel.ONLINE).exists()
    )
    return render(request, "web/catalog/detail.html", context)


def _not_in_force(request: HttpRequest, code: str) -> HttpResponse:
    """Answer 404, with the published versions when the procedure exists (abolished, or not
    in force yet) so that an old link still leads somewhere."""
    try:
        procedure = selectors.procedure_get_for_code(code=code)
    except NotFoundError:
        raise Http404(_("No procedure has this code.")) from None
    history = selectors.procedure_history(procedure=procedure)
    if not history:
        raise Http404(_("No procedure has this code."))
    context = {"procedure": procedure, "history": history, "code": code}
    return render(request, "web/catalog/not_in_force.html", context, status=404)


@require_safe
def procedure_version_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Show one published version of a procedure, current, past or upcoming."""
    try:
        procedure = selectors.procedure_get_for_code(code=code)
        version = selectors.procedure_version_get_published(procedure=procedure, number=number)
    except NotFoundError:
        raise Http404(_("No published version has this number.")) from None
    context = _detail_context(version)
    entry = next(item for item in context["history"] if item.version.pk == version.pk)
    context["entry"] = entry
    context["current"] = False
    return render(request, "web/catalog/detail.html", context)


@require_safe
def document_template(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """Send the form template of a required document (any storage, as a download)."""
    try:
        procedure: Procedure = selectors.procedure_get_for_code(code=code)
        document = selectors.required_document_get_template(procedure=procedure, pk=pk)
        handle = document.template.open("rb")
    except (NotFoundError, FileNotFoundError):
        raise Http404(_("This form template does not exist.")) from None
    return FileResponse(
        handle, as_attachment=True, filename=PurePosixPath(document.template.name).name
    )
