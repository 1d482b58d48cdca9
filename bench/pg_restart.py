"""PostgreSQL restarted under a working desk: errors, time to recover, and no acknowledged write lost.

    .venv/bin/python bench/pg_restart.py
    .venv/bin/python bench/pg_restart.py --verdicts 400 --writers 3 --readers 6 --restart-at 8

Starts a throwaway PostgreSQL of its own (durable settings: fsync and synchronous commit on; as the
postgres user when run as root) and the desk under gunicorn (2 workers of 4 threads, persistent
connections with health checks, as factcheck/settings.py configures them). Editors publish verdicts
that wait approved in review, through the admin's Publish button over HTTP, each editor in a
thread; partners poll the feed with their cursor, each in a thread. In the middle, `pg_ctl restart
-m fast`. A publish answered 302 is acknowledged (the service committed before the redirect); one
that failed is tried again later, as an editor would.

Prints the requests that failed and when, how long after the restart the desk answered again
without errors, and checks afterwards that every acknowledged publication is in the database and
that every partner's mirror holds exactly the published verdicts. Exits 1 when an acknowledged
write is lost or a mirror is wrong. Not a test: a benchmark, figures in bench/BENCHMARKS.md.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-editor-pw"


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verdicts", type=int, default=150, help="verdicts to publish (150)")
    parser.add_argument("--writers", type=int, default=2, help="editors publishing (2)")
    parser.add_argument("--readers", type=int, default=4, help="partners polling the feed (4)")
    parser.add_argument("--restart-at", type=float, default=5.0, help="seconds before restarting")
    parser.add_argument("--duration", type=float, default=60.0, help="longest run, in seconds")
    parser.add_argument(
        "--idle-restart",
        action="store_true",
        help="pause editors and partners while PostgreSQL restarts: only the kept connections "
        "can fail afterwards (the case CONN_HEALTH_CHECKS is for)",
    )
    parser.add_argument("--pace", type=float, default=0.05, help="pause between a writer's posts")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(
    port: int,
    env: dict,
    *,
    threads: int,
    app: str = "factcheck.wsgi",
    cwd: Path | None = None,
    extra: tuple[str, ...] = (),
) -> subprocess.Popen:
    """The desk (or `app`, from the tree `cwd`) under gunicorn (2 workers of `threads` threads)
    on 127.0.0.1:port, once it answers."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), app, "-b", f"127.0.0.1:{port}"]
        + ["--workers", "2"]
        + (["--threads", str(threads), "--worker-class", "gthread"] if threads else [])
        + list(extra),
        cwd=cwd or ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            if requests.get(f"http://127.0.0.1:{port}/admin/login/", timeout=1).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.1)
    server.kill()
    sys.exit("gunicorn did not answer within 20 s.")


class Postgres:
    """A throwaway cluster in a temporary folder, as .ci/test starts one.

    With `directory`, a kept cluster instead: its data lives there (made by initdb the first
    time, started as it is afterwards) and stop() leaves it in place, so archives built once
    (bench/generate.py takes minutes at 1M verdicts) can be measured again later. A kept
    cluster listens on `port` (55432 unless given), so that its URLs stay the same.
    """

    KEPT_PORT = 55432
    # A kept cluster holds archives of up to a million verdicts: a bulk load's WAL without a
    # forced checkpoint every 1 GB, and shared buffers a server of its size would be given
    # (the default 128 MB is for a laptop). bench/generate.py's load skips the WAL where
    # wal_level is minimal (which rules out replicas of this cluster: bench/scaleout.py and the
    # replica tests use throwaway clusters of their own), and long values compressed by LZ4
    # (cheaper than pglz) for what the app writes too, as the generator's load does. Written
    # to postgresql.auto.conf at initdb, and added at a later start where missing (a restart
    # applies wal_level: see start()).
    KEPT_SETTINGS = (
        "max_wal_size = '16GB'",
        "checkpoint_timeout = '30min'",
        "shared_buffers = '1GB'",
        "wal_level = 'minimal'",
        "max_wal_senders = 0",
        "default_toast_compression = 'lz4'",
    )

    def __init__(self, directory: str | Path | None = None, port: int | None = None):
        found = shutil.which("pg_ctl")
        bins = [Path(found).resolve().parent] if found else []
        bins += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
        if not bins or not (bins[0] / "initdb").exists():
            sys.exit("PostgreSQL server binaries (initdb, pg_ctl) not found.")
        self.bin = bins[0]
        self.kept = directory is not None
        if self.kept:
            self.dir = Path(directory).resolve()
            self.dir.mkdir(parents=True, exist_ok=True)
        else:
            self.dir = Path(tempfile.mkdtemp(prefix="factcheck-pg-restart."))
        self.root = os.getuid() == 0
        if self.root:
            shutil.chown(self.dir, "postgres")
        self.port = port or (self.KEPT_PORT if self.kept else free_port())
        self.data, self.log = self.dir / "data", self.dir / "server.log"

    def run(self, tool: str, *args: str, check=True):
        command = [str(self.bin / tool), *args]
        if self.root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, cwd="/", check=check, capture_output=True, text=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/bench"

    def running(self) -> bool:
        return self.run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def start(self, *settings: str):
        """Start the cluster (initdb first if it has no data yet); returns the `bench`
        database's URL. `settings`: extra `-c name=value` server settings for this start."""
        fresh = not (self.data / "PG_VERSION").exists()
        if fresh:
            self.run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            )
        if self.kept:
            # A cluster made before a setting was added gets it now (ALTER SYSTEM's file: the
            # last line for a name wins); wal_level waits for the server's next restart.
            auto = self.data / "postgresql.auto.conf"
            held = auto.read_text()
            missing = [line for line in self.KEPT_SETTINGS if line not in held]
            if missing:
                with open(auto, "a") as conf:
                    conf.write("".join(f"{line}\n" for line in missing))
                if self.running():
                    print(
                        f"{self.data}: settings added ({'; '.join(missing)}); they take effect "
                        f"at a restart: pg_ctl -D {self.data} restart",
                        file=sys.stderr,
                    )
        if not self.running():
            options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
            options += "".join(f" -c {s}" for s in settings)
            self.run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start"
            )
        if fresh:
            self.createdb("bench")
        return self.url

    def createdb(self, name: str, *, replace: bool = False) -> str:
        """Create database `name` (dropped first with `replace`); returns its URL."""
        where = ("-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres")
        if replace:
            self.run("dropdb", *where, "--if-exists", name)
        self.run("createdb", *where, name)
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def restart(self):
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "restart")

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)
        if not self.kept:
            shutil.rmtree(self.dir, ignore_errors=True)


