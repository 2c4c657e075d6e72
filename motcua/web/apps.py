from django.apps import AppConfig


class WebConfig(AppConfig):
    """Server-rendered pages for citizens and officers: forms, templates, no models."""

    name = "motcua.web"
    label = "web"
