"""In-process CPU (time.thread_time) and wall time per request of some pages, best of N, against
one archive: for comparing sizes without the machine's load in the CPU figure (PostgreSQL's own
time is not in it: read that from bench/explain_requests.py). Not a test: figures only.

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/bench_10k FACTCHECK_API_ANONYMOUS=true \\
        .venv/bin/python bench/request_cpu.py /api/v1/events/,/en/sources/ 5

With SETUP_SQL=file.sql the statements of file.sql (separated by `;`) run first, in a transaction
that is never committed: an index or a table tried on a kept archive. Prints
{url: [best CPU ms, best wall ms]}.
"""

import json
import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inprocess  # noqa: E402


def main():
    inprocess.setup()
    logging.disable(logging.WARNING)
    from django.db import connection, transaction
    from django.test import Client

    urls, repeat = sys.argv[1].split(","), int(sys.argv[2])
    setup = os.environ.get("SETUP_SQL")
    if setup:
        transaction.atomic().__enter__()  # never left: rolled back when the process ends
        with connection.cursor() as cursor:
            for statement in Path(setup).read_text().split(";"):
                if statement.strip():
                    cursor.execute(statement)
    client = Client()
    out = {}
    for url in urls:
        client.get(url)
        cpu, wall = [], []
        for _ in range(repeat):
            began, began_cpu = time.perf_counter(), time.thread_time()
            response = client.get(url)
            cpu.append((time.thread_time() - began_cpu) * 1000)
            wall.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        out[url] = [round(min(cpu), 1), round(min(wall), 1)]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