def prepare(count: int) -> tuple[list[int], str]:
    """`count` verdicts approved and waiting to be published; the partner's API key."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from factcheck import services
    from factcheck.models import Rating
    from factcheck.partners import services as partners
    from tests.factories import sample

    call_command("migrate", verbosity=0)
    reporter, editor = sample.desk_users()
    approver = sample.desk_second_editor()
    for user in User.objects.filter(pk__in=[editor.pk]):
        user.set_password(PASSWORD)
        user.save()
    rating = Rating.objects.get(slug="half-true")
    waiting = []
    for n in range(count):
        verdict = services.verdict_create(
            claim=sample.claim(n),
            by=reporter,
            headline=f"Verdict {n}",
            rating=rating,
            conclusion="What we found.",
            explanation="Why.",
            language="en",
        )
        verdict = services.verdict_submit(verdict=verdict, by=reporter)
        verdict = services.verdict_approve(verdict=verdict, by=approver)
        waiting.append(verdict.pk)
    partner = partners.partner_create(name="Bench partner", contact_email="bench@partner.test")
    return waiting, partners.api_key_create(partner=partner, name="bench")[1]


class Log:
    """Every request's outcome: (start, end, who, ok, what)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries: list[tuple[float, float, str, bool, str]] = []

    def add(self, start, who, ok, what):
        with self.lock:
            self.entries.append((start, time.monotonic(), who, ok, what))


def request(log: Log, who: str, session: requests.Session, method: str, url: str, **kwargs):
    start = time.monotonic()
    try:
        response = session.request(method, url, timeout=30, allow_redirects=False, **kwargs)
    except requests.RequestException as exc:
        log.add(start, who, False, type(exc).__name__)
        return None
    ok = response.status_code in (200, 302, 304)
    log.add(start, who, ok, str(response.status_code))
    return response


