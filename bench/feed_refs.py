"""The partner feed against its two references, under the same gunicorn, in one run.

    .venv/bin/python bench/feed_refs.py                               # 20,000 verdicts, 3 rounds
    .venv/bin/python bench/feed_refs.py --verdicts 100000 --rounds 5 --duration 10
    .venv/bin/python bench/feed_refs.py --redis                       # throttle history in Redis
    git archive 1308367 | tar -x -C /tmp/before                        # the serializer path...
    .venv/bin/python bench/feed_refs.py --before /tmp/before           # ...measured alongside
    .venv/bin/python bench/feed_refs.py --urls 100k=postgres://…/bench_100k,1M=postgres://…/bench_1m
        # archives built already (bench/generate.py, e.g. bench/pages.py's kept cluster), in turn

A throwaway PostgreSQL (bench/pg_restart.py's Postgres), the archive loaded by bench/feed.py's
loader, and gunicorn as bench/pg_restart.py starts it (2 workers of --threads threads, DEBUG off)
serving, measured with wrk in interleaved rounds (a, b, c, d, then again):

  (a) ceiling  a bare WSGI app returning the bytes of a feed page of 100 (bench/refs/app.py);
  (b) floor    a Django view returning the same precomputed bytes through the project's whole
               middleware stack (bench.refs.settings mounts it; production URLs do not have it);
  (c) feed     the real first page of 100 of /api/v1/verdicts/ with a partner's key;
  (d) 304      the same request with If-None-Match: a poll with nothing new.

Prints requests per second (median of the rounds) and the feed as a ratio to each reference.
The partner's rate limit is set out of the way, but throttling still runs (its history is in the
database cache, or in Redis with --redis). Not a test: figures in bench/BENCHMARKS.md.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))
from pg_restart import Postgres, free_port, start_gunicorn  # noqa: E402


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verdicts", type=int, default=20000, help="archive size (20,000)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (10)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (4)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--redis", action="store_true", help="the default cache in Redis")
    parser.add_argument(
        "--urls",
        help="measure these databases as they are (built by bench/generate.py) instead of loading "
        "a throwaway one: comma-separated, each optionally labelled (100k=postgres://…); each is "
        "measured in turn, its four targets interleaved as usual",
    )
    parser.add_argument("--url", help=argparse.SUPPRESS)  # one of --urls, in a process of its own
    parser.add_argument(
        "--before",
        type=Path,
        help="also measure the feed as served by this source tree of the desk (an older commit, "
        "e.g. from `git archive`), on the same database, in the same rounds",
    )
    return parser.parse_args()


def load_average() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def wrk(args, url: str, headers: dict) -> tuple[float, float]:
    """(requests per second, median latency in ms) of one wrk run; fails on any error."""
    command = ["wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency", "--timeout", "10s"]  # wrk's 2 s counts slow pages as errors
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"wrk saw errors on {url}:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", out).groups()
    median = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return rate, median


def partner_key() -> str:
    """A partner's key in a generated archive (its rate out of the way, as the loader's)."""
    from factcheck.partners import services

    partner = services.partner_create(name=f"Bench feed refs {time.time_ns()}")
    partner.throttle_rate = "1000000/s"
    partner.save()
    return services.api_key_create(partner=partner, name="feed refs")[1]


def each_archive(args) -> None:
    """--urls: one process per archive (Django is set up once per process)."""
    passed = [a for a in sys.argv[1:] if not a.startswith("--urls")]
    if "--urls" in sys.argv:
        at = sys.argv.index("--urls")
        passed = sys.argv[1:at] + sys.argv[at + 2 :]
    for entry in args.urls.split(","):
        label, _, url = entry.partition("=") if "=" in entry.split("://")[0] else ("", "", entry)
        print(f"\n## {label or url}", flush=True)
        subprocess.run([sys.executable, __file__, *passed, "--url", url], check=True)


def main():
    args = parse()
    if args.urls:
        return each_archive(args)
    pg, redis, servers = (None if args.url else Postgres()), None, []
    folder = Path(tempfile.mkdtemp(prefix="factcheck-feed-refs."))
    try:
        env = {
            **os.environ,
            "DATABASE_URL": args.url or pg.start(),
            "DJANGO_SETTINGS_MODULE": "bench.refs.settings",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "FEED_REFS_BODY": str(folder / "page.json"),
        }
        if args.redis:
            redis_port = free_port()
            redis = subprocess.Popen(
                [shutil.which("redis-server"), "--port", str(redis_port), "--save", ""]
                + ["--appendonly", "no"],
                stdout=subprocess.DEVNULL,
            )
            env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        port, bare_port = free_port(), free_port()
        desk, bare = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{bare_port}"
        env["SITE_URL"] = desk
        os.environ.update(env)

        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from feed import load

        if args.url:
            key = partner_key()
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM factcheck_verdict WHERE feed_seq IS NOT NULL")
                print(f"archive as built: {cursor.fetchone()[0]:,} verdicts in the feed")
        else:
            call_command("migrate", verbosity=0)
            began = time.perf_counter()
            key = load(args.verdicts)
            print(f"{args.verdicts} verdicts loaded in {time.perf_counter() - began:.0f} s")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        connection.close()

        servers.append(start_gunicorn(port, env, threads=args.threads))
        auth = {"Authorization": f"Api-Key {key}"}
        feed_url = f"{desk}/api/v1/verdicts/?page_size=100"
        page = requests.get(feed_url, headers=auth, timeout=30)
        assert page.status_code == 200 and len(page.json()["results"]) == 100, page.text[:300]
        (folder / "page.json").write_bytes(page.content)
        servers.append(start_gunicorn(bare_port, env, threads=args.threads, app="bench.refs.app"))
        floor_url = f"{desk}/bench/floor/"
        for url in (floor_url, f"{bare}/"):
            assert requests.get(url, timeout=30).content == page.content, url
        polled = requests.get(feed_url, headers={**auth, "If-None-Match": page.headers["ETag"]})
        assert polled.status_code == 304, polled.status_code

        targets = {
            "ceiling": (f"{bare}/", {}),
            "floor": (floor_url, {}),
            "feed": (feed_url, auth),
            "304": (feed_url, {**auth, "If-None-Match": page.headers["ETag"]}),
        }
        if args.before:
            before_port = free_port()
            old_env = {**env, "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
            old_env["SITE_URL"] = desk  # the same URLs in the body
            servers.append(
                start_gunicorn(before_port, old_env, threads=args.threads, cwd=args.before)
            )
            old_url = f"http://127.0.0.1:{before_port}/api/v1/verdicts/?page_size=100"
            old_page = requests.get(old_url, headers=auth, timeout=60)
            # `next` names the host asked (another port here): compare the items.
            same = old_page.json()["results"] == page.json()["results"]
            print(f"the tree in --before serves {'the same' if same else 'OTHER'} items")
            targets["before"] = (old_url, auth)
        print(
            f"PostgreSQL ({pg.bin if pg else args.url}), gunicorn 2 workers x {args.threads} threads, "
            f"wrk -t{args.wrk_threads} -c{args.connections} -d{args.duration}s, "
            f"{args.rounds} interleaved rounds, page of 100 = {len(page.content) / 1024:.0f} KiB, "
            f"cache: {'Redis' if args.redis else 'database'}; load average before: "
            f"{load_average()}"
        )
        rates = {name: [] for name in targets}
        medians = {name: [] for name in targets}
        for round_ in range(args.rounds):
            for name in targets:
                rate, median = wrk(args, *targets[name])
                rates[name].append(rate)
                medians[name].append(median)
            print(f"round {round_ + 1}: " + ", ".join(f"{n} {rates[n][-1]:.0f}/s" for n in targets))
        rate = {name: statistics.median(values) for name, values in rates.items()}
        print(f"load average after: {load_average()}\n")
        print(f"{'':<10} {'req/s':>8} {'median ms':>10} {'of floor':>9} {'of ceiling':>11}")
        for name in targets:
            print(
                f"{name:<10} {rate[name]:>8.0f} {statistics.median(medians[name]):>10.2f} "
                f"{rate[name] / rate['floor']:>9.0%} {rate[name] / rate['ceiling']:>11.0%}"
            )
        print(
            "\ntargets: feed >= 70% of floor and >= 25% of ceiling; 304 >= 80% of floor: "
            + ", ".join(
                [
                    f"feed/floor {'met' if rate['feed'] >= 0.7 * rate['floor'] else 'NOT met'}",
                    f"feed/ceiling {'met' if rate['feed'] >= 0.25 * rate['ceiling'] else 'NOT met'}",
                    f"304/floor {'met' if rate['304'] >= 0.8 * rate['floor'] else 'NOT met'}",
                ]
            )
        )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        if redis:
            redis.terminate()
            redis.wait(timeout=30)
        if pg:
            pg.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
