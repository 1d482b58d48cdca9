"""Load: partner mirrors polling the feed while editors publish, correct and retract.

    .venv/bin/python bench/load.py                                   # PostgreSQL: 50 mirrors, 4 editors, 60 s
    .venv/bin/python bench/load.py --sqlite --editors 2              # the default SQLite install
    .venv/bin/python bench/load.py --mirrors 10 --duration 20        # a quick look
    .venv/bin/python bench/load.py --interval 0                      # mirrors polling back to back

The desk runs under gunicorn (2 workers of 8 threads) on a throwaway PostgreSQL (as
bench/pg_restart.py starts it) or on an SQLite file. Each mirror is a thread, the fifty spread over
`--clients` processes (so that one client's GIL is not counted as the feed's latency), that keeps
its cursor and ETag and stores each item under its id, as tests/test_api_sync.py's mirror does: it
follows `/api/v1/verdicts/` page after page while `has_more` says so, then, caught up, waits about
`--interval` seconds (1 by default, jittered; 0 polls back to back, a saturation test) and asks
again; its first poll falls somewhere in the first interval. Each editor is a process of its own
calling the desk's services (the functions the admin's buttons call) on a connection of its own:
it publishes an approved verdict, corrects a published one (edit with a public note, submit, a
second editor's approval, publish) or retracts one, one action after another. The clock starts
once every process is up.

At the end every mirror catches up and is compared with the database: each published verdict at
its public revision, each retraction as a tombstone, nothing else (nothing lost), and no change
received twice (nothing duplicated). Prints errors, the mirrors' latencies (median, p95, p99) and
the editors' actions; exits 1 on any error, lost or duplicated item. Figures in bench/BENCHMARKS.md.
"""

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg_restart import Postgres, free_port, start_gunicorn  # noqa: E402

FEED_STATE_SECONDS = 1.0  # factcheck.api.feed.FEED_STATE_SECONDS (not imported: no Django here)


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="an SQLite file, not PostgreSQL")
    parser.add_argument("--mirrors", type=int, default=50, help="partner mirrors polling (50)")
    parser.add_argument("--editors", type=int, default=4, help="editors at work (4)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of work (60)")
    parser.add_argument("--verdicts", type=int, default=100, help="approved verdicts waiting (100)")
    parser.add_argument(
        "--interval",
        type=float,
        default=1.0,
        help="seconds a mirror waits once it has caught up (1; 0 polls back to back)",
    )
    parser.add_argument(
        "--pause",
        type=float,
        default=0.0,
        help="seconds an editor waits between actions (0: back to back, far beyond any desk)",
    )
    parser.add_argument(
        "--clients", type=int, default=5, help="processes the mirrors are spread over (5)"
    )
    parser.add_argument("--seed", type=int, default=9)
    return parser.parse_args()


def prepare(count: int, editors: int):
    """Verdicts approved and waiting, one editor user per thread, and a partner's API key."""
    import django

    django.setup()
    from django.core.management import call_command

    from factcheck import services
    from factcheck.models import Rating
    from factcheck.partners import services as partners
    from tests.factories import sample

    call_command("migrate", verbosity=0)
    reporter, _editor = sample.desk_users()
    approver = sample.desk_second_editor()
    users = [sample.staff_user(f"bench-editor-{i}", "editor") for i in range(editors)]
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
        waiting.append(services.verdict_approve(verdict=verdict, by=approver).pk)
    partner = partners.partner_create(name="Bench partner", contact_email="bench@partner.test")
    key = partners.api_key_create(partner=partner, name="bench")[1]
    return waiting, users, approver, key


class Mirror:
    def __init__(self, base: str, key: str, interval: float, seed: int):
        self.base, self.session = base, requests.Session()
        self.interval, self.random = interval, random.Random(seed)
        self.session.headers["Authorization"] = f"Api-Key {key}"
        # A GET on a kept-alive connection that the server closed at the same moment (gunicorn
        # drops idle connections after its keep-alive) is sent again once, as HTTP clients do
        # for idempotent requests (RFC 9110, 9.2.2); the time it takes counts as latency. Any
        # other failure, or a second one, is an error.
        retry = Retry(total=1, connect=1, read=1, status=0, redirect=0, backoff_factor=0)
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.next, self.etag = "/api/v1/verdicts/?page_size=50", None
        self.copy: dict[int, tuple[int, str]] = {}
        self.received: list[tuple[int, int, str]] = []
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def poll(self) -> bool:
        """One page; True if more are waiting."""
        headers = {"If-None-Match": self.etag} if self.etag else {}
        start = time.monotonic()
        try:
            response = self.session.get(self.base + self.next, headers=headers, timeout=30)
        except requests.RequestException as exc:
            self.errors.append(type(exc).__name__)
            return False
        self.latencies.append(time.monotonic() - start)
        if response.status_code == 304:
            return False
        if response.status_code != 200:
            self.errors.append(str(response.status_code))
            return False
        body = response.json()
        for item in body["results"]:
            self.received.append((item["id"], item["revision"], item["status"]))
            self.copy[item["id"]] = (item["revision"], item["status"])
        self.next = body["next"].removeprefix(self.base)
        self.etag = response.headers.get("ETag")
        return body["has_more"]

    def loop(self, stop: threading.Event):
        # Partners do not start at one instant: each mirror's first poll falls somewhere in the
        # first interval, as their polls do afterwards (fifty first polls at once, each paging
        # through the whole feed, would measure a stampede no desk sees).
        if self.interval:
            stop.wait(self.interval * self.random.random())
        while not stop.is_set():
            if not self.poll() and self.interval:
                # Caught up: wait before asking again, as a partner's mirror does; the jitter keeps
                # fifty mirrors from polling in lockstep.
                stop.wait(self.interval * self.random.uniform(0.5, 1.5))

    def catch_up(self):
        for _ in range(10_000):
            if not self.poll():
                return


