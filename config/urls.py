"""Root URLs: the web pages, the JSON API under /api/v1/ and the admin."""

from django.contrib import admin
from django.urls import include, path

from motcua.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Log in through the national e-ID or another OpenID Connect provider (settings: OIDC_*);
    # the callback refuses to work while no provider is configured.
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("", include("motcua.web.urls")),
]
