"""PostgreSQL's plans for the triage queue and the personal-data expiry (issue 12, intake) on N
thousand reader submissions, in a throwaway cluster (bench/pg_restart.Postgres).

    python bench/intake_plans.py --thousands 20

Prints EXPLAIN ANALYZE of: the queue's default page (state = 'new', newest first), the queue
filtered by kind, the unfiltered list, and expire_submissions' selection. Each should read its
index (factcheck.models.intake), with no sort and no scan of the whole table.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pg_restart import Postgres  # noqa: E402

SCRIPT = r"""
import random
from datetime import timedelta
import django
django.setup()
from django.db import connection
from django.utils import timezone
from factcheck.models import Submission

n = int(__import__("os").environ["INTAKE_N"])
rng = random.Random(12)
now = timezone.now()
states = ["new"] * 1 + ["declined"] * 6 + ["claimed"] * 0
rows = []
for i in range(n):
    state = "new" if rng.random() < 0.05 else "declined"
    rows.append(Submission(kind="claim", state=state, text=f"claim {i}", seen_where="tv",
                           email="r@example.org" if i % 2 else "", language="ru",
                           reason="x" if state == "declined" else ""))
Submission.objects.bulk_create(rows, batch_size=2000)
# Spread the arrival times over a year, oldest first.
with connection.cursor() as c:
    c.execute("UPDATE factcheck_submission SET created_at = %s - (id * interval '15 minutes')", [now])
    c.execute("ANALYZE factcheck_submission")
from django.contrib.admin.views.main import ChangeList  # noqa
queries = {
    "queue (state=new)": Submission.objects.filter(state="new").order_by("-created_at", "-id")[:50],
    "queue (state=new, kind=claim)": Submission.objects.filter(state="new", kind="claim").order_by("-created_at", "-id")[:50],
    "all, newest first": Submission.objects.order_by("-created_at", "-id")[:50],
    "expiry selection": Submission.objects.filter(personal_data_erased_at__isnull=True, created_at__lt=now - timedelta(days=90)).order_by("created_at").values("pk")[:1000],
}
for name, qs in queries.items():
    print(f"== {name}")
    print(qs.explain(analyze=True))
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--thousands", type=int, default=20)
    args = parser.parse_args()
    pg = Postgres()
    try:
        url = pg.start()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "INTAKE_N": str(args.thousands * 1000),
        }
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, check=True)
    finally:
        pg.stop()


if __name__ == "__main__":
    main()
