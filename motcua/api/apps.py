from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API (django-ninja, OpenAPI 3 under /api/v1/): routers and schemas, no models."""

    name = "motcua.api"
    label = "api"
