"""Schemas of /api/v1/reports: the report JSON of issue 7 (docs/indicators.md)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class PeriodQuery(Schema):
    start: date | None = Field(None, alias="from", description="First day (default: 1 January).")
    end: date | None = Field(None, alias="to", description="Last day, inclusive (default: today).")


class FigureQuery(PeriodQuery):
    figure: str = Field(..., description="A figure of the report, e.g. finished.late.")
    page: int = Field(1, ge=1)


class ChannelsOut(Schema):
    counter: int
    online: int
    postal: int


class FinishedOut(Schema):
    early: int
    on_time: int
    late: int


class InProgressOut(Schema):
    on_time: int
    overdue: int
    awaiting_supplement: int


class RatesOut(Schema):
    """Percentages with 2 decimals; null when the denominator is empty (not applicable)."""

    on_time: float | None
    online: float | None
    digitised_components: float | None
    e_result: float | None
    paid_online: float | None
    satisfied: float | None


class CriterionOut(Schema):
    id: str
    numerator: int | None
    denominator: int | None
    rate: float | None
    score: float | None
    max: int


class GroupOut(Schema):
    id: str
    score: float | None
    max: int


class IndexOut(Schema):
    criteria: list[CriterionOut]
    groups: list[GroupOut]
    total: float | None
    band: str | None


class ReportOut(Schema):
    received: int
    carried_over: int
    processed: int
    by_channel: ChannelsOut
    finished: FinishedOut
    in_progress: InProgressOut
    returned: int
    refused: int
    stopped: int
    withdrawn: int
    rates: RatesOut
    index766: IndexOut


class FigureDossierOut(Schema):
    id: int
    code: str
    receiving_unit: str
    received_at: datetime | None
    state: str


class FigureDossiersOut(Schema):
    figure: str
    count: int
    page: int
    items: list[FigureDossierOut]


class MeasureOut(Schema):
    """A rate a per-unit indicator tests: 2 at or above `full` (%), 1 at or above `partial`."""

    criterion: str = Field(..., description="The 766 criterion with the same figures, if any.")
    numerator: int
    denominator: int
    rate: float | None
    score: int | None
    full: float
    partial: float


class UnitEvaluationOut(Schema):
    indicators: dict[str, float | None] = Field(
        ..., description="The nine indicators, 0-2 (1 decimal); null when not applicable."
    )
    measures: dict[str, list[MeasureOut]] = Field(
        ..., description="The rates behind the per-unit indicators 5, 6, 8 and 9."
    )
    not_applicable: list[str] = Field(
        ..., description="Indicators without data, counted at full marks in the total."
    )
    total: float | None = Field(..., description="Out of `max` (18); null without dossiers.")
    max: int
    band: str | None
    feedback_dossiers: int = Field(
        ..., description="Dossiers evaluated with feedback (PAKN) linked to them."
    )
    upheld_complaints: int = Field(
        ..., description="Dossiers with an upheld complaint (no outcome is recorded yet: 0)."
    )


class OfficerEvaluationOut(Schema):
    officer: int
    name: str
    dossiers: int
    indicators: dict[str, float | None]
    total: float
    band: str


class EvaluationOut(Schema):
    """TT 01/2018 Art. 12-15 (docs/indicators.md): indicator means, 1 decimal."""

    dossiers: int
    unit: UnitEvaluationOut
    officers: list[OfficerEvaluationOut]