class Editor:
    def __init__(self, user, approver, mine: list[int], seed: int, pause: float = 0.0):
        self.user, self.approver, self.waiting, self.pause = user, approver, mine, pause
        self.published: list[int] = []
        self.random = random.Random(seed)
        self.done: dict[str, int] = {"publish": 0, "correct": 0, "retract": 0}
        self.errors: list[str] = []

    def act(self):
        from factcheck import services
        from factcheck.models import Verdict

        roll = self.random.random()
        self.acting = None
        if not self.waiting and not self.published:
            time.sleep(0.1)  # nothing left to work on (every verdict set aside or retracted)
            return
        if self.waiting and (roll < 0.5 or not self.published):
            pk = self.waiting.pop()
            services.verdict_publish(verdict=Verdict.objects.get(pk=pk), by=self.user)
            self.published.append(pk)
            self.done["publish"] += 1
        elif roll < 0.85 or len(self.published) < 3:
            pk = self.acting = self.random.choice(self.published)
            verdict = Verdict.objects.get(pk=pk)
            verdict = services.verdict_update(
                verdict=verdict,
                by=self.user,
                version=verdict.version,
                note_kind="correction",
                note="Corrected under load.",
                conclusion=f"What we found, corrected at {time.monotonic():.3f}.",
            )
            verdict = services.verdict_submit(verdict=verdict, by=self.user)
            verdict = services.verdict_approve(verdict=verdict, by=self.approver)
            services.verdict_publish(verdict=verdict, by=self.user)
            self.done["correct"] += 1
        else:
            pk = self.published.pop(self.random.randrange(len(self.published)))
            verdict = Verdict.objects.get(pk=pk)
            services.verdict_retract(verdict=verdict, by=self.user, reason="Retracted under load.")
            self.done["retract"] += 1

    def loop(self, stop):
        from django.db import connection

        try:
            while not stop.is_set():
                try:
                    self.act()
                except Exception as exc:  # every failure is a figure, not a crash
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                    # A correction that failed halfway leaves its verdict between states: set
                    # it aside rather than count the same failure again on every later turn.
                    if self.acting in self.published:
                        self.published.remove(self.acting)
                if self.pause:
                    stop.wait(self.pause * self.random.uniform(0.5, 1.5))
        finally:
            connection.close()


