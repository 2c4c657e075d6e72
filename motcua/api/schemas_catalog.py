"""Request and response shapes of the public catalogue endpoints (/api/v1/procedures)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema


class ProcedureQuery(Schema):
    q: str = Field("", description="Words or a code; case and accents are ignored.")
    field: int | None = Field(None, description="A field id (GET /procedures/fields).")
    level: Literal["", "province", "commune"] = ""
    agency: str = Field("", description="Words of the implementing agency's name.")
    online_level: Literal["", "full", "partial", "none"] = ""
    page: int = Field(1, ge=1, description="Pages of 20; past the last page, items is empty.")


class TermSummaryOut(Schema):
    channel: str
    limit_text: str
    fee_vnd: int
    fee_text: str


class ProcedureSummaryOut(Schema):
    code: str
    local_code: str
    name: str
    field: str
    levels: list[str]
    online_level: str
    terms: list[TermSummaryOut]
    url: str


class ProcedurePageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[ProcedureSummaryOut]


class FieldOut(Schema):
    id: int
    name: str
    code: str


class DocumentOut(Schema):
    position: int
    name: str
    originals: int
    certified_copies: int
    photocopies: int
    reusable: bool
    note: str
    template_url: str | None


class TermOut(Schema):
    channel: str
    limit_value: str
    limit_unit: str
    limit_text: str
    cutoff: str
    fee_vnd: int
    fee_text: str
    fee_note: str


class UnitRefOut(Schema):
    identifier: str
    name: str


class StepOut(Schema):
    position: int
    unit: UnitRefOut
    role: str
    task: str
    allotted_value: str
    allotted_unit: str
    kind: str
    joint_mode: str
    is_lead: bool


class ProcessOut(Schema):
    receiving_unit: UnitRefOut
    number: int
    decision: str
    effective_from: date | None
    total_working_hours: str
    steps: list[StepOut]


class ProcedureOut(Schema):
    code: str
    local_code: str
    name: str
    version: int
    effective_from: date | None
    state: str
    field: FieldOut
    levels: list[str]
    online_level: str
    implementing_agency: str
    authorised_agency: str
    cooperating_agencies: str
    receiving_address: str
    sequence: str
    methods: str
    subjects: str
    result: list[str]
    requirements: str
    legal_basis: list[str]
    decision_number: str
    decision_date: date | None
    decision_effective_date: date | None
    documents: list[DocumentOut]
    terms: list[TermOut]
    processes: list[ProcessOut]
    url: str


class VersionOut(Schema):
    number: int
    name: str
    effective_from: date | None
    until: date | None
    state: str
    decision_number: str
    published_at: datetime | None
    url: str
