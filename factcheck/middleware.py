"""Refuse query strings that carry NUL characters, before any view sees them.

PostgreSQL text cannot hold a NUL byte, so a `?q=%00` reaching a search or a filter would end in a
database error (a 500) on PostgreSQL while SQLite shrugs. Django's form fields refuse NUL already;
query parameters read by views and filters do not all go through forms, so this guards them once.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


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
