"""Placette settings: one module, every difference between development, test and production comes from the
environment (see README.md, "Environment variables"). Nothing here branches on "is this a test?"."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PLACETTE_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from error


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------------------
DEBUG = env_bool("PLACETTE_DEBUG", False)
# The embedded default (make run) sets PLACETTE_DEBUG=true and gets a throwaway key; production must set one.
SECRET_KEY = env_str("PLACETTE_SECRET_KEY") or (
    "placette-insecure-development-key-change-me" if DEBUG else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured("PLACETTE_SECRET_KEY must be set when PLACETTE_DEBUG is off.")
ALLOWED_HOSTS = env_list("PLACETTE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("PLACETTE_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("PLACETTE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "participation",
    "budgets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "participation.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "string_if_invalid": env_str("PLACETTE_TEMPLATE_STRING_IF_INVALID", ""),
        },
    }
]

# --- Database ---------------------------------------------------------------------------------------------
# SQLite is the embedded default; production sets DATABASE_URL=postgres://...
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'placette.sqlite3'}",
        conn_max_age=env_int("PLACETTE_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    # SQLite cannot create the folder of its file; a fresh PLACETTE_VAR_DIR would fail with "unable to open".
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and authentication -----------------------------------------------------------------------------
AUTH_USER_MODEL = "participation.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {"signup": "participation.forms.SignupForm"}
ACCOUNT_ADAPTER = "participation.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Placette] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
if env_bool("PLACETTE_DISABLE_LOGIN_RATE_LIMITS", False):
    ACCOUNT_RATE_LIMITS = False

# --- Internationalisation ---------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("nl", _("Dutch")), ("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("PLACETTE_TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("PLACETTE_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("PLACETTE_MEDIA_ROOT") or VAR_DIR / "media")
# Staff-only files (voting-code sheets): outside MEDIA_ROOT, never served by the web server.
PRIVATE_MEDIA_ROOT = Path(env_str("PLACETTE_PRIVATE_MEDIA_ROOT") or VAR_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "participation.storage.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "PLACETTE_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- E-mail -----------------------------------------------------------------------------------------------
# Embedded default: every e-mail is written as a file under var/mail (the browser tests read it there).
EMAIL_BACKEND = env_str("PLACETTE_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("PLACETTE_EMAIL_FILE_PATH") or str(VAR_DIR / "mail")
EMAIL_HOST = env_str("PLACETTE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PLACETTE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("PLACETTE_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("PLACETTE_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("PLACETTE_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("PLACETTE_DEFAULT_FROM_EMAIL", "Placette <noreply@placette.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------------------------------------
# No broker configured (the embedded default): tasks run in-process, right after the commit that queued them.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Reports (WeasyPrint) are slow and memory-hungry: their own queue keeps the other tasks fast.
CELERY_TASK_ROUTES = {
    "budgets.report_tasks.*": {"queue": "reports"},
    "participation.tasks.fan_out_event": {"queue": "notifications"},
    "participation.tasks.send_notification_emails": {"queue": "notifications"},
    "participation.tasks.send_digests": {"queue": "notifications"},
    "participation.tasks.sweep_notifications": {"queue": "notifications"},
    "budgets.tasks.remind_closing_votes": {"queue": "notifications"},
    "participation.tasks.render_pdf_report": {"queue": "reports"},
    "participation.tasks.prune_pdf_reports": {"queue": "reports"},
}
# A page must not hang when Redis is down: publishing fails at once (the work waits in the database for the
# sweeper) instead of retrying. Kombu's own connection retries (transport "max_retries") otherwise cost about
# 2 s per publication with Redis down; connecting gives up after a second. Measured: a few milliseconds.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 5, "max_retries": 0}

# --- Security (production behind a TLS proxy sets PLACETTE_SECURE=true) ------------------------------------
SECURE = env_bool("PLACETTE_SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


# --- API --------------------------------------------------------------------------------------------------
def env_rate(name: str, default: str) -> str:
    """A throttle rate "<number>/<second|minute|hour|day>" (checked now, not at the first request)."""
    value = env_str(name, default).strip()
    number, _slash, period = value.partition("/")
    if not number.isdigit() or int(number) < 1 or period[:1] not in {"s", "m", "h", "d"}:
        raise ImproperlyConfigured(f"{name} must look like 120/minute, not {value!r}")
    return value


REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "participation.api.schema.PlacetteAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "participation.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["participation.api.permissions.RulesPermission"],
    "DEFAULT_THROTTLE_CLASSES": [
        "participation.api.throttling.PerUserThrottle",
        "participation.api.throttling.PerIPThrottle",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "participation.api.pagination.PagePagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "participation.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per account (authenticated requests) and per IP address (every request) of the API.
PLACETTE_API_RATE_USER = env_rate("PLACETTE_API_RATE_USER", "120/minute")
PLACETTE_API_RATE_IP = env_rate("PLACETTE_API_RATE_IP", "300/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Placette API",
    "DESCRIPTION": (
        "Read every public object of Placette, and act as a resident or a member of staff through the same "
        'rules as the pages. Errors: `{"code", "detail"}`. Guide: docs/api.md.'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ProposalStateEnum": "participation.models.proposals.ProposalState",
        "PhaseKindEnum": "participation.models.processes.PhaseKind",
        "RejectionReasonEnum": "participation.models.proposals.RejectionReason",
        "PhaseStatusEnum": "participation.api.serializers.PHASE_STATUSES",
        "CommentStatusEnum": "participation.api.serializers.COMMENT_STATUSES",
        "FundedProjectStateEnum": "budgets.models.funded_projects.FundedProjectState",
        "FundedTransitionEnum": "budgets.api.serializers.FUNDED_TRANSITIONS",
    },
}

# --- Placette ---------------------------------------------------------------------------------------------
PLACETTE_PROPOSALS_PER_PAGE = env_int("PLACETTE_PROPOSALS_PER_PAGE", 25)
# Recipients handled by one run of the notification fan-out task (a constant number of queries each).
PLACETTE_NOTIFICATION_BATCH_SIZE = env_int("PLACETTE_NOTIFICATION_BATCH_SIZE", 1000)
# Where residents write to get a copy of their data, delete their account or report a problem (footer pages).
PLACETTE_CONTACT_EMAIL = env_str("PLACETTE_CONTACT_EMAIL")
# Open data (/open-data/): the licence of every dataset (a URL; docs/open-data.md lists the ones Placette
# names) and who publishes them (DCAT-AP `dct:publisher`).
PLACETTE_OPEN_DATA_LICENSE = env_str(
    "PLACETTE_OPEN_DATA_LICENSE", "https://creativecommons.org/licenses/by/4.0/"
)
PLACETTE_OPEN_DATA_PUBLISHER = env_str("PLACETTE_OPEN_DATA_PUBLISHER", "Placette")
# Largest photo or receipt a funded project accepts (bytes), checked before reading it (budgets.uploads).
PLACETTE_UPLOAD_MAX_BYTES = env_int("PLACETTE_UPLOAD_MAX_BYTES", 8 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PLACETTE_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
