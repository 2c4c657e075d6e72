"""Citizens log in through an OpenID Connect provider (VNeID in production): the whole flow
against a local provider (oidc-provider-mock, on a thread of this test), no network."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from motcua.accounts.models import User

pytestmark = pytest.mark.django_db

CITIZEN = ProviderUser(
    sub="vneid-7f3a",
    claims={"id_number": "004199002233", "name": "Hà Văn Ích", "email": "ich@example.vn"},
)
NO_ID = ProviderUser(sub="no-id", claims={"name": "Người Không Định Danh"})


@pytest.fixture
def provider(settings) -> Iterator[str]:
    with run_server_in_thread(user_claims=[CITIZEN, NO_ID]) as server:
        base = f"http://localhost:{server.server_port}"
        settings.OIDC_ENABLED = True
        settings.OIDC_RP_CLIENT_ID = "motcua-test"
        settings.OIDC_RP_CLIENT_SECRET = "secret"
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/oauth2/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/oauth2/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
        settings.OIDC_VERIFY_KID = False  # the local provider's one key has no "kid"
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "motcua.accounts.oidc.CitizenOIDCBackend",
        ]
        yield base


def _log_in_at_provider(client, sub: str) -> str:
    """Start at motcua, consent at the provider as `sub`, return motcua's callback URL."""
    started = client.get("/oidc/authenticate/")
    assert started.status_code == 302
    authorize = started["Location"]
    consent = httpx.post(authorize, data={"sub": sub}, follow_redirects=False)
    assert consent.status_code == 302, consent.text
    back = urlsplit(consent.headers["location"])
    assert back.path == "/oidc/callback/"
    assert "code" in parse_qs(back.query)
    return f"{back.path}?{back.query}"


def test_a_citizen_logs_in_with_the_provider_and_gets_an_account(client, provider):
    callback = client.get(_log_in_at_provider(client, CITIZEN.sub))
    assert callback.status_code == 302
    user = User.objects.get(id_number="004199002233")
    assert (user.kind, user.full_name, user.email) == ("citizen", "Hà Văn Ích", "ich@example.vn")
    assert not user.has_usable_password()
    assert client.get("/cong-dan/ho-so/").status_code == 200  # logged in, as a citizen
    # The next login finds the same account by its ID number.
    client.logout()
    client.get(_log_in_at_provider(client, CITIZEN.sub))
    assert User.objects.filter(id_number="004199002233").count() == 1


def test_without_an_id_number_the_provider_cannot_log_a_citizen_in(client, provider):
    callback = client.get(_log_in_at_provider(client, NO_ID.sub))
    assert callback.status_code == 302
    assert "oidc=failed" in callback["Location"]
    assert not User.objects.filter(full_name="Người Không Định Danh").exists()
    page = client.get(callback["Location"])
    assert "did not confirm who you are" in page.content.decode()


def test_the_login_page_offers_the_provider_only_when_configured(client, settings):
    assert "/oidc/authenticate/" not in client.get("/accounts/login/").content.decode()
    settings.OIDC_ENABLED = True
    assert "/oidc/authenticate/" in client.get("/accounts/login/").content.decode()
