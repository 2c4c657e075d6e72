"""The admin of feedback categories: province administrators configure them; others are out."""

from __future__ import annotations

import pytest

from motcua.feedback.models import FeedbackCategory

pytestmark = pytest.mark.django_db


def test_province_administrator_edits_categories(superuser, login):
    client = login(superuser)
    assert client.get("/admin/feedback/feedbackcategory/").status_code == 200
    category = FeedbackCategory.objects.get(code="moi-truong")
    assert client.get(f"/admin/feedback/feedbackcategory/{category.pk}/change/").status_code == 200
    assert client.get("/admin/feedback/apiclient/").status_code == 200
    assert client.get("/admin/feedback/apiclient/add/").status_code == 403


def test_ward_administrator_does_not_see_categories(ward_admin, login):
    assert login(ward_admin).get("/admin/feedback/feedbackcategory/").status_code == 403
