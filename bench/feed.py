"""Benchmark of the partner feed: a page of 100 verdicts out of N thousand, in a file SQLite database.

    .venv/bin/python bench/feed.py                      # 5,000 verdicts, /tmp/factcheck-feed-bench.sqlite3
    .venv/bin/python bench/feed.py --verdicts 20000 --repeat 30
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/feed.py

Loads the archive once (one verdict through the real workflow, the rest cloned from its snapshot
with bulk inserts, as many releases as verdicts), then times requests through Django's full
stack (middleware, key check, throttle, filters, pagination, JSON rendering) with the test client,
and prints the number of SQL queries, the median and the 95th percentile of each. It also prints
SQLite's plan for the page query, to show the feed's index at work. Not a test: figures only.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verdicts", type=int, default=5000, help="archive size (default 5000)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per measurement")
    parser.add_argument(
        "--db", default="/tmp/factcheck-feed-bench.sqlite3", help="SQLite file (recreated)"
    )
    return parser.parse_args()


def setup(args):
    if "DATABASE_URL" not in os.environ:
        Path(args.db).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(count: int) -> str:
    """The archive: `count` released verdicts; returns an API key."""
    import copy
    from datetime import timedelta

    from django.db import transaction

    from factcheck.models import Claim, Rating, Verdict, VerdictRevision
    from factcheck.partners import services
    from factcheck.published import facets
    from factcheck.published.items import item_key, store_item, store_items
    from tests.factories import sample

    template = sample.publish(sample.claim(0, events=(sample.event("unrest"),)))
    snapshot = template.public_revision.snapshot
    reporter, editor = sample.desk_users()
    ratings = list(Rating.objects.all())
    claimant = sample.source("sample-ministry")
    # One publication a minute up to now: every time in the past, so that a feed poll with
    # `updated_since=now` finds nothing new, as on a real desk. The template, at position 1, is
    # moved back to the first minute, so that release times follow feed positions.
    start = template.released_at - timedelta(minutes=count)
    Verdict.objects.filter(pk=template.pk).update(released_at=start, first_published_at=start)
    batch, key = 1000, item_key()
    store_items(Verdict.objects.filter(pk=template.pk))  # its stored item carries the new time
    with transaction.atomic():
        for offset in range(1, count, batch):
            numbers = range(offset, min(offset + batch, count))
            claims = Claim.objects.bulk_create(
                Claim(
                    text=f"Утверждение номер {n}",
                    text_en=f"Claim number {n}",
                    short=f"Bench claim {n}",
                    slug=f"bench-claim-{n}",
                    claimant=claimant,
                    status=Claim.Status.CHECKED,
                )
                for n in numbers
            )
            verdicts = Verdict.objects.bulk_create(
                Verdict(
                    claim=claim,
                    author=reporter,
                    headline=f"Verdict on bench claim {n}",
                    rating=ratings[n % len(ratings)],
                    conclusion="What we found.",
                    explanation="Two independent outlets reported it.",
                    first_published_at=start + timedelta(minutes=n),
                )
                for n, claim in zip(numbers, claims, strict=True)
            )
            revisions = []
            for claim, verdict in zip(claims, verdicts, strict=True):
                frozen = copy.deepcopy(snapshot)
                frozen["verdict"] |= {"id": verdict.pk, "headline": verdict.headline}
                frozen["claim"] |= {"id": claim.pk, "slug": claim.slug, "short": claim.short}
                rating = verdict.rating
                frozen["rating"] |= {"slug": rating.slug, "value": rating.value}
                revisions.append(
                    VerdictRevision(
                        verdict=verdict,
                        number=1,
                        rating=rating,
                        headline=verdict.headline,
                        conclusion=verdict.conclusion,
                        explanation=verdict.explanation,
                        language="en",
                        published_at=verdict.first_published_at,
                        published_by=editor,
                        snapshot=frozen,
                    )
                )
            revisions = VerdictRevision.objects.bulk_create(revisions)
            for n, verdict, revision in zip(numbers, verdicts, revisions, strict=True):
                verdict.public_revision, verdict.state = revision, Verdict.State.PUBLISHED
                verdict.feed_seq = n + 1  # the template took position 1
                # Released when published: positions follow release times, as
                # services._stamp_release gives them.
                verdict.released_at = verdict.first_published_at
                store_item(verdict, key)  # what the services store with a release
            Verdict.objects.bulk_update(
                verdicts,
                [
                    "public_revision",
                    "state",
                    "feed_seq",
                    "released_at",
                    "feed_item",
                    "feed_item_key",
                ],
            )
        # Published without the services: the counts and mentions they keep, computed once.
        facets.rebuild()
    partner = services.partner_create(name="Bench")
    partner.throttle_rate = "1000000/s"
    partner.save()
    return services.api_key_create(partner=partner)[1]


def measure(client, key, label, path, repeat, **headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = {"authorization": f"Api-Key {key}", **headers}
    client.get(path, headers=headers)  # warm up (and record the key's use)
    timings, queries, status = [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(path, headers=headers)
            timings.append((time.perf_counter() - began) * 1000)
        queries, status = len(captured.captured_queries), response.status_code
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    size = len(response.content)
    print(
        f"{label:<44} {status:>4} {queries:>7} {statistics.median(timings):>9.1f} {p95:>8.1f}"
        f" {size / 1024:>8.0f}"
    )
    return response


def main():
    args = parse()
    setup(args)
    from django.db import connection
    from django.test import Client

    from factcheck.models import Verdict
    from factcheck.published.items import released_verdicts

    began = time.perf_counter()
    key = load(args.verdicts)
    loaded = time.perf_counter() - began
    total = Verdict.objects.released().count()
    print(
        f"{connection.vendor}, {total} released verdicts loaded in {loaded:.1f} s; "
        f"{args.repeat} requests per line; Django test client, full middleware stack\n"
    )
    print(f"{'request':<44} {'code':>4} {'queries':>7} {'median ms':>9} {'p95 ms':>8} {'KiB':>8}")
    client = Client()
    feed = "/api/v1/verdicts/?page_size=100"
    first = measure(client, key, "feed, first page of 100", feed, args.repeat)
    middle_seq = total // 2
    from factcheck.api.pagination import FEED_ORDERINGS, _encode

    middle = _encode(FEED_ORDERINGS["updated"], [middle_seq])
    measure(
        client,
        key,
        "feed, page of 100 in the middle (cursor)",
        f"{feed}&cursor={middle}",
        args.repeat,
    )
    last = _encode(FEED_ORDERINGS["updated"], [total - 100])
    measure(client, key, "feed, last page of 100 (cursor)", f"{feed}&cursor={last}", args.repeat)
    measure(
        client,
        key,
        "feed, poll at the head: nothing new (304)",
        f"{feed}&cursor={_encode(FEED_ORDERINGS['updated'], [total])}",
        args.repeat,
        if_none_match=client.get(
            f"{feed}&cursor={_encode(FEED_ORDERINGS['updated'], [total])}",
            headers={"authorization": f"Api-Key {key}"},
        )["ETag"],
    )
    measure(
        client,
        key,
        "feed, unchanged page again (If-None-Match)",
        feed,
        args.repeat,
        if_none_match=first["ETag"],
    )
    measure(
        client,
        key,
        "feed, -published order, page of 100",
        "/api/v1/verdicts/?page_size=100&ordering=-published",
        args.repeat,
    )
    measure(client, key, "feed, rating=false, page of 100", f"{feed}&rating=false", args.repeat)
    measure(client, key, "claims, page of 100", "/api/v1/claims/?page_size=100", args.repeat)
    measure(
        client,
        key,
        "claimreview DataFeed, page of 100",
        "/api/v1/claimreview/?page_size=100",
        args.repeat,
    )
    measure(client, key, "one verdict", f"/api/v1/verdicts/{total // 3}/", args.repeat)

    if connection.vendor == "sqlite":
        page = released_verdicts().filter(feed_seq__gt=middle_seq).order_by("feed_seq")[:101]
        sql, params = page.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = [row[-1] for row in cursor.fetchall()]
        print("\nSQLite plan of the page query:\n  " + "\n  ".join(plan))


if __name__ == "__main__":
    main()
