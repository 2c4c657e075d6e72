"""Build feedback in the demo province through the services (style.md: never raw rows)."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from motcua.accounts.models import User
from motcua.feedback import services
from motcua.feedback.lifecycle import Action
from motcua.feedback.models import Feedback, FeedbackCategory, FeedbackChannel

VN = ZoneInfo("Asia/Ho_Chi_Minh")
WARD_CATEGORY = "moi-truong"  # answered by Thục Phán ward's People's Committee


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> time_machine.travel:
    """Travel to a Vietnam wall-clock time, frozen."""
    return time_machine.travel(datetime(year, month, day, hour, minute, tzinfo=VN), tick=False)


def vn(year: int, month: int, day: int, hour: int = 17, minute: int = 30) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def photo(kind: str = "JPEG", name: str = "anh.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def receive(
    *,
    category: str = WARD_CATEGORY,
    channel: str = FeedbackChannel.PORTAL,
    sender: User | None = None,
    actor: User | None = None,
    **fields,
) -> Feedback:
    data = services.FeedbackInput(
        category=FeedbackCategory.objects.get(code=category),
        sender_name=fields.pop("sender_name", "Nguyễn Thị Hồng Nhung"),
        title=fields.pop("title", "Nước thải tràn ra đường"),
        content=fields.pop("content", "Cống ở tổ 5 bị tắc, nước thải tràn ra đường."),
        sender_phone=fields.pop("sender_phone", "0912345678"),
        sender_email=fields.pop("sender_email", "nhung@example.vn"),
        **fields,
    )
    return services.feedback_receive(data=data, channel=channel, sender_user=sender, actor=actor)


def act(feedback: Feedback, action: Action, actor, **kwargs) -> Feedback:
    return services.feedback_act(feedback=feedback, action=action, actor=actor, **kwargs)


def published(*, officer: User, leader: User, sender: User | None = None, **fields) -> Feedback:
    feedback = receive(sender=sender, **fields)
    feedback = act(feedback, Action.CLASSIFY, officer)
    feedback = act(feedback, Action.START_HANDLING, officer)
    feedback = act(feedback, Action.ANSWER, officer, answer="Đã nạo vét cống ngày 12/11.")
    return act(feedback, Action.PUBLISH, leader)
