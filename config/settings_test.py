"""Test settings: the base settings with speed knobs (style.md)."""

import tempfile
from pathlib import Path

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
LANGUAGE_CODE = "en"
AXES_ENABLED = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# No persistent connections in tests: the live server's thread would otherwise hold one open
# and PostgreSQL could not drop the test database at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Tasks run at once in tests (on commit); adapters are the in-memory fakes.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MOTCUA_SMS_ADAPTER = "motcua.notifications.adapters.FakeSmsAdapter"
MOTCUA_ZALO_ADAPTER = "motcua.notifications.adapters.FakeZaloAdapter"
# Uploaded scans go to a throwaway directory, never var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="motcua-test-media-"))
