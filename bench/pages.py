"""Every public page, API list and admin page, one request at a time, at several archive sizes.

    .venv/bin/python bench/pages.py --sizes 10000,100000          # PostgreSQL, one database each
    .venv/bin/python bench/pages.py --sqlite                       # SQLite, 2,000 and 20,000
    .venv/bin/python bench/pages.py --urls postgres://…/a,postgres://…/b   # archives built already
    .venv/bin/python bench/pages.py --urls 10k=postgres://…/a,1M=postgres://…/b   # labelled
    .venv/bin/python bench/pages.py --sizes 10000,100000,1000000 --datadir /work/bench-pg
        # built once into a kept cluster (databases bench_10k, bench_100k, bench_1m), reused after

Builds each archive with bench/generate.py (PostgreSQL: a throwaway cluster, bench/pg_restart.py's
`Postgres`, one database per size; SQLite: one file per size), serves each with its own gunicorn
(2 sync-like workers, `DEBUG=false`) on loopback, and measures each surface with a plain HTTP client
one request at a time: a few requests to warm up, then --repeat rounds, each round asking every
archive once in turn (the order alternating), so that the machine's load falls on every size alike
(a surface slower than --budget seconds allows gets fewer rounds, at least 5; the table says n).
Admin pages are asked as the generator's staff user (`bench-admin`), API lists with a partner's
key made here. Prints one Markdown table: per surface, the median and the 95th percentile at each
size, and the p95 ratio of the largest archive to the smallest. Not a test: figures only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="archive sizes, comma-separated (10000,100000)")
    parser.add_argument("--sqlite", action="store_true", help="SQLite files (2000,20000)")
    parser.add_argument(
        "--urls",
        help="measure these databases as they are, comma-separated, each optionally labelled "
        "(10k=postgres://…/bench_10k,1M=postgres://…/bench_1m)",
    )
    parser.add_argument("--repeat", type=int, default=30, help="measured requests per surface")
    parser.add_argument("--warmup", type=int, default=3, help="requests before measuring")
    parser.add_argument(
        "--budget",
        type=float,
        default=90,
        help="seconds per surface: fewer rounds (at least 5) for pages slower than that allows",
    )
    parser.add_argument(
        "--only",
        help="measure only the surfaces whose label starts with one of these, comma-separated "
        "(e.g. 'API claims,API events')",
    )
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed")
    parser.add_argument("--keep", action="store_true", help="leave the PostgreSQL cluster running")
    parser.add_argument(
        "--datadir",
        help="a kept cluster's folder (bench/pg_restart.py's Postgres, port 55432): archives are "
        "built there once, as databases bench_10k, bench_100k, bench_1m…, and reused by later "
        "runs; the cluster is stopped afterwards (unless --keep), its data left in place",
    )
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def prepare() -> dict:
    """In the database DATABASE_URL names: a partner's key and the paths to measure (JSON)."""
    from generate import COMMON_WORD, RARE_WORD, SCARCE_WORD, setup

    setup()
    from factcheck.models import Verdict
    from factcheck.partners import services

    verdicts = Verdict.objects.published().order_by("feed_seq")
    total = verdicts.count()
    middle = verdicts[total // 2]
    partner = services.partner_create(name=f"Bench pages {time.time_ns()}")
    partner.throttle_rate = "1000000/s"
    partner.save()
    key = services.api_key_create(partner=partner, name="pages")[1]
    # A story in the middle of the archive (their size does not grow with it).
    from events.models import Event

    stories = Event.objects.filter(parent__isnull=True, slug__startswith="story-").order_by("pk")
    story = stories[stories.count() // 2].slug
    site = [
        ("home", "/en/"),
        ("verdict page", f"/en/verdicts/{middle.claim.slug}/"),
        ("event timeline", f"/en/events/{story}/"),
        ("figures", f"/en/events/{story}/figures/"),
        ("sources", "/en/sources/"),
        ("search, rare word", f"/en/search/?q={SCARCE_WORD}"),  # 3 matches at every size
        ("search, 1 claim in 5,000", f"/en/search/?q={RARE_WORD}"),  # 2 at 10k, 200 at 1M
        ("search, common word", f"/en/search/?q={COMMON_WORD}"),
    ]
    api = [
        (f"API {name}", f"/api/v1/{name}/")
        for name in ("verdicts", "claims", "claimreview", "events", "sources")
    ]
    admin = [
        ("admin index", "/admin/"),
        ("admin claim list", "/admin/factcheck/claim/"),
        ("admin verdict list", "/admin/factcheck/verdict/"),
        ("admin citation list", "/admin/sources/citation/"),
        ("admin verdict change form", f"/admin/factcheck/verdict/{middle.pk}/change/"),
    ]
    return {"key": key, "released": total, "site": site, "api": api, "admin": admin}


def env_for(database_url: str, base: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": base,
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "FACTCHECK_API_RATE": "1000000/min",
        "FACTCHECK_API_ANONYMOUS_RATE": "1000000/min",
        # Slow pages are measured, not killed at gunicorn's default 30 s.
        "GUNICORN_CMD_ARGS": "--timeout 600",
    }


class Archive:
    """One archive under its own gunicorn, with a logged-in admin session and a partner key."""

    def __init__(self, label: str, database_url: str):
        from pg_restart import free_port

        self.label, self.database_url = label, database_url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = env_for(database_url, self.base)
        self.server = None

    def prepare(self):
        out = subprocess.run(
            [sys.executable, __file__, "--prepare"],
            env=self.env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        self.paths = json.loads(out.strip().splitlines()[-1])

    def start(self):
        from generate import ADMIN, ADMIN_PASSWORD
        from pg_restart import start_gunicorn

        self.server = start_gunicorn(self.port, self.env, threads=1)
        self.public = requests.Session()
        self.partner = requests.Session()
        self.partner.headers["Authorization"] = f"Api-Key {self.paths['key']}"
        self.staff = requests.Session()
        self.staff.get(f"{self.base}/admin/login/", timeout=60)
        response = self.staff.post(
            f"{self.base}/admin/login/",
            data={
                "username": ADMIN,
                "password": ADMIN_PASSWORD,
                "csrfmiddlewaretoken": self.staff.cookies.get("csrftoken", ""),
                "next": "/admin/",
            },
            allow_redirects=False,
            timeout=60,
        )
        if response.status_code != 302:
            sys.exit(f"{self.label}: admin login failed ({response.status_code})")

    def surfaces(self, only: tuple[str, ...] = ()):
        every = [(label, path, self.public) for label, path in self.paths["site"]]
        every += [(label, path, self.partner) for label, path in self.paths["api"]]
        every += [(label, path, self.staff) for label, path in self.paths["admin"]]
        return [s for s in every if not only or s[0].startswith(only)]

    def get(self, session, path) -> tuple[float, int, int]:
        began = time.perf_counter()
        response = session.get(self.base + path, timeout=120, allow_redirects=False)
        elapsed = (time.perf_counter() - began) * 1000
        return elapsed, response.status_code, len(response.content)

    def stop(self):
        if self.server:
            self.server.terminate()
            self.server.wait(timeout=30)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(archives: list[Archive], repeat: int, warmup: int, budget: float, only=()):
    """Per surface label: per archive (p50, p95, status codes, bytes)."""
    results: dict[str, list] = {}
    per_archive = [a.surfaces(only) for a in archives]
    for index in range(len(per_archive[0])):
        label = per_archive[0][index][0]
        timings = [[] for _ in archives]
        codes = [set() for _ in archives]
        sizes = [0 for _ in archives]
        for archive, surfaces in zip(archives, per_archive, strict=True):
            _, path, session = surfaces[index]
            for _ in range(warmup):
                archive.get(session, path)
        began = time.perf_counter()
        for round_ in range(repeat):
            if round_ >= 5 and time.perf_counter() - began > budget:
                break
            order = list(range(len(archives)))
            if round_ % 2:
                order.reverse()
            for i in order:
                _, path, session = per_archive[i][index]
                elapsed, code, size = archives[i].get(session, path)
                timings[i].append(elapsed)
                codes[i].add(code)
                sizes[i] = size
        results[label] = [
            (statistics.median(t), percentile(t, 0.95), c, s, len(t))
            for t, c, s in zip(timings, codes, sizes, strict=True)
        ]
        line = "  ".join(
            f"{a.label}: p50 {r[0]:.0f} ms p95 {r[1]:.0f} ms {sorted(r[2])} n={r[4]}"
            for a, r in zip(archives, results[label], strict=True)
        )
        print(f"  {label:<28} {line}", flush=True)
    return results


def table(archives: list[Archive], results) -> str:
    head = ["surface"]
    for a in archives:
        head += [f"{a.label} p50", f"{a.label} p95"]
    head.append(f"p95 {archives[-1].label} / {archives[0].label}")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, rows in results.items():
        cells = [label]
        for p50, p95, codes, _size, n in rows:
            mark = "" if codes <= {200} else f" ({'/'.join(map(str, sorted(codes)))})"
            mark += "" if n >= 20 else f" (n={n})"
            cells += [f"{p50:,.0f} ms", f"{p95:,.0f} ms{mark}"]
        cells.append(f"{rows[-1][1] / rows[0][1]:.1f}×")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def generate_into(database_url: str, size: int, seed: int) -> str:
    """Run bench/generate.py; returns its summary line."""
    began = time.perf_counter()
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "--verdicts", str(size)]
        + ["--seed", str(seed)],
        env={**os.environ, "DATABASE_URL": database_url},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    summary = next((line for line in out.splitlines() if line.startswith("generated in")), "")
    print(f"  {size:,} verdicts: {summary} ({time.perf_counter() - began:.0f} s with migrations)")
    # The generator's time per phase (lines "  12.3 s  phase") and how it loaded ("  load: …").
    for line in out.splitlines():
        phase = line.strip().split("  ")[0].endswith(" s") and not line.startswith("generated")
        if phase or line.strip().startswith("load:"):
            print(f"    {line.strip()}", flush=True)
    return out


def holds(pg, name: str, size: int) -> bool:
    """Whether database `name` of the kept cluster holds a finished archive of `size` verdicts:
    its public counts are written (after the indexes are made again) and the verdict table
    has statistics (the generator's last step is ANALYZE)."""
    sql = (
        "SELECT count(*) FROM factcheck_verdict WHERE EXISTS (SELECT 1 FROM "
        "factcheck_publicfacet) AND EXISTS (SELECT 1 FROM pg_stats WHERE tablename = "
        "'factcheck_verdict' AND attname = 'state')"
    )
    where = ("-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-d", name)
    done = pg.run("psql", *where, "-Atc", sql, check=False)
    return done.returncode == 0 and done.stdout.strip() == str(size)


def label_of(size: int) -> str:
    """A size as a table's column names it, "10k", "1M" (its database: bench_10k, bench_1m)."""
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def main():
    args = parse()
    if args.prepare:
        print(json.dumps(prepare()))
        return 0
    pg = None
    archives: list[Archive] = []
    try:
        if args.urls:
            # Each URL may be labelled: `10k=postgres://…/bench_10k` (the table's column).
            labelled = [u.split("=", 1) if "=" in u else (f"db{i + 1}", u)
                        for i, u in enumerate(args.urls.split(","))]  # fmt: skip
            urls = [url for _label, url in labelled]
            archives = [Archive(label, url) for label, url in labelled]
        else:
            default = "2000,20000" if args.sqlite else "10000,100000"
            built: list[int] = []
            sizes = [int(s) for s in (args.sizes or default).split(",")]
            if args.sqlite:
                urls = [f"sqlite:////tmp/factcheck-pages-{size}.sqlite3" for size in sizes]
                for url in urls:
                    Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
            else:
                from pg_restart import Postgres

                pg = Postgres(args.datadir)
                pg.start()
                urls, built = [], []
                for size in sizes:
                    name = f"bench_{label_of(size).lower()}"
                    if args.datadir and holds(pg, name, size):
                        built.append(size)  # built by an earlier run: measured as it is
                        urls.append(pg.url.rsplit("/", 1)[0] + f"/{name}")
                    else:
                        urls.append(pg.createdb(name, replace=True))
                if built:
                    print(f"Kept archives reused: {', '.join(label_of(s) for s in built)}")
            building = [(size, url) for size, url in zip(sizes, urls, strict=True)
                        if size not in built]  # fmt: skip
            if building:
                print(f"Building {len(building)} archives (bench/generate.py, seed {args.seed}):")
            for size, url in building:
                generate_into(url, size, args.seed)
            if pg and building:
                # Autovacuum's insert-triggered runs over a freshly loaded archive (minutes at
                # 1M, both cores) otherwise start during the measurement (an admin list's p95
                # 198 ms against a p50 of 72 ms in the first such run): the archives are
                # vacuumed, as autovacuum leaves a desk's tables, before anything is measured.
                for size, url in building:
                    began = time.perf_counter()
                    name = url.rsplit("/", 1)[1]
                    where = ("-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-d", name)
                    pg.run("psql", *where, "-qc", "VACUUM")
                    print(f"  {label_of(size)} vacuumed in {time.perf_counter() - began:.0f} s")
            archives = [Archive(label_of(size), url) for size, url in zip(sizes, urls, strict=True)]
        for archive in archives:
            archive.prepare()
            archive.start()
        load = os.getloadavg()
        print(
            f"\nMeasuring ({args.warmup} warm-up requests, then {args.repeat} rounds; load average "
            f"{load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}):"
        )
        only = tuple(args.only.split(",")) if args.only else ()
        results = measure(archives, args.repeat, args.warmup, args.budget, only)
        load_after = os.getloadavg()
        vendor = "SQLite" if urls[0].startswith("sqlite") else "PostgreSQL"
        released = ", ".join(f"{a.label}: {a.paths['released']:,} released" for a in archives)
        print(
            f"\n{vendor}, gunicorn (2 workers, DEBUG=false), one request at a time, {args.repeat} "
            f"rounds; {released}; load average {load[0]:.1f} before, {load_after[0]:.1f} after.\n"
        )
        print(table(archives, results))
        if args.keep and pg:
            print(f"\nPostgreSQL left running: {', '.join(a.database_url for a in archives)}")
            print(f"  stop: pg_ctl -D {pg.data} stop" + ("" if pg.kept else f"; rm -r {pg.dir}"))
        elif pg and pg.kept:
            print(f"\nArchives kept in {pg.data} (stopped): {', '.join(urls)}")
        return 0
    finally:
        for archive in archives:
            archive.stop()
        if pg and not args.keep:
            pg.stop()


if __name__ == "__main__":
    sys.exit(main())
