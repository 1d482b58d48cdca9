"""Benchmark of the desk's admin pages on PostgreSQL: index, claim, verdict and citation lists, a
verdict's change form, out of an archive of N verdicts.

    .venv/bin/python bench/admin_pages.py                        # 10,000 verdicts, throwaway server
    .venv/bin/python bench/admin_pages.py --verdicts 100000 --repeat 30
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/admin_pages.py
    DATABASE_URL=postgres://…/archive .venv/bin/python bench/admin_pages.py --built   # generate.py's

Loads the archive as bench/feed.py does (one verdict through the workflow, the rest cloned with bulk
inserts), then gives it what the admin lists show and filter on: 200 sources, a citation for every
two claims and two pieces of evidence per claim, claims in three languages, drafts and verdicts in
review among the published ones, re-review dates. After ANALYZE it times each page one request at a
time through Django's full stack (the test client, logged in as an administrator) and prints the
number of queries, the median and the 95th percentile. Not a test: figures only.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import feed  # noqa: E402  (bench/feed.py: the same settings and archive loader)


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verdicts", type=int, default=10000, help="archive size (default 10000)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page")
    parser.add_argument(
        "--explain", action="store_true", help="print each page's slowest queries and plans"
    )
    parser.add_argument(
        "--built",
        action="store_true",
        help="measure the archive DATABASE_URL holds (bench/generate.py's), as the generator's "
        "staff user, instead of loading one",
    )
    return parser.parse_args()


def enrich(count: int) -> None:
    """What the admin lists show beyond the feed's archive, in a few set-based statements."""
    from django.db import connection, transaction

    from sources.models import Citation, Source

    sources = Source.objects.bulk_create(
        Source(name=f"Bench source {n}", kind=Source.Kind.OUTLET, slug=f"bench-source-{n}")
        for n in range(200)
    )
    batch = 5000
    with transaction.atomic():
        for offset in range(0, count // 2, batch):
            Citation.objects.bulk_create(
                Citation(
                    source=sources[n % 200],
                    relays=sources[(n * 7 + 1) % 200] if n % 3 == 0 else None,
                    title=f"Report {n}",
                    quote=f"Цитата {n}",
                    quote_language=("ru", "kk", "en")[n % 3],
                )
                for n in range(offset, min(offset + batch, count // 2))
            )
        with connection.cursor() as cursor:
            cursor.execute("SELECT min(id), count(*) FROM sources_citation")
            first, citations = cursor.fetchone()
            # Two pieces of evidence per claim, one supporting and one contradicting.
            cursor.execute(
                """
                WITH bare AS (
                    SELECT id FROM factcheck_claim c WHERE NOT EXISTS
                    (SELECT 1 FROM factcheck_claimcitation x WHERE x.claim_id = c.id)
                )
                INSERT INTO factcheck_claimcitation (claim_id, citation_id, stance, note)
                SELECT id, %s + (id %% %s), 'supports', '' FROM bare
                UNION ALL
                SELECT id, %s + ((id + 1) %% %s), 'contradicts', '' FROM bare
                """,
                [first, citations, first, citations],
            )
            cursor.execute(
                "UPDATE factcheck_claim SET language = CASE WHEN id % 3 = 0 THEN 'kk' "
                "WHEN id % 5 = 0 THEN 'en' ELSE 'ru' END"
            )
            # Unpublished work among the archive, and re-review dates on published verdicts.
            cursor.execute(
                "UPDATE factcheck_verdict SET state = 'draft' WHERE id % 10 = 1 "
                "AND state = 'published'"
            )
            cursor.execute(
                "UPDATE factcheck_verdict SET state = 'in_review' WHERE id % 50 = 2 "
                "AND state = 'published'"
            )
            cursor.execute(
                "UPDATE factcheck_verdict SET review_by = current_date + (id % 4000 - 2000)::int "
                "WHERE id % 7 = 0"
            )
            cursor.execute("ANALYZE")


def measure(client, label, path, repeat, explain):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm
    timings, sql, cpu = [], [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            began, used = time.perf_counter(), time.process_time()
            response = client.get(path)
            timings.append((time.perf_counter() - began) * 1000)
            # This process's CPU (Django, templates): what a busy machine's load inflates least.
            cpu.append((time.process_time() - used) * 1000)
        sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    timings.sort()
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    print(
        f"{label:<34} {len(queries.captured_queries):>3} queries  "
        f"median {statistics.median(timings):7.1f} ms  p95 {p95:7.1f} ms  "
        f"(SQL median {statistics.median(sql):6.1f} ms, Python CPU median "
        f"{statistics.median(cpu):6.1f} ms)",
        flush=True,
    )
    if explain:
        # The last request's queries, slowest first, each with its plan when it took 2 ms or more.
        for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]:
            print(f"    {float(query['time']) * 1000:6.1f} ms  {query['sql'][:160]}")
            if float(query["time"]) >= 0.002 and not query["sql"].startswith("EXPLAIN"):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                    plan = [row[0] for row in cursor.fetchall()]
                print("        " + "\n        ".join(plan))


def main():
    args = parse()
    server = None
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        from pg_restart import Postgres

        server = Postgres()
        os.environ["DATABASE_URL"] = server.start()
    try:
        run(args)
    finally:
        if server is not None:
            server.stop()


def run(args):
    feed.setup(argparse.Namespace(db=None))
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from factcheck.models import Verdict

    if args.built:
        from generate import ADMIN

        args.verdicts = Verdict.objects.count()
        admin = get_user_model().objects.get(username=ADMIN)
        print(f"archive of {args.verdicts} verdicts (built); load average {os.getloadavg()}")
    else:
        began = time.perf_counter()
        feed.load(args.verdicts)
        enrich(args.verdicts)
        print(f"archive of {args.verdicts} verdicts loaded in {time.perf_counter() - began:.0f} s")
        admin = get_user_model().objects.create_superuser("bench-admin", "a@example.org", "x")
    client = Client()
    client.force_login(admin)
    verdict = Verdict.objects.order_by("pk")[args.verdicts // 2]
    middle = max(1, args.verdicts // 200)  # of 100 claims a page
    pages = [
        ("admin index (work queues)", reverse("admin:index")),
        ("claim list", reverse("admin:factcheck_claim_changelist")),
        ("claim list, middle page", reverse("admin:factcheck_claim_changelist") + f"?p={middle}"),
        ("claim list, language kk", reverse("admin:factcheck_claim_changelist") + "?language=kk"),
        ("verdict list", reverse("admin:factcheck_verdict_changelist")),
        (
            "verdict list, drafts",
            reverse("admin:factcheck_verdict_changelist") + "?state__exact=draft",
        ),
        ("citation list", reverse("admin:sources_citation_changelist")),
        ("verdict change form", reverse("admin:factcheck_verdict_change", args=[verdict.pk])),
    ]
    for label, path in pages:
        measure(client, label, path, args.repeat, args.explain)


if __name__ == "__main__":
    main()
