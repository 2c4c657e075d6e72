"""The one-click periods: calendar periods, and the reporting periods with the data closing
dates of NĐ 09/2019 Art. 12 (the 15th to the 14th); a period not ended stops at today."""

from datetime import date

import pytest
from django.utils import translation

from motcua.reporting.periods import period_choices


def offered(today):
    with translation.override("en"):
        return [
            (
                choice.group,
                str(choice.label),
                choice.period.start.isoformat(),
                choice.period.end.isoformat(),
            )
            for choice in period_choices(today)
        ]


def test_on_2_december_every_quarter_and_both_reporting_years():
    assert offered(date(2026, 12, 2)) == [
        ("calendar", "This month", "2026-12-01", "2026-12-02"),
        ("calendar", "Quarter I", "2026-01-01", "2026-03-31"),
        ("calendar", "Quarter II", "2026-04-01", "2026-06-30"),
        ("calendar", "Quarter III", "2026-07-01", "2026-09-30"),
        ("calendar", "Quarter IV", "2026-10-01", "2026-12-02"),
        ("calendar", "First 6 months", "2026-01-01", "2026-06-30"),
        ("calendar", "First 9 months", "2026-01-01", "2026-09-30"),
        ("calendar", "Year 2026", "2026-01-01", "2026-12-02"),
        ("calendar", "Year 2025", "2025-01-01", "2025-12-31"),
        ("closing", "Quarter I", "2025-12-15", "2026-03-14"),
        ("closing", "Quarter II", "2026-03-15", "2026-06-14"),
        ("closing", "Quarter III", "2026-06-15", "2026-09-14"),
        ("closing", "Quarter IV", "2026-09-15", "2026-12-02"),
        ("closing", "6 months", "2025-12-15", "2026-06-14"),
        ("closing", "9 months", "2025-12-15", "2026-09-14"),
        ("closing", "Year 2026", "2025-12-15", "2026-12-02"),
        ("closing", "Year 2025", "2024-12-15", "2025-12-14"),
    ]


def test_from_15_december_the_next_reporting_year_has_begun():
    closing = [row for row in offered(date(2026, 12, 15)) if row[0] == "closing"]
    assert closing == [
        ("closing", "Quarter I", "2026-12-15", "2026-12-15"),
        ("closing", "Year 2027", "2026-12-15", "2026-12-15"),
        ("closing", "Year 2026", "2025-12-15", "2026-12-14"),
    ]
    # The day before, the 2026 reporting year is still open, and ends today.
    assert ("closing", "Year 2026", "2025-12-15", "2026-12-14") in offered(date(2026, 12, 14))


@pytest.mark.parametrize(
    ("today", "labels"),
    [
        (date(2026, 2, 10), ["This month", "Quarter I", "Year 2026", "Year 2025"]),
        (
            date(2026, 6, 1),
            ["This month", "Quarter I", "Quarter II", "First 6 months", "Year 2026", "Year 2025"],
        ),
        (
            date(2026, 9, 30),
            [
                "This month",
                "Quarter I",
                "Quarter II",
                "Quarter III",
                "First 6 months",
                "First 9 months",
                "Year 2026",
                "Year 2025",
            ],
        ),
    ],
)
def test_periods_not_started_are_not_offered(today, labels):
    assert [label for group, label, _s, _e in offered(today) if group == "calendar"] == labels


@pytest.mark.parametrize(
    ("today", "labels"),
    [
        (date(2026, 5, 14), ["Quarter I", "Quarter II", "Year 2026", "Year 2025"]),
        (date(2026, 5, 15), ["Quarter I", "Quarter II", "6 months", "Year 2026", "Year 2025"]),
        (
            date(2026, 8, 15),
            [
                "Quarter I",
                "Quarter II",
                "Quarter III",
                "6 months",
                "9 months",
                "Year 2026",
                "Year 2025",
            ],
        ),
    ],
)
def test_reporting_periods_offered_once_their_last_month_has_begun(today, labels):
    assert [label for group, label, _s, _e in offered(today) if group == "closing"] == labels


def test_month_ends_and_caps():
    rows = {label: (start, end) for _g, label, start, end in offered(date(2028, 2, 29))}
    assert rows["This month"] == ("2028-02-01", "2028-02-29")
    assert rows["Quarter I"] == ("2027-12-15", "2028-02-29")
    for _group, _label, start, end in offered(date(2028, 2, 29)):
        assert start <= end <= "2028-02-29"


def test_the_labels_are_vietnamese_first():
    with translation.override("vi"):
        labels = [str(choice.label) for choice in period_choices(date(2026, 12, 2))]
    assert "Quý IV" in labels and "Năm 2025" in labels
