"""What one dossier's history contributes to the indicators (docs/indicators.md). Pure.

`dossier_facts` applies the definitions of issue 7 to one history: received day, end time and
kind, legal due, finished early / on time / late, the 766 progress rule, and the *spans*: the
days at whose end the dossier is in progress on time, overdue or awaiting a supplement (and
"good" under the 766 rule). Every period figure is a sum of these per-dossier facts, which is what
makes the daily aggregates exact: `contributions` turns them into per-day counters, and a
period's in-progress count is the running sum of span starts minus span ends up to its last day.

All period edges are local dates (Asia/Ho_Chi_Minh): "by the end of day D" means "at a local
time before midnight that ends D", i.e. a local date <= D.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from motcua.reporting.history import ENDINGS, History

TZ: tzinfo = ZoneInfo("Asia/Ho_Chi_Minh")

# Span kinds: the dossier's status at the end of a day while it is in progress.
ON_TIME, OVERDUE, AWAITING, GOOD766 = "on_time", "overdue", "awaiting", "good766"
SPAN_KINDS = (ON_TIME, OVERDUE, AWAITING, GOOD766)
EARLY, LATE = "early", "late"

# The daily counters (`DailyFigures` columns); docs/indicators.md says which day each is on.
RECEIVED_COUNTERS = (
    "received",
    "received_counter",
    "received_online",
    "received_postal",
    "received_digitised",
    "received_reused",
    "received_data_store",
    "received_synced",
    "received_fee",
    "received_paid_online",
    "received_full_eligible",
    "received_full_online",
)
FINISHED_COUNTERS = (
    "finished",
    "finished_early",
    "finished_on_time",
    "finished_late",
    "finished_good766",
    "finished_result",
    "finished_e_result",
    "finished_digitised_e_result",
    "finished_rated",
    "finished_not_satisfied",
    "refused",
    "stopped",
    "withdrawn",
)
OTHER_COUNTERS = ("returned",)
DELTA_COUNTERS = tuple(f"open_{kind}" for kind in SPAN_KINDS)
COUNTERS = RECEIVED_COUNTERS + FINISHED_COUNTERS + OTHER_COUNTERS + DELTA_COUNTERS
FIELD_COUNTERS = ("finished", "finished_early", "finished_on_time", "finished_late")


def local_date(moment: datetime) -> date:
    return moment.astimezone(TZ).date()


@dataclass(frozen=True)
class Procedure:
    """What the indicators need to know of a dossier's procedure, at receipt."""

    field_id: int | None = None
    fee_bearing: bool = False
    fully_online: bool = False


@dataclass(frozen=True)
class Span:
    kind: str
    start: date  # the first day at whose end the status holds
    stop: date | None  # the first day at whose end it no longer holds; None: still holds


@dataclass
class Facts:
    """The per-dossier facts (`DossierFact` columns) and spans."""

    unit_id: int
    field_id: int | None
    channel: str
    received_at: datetime
    received_day: date
    due_at: datetime  # the appointment of form 01
    legal_due_at: datetime
    end_at: datetime | None = None
    end_day: date | None = None
    end_kind: str = ""  # processed, returned, refused, stopped, withdrawn
    outcome: str = ""  # early, on_time, late (finished only)
    good766: bool = False  # finished on time under the 766 rule
    returned_day: date | None = None
    supplement_requests: int = 0
    fee_bearing: bool = False
    paid_online: bool = False
    full_eligible: bool = False
    full_online: bool = False
    digitised: bool = False
    reused: bool = False
    data_store: bool = False
    synced: bool = False
    e_result: bool = False
    rating: str = ""
    spans: list[Span] = field(default_factory=list)

    def row(self) -> dict[str, object]:
        """Return the columns of the `DossierFact` row (spans apart)."""
        return {name: getattr(self, name) for name in FACT_COLUMNS}


