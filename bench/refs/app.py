"""The two references bench/feed_refs.py measures the partner feed against, serving the bytes of a
real feed page of 100 (read from the file named by FEED_REFS_BODY, which the script writes):

* `application`, the bare ceiling: a WSGI app that only returns those bytes, nothing of Django;
* `floor`, the Django floor: a Django view returning them through the project's whole middleware
  stack, mounted at /bench/floor/ by bench.refs.settings only (never in the production URLs).
"""

import os
from functools import cache
from pathlib import Path


@cache
def body() -> bytes:
    return Path(os.environ["FEED_REFS_BODY"]).read_bytes()


def application(environ, start_response):
    content = body()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(content)))]
    )
    return [content]


def floor(request):
    from django.http import HttpResponse

    return HttpResponse(body(), content_type="application/json")
