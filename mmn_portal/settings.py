"""Settings for the MMN patient portal.

One module for every environment: production behaviour is switched on by
environment variables (see README "Operations" and .env.example).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY") or os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (50+ random characters) when DJANGO_DEBUG=0.")
    # Only for local development; never used when DEBUG is off.
    SECRET_KEY = "django-insecure-local-development-only-not-for-production-use"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if DEBUG:
    ALLOWED_HOSTS += ["testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The admin site requires a verified second factor (accounts/admin_site.py).
    "accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "mmn_portal",
    "accounts",
    "conditions",
    "trials",
    "feedback",
    "enquiries",
]

MIDDLEWARE = [
    # Outermost: Permissions-Policy and no-store for pre-screen answers on every response.
    "mmn_portal.middleware.ResponseHeadersMiddleware",
    # Compresses what the page cache or the views answer (not staff pages).
    "mmn_portal.middleware.PublicGZipMiddleware",
    # Anonymous public pages come whole from the shared cache (README "Performance").
    "mmn_portal.middleware.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's order). The language comes from the
    # URL alone: /es/... is Spanish, everything else English (mmn_portal/middleware.py).
    "mmn_portal.middleware.LanguageFromPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mmn_portal.middleware.StaffPagesNoIndexMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mmn_portal.urls"
WSGI_APPLICATION = "mmn_portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "mmn_portal.context_processors.site",
                "conditions.context_processors.content_last_reviewed",
            ],
        },
    },
]

# Database: SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if IS_POSTGRES:
    # Searches are short. A stock server compiles any plan estimated above 100,000 with JIT,
    # which took longer (10-20 ms) than running it; deploy/postgresql/portal.conf says the
    # same for the whole server.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

# Cache: Redis when REDIS_URL is set (shared by every app host), else local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mmn"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                # A Redis outage must not take the site down: pages fall back to the database.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Where the content version lives (common/content_version.py): in Redis when there is one,
# else in the database, so every process (gunicorn workers, runserver, cron commands)
# reads the same and a change anywhere is served everywhere on the next request.
CONTENT_VERSION_STORE = os.environ.get("CONTENT_VERSION_STORE",
                                       "cache" if REDIS_URL else "database")
# Anonymous public pages are cached whole for this long, keyed by a content version
# that every save, publish, import and delete bumps (mmn_portal/cache.py). Off by default
# without Redis outside development: a per-process cache cannot be invalidated everywhere.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600" if REDIS_URL or DEBUG else "0"))
# /ok, a view that touches nothing: the throughput ceiling for `make bench`.
BENCH_ENDPOINTS = DEBUG or env_bool("BENCH_ENDPOINTS", False)

# Sessions live in the database so every app host sees the same staff sessions. Only staff
# have sessions; one ends after a working day without a request (each request restarts it).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
STAFF_SESSION_IDLE_HOURS = float(os.environ.get("DJANGO_STAFF_SESSION_IDLE_HOURS", "8"))
SESSION_COOKIE_AGE = int(STAFF_SESSION_IDLE_HOURS * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True

# Staff sign-in (README "Staff sign-in"). AxesBackend comes first so a locked-out
# username + address is refused before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
# Where sign-in goes when `next` is missing or unsafe (another site): the admin index.
LOGIN_REDIRECT_URL = "admin:index"
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME", "MMN Patient Portal")
# Belt and braces: django-otp hides TOTP keys on existing devices (accounts/admin.py
# goes further and shows no secret at all).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# django-axes: 10 failed sign-ins from one address for one username lock that pair out
# for 30 minutes. Only the admin sign-in is watched, so public pages never touch axes.
# It stores failed staff sign-ins (username, IP address, browser, time; the form data with
# password, code and CSRF token masked) and keeps no access log of successful sign-ins.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ONLY_ADMIN_SITE = True
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token", "csrfmiddlewaretoken"]
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_HTTP_RESPONSE_CODE = 429
# Behind a proxy every request comes from the proxy's address. Name the header the proxy
# overwrites with the client address (for example X-Real-IP) so lockouts and the feedback
# limit stay per client; never name a header the client can set itself. Empty: use the
# connection's address (common/client_ip.py).
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "common.client_ip.client_ip"

# Editorial workflow (README "Editorial workflow"): the medical reviewer who approves a
# change must not be someone who made it. Switch off only for a one-person clinic.
EDITORIAL_TWO_PERSON_APPROVAL = env_bool("DJANGO_TWO_PERSON_APPROVAL", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English is the default and unprefixed; Spanish lives under /es/ (README "Languages").
# The interface strings are in locale/es/LC_MESSAGES/django.po.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests and `make run` serve static files straight from the app folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers. Strict CSP: only our own origin, nonces for the rare inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    if env_bool("DJANGO_BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logging: to stderr only. Request URLs carry visitors' answers, so nothing logs them
# at INFO; Django's request logger reports only server errors (without query strings).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "once": {"()": "mmn_portal.logging.OncePerInterval", "seconds": 300},
        "without_query_string": {"()": "mmn_portal.logging.WithoutQueryString"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # A Redis outage is reported once per process and five minutes, not per request.
        "django_redis.cache": {"level": "WARNING", "filters": ["once"]},
        # `make run`'s request log: paths only, never the visitor's search answers.
        "django.server": {
            "handlers": ["console"],
            "level": "INFO",
            "filters": ["without_query_string"],
            "propagate": False,
        },
    },
}

# Where the clinic is (latitude, longitude): its own trials that list no site are measured
# from here when visitors search near a place. Unset: such trials come after located ones.
CLINIC_LOCATION = (
    (float(os.environ["CLINIC_LATITUDE"]), float(os.environ["CLINIC_LONGITUDE"]))
    if os.environ.get("CLINIC_LATITUDE") and os.environ.get("CLINIC_LONGITUDE") else None
)

# Clinic details shown in the footer. Set them for the real clinic; blank ones are hidden.
CLINIC = {
    "name": os.environ.get("CLINIC_NAME", "Neuromuscular Clinic"),
    "address": os.environ.get("CLINIC_ADDRESS", ""),
    "phone": os.environ.get("CLINIC_PHONE", ""),
    "email": os.environ.get("CLINIC_EMAIL", ""),
}
SITE_NAME = os.environ.get("SITE_NAME", "MMN Patient Portal")

# "Ask our trial team" (README "Ask our trial team"). The trial inbox is told that a request
# is waiting, never what it says. E-mail goes to the console in development and through the
# SMTP server named here in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
TRIAL_TEAM_EMAIL = os.environ.get("TRIAL_TEAM_EMAIL", "trial-team@localhost" if DEBUG else "")
# When the confirmation page says to expect a call, in working days.
ENQUIRY_REPLY_WORKING_DAYS = int(os.environ.get("ENQUIRY_REPLY_WORKING_DAYS", "3"))
# `purge_enquiries` (run daily) deletes closed requests this many days after closing, and
# any request this many days after it was sent.
ENQUIRY_CLOSED_RETENTION_DAYS = int(os.environ.get("ENQUIRY_CLOSED_RETENTION_DAYS", "30"))
ENQUIRY_MAX_RETENTION_DAYS = int(os.environ.get("ENQUIRY_MAX_RETENTION_DAYS", "180"))
