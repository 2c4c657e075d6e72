"""Demo feedback categories of Cao Bằng (the Open311 services), loaded by `manage.py load_demo`.

Idempotent: a category is created once by its code and updated to the values here.
"""

from __future__ import annotations

from motcua.accounts.demo import PROVINCE, PROVINCE_OFFICE, THUC_PHAN
from motcua.accounts.models import OrgUnit
from motcua.feedback.models import CategoryKind, FeedbackCategory

# (code, name, description, kind, group, keywords, responsible unit)
CATEGORIES = (
    (
        "moi-truong",
        "Vệ sinh môi trường",
        "Rác thải, nước thải, ô nhiễm tại khu dân cư.",
        CategoryKind.RULE,
        "Đô thị",
        "rác, nước thải, ô nhiễm",
        THUC_PHAN,
    ),
    (
        "trat-tu-do-thi",
        "Trật tự đô thị, hạ tầng",
        "Lấn chiếm vỉa hè, đèn đường, ổ gà, cây xanh.",
        CategoryKind.RULE,
        "Đô thị",
        "vỉa hè, đèn đường, đường hỏng",
        THUC_PHAN,
    ),
    (
        "giai-quyet-ho-so",
        "Việc giải quyết hồ sơ",
        "Phản ánh về cách tiếp nhận, giải quyết hồ sơ thủ tục hành chính (ghi mã hồ sơ nếu có).",
        CategoryKind.HANDLING,
        "Thủ tục hành chính",
        "hồ sơ, trễ hẹn, thái độ",
        THUC_PHAN,
    ),
    (
        "quy-dinh-hanh-chinh",
        "Quy định hành chính",
        "Kiến nghị về quy định, thủ tục hành chính của tỉnh.",
        CategoryKind.RULE,
        "Thủ tục hành chính",
        "quy định, thủ tục, giấy tờ",
        PROVINCE_OFFICE,
    ),
)


def load_demo_feedback_categories() -> int:
    """Create or update the demo categories; return how many were created."""
    province = OrgUnit.objects.get(identifier=PROVINCE)
    created = 0
    for code, name, description, kind, group, keywords, unit in CATEGORIES:
        _, was_created = FeedbackCategory.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "kind": kind,
                "group": group,
                "keywords": keywords,
                "province": province,
                "responsible_unit": OrgUnit.objects.get(identifier=unit),
                "active": True,
            },
        )
        created += was_created
    return created


# (title, content, category, place, answer or "" to leave it received)
DEMO_FEEDBACK = (
    (
        "Nước thải tràn ra đường tổ 5",
        "Cống thoát nước ở tổ 5 phường Thục Phán bị tắc, nước thải tràn ra đường mỗi khi mưa.",
        "moi-truong",
        "Tổ 5, phường Thục Phán",
        "UBND phường đã cử tổ công tác kiểm tra và nạo vét cống ngày 12/11; "
        "tuyến cống sẽ được cải tạo trong quý I năm 2027.",
    ),
    (
        "Đèn đường hỏng trên phố Kim Đồng",
        "Ba cột đèn trên phố Kim Đồng không sáng đã hai tuần, đi lại buổi tối rất nguy hiểm.",
        "trat-tu-do-thi",
        "Phố Kim Đồng, phường Thục Phán",
        "Đơn vị quản lý chiếu sáng đã thay bóng và sửa đường dây; các đèn đã sáng trở lại.",
    ),
    (
        "Vỉa hè bị lấn chiếm trước chợ",
        "Các hộ kinh doanh bày hàng kín vỉa hè trước chợ, người đi bộ phải xuống lòng đường.",
        "trat-tu-do-thi",
        "Chợ phường Thục Phán",
        "",
    ),
)


def load_demo_feedback() -> tuple[int, int]:
    """Load the categories and a few demo feedback items through the services (published
    answers for the public page, one waiting in the ward's worklist); idempotent by title."""
    from motcua.accounts.models import User
    from motcua.feedback import services
    from motcua.feedback.lifecycle import Action
    from motcua.feedback.models import Feedback, FeedbackChannel

    created_categories = load_demo_feedback_categories()
    officer = User.objects.get(username="thucphan.chuyenvien")
    leader = User.objects.get(username="thucphan.lanhdao")
    published = 0
    for title, content, code, place, answer in DEMO_FEEDBACK:
        if Feedback.objects.filter(title=title).exists():
            continue
        feedback = services.feedback_receive(
            data=services.FeedbackInput(
                category=FeedbackCategory.objects.get(code=code),
                sender_name="Nguyễn Văn Công Dân",
                sender_phone="0912000111",
                title=title,
                content=content,
                address=place,
            ),
            channel=FeedbackChannel.PORTAL,
            sender_user=User.objects.filter(username="congdan").first(),
        )
        if not answer:
            continue
        for action, actor in (
            (Action.CLASSIFY, officer),
            (Action.START_HANDLING, officer),
            (Action.ANSWER, officer),
            (Action.PUBLISH, leader),
        ):
            feedback = services.feedback_act(
                feedback=feedback, action=action, actor=actor, answer=answer
            )
        published += 1
    return created_categories, published
