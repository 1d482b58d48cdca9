"""Beyond one machine: replica lag, pooled connections, and one rate limit across workers in Redis.

    .venv/bin/python bench/scaleout.py                    # all three parts
    .venv/bin/python bench/scaleout.py --part replica     # lag of a streaming replica
    .venv/bin/python bench/scaleout.py --part pool        # server connections under load
    .venv/bin/python bench/scaleout.py --part redis       # a partner's limit with 2 workers

* replica: a throwaway PostgreSQL (durable: fsync and synchronous commit on) and a streaming
  replica of it (pg_basebackup -R, another port). Verdicts are published one after another through
  the services, on the primary; after each commit a second connection polls the replica until the
  verdict is published there. Prints the lag from commit to visible on the replica (median, p95,
  max), idle and while wrk reads the public site from the replica, and the replica's replay_lag
  from pg_stat_replication.
* pool: the desk under gunicorn (2 workers of 8 threads) with the public site read by wrk (32
  connections, 10 s), four ways: one connection per request (DATABASE_CONN_MAX_AGE=0), persistent
  connections (60 s, the default) and psycopg's pool (DATABASE_POOL=true, at most 4, then 8, per
  worker). Prints the requests per second and the most server connections seen in pg_stat_activity.
* redis: redis-server on a free port, the desk under gunicorn with 2 sync workers and REDIS_URL;
  one partner at FACTCHECK_API_RATE=30/min sends 60 requests, each on a new connection, and the
  access log records which worker answered each. One limit: 30 answered 200 across both workers.

Not a test: figures in bench/BENCHMARKS.md ("Beyond one machine").
"""

import argparse
import collections
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg_restart import Postgres, free_port, start_gunicorn  # noqa: E402


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=["replica", "pool", "redis", "all"], default="all")
    parser.add_argument("--verdicts", type=int, default=100, help="published verdicts (100)")
    parser.add_argument("--samples", type=int, default=100, help="publishes timed for lag (100)")
    parser.add_argument("--seconds", type=int, default=10, help="wrk run length (10)")
    return parser.parse_args()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Replica:
    """A streaming replica of `primary` (pg_basebackup -R), as .ci/test starts one."""

    def __init__(self, primary: Postgres):
        self.primary = primary
        self.port = free_port()
        self.data = primary.dir / "replica"
        self.log = primary.dir / "replica.log"

    def start(self) -> str:
        p = self.primary
        p.run(
            "pg_basebackup",
            *("-h", "127.0.0.1", "-p", str(p.port), "-U", "postgres"),
            *("-D", str(self.data), "-R", "-X", "stream"),
        )
        options = f"-p {self.port} -k {p.dir} -c listen_addresses=127.0.0.1 -c hot_standby=on"
        p.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start")
        return f"postgres://postgres@127.0.0.1:{self.port}/bench"

    def stop(self):
        self.primary.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def prepare(count: int, waiting_count: int) -> tuple[list[int], str]:
    """`count` published verdicts, `waiting_count` approved and waiting; a partner's API key."""
    import django

    django.setup()
    from django.core.management import call_command

    from factcheck import services
    from factcheck.models import Rating
    from factcheck.partners import services as partners
    from tests.factories import sample

    call_command("migrate", verbosity=0)
    reporter, editor = sample.desk_users()
    approver = sample.desk_second_editor()
    rating = Rating.objects.get(slug="half-true")
    waiting = []
    for n in range(count + waiting_count):
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
        if n < count:
            services.verdict_publish(verdict=verdict, by=editor)
        else:
            waiting.append(verdict.pk)
    partner = partners.partner_create(name="Bench partner", contact_email="bench@partner.test")
    return waiting, partners.api_key_create(partner=partner, name="bench")[1]


