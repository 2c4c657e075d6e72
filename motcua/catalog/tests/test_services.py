from datetime import date
from decimal import Decimal

import pytest

from motcua.catalog import selectors, services
from motcua.catalog.content import TermContent, content_of, missing_fields
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.tests.factories import COMPLETE, content
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.core.text import search_column

pytestmark = pytest.mark.django_db

CODE = "1.999894"


def publish(code=CODE, body=COMPLETE, on=None):
    draft = services.procedure_draft_save(actor=None, code=code, content=body)
    return services.procedure_version_publish(actor=None, version=draft, effective_from=on)


def test_draft_then_publish_keeps_the_content():
    version = publish()
    assert version.status == VersionStatus.PUBLISHED
    assert version.number == 1
    assert version.effective_from == date(2025, 7, 1)
    assert content_of(version) == COMPLETE
    assert version.search_text == " dang ky ket hon ! 1.999894 1.999894.000.00.00.h13 ho tich "
    assert version.agency_text == search_column(version.implementing_agency)


def test_edit_after_publication_makes_a_new_version_and_keeps_the_old():
    first = publish()
    renamed = content(name="Đăng ký kết hôn (sửa đổi)", decision_effective_date=date(2026, 1, 1))
    second = publish(body=renamed)
    assert second.number == 2
    first.refresh_from_db()
    assert first.name == "Đăng ký kết hôn"  # published versions never change
    procedure = first.procedure
    assert selectors.procedure_version_in_force(procedure=procedure, on=date(2025, 12, 31)) == first
    assert selectors.procedure_version_in_force(procedure=procedure, on=date(2026, 1, 1)) == second
    assert [v.number for v in selectors.procedure_version_list(procedure=procedure)] == [2, 1]


def test_saving_a_draft_twice_replaces_it():
    publish()
    services.procedure_draft_save(actor=None, code=CODE, content=content(name="A"))
    draft = services.procedure_draft_save(actor=None, code=CODE, content=content(name="B"))
    assert draft.number == 2
    assert ProcedureVersion.objects.filter(procedure__code=CODE).count() == 2
    assert content_of(draft).name == "B"


def test_publication_names_every_missing_mandatory_field():
    incomplete = content(
        sequence="", subjects="", documents=(), terms=(), decision_number="", legal_basis=""
    )
    assert missing_fields(incomplete) == [
        "sequence of steps",
        "subjects",
        "required documents",
        "time limit",
        "legal basis",
        "publication decision number",
    ]
    draft = services.procedure_draft_save(actor=None, code=CODE, content=incomplete)
    with pytest.raises(DomainError) as error:
        services.procedure_version_publish(actor=None, version=draft)
    message = str(error.value)
    for name in ("sequence of steps", "subjects", "required documents", "time limit"):
        assert name in message
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_published_version_cannot_be_published_again_or_discarded():
    version = publish()
    with pytest.raises(DomainError, match="already published"):
        services.procedure_version_publish(actor=None, version=version)
    with pytest.raises(DomainError, match="cannot be deleted"):
        services.procedure_draft_discard(actor=None, version=version)


def test_effective_date_cannot_go_back_in_time():
    publish(on=date(2026, 1, 1))
    draft = services.procedure_draft_save(actor=None, code=CODE, content=content(name="X"))
    with pytest.raises(DomainError, match="before that of version 1"):
        services.procedure_version_publish(
            actor=None, version=draft, effective_from=date(2025, 1, 1)
        )


@pytest.mark.parametrize(
    ("code", "body", "message"),
    [
        ("1.894", COMPLETE, "not a national procedure code"),
        (
            CODE,
            content(terms=(TermContent("fax", Decimal(1), "working_days"),)),
            "Fax is not a channel",
        ),
        (
            CODE,
            content(
                terms=(
                    TermContent("online", Decimal(1), "working_days"),
                    TermContent("online", Decimal(2), "working_days"),
                )
            ),
            "appears twice",
        ),
        (CODE, content(name=" "), "name is missing"),
        (CODE, content(implementing_agency="Sở " * 300), "longer than 500 characters"),
    ],
)
def test_content_that_cannot_be_stored_is_refused(code, body, message):
    with pytest.raises(DomainError, match=message):
        services.procedure_draft_save(actor=None, code=code, content=body)


def test_abolished_procedure_is_no_longer_in_force_but_history_stays():
    version = publish()
    services.procedure_abolish(actor=None, procedure=version.procedure, on=date(2026, 6, 1))
    procedure = version.procedure
    assert (
        selectors.procedure_version_in_force(procedure=procedure, on=date(2026, 5, 31)) == version
    )
    assert selectors.procedure_version_in_force(procedure=procedure, on=date(2026, 6, 1)) is None
    with pytest.raises(DomainError, match="abolished"):
        services.procedure_draft_save(actor=None, code=CODE, content=COMPLETE)


def periods(procedure):
    return [
        (version.number, version.effective_from, version.effective_until)
        for version in procedure.versions.order_by("number")
    ]


def test_each_version_stores_when_it_stops_applying():
    first = publish()
    procedure = first.procedure
    assert periods(procedure) == [(1, date(2025, 7, 1), None)]
    publish(body=content(name="B"), on=date(2026, 1, 1))
    # Published the same day as version 2: version 2 never applied.
    publish(body=content(name="C"), on=date(2026, 1, 1))
    assert periods(procedure) == [
        (1, date(2025, 7, 1), date(2026, 1, 1)),
        (2, date(2026, 1, 1), date(2026, 1, 1)),
        (3, date(2026, 1, 1), None),
    ]
    services.procedure_abolish(actor=None, procedure=procedure, on=date(2026, 6, 1))
    assert periods(procedure)[2] == (3, date(2026, 1, 1), date(2026, 6, 1))
    history = selectors.procedure_history(procedure=procedure, on=date(2026, 2, 1))
    assert [(entry.version.number, entry.until, entry.state) for entry in history] == [
        (3, date(2026, 6, 1), "in_force"),
        (2, date(2026, 1, 1), "past"),
        (1, date(2026, 1, 1), "past"),
    ]
    in_force = selectors.procedure_list_in_force
    assert in_force(on=date(2025, 12, 31)).get(procedure=procedure) == first
    assert in_force(on=date(2026, 5, 31)).get(procedure=procedure).number == 3
    assert not in_force(on=date(2026, 6, 1)).filter(procedure=procedure).exists()


def test_only_catalogue_maintainers_change_the_catalogue(officer, ward_admin, superuser):
    for actor in (officer, ward_admin):
        with pytest.raises(PermissionDeniedError):
            services.procedure_draft_save(actor=actor, code=CODE, content=COMPLETE)
    draft = services.procedure_draft_save(actor=superuser, code=CODE, content=COMPLETE)
    assert (
        services.procedure_version_publish(actor=superuser, version=draft).published_by == superuser
    )


def test_limit_text_matches_the_deadline_engine():
    version = publish(
        body=content(
            terms=(
                TermContent("counter", Decimal("3.00"), "working_days"),
                TermContent("online", Decimal(0), "same_day"),
            )
        )
    )
    texts = {term.channel: term.limit_text for term in version.terms.all()}
    assert texts == {"counter": "3 working_days", "online": "same_day"}
