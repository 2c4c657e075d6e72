"""Request and response shapes of the dossier endpoints (/api/v1/dossiers, /api/v1/lookup)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema


class ApplicantIn(Schema):
    kind: Literal["individual", "organisation"]
    name: str
    id_number: str = Field("", description="12 digits; required for an individual.")
    enterprise_code: str = Field("", description="Required for an organisation.")
    address: str = ""
    phone: str = ""
    email: str = ""


class ComponentIn(Schema):
    name: str
    required_position: int | None = Field(
        None, description="Position of the required document in the procedure, if it is one."
    )
    originals: int = Field(0, ge=0)
    certified_copies: int = Field(0, ge=0)
    photocopies: int = Field(0, ge=0)
    note: str = ""


class IntakeIn(Schema):
    unit: str = Field(description="Identifier of the receiving centre, e.g. 000.01.31.H13.")
    procedure: str = Field(description="National or localised code of the procedure.")
    channel: Literal["counter", "online", "postal"] = "counter"
    return_method: Literal["counter", "online", "postal"] = "counter"
    return_address: str = ""
    applicant: ApplicantIn
    components: list[ComponentIn] = []
    client_token: str = Field(
        "", max_length=64, description="Repeat it when retrying: the dossier is created once."
    )


class ActionIn(Schema):
    revision: int = Field(description="The revision you saw; a newer one refuses with 409.")
    note: str = ""
    reason: str = ""
    items: list[str] = []
    assignee: str = Field("", description="Username of the officer to assign.")
    new_due_at: datetime | None = None
    unit_id: int | None = Field(None, description="Unit to consult.")
    consultation: int | None = Field(None, description="Event sequence of the consultation.")
    via: Literal["counter", "online"] = "counter"
    tracking_number: str = ""
    amount_vnd: int = 0
    method: str = ""
    receipt_number: str = ""


class DossierSummaryOut(Schema):
    id: int
    code: str
    state: str
    state_label: str
    procedure: str
    applicant: str = Field(description="Masked.")
    receiving_unit: str
    current_unit: str
    received_at: datetime | None
    due_at: datetime | None
    at_risk: bool
    overdue: bool


class DossierPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[DossierSummaryOut]


class StepStateOut(Schema):
    position: int
    unit: str
    role: str
    task: str
    started_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    holder: str


class EventOut(Schema):
    sequence: int
    action: str
    at: datetime
    actor: str
    from_state: str
    to_state: str
    to_unit: str
    note: str
    data: dict[str, object]


class DossierOut(Schema):
    id: int
    code: str
    revision: int
    state: str
    state_label: str
    procedure_code: str
    procedure: str
    receiving_unit: str
    channel: str
    return_method: str
    applicant_kind: str
    applicant_name: str
    applicant_id_number: str
    applicant_enterprise_code: str
    applicant_address: str
    applicant_phone: str
    applicant_email: str
    fee_vnd: int
    limit: str
    received_at: datetime | None
    intake_due_at: datetime | None
    transfer_due_at: datetime | None
    original_due_at: datetime | None
    due_at: datetime | None
    extended: bool
    late: bool
    deadline_explanation: list[str]
    current_unit: str
    holder: str
    steps: list[StepStateOut]
    events: list[EventOut]
    actions: list[str] = Field(description="What you may do now: POST .../actions/{action}.")


class ListQuery(Schema):
    list: Literal["all", "intake", "forward", "mine", "return", "unit"] = "all"
    q: str = Field("", description="Code, applicant name (accents ignored), ID number or phone.")
    page: int = Field(1, ge=1)


class LookupStepOut(Schema):
    position: int
    unit: str
    task: str
    started_at: str | None
    finished_at: str | None


class LookupOut(Schema):
    code: str
    procedure: str
    receiving_unit: str
    applicant: str
    state: str
    state_label: str
    received_at: str | None
    due_at: str | None
    returned_at: str | None
    current_unit: str
    steps: list[LookupStepOut]