def writer(base, queue, lock, acked, log, stop, pace, running):
    session = requests.Session()
    while not stop.is_set():
        session.get(f"{base}/admin/login/", timeout=30)
        response = session.post(
            f"{base}/admin/login/",
            data={
                "username": "desk-editor",
                "password": PASSWORD,
                "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
                "next": "/admin/",
            },
            allow_redirects=False,
            timeout=30,
        )
        if response.status_code == 302:
            break
        time.sleep(0.2)
    while not stop.is_set():
        running.wait()
        with lock:
            if not queue:
                return
            pk = queue.pop(0)
        response = request(
            log,
            "editor",
            session,
            "POST",
            f"{base}/admin/factcheck/verdict/{pk}/transition/publish/",
            data={"csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
        )
        if response is not None and response.status_code == 302:
            with lock:
                acked.add(pk)
        else:
            with lock:
                queue.append(pk)  # tried again later, as the editor would
        time.sleep(pace)


class Reader:
    def __init__(self, base, key):
        self.base, self.session = base, requests.Session()
        self.session.headers["Authorization"] = f"Api-Key {key}"
        self.next, self.etag, self.copy = "/api/v1/verdicts/?page_size=50", None, {}

    def poll(self, log: Log | None) -> bool | None:
        """One page: True if more are waiting, None if the request failed."""
        headers = {"If-None-Match": self.etag} if self.etag else {}
        start = time.monotonic()
        try:
            response = self.session.get(self.base + self.next, headers=headers, timeout=30)
        except requests.RequestException as exc:
            if log:
                log.add(start, "partner", False, type(exc).__name__)
            return None
        if log:
            log.add(start, "partner", response.status_code in (200, 304), str(response.status_code))
        if response.status_code == 304:
            return False
        if response.status_code != 200:
            return None
        body = response.json()
        for item in body["results"]:
            self.copy[item["id"]] = item["status"]
        self.next = body["next"].removeprefix(self.base)
        self.etag = response.headers.get("ETag")
        return body["has_more"]

    def loop(self, log, stop, running):
        while not stop.is_set():
            running.wait()
            if not self.poll(log):
                time.sleep(0.05)


def main():
    args = parse()
    pg = Postgres()
    server = None
    try:
        database_url = pg.start()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": base,
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "FACTCHECK_API_RATE": "1000000/min",
        }
        os.environ.update(env)
        print(f"Preparing {args.verdicts} verdicts in review on PostgreSQL ({pg.bin})...")
        waiting, key = prepare(args.verdicts)
        from django.db import connection

        connection.close()

        server = start_gunicorn(port, env, threads=4)

        log, stop, lock, acked = Log(), threading.Event(), threading.Lock(), set()
        running = threading.Event()
        running.set()
        queue = list(waiting)
        readers = [Reader(base, key) for _ in range(args.readers)]
        threads = [
            threading.Thread(
                target=writer,
                args=(base, queue, lock, acked, log, stop, args.pace, running),
            )
            for _ in range(args.writers)
        ] + [threading.Thread(target=r.loop, args=(log, stop, running)) for r in readers]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(args.restart_at)
        if args.idle_restart:
            running.clear()
            time.sleep(2)  # the requests under way finish (a publish takes well under that)
        restart_began = time.monotonic()
        pg.restart()
        restart_done = time.monotonic()
        running.set()
        writers = threads[: args.writers]
        for thread in writers:
            thread.join(timeout=max(1, args.duration - (time.monotonic() - began)))
        time.sleep(1)  # let the partners take the last page
        stop.set()
        for thread in threads:
            thread.join(timeout=35)
        hung = [thread for thread in threads if thread.is_alive()]

        # Afterwards: every acknowledged publication is in the database.
        from django.db import close_old_connections

        from factcheck.models import Verdict

        close_old_connections()
        connection.close()
        published = set(Verdict.objects.published().values_list("pk", flat=True))
        lost = acked - published
        # Every mirror, caught up, holds exactly the published verdicts.
        wrong_mirrors = 0
        for reader in readers:
            for _ in range(1000):
                more = reader.poll(None)
                if more is False:
                    break
            mirrored = {i for i, status in reader.copy.items() if status == "published"}
            wrong_mirrors += mirrored != published

        entries = sorted(log.entries)
        failures = [e for e in entries if not e[3]]
        before = [e for e in failures if e[1] < restart_began]
        after = [e for e in failures if e[1] >= restart_began]
        last_failure = max((e[1] for e in after), default=None)
        first_ok = min(
            (e[1] for e in entries if e[3] and e[0] >= restart_done), default=float("nan")
        )
        latencies = sorted(e[1] - e[0] for e in entries if e[3])
        kinds: dict[str, int] = {}
        for e in after:
            kinds[f"{e[2]} {e[4]}"] = kinds.get(f"{e[2]} {e[4]}", 0) + 1

        print()
        print(f"requests: {len(entries)} ({sum(e[2] == 'editor' for e in entries)} publishes)")
        print(
            f"median {statistics.median(latencies) * 1000:.0f} ms, "
            f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.0f} ms"
        )
        print(f"pg_ctl restart -m fast took {restart_done - restart_began:.2f} s")
        print(f"failed before the restart: {len(before)}")
        print(f"failed from the restart on: {len(after)} {kinds or ''}")
        late = [e for e in after if e[0] >= restart_done]
        print(f"  of which sent after pg_ctl was back: {len(late)}")
        if last_failure is not None:
            print(f"last failure answered {last_failure - restart_began:.2f} s after the restart")
        print(f"first success begun after the restart: +{first_ok - restart_done:.2f} s")
        print(
            f"publications acknowledged: {len(acked)} of {len(waiting)}; published: {len(published)}"
        )
        print(f"acknowledged but not in the database: {len(lost)}")
        print(
            f"partner mirrors not equal to the published verdicts: {wrong_mirrors} of {len(readers)}"
        )
        if hung:
            print(f"threads still running at the end: {len(hung)}")
        return 1 if lost or wrong_mirrors or hung else 0
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        pg.stop()


if __name__ == "__main__":
    sys.exit(main())
