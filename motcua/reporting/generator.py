"""Realistic dossier histories for load tests (`generate_dossiers`), in the import file format.

Proportions are plausible for a province (domain.md §12-13, press figures of 2025): about 55%
online, 40% at the counter, 5% by post; 8% with a supplement request (a tenth of them twice);
3% extended; 2% withdrawn, 1% refused, 0.5% stopped; of the others 85% finished early, 10% on
the due day, 5% late; 90% of the results returned; fee-bearing dossiers paid (online for most
online dossiers); 30% rated, 3% of the ratings "not satisfied". Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Max

from motcua.accounts.models import OrgUnit, OrgUnitKind
from motcua.accounts.selectors import working_calendar_for_unit
from motcua.catalog.models import ChannelTerm, ProcedureVersion, VersionStatus

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CLOSING = time(17, 30)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương")


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(7, 30), tzinfo=TZ) + timedelta(minutes=minutes)


class Generator:
    def __init__(self, *, year: int, seed: int, until: date | None = None) -> None:
        self.random = random.Random(seed)  # noqa: S311 -- test data, not secrets
        self.year = year
        self.until = until or date(year, 12, 31)
        self.units = list(
            OrgUnit.objects.filter(kind=OrgUnitKind.ONE_STOP_CENTRE).values_list(
                "identifier", "level"
            )
        ) or list(OrgUnit.objects.values_list("identifier", "level"))
        self.units.sort()
        root = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
        self.calendar = working_calendar_for_unit(unit=root)
        versions = list(
            ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).values_list(
                "pk", "procedure__code", "for_province", "for_commune"
            )
        )
        terms: dict[int, dict[str, tuple[int, str, int]]] = {}
        for version_id, channel, value, unit, fee in ChannelTerm.objects.values_list(
            "version_id", "channel", "limit_value", "limit_unit", "fee_vnd"
        ):
            terms.setdefault(version_id, {})[channel] = (int(value), unit, fee)
        self.fees = {
            version_id: max(fee for _v, _u, fee in found.values())
            for version_id, found in terms.items()
        }
        self.terms = terms
        self.by_level: dict[int, list[tuple[int, str]]] = {1: [], 3: []}
        for pk, code, province, commune in sorted(versions, key=lambda v: v[1]):
            if province:
                self.by_level[1].append((pk, code))
            if commune or not province:
                self.by_level[3].append((pk, code))
        self.days = [
            date(year, 1, 1) + timedelta(days=n)
            for n in range((date(year, 12, 31) - date(year, 1, 1)).days + 1)
        ]
        self.working = [day for day in self.days if self.calendar.is_working_day(day)]
        self.sequence: dict[tuple[str, date], int] = {}
        self.last_sequence = dict(
            _existing_sequences()
        )  # codes already issued by the units (live dossiers, earlier loads)

    def _name(self) -> str:
        r = self.random
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def _code(self, unit: str, day: date) -> str:
        key = (unit, day)
        number = self.sequence.get(key, self.last_sequence.get(key, 0)) + 1
        self.sequence[key] = number
        return f"{unit}-{day:%y%m%d}-{number:04d}"

    def dossier(self) -> dict[str, object]:
        """Return one history (a line of the import format, decoded)."""
        r = self.random
        unit, level = self.units[min(int(r.paretovariate(1.2)) - 1, len(self.units) - 1)]
        choices = self.by_level.get(level) or self.by_level[3]
        version_id, code = choices[min(int(r.paretovariate(0.9)) - 1, len(choices) - 1)]
        roll = r.random()
        channel = "online" if roll < 0.55 else ("counter" if roll < 0.95 else "postal")
        day = r.choice(self.working)
        received = _at(day, r.randrange(0, 240) + (0 if r.random() < 0.6 else 360))
        term = self.terms.get(version_id, {}).get(channel) or (3, "working_days", 0)
        limit = max(term[0], 1) if term[1] == "working_days" else max(term[0] // 8, 1)
        due = datetime.combine(self.calendar.add_working_days(day, limit), CLOSING, tzinfo=TZ)
        fee = self.fees.get(version_id, 0)
        events: list[dict[str, object]] = []
        if fee:
            method = (
                "online"
                if channel == "online" and r.random() < 0.7
                else r.choice(("cash", "transfer"))
            )
            events.append(
                {"type": "paid", "at": _iso(received + timedelta(minutes=5)), "amount": fee,
                 "method": method}
            )  # fmt: skip
        clock = received + timedelta(minutes=10)
        legal_due = due
        if r.random() < 0.08:
            for _n in range(2 if r.random() < 0.1 else 1):
                asked = clock + timedelta(hours=r.randrange(2, 30))
                completed = asked + timedelta(days=r.randrange(1, 15), hours=r.randrange(0, 8))
                legal_due = completed + (due - received)
                events.append({"type": "supplement_requested", "at": _iso(asked)})
                events.append(
                    {"type": "supplement_completed", "at": _iso(completed),
                     "new_due_at": _iso(legal_due)}
                )  # fmt: skip
                clock = completed
        roll = r.random()
        span = max(legal_due - clock, timedelta(hours=1))
        if roll < 0.02:
            end_type, end_at = "withdrawn", clock + span * r.random()
        elif roll < 0.03:
            end_type, end_at = "refused", clock + span * r.random()
        elif roll < 0.035:
            end_type, end_at = "stopped", clock + span * r.random()
        else:
            end_type = "processed"
            kind = r.random()
            if kind < 0.85:
                end_at = clock + span * r.random() * 0.8
            elif kind < 0.95:
                end_at = legal_due - timedelta(minutes=r.randrange(1, 240))
            else:
                if r.random() < 0.6:
                    extended = legal_due + timedelta(days=r.randrange(2, 10))
                    events.append(
                        {"type": "extended",
                         "at": _iso(max(legal_due - timedelta(days=1), clock)),
                         "new_due_at": _iso(extended)}
                    )  # fmt: skip
                end_at = legal_due + timedelta(hours=r.randrange(1, 200))
            end_at = max(end_at, clock)
        horizon = datetime.combine(self.until, time(23, 59), tzinfo=TZ)
        if end_at <= horizon:
            events.append({"type": end_type, "at": _iso(end_at)})
            if end_type == "processed":
                if r.random() < 0.9:
                    back = end_at + timedelta(hours=r.randrange(1, 72))
                    if back <= horizon:
                        events.append({"type": "returned", "at": _iso(back), "via": channel})
                if r.random() < 0.3:
                    events.append(
                        {"type": "rated", "at": _iso(end_at + timedelta(minutes=30)),
                         "level": "not_satisfied" if r.random() < 0.03 else
                         r.choice(("satisfied", "very_satisfied"))}
                    )  # fmt: skip
        events = [e for e in events if str(e["at"]) <= _iso(horizon)]
        events.sort(key=lambda e: str(e["at"]))  # stable: a completion follows its request
        record = {
            "code": self._code(unit, day),
            "procedure": code,
            "unit": unit,
            "channel": channel,
            "applicant": {"kind": "individual", "name": self._name()},
            "received_at": _iso(received),
            "due_at": _iso(due),
            "events": events,
            "digitised_components": r.random() < 0.85,
            "reused_data": r.random() < 0.4,
            "e_result": r.random() < (0.8 if channel == "online" else 0.3),
            "synced_national": r.random() < 0.97,
        }
        # Components from, or results to, the citizen's data store (766 criterion 4.5): mostly
        # online applicants with an account (written only when true, like the export).
        if r.random() < (0.35 if channel == "online" else 0.02):
            record["data_store"] = True
        return record

    def lines(self, count: int) -> Iterator[str]:
        for _n in range(count):
            yield json.dumps(self.dossier(), ensure_ascii=False)


def _existing_sequences() -> Iterator[tuple[tuple[str, date], int]]:
    from motcua.dossiers.models import DailySequence

    for identifier, day, last in (
        DailySequence.objects.values("unit__identifier", "day")
        .annotate(top=Max("last"))
        .values_list("unit__identifier", "day", "top")
    ):
        yield (identifier, day), last
