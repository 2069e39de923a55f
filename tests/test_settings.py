"""Secure by default: production settings pass Django's deployment checks; CSP is sent."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# The suite's own environment (a run through PgBouncer, say) must not decide what these tests read.
NOT_INHERITED = {
    "DEBUG",
    "HTTPS",
    "SECRET_KEY",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DISABLE_SERVER_SIDE_CURSORS",
}


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "-production-like-secret-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="archive.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_set():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", SECRET_KEY="s"
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/admin/login/"])
def test_content_security_policy_is_enforced(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_pages_render_with_the_production_static_manifest(client, settings, seed_article, tmp_path):
    """What gunicorn serves: collectstatic's hashed, compressed files, named by the manifest."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    for url, status in [("/", 200), (seed_article.get_absolute_url(), 200), ("/no-such-page/", 404)]:
        response = client.get(url)
        assert response.status_code == status
        assert b"/static/css/site." in response.content
        assert b"/static/css/site.css" not in response.content  # the hashed name is used
    assert client.get("/admin/login/").status_code == 200
    assert list(tmp_path.glob("css/site.*.css.gz"))


REPLICA_URLS = "postgres://news@replica-a:5432/newsroom, postgres://news@replica-b:5432/newsroom"


def replica_settings(expression: str, replica_urls: str = REPLICA_URLS, **env) -> str:
    """What `expression` (of the settings module `s`) prints with a primary and two replica URLs."""
    result = run_manage(
        "shell",
        "-c",
        f"from django.conf import settings as s; print({expression})",
        SECRET_KEY="s",
        DATABASE_URL="postgres://news@primary.internal:5432/newsroom",
        DATABASE_REPLICA_URL=replica_urls,
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_replica_urls_become_read_aliases_that_mirror_the_primary_in_tests():
    printed = replica_settings(
        "s.DATABASE_REPLICAS, [(s.DATABASES[a]['HOST'], s.DATABASES[a]['TEST']['MIRROR']) "
        "for a in s.DATABASE_REPLICAS], s.DATABASE_ROUTERS"
    )
    assert printed == (
        "['replica', 'replica_2'] [('replica-a', 'default'), ('replica-b', 'default')] "
        "['newsroom.routers.PrimaryReplicaRouter']"
    )


def test_replica_connections_time_out_quickly_unless_their_url_says_otherwise():
    printed = replica_settings(
        "[s.DATABASES[a]['OPTIONS'].get('connect_timeout') for a in s.DATABASE_REPLICAS]",
        REPLICA_URLS + "?connect_timeout=9",
    )
    assert printed in ("[3, '9']", "[3, 9]")


@pytest.mark.parametrize("value, expected", [(None, False), ("1", True), ("0", False)])
def test_disable_server_side_cursors_is_set_on_the_primary_and_every_replica(value, expected):
    """Behind PgBouncer in transaction mode every alias needs it (tests/test_pgbouncer.py shows why)."""
    env = {} if value is None else {"DISABLE_SERVER_SIDE_CURSORS": value}
    printed = replica_settings("{a: d['DISABLE_SERVER_SIDE_CURSORS'] for a, d in s.DATABASES.items()}", **env)
    assert printed == str({"default": expected, "replica": expected, "replica_2": expected})


def test_static_files_from_a_cdn_are_linked_there_and_allowed_by_the_policy():
    script = (
        "from django.conf import settings as s; from django.templatetags.static import static; "
        "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
        "print(static('css/site.css'), d['style-src'], d['script-src'][-1], d['img-src'][-1])"
    )
    result = run_manage(
        "shell", "-c", script, SECRET_KEY="s", DEBUG="1", STATIC_URL="https://cdn.example.org/static/"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "https://cdn.example.org/static/css/site.css [\"'self'\", 'https://cdn.example.org'] "
        "https://cdn.example.org https://cdn.example.org"
    )


def test_redis_url_gives_a_cache_whose_outage_is_a_miss_with_timeouts_from_the_environment():
    """Django's own RedisCache turns a Redis outage into a 500 on every page (tests/test_outage.py)."""
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; c = settings.CACHES['default'];"
        " print(c['BACKEND'], c['OPTIONS']['retry_seconds'], c['OPTIONS']['socket_timeout'])",
        SECRET_KEY="s",
        REDIS_URL="redis://127.0.0.1:6379/0",
        REDIS_RETRY_SECONDS="5",
        REDIS_TIMEOUT="0.5",
    )
    assert result.stdout.strip().splitlines()[-1] == "newsroom.cache.ResilientRedisCache 5.0 0.5"
