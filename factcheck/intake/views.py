"""The public forms: submit a claim, ask for a correction of a published verdict, and the thanks
page. Pages of the site (under /en/, /ru/) but never cached anywhere: each carries a CSRF token
and a fresh "served at" token (factcheck.intake.guards), so every answer is private."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from factcheck.intake import guards, services
from factcheck.intake.forms import SubmissionForm
from factcheck.models import Verdict
from factcheck.published import schema
from factcheck.site import selectors
from factcheck.site.conditional import private
from factcheck.site.seo import page_meta


def _published_verdict(slug: str) -> Verdict:
    """The published verdict at this address (the verdict page's own lookup), else 404: a draft,
    an unknown slug and a retracted verdict have no correction form."""
    found = selectors.verdict_for_slug(slug)
    if found is None or found.state != Verdict.State.PUBLISHED:
        raise Http404(_("No published fact-check has this address."))
    return found


def _handle(request: HttpRequest, *, verdict: Verdict | None, template: str, context: dict):
    kind = "correction" if verdict else "claim"
    status = 200
    notice = ""
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, kind=kind)
        if guards.rate_exceeded(request):
            notice = _(
                "You have sent us several submissions in a short time. Please wait a while and "
                "send this one again; what you typed is still here."
            )
            status = 429
        elif form.honeypot_filled():
            # A bot: thanked like anyone, and nothing is kept.
            guards.count_submission(request)
            return redirect(f"{reverse('site:submit_thanks')}?kind={kind}")
        else:
            timing = guards.check_token(request.POST.get("started", ""))
            if timing.too_fast:
                notice = _(
                    "This form was sent back too quickly after it was opened, as scripts do. "
                    "If you are a person, please check what you wrote and send it again."
                )
                status = 400
            elif timing.stale:
                notice = _(
                    "This form was opened too long ago. What you typed is kept below: please "
                    "check it and send it again (attach a screenshot again if you had one)."
                )
                status = 400
            elif form.is_valid():
                data = form.cleaned_data
                services.submission_create(
                    text=data["text"],
                    seen_where=data["seen_where"],
                    email=data["email"],
                    screenshot=data["screenshot"],
                    language=get_language() or "en",
                    verdict=verdict,
                )
                guards.count_submission(request)
                return redirect(f"{reverse('site:submit_thanks')}?kind={kind}")
            else:
                status = 400
    else:
        form = SubmissionForm(kind=kind)
    context = {
        **context,
        "form": form,
        "notice": notice,
        "started": guards.issue_token(),
        "honeypot": form[guards.HONEYPOT],
        "privacy_days": settings.FACTCHECK_INTAKE_PERSONAL_DATA_DAYS,
        "response_days": settings.FACTCHECK_CORRECTION_RESPONSE_DAYS,
        "policy_url": reverse("site:corrections") + "#requests",
    }
    return private(render(request, template, context, status=status))


@require_http_methods(["GET", "HEAD", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    # Queries: none on GET; a valid POST writes the submission and its audit entry.
    meta = page_meta(
        request,
        title=_("Send us a claim to check"),
        description=_("Seen a statement you doubt? Send it to the desk; no account needed."),
    )
    return _handle(
        request, verdict=None, template="site/intake/submit.html", context={"meta": meta}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def correction(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries: 1. the published verdict (the verdict page's lookup); a valid POST then writes.
    verdict = _published_verdict(slug)
    headline = schema.read(verdict.public_revision.snapshot).verdict.headline
    meta = page_meta(
        request,
        title=_("Ask for a correction: %(headline)s") % {"headline": headline},
        noindex=True,
    )
    context = {"meta": meta, "headline": headline, "slug": slug}
    return _handle(
        request, verdict=verdict, template="site/intake/correction.html", context=context
    )


@require_safe
def thanks(request: HttpRequest) -> HttpResponse:
    correction = request.GET.get("kind") == "correction"
    meta = page_meta(request, title=_("Thank you"), noindex=True)
    return render(request, "site/intake/thanks.html", {"meta": meta, "correction": correction})
