"""The periods a leader reports on, offered as one-click choices beside the date pickers.

Two kinds:

- calendar periods of the year: the month, the quarters, the first 6 and 9 months (the
  *sơ kết* of 6 or 9 months), the whole year, and the previous year;
- the periods of the periodic reports with their data closing dates, NĐ 09/2019/NĐ-CP Art. 12,
  as the provinces' decisions on periodic reports apply it (for example Khánh Hòa's
  QĐ 01/2023/QĐ-UBND Art. 4, which adds the 9 months): a quarter runs from the 15th of the
  month before it to the 14th of its last month, the 6 (9) months from 15 December of the
  previous year to 14 June (14 September), the year from 15 December of the previous year to
  14 December.

A period that has not ended yet stops at `today`: its figures are the figures so far (a period
ending in the future would count every open dossier as "in progress at the end" of a day that
has not come). Periods that have not started are not offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.reporting.figures import Period

QUARTER_NAMES = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class PeriodChoice:
    label: Promise | str
    period: Period
    group: str  # "calendar" or "closing" (NĐ 09/2019 Art. 12)


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _choice(label: Promise | str, start: date, end: date, today: date, group: str) -> PeriodChoice:
    return PeriodChoice(label=label, period=Period(start, min(end, today)), group=group)


def period_choices(today: date) -> list[PeriodChoice]:
    """Return the periods to offer on `today`, calendar ones first, then the reporting periods
    with the data closing dates of NĐ 09/2019 Art. 12 (see the module's docstring)."""
    year = today.year
    choices = [_choice(_("This month"), today.replace(day=1), _month_end(today), today, "calendar")]
    for number, name in enumerate(QUARTER_NAMES):
        start = date(year, 3 * number + 1, 1)
        if start <= today:
            end = _month_end(date(year, 3 * number + 3, 1))
            label = pgettext_lazy("period", "Quarter %(number)s") % {"number": name}
            choices.append(_choice(label, start, end, today, "calendar"))
    if today.month >= 6:  # once the last month of the period has begun
        choices.append(_choice(_("First 6 months"), date(year, 1, 1), date(year, 6, 30),
                               today, "calendar"))  # fmt: skip
    if today.month >= 9:
        choices.append(_choice(_("First 9 months"), date(year, 1, 1), date(year, 9, 30),
                               today, "calendar"))  # fmt: skip
    choices.append(_choice(_("Year %(year)s") % {"year": year}, date(year, 1, 1),
                           date(year, 12, 31), today, "calendar"))  # fmt: skip
    choices.append(_choice(_("Year %(year)s") % {"year": year - 1}, date(year - 1, 1, 1),
                           date(year - 1, 12, 31), today, "calendar"))  # fmt: skip
    choices.extend(_closing_choices(today))
    return choices


def _closing_choices(today: date) -> list[PeriodChoice]:
    """The reporting quarters of the reporting year that contains `today` (those started), its
    first 6 and 9 months, its year, and the previous reporting year (NĐ 09/2019 Art. 12: data
    closes on the 14th)."""
    # The reporting year that contains today starts on 15 December of the year before.
    year = today.year + 1 if today >= date(today.year, 12, 15) else today.year
    opens = date(year - 1, 12, 15)
    choices: list[PeriodChoice] = []
    for number, name in enumerate(QUARTER_NAMES):
        start = opens if number == 0 else date(year, 3 * number, 15)
        if start <= today:
            label = pgettext_lazy("period", "Quarter %(number)s") % {"number": name}
            choices.append(_choice(label, start, date(year, 3 * number + 3, 14), today,
                                   "closing"))  # fmt: skip
    # The first 6 (9) months, once their last month has begun (as the calendar ones).
    if today >= date(year, 5, 15):
        choices.append(_choice(_("6 months"), opens, date(year, 6, 14), today,
                               "closing"))  # fmt: skip
    if today >= date(year, 8, 15):
        choices.append(_choice(_("9 months"), opens, date(year, 9, 14), today,
                               "closing"))  # fmt: skip
    choices.append(_choice(_("Year %(year)s") % {"year": year}, opens,
                           date(year, 12, 14), today, "closing"))  # fmt: skip
    choices.append(_choice(_("Year %(year)s") % {"year": year - 1},
                           date(year - 2, 12, 15), date(year - 1, 12, 14), today,
                           "closing"))  # fmt: skip
    return choices
