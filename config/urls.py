"""Root URLs: the web pages, the JSON API under /api/v1/, Open311 under /open311/ and the admin."""

from django.contrib import admin
from django.urls import include, path

from motcua.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("open311/", include("motcua.api.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Log in through the national e-ID or another OpenID Connect provider (settings: OIDC_*);
    # the callback refuses to work while no provider is configured.
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("", include("motcua.web.urls")),
]
