"""A captured page shown safely: the desk's staff view and readers' "archived copy".

A captured page is whatever a stranger's server sent, so it is never served as it came: HTML is
cut down to its text and structure (nh3: no scripts, no styles, no images, no attributes, so no
links that fire on their own), anything else textual is served as text/plain, and every answer
carries a policy that lets the browser load nothing and run nothing (default-src 'none';
sandbox), with nosniff so that no browser reads it as another type.
"""

from __future__ import annotations

import nh3
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from factcheck.published import public
from sources.archiving import services
from sources.archiving import text as words
from sources.models import Capture

# Text and structure only: what a reader needs to read the page as it was.
TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "q", "pre", "code", "em", "strong", "b", "i", "u", "s", "small", "sub", "sup",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "div", "span", "section",
    "article", "header", "footer", "main", "aside", "figure", "figcaption", "time", "abbr", "a",
}  # fmt: skip
POLICY = "default-src 'none'; sandbox; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"


def inert(response: HttpResponse) -> HttpResponse:
    response["Content-Security-Policy"] = POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Referrer-Policy"] = "no-referrer"
    return response


def render_capture(record: Capture, *, cache: str) -> HttpResponse:
    """The stored page of a good capture, as an inert document."""
    stored = services.read_stored(record)
    if stored is None:
        raise Http404(_("This capture holds no page."))
    kind = record.content_type.split(";", 1)[0].strip().lower()
    if kind in {"text/html", "application/xhtml+xml"}:
        page = words.decode(stored.payload, record.content_type)
        body = nh3.clean(
            page,
            tags=TAGS,
            clean_content_tags={"script", "style", "template", "noscript", "svg", "math", "title"},
            attributes={},
            url_schemes=set(),
            link_rel=None,
        )
        html = render_to_string("archive/capture.html", {"capture": record, "body": body})
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
    elif kind.startswith("text/") or kind in {"application/json", "application/xml"}:
        response = HttpResponse(
            words.decode(stored.payload, record.content_type),
            content_type="text/plain; charset=utf-8",
        )
    else:
        html = render_to_string("archive/capture.html", {"capture": record, "body": ""})
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = cache
    return inert(response)


@require_safe
def archived_copy(request, citation_id: int) -> HttpResponse:
    """Readers' "archived copy" of a citation: its newest good capture, only while a published
    verdict cites it (factcheck.published.public decides; drafts' evidence stays in)."""
    if not public.citation_is_public(citation_id):
        raise Http404(_("No published fact-check cites this."))
    record = services.latest_good(citation_id)
    if record is None:
        raise Http404(_("No archived copy of this page yet."))
    return render_capture(record, cache="public, max-age=300")


def staff_capture(record_id: int, citation_id: int) -> HttpResponse:
    record = get_object_or_404(Capture, pk=record_id, citation_id=citation_id)
    if not record.ok:
        raise Http404(_("This capture holds no page."))
    return render_capture(record, cache="private, no-store")
