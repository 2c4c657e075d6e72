"""Concurrency on PostgreSQL with real parallel connections (issue: "exactly one succeeds").

Each worker thread has its own database connection and commits for real; the rows it writes
are removed at the end of each test. On SQLite the IMMEDIATE transactions serialise writers,
which the single-connection tests already cover; these run in the PostgreSQL pass.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, connections

from motcua.accounts.models import User
from motcua.dossiers import services
from motcua.dossiers.models import DailySequence, Dossier, DossierComponent, DossierEvent
from motcua.dossiers.tests.helpers import at, intake

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="parallel connections: PostgreSQL pass"
    ),
]
WORKERS = 8


def parallel(work: Callable[[int], Any], count: int = WORKERS) -> list[Any]:
    """Run `work(i)` in `count` threads released at once; return results or exceptions."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 -- the test inspects what each worker got
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def committed() -> Iterator[list[int]]:
    """Collect the ids of dossiers the workers commit, and delete them afterwards."""
    ids: list[int] = []
    yield ids

    def clean(index: int) -> None:
        # In a connection of its own: the test's connection is rolled back, these rows were
        # committed by the workers.
        # The notices the commits queued (the notifications app, above this one: by name).
        apps.get_model("notifications", "Notification").objects.filter(dossier_id__in=ids).delete()
        events = DossierEvent.objects.filter(dossier_id__in=ids)
        events._raw_delete(events.db)
        DossierComponent.objects.filter(dossier_id__in=ids).delete()
        Dossier.objects.filter(pk__in=ids).delete()
        DailySequence.objects.filter(day__year=2026).delete()
        # The indicators' daily counters the commits added (the reporting app, by name; its
        # per-dossier facts went with the dossiers).
        for name in ("DailyFigures", "DailyFieldFigures"):
            apps.get_model("reporting", name).objects.filter(day__year=2026).delete()
        for name in ("MonthlyFigures", "MonthlyFieldFigures"):
            apps.get_model("reporting", name).objects.filter(month__year=2026).delete()

    (error,) = parallel(clean, count=1)
    assert error is None, error


def test_officers_receiving_at_once_get_distinct_consecutive_codes(committed):
    officer_id = User.objects.get(username="thucphan.motcua").pk

    def work(index: int) -> Dossier:
        with at(2026, 3, 5, 9):
            return services.dossier_receive_at_counter(
                actor=User.objects.get(pk=officer_id), intake=intake()
            )

    results = parallel(work)
    committed.extend(result.pk for result in results if isinstance(result, Dossier))
    assert all(isinstance(result, Dossier) for result in results), results
    codes = sorted(result.code for result in results)
    assert codes == [f"000.01.31.H13-260305-{n:04d}" for n in range(1, WORKERS + 1)]


def test_a_double_submit_at_once_makes_one_dossier(committed):
    officer_id = User.objects.get(username="thucphan.motcua").pk

    def work(index: int) -> Dossier:
        with at(2026, 3, 5, 9):
            return services.dossier_receive_at_counter(
                actor=User.objects.get(pk=officer_id), intake=intake(token="double-click")
            )

    results = parallel(work, count=2)
    committed.extend({result.pk for result in results if isinstance(result, Dossier)})
    assert Dossier.objects.filter(client_token="double-click").count() == 1


def test_two_officers_acting_at_once_exactly_one_succeeds(committed):
    officer_id = User.objects.get(username="thucphan.motcua").pk

    def receive(index: int) -> Dossier:
        with at(2026, 3, 5, 9):
            return services.dossier_receive_at_counter(
                actor=User.objects.get(pk=officer_id), intake=intake()
            )

    (dossier,) = parallel(receive, count=1)
    committed.append(dossier.pk)
    seen = dossier.revision

    def forward(index: int) -> Dossier:
        with at(2026, 3, 5, 10):
            return services.dossier_forward(
                actor=User.objects.get(pk=officer_id), dossier=dossier, revision=seen
            )

    results = parallel(forward, count=2)
    succeeded = [result for result in results if isinstance(result, Dossier)]
    refused = [result for result in results if isinstance(result, services.DossierChangedError)]
    assert (len(succeeded), len(refused)) == (1, 1), results
    assert Dossier.objects.get(pk=dossier.pk).events.count() == 2
