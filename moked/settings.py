"""Django settings for Moked, read from the environment (django-environ) with local defaults.

Local use needs no configuration: SQLite in ./var, a secret key generated once into ./var.
Production sets at least SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS and MOKED_HTTPS=true;
docs/operations/configuration.md lists every variable.
"""

import os
import secrets
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent

env = environ.Env()
environ.Env.read_env(env.str("MOKED_ENV_FILE", default=str(Path.cwd() / ".env")))

DATA_DIR = Path(env.str("MOKED_DATA_DIR", default=str(Path.cwd() / "var"))).resolve()

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    """The SECRET_KEY from the environment, else one generated once and kept in DATA_DIR."""
    if key := env.str("SECRET_KEY", default=""):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        # Written whole under another name, then linked into place: of processes starting at once
        # (make demo starts two), the first to link wins and every one reads the same key.
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        draft = DATA_DIR / f".secret_key.{os.getpid()}"
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(50))
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Behind TLS in production: one switch turns on every HTTPS-only protection.
HTTPS = env.bool("MOKED_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
MOKED_BEHIND_PROXY = env.bool("MOKED_BEHIND_PROXY", default=False)
if MOKED_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from Moked's own static files, no inline
# script or handler, nothing from another site. Style attributes are allowed, <style> elements
# are not. The API's documentation pages loosen styles for their vendored bundles (moked.api.urls).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],  # Bootstrap's icons in its CSS; the two-factor QR code
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "moked.web",  # before allauth: its pages (sign-in) use Moked's templates
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "huey.contrib.djhuey",
    "moked.tenancy",
    "moked.people",
    "moked.catalog",
    "moked.tickets",
    "moked.knowledge",
    "moked.classification",
    "moked.approvals",
    "moked.fulfilment",
    "moked.servicerequests",
    "moked.businesstime",
    "moked.sla",
    "moked.notifications",
    "moked.accounts",
    "moked.mail",
    "moked.automation",
    "moked.assignment",
    "moked.webhooks",
    "moked.jobs",
    "moked.workspace",
    "moked.api",
    "moked.demo",
    "moked.server",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "moked.web.common.private_pages.PrivateAnswersMiddleware",
    "moked.web.common.languages.PersonLanguageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "moked.web.accounts.two_factor.TwoFactorMiddleware",  # after htmx: it answers htmx requests its own way
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "moked.urls"
WSGI_APPLICATION = "moked.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'moked.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN, so two
        # writers queue on busy_timeout instead of failing with "database is locked" mid-transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
# Connections live across requests: opening one (and, on SQLite, its PRAGMAs) costs more than a query.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.Person"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- sign-in (allauth): by username or e-mail address, no public sign-up ----------------------
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "moked.web.accounts.sign_in.ClosedSignupAdapter"
# "Forgot your password?" answers alike whether an account has the address or not, and mails
# nothing to an address without one (ACCOUNT_PREVENT_ENUMERATION is on by default).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
CSRF_FAILURE_VIEW = "moked.web.pages.csrf_failure"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "start"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# Two-factor sign-in (allauth.mfa) for the provider's staff: an authenticator app (TOTP) with
# recovery codes, required of the members of groups that ask for it (moked.web.accounts.two_factor).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "moked.web.accounts.two_factor.StaffMFAAdapter"
MFA_TOTP_TOLERANCE = 1  # a code of the previous or next 30 seconds: phones' clocks drift

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in limits (and two-factor codes used once) live in the cache, so it must be one that every
# process shares: Redis when there is one, else a table in the database (made by `moked migrate`),
# which every worker process, and every machine on the same PostgreSQL, reads alike.
CACHES = {
    "default": env.cache("CACHE_URL", default=env.str("REDIS_URL", default="") or "dbcache://moked_cache")
}

# Who each API key belongs to (moked.api.credentials): shared by every process, so that a key
# revoked through one process is refused by all of them at once.
if env.str("REDIS_URL", default=""):
    CACHES["credentials"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("REDIS_URL"),
        "KEY_PREFIX": "moked",
    }
else:
    CACHES["credentials"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "credentials"),
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }

