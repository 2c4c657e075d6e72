"""The dossier lifecycle through the services, with frozen time (domain.md §5, §6, §7)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.demo import HOA_AN, THUC_PHAN, THUC_PHAN_CENTRE
from motcua.accounts.models import User
from motcua.accounts.services import membership_grant, user_create_staff
from motcua.catalog import services as catalog_services
from motcua.catalog.models import Procedure
from motcua.catalog.tests.factories import COMPLETE
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.dossiers import history, selectors, services
from motcua.dossiers.models import DailySequence, Dossier, DossierEvent
from motcua.dossiers.tests.helpers import at, fresh, intake, receive
from motcua.workflow import services as workflow_services
from motcua.workflow.services import StepContent

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def walk_to_processed(dossier, one_stop_officer, officer, office_leader, leader, clerk):
    dossier = services.dossier_forward(
        actor=one_stop_officer, dossier=dossier, revision=dossier.revision
    )
    dossier = services.dossier_take(actor=officer, dossier=dossier, revision=dossier.revision)
    dossier = services.dossier_complete_step(
        actor=officer, dossier=dossier, revision=dossier.revision, note="Đủ điều kiện"
    )
    dossier = services.dossier_approve(
        actor=office_leader, dossier=dossier, revision=dossier.revision
    )
    dossier = services.dossier_sign(actor=leader, dossier=dossier, revision=dossier.revision)
    return services.dossier_issue_result(actor=clerk, dossier=dossier, revision=dossier.revision)


def test_a_counter_dossier_goes_through_every_step_to_return(
    one_stop_officer, officer, office_leader, leader, clerk
):
    with at(2026, 3, 5, 9):  # Thursday
        dossier = receive(one_stop_officer)
    assert dossier.code == "000.01.31.H13-260305-0001"
    assert dossier.state == "received"
    assert dossier.due_at == vn(2026, 3, 10, 17, 30)  # domain.md §6 worked example
    assert dossier.transfer_due_at == vn(2026, 3, 5, 17, 30)  # before 15:00: the same day
    assert dossier.process is not None
    assert dossier.components.count() == 3
    with at(2026, 3, 5, 10):
        dossier = walk_to_processed(
            dossier, one_stop_officer, officer, office_leader, leader, clerk
        )
    assert dossier.state == "processed"
    assert dossier.holder_unit.identifier == "000.01.31.H13"  # back at the one-stop centre
    with at(2026, 3, 6, 8):
        dossier = services.dossier_return_result(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
    dossier = fresh(dossier)
    assert dossier.state == "returned"
    assert not dossier.is_late
    actions = list(dossier.events.values_list("action", flat=True))
    assert actions == [
        "receive",
        "forward",
        "take",
        "complete_step",
        "approve",
        "sign",
        "issue_result",
        "return_result",
    ]
    issued = dossier.events.get(action="issue_result")
    assert issued.data["result_code"] == "000.01.31.H13-260305-0001-KQ1"
    history.check(dossier)
    # Every step was handed over and finished (the control slip, form 06, reads these).
    assert not dossier.steps.filter(finished_at__isnull=True).exists()
    assert dossier.steps.get(position=2).holder == officer


def test_codes_count_per_unit_and_day_and_a_double_submit_makes_one_dossier(one_stop_officer):
    with at(2026, 3, 5, 9):
        first = receive(one_stop_officer)
        second = services.dossier_receive_at_counter(
            actor=one_stop_officer, intake=intake(token="form-123")
        )
        again = services.dossier_receive_at_counter(
            actor=one_stop_officer, intake=intake(token="form-123")
        )
    with at(2026, 3, 6, 9):
        next_day = receive(one_stop_officer)
    assert first.code.endswith("-260305-0001")
    assert second.code.endswith("-260305-0002")
    assert again.pk == second.pk
    assert next_day.code.endswith("-260306-0001")


def test_an_online_dossier_is_answered_within_8_working_hours_then_received(one_stop_officer):
    with at(2026, 2, 6, 16):  # Friday 16:00: 1.5 h left that day
        dossier = services.dossier_submit(actor=None, intake=intake(channel="online"))
    assert dossier.state == "submitted"
    assert dossier.code == ""
    assert dossier.intake_due_at == vn(2026, 2, 9, 16, 0)  # Monday: 4 h + 2.5 h
    with at(2026, 2, 9, 8):
        dossier = services.dossier_receive(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
    assert dossier.code == "000.01.31.H13-260209-0001"
    history.check(fresh(dossier))


def test_received_after_15_the_transfer_is_due_at_the_next_working_day_after_tet(
    one_stop_officer,
):
    with at(2026, 2, 13, 16):  # Friday before Tết (14-22 Feb off)
        dossier = receive(one_stop_officer)
    assert dossier.transfer_due_at == vn(2026, 2, 23, 7, 30)
    assert dossier.due_at == vn(2026, 2, 25, 17, 30)  # 23, 24, 25 February


def test_intake_refusal_and_return_for_completion_are_recorded_without_a_code(one_stop_officer):
    with at(2026, 3, 5, 9):
        refused = services.dossier_refuse_at_intake(
            actor=one_stop_officer, intake=intake(), reason="Không thuộc thẩm quyền"
        )
        returned = services.dossier_return_for_completion(
            actor=one_stop_officer, intake=intake(), items=["Tờ khai theo mẫu"]
        )
    assert (refused.state, refused.code) == ("refused_at_intake", "")
    assert (returned.state, returned.code) == ("returned_for_completion", "")
    assert returned.events.get().data == {"items": ["Tờ khai theo mẫu"]}
    with pytest.raises(services.DossierError):
        services.dossier_return_for_completion(actor=one_stop_officer, intake=intake(), items=[])


def test_supplement_pauses_and_restarts_the_limit_across_tet(one_stop_officer, officer):
    with at(2026, 2, 11, 10):  # Wednesday; due 12, 13, 23 Feb
        dossier = receive(one_stop_officer)
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
    assert dossier.due_at == vn(2026, 2, 23, 17, 30)
    with at(2026, 2, 13, 9):
        dossier = services.dossier_request_supplement(
            actor=officer, dossier=dossier, revision=dossier.revision, items=["Bản sao CCCD"]
        )
    assert dossier.state == "supplement_requested"
    assert dossier.paused_since == vn(2026, 2, 13, 9)
    with pytest.raises(services.DossierError, match="not allowed"):
        services.dossier_complete_step(actor=officer, dossier=dossier, revision=dossier.revision)
    with at(2026, 2, 24, 10):  # the complete dossier arrives after Tết
        dossier = services.dossier_complete_supplement(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
    assert dossier.state == "supplement_completed"
    assert dossier.original_due_at == dossier.due_at == vn(2026, 2, 27, 17, 30)  # 25, 26, 27
    completed = dossier.events.get(action="complete_supplement")
    assert completed.data["paused_from"] == vn(2026, 2, 13, 9).isoformat()
    assert completed.data["previous_due_at"] == vn(2026, 2, 23, 17, 30).isoformat()
    assert fresh(dossier).supplement_requests == 1
    history.check(fresh(dossier))


def test_supplement_only_within_3_working_days_of_receipt(one_stop_officer, officer):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
    with at(2026, 3, 11, 8), pytest.raises(services.DossierError, match="3 working days"):
        services.dossier_request_supplement(
            actor=officer, dossier=dossier, revision=dossier.revision, items=["Tờ khai"]
        )


def test_extension_once_at_least_one_working_day_before_and_late_all_the_same(
    one_stop_officer, officer, office_leader, leader, clerk
):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
    with at(2026, 3, 10, 9), pytest.raises(services.DossierError, match="one working day"):
        services.dossier_request_extension(
            actor=leader,
            dossier=dossier,
            revision=dossier.revision,
            new_due_at=vn(2026, 3, 13, 17, 30),
            reason="Cần xác minh",
        )
    with at(2026, 3, 9, 9):
        dossier = services.dossier_request_extension(
            actor=leader,
            dossier=dossier,
            revision=dossier.revision,
            new_due_at=vn(2026, 3, 13, 17, 30),
            reason="Cần xác minh thêm",
        )
        assert dossier.due_at == vn(2026, 3, 13, 17, 30)
        assert dossier.original_due_at == vn(2026, 3, 10, 17, 30)
        with pytest.raises(services.DossierError, match="already extended"):
            services.dossier_request_extension(
                actor=leader,
                dossier=dossier,
                revision=dossier.revision,
                new_due_at=vn(2026, 3, 16, 17, 30),
                reason="Lần nữa",
            )
    with at(2026, 3, 12, 9):
        dossier = services.dossier_take(actor=officer, dossier=dossier, revision=dossier.revision)
        dossier = services.dossier_complete_step(
            actor=officer, dossier=dossier, revision=dossier.revision
        )
        dossier = services.dossier_approve(
            actor=office_leader, dossier=dossier, revision=dossier.revision
        )
        dossier = services.dossier_sign(actor=leader, dossier=dossier, revision=dossier.revision)
        dossier = services.dossier_issue_result(
            actor=clerk, dossier=dossier, revision=dossier.revision
        )
    assert dossier.state == "processed"
    assert dossier.is_late  # after the original due time, although before the new appointment


@pytest.mark.parametrize(
    ("service", "state"),
    [
        (services.dossier_refuse, "refused"),
        (services.dossier_stop, "stopped"),
        (services.dossier_withdraw, "withdrawn"),
    ],
)
def test_endings(service, state, one_stop_officer, leader):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
        actor = one_stop_officer if service is services.dossier_withdraw else leader
        dossier = service(actor=actor, dossier=dossier, revision=dossier.revision, reason="Lý do")
    assert dossier.state == state
    assert dossier.finished_at == vn(2026, 3, 5, 9)
    with pytest.raises(services.DossierError, match="not allowed"):
        services.dossier_forward(actor=one_stop_officer, dossier=dossier, revision=dossier.revision)
    history.check(fresh(dossier))


def test_who_may_act(one_stop_officer, officer, office_leader, leader, other_commune_officer):
    with at(2026, 3, 5, 9):
        with pytest.raises(PermissionDeniedError):
            receive(officer)  # a specialist does not receive
        with pytest.raises(PermissionDeniedError):
            receive(other_commune_officer)  # another commune's centre
        dossier = receive(one_stop_officer)
        with pytest.raises(PermissionDeniedError):
            services.dossier_forward(
                actor=other_commune_officer, dossier=dossier, revision=dossier.revision
            )
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
        for wrong in (leader, office_leader, one_stop_officer, other_commune_officer):
            with pytest.raises(PermissionDeniedError):
                services.dossier_complete_step(
                    actor=wrong, dossier=dossier, revision=dossier.revision
                )
        with pytest.raises(PermissionDeniedError):  # the specialist's step is no approval
            services.dossier_approve(actor=officer, dossier=dossier, revision=dossier.revision)
        dossier = services.dossier_complete_step(
            actor=officer, dossier=dossier, revision=dossier.revision
        )
        with pytest.raises(PermissionDeniedError):  # an office leader's step is not signed
            services.dossier_sign(actor=leader, dossier=dossier, revision=dossier.revision)
        with pytest.raises(services.DossierError, match="does not hold"):
            services.dossier_assign(
                actor=leader, dossier=dossier, revision=dossier.revision, assignee=officer
            )
        dossier = services.dossier_assign(
            actor=leader, dossier=dossier, revision=dossier.revision, assignee=office_leader
        )
    assert dossier.holder == office_leader


def test_a_stale_revision_is_refused(one_stop_officer, officer):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        seen = dossier.revision
        services.dossier_forward(actor=one_stop_officer, dossier=dossier, revision=seen)
        with pytest.raises(services.DossierChangedError, match="reload"):
            services.dossier_forward(actor=one_stop_officer, dossier=dossier, revision=seen)
    assert fresh(dossier).events.count() == 2


def test_a_failure_mid_action_leaves_nothing_written(one_stop_officer, monkeypatch):
    from motcua.dossiers.services import intake as intake_module

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    before = (Dossier.objects.count(), DossierEvent.objects.count())
    monkeypatch.setattr(intake_module, "add_components", broken)
    with at(2026, 3, 5, 9), pytest.raises(RuntimeError):
        receive(one_stop_officer)
    assert (Dossier.objects.count(), DossierEvent.objects.count()) == before
    assert not DailySequence.objects.filter(last__gt=0).exists()


def test_consultation_is_asked_and_answered_by_the_consulted_unit(
    one_stop_officer, officer, other_commune_officer, unit
):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
        hoa_an_centre = unit("000.01.34.H13")
        dossier = services.dossier_consult(
            actor=officer,
            dossier=dossier,
            revision=dossier.revision,
            unit_id=hoa_an_centre.pk,
            question="Đương sự có hồ sơ tại xã Hòa An không?",
        )
        asked = dossier.events.get(action="consult").sequence
        with pytest.raises(PermissionDeniedError):
            services.dossier_reply(
                actor=officer,
                dossier=dossier,
                revision=dossier.revision,
                consultation=asked,
                answer="Không",
            )
        dossier = services.dossier_reply(
            actor=other_commune_officer,
            dossier=dossier,
            revision=dossier.revision,
            consultation=asked,
            answer="Không có hồ sơ.",
        )
    assert services.open_consultations(dossier) == []
    assert "reply" not in selectors.dossier_actions_for_user(
        user=other_commune_officer, dossier=fresh(dossier)
    )
    history.check(fresh(dossier))


def test_the_sweep_flags_at_risk_then_overdue(one_stop_officer):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)  # due Tue 10 Mar 17:30
    report = services.dossier_sweep(now=vn(2026, 3, 9, 17, 0))
    assert dossier not in report.at_risk
    report = services.dossier_sweep(now=vn(2026, 3, 10, 9, 0))
    assert [d.pk for d in report.at_risk] == [dossier.pk]
    report = services.dossier_sweep(now=vn(2026, 3, 10, 18, 0))
    assert [d.pk for d in report.overdue] == [dossier.pk]
    flags = fresh(dossier)
    assert (flags.at_risk, flags.overdue) == (False, True)


def test_scans_and_the_fee_are_taken_at_the_counter(one_stop_officer):
    from dataclasses import replace

    from django.core.files.uploadedfile import SimpleUploadedFile

    base = intake()
    scan = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.7\n% a scanned declaration\n")
    scanned = replace(
        base,
        components=(replace(base.components[0], file=scan), *base.components[1:]),
        payment=services.PaymentData(amount_vnd=50_000, method="cash", receipt_number="BL-0012"),
    )
    with at(2026, 3, 5, 9):
        dossier = services.dossier_receive_at_counter(actor=one_stop_officer, intake=scanned)
    component = dossier.components.order_by("pk")[0]
    assert component.file.name.endswith(".pdf")
    assert component.file.read().startswith(b"%PDF")
    assert dossier.payments.get().receipt_number == "BL-0012"
    assert list(dossier.events.values_list("action", flat=True)) == ["receive", "record_payment"]
    history.check(fresh(dossier))
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")
    refused = replace(base, components=(replace(base.components[0], file=fake),))
    with at(2026, 3, 5, 9), pytest.raises(DomainError, match="not a PDF, JPEG or PNG"):
        services.dossier_receive_at_counter(actor=one_stop_officer, intake=refused)


# Across a holiday (30 April and 1 May 2026 are Thursday and Friday): received Wednesday
# 29 April 10:00 with 3 working days, the appointment is Wednesday 6 May 17:30.
HOLIDAY_RECEIPT = (2026, 4, 29, 10)


def received_before_the_holiday(one_stop_officer):
    with at(*HOLIDAY_RECEIPT):
        dossier = receive(one_stop_officer)
        return services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )


def test_across_the_holiday_the_appointment_skips_it(one_stop_officer):
    dossier = received_before_the_holiday(one_stop_officer)
    assert dossier.due_at == vn(2026, 5, 6, 17, 30)  # 4, 5, 6 May


def test_across_the_holiday_an_extension_counts_working_time_left(one_stop_officer, leader):
    dossier = received_before_the_holiday(one_stop_officer)
    new_due = vn(2026, 5, 8, 17, 30)
    # Friday 1 May (holiday) 09:00: Mon 4 and Tue 5 and Wed 6 are left, more than a day.
    with at(2026, 5, 1, 9):
        dossier = services.dossier_request_extension(
            actor=leader,
            dossier=dossier,
            revision=dossier.revision,
            new_due_at=new_due,
            reason="Chờ xác minh",
        )
    assert dossier.due_at == new_due


def test_across_the_holiday_the_last_working_day_is_too_late_to_extend(one_stop_officer, leader):
    dossier = received_before_the_holiday(one_stop_officer)
    with at(2026, 5, 6, 8), pytest.raises(services.DossierError, match="one working day"):
        services.dossier_request_extension(
            actor=leader,
            dossier=dossier,
            revision=dossier.revision,
            new_due_at=vn(2026, 5, 8, 17, 30),
            reason="Chờ xác minh",
        )


def test_across_the_holiday_the_supplement_window_is_three_working_days(one_stop_officer, officer):
    dossier = received_before_the_holiday(one_stop_officer)
    with at(2026, 5, 6, 17):  # still the third working day after receipt
        dossier = services.dossier_request_supplement(
            actor=officer, dossier=dossier, revision=dossier.revision, items=["Tờ khai"]
        )
    assert dossier.state == "supplement_requested"


@pytest.mark.parametrize(
    ("service", "by", "state"),
    [
        (services.dossier_refuse, "leader", "refused"),
        (services.dossier_stop, "leader", "stopped"),
        (services.dossier_withdraw, "one_stop_officer", "withdrawn"),
    ],
)
def test_across_the_holiday_endings_finish_on_time(service, by, state, request, one_stop_officer):
    dossier = received_before_the_holiday(one_stop_officer)
    with at(2026, 5, 5, 9):
        dossier = service(
            actor=request.getfixturevalue(by),
            dossier=dossier,
            revision=dossier.revision,
            reason="Theo đề nghị",
        )
    assert (dossier.state, dossier.is_late) == (state, False)


def test_across_the_holiday_finishing_after_the_appointment_is_late(
    one_stop_officer, officer, office_leader, leader, clerk
):
    dossier = received_before_the_holiday(one_stop_officer)
    with at(2026, 5, 7, 9):  # the day after the appointment
        dossier = services.dossier_take(actor=officer, dossier=dossier, revision=dossier.revision)
        for service, actor in (
            (services.dossier_complete_step, officer),
            (services.dossier_approve, office_leader),
            (services.dossier_sign, leader),
            (services.dossier_issue_result, clerk),
        ):
            dossier = service(actor=actor, dossier=dossier, revision=dossier.revision)
    assert dossier.is_late


def test_the_sweep_watches_the_8_hour_answer_of_online_dossiers():
    with at(2026, 2, 6, 16):
        dossier = services.dossier_submit(actor=None, intake=intake(channel="online"))
    report = services.dossier_sweep(now=vn(2026, 2, 9, 9, 0))  # 16:00 Monday: under 8 h left
    assert [d.pk for d in report.at_risk] == [dossier.pk]
    report = services.dossier_sweep(now=vn(2026, 2, 9, 16, 30))
    assert [d.pk for d in report.overdue] == [dossier.pk]


def _joint_process(unit):
    """Publish a process for a test procedure at Thục Phán's centre whose second position is
    parallel joint processing: Thục Phán's specialist (the lead) and Hòa An's at once."""
    draft = catalog_services.procedure_draft_save(actor=None, code="1.999894", content=COMPLETE)
    catalog_services.procedure_version_publish(actor=None, version=draft)
    procedure = Procedure.objects.get(code="1.999894")

    def step(position, actor_unit, role, hours, **joint):
        return StepContent(
            position=position,
            actor_unit=actor_unit,
            actor_role=role,
            task=f"Bước {position}",
            allotted_value=Decimal(hours),
            **joint,
        )

    parallel = {"kind": "joint", "joint_mode": "parallel"}
    process = workflow_services.process_draft_save(
        actor=None,
        procedure=procedure,
        receiving_unit=unit(THUC_PHAN_CENTRE),
        steps=[
            step(1, THUC_PHAN_CENTRE, "one_stop_officer", 4),
            step(2, THUC_PHAN, "specialist", 12, is_lead=True, **parallel),
            step(2, HOA_AN, "specialist", 12, **parallel),
            step(3, THUC_PHAN, "agency_leader", 4),
            step(4, THUC_PHAN, "clerk", 2),
            step(5, THUC_PHAN_CENTRE, "one_stop_officer", 2),
        ],
        decision="2682/QĐ-UBND",
    )
    workflow_services.process_publish(actor=None, process=process, effective_from=date(2025, 8, 1))


def test_parallel_joint_processing_waits_for_every_agency(
    one_stop_officer, officer, leader, clerk, unit
):
    _joint_process(unit)
    hoa_an = user_create_staff(
        actor=None, username="hoaan.chuyenvien", password=None, full_name="Nông Văn Hòa"
    )
    membership_grant(
        actor=None,
        user=hoa_an,
        unit=unit(HOA_AN),
        role="specialist",
        valid_from=date(2025, 8, 1),
    )
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer, code="1.999894")
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
        # Both agencies hold it at once; each sees it (a step in their unit).
        assert dossier.steps.filter(position=2, started_at__isnull=False).count() == 2
        hoa_an = User.objects.get(pk=hoa_an.pk)
        assert selectors.dossier_get_for_user(user=hoa_an, pk=dossier.pk) == dossier
        dossier = services.dossier_complete_step(
            actor=officer, dossier=dossier, revision=dossier.revision, note="Đạt"
        )
        assert dossier.position == 2  # the other agency still works
        last = dossier.events.last()
        assert last is not None and last.data["waiting_for_parallel_steps"] is True
        with pytest.raises(DomainError):  # their own step is done: nothing more to finish
            services.dossier_complete_step(
                actor=officer, dossier=dossier, revision=dossier.revision
            )
        dossier = services.dossier_complete_step(
            actor=hoa_an, dossier=fresh(dossier), revision=fresh(dossier).revision, note="Đạt"
        )
        assert dossier.position == 3  # every agency finished: the leader's step starts
        dossier = services.dossier_sign(actor=leader, dossier=dossier, revision=dossier.revision)
        dossier = services.dossier_issue_result(
            actor=clerk, dossier=dossier, revision=dossier.revision
        )
    assert dossier.state == "processed"
    slip = list(
        fresh(dossier)
        .events.filter(action="complete_step")
        .values_list("actor_unit__identifier", flat=True)
    )
    assert slip == ["000.00.31.H13", HOA_AN]
    history.check(fresh(dossier))
