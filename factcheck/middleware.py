"""Guards applied to every request or page, so that no view or template can forget them.

Refuse query strings that carry NUL characters, before any view sees them.

PostgreSQL text cannot hold a NUL byte, so a `?q=%00` reaching a search or a filter would end in a
database error (a 500) on PostgreSQL while SQLite shrugs. Django's form fields refuse NUL already;
query parameters read by views and filters do not all go through forms, so this guards them once.
"""

import re

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from factcheck.text import BIDI_FORMATTING


class RejectNulInQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = [
            key
            for key, values in request.GET.lists()
            if "\x00" in key or any("\x00" in v for v in values)
        ]
        if bad:
            message = _("Null characters are not allowed.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {key.replace("\x00", "") or "query": [message] for key in bad}, status=400
                )
            return HttpResponseBadRequest(
                f"{message} ({', '.join(key.replace(chr(0), '') for key in bad)})",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


# The UTF-8 bytes of the explicit directional formatting characters (U+202A–U+202E, U+2066–U+2069).
_BIDI_BYTES = re.compile(b"|".join(re.escape(char.encode()) for char in BIDI_FORMATTING))


class InertBidiMiddleware:
    """Public pages drop explicit directional formatting characters from what they render.

    A claim or a quote is stored exactly as it was said, controls included, and partners get it so
    (the API is JSON, not a page). But one RIGHT-TO-LEFT OVERRIDE in a quoted post would show the
    rest of the quote, and what follows it on the page, reversed: readers would read something the
    source never wrote. Removing them from the page leaves the characters in logical order, which
    is how the source wrote them. Done on the whole page rather than in each template, so that a
    new template cannot forget it; not on the desk's pages, whose forms must give the exact text
    back when saved (the desk warns the author instead, factcheck.adminkit).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/admin/")
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        content = response.content
        cleaned = _BIDI_BYTES.sub(b"", content)
        if len(cleaned) != len(content):
            response.content = cleaned
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(cleaned))
        return response
