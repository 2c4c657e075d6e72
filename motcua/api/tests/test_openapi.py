"""Guard: the OpenAPI document is the committed snapshot (docs/api/openapi.json).

After an intended API change, regenerate it with `make openapi` and review the diff.
"""

import json
from pathlib import Path

import pytest

from motcua.api.urls import api

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"


def test_openapi_matches_snapshot():
    current = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    assert current == json.loads(SNAPSHOT.read_text(encoding="utf-8")), (
        "The API changed: run `make openapi` and commit docs/api/openapi.json."
    )


@pytest.mark.django_db
def test_docs_page_is_served(client):
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "motcua API"
