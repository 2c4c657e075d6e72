"""Fact tables of the indicators (docs/indicators.md), kept in the same transaction as every
dossier event (`services.facts_on_event`, registered in settings.MOTCUA_DOSSIER_EVENT_RECORDERS)
and written in bulk by the history import.

- `DossierFact`: one row per received dossier, what `facts.dossier_facts` says of its history;
  the drill-down lists read it.
- `DossierSpan`: the days at whose end the dossier was in progress on time / overdue / awaiting
  a supplement / "good" under the 766 rule; the drill-down of in-progress figures reads it.
- `DailyFigures`: per receiving unit and local day, the sums of the facts (received on that
  day, finished on that day, ...) and the span starts minus ends (`open_*`), so that any period
  is a sum over its days and "in progress at the end of D" a running sum up to D.
- `DailyFieldFigures`: the finished counts per unit, day and field (the chart by field).
- `MonthlyFigures`, `MonthlyFieldFigures`: the same summed by month, kept with them; a period
  reads its whole months there and its partial months in the daily tables.
- `DossierExtra`: what an imported history says that the dossier columns do not hold
  (digitisation flags, ratings, the applicant as given, names of archived records).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit
from motcua.catalog.models import Field
from motcua.dossiers.models import Dossier


class DossierFact(models.Model):
    """What the definitions make of one received dossier (docs/indicators.md).

    Facts and spans are derived data, rebuilt from the events by `check_indicators --repair`:
    their references carry no database constraint (db_constraint=False; Django still cascades
    deletes), which spares the history import a deferred foreign-key check per reference (about
    5 per dossier; measured: the commit of 100,000 imported dossiers went from 8 s to 4 s)."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, primary_key=True, related_name="+", db_constraint=False
    )
    # Served by fact_unit_received (unit, received_day): no index of its own.
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, null=True, related_name="+", db_constraint=False
    )
    channel = models.CharField(max_length=10)
    received_at = models.DateTimeField()
    received_day = models.DateField()
    due_at = models.DateTimeField()
    legal_due_at = models.DateTimeField()
    end_at = models.DateTimeField(null=True)
    end_day = models.DateField(null=True)
    end_kind = models.CharField(max_length=12, blank=True)
    outcome = models.CharField(max_length=10, blank=True)
    good766 = models.BooleanField(default=False)
    returned_day = models.DateField(null=True)
    supplement_requests = models.PositiveSmallIntegerField(default=0)
    fee_bearing = models.BooleanField(default=False)
    paid_online = models.BooleanField(default=False)
    full_eligible = models.BooleanField(default=False)
    full_online = models.BooleanField(default=False)
    digitised = models.BooleanField(default=False)
    reused = models.BooleanField(default=False)
    data_store = models.BooleanField(default=False)
    synced = models.BooleanField(default=False)
    e_result = models.BooleanField(default=False)
    rating = models.CharField(max_length=15, blank=True)

    class Meta:
        verbose_name = _("dossier fact")
        verbose_name_plural = _("dossier facts")
        indexes = [
            # selectors.drilldown: received / finished in a period, per unit.
            models.Index(fields=["unit", "received_day"], name="fact_unit_received"),
            models.Index(fields=["unit", "end_day"], name="fact_unit_end"),
            models.Index(fields=["unit", "returned_day"], name="fact_unit_returned"),
        ]

    def __str__(self) -> str:
        return f"fact {self.dossier_id}"


