"""Settings for motcua: one module, every deployment difference comes from the environment.

See `.env.example` for the variables and `docs/operations.md` for production values.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list without empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
_INSECURE_KEY = "insecure-development-key-change-me"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", _INSECURE_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
PRODUCTION = env_bool("MOTCUA_PRODUCTION", False)

INSTALLED_APPS = [
    "motcua.accounts.admin_config.MotcuaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks_db",
    "motcua.core",
    "motcua.accounts",
    "motcua.deadlines",
    "motcua.catalog",
    "motcua.workflow",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.notifications",
    "motcua.portal",
    "motcua.feedback",
    "motcua.reporting",
    "motcua.api",
    "motcua.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "motcua.accounts.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # AxesMiddleware last (django-axes docs): it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Database: SQLite file under var/ by default (WAL mode, see motcua.core.apps), PostgreSQL in
# production through DATABASE_URL=postgres://user:pass@host:5432/name.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers run while one writer writes; IMMEDIATE transactions take the write
            # lock at BEGIN so that two writers queue instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                # Memory-mapped reads: a scan through a fresh connection (one per request with
                # CONN_MAX_AGE=0) went from 6.2 to 3.8 ms on the catalogue bench.
                "PRAGMA mmap_size=268435456;"
            ),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# models.W040: SQLite has no INCLUDE columns on an index; the catalogue's search index includes
# the id only for PostgreSQL (SQLite index entries carry the rowid anyway).
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend first (django-axes docs): it refuses locked-out credentials.
    "axes.backends.AxesStandaloneBackend",
    # Citizens log in with their e-mail address or phone number (and staff with a username).
    "motcua.accounts.backends.EmailOrPhoneBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Citizens may also log in through a national e-ID (VNeID) or any OpenID Connect provider
# (mozilla-django-oidc; docs/portal.md). Off unless the provider's endpoints are configured.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile phone")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "VNeID")
# Match the token's key id against the provider's keys (off only for a provider whose single
# key has no "kid", like the local test provider).
OIDC_VERIFY_KID = env_bool("OIDC_VERIFY_KID", True)
# The claim carrying the 12-digit personal ID number (VNeID's citizen identifier).
OIDC_ID_NUMBER_CLAIM = os.environ.get("OIDC_ID_NUMBER_CLAIM", "id_number")
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?oidc=failed"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("motcua.accounts.oidc.CitizenOIDCBackend")

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:staff_home"  # citizens are sent on to the home page
LOGOUT_REDIRECT_URL = "web:home"

# Second factor for staff (TOTP, django-otp). On by default; a deployment may turn it off
# (for example a training server) with MOTCUA_REQUIRE_STAFF_OTP=false. Production refuses that.
MOTCUA_REQUIRE_STAFF_OTP = env_bool("MOTCUA_REQUIRE_STAFF_OTP", True)
OTP_TOTP_ISSUER = os.environ.get("MOTCUA_OTP_ISSUER", "motcua")

# Failed-login throttling (django-axes): lock a username+address after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("MOTCUA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("MOTCUA_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600  # one working day
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send X-CSRFToken
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    # Production refuses to start with unsafe settings (product.md, "Reliability and security").
    problems = []
    if DEBUG:
        problems.append("DJANGO_DEBUG must be false")
    if SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 50:
        problems.append("DJANGO_SECRET_KEY must be set to a random value of at least 50 characters")
    if not MOTCUA_REQUIRE_STAFF_OTP:
        problems.append("MOTCUA_REQUIRE_STAFF_OTP must be true")
    if "*" in ALLOWED_HOSTS:
        problems.append("DJANGO_ALLOWED_HOSTS must list the real host names")
    if problems:
        raise ImproperlyConfigured("Unsafe production settings: " + "; ".join(problems) + ".")
    SECURE_SSL_REDIRECT = env_bool("MOTCUA_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("MOTCUA_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Background work (product.md): Django's task interface through the django-tasks backport, with
# the ORM backend by default (works on SQLite and PostgreSQL; run `manage.py db_worker` on any
# number of machines). docs/notifications.md.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("MOTCUA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Tasks enqueued after every committed dossier event (dossiers.services.common.record): the
# notifications of NĐ 224/2026 Art. 15. A dotted path each; the dossier app imports none of them.
MOTCUA_DOSSIER_EVENT_TASKS = [
    "motcua.notifications.tasks.notify_dossier_event",
    # Scans attached at intake become digitisation records (docs/signatures.md).
    "motcua.documents.tasks.digitise_intake_scans",
    # The results of a returned dossier go into the applicant's document store (docs/portal.md).
    "motcua.portal.tasks.store_returned_results",
]
# Called inside the transaction of every dossier event (dossiers.services.common.record): the
# fact tables of the indicators, never behind the history (docs/indicators.md).
MOTCUA_DOSSIER_EVENT_RECORDERS = ["motcua.reporting.services.facts_on_event"]
# Called when a dossier's digitisation flags change (documents.services.digitisation_refresh),
# in the same transaction: the indicators' facts read them (docs/indicators.md).
MOTCUA_DIGITISATION_RECORDERS = ["motcua.reporting.services.facts_on_digitisation"]
# Child units below these are flagged on the dashboard: on-time rate (percent of finished) and
# the 766 index (points out of 100).
MOTCUA_REPORT_THRESHOLDS = {
    "on_time": float(os.environ.get("MOTCUA_REPORT_ON_TIME_THRESHOLD", "95")),
    "index766": float(os.environ.get("MOTCUA_REPORT_INDEX_THRESHOLD", "80")),
}
# Mail through Django's mail backends; SMS and Zalo through motcua's adapter interface
# (motcua.notifications.adapters): the log adapters write what would be sent to the log.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "motcua <no-reply@localhost>")
MOTCUA_SMS_ADAPTER = os.environ.get(
    "MOTCUA_SMS_ADAPTER", "motcua.notifications.adapters.LogSmsAdapter"
)
MOTCUA_ZALO_ADAPTER = os.environ.get(
    "MOTCUA_ZALO_ADAPTER", "motcua.notifications.adapters.LogZaloAdapter"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MOTCUA_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50

# Electronic results (docs/signatures.md). The signer backend returns each agency's pyHanko
# signer: by default from its PKCS#12 file (AgencyCertificate; relative paths are under
# MOTCUA_SIGNING_KEY_DIR); an HSM or remote signing service is another backend. A timestamp
# (RFC 3161) is added when MOTCUA_TSA_URL is set; MOTCUA_TIMESTAMPER names the factory.
MOTCUA_SIGNER_BACKEND = os.environ.get(
    "MOTCUA_SIGNER_BACKEND", "motcua.documents.signing.signers.Pkcs12Backend"
)
MOTCUA_SIGNING_KEY_DIR = Path(os.environ.get("MOTCUA_SIGNING_KEY_DIR", VAR_DIR / "keys"))
MOTCUA_TSA_URL = os.environ.get("MOTCUA_TSA_URL", "")
MOTCUA_TIMESTAMPER = "motcua.documents.signing.pades.tsa_from_settings"
# The site's public address, for links made outside a request (the QR of the demo result).
MOTCUA_PUBLIC_URL = os.environ.get("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000")
