"""Shared fixtures: the demo province loaded once per test database, and the named personas.

Each persona fixture says what it may see (the same personas `manage.py load_demo` creates,
motcua/accounts/demo.py). Tests build further state through services, never raw rows.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.demo import load_demo
from motcua.accounts.models import OrgUnit, User
from motcua.catalog.demo import load_demo_catalog
from motcua.documents.demo import load_demo_pki
from motcua.feedback.demo import load_demo_feedback_categories
from motcua.workflow.demo import load_demo_processes


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Load the demo province, catalogue and processes once per test database.

    Each test rolls back its own changes. The catalogue and processes add about 0.6 s per test
    database on SQLite (measured: accounts/tests/test_selectors.py alone, 3.2 s -> 3.8 s).
    """
    with django_db_blocker.unblock():
        report = load_demo()
        assert not report.errors, report.errors
        load_demo_catalog()
        load_demo_processes()
        load_demo_feedback_categories()
        # Every demo agency gets a demo signing certificate, so that issuing a result signs it.
        load_demo_pki(directory=Path(tempfile.mkdtemp(prefix="motcua-test-pki-")))
    yield
    with django_db_blocker.unblock():
        _end_stray_postgres_sessions()


def _end_stray_postgres_sessions() -> None:
    """End other sessions on the test database so that it can be dropped.

    The live server of the browser tests leaves one idle session open on PostgreSQL (a request
    thread of Django's ThreadedWSGIServer); without this the drop fails with "database is being
    accessed by other users" and the test database is left behind.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def _user(username: str) -> User:
    # A fresh instance per test: selectors cache memberships on the user object.
    return User.objects.get(username=username)


@pytest.fixture
def unit(db: None) -> Callable[[str], OrgUnit]:
    """Return a function that loads a demo unit by identifier."""
    return lambda identifier: OrgUnit.objects.get(identifier=identifier)


@pytest.fixture
def superuser(db: None) -> User:
    """`admin`: superuser and province administrator; sees everything."""
    return _user("admin")


@pytest.fixture
def province_supervisor(db: None) -> User:
    """`tinh.tonghop`: supervisor of the province root; sees every department and commune."""
    return _user("tinh.tonghop")


@pytest.fixture
def office_supervisor(db: None) -> User:
    """`tinh.giamsat`: supervisor of the provincial office; sees it and the provincial centre."""
    return _user("tinh.giamsat")


@pytest.fixture
def officer(db: None) -> User:
    """`thucphan.chuyenvien`: specialist of Thục Phán ward; sees that ward's committee only."""
    return _user("thucphan.chuyenvien")


@pytest.fixture
def one_stop_officer(db: None) -> User:
    """`thucphan.motcua`: one-stop officer of Thục Phán's centre; sees that centre only."""
    return _user("thucphan.motcua")


@pytest.fixture
def other_commune_officer(db: None) -> User:
    """`hoaan.motcua`: officer of Hòa An commune's centre; must get "not found" for Thục Phán."""
    return _user("hoaan.motcua")


@pytest.fixture
def leader(db: None) -> User:
    """`thucphan.lanhdao`: agency leader of Thục Phán ward; sees that ward's committee only."""
    return _user("thucphan.lanhdao")


@pytest.fixture
def office_leader(db: None) -> User:
    """`thucphan.truongphong`: office leader of Thục Phán ward; sees that ward's committee."""
    return _user("thucphan.truongphong")


@pytest.fixture
def clerk(db: None) -> User:
    """`thucphan.vanthu`: clerk of Thục Phán ward; sees that ward's committee only."""
    return _user("thucphan.vanthu")


@pytest.fixture
def ward_admin(db: None) -> User:
    """`thucphan.quantri`: administrator of Thục Phán ward; sees and manages its subtree."""
    return _user("thucphan.quantri")


@pytest.fixture
def citizen(db: None) -> User:
    """`congdan`: a citizen; sees no unit through the staff functions."""
    return _user("congdan")


@pytest.fixture
def login(db: None) -> Callable[[User], Client]:
    """Return a function giving a client logged in as a user, second factor passed for staff."""

    def _login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return _login