class DossierSpan(models.Model):
    """A run of days at whose end the dossier is in progress with one status (derived, like
    `DossierFact`: no database constraints on its references)."""

    # Indexed by span_dossier and span_unit_kind_start below, not twice.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    kind = models.CharField(max_length=10)
    start = models.DateField()
    stop = models.DateField(null=True)

    class Meta:
        indexes = [
            # selectors.drilldown: in progress at the end of a day, per unit and status.
            models.Index(fields=["unit", "kind", "start"], name="span_unit_kind_start"),
            # services: the spans of one dossier, replaced on each event.
            models.Index(fields=["dossier"], name="span_dossier"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.start}-{self.stop}"


def _counter(name: str) -> models.IntegerField[int, int]:
    return models.IntegerField(default=0, db_column=name)


class UnitCounters(models.Model):
    """The counters of one unit and day (or month): `facts.contributions` names them; a
    period's figures are their sums (docs/indicators.md)."""

    received = _counter("received")
    received_counter = _counter("received_counter")
    received_online = _counter("received_online")
    received_postal = _counter("received_postal")
    received_digitised = _counter("received_digitised")
    received_reused = _counter("received_reused")
    received_data_store = _counter("received_data_store")
    received_synced = _counter("received_synced")
    received_fee = _counter("received_fee")
    received_paid_online = _counter("received_paid_online")
    received_full_eligible = _counter("received_full_eligible")
    received_full_online = _counter("received_full_online")
    finished = _counter("finished")
    finished_early = _counter("finished_early")
    finished_on_time = _counter("finished_on_time")
    finished_late = _counter("finished_late")
    finished_good766 = _counter("finished_good766")
    finished_result = _counter("finished_result")
    finished_e_result = _counter("finished_e_result")
    finished_digitised_e_result = _counter("finished_digitised_e_result")
    finished_rated = _counter("finished_rated")
    finished_not_satisfied = _counter("finished_not_satisfied")
    refused = _counter("refused")
    stopped = _counter("stopped")
    withdrawn = _counter("withdrawn")
    returned = _counter("returned")
    open_on_time = _counter("open_on_time")
    open_overdue = _counter("open_overdue")
    open_awaiting = _counter("open_awaiting")
    open_good766 = _counter("open_good766")

    class Meta:
        abstract = True


class FieldCounters(models.Model):
    """The counters of one unit, day (or month) and field: the chart of on-time by field."""

    finished = _counter("finished")
    finished_early = _counter("finished_early")
    finished_on_time = _counter("finished_on_time")
    finished_late = _counter("finished_late")

    class Meta:
        abstract = True


class DailyFigures(UnitCounters):
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="daily_unit_day_unique"),
        ]
        indexes = [
            # selectors.period_figures: every unit of a subtree over a range of days.
            models.Index(fields=["day", "unit"], name="daily_day_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"


class DailyFieldFigures(FieldCounters):
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    # The procedure's field (catalog.Field pk), 0 when it has none: a plain number so that the
    # unique key has no NULL (SQLite has no NULLS NOT DISTINCT).
    field_key = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day", "field_key"], name="daily_field_unique"),
        ]
        indexes = [
            # selectors.period_figures: the chart by field over a range of days.
            models.Index(fields=["day", "unit"], name="daily_field_day_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day} {self.field_key}"


class MonthlyFigures(UnitCounters):
    """`DailyFigures` summed by month (`month` is its first day): a long period reads whole
    months here and only its partial months in the daily table."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()

    class Meta:
        verbose_name = _("monthly figures")
        verbose_name_plural = _("monthly figures")
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="monthly_unit_month_unique"),
        ]
        indexes = [
            # figures.counters_by_unit: every unit of a subtree over a range of months.
            models.Index(fields=["month", "unit"], name="monthly_month_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month}"


class MonthlyFieldFigures(FieldCounters):
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    # The procedure's field (catalog.Field pk), 0 when it has none: a plain number so that the
    # unique key has no NULL (SQLite has no NULLS NOT DISTINCT).
    field_key = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "field_key"], name="monthly_field_unique"
            ),
        ]
        indexes = [
            # selectors.period_figures: the chart by field over a range of days.
            models.Index(fields=["month", "unit"], name="monthly_field_month_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month} {self.field_key}"


class DossierExtra(models.Model):
    """What an imported history carries beyond the dossier's columns and events."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    digitised_components = models.BooleanField(default=False)
    reused_data = models.BooleanField(default=False)
    data_store = models.BooleanField(default=False)
    e_result = models.BooleanField(default=False)
    synced_national = models.BooleanField(default=False)
    applicant = models.JSONField(default=dict)
    # The procedure code as the file gave it (national or localised), exported as given.
    procedure_code = models.CharField(max_length=40, blank=True)
    # [{"at": ISO time, "level": ...}]: ratings of imported histories, until the feedback app
    # records them.
    ratings = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"extra {self.dossier_id}"