FACT_COLUMNS = (
    "unit_id",
    "field_id",
    "channel",
    "received_at",
    "received_day",
    "due_at",
    "legal_due_at",
    "end_at",
    "end_day",
    "end_kind",
    "outcome",
    "good766",
    "returned_day",
    "supplement_requests",
    "fee_bearing",
    "paid_online",
    "full_eligible",
    "full_online",
    "digitised",
    "reused",
    "data_store",
    "synced",
    "e_result",
    "rating",
)


def _end(history: History) -> tuple[datetime | None, str]:
    """End time = processed, else returned, else refused/stopped/withdrawn (the first of each)."""
    for kinds in (("processed",), ("returned",), ENDINGS):
        for event in history.events:
            if event.type in kinds:
                return event.at, event.type
    return None, ""


def _midnight_after(day: date) -> datetime:
    """Return the instant that ends local day `day`."""
    following = day + timedelta(days=1)
    return datetime(following.year, following.month, following.day, tzinfo=TZ)


def _status(history: History, moment: datetime) -> tuple[str, bool]:
    """Return the in-progress status at `moment` and whether it is good under the 766 rule.

    Awaiting: the last supplement event before `moment` is a request. Otherwise overdue when
    the legal due time in force (the last `new_due_at` of a completion before `moment`, else
    due_at) is before `moment`. 766: at most one request so far, and the appointment moved by
    the waiting time so far is not before `moment` (while waiting the clock stands still).
    """
    legal_due, waited, requests = history.due_at, timedelta(0), 0
    waiting_since: datetime | None = None
    for event in history.events:
        if event.at >= moment:
            break
        if event.type == "supplement_requested":
            waiting_since, requests = event.at, requests + 1
        elif event.type == "supplement_completed":
            if waiting_since is not None:
                waited += event.at - waiting_since
            waiting_since = None
            if event.new_due_at is not None:
                legal_due = event.new_due_at
    if waiting_since is not None:
        good = requests <= 1 and waiting_since <= history.due_at + waited
        return AWAITING, good
    good = requests <= 1 and history.due_at + waited >= moment
    return (OVERDUE if legal_due < moment else ON_TIME), good


def _good766_finished(history: History, end_at: datetime) -> bool:
    """Finished on or before the appointment with the waiting time subtracted, and asked for a
    supplement at most once (domain.md §9 group 2)."""
    waited, requests = timedelta(0), 0
    waiting_since: datetime | None = None
    for event in history.events:
        if event.at > end_at:
            break
        if event.type == "supplement_requested":
            waiting_since, requests = event.at, requests + 1
        elif event.type == "supplement_completed" and waiting_since is not None:
            waited += event.at - waiting_since
            waiting_since = None
    if waiting_since is not None:
        waited += end_at - waiting_since
    return requests <= 1 and end_at <= history.due_at + waited


def _spans(history: History, received_day: date, end_day: date | None) -> list[Span]:
    """Return the spans of the in-progress statuses, day by day between receipt and end.

    Every condition of `_status` compares a time with the end of a day, so the status can
    only change on the local date of one of those times: evaluate it there only.
    """
    moments: list[datetime] = [history.received_at, history.due_at]
    waited = timedelta(0)
    waiting_since: datetime | None = None
    for event in history.events:
        moments.append(event.at)
        if event.new_due_at is not None:
            moments.append(event.new_due_at)
        if event.type == "supplement_requested":
            waiting_since = event.at
        elif event.type == "supplement_completed" and waiting_since is not None:
            waited += event.at - waiting_since
            waiting_since = None
            moments.append(history.due_at + waited)
    days = sorted(
        {
            day
            for day in (local_date(moment) for moment in moments)
            if day >= received_day and (end_day is None or day < end_day)
        }
        | {received_day}
    )
    spans: list[Span] = []
    current: dict[str, date] = {}
    for day in days:
        if end_day is not None and day >= end_day:
            break
        status, good = _status(history, _midnight_after(day))
        holding = {status} | ({GOOD766} if good else set())
        for kind in list(current):
            if kind not in holding:
                spans.append(Span(kind, current.pop(kind), day))
        for kind in holding:
            current.setdefault(kind, day)
    for kind, start in current.items():
        spans.append(Span(kind, start, end_day))
    return sorted(spans, key=lambda span: (span.start, span.kind))


