"""The transparency pages (IFCN code of principles): who we are, funding and contact. Their text
is written by administrators in the desk (factcheck.models.TransparencyPage) in each language; the
methodology and the corrections policy pages (site.pages) show their own text from the same rows.

A page whose row is missing or empty still answers, with its title and a line saying the desk has
not written it yet: a deleted row is never a 500.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from factcheck.models import Funding, TransparencyPage
from factcheck.site.conditional import respond
from factcheck.site.markup import plain_text, render_markdown
from factcheck.site.presenters import ui_language
from factcheck.site.seo import page_meta

Kind = TransparencyPage.Kind


def page_for(kind: str) -> TransparencyPage | None:
    """The page's row, or None where it was deleted: the page then shows only its fixed text."""
    return TransparencyPage.objects.filter(kind=kind).first()


def page_fingerprint(page: TransparencyPage | None) -> tuple:
    return (page.pk, page.body_ru, page.body_en) if page else ()


def page_body(page: TransparencyPage | None) -> str:
    """The page's text in the reader's language (the other one where this one is empty)."""
    return page.body(ui_language()) if page else ""


def _description(body: str, fallback: str) -> str:
    text = plain_text(body)
    return text[:200].rsplit(" ", 1)[0] + "…" if len(text) > 200 else text or fallback


def _page(request: HttpRequest, kind: str, *, description: str) -> HttpResponse:
    # Queries: 1. the page's row; the funding page 2. its rows.
    page = page_for(kind)
    body = page_body(page)
    funding = list(Funding.objects.all()) if kind == Kind.FUNDING else []
    language = ui_language()
    rows = [
        {
            "funder": row.funder_in(language),
            "year": row.year,
            "amount": row.amount,
            "currency": row.currency,
            "purpose": row.purpose_in(language),
        }
        for row in funding
    ]
    fingerprint = [page_fingerprint(page), [sorted(r.items()) for r in rows]]

    def render_page():
        title = str(Kind(kind).label)
        context = {
            "kind": kind,
            "title": title,
            "body": render_markdown(body) if body else "",
            "funding": rows,
            "meta": page_meta(request, title=title, description=_description(body, description)),
        }
        return render(request, "site/transparency.html", context)

    return respond(request, fingerprint=fingerprint, last_modified=None, render=render_page)


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        Kind.ABOUT,
        description=_("Who we are: our organisation, our team and who owns us."),
    )


@require_safe
def funding(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        Kind.FUNDING,
        description=_("Who funds us: every funder and amount, year by year."),
    )


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return _page(request, Kind.CONTACT, description=_("How to reach the desk."))
