"""The catalogue admin: maintainers only, drafts editable, published read-only, publish action."""

from datetime import date

import pytest

from motcua.catalog import services
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.tests.factories import COMPLETE, content

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    draft = services.procedure_draft_save(actor=None, code="1.999894", content=COMPLETE)
    return services.procedure_version_publish(actor=None, version=draft)


def test_only_maintainers_see_the_catalogue_admin(login, ward_admin, superuser, published):
    assert login(ward_admin).get("/admin/catalog/procedureversion/").status_code == 403
    assert login(superuser).get("/admin/catalog/procedureversion/").status_code == 200


def test_published_version_is_read_only(login, superuser, published):
    client = login(superuser)
    page = client.get(f"/admin/catalog/procedureversion/{published.pk}/change/")
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False


def test_new_draft_then_publish_through_actions(login, superuser, published):
    client = login(superuser)
    url = "/admin/catalog/procedureversion/"
    client.post(url, {"action": "start_draft", "_selected_action": [published.pk]})
    draft = ProcedureVersion.objects.get(status=VersionStatus.DRAFT, procedure__code="1.999894")
    assert draft.number == 2
    draft.name = "Đăng ký kết hôn có yếu tố mới"
    draft.effective_from = date(2026, 1, 1)
    draft.save()
    response = client.post(url, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
    assert "is published" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and draft.effective_from == date(2026, 1, 1)


def test_publish_action_names_missing_fields(login, superuser):
    draft = services.procedure_draft_save(
        actor=None, code="1.999895", content=content(subjects="", sequence="")
    )
    response = login(superuser).post(
        "/admin/catalog/procedureversion/",
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert "sequence of steps" in body and "subjects" in body


def test_versions_side_by_side(login, superuser, published):
    draft = services.procedure_draft_save(
        actor=None, code="1.999894", content=content(name="Tên mới")
    )
    page = login(superuser).get(f"/admin/catalog/procedure/{published.procedure_id}/versions/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tên mới" in body and "Đăng ký kết hôn" in body
    differing = [row["name"] for row in page.context["rows"] if row["differs"]]
    assert differing == ["name"]
    assert draft.number == 2


def test_draft_page_lists_missing_fields(login, superuser):
    draft = services.procedure_draft_save(
        actor=None, code="1.999896", content=content(result="", legal_basis="")
    )
    page = login(superuser).get(f"/admin/catalog/procedureversion/{draft.pk}/change/")
    assert "result, legal basis" in page.content.decode()