# Behind reverse proxies: how many, so that the client's address is read from X-Forwarded-For
# (the N-th from the right) rather than taken to be the proxy's (moked.web.common.client_address).
MOKED_TRUSTED_PROXIES = env.int("MOKED_TRUSTED_PROXIES", default=0)
ACCOUNT_RATE_LIMITS = {
    "login": "100/m/ip",  # sign-in attempts from one address, a whole office's behind its NAT
    "login_failed": None,  # allauth's own, replaced by these three (moked.web.accounts.sign_in):
    "login_failed_account_address": "5/5m/key",  # one account from one address
    "login_failed_address": "20/m/ip",  # any account from one address
    "login_failed_account": "50/h/key",  # one account from anywhere: slows guessing from many addresses
}

# --- languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("he", _("Hebrew")),
    ("fa", _("Persian")),
    ("fi", _("Finnish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["moked.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"  # never served directly: attachments go through a permission-checking view
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_PERMISSIONS = 0o640

# --- e-mail ---------------------------------------------------------------------------------
# Without EMAIL_URL, each message is kept as an .eml file in DATA_DIR/mail and named in one line on
# the console (moked.server.console_mail); EMAIL_URL=consolemail:// prints messages whole.
_email = (
    env.email("EMAIL_URL")
    if env.str("EMAIL_URL", default="")
    else {"EMAIL_BACKEND": "moked.server.console_mail.EmailBackend"}
)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="support@moked.localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MOKED_MAIL_DOMAIN = env.str("MOKED_MAIL_DOMAIN", default="")  # for Message-IDs; default: DEFAULT_FROM_EMAIL's
# The authserv-ids of the installation's own receiving mail servers: only their Authentication-Results
# vouch for a sender (docs/operations/mail-authentication.md).
MOKED_MAIL_AUTHSERV_IDS = env.list("MOKED_MAIL_AUTHSERV_IDS", default=[])
MOKED_MAIL_ATTEMPTS = env.int("MOKED_MAIL_ATTEMPTS", default=5)
MOKED_WEBHOOK_ATTEMPTS = env.int("MOKED_WEBHOOK_ATTEMPTS", default=6)
# Fernet keys for the secrets Moked reads back (IMAP passwords, webhook secrets, two-factor keys),
# newest first; none: a key derived from SECRET_KEY (see moked/encryption.py).
MOKED_ENCRYPTION_KEYS = env.list("MOKED_ENCRYPTION_KEYS", default=[])
# Non-public networks webhooks and IMAP accounts may reach (e.g. 10.0.0.0/8,127.0.0.1/32); none by default.
MOKED_ALLOWED_PRIVATE_NETWORKS = env.list("MOKED_ALLOWED_PRIVATE_NETWORKS", default=[])
# Where people reach Moked: the links in its mail (to the portal) start with it.
MOKED_BASE_URL = env.str("MOKED_BASE_URL", default="http://127.0.0.1:8000")
MOKED_MAGIC_LINK_DAYS = env.int("MOKED_MAGIC_LINK_DAYS", default=7)

# --- background work ------------------------------------------------------------------------
# One Huey for both modes: SQLite beside the database by default, Redis when REDIS_URL is set
# (then several workers on several machines share the queue).
_huey = {
    "name": "moked",
    "immediate": env.bool("HUEY_IMMEDIATE", default=False),
    "consumer": {"workers": env.int("MOKED_WORKER_THREADS", default=2), "worker_type": "thread"},
}
if REDIS_URL := env.str("REDIS_URL", default=""):
    HUEY = {"huey_class": "huey.RedisHuey", "url": REDIS_URL, **_huey}
else:
    HUEY = {"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "huey.sqlite3"), **_huey}

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "moked.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "moked.api.pagination.NewestFirstCursorPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "moked.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Moked API",
    "DESCRIPTION": "REST API of Moked, the multi-tenant service desk. Authenticate with "
    "`Authorization: Token <key>` (create one with `moked create-token USERNAME`).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "moked.tickets.models.Status",
        "TicketChannelEnum": "moked.tickets.models.Channel",
        "EventChannelEnum": "moked.tickets.models.EventChannel",
        "TicketTypeEnum": "moked.tickets.models.TicketType",
        "EnabledTicketTypeEnum": "moked.tickets.models.ENABLED_TYPE_CHOICES",
        "LevelEnum": "moked.tickets.models.Level",
        "TierEnum": "moked.people.models.Tier",
        "EscalationKindEnum": "moked.tickets.models.EscalationKind",
        "SlaClockKindEnum": "moked.sla.models.ClockKind",
        "TimelinePartKindEnum": "moked.api.sla.TIMELINE_KINDS",
        "NotificationKindEnum": "moked.notifications.models.NotificationKind",
        "LanguageEnum": "moked.knowledge.models.LANGUAGE_CHOICES",
        "ArticleKindEnum": "moked.knowledge.models.Article.Kind",
        "ArticleStateEnum": "moked.knowledge.models.Article.State",
        "ArticleVisibilityEnum": "moked.knowledge.models.Article.Visibility",
        "ArticleEventActionEnum": "moked.knowledge.models.ArticleEvent.Action",
        "PredictedFieldEnum": "moked.classification.models.PredictedField",
        "ClassificationModeEnum": "moked.classification.models.FieldSetting.Mode",
        # Named here since predictions have an outcome too; the schema's name is kept as it was.
        "OutcomeEnum": "moked.mail.models.InboundMessage.Outcome",
        "PredictionOutcomeEnum": "moked.classification.models.TicketPrediction.Outcome",
        "ClassifierModelStateEnum": "moked.classification.models.ClassifierModel.State",
        "ApprovalStatusEnum": "moked.approvals.models.Approval.Status",
        "ApprovalStepStatusEnum": "moked.approvals.models.ApprovalStep.Status",
    },
}

# --- Moked ----------------------------------------------------------------------------------
MOKED_PROVIDER_NAME = env.str("MOKED_PROVIDER_NAME", default="Moked Support")
MOKED_ATTACHMENT_MAX_BYTES = env.int("MOKED_ATTACHMENT_MAX_BYTES", default=25 * 1024 * 1024)
# An image of a knowledge-base article (PNG, JPEG, GIF or WebP, checked by content).
MOKED_ARTICLE_IMAGE_MAX_BYTES = env.int("MOKED_ARTICLE_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
# What one message (a reply, a note, an e-mail) may carry together.
MOKED_ATTACHMENTS_PER_COMMENT = env.int("MOKED_ATTACHMENTS_PER_COMMENT", default=10)
MOKED_ATTACHMENTS_TOTAL_BYTES = env.int("MOKED_ATTACHMENTS_TOTAL_BYTES", default=50 * 1024 * 1024)
MOKED_ATTACHMENT_EXTENSIONS = env.list(
    "MOKED_ATTACHMENT_EXTENSIONS",
    default=[
        "txt",
        "log",
        "csv",
        "json",
        "xml",
        "pdf",
        "rtf",
        "odt",
        "ods",
        "odp",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "bmp",
        "tif",
        "tiff",
        "heic",
        "eml",
        "msg",
        "zip",
        "7z",
        "gz",
        "tgz",
        "har",
        "pcap",
        "mp4",
        "webm",
        "mov",
        "mp3",
        "wav",
    ],
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # A refused or missing page (4xx) is the client's business, not the server's: Django logs it
        # as a warning, a 403 with its traceback. Server errors (5xx) are still logged.
        "django.request": {"level": "ERROR"},
        # The worker's log: at INFO, each job it runs (the periodic ones every minute); `make demo`
        # keeps only warnings. With a handler here, `run_huey` adds none (each line came twice).
        "huey": {
            "handlers": ["console"],
            "level": env.str("MOKED_WORKER_LOG_LEVEL", default=env.str("LOG_LEVEL", default="INFO")),
            "propagate": False,
        },
    },
}
