"""Benchmark of the public site's search and slug indexes on PostgreSQL, on a realistic archive.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/plans.py
    DATABASE_URL=... .venv/bin/python bench/plans.py --verdicts 50000 --repeat 30

Whether PostgreSQL picks an index depends on the table's size and statistics: on a test desk's
handful of rows it may rightly prefer the primary key with a filter. So the plans are checked here,
on N thousand published verdicts (loaded as bench/feed.py loads them) after ANALYZE, and not in the
test suite, which only checks that each query reads the indexed column or writes out exactly its
index's expression (tests/test_site_search.py). Prints each query's plan, whether it uses the
index it is meant to use, and its median time; exits with status 1 when an index is not used.
Not a test: figures only.
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
    parser.add_argument("--verdicts", type=int, default=20000, help="archive size (default 20000)")
    parser.add_argument("--repeat", type=int, default=20, help="executions per measurement")
    return parser.parse_args()


def explain(queryset) -> str:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def timed(queryset, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        list(queryset.all())  # a fresh queryset each time: no result cache
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def main():
    args = parse()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench/plans.py measures PostgreSQL's plans: set DATABASE_URL=postgres://…")
    feed.setup(argparse.Namespace(db=None))
    from django.db import connection

    from factcheck.models import Verdict
    from factcheck.published.public import with_claim_slug
    from factcheck.published.search import ranked

    began = time.perf_counter()
    feed.load(args.verdicts)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"{Verdict.objects.published().count()} published verdicts loaded and analysed in "
        f"{time.perf_counter() - began:.1f} s\n"
    )
    checks = [
        (
            "search for a rare word (one claim's number)",
            ranked(str(args.verdicts // 3))[:50],
            "verdictrevision_search_document_idx",
        ),
        (
            # In every claim: the newest public revisions are walked and checked one by one
            # until the candidates are found, instead of ranking every match.
            "search for a common word (in every claim)",
            ranked("утверждение")[:50],
            "factcheck_verdict_public_revision_id_key",
        ),
        (
            "verdict page: the slug lookup",
            with_claim_slug(Verdict.objects.released(), f"bench-claim-{args.verdicts // 2}"),
            "verdictrevision_claim_slug_idx",
        ),
    ]
    failed = False
    for label, queryset, index in checks:
        plan = explain(queryset)
        used = index in plan
        failed |= not used
        median = timed(queryset, args.repeat)
        print(f"== {label}: {'uses' if used else 'DOES NOT USE'} {index}; median {median:.2f} ms")
        print("   " + plan.replace("\n", "\n   ") + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