def dossier_facts(history: History, *, unit_id: int, procedure: Procedure) -> Facts:
    """Return the facts of one received dossier (docs/indicators.md, issue 7 definitions)."""
    received_day = local_date(history.received_at)
    legal_due = history.due_at
    for event in history.events:
        if event.type == "supplement_completed" and event.new_due_at is not None:
            legal_due = event.new_due_at  # the last restart; an extension changes nothing
    end_at, end_kind = _end(history)
    facts = Facts(
        unit_id=unit_id,
        field_id=procedure.field_id,
        channel=history.channel,
        received_at=history.received_at,
        received_day=received_day,
        due_at=history.due_at,
        legal_due_at=legal_due,
        end_at=end_at,
        end_kind=end_kind,
        fee_bearing=procedure.fee_bearing,
        full_eligible=procedure.fully_online,
        digitised=history.digitised_components,
        reused=history.reused_data,
        data_store=history.data_store,
        synced=history.synced_national,
        e_result=history.e_result,
    )
    for event in history.events:
        if event.type == "supplement_requested":
            facts.supplement_requests += 1
        elif event.type == "paid" and event.method == "online":
            facts.paid_online = True
        elif event.type == "rated":
            facts.rating = event.level  # the last rating counts
        elif event.type == "returned" and facts.returned_day is None:
            facts.returned_day = local_date(event.at)
    facts.full_online = (
        history.channel == "online" and (not facts.fee_bearing or facts.paid_online)
    ) and procedure.fully_online
    if end_at is not None:
        facts.end_day = local_date(end_at)
        if facts.end_day < local_date(legal_due):
            facts.outcome = EARLY
        elif end_at > legal_due:
            facts.outcome = LATE
        else:
            facts.outcome = ON_TIME
        facts.good766 = _good766_finished(history, end_at)
    facts.spans = _spans(history, received_day, facts.end_day)
    return facts


Key = tuple[int, date]
FieldKey = tuple[int, date, int]


def contributions(facts: Facts) -> tuple[dict[Key, Counter[str]], dict[FieldKey, Counter[str]]]:
    """Return what the dossier adds to the daily counters and to the daily counters by field."""
    daily: dict[Key, Counter[str]] = {}
    by_field: dict[FieldKey, Counter[str]] = {}

    def add(day: date, name: str, amount: int = 1) -> None:
        daily.setdefault((facts.unit_id, day), Counter())[name] += amount

    received = facts.received_day
    add(received, "received")
    add(received, f"received_{facts.channel}")
    for flag, name in (
        (facts.digitised, "received_digitised"),
        (facts.reused, "received_reused"),
        (facts.data_store, "received_data_store"),
        (facts.synced, "received_synced"),
        (facts.fee_bearing, "received_fee"),
        (facts.fee_bearing and facts.paid_online, "received_paid_online"),
        (facts.full_eligible, "received_full_eligible"),
        (facts.full_online, "received_full_online"),
    ):
        if flag:
            add(received, name)
    if facts.end_day is not None:
        end = facts.end_day
        add(end, "finished")
        add(end, f"finished_{facts.outcome}")
        counter = by_field.setdefault((facts.unit_id, end, facts.field_id or 0), Counter())
        counter["finished"] += 1
        counter[f"finished_{facts.outcome}"] += 1
        if facts.good766:
            add(end, "finished_good766")
        if facts.end_kind in ENDINGS:
            add(end, facts.end_kind)
        else:
            add(end, "finished_result")
            if facts.e_result:
                add(end, "finished_e_result")
                if facts.digitised:
                    add(end, "finished_digitised_e_result")
        if facts.rating:
            add(end, "finished_rated")
            if facts.rating == "not_satisfied":
                add(end, "finished_not_satisfied")
    if facts.returned_day is not None:
        add(facts.returned_day, "returned")
    for span in facts.spans:
        add(span.start, f"open_{span.kind}")
        if span.stop is not None:
            add(span.stop, f"open_{span.kind}", -1)
    return daily, by_field
