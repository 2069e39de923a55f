"""Settings for the newsroom archive: one module, every knob read from the environment.

Local use needs nothing set (an SQLite file next to manage.py); production sets at least
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL. README.md lists every variable.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# The secret comes from the environment; `make run` writes a local, git-ignored .secret_key
# file on first run so that a newcomer needs nothing set.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
_secret_file = BASE_DIR / ".secret_key"
if not SECRET_KEY and _secret_file.exists():
    SECRET_KEY = _secret_file.read_text().strip()
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: export SECRET_KEY, or run `make run` once to create .secret_key."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "reversion",
    "axes",
    "articles",
]

MIDDLEWARE = [
    # First, so that everything a public read does (the page cache's lookups too) may use a replica.
    "newsroom.routers.ReplicaReadsMiddleware",
    "articles.caching.PublicPageUpdateMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside the page cache, so its 503 is never stored; it still gets the security headers and CSP.
    "newsroom.middleware.DatabaseOutageMiddleware",
    "articles.caching.PublicPageFetchMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every login (the admin's included) before the usual backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# bench/web.py points this at bench.urls (the site plus a trivial view to compare against).
ROOT_URLCONF = os.environ.get("ROOT_URLCONF", "newsroom.urls")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# SQLite file by default; DATABASE_URL (postgres://user:pass@host:5432/name) selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Read replicas: DATABASE_REPLICA_URL (comma-separated for several) become the aliases "replica",
# "replica_2", ...; newsroom/routers.py sends anonymous reader pages' reads to them. In tests each
# mirrors the primary's test database, so it sees the test data.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URL"), start=1):
    _alias = "replica" if _number == 1 else f"replica_{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    if DATABASES[_alias]["ENGINE"] == "django.db.backends.postgresql":
        # A replica host that does not answer fails fast and is left out (newsroom/routers.py),
        # rather than holding the request for the operating system's TCP timeout.
        DATABASES[_alias].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", int(os.environ.get("REPLICA_CONNECT_TIMEOUT", "3"))
        )
    DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["newsroom.routers.PrimaryReplicaRouter"]
# Behind PgBouncer in transaction mode, server-side cursors cannot span transactions.
for _database in DATABASES.values():
    _database["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer. Connections persist (CONN_MAX_AGE, as for PostgreSQL):
    # closing the last one checkpoints and deletes the WAL file, and the next open recreates it and
    # repeats the pragmas, about 1.3 ms a request on this machine (bench/README.md, "HTTP"). As the
    # WAL file now stays, a checkpoint truncates it back to 64 MB after a large import.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=67108864;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

# Cache: Redis when REDIS_URL is set (shared by every gunicorn worker and host), else files on this machine.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # A Redis that cannot be reached is a cache miss (pages are served without it), not a 500,
    # and is left alone for REDIS_RETRY_SECONDS; each call gives up after REDIS_TIMEOUT seconds.
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "retry_seconds": float(os.environ.get("REDIS_RETRY_SECONDS", "10")),
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "1")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "1")),
            },
        }
    }
else:
    # Files, not per-process memory: every gunicorn worker and every manage.py command on this
    # machine shares them, so an edit or an import invalidates the pages all workers serve.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Anonymous reader pages are cached whole (articles/caching.py) until content changes.
CACHE_MIDDLEWARE_ALIAS = "default"
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
# Expensive blocks of reader pages (related stories, co-occurring names, JSON-LD) are cached for
# everyone, editors included, under the same content version; 0 switches them off.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "600"))
PAGE_BROWSER_MAX_AGE = int(os.environ.get("PAGE_BROWSER_MAX_AGE", "0"))
# /healthz is never cached and must answer (503 naming the cache) even while the cache is down.
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/healthz")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# A CDN in front of this site's /static/ (it pulls from whitenoise, which serves the hashed names with
# far-future cache headers): STATIC_URL=https://cdn.example.org/static/ makes pages link there, and
# the Content Security Policy below then allows that origin for scripts, styles, images and fonts.
STATIC_URL = os.environ.get("STATIC_URL", "static/")
_static = urlsplit(STATIC_URL)
STATIC_ORIGINS = [f"{_static.scheme}://{_static.netloc}"] if _static.scheme and _static.netloc else []
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security. HTTPS is assumed in production (DEBUG off); `make run` sets HTTPS=0 to serve plain
# http on 127.0.0.1. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# Load balancers probe each host over plain http, behind the TLS they terminate.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content Security Policy (django-csp), enforced on reader pages and in the admin alike.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, *STATIC_ORIGINS],
        "style-src": [SELF, *STATIC_ORIGINS],
        "img-src": [SELF, "data:", *STATIC_ORIGINS],
        "font-src": [SELF, *STATIC_ORIGINS],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Research API (Django REST framework): read-only JSON, anonymous, throttled, open to any origin.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.ArchivePagination",
    "DEFAULT_THROTTLE_CLASSES": ["articles.api.throttling.AnonymousRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom archive research API",
    "DESCRIPTION": "Read-only JSON over the archive's published articles, people, organisations, "
    "places, sources, topics, events and quotes.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# django-axes: lock out a user name from an address (REMOTE_ADDR; behind a proxy that is the proxy's,
# so in effect the user name) after this many failed logins, for this many hours.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner on every command
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"

# Admin sessions end when the browser closes and after this many seconds (default 8 hours).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# The Retry-After a 503 sends while the database cannot be reached (newsroom/middleware.py).
OUTAGE_RETRY_AFTER_SECONDS = int(os.environ.get("OUTAGE_RETRY_AFTER_SECONDS", "10"))
# A read replica that cannot be reached is skipped (reads go to another one, or the primary) this long.
REPLICA_RETRY_SECONDS = int(os.environ.get("REPLICA_RETRY_SECONDS", "30"))

# How many articles a list page shows.
ARTICLES_PER_PAGE = int(os.environ.get("ARTICLES_PER_PAGE", "20"))
