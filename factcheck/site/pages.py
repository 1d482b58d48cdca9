"""The methodology (the rating scale, from the database), the corrections log, each with the
desk's own text (site.transparency), and robots.txt."""

from __future__ import annotations

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_safe

from factcheck.models import Rating, TransparencyPage, Verdict, VerdictRevision
from factcheck.published import public
from factcheck.published.sql import SnapshotText
from factcheck.site.conditional import respond
from factcheck.site.markup import render_markdown
from factcheck.site.presenters import NOTE_LABELS, RatingRef
from factcheck.site.seo import page_meta
from factcheck.site.transparency import page_body, page_fingerprint, page_for
from factcheck.site.verdicts import last_release

LOG_SIZE = 200


@require_safe
def methodology(request: HttpRequest) -> HttpResponse:
    # Queries: 1. the ratings with their scale, 2. the desk's own text for the page
    # (TransparencyPage). The page is those rows and the code, nothing else.
    ratings = list(Rating.objects.select_related("scale").order_by("scale", "position", "pk"))
    page = page_for(TransparencyPage.Kind.METHODOLOGY)
    fingerprint = [page_fingerprint(page)] + [
        (
            r.pk,
            r.slug,
            r.label,
            r.label_en,
            r.description,
            r.description_en,
            r.value,
            r.evidence_direction,
            r.min_origins,
            r.position,
            r.scale.name,
            r.scale.best_value,
            r.scale.worst_value,
        )
        for r in ratings
    ]

    def render_page():
        scales = []
        for rating in ratings:
            if not scales or scales[-1][0] != rating.scale:
                scales.append((rating.scale, []))
            scales[-1][1].append((rating, RatingRef.from_rating(rating)))
        body = page_body(page)
        context = {
            "scales": scales,
            "intro": render_markdown(body) if body else "",
            "meta": page_meta(
                request,
                title=_("How we check"),
                description=_(
                    "Our rating scale, what each rating means, and how evidence, review and "
                    "corrections work."
                ),
            ),
        }
        return render(request, "site/methodology.html", context)

    return respond(request, fingerprint=fingerprint, last_modified=None, render=render_page)


def corrections_log() -> list[dict]:
    """Corrections, updates, clarifications and retractions of released verdicts, newest first.

    Two queries: the revisions that carry a public note, and the retractions. A note is part of
    the revision it came with, so it is public from that revision's publication on.
    """
    notes = list(
        VerdictRevision.objects.filter(verdict__in=public.released())
        .exclude(note_kind="")
        .annotate(slug=SnapshotText("verdict__public_revision__snapshot", "claim", "slug"))
        .values(
            "pk",
            "number",
            "note_kind",
            "note",
            "published_at",
            "slug",
            public_headline=F("verdict__public_revision__headline"),
        )
        .order_by("-published_at", "-pk")[:LOG_SIZE]
    )
    retractions = list(
        public.released()
        .filter(state=Verdict.State.RETRACTED)
        .annotate(slug=SnapshotText("public_revision__snapshot", "claim", "slug"))
        .values(
            "pk",
            "retracted_at",
            "retraction_reason",
            "slug",
            public_headline=F("public_revision__headline"),
        )
        .order_by("-retracted_at", "-pk")[:LOG_SIZE]
    )
    entries = [
        {
            "kind": row["note_kind"],
            "kind_label": NOTE_LABELS.get(row["note_kind"], row["note_kind"]),
            "at": row["published_at"],
            "text": row["note"],
            "headline": row["public_headline"],
            "slug": row["slug"],
            "revision": row["number"],
            "key": f"r{row['pk']}",
        }
        for row in notes
    ] + [
        {
            "kind": "retraction",
            "kind_label": _("Retraction"),
            "at": row["retracted_at"],
            "text": row["retraction_reason"],
            "headline": row["public_headline"],
            "slug": row["slug"],
            "revision": None,
            "key": f"v{row['pk']}",
        }
        for row in retractions
    ]
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:LOG_SIZE]


@require_safe
def corrections(request: HttpRequest) -> HttpResponse:
    # Queries: 1. the noted revisions, 2. the retractions, 3. the newest release, 4. the policy's
    # text (TransparencyPage).
    entries = corrections_log()
    last_modified = last_release()
    page = page_for(TransparencyPage.Kind.CORRECTIONS)
    # The promised response time (issue 12) is part of the page, so of its validator.
    response_days = settings.FACTCHECK_CORRECTION_RESPONSE_DAYS
    fingerprint = [
        page_fingerprint(page),
        [(e["key"], e["at"], e["slug"]) for e in entries],
        response_days,
    ]

    def render_page():
        body = page_body(page)
        context = {
            "entries": entries,
            "response_days": response_days,
            "policy": render_markdown(body) if body else "",
            "meta": page_meta(
                request,
                title=_("Corrections"),
                description=_(
                    "Every correction, update, clarification and retraction of our published "
                    "fact-checks."
                ),
            ),
        }
        return render(request, "site/corrections.html", context)

    return respond(
        request, fingerprint=fingerprint, last_modified=last_modified, render=render_page
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/"]
    for code, _label in settings.LANGUAGES:
        with override(code):
            lines.append(f"Disallow: {reverse('site:search')}")
    lines += ["", f"Sitemap: {settings.SITE_URL}{reverse('sitemap_xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
