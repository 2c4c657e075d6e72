from decimal import Decimal

from motcua.workflow.engine import StepAllotment, group_problems, to_hours, total_hours

D = Decimal


def test_to_hours_uses_the_units_working_day():
    assert to_hours(value=D("0.25"), unit="working_days", hours_per_day=D(8)) == D(2)
    assert to_hours(value=D(4), unit="working_hours", hours_per_day=D(8)) == D(4)
    assert to_hours(value=D(0), unit="same_day", hours_per_day=D(8)) == D(8)


def test_parallel_group_counts_its_longest_step_once():
    steps = [
        StepAllotment(position=1, hours=D(2)),
        StepAllotment(position=2, hours=D(8), is_lead=True),
        StepAllotment(position=2, hours=D(16)),
        StepAllotment(position=3, hours=D(4)),
    ]
    assert total_hours(steps) == D(22)
    assert group_problems(steps) == []


def test_parallel_group_needs_exactly_one_lead():
    steps = [StepAllotment(position=2, hours=D(1)), StepAllotment(position=2, hours=D(1))]
    assert group_problems(steps) == [2]
    both = [StepAllotment(position=2, hours=D(1), is_lead=True)] * 2
    assert group_problems(both) == [2]
