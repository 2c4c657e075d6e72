from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.web import (
    catalog_views,
    document_views,
    dossier_views,
    feedback_views,
    portal_views,
    print_views,
    report_views,
    views,
)

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
    # The citizen portal (dang-ky = sign up, tai-khoan = account, nop-truc-tuyen = apply online,
    # cong-dan = citizen, ho-so-nhap = draft, giay-to = documents).
    path("dang-ky/", portal_views.sign_up, name="sign_up"),
    path("dang-ky/xac-nhan/", portal_views.sign_up_confirm, name="sign_up_confirm"),
    path("tai-khoan/", portal_views.profile, name="profile"),
    path("nop-truc-tuyen/<str:code>/", portal_views.apply_start, name="apply_start"),
    path("cong-dan/ho-so-nhap/<int:pk>/", portal_views.draft_page, name="draft"),
    path("cong-dan/ho-so/", portal_views.my_dossiers, name="my_dossiers"),
    path("cong-dan/ho-so/<int:pk>/", portal_views.my_dossier, name="my_dossier"),
    path(
        "cong-dan/ho-so/<int:pk>/ket-qua/<int:result>/",
        portal_views.my_result_file,
        name="my_result_file",
    ),
    path("cong-dan/giay-to/", portal_views.my_documents, name="my_documents"),
    path("cong-dan/giay-to/<int:pk>/", portal_views.my_document_file, name="my_document_file"),
    path("danh-gia/", portal_views.rating_kiosk, name="rating_kiosk"),  # the counter tablet
    # Citizen feedback (phản ánh): the public answers, sending, the sender's own list (của tôi),
    # the officers' worklist (xử lý = handling).
    path("phan-anh/", feedback_views.answer_list, name="feedback_answers"),
    path("phan-anh/gui/", feedback_views.send, name="feedback_send"),
    path("phan-anh/cua-toi/", feedback_views.mine, name="feedback_mine"),
    path("phan-anh/<int:pk>/", feedback_views.answer_detail, name="feedback_answer"),
    path("phan-anh/<int:pk>/y-kien/", feedback_views.answer_react, name="feedback_react"),
    path("phan-anh/<int:pk>/mo-lai/", feedback_views.answer_reopen, name="feedback_reopen"),
    path("phan-anh/<int:pk>/anh/<int:photo>/", feedback_views.photo, name="feedback_photo"),
    path("phan-anh/xu-ly/", feedback_views.worklist, name="feedback_worklist"),
    path("phan-anh/xu-ly/<int:pk>/", feedback_views.detail, name="feedback_detail"),
    path(
        "phan-anh/xu-ly/<int:pk>/thao-tac/<str:action>/",
        feedback_views.act,
        name="feedback_action",
    ),
    # Electronic results and digitisation (xác thực = verify, kết quả = result, thu hồi =
    # revoke, số hóa = digitise). The QR printed on a result points to xac-thuc/?ma=<code>.
    path("xac-thuc/", document_views.verify, name="verify_result"),
    path("ho-so/<int:pk>/so-hoa/", document_views.dossier_digitise, name="dossier_digitise"),
    path(
        "ho-so/<int:pk>/so-hoa/<int:record>/",
        document_views.digitised_file,
        name="digitised_file",
    ),
    path("ho-so/<int:pk>/ket-qua/<int:result>/", document_views.result_file, name="dossier_result"),
    path(
        "ho-so/<int:pk>/ket-qua/<int:result>/thu-hoi/",
        document_views.result_revoke,
        name="result_revoke",
    ),
    # The operations dashboard (báo cáo = report; hồ sơ = the dossiers behind a number; xuất =
    # export).
    path("bao-cao/", report_views.dashboard, name="reports"),
    path("bao-cao/ho-so/", report_views.figure_dossiers, name="report_dossiers"),
    path("bao-cao/xuat.<str:kind>", report_views.export, name="report_export"),
    # đánh giá = the TT 01/2018 evaluation of dossier handling
    path("bao-cao/danh-gia/", report_views.evaluation, name="report_evaluation"),
    path(
        "bao-cao/danh-gia/xuat.xlsx",
        report_views.evaluation_export,
        name="report_evaluation_export",
    ),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/units/<int:pk>/", views.unit_detail, name="unit_detail"),
]
