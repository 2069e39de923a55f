"""PgBouncer in transaction mode in front of PostgreSQL (README "Scaling"): reader pages, the streamed
exports and an admin save work through it with DISABLE_SERVER_SIDE_CURSORS, and a streamed export
breaks without it as soon as another worker takes the server its cursor lives on.

Each run starts a private pgbouncer (Debian's package, which .ci/run installs) on a free local port in
front of the test database, with deploy/pgbouncer.ini's pool settings. The tests commit their data
(`transaction=True`): every statement through the bouncer may run on another server connection.
"""

import configparser
import contextlib
import copy
import io
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connections
from django.test import Client
from django.urls import reverse

from articles.models import Article

from .factories import ArticleFactory
from .formdata import form_data

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
PGBOUNCER = shutil.which("pgbouncer", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"]))
POOL_SIZE = 2  # server connections per database: enough for the app and one other worker


@dataclass
class Bouncer:
    port: int
    dbname: str
    user: str
    log: Path

    def connect(self):
        """A client connection of its own, as another gunicorn worker would hold."""
        return psycopg2.connect(host="127.0.0.1", port=self.port, dbname=self.dbname, user=self.user)


def bouncer_ini(database: dict, port: int, auth_file: Path) -> str:
    """deploy/pgbouncer.ini's [pgbouncer] settings (pool mode, startup parameters, reset query), in
    front of the test database on a free local port, with trust auth and a small pool."""
    shipped = configparser.ConfigParser()
    shipped.read(ROOT / "deploy" / "pgbouncer.ini")
    options = dict(shipped["pgbouncer"])
    assert options["pool_mode"] == "transaction"
    options.update(
        listen_addr="127.0.0.1",
        listen_port=str(port),
        unix_socket_dir="",
        auth_type="trust",
        auth_file=str(auth_file),
        default_pool_size=str(POOL_SIZE),
        max_client_conn="20",
    )
    host, server_port = database["HOST"] or "127.0.0.1", database["PORT"] or "5432"
    lines = ["[databases]", f"{database['NAME']} = host={host} port={server_port} dbname={database['NAME']}"]
    lines += ["[pgbouncer]", *(f"{key} = {value}" for key, value in options.items())]
    return "\n".join(lines) + "\n"


def free_local_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def pgbouncer(request):
    """A pgbouncer of this module's own, started once and stopped after its last test. It logs in to
    PostgreSQL without a password, so the server must trust 127.0.0.1 (as this machine's and CI's do)."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("PgBouncer sits in front of PostgreSQL (run the suite with DATABASE_URL=postgres://…)")
    if PGBOUNCER is None:
        pytest.skip("pgbouncer is not installed (Debian's package `pgbouncer`; .ci/run installs it)")
    request.getfixturevalue("django_db_setup")  # the test database, which the bouncer fronts
    database = connections["default"].settings_dict
    workdir = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    # pgbouncer refuses to run as root; as root it drops to the postgres user, who must read its files.
    workdir.chmod(0o755)
    auth_file = workdir / "userlist.txt"
    auth_file.write_text(f'"{database["USER"]}" ""\n')
    ini = workdir / "pgbouncer.ini"
    port = free_local_port()
    ini.write_text(bouncer_ini(database, port, auth_file))
    for path in (auth_file, ini):
        path.chmod(0o644)
    log = workdir / "pgbouncer.log"
    command = [PGBOUNCER, *(["-u", "postgres"] if os.geteuid() == 0 else []), str(ini)]
    with open(log, "wb") as log_file:
        process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
    bouncer = Bouncer(port=port, dbname=database["NAME"], user=database["USER"], log=log)
    try:
        wait_until_it_answers(bouncer, process)
        yield bouncer
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def wait_until_it_answers(bouncer: Bouncer, process: subprocess.Popen, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            pytest.fail(f"pgbouncer exited with {process.returncode}:\n{bouncer.log.read_text()}")
        try:
            bouncer.connect().close()
            return
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                pytest.fail(f"pgbouncer did not answer within {seconds} s:\n{bouncer.log.read_text()}")
            time.sleep(0.1)


@contextlib.contextmanager
def app_through(bouncer: Bouncer, disable_server_side_cursors: bool = True):
    """Swap the default connection for one through the bouncer, as settings.py configures it from
    DATABASE_URL, DISABLE_SERVER_SIDE_CURSORS and CONN_MAX_AGE=0 (README "Scaling"), then swap back."""
    direct = connections["default"]
    through = copy.deepcopy(direct.settings_dict)
    through.update(
        HOST="127.0.0.1",
        PORT=str(bouncer.port),
        CONN_MAX_AGE=0,
        DISABLE_SERVER_SIDE_CURSORS=disable_server_side_cursors,
    )
    pooled = direct.__class__(through, alias="default")
    connections["default"] = pooled
    try:
        yield pooled
    finally:
        pooled.close()
        connections["default"] = direct


@contextlib.contextmanager
def another_worker_in_a_transaction(bouncer: Bouncer):
    """Another client holds a server connection in an open transaction meanwhile. PgBouncer hands out
    idle servers last in, first out, so that is the one the app's last statement ran on."""
    worker = bouncer.connect()
    try:
        with worker.cursor() as cursor:
            # The worker's transaction pins its server until the rollback; pg_cursors lists the
            # cursors (the app's WITH HOLD ones included) that server holds.
            cursor.execute("SELECT name FROM pg_cursors")
            yield [name for (name,) in cursor.fetchall()]
        worker.rollback()
    finally:
        worker.close()


@pytest.fixture
def stories(seed_article):
    """The seed and a few committed stories that a search for "pooled" finds."""
    return [seed_article, *(ArticleFactory(headline=f"Pooled story {n} about the talks") for n in range(4))]


@pytest.fixture
def anonymous():
    return Client()


def test_reader_pages_answer_through_pgbouncer(pgbouncer, stories, anonymous):
    seed = stories[0]
    person = seed.appearances.select_related("person").first().person
    with app_through(pgbouncer) as pooled:
        pages = {
            "/": stories[1].headline,
            seed.get_absolute_url(): seed.headline,
            person.get_absolute_url(): person.name,
            "/search/?q=military+talks": "Narrow the results",  # the facets
        }
        for url, expected in pages.items():
            response = anonymous.get(url)
            assert response.status_code == 200, url
            assert expected in response.content.decode(), url
        assert pooled.connection.info.port == pgbouncer.port  # the pages' queries went through it


@pytest.fixture
def small_export_chunks(monkeypatch):
    """Export chunks of two rows, so the four stories take several FETCHes, as a real archive's
    thousands of rows do in chunks of 500 (a last short chunk is fetched before its first row goes out)."""
    from articles import views

    monkeypatch.setattr(views, "EXPORT_CHUNK", 2)


def csv_export_lines(client, query: str):
    response = client.get(f"/search/export.csv?q={query}")
    assert response.status_code == 200
    return (chunk.decode() for chunk in response.streaming_content)


def test_the_streamed_search_export_works_while_another_worker_holds_a_server(
    pgbouncer, stories, anonymous, small_export_chunks
):
    with app_through(pgbouncer):
        lines = csv_export_lines(anonymous, "pooled")
        header, first = next(lines), next(lines)
        with another_worker_in_a_transaction(pgbouncer):
            rest = list(lines)
    assert header.startswith("headline,url,")
    assert sorted(line.split(",")[0] for line in [first, *rest]) == [
        f"Pooled story {n} about the talks" for n in range(4)
    ]


def test_without_the_setting_the_streamed_export_loses_its_cursor_to_another_worker(
    pgbouncer, stories, anonymous, small_export_chunks
):
    """The negative control: the export iterates with a server-side cursor (WITH HOLD, as Django
    opens one outside a transaction); its next FETCH goes to whichever server is free, which in
    transaction mode need not be the one that holds the cursor."""
    with app_through(pgbouncer, disable_server_side_cursors=False):
        lines = csv_export_lines(anonymous, "pooled")
        next(lines), next(lines)
        with another_worker_in_a_transaction(pgbouncer) as cursors_on_its_server:
            assert any(name.startswith("_django_curs_") for name in cursors_on_its_server)
            # Django's error from the FETCH, or psycopg2's from the CLOSE after it (not wrapped by Django).
            with pytest.raises(
                (DatabaseError, psycopg2.Error), match=r'cursor "_django_curs_\S+" does not exist'
            ):
                list(lines)


class WorkerTakesAServer(io.StringIO):
    """Export output that, once the first line is written, lets another worker take the server."""

    def __init__(self, bouncer: Bouncer, stack: contextlib.ExitStack):
        super().__init__()
        self.bouncer, self.stack, self.taken = bouncer, stack, False

    def write(self, text: str) -> int:
        if not self.taken:
            self.taken = True
            self.stack.enter_context(another_worker_in_a_transaction(self.bouncer))
        return super().write(text)


def test_export_articles_works_while_another_worker_holds_a_server(pgbouncer, stories):
    with app_through(pgbouncer), contextlib.ExitStack() as stack:
        out = WorkerTakesAServer(pgbouncer, stack)
        call_command("export_articles", stdout=out, verbosity=0)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    headlines = {record["headline"] for record in records if "headline" in record}
    assert headlines == {story.headline for story in stories}
    assert len(records) > len(stories)  # the entity records came first, through the same bouncer


def test_an_admin_save_through_pgbouncer_shows_at_once(pgbouncer, seed_article, editor, client, anonymous):
    change = reverse("admin:articles_article_change", args=[seed_article.pk])
    with app_through(pgbouncer):
        anonymous.get(seed_article.get_absolute_url())  # the page is now in the page cache
        client.force_login(editor)
        data = form_data(client.get(change).content.decode())
        data["headline"] = "Headline saved through the bouncer"
        assert client.post(change, data).status_code == 302
        page = anonymous.get(seed_article.get_absolute_url())
        listing = client.get(reverse("admin:articles_article_changelist"))
    assert "Headline saved through the bouncer" in page.content.decode()
    assert "Headline saved through the bouncer" in listing.content.decode()
    assert Article.objects.get(pk=seed_article.pk).headline == "Headline saved through the bouncer"
