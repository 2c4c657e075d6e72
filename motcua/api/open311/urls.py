"""/open311/v2/…: the GeoReport v2 paths, each with a .json or .xml format suffix."""

from django.urls import path, register_converter

from motcua.api.open311 import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "open311"

urlpatterns = [
    path("discovery.<fmt:fmt>", views.discovery, name="discovery"),
    path("v2/discovery.<fmt:fmt>", views.discovery, name="discovery_v2"),
    path("v2/services.<fmt:fmt>", views.service_list, name="services"),
    path("v2/services/<slug:code>.<fmt:fmt>", views.service_definition, name="service"),
    path("v2/requests.<fmt:fmt>", views.request_list, name="requests"),
    path("v2/requests/<int:pk>.<fmt:fmt>", views.request_detail, name="request"),
    path("v2/tokens/<str:token>.<fmt:fmt>", views.token_detail, name="token"),
]
