"""The exact SQL each of some requests runs, and with `explain` the EXPLAIN (ANALYZE, BUFFERS) of
each SELECT, against one archive (DEBUG off; each request in a transaction rolled back). Not a
test: plans only.

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/bench_1m FACTCHECK_API_ANONYMOUS=true \\
        .venv/bin/python bench/explain_requests.py /api/v1/events/,/en/sources/ explain
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inprocess  # noqa: E402


def main():
    inprocess.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    urls = sys.argv[1].split(",")
    explain = len(sys.argv) > 2 and sys.argv[2] == "explain"
    client = Client()
    for url in urls:
        with transaction.atomic():
            client.get(url)  # warm: the plans of a process already serving
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            print("##", url, response.status_code, len(queries.captured_queries), "queries")
            for n, query in enumerate(queries.captured_queries):
                print(f"-- q{n} {query['time']}s\n{query['sql']}")
                if explain and query["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                        print("\n".join(row[0] for row in cursor.fetchall()))
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
