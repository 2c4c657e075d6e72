"""Base models shared by the domain apps (style.md: core holds the base model, no domain model)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class AppendOnlyModel(models.Model):
    """A row that is written once and never changed or deleted through the models: the
    histories (NĐ 61/2018 Art. 5: recorded data may not be altered) and the access logs.

    `save` refuses an update and `delete` refuses; `history_name` names the row in the message.
    """

    history_name: ClassVar[str] = "This record"

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError(f"{self.history_name} is never changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError(f"{self.history_name} is never deleted.")
