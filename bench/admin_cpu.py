"""In-process CPU of the desk's admin pages against a built archive: what a loaded machine
inflates least (issue 10). Not a test: figures only.

    PYTHONPATH=. DATABASE_URL=postgres://postgres@127.0.0.1:55432/bench_10k \\
        .venv/bin/python bench/admin_cpu.py [PAGES|all] [REPEAT] [name=/admin/path ...]

As the generator's staff user `bench-admin` (bench/generate.py), through the test client with
DEBUG off: for each page, the number of queries, the best time.thread_time() of REPEAT requests
(this thread's CPU: Django, templates, the driver's own work, not the wait for PostgreSQL) and
the best wall time. Run it against two archives in turn, several rounds, to compare sizes.
Nothing is written to the database (no migrate: the archive's schema is the one it was built with).
"""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
os.environ["DEBUG"] = "false"


def main():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from factcheck.models import Verdict

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-admin"))
    verdict = Verdict.objects.order_by("-pk").values_list("pk", flat=True)[500]
    pages = {
        "index": reverse("admin:index"),
        "claims": reverse("admin:factcheck_claim_changelist"),
        "verdicts": reverse("admin:factcheck_verdict_changelist"),
        "citations": reverse("admin:sources_citation_changelist"),
        "change": reverse("admin:factcheck_verdict_change", args=[verdict]),
    }
    for extra in sys.argv[3:]:
        name, path = extra.split("=", 1)
        pages[name] = path
    wanted = sys.argv[1] if len(sys.argv) > 1 else "all"
    names = list(pages) if wanted == "all" else wanted.split(",")
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    label = connection.settings_dict["NAME"]
    for name in names:
        path = pages[name]
        assert client.get(path).status_code == 200, path  # warm
        cpu = wall = float("inf")
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                began_cpu, began = time.thread_time(), time.perf_counter()
                client.get(path)
                cpu = min(cpu, time.thread_time() - began_cpu)
                wall = min(wall, time.perf_counter() - began)
        print(
            f"{label:>14} {name:<12} {len(queries.captured_queries):>3} queries  "
            f"CPU best {cpu * 1000:6.1f} ms  wall best {wall * 1000:6.1f} ms",
            flush=True,
        )


if __name__ == "__main__":
    main()