def editor_process(env, user_pk, approver_pk, mine, seed, pause, stop, results, ready):
    """One editor in a process of its own: its Python work then competes with the mirrors for
    the CPU only, not for the load generator's GIL, which would count as feed latency."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk([user_pk, approver_pk])
    editor = Editor(users[user_pk], users[approver_pk], mine, seed, pause)
    ready.wait()
    editor.loop(stop)
    results.put(("editor", (editor.done, editor.errors)))


def mirror_process(base, key, interval, seeds, stop, catch_up, results, ready):
    """A share of the mirrors, each a thread polling until `stop`, then, once `catch_up` says
    the editors are done, following the feed to its end. Sends back what each one holds."""
    mirrors = [Mirror(base, key, interval, seed) for seed in seeds]
    halt = threading.Event()
    threads = [threading.Thread(target=m.loop, args=(halt,)) for m in mirrors]
    ready.wait()
    for thread in threads:
        thread.start()
    stop.wait()
    halt.set()
    for thread in threads:
        thread.join(timeout=60)
    catch_up.wait(timeout=180)
    # A server process may serve the feed's position it read up to FEED_STATE_SECONDS ago
    # (factcheck.api.feed): a mirror asking at once could be told "nothing new" and stop, though
    # it would see the last changes on its next poll. Catching up starts after that bound.
    time.sleep(FEED_STATE_SECONDS + 0.5)
    for mirror in mirrors:
        mirror.catch_up()
    fields = ("copy", "received", "latencies", "errors")
    results.put(
        ("mirrors", [SimpleNamespace(**{f: getattr(m, f) for f in fields}) for m in mirrors])
    )


def released_state() -> dict[int, tuple[int, str]]:
    from factcheck.models import Verdict

    return {
        v.pk: (v.public_revision.number, "retracted" if v.state == "retracted" else "published")
        for v in Verdict.objects.released().select_related("public_revision")
    }


def server_times(log: Path) -> list[float]:
    """Seconds gunicorn spent on each feed request, from its access log."""
    times = []
    for line in log.read_text().splitlines() if log.exists() else []:
        path, _status, micros = line.split()
        if path == "/api/v1/verdicts/":
            times.append(int(micros) / 1e6)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main():
    args = parse()
    pg = None if args.sqlite else Postgres()
    folder = Path(tempfile.mkdtemp(prefix="factcheck-load."))
    server = None
    try:
        database_url = f"sqlite:///{folder / 'desk.sqlite3'}" if args.sqlite else pg.start()
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
        engine = "SQLite" if args.sqlite else f"PostgreSQL ({pg.bin})"
        print(f"Preparing {args.verdicts} approved verdicts on {engine}...")
        waiting, users, approver, key = prepare(args.verdicts, args.editors)
        from django.db import connection

        connection.close()

        # The server's own time per request (gunicorn's access log, microseconds): the share of
        # the mirrors' latency spent outside the server (the client, the kernel's queues) is the
        # difference.
        access_log = folder / "access.log"
        server = start_gunicorn(
            port,
            env,
            threads=8,
            extra=("--access-logfile", str(access_log), "--access-logformat", "%(U)s %(s)s %(D)s"),
        )

        spawn = multiprocessing.get_context("spawn")
        stop, caught_up_go, results = spawn.Event(), spawn.Event(), spawn.Queue()
        client_count = min(args.clients, args.mirrors)
        ready = spawn.Barrier(len(users) + client_count + 1)
        editors = [
            spawn.Process(
                target=editor_process,
                args=(
                    env,
                    user.pk,
                    approver.pk,
                    waiting[i :: args.editors],
                    args.seed + i,
                    args.pause,
                ),
                kwargs={"stop": stop, "results": results, "ready": ready},
            )
            for i, user in enumerate(users)
        ]
        # The mirrors, spread over processes: fifty threads in one Python process wait for its
        # GIL after each answer, and that wait would be counted as the feed's latency.
        seeds = [args.seed + i for i in range(args.mirrors)]
        clients = [
            spawn.Process(
                target=mirror_process,
                args=(base, key, args.interval, seeds[i :: args.clients]),
                kwargs={
                    "stop": stop,
                    "catch_up": caught_up_go,
                    "results": results,
                    "ready": ready,
                },
            )
            for i in range(client_count)
        ]
        for process in editors + clients:
            process.start()
        ready.wait()  # the clock starts when every process has started up (Django, its users)
        time.sleep(args.duration)
        stop.set()
        outcomes, mirrors = [], []
        for _ in editors + clients:
            kind, payload = results.get(timeout=120)
            if kind == "editor":
                outcomes.append(payload)
            else:
                mirrors.extend(payload)
            if len(outcomes) == len(editors):
                caught_up_go.set()  # every editor has stopped: the mirrors catch up with the end
        for process in editors + clients:
            process.join(timeout=60)
        hung = sum(p.is_alive() for p in editors + clients)

        connection.close()
        released = released_state()
        lost = sum(mirror.copy != released for mirror in mirrors)
        duplicated = sum(len(m.received) - len(set(m.received)) for m in mirrors)
        latencies = [value for mirror in mirrors for value in mirror.latencies]
        mirror_errors = [error for mirror in mirrors for error in mirror.errors]
        editor_errors = [error for _done, errors in outcomes for error in errors]
        done = {
            kind: sum(done[kind] for done, _errors in outcomes)
            for kind in ("publish", "correct", "retract")
        }

        print()
        pace = f"every {args.interval:g} s once caught up" if args.interval else "back to back"
        print(
            f"{engine}, {args.mirrors} mirrors polling {pace}, {args.editors} editors "
            f"(pause {args.pause:g} s), {args.duration:.0f} s"
        )
        print(
            f"feed requests: {len(latencies)} ({len(latencies) / args.duration:.0f}/s), "
            f"median {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
            f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms"
        )
        served = server_times(access_log)
        if served:
            print(
                f"server time of feed requests: median {statistics.median(served) * 1000:.0f} ms, "
                f"p95 {percentile(served, 0.95) * 1000:.0f} ms, "
                f"p99 {percentile(served, 0.99) * 1000:.0f} ms"
            )
        print(f"editors' actions: {done}")
        print(f"released verdicts: {len(released)}")
        print(f"mirror errors: {len(mirror_errors)} {sorted(set(mirror_errors))[:5]}")
        print(f"editor errors: {len(editor_errors)} {sorted(set(editor_errors))[:5]}")
        print(f"mirrors not equal to the released verdicts: {lost} of {len(mirrors)}")
        for mirror in mirrors:
            if mirror.copy != released:
                wrong = sorted(
                    (pk, mirror.copy.get(pk), released.get(pk))
                    for pk in set(mirror.copy) | set(released)
                    if mirror.copy.get(pk) != released.get(pk)
                )
                print(f"  first wrong mirror (id, its copy, released): {wrong[:5]}")
                break
        print(f"changes received twice: {duplicated}")
        if hung:
            print(f"threads still running at the end: {hung}")
        return 1 if mirror_errors or editor_errors or lost or duplicated or hung else 0
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        if pg:
            pg.stop()
        for path in sorted(folder.glob("*"), reverse=True):
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    sys.exit(main())
