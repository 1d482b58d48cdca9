"""Benchmark of the public search page for a rare and a common word, on N thousand verdicts.

    .venv/bin/python bench/search.py --verdicts 2000            # SQLite file, recreated
    .venv/bin/python bench/search.py --verdicts 20000
    .venv/bin/python bench/search.py --postgres --verdicts 10000   # a throwaway PostgreSQL
    .venv/bin/python bench/search.py --verdicts 2000 --keep --db …  # an archive loaded before

Loads the archive as bench/feed.py does (every claim reads "Утверждение номер N", so
"утверждение" matches every verdict and a claim's number one), then requests /en/search/ one at a
time through Django's full stack with the test client and prints the queries, median and 95th
percentile per word, and the plan of the page's search query (EXPLAIN ANALYZE on PostgreSQL,
EXPLAIN QUERY PLAN on SQLite). Not a test: figures only.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import feed  # noqa: E402  (the same settings and archive loader)


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verdicts", type=int, default=2000, help="archive size (default 2000)")
    parser.add_argument("--repeat", type=int, default=30, help="requests per word")
    parser.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL")
    parser.add_argument(
        "--db", default="/tmp/factcheck-search-bench.sqlite3", help="SQLite file (recreated)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="measure the SQLite file an earlier run loaded"
    )
    return parser.parse_args()


def plan(sql: str) -> str:
    from django.db import connection

    explain = "EXPLAIN ANALYZE" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    with connection.cursor() as cursor:
        cursor.execute(f"{explain} {sql}")
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def measure(client, words: str, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = f"/en/search/?q={words}"
    client.get(path)  # warm up
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    found = response.content.decode().count('class="card__headline"')
    print(
        f"{words!r:<16} {response.status_code:>4} {len(captured.captured_queries):>7} "
        f"{found:>6} {statistics.median(timings):>9.1f} {p95:>8.1f}"
    )
    return max(captured.captured_queries, key=lambda q: len(q["sql"]))["sql"]


def main():
    args = parse()
    pg = None
    if args.postgres:
        from pg_restart import Postgres

        pg = Postgres()
        os.environ["DATABASE_URL"] = pg.start()
    try:
        if args.keep:
            os.environ.setdefault("DATABASE_URL", f"sqlite:///{args.db}")
        feed.setup(args)
        from django.db import connection
        from django.test import Client

        began = time.perf_counter()
        if not args.keep:
            feed.load(args.verdicts)
            with connection.cursor() as cursor:
                # As autovacuum would: VACUUM also moves the GIN index's pending entries into it.
                postgres = connection.vendor == "postgresql"
                cursor.execute("VACUUM ANALYZE" if postgres else "ANALYZE")
        print(
            f"{connection.vendor}, {args.verdicts} verdicts loaded in "
            f"{time.perf_counter() - began:.0f} s"
        )
        client = Client()
        print(
            f"{'words':<16} {'status':>4} {'queries':>7} {'cards':>6} {'median ms':>9} {'p95 ms':>8}"
        )
        rare, common = str(args.verdicts // 3), "утверждение"
        sqls = {words: measure(client, words, args.repeat) for words in (rare, common)}
        for words, sql in sqls.items():
            print(f"\n== plan for {words!r}\n{plan(sql)}")
    finally:
        if pg:
            pg.stop()


if __name__ == "__main__":
    main()
