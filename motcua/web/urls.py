from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.web import catalog_views, dossier_views, print_views, report_views, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/verify/", views.verify, name="verify"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("deadlines/", views.deadline_calculator, name="deadlines"),
    # Public catalogue, Vietnamese paths (thủ tục = procedure); <code> is the national code
    # (1.001193) or the localised one (1.001193.000.00.00.H13).
    path("thu-tuc/", catalog_views.procedure_list, name="catalog_list"),
    path("thu-tuc/<str:code>/", catalog_views.procedure_detail, name="catalog_detail"),
    path(
        "thu-tuc/<str:code>/phien-ban/<int:number>/",
        catalog_views.procedure_version_detail,
        name="catalog_version",
    ),
    path(
        "thu-tuc/<str:code>/bieu-mau/<int:pk>/",
        catalog_views.document_template,
        name="catalog_template",
    ),
    # Officers' dossier pages (hồ sơ = dossier, tiếp nhận = intake, thao tác = action) and the
    # public lookup by code (tra cứu); the QR of form 01 points to tra-cuu/?ma=<code>.
    path("ho-so/", dossier_views.dossier_list, name="dossier_list"),
    path("ho-so/tiep-nhan/", dossier_views.dossier_intake, name="dossier_intake"),
    path("ho-so/<int:pk>/", dossier_views.dossier_detail_page, name="dossier_detail"),
    path(
        "ho-so/<int:pk>/thao-tac/<str:action>/",
        dossier_views.dossier_action,
        name="dossier_action",
    ),
    path("tra-cuu/", dossier_views.lookup, name="lookup"),
    # Printing (in bieu-mau = forms, so-theo-doi = register).
    path("ho-so/<int:pk>/bieu-mau/<int:number>/", print_views.dossier_form, name="dossier_form"),
    path("ho-so/so-theo-doi/", print_views.register, name="register"),
    path(
        "ho-so/<int:pk>/ban-quet/<int:component>/",
        print_views.dossier_scan,
        name="dossier_scan",
    ),
    # The operations dashboard (báo cáo = report; hồ sơ = the dossiers behind a number; xuất =
    # export).
    path("bao-cao/", report_views.dashboard, name="reports"),
    path("bao-cao/ho-so/", report_views.figure_dossiers, name="report_dossiers"),
    path("bao-cao/xuat.<str:kind>", report_views.export, name="report_export"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/units/<int:pk>/", views.unit_detail, name="unit_detail"),
]
