from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/verify/", views.verify, name="verify"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("deadlines/", views.deadline_calculator, name="deadlines"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/units/<int:pk>/", views.unit_detail, name="unit_detail"),
]