def wrk(url: str, seconds: int, connections: int = 32) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        sys.exit(f"wrk saw errors:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def replica_lag(args, waiting: list[int], replica_url: str, env: dict) -> None:
    import psycopg
    from django.contrib.auth.models import User

    from factcheck import services
    from factcheck.models import Verdict

    editor = User.objects.get(username="desk-editor")
    probe = psycopg.connect(replica_url.replace("postgres://", "postgresql://"), autocommit=True)

    def timed(pks):
        lags = []
        for pk in pks:
            services.verdict_publish(verdict=Verdict.objects.get(pk=pk), by=editor)
            committed = time.perf_counter()
            while True:
                row = probe.execute(
                    "SELECT public_revision_id FROM factcheck_verdict WHERE id = %s", [pk]
                ).fetchone()
                if row and row[0]:
                    break
                time.sleep(0.0005)
            lags.append(time.perf_counter() - committed)
        return lags

    def show(label, lags):
        ms = [lag * 1000 for lag in lags]
        print(
            f"  {label}: {len(ms)} publishes, commit → visible on the replica: median "
            f"{statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
            f"max {max(ms):.1f} ms"
        )

    half = args.samples // 2
    print("replica lag (durable primary: fsync, synchronous_commit on):")
    show("idle", timed(waiting[:half]))

    port = free_port()
    server = start_gunicorn(
        port,
        {**env, "DATABASE_REPLICA_URL": replica_url},
        *("--workers", "2", "--threads", "8", "--worker-class", "gthread"),
    )
    try:
        result = {}

        def read():
            try:
                result["rps"] = wrk(
                    f"http://127.0.0.1:{port}/en/verdicts/sample-claim-1/", args.seconds
                )
            except BaseException as exc:  # noqa: BLE001  (reported below)
                result["error"] = exc

        reader = threading.Thread(target=read)
        reader.start()
        time.sleep(1)
        show("while wrk reads verdict pages from the replica", timed(waiting[half : 2 * half]))
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT write_lag, flush_lag, replay_lag FROM pg_stat_replication")
            lags = cursor.fetchone()
            # NULL: the replica has replayed everything and nothing new was written since.
            print(f"  pg_stat_replication (write, flush, replay lag): {lags or 'caught up'}")
        reader.join()
        if "error" in result:
            raise result["error"]
        print(f"  the verdict page from the replica: {result['rps']:.0f} requests/s")
    finally:
        stop(server)
        probe.close()


def pooled_connections(args, env: dict) -> None:
    import psycopg

    url = env["DATABASE_URL"].replace("postgres://", "postgresql://")
    watcher = psycopg.connect(url, autocommit=True)
    print("server connections, desk under gunicorn (2 workers × 8 threads), wrk -c32 on /en/:")
    for label, extra in (
        ("one per request (DATABASE_CONN_MAX_AGE=0)", {"DATABASE_CONN_MAX_AGE": "0"}),
        ("persistent (DATABASE_CONN_MAX_AGE=60)", {"DATABASE_CONN_MAX_AGE": "60"}),
        (
            "psycopg pool (DATABASE_POOL=true, max 4 per worker)",
            {"DATABASE_POOL": "true", "DATABASE_POOL_MAX_SIZE": "4"},
        ),
        (
            "psycopg pool (DATABASE_POOL=true, max 8 per worker: one per thread)",
            {"DATABASE_POOL": "true", "DATABASE_POOL_MAX_SIZE": "8"},
        ),
    ):
        port = free_port()
        server = start_gunicorn(
            port,
            {**env, **extra},
            threads=8,
        )
        peak, done = [0], threading.Event()

        def watch(peak=peak, done=done):
            while not done.is_set():
                count = watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = 'bench' "
                    "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
                ).fetchone()[0]
                peak[0] = max(peak[0], count)
                time.sleep(0.01)

        thread = threading.Thread(target=watch)
        thread.start()
        try:
            rps = wrk(f"http://127.0.0.1:{port}/en/", args.seconds)
        finally:
            done.set()
            thread.join()
            stop(server)
        print(f"  {label}: {rps:.0f} requests/s, at most {peak[0]} server connections")
    watcher.close()


def shared_limit(env: dict, key: str, folder: Path) -> int:
    redis_server = shutil.which("redis-server")
    if not redis_server:
        print("redis: SKIPPED, redis-server not installed")
        return 0
    redis_port = free_port()
    redis = subprocess.Popen(
        [redis_server, "--port", str(redis_port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    port = free_port()
    access = folder / "access.log"
    server = None
    try:
        time.sleep(0.3)
        server = start_gunicorn(
            port,
            {
                **env,
                "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
                "FACTCHECK_API_RATE": "30/min",
            },
            threads=0,  # sync workers: the access log names each request's worker process
            extra=("--access-logfile", str(access), "--access-logformat", "%(p)s %(s)s %(U)s"),
        )
        statuses = collections.Counter()
        for _ in range(60):
            # A new connection each time: the kernel hands them to either worker.
            answer = requests.get(
                f"http://127.0.0.1:{port}/api/v1/verdicts/?page_size=1",
                headers={"Authorization": f"Api-Key {key}", "Connection": "close"},
                timeout=10,
            )
            statuses[answer.status_code] += 1
        time.sleep(0.5)
        by_worker = collections.defaultdict(collections.Counter)
        for line in access.read_text().splitlines():
            pid, status, path = line.split()
            if path == "/api/v1/verdicts/":
                by_worker[pid][status] += 1
        print("one partner at 30/min, 60 requests, gunicorn with 2 workers, cache in Redis:")
        for pid, counts in sorted(by_worker.items()):
            print(f"  worker {pid}: {dict(counts)}")
        print(f"  in all: {dict(statuses)}")
        ok = statuses[200] == 30 and len(by_worker) == 2
        print(f"  one limit across both workers: {'yes' if ok else 'NO'}")
        return 0 if ok else 1
    finally:
        if server:
            stop(server)
        redis.terminate()
        redis.wait(timeout=10)


def main():
    args = parse()
    pg = Postgres()
    replica = Replica(pg)
    folder = Path(tempfile.mkdtemp(prefix="factcheck-scaleout."))
    failed = 0
    try:
        database_url = pg.start()
        replica_url = replica.start()
        base_env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        }
        os.environ.update(base_env)
        print(f"Preparing {args.verdicts} published verdicts on PostgreSQL ({pg.bin})...")
        waiting, key = prepare(args.verdicts, args.samples)
        from django.db import connection

        if args.part in ("replica", "all"):
            replica_lag(args, waiting, replica_url, base_env)
        connection.close()
        if args.part in ("pool", "all"):
            pooled_connections(args, base_env)
        if args.part in ("redis", "all"):
            failed |= shared_limit(base_env, key, folder)
    finally:
        replica.stop()
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return failed


if __name__ == "__main__":
    sys.exit(main())
