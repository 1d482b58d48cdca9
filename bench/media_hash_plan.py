"""The "seen before" lookup of sources.media at scale: the plan of its band query on PostgreSQL.

Starts a throwaway cluster (bench/pg_restart.Postgres), fills `--rows` media rows with random
perceptual hashes (SQL, no files), plants one copy of the probe 5 bits away, and prints
EXPLAIN ANALYZE of sources.media.hashes.candidates() for the probe, the number of candidates read
and whether the planted copy was found. Run: `python bench/media_hash_plan.py --rows 200000`.
"""

import argparse
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pg_restart import Postgres  # noqa: E402

FILL = """
INSERT INTO sources_media (citation_id, origin, state, source_url, reason, file, content_type,
    kind, size, sha256, camera, metadata, provenance, phash, phash_0, phash_1, phash_2, phash_3,
    thumbnail, added_at)
SELECT %s, 'upload', 'ready', '', '', 'media/x.jpg', 'image/jpeg', 'image', 1,
    md5(i::text) || md5((i + 1)::text), '', '{}', '', lpad(to_hex(b0), 4, '0') ||
    lpad(to_hex(b1), 4, '0') || lpad(to_hex(b2), 4, '0') || lpad(to_hex(b3), 4, '0'),
    b0, b1, b2, b3, '', now()
FROM (SELECT i, (random() * 65535)::int AS b0, (random() * 65535)::int AS b1,
             (random() * 65535)::int AS b2, (random() * 65535)::int AS b3
      FROM generate_series(1, %s) AS i) AS r
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    pg = Postgres()
    try:
        os.environ.update(
            DATABASE_URL=pg.start(),
            DJANGO_SETTINGS_MODULE="factcheck.settings",
            TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from sources.media import hashes, services
        from sources.models import Citation, Media, Source

        call_command("migrate", verbosity=0)
        source = Source.objects.create(name="Bench", kind="outlet", slug="bench")
        citation = Citation.objects.create(source=source, title="Bench", quote="q")
        with connection.cursor() as cursor:
            cursor.execute(FILL, [citation.pk, args.rows])
            cursor.execute("ANALYZE sources_media")
        rng = random.Random(1)
        probe = f"{rng.getrandbits(64):016x}"
        near = int(probe, 16)
        for bit in rng.sample(range(64), 5):
            near ^= 1 << bit
        near = f"{near:016x}"
        planted = Media.objects.create(
            citation=citation, origin="upload", state="ready", file="media/y.jpg",
            content_type="image/jpeg", kind="image", sha256="f" * 64, phash=near,
            **dict(zip(["phash_0", "phash_1", "phash_2", "phash_3"], hashes.bands(near), strict=True)),
        )  # fmt: skip
        others = Media.objects.filter(state="ready").exclude(citation_id=-1)
        query = hashes.candidates(others, probe)
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            print("\n".join(row[0] for row in cursor.fetchall()))
        found = list(query)
        close = [m.pk for m in found if hashes.distance(m.phash, probe) <= 6]
        print(f"\n{args.rows} rows; {len(found)} candidates read; within 6 bits: {close}; "
              f"planted copy (5 bits away) found: {planted.pk in close}")  # fmt: skip
        del services
    finally:
        pg.stop()


if __name__ == "__main__":
    main()
