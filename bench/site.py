"""The public site's pages on PostgreSQL at one archive size: p95 one request at a time, and plans.

    .venv/bin/python bench/site.py                          # 10,000 verdicts, 30 requests a page
    .venv/bin/python bench/site.py --verdicts 50000 --repeat 40
    .venv/bin/python bench/site.py --explain                # also print the plans of the queries

Starts a throwaway PostgreSQL (bench/pg_restart.py's `Postgres`), loads an archive as
bench/feed.py does (one verdict through the real workflow, the rest cloned from its snapshot with
bulk inserts) but varied where the site's pages look: claimants, events (10 umbrellas, one child
per 100 verdicts) and cited sources rotate, so that a source's or an event's page shows its share
of the archive, as on a desk, not all of it. Then ANALYZE, and each page through Django's full
stack with the test client (anonymous, DEBUG off): queries, median and p95. Not a test: figures.
Runs unchanged on the code before the maintained counts (for a before/after): it calls
factcheck.published.facets.rebuild() only where that exists.
"""

import argparse
import copy
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

UMBRELLAS = 10


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verdicts", type=int, default=10000, help="archive size (default 10000)")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page (default 30)")
    parser.add_argument("--explain", action="store_true", help="print the pages' query plans")
    return parser.parse_args()


def load(count: int) -> dict:
    """`count` published verdicts, varied; returns slugs for the pages to measure."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from events.models import Event
    from factcheck.models import Claim, Rating, Verdict, VerdictRevision
    from sources.models import Source
    from tests.factories import sample

    template = sample.publish(sample.claim(0, events=(sample.event("unrest"),)))
    snapshot = template.public_revision.snapshot
    reporter, editor = sample.desk_users()
    ratings = list(Rating.objects.all())
    start = timezone.now() - timedelta(days=2 * count)
    sources = Source.objects.bulk_create(
        Source(slug=f"bench-source-{i}", name=f"Источник {i}", name_en=f"Source {i}", kind="outlet")
        for i in range(max(50, count // 50))
    )
    umbrellas = Event.objects.bulk_create(
        Event(slug=f"bench-story-{i}", title=f"История {i}", starts_at=start)
        for i in range(UMBRELLAS)
    )
    children = Event.objects.bulk_create(
        Event(
            slug=f"bench-event-{i}",
            title=f"Событие {i}",
            starts_at=start + timedelta(hours=i),
            parent=umbrellas[i % UMBRELLAS],
        )
        for i in range(max(UMBRELLAS, count // 100))
    )
    event_template = snapshot["events"][0]
    source_template = snapshot["claim"]["claimant"] or snapshot["citations"][0]["source"]

    def source_data(source):
        return source_template | {"id": source.pk, "slug": source.slug, "name": source.name}

    def event_data(event):
        return event_template | {
            "id": event.pk,
            "slug": event.slug,
            "title": event.title,
            "parent_id": event.parent_id,
        }

    batch = 1000
    with transaction.atomic():
        for offset in range(1, count, batch):
            numbers = range(offset, min(offset + batch, count))
            claims = Claim.objects.bulk_create(
                Claim(
                    text=f"Утверждение номер {n}",
                    text_en=f"Claim number {n}",
                    short=f"Bench claim {n}",
                    slug=f"bench-claim-{n}",
                    claimant=sources[n % len(sources)],
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
            for n, claim, verdict in zip(numbers, claims, verdicts, strict=True):
                frozen = copy.deepcopy(snapshot)
                frozen["verdict"] |= {"id": verdict.pk, "headline": verdict.headline}
                frozen["claim"] |= {"id": claim.pk, "slug": claim.slug, "short": claim.short}
                frozen["claim"]["claimant"] = source_data(claim.claimant)
                frozen["events"] = [event_data(children[n % len(children)])]
                for i, citation in enumerate(frozen["citations"]):
                    citation["source"] = source_data(sources[(n + 7 * (i + 1)) % len(sources)])
                    citation["relays"] = None
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
                verdict.released_at = verdict.first_published_at + timedelta(days=count)
            Verdict.objects.bulk_update(
                verdicts, ["public_revision", "state", "feed_seq", "released_at"]
            )
        try:
            from factcheck.published import facets
        except ImportError:
            pass  # the code before the maintained counts
        else:
            facets.rebuild()
    return {
        "verdict": f"bench-claim-{count // 2}",
        "umbrella": umbrellas[3].slug,
        "event": children[5].slug,
        "source": sources[5].slug,
    }


def measure(client, label, path, repeat, **headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path, headers=headers)  # warm up
    timings, queries, status = [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(path, headers=headers)
            timings.append((time.perf_counter() - began) * 1000)
        queries, status = len(captured.captured_queries), response.status_code
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(
        f"{label:<40} {status:>4} {queries:>7} {statistics.median(timings):>9.1f} {p95:>8.1f}",
        flush=True,
    )
    return response, captured.captured_queries


def main():
    args = parse()
    from pg_restart import Postgres

    pg = Postgres()
    os.environ["DATABASE_URL"] = pg.start()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")
    os.environ["DEBUG"] = "false"
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        slugs = load(args.verdicts)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"PostgreSQL, {args.verdicts} published verdicts loaded and analysed in "
            f"{time.perf_counter() - began:.0f} s; {args.repeat} requests a page, one at a time\n"
        )
        print(f"{'page':<40} {'code':>4} {'queries':>7} {'median ms':>9} {'p95 ms':>8}")
        client = Client()
        pages = [
            ("home", "/en/"),
            ("home, page 50", "/en/?page=50"),
            ("home, a claimant's verdicts", f"/en/?source={slugs['source']}"),
            ("home, an umbrella event's verdicts", f"/en/?event={slugs['umbrella']}"),
            ("verdict page", f"/en/verdicts/{slugs['verdict']}/"),
            ("events index", "/en/events/"),
            ("timeline (an umbrella)", f"/en/events/{slugs['umbrella']}/"),
            ("event page (a child)", f"/en/events/{slugs['event']}/"),
            ("figures (an umbrella)", f"/en/events/{slugs['umbrella']}/figures/"),
            ("sources index", "/en/sources/"),
            ("source page", f"/en/sources/{slugs['source']}/"),
        ]
        for label, path in pages:
            response, captured = measure(client, label, path, args.repeat)
            if label == "home":
                measure(
                    client,
                    "home, 304",
                    path,
                    args.repeat,
                    if_none_match=response["ETag"],
                )
            if args.explain:
                with connection.cursor() as cursor:
                    for query in captured:
                        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF) {query['sql']}")
                        plan = "\n    ".join(row[0] for row in cursor.fetchall())
                        print(f"  {query['sql'][:160]}\n    {plan}\n")
    finally:
        pg.stop()


if __name__ == "__main__":
    main()
