"""Who may reach what: every URL pattern and every admin action, against every kind of visitor.

The URL configuration is walked (`get_resolver()`), every ModelAdmin's actions are listed, and each
must have its expected answer in the tables below, for each role:

    anonymous | a partner's API key | a revoked key | reporter | editor | administrator

A URL pattern or admin action the tables do not name fails `test_every_url_and_action_has_an_
expectation` with its name: a new page, endpoint or action cannot reach production unreviewed.

An answer is a status code, LOGIN (a redirect to the admin's login page), or for requests that
could change something (POST): DONE (the redirect after the change was made) or REFUSED (the
redirect back with an error message, the database untouched). For every POST that is not DONE the
test also checks that no row of any table changed (sessions aside: logging in writes one).

Every request runs in a savepoint rolled back afterwards, so the allowed transitions and deletions
do not change the desk the next request sees.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from factcheck import services
from factcheck.intake import services as intake
from factcheck.models import (
    AuditEntry,
    Claim,
    DeskNotification,
    Figure,
    Funding,
    Rating,
    RatingScale,
    TransparencyPage,
)
from factcheck.partners import services as partner_services
from factcheck.partners import webhooks
from factcheck.partners.models import ApiKey, Webhook, WebhookDelivery
from sources.media import services as media_services
from sources.models import Citation
from tests import media_files
from tests.archive_server import stored_capture
from tests.factories import sample

ROLES = ["anonymous", "partner", "revoked", "reporter", "editor", "administrator"]
LOGIN = "login"  # 302 to /admin/login/?next=…
DONE = "done"  # POST: 302, and something changed
REFUSED = "refused"  # POST: 302 back with a message, nothing changed
LANGUAGES = ["en", "ru"]


def everyone(answer):
    return (answer,) * 6


def staff(reporter, editor, administrator):
    """An admin page: API keys are no login, so the first three are sent to the login page."""
    return (LOGIN, LOGIN, LOGIN, reporter, editor, administrator)


def api(key):
    """A partner endpoint: a key it accepts, anything else (a revoked key, a staff session) 401."""
    return (401, key, 401, 401, 401, 401)


@dataclass(frozen=True)
class Case:
    path: str  # with {placeholders} from the desk's objects; {lang} for the public site
    expect: tuple
    method: str = "get"
    data: dict | None = None


def get(path, expect):
    return Case(path, expect)


def post(path, expect, **data):
    return Case(path, expect, method="post", data=data)


# --- the public site: the same for everyone, under /en/ and /ru/ ------------------------------

SITE = {
    "robots_txt": [get("/robots.txt", everyone(200))],
    "favicon.ico": [get("/favicon.ico", everyone(301))],
    "sitemap_xml": [get("/sitemap.xml", everyone(200))],
    "site:home": [get("/{lang}/", everyone(200))],
    "site:verdict": [
        get("/{lang}/verdicts/{published_slug}/", everyone(200)),
        get("/{lang}/verdicts/{retracted_slug}/", everyone(200)),
        # A draft has no public page; staff see it only as a preview (not the partner: keys
        # are for the API, not for the site).
        get("/{lang}/verdicts/{draft_slug}/", (404, 404, 404, 200, 200, 200)),
        get("/{lang}/verdicts/no-such-claim/", everyone(404)),
    ],
    "site:events": [get("/{lang}/events/", everyone(200))],
    "site:event": [
        get("/{lang}/events/{event_slug}/", everyone(200)),
        # An event only a draft concerns is not public; staff see it marked "not public".
        get("/{lang}/events/{draft_event_slug}/", (404, 404, 404, 200, 200, 200)),
    ],
    "site:figures": [
        get("/{lang}/events/{event_slug}/figures/", everyone(200)),
        get("/{lang}/events/{draft_event_slug}/figures/", (404, 404, 404, 200, 200, 200)),
    ],
    "site:sources": [get("/{lang}/sources/", everyone(200))],
    "site:source": [
        get("/{lang}/sources/{source_slug}/", everyone(200)),
        # A source only drafts cite is not public; staff see its page.
        get("/{lang}/sources/{draft_source_slug}/", (404, 404, 404, 200, 200, 200)),
    ],
    # A claimant's record (issue 12): public for a published verdict's claimant; a source only
    # drafts cite is nobody's claimant in public (staff see the empty record, marked).
    "site:claimant": [
        get("/{lang}/sources/{source_slug}/record/", everyone(200)),
        get("/{lang}/sources/{draft_source_slug}/record/", (404, 404, 404, 200, 200, 200)),
    ],
    "site:search": [get("/{lang}/search/?q=claim", everyone(200))],
    "site:methodology": [get("/{lang}/methodology/", everyone(200))],
    "site:corrections": [get("/{lang}/corrections/", everyone(200))],
    # The transparency pages (IFCN): public, whatever their rows say.
    "site:about": [get("/{lang}/about/", everyone(200))],
    "site:funding": [get("/{lang}/funding/", everyone(200))],
    "site:contact": [get("/{lang}/contact/", everyone(200))],
    "site:feed": [get("/{lang}/feed/", everyone(200))],
    # Readers talk to the desk (issue 12): the forms are everyone's; a correction request only
    # on a published verdict (a draft's is a 404 for staff too: there is nothing to correct).
    "site:submit": [get("/{lang}/submit/", everyone(200))],
    "site:submit_thanks": [get("/{lang}/submit/thanks/", everyone(200))],
    "site:correction_request": [
        get("/{lang}/verdicts/{published_slug}/correction/", everyone(200)),
        get("/{lang}/verdicts/{retracted_slug}/correction/", everyone(404)),
        get("/{lang}/verdicts/{draft_slug}/correction/", everyone(404)),
    ],
    # The desk's archived copy of a cited page (issue 13): public only while a published verdict
    # cites it; evidence only a draft cites is 404 for everyone, staff included (they open the
    # capture on the citation's page instead).
    "archived_copy": [
        get("/archive/citations/{archived_citation}/", everyone(200)),
        get("/archive/citations/{draft_archived_citation}/", everyone(404)),
        get("/archive/citations/999999/", everyone(404)),
    ],
    # Media evidence (issue 13, sources.media): by the same rule as the archived copy.
    "media_file": [
        get("/archive/media/{public_media}/", everyone(200)),
        get("/archive/media/{draft_media}/", everyone(404)),
    ],
    "media_thumbnail": [
        get("/archive/media/{public_media}/thumbnail/", everyone(200)),
        get("/archive/media/{draft_media}/thumbnail/", everyone(404)),
    ],
}

# --- the partner API: a key, not a login ----------------------------------------------------

API = {
    # The root and the documentation are open: they describe the feed, they are not the feed.
    "api:root": [get("/api/v1/", everyone(200))],
    "api:schema": [get("/api/v1/schema/", everyone(200))],
    "api:docs": [get("/api/v1/docs/", everyone(200))],
    "api:swagger": [get("/api/v1/docs/swagger/", everyone(200))],
    "api:verdict-list": [
        get("/api/v1/verdicts/", api(200)),
        # Read-only: POST is 405 for a key, 401 before the key is known.
        post("/api/v1/verdicts/", api(405)),
    ],
    "api:verdict-detail": [
        get("/api/v1/verdicts/{published}/", api(200)),
        get("/api/v1/verdicts/{draft}/", api(404)),
        post("/api/v1/verdicts/{published}/", api(405)),
    ],
    "api:claim-list": [get("/api/v1/claims/", api(200))],
    "api:claim-detail": [
        get("/api/v1/claims/{published_claim}/", api(200)),
        get("/api/v1/claims/{draft_claim}/", api(404)),
    ],
    "api:claimreview-list": [get("/api/v1/claimreview/", api(200))],
    "api:event-list": [get("/api/v1/events/", api(200))],
    "api:event-detail": [
        get("/api/v1/events/{event}/", api(200)),
        get("/api/v1/events/{draft_event}/", api(404)),
    ],
    "api:source-list": [get("/api/v1/sources/", api(200))],
    "api:source-detail": [
        get("/api/v1/sources/{source}/", api(200)),
        get("/api/v1/sources/{draft_source}/", api(404)),
    ],
    "api:source-record": [
        get("/api/v1/sources/{source}/record/", api(200)),
        get("/api/v1/sources/{draft_source}/record/", api(404)),
    ],
    "api:rating-list": [get("/api/v1/ratings/", api(200))],
    "api:rating-detail": [get("/api/v1/ratings/false/", api(200))],
    # The CSV exports of what is published: the API's key, like the lists.
    "api:export_verdicts": [get("/api/v1/export/verdicts.csv", api(200))],
    "api:export_claims": [get("/api/v1/export/claims.csv", api(200))],
    # Whatever else is under /api/: a JSON 404 for anyone.
    "api/.*$": [get("/api/nothing-here/", everyone(404))],
}

# --- the admin site ---------------------------------------------------------------------------

ADMIN_SITE = {
    # Logged-in staff are sent on to the index.
    "admin:login": [get("/admin/login/", (200, 200, 200, 302, 302, 302))],
    # Logging out is a POST since Django 5; whoever is not logged in is sent to the index.
    "admin:logout": [
        get("/admin/logout/", (302, 302, 302, 405, 405, 405)),
        post("/admin/logout/", (REFUSED, REFUSED, REFUSED, 200, 200, 200)),
    ],
    "admin:index": [get("/admin/", staff(200, 200, 200))],
    "admin:password_change": [get("/admin/password_change/", staff(200, 200, 200))],
    "admin:password_change_done": [get("/admin/password_change/done/", staff(200, 200, 200))],
    "admin:jsi18n": [get("/admin/jsi18n/", staff(200, 200, 200))],
    "admin:autocomplete": [
        get(
            "/admin/autocomplete/?app_label=factcheck&model_name=verdict&field_name=claim",
            staff(200, 200, 200),
        ),
    ],
    "admin:view_on_site": [
        # No model of the desk has get_absolute_url: "view on site" has nowhere to go.
        get("/admin/r/{claim_ct}/{published_claim}/", staff(404, 404, 404)),
    ],
    "admin:app_list": [
        get("/admin/auth/", staff(404, 404, 200)),
        get("/admin/sources/", staff(200, 200, 200)),
        get("/admin/events/", staff(200, 200, 200)),
        get("/admin/factcheck/", staff(200, 200, 200)),
        get("/admin/partners/", staff(404, 200, 200)),
        # The task queue is for superusers: no role has its permissions.
        get("/admin/django_tasks_database/", staff(404, 404, 404)),
        # django-axes' login records: administrators only (factcheck migration 0012).
        get("/admin/axes/", staff(404, 404, 200)),
    ],
    "admin/(?P<url>.*)$": [get("/admin/no-such-page/", staff(404, 404, 404))],
}

# Each ModelAdmin's own views on {obj[label]}, the model's object in the desk below; "redirect" is
# the bare object URL, which redirects to the change page (for anyone logged in to the admin,
# whose next page then decides), "history_record" django-simple-history's view of one old version.
ADMIN_ONLY = {
    "changelist": staff(403, 403, 200),
    "add": staff(403, 403, 200),
    "change": staff(403, 403, 200),
    "delete": staff(403, 403, 200),
    "history": staff(403, 403, 200),
    "redirect": staff(302, 302, 302),
}
# The desk's records: reporters and editors record them; deleting is for administrators.
DESK_RECORD = {
    "changelist": staff(200, 200, 200),
    "add": staff(200, 200, 200),
    "change": staff(200, 200, 200),
    "delete": staff(403, 403, 200),
    "history": staff(200, 200, 200),
    "redirect": staff(302, 302, 302),
}
# The desk's frozen records: readable by every role, written only by the services, never deleted.
READ_ONLY = {
    "changelist": staff(200, 200, 200),
    "add": staff(403, 403, 403),
    "change": staff(200, 200, 200),  # a read-only view
    "delete": staff(403, 403, 403),
    "history": staff(200, 200, 200),
    "redirect": staff(302, 302, 302),
}
# Partners, keys and webhooks: administrators manage them, editors may look, reporters may not.
PARTNERS = {
    "changelist": staff(403, 200, 200),
    "add": staff(403, 403, 200),
    "change": staff(403, 200, 200),
    "delete": staff(403, 403, 200),
    "history": staff(403, 200, 200),
    "redirect": staff(302, 302, 302),
}
LOGIN_RECORDS = {
    "changelist": staff(403, 403, 200),
    "add": staff(403, 403, 403),  # written by django-axes only
    "change": staff(403, 403, 200),  # a read-only view: administrators have no change permission
    "delete": staff(403, 403, 200),
    "history": staff(403, 403, 200),
    "redirect": staff(302, 302, 302),
}
MODEL_VIEWS = {
    "auth.group": ADMIN_ONLY,
    "auth.user": ADMIN_ONLY | {"password": staff(403, 403, 200)},
    "sources.source": DESK_RECORD,
    # Editors may delete a citation (a wrong one, before anything is published on it).
    "sources.citation": DESK_RECORD
    | {"delete": staff(403, 200, 200), "history_record": staff(200, 200, 200)},
    "events.event": DESK_RECORD | {"history_record": staff(200, 200, 200)},
    "factcheck.claim": DESK_RECORD | {"history_record": staff(200, 200, 200)},
    # A figure belongs to its claim's record: whoever records claims may remove one.
    "factcheck.figure": DESK_RECORD | {"delete": staff(200, 200, 200)},
    # The rating scale is the methodology: every role reads it, administrators change it
    # (editors may reword a rating's meaning, not add or remove one).
    "factcheck.ratingscale": DESK_RECORD | {"add": staff(403, 403, 200)},
    "factcheck.rating": DESK_RECORD | {"add": staff(403, 403, 200)},
    # A verdict is never deleted (it is retracted); {obj} is the reporter's own draft.
    "factcheck.verdict": DESK_RECORD | {"delete": staff(403, 403, 403)},
    "factcheck.verdictrevision": READ_ONLY,
    # Reader submissions (issue 12): editors and administrators triage them; they arrive from the
    # public form only and are never deleted by hand (expire_submissions erases personal data).
    "factcheck.submission": {
        "changelist": staff(403, 200, 200),
        "add": staff(403, 403, 403),
        "change": staff(403, 200, 200),  # the triage page
        "delete": staff(403, 403, 403),
        "history": staff(403, 200, 200),
        "redirect": staff(302, 302, 302),
    },
    "factcheck.auditentry": READ_ONLY,
    # What the desk says about itself is the administrators' word; the five pages are a fixed
    # set, edited and never added or deleted.
    "factcheck.transparencypage": ADMIN_ONLY
    | {"add": staff(403, 403, 403), "delete": staff(403, 403, 403)},
    "factcheck.funding": ADMIN_ONLY,
    "partners.partner": PARTNERS,
    # Keys are made by the partner's action (shown once), not by the add form.
    "partners.apikey": PARTNERS | {"add": staff(403, 403, 403)},
    "partners.webhook": PARTNERS,
    # The delivery log is read-only.
    "partners.webhookdelivery": PARTNERS
    | {"add": staff(403, 403, 403), "delete": staff(403, 403, 403)},
    # django-axes' login records (factcheck migration 0012): administrators read them and may
    # unlock an account by deleting its attempts; the logs themselves are never changed or
    # deleted, and nobody else on the desk sees who tried to log in.
    "axes.accessattempt": LOGIN_RECORDS,
    "axes.accesslog": LOGIN_RECORDS | {"delete": staff(403, 403, 403)},
    "axes.accessfailurelog": LOGIN_RECORDS | {"delete": staff(403, 403, 403)},
    # The task queue is for superusers only.
    "django_tasks_database.dbtaskresult": {
        "changelist": staff(403, 403, 403),
        "add": staff(403, 403, 403),
        "change": staff(403, 403, 403),
        "delete": staff(403, 403, 403),
        "history": staff(403, 403, 403),
        "redirect": staff(302, 302, 302),
    },
}

# The verdict desk's own admin views.
VERDICTS = "/admin/factcheck/verdict"
CITATIONS = "/admin/sources/citation"
ADMIN_VIEWS = {
    "admin:factcheck_verdict_transition": [
        # The reporter's own draft: its author and any editor may submit it.
        post(VERDICTS + "/{draft}/transition/submit/", staff(DONE, DONE, DONE)),
        # Reviewing, publishing and retracting are for editors (and administrators) only.
        post(
            VERDICTS + "/{in_review}/transition/send_back/",
            staff(REFUSED, DONE, DONE),
            comment="Needs a source.",
        ),
        post(VERDICTS + "/{in_review}/transition/approve/", staff(REFUSED, DONE, DONE)),
        post(VERDICTS + "/{approved}/transition/publish/", staff(REFUSED, DONE, DONE)),
        post(
            VERDICTS + "/{published}/transition/retract/",
            staff(REFUSED, DONE, DONE),
            comment="It did not hold.",
        ),
        post(VERDICTS + "/{draft}/transition/delete/", staff(403, 403, 403)),  # no such transition
        get(VERDICTS + "/{draft}/transition/submit/", staff(405, 405, 405)),
    ],
    # Archived copies on the citation's page: whoever records citations may capture one now
    # (queued: a task row) and open a stored page.
    "admin:sources_citation_capture": [
        post(CITATIONS + "/{obj[sources.citation]}/capture/", staff(DONE, DONE, DONE)),
        get(CITATIONS + "/{obj[sources.citation]}/capture/", staff(405, 405, 405)),
    ],
    "admin:sources_citation_capture_view": [
        get(
            CITATIONS + "/{draft_archived_citation}/captures/{draft_capture}/",
            staff(200, 200, 200),
        ),
        get(CITATIONS + "/{archived_citation}/captures/{draft_capture}/", staff(404, 404, 404)),
    ],
    # Media evidence on the citation's page (issue 13): whoever records citations may have media
    # fetched from a URL (a pending row, fetched after the commit) and open the stored files.
    "admin:sources_citation_fetch_media": [
        post(
            CITATIONS + "/{obj[sources.citation]}/media/fetch/",
            staff(DONE, DONE, DONE),
            media_url="https://example.org/photo.jpg",
        ),
        get(CITATIONS + "/{obj[sources.citation]}/media/fetch/", staff(405, 405, 405)),
    ],
    "admin:sources_citation_media": [
        get(CITATIONS + "/{draft_archived_citation}/media/{draft_media}/", staff(200, 200, 200)),
        get(CITATIONS + "/{archived_citation}/media/{draft_media}/", staff(404, 404, 404)),
    ],
    "admin:sources_citation_media_thumbnail": [
        get(
            CITATIONS + "/{draft_archived_citation}/media/{draft_media}/thumbnail/",
            staff(200, 200, 200),
        ),
    ],
    "admin:factcheck_verdict_desk_history": [
        get(VERDICTS + "/{published}/desk-history/", staff(200, 200, 200))
    ],
    # Assigning a claim or a verdict (issue 11): whoever may change it, to a desk member.
    "admin:factcheck_claim_assign": [
        get("/admin/factcheck/claim/{obj[factcheck.claim]}/assign/", staff(200, 200, 200)),
        post(
            "/admin/factcheck/claim/{obj[factcheck.claim]}/assign/",
            staff(DONE, DONE, DONE),
            assignee="{reporter_id}",
            due_at_0="2026-12-01",
            due_at_1="09:00",
        ),
    ],
    "admin:factcheck_verdict_assign": [
        get(VERDICTS + "/{draft}/assign/", staff(200, 200, 200)),
        post(VERDICTS + "/{draft}/assign/", staff(DONE, DONE, DONE), assignee="{reporter_id}"),
        # Another reporter's verdict: anyone on the desk may hand work on (each time audited).
        get(VERDICTS + "/{in_review}/assign/", staff(200, 200, 200)),
    ],
    # Notes between editors: whoever sees the claim or the verdict may write one.
    "admin:factcheck_claim_notes": [
        post(
            "/admin/factcheck/claim/{obj[factcheck.claim]}/notes/",
            staff(DONE, DONE, DONE),
            text="A note",
        ),
        get("/admin/factcheck/claim/{obj[factcheck.claim]}/notes/", staff(405, 405, 405)),
    ],
    "admin:factcheck_verdict_notes": [
        post(VERDICTS + "/{in_review}/notes/", staff(DONE, DONE, DONE), text="A note, @erik"),
        post(VERDICTS + "/{in_review}/notes/", staff(REFUSED, REFUSED, REFUSED), text=" "),
    ],
    # Triage (issue 12): editors decide through the triage page; the screenshot is the desk's.
    "admin:factcheck_submission_change": [
        post(
            "/admin/factcheck/submission/{obj[factcheck.submission]}/change/",
            staff(403, DONE, DONE),
            action="decline",
            reason="Not a factual claim.",
        ),
    ],
    "admin:factcheck_submission_screenshot": [
        get(
            "/admin/factcheck/submission/{screenshot_submission}/screenshot/", staff(403, 200, 200)
        ),
        get(
            "/admin/factcheck/submission/{obj[factcheck.submission]}/screenshot/",
            staff(403, 404, 404),
        ),
    ],
    # Claims from and to a spreadsheet: everyone on the desk (all record claims and citations);
    # a POST without a file is the form again, nothing imported.
    "admin:factcheck_claims_import": [
        get("/admin/claims/import/", staff(200, 200, 200)),
        post("/admin/claims/import/", staff(200, 200, 200), check="1"),
    ],
    "admin:factcheck_claims_export": [get("/admin/claims/export.csv", staff(200, 200, 200))],
    # Similar claims (issue 12): whoever may write a claim sees the suggestions and links one
    # claim to another as its duplicate.
    "admin:factcheck_claim_similar": [
        post("/admin/factcheck/claim/similar/", staff(200, 200, 200), text="claim"),
        get("/admin/factcheck/claim/similar/", staff(405, 405, 405)),
    ],
    "admin:factcheck_claim_link_duplicate": [
        post(
            "/admin/factcheck/claim/{obj[factcheck.claim]}/link-duplicate/",
            staff(REFUSED, REFUSED, REFUSED),
            duplicate_of="{obj[factcheck.claim]}",  # itself: refused with a message
        ),
        get("/admin/factcheck/claim/{obj[factcheck.claim]}/link-duplicate/", staff(405, 405, 405)),
    ],
    # The desk's board: everyone on the desk.
    "admin:factcheck_board": [get("/admin/board/", staff(200, 200, 200))],
    # An in-desk notification: its recipient (the reporter) opens it; nobody else may.
    "admin:factcheck_notification_open": [
        get("/admin/notifications/{notification}/", staff(302, 403, 403)),
        post("/admin/notifications/{notification}/", staff(405, 405, 405)),
    ],
    # The Markdown editor's live preview: whoever may write a verdict.
    "admin:factcheck_verdict_markdown_preview": [
        post(VERDICTS + "/markdown-preview/", staff(200, 200, 200), text="**x**"),
        get(VERDICTS + "/markdown-preview/", staff(405, 405, 405)),
    ],
}

# Each ModelAdmin's actions, POSTed on its changelist with one object selected (the second item:
# a placeholder of the desk below). A POST of an action the user may not run is ignored (200:
# the list again, when the user has no action at all there) or refused ("No action selected").
# delete_selected is POSTed past its confirmation page; 200 there is the page saying what the
# deletion would need (protected objects, or related ones the user may not delete).
ACTIONS = {
    "auth.group.delete_selected": (staff(403, 403, DONE), "obj[auth.group]"),
    "auth.user.delete_selected": (staff(403, 403, DONE), "obj[auth.user]"),
    "sources.source.delete_selected": (staff(200, 200, 200), "obj[sources.source]"),  # cited
    "sources.citation.delete_selected": (staff(200, DONE, DONE), "obj[sources.citation]"),
    "events.event.delete_selected": (staff(200, 200, DONE), "obj[events.event]"),
    "factcheck.claim.delete_selected": (staff(200, 200, DONE), "obj[factcheck.claim]"),
    "factcheck.figure.delete_selected": (staff(DONE, DONE, DONE), "obj[factcheck.figure]"),
    # A scale with ratings is protected.
    "factcheck.ratingscale.delete_selected": (staff(200, 200, 200), "obj[factcheck.ratingscale]"),
    "factcheck.rating.delete_selected": (staff(200, 200, DONE), "obj[factcheck.rating]"),
    "factcheck.funding.delete_selected": (staff(403, 403, DONE), "obj[factcheck.funding]"),
    # Nobody deletes a transparency page: the action is not offered, the list comes back.
    "factcheck.transparencypage.delete_selected": (
        staff(403, 403, 200),
        "obj[factcheck.transparencypage]",
    ),
    "factcheck.verdict.delete_selected": (staff(REFUSED, REFUSED, REFUSED), "draft"),
    "factcheck.verdict.submit_selected": (staff(DONE, DONE, DONE), "draft"),
    "factcheck.verdict.approve_selected": (staff(REFUSED, DONE, DONE), "in_review"),
    "factcheck.verdict.publish_selected": (staff(REFUSED, DONE, DONE), "approved"),
    "factcheck.verdictrevision.delete_selected": (
        staff(200, 200, 200),
        "obj[factcheck.verdictrevision]",
    ),
    "factcheck.auditentry.delete_selected": (staff(200, 200, 200), "obj[factcheck.auditentry]"),
    # Reader submissions have no actions (each is decided on its page): the list comes back.
    "factcheck.submission.delete_selected": (staff(403, 200, 200), "obj[factcheck.submission]"),
    # A partner's webhook deliveries are a log nobody deletes: so is the partner, then.
    "partners.partner.delete_selected": (staff(403, 200, 403), "obj[partners.partner]"),
    "partners.partner.create_key": (staff(403, 200, DONE), "obj[partners.partner]"),
    "partners.apikey.delete_selected": (staff(403, 200, DONE), "partner_key_id"),
    "partners.apikey.revoke": (staff(403, 200, DONE), "partner_key_id"),
    "partners.webhook.delete_selected": (staff(403, 200, 403), "obj[partners.webhook]"),
    # A new signing secret, shown once to whoever rotates it: administrators only (editors see
    # the webhooks, never a secret; test_no_page_shows_a_webhook_secret).
    "partners.webhook.rotate_secret": (staff(403, 200, DONE), "obj[partners.webhook]"),
    "partners.webhookdelivery.delete_selected": (
        staff(403, REFUSED, REFUSED),
        "obj[partners.webhookdelivery]",
    ),
    # "Retry now" needs only the view permission: an editor may send a failed delivery again
    # (a payload already released, to the partner's own address; the retry claims the delivery
    # with a conditional update, so it cannot race the worker into a second send: issue 9, 4).
    "partners.webhookdelivery.retry_now": (
        staff(403, DONE, DONE),
        "obj[partners.webhookdelivery]",
    ),
    # Administrators unlock an account by deleting its attempts.
    "axes.accessattempt.delete_selected": (staff(403, 403, DONE), "obj[axes.accessattempt]"),
    # django-axes' own action, with no permission of its own: whoever sees the attempts may run
    # it; it deletes only attempts older than the cool-off, and the desk's one is fresh, so
    # nothing changes (REFUSED is "302, nothing changed").
    "axes.accessattempt.cleanup_expired_attempts": (
        staff(403, 403, REFUSED),
        "obj[axes.accessattempt]",
    ),
    # The logs have no action for anyone: the list again.
    "axes.accesslog.delete_selected": (staff(403, 403, 200), "obj[axes.accesslog]"),
    "axes.accessfailurelog.delete_selected": (staff(403, 403, 200), "obj[axes.accessfailurelog]"),
    "django_tasks_database.dbtaskresult.delete_selected": (
        staff(403, 403, 403),
        "obj[django_tasks_database.dbtaskresult]",
    ),
}


def _walk(patterns, route="", namespaces=()):
    for pattern in patterns:
        joined = URLResolver._join_route(route, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, joined, inner)
        else:
            yield joined, ":".join((*namespaces, pattern.name)) if pattern.name else None


def url_keys() -> set[str]:
    """Each URL pattern by its name (with its namespace), or by its route when it has none."""
    with translation.override("en"):
        return {name or route for route, name in _walk(get_resolver().url_patterns)}


def key_of(path: str, language: str = "en") -> str:
    with translation.override(language):
        match = resolve(path.split("?")[0])
    return match.view_name if match.url_name else match.route


def action_keys() -> set[str]:
    keys = set()
    for model, model_admin in admin.site._registry.items():
        for _function, name, _description in model_admin._get_base_actions():
            keys.add(f"{model._meta.label_lower}.{name}")
    return keys


# --- the desk the URLs point at -----------------------------------------------------------------


def build_desk(reporter, editor, partner) -> dict:
    """One object of each kind, made through the services, named for the tables' {placeholders}."""
    event = sample.event("matrix-event")
    published_claim = sample.claim(1, events=(event,))
    published = sample.publish(published_claim)
    retracted = sample.retract(sample.publish(sample.claim(2)))
    # What only drafts use: a claim, an event and a source public nowhere.
    draft_event = sample.event("matrix-draft-event")
    draft_source = sample.source("matrix-draft-source")
    draft_claim = sample.claim(3, cites=(draft_source, sample.source("matrix-draft-b")))
    draft_claim.events.add(draft_event)
    # Archived copies (issue 13): of a page a published verdict cites, and of one only a draft cites.
    archived_citation = published_claim.claim_citations.first().citation
    stored_capture(archived_citation)
    draft_archived_citation = draft_claim.claim_citations.first().citation
    draft_capture = stored_capture(draft_archived_citation)
    # Media evidence (issue 13) on each of those two citations, with thumbnails.
    public_media = media_services.add_upload(citation=archived_citation, data=media_files.jpeg(1))
    draft_media = media_services.add_upload(
        citation=draft_archived_citation, data=media_files.jpeg(2)
    )
    for media in (public_media, draft_media):
        media_services.store_thumbnail(media)
    half_true = Rating.objects.get(slug="half-true")

    def written(claim, by):
        return services.verdict_create(
            claim=claim,
            by=by,
            headline=f"Matrix verdict on {claim.slug}",
            rating=half_true,
            conclusion="What we found.",
            explanation="Why.",
        )

    draft = written(draft_claim, reporter)  # the reporter fixture's own draft
    desk_reporter, _desk_editor = sample.desk_users()
    in_review = services.verdict_submit(
        verdict=written(sample.claim(4), desk_reporter), by=desk_reporter
    )
    approved = services.verdict_approve(
        verdict=services.verdict_submit(
            verdict=written(sample.claim(5), desk_reporter), by=desk_reporter
        ),
        by=sample.desk_second_editor(),
    )

    # Spare objects, used by nothing else, for the views and the actions (delete included).
    spare_source = sample.source("matrix-spare-source")
    spare_claim = sample.claim(6)
    scale = RatingScale.objects.create(name="Matrix scale", best_value=1, worst_value=0)
    hook = Webhook.objects.create(partner=partner, url="https://partner.example/hook")
    delivery = webhooks.queue_deliveries(verdict_id=published.pk, event="published")[0]
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=WebhookDelivery.Status.FAILED)
    webhooks.enqueue(delivery)
    revoked, revoked_raw = partner_services.api_key_create(partner=partner, name="revoked")
    partner_services.api_key_revoke(key=revoked)

    screenshot_submission = intake.submission_create(text="With a screenshot", seen_where="TV")
    screenshot_submission.screenshot.save("shot.png", ContentFile(b"\x89PNG"), save=True)

    login_record = {
        "ip_address": "203.0.113.9",
        "user_agent": "matrix",
        "http_accept": "text/html",
        "path_info": "/admin/login/",
    }
    objects = {
        "auth.group": Group.objects.create(name="matrix-spare"),
        "auth.user": User.objects.create_user("matrix-spare", is_staff=True),
        "sources.source": spare_source,
        "sources.citation": Citation.objects.create(
            source=spare_source, url="https://spare.example/1", title="Spare", quote="Spare"
        ),
        "events.event": sample.event("matrix-spare-event"),
        "factcheck.claim": spare_claim,
        "factcheck.figure": Figure.objects.create(
            claim=spare_claim,
            measure=Figure.Measure.KILLED,
            counted="people",
            value=1,
            as_of=sample.BASE_TIME,
        ),
        "factcheck.ratingscale": scale,
        "factcheck.rating": Rating.objects.create(
            scale=scale,
            slug="matrix-rating",
            label="Матрица",
            label_en="Matrix",
            description="-",
            description_en="-",
            value=1,
        ),
        "factcheck.verdict": draft,
        "factcheck.submission": intake.submission_create(
            text="A reader's claim", seen_where="TV", email="reader@example.org"
        ),
        "factcheck.verdictrevision": published.public_revision,
        "factcheck.auditentry": AuditEntry.objects.order_by("pk").first(),
        "factcheck.transparencypage": TransparencyPage.objects.get(kind="about"),
        "factcheck.funding": Funding.objects.create(
            funder="Matrix Fund", year=2025, amount=1, currency="EUR"
        ),
        "partners.partner": partner,
        "partners.apikey": revoked,
        "partners.webhook": hook,
        "partners.webhookdelivery": delivery,
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.get(),
        "axes.accessattempt": AccessAttempt.objects.create(
            username="matrix-guess", failures_since_start=1, **login_record
        ),
        "axes.accesslog": AccessLog.objects.create(username="matrix-guess", **login_record),
        "axes.accessfailurelog": AccessFailureLog.objects.create(
            username="matrix-guess", locked_out=False, **login_record
        ),
    }
    return {
        "obj": {label: found.pk for label, found in objects.items()},
        "history": {
            label: found.history.order_by("history_id").first().history_id
            for label, found in objects.items()
            if hasattr(found, "history")
        },
        "screenshot_submission": screenshot_submission.pk,
        "published": published.pk,
        "published_slug": published_claim.slug,
        "published_claim": published_claim.pk,
        "retracted_slug": retracted.claim.slug,
        "draft": draft.pk,
        "draft_slug": draft_claim.slug,
        "draft_claim": draft_claim.pk,
        "in_review": in_review.pk,
        "approved": approved.pk,
        "event": event.pk,
        "event_slug": event.slug,
        "draft_event": draft_event.pk,
        "draft_event_slug": draft_event.slug,
        "source": published_claim.claimant_id,
        "source_slug": published_claim.claimant.slug,
        "draft_source": draft_source.pk,
        "draft_source_slug": draft_source.slug,
        "revoked_raw": revoked_raw,
        "partner_key_id": ApiKey.objects.get(partner=partner, name="production").pk,
        "claim_ct": ContentType.objects.get_for_model(Claim).pk,
        "reporter_id": reporter.pk,
        "notification": DeskNotification.objects.create(
            recipient=reporter, text="Matrix notice", link="/admin/"
        ).pk,
        "archived_citation": archived_citation.pk,
        "draft_archived_citation": draft_archived_citation.pk,
        "draft_capture": draft_capture.pk,
        "public_media": public_media.pk,
        "draft_media": draft_media.pk,
    }


# --- running the matrix -------------------------------------------------------------------------


# What any request may write without changing anything: its session, the time a key was last
# used (recorded even on a request the API then refuses, e.g. a POST), and the time a login ended.
NOT_A_CHANGE = {"partners.ApiKey": {"last_used_at"}, "axes.AccessLog": {"logout_time"}}


def fingerprint():
    """Every row of every table, to see that a refused POST changed nothing."""
    rows = {}
    for model in apps.get_models():
        if model is Session:
            continue
        skip = NOT_A_CHANGE.get(model._meta.label, set())
        columns = [f.attname for f in model._meta.concrete_fields if f.name not in skip]
        rows[model._meta.label] = list(model._default_manager.order_by("pk").values_list(*columns))
    return rows


def answer_of(client, case: Case, path: str, headers: dict):
    cookies = copy.deepcopy(client.cookies)  # what the response sets is forgotten afterwards
    cache.clear()  # no throttling across the matrix's hundreds of requests
    with transaction.atomic():
        before = fingerprint() if case.method == "post" else None
        response = getattr(client, case.method)(path, case.data or {}, headers=headers)
        changed = case.method == "post" and fingerprint() != before
        transaction.set_rollback(True)
    client.cookies = cookies
    if response.streaming:  # a file served (media evidence): read, which closes it
        b"".join(response.streaming_content)
    status = response.status_code
    if status == 302 and response["Location"].startswith("/admin/login/"):
        answer = LOGIN
    elif case.method == "post" and status == 302:
        answer = DONE if changed else REFUSED
    else:
        answer = status
    if changed and answer != DONE:
        answer = f"{answer}, and changed the database"
    return answer, response


MODEL_VIEW_PATHS = {
    "changelist": "/admin/{app}/{model}/",
    "add": "/admin/{app}/{model}/add/",
    "change": "/admin/{app}/{model}/{{obj[{label}]}}/change/",
    "delete": "/admin/{app}/{model}/{{obj[{label}]}}/delete/",
    "history": "/admin/{app}/{model}/{{obj[{label}]}}/history/",
    "redirect": "/admin/{app}/{model}/{{obj[{label}]}}/",
    "history_record": "/admin/{app}/{model}/{{obj[{label}]}}/history/{{history[{label}]}}/",
    "password": "/admin/{app}/{model}/{{obj[{label}]}}/password/",
}


def all_cases():
    """(the pattern's key as the table gives it, or None where the path decides it, case)."""
    for table in (SITE, API, ADMIN_SITE, ADMIN_VIEWS):
        for key, cases in table.items():
            for case in cases:
                yield key, case
    for label, views in MODEL_VIEWS.items():
        app, model = label.split(".")
        for view, expect in views.items():
            path = MODEL_VIEW_PATHS[view].format(app=app, model=model, label=label)
            yield None, Case(path, expect)
    for key, (expect, target) in ACTIONS.items():
        label, action = key.rsplit(".", 1)
        app, model = label.split(".")
        data = {"action": action, "_selected_action": f"{{{target}}}"}
        if action == "delete_selected":
            data["post"] = "yes"  # past the confirmation page: really delete
        yield key, Case(f"/admin/{app}/{model}/", expect, method="post", data=data)


def expand(case: Case, desk: dict):
    """The case's concrete requests: one per language for the public site's pages."""
    for language in LANGUAGES if "{lang}" in case.path else ["en"]:
        path = case.path.format(lang=language, **desk)
        data = {k: v.format(**desk) for k, v in (case.data or {}).items()}
        yield language, path, Case(path, case.expect, case.method, data)


@pytest.fixture
def desk(reporter, editor, administrator, partner, partner_key):
    return build_desk(reporter, editor, partner)


@pytest.fixture
def clients(reporter, editor, administrator, partner, partner_key, desk):
    made = {}
    for role in ROLES:
        client = Client()
        user = {"reporter": reporter, "editor": editor, "administrator": administrator}.get(role)
        if user:
            client.force_login(user)
        key = {"partner": partner_key, "revoked": desk["revoked_raw"]}.get(role)
        made[role] = (client, {"authorization": f"Api-Key {key}"} if key else {})
    return made


def test_every_url_and_action_has_an_expectation(desk):
    covered, misfiled = set(), []
    for key, case in all_cases():
        for language, path, _concrete in expand(case, desk):
            found = key_of(path, language)
            covered.add(found)
            if key not in (None, found) and key not in ACTIONS:
                misfiled.append(f"{path} is filed under {key} but reaches {found}")
    assert not misfiled, "\n".join(misfiled)
    unreviewed = sorted(url_keys() - covered)
    assert not unreviewed, (
        "URL patterns with no expected answers in tests/test_permission_matrix.py: "
        + ", ".join(unreviewed)
    )
    assert not set(ACTIONS) - action_keys(), f"stale: {sorted(set(ACTIONS) - action_keys())}"
    unreviewed = sorted(action_keys() - set(ACTIONS))
    assert not unreviewed, (
        "admin actions with no expected answers in tests/test_permission_matrix.py: "
        + ", ".join(unreviewed)
    )
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(MODEL_VIEWS), (
        f"ModelAdmins without their views in MODEL_VIEWS: {sorted(registered - set(MODEL_VIEWS))}"
    )


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, desk, clients):
    client, headers = clients[role]
    index = ROLES.index(role)
    wrong = []
    for key, case in all_cases():
        for _language, path, concrete in expand(case, desk):
            expected = case.expect[index]
            answer, response = answer_of(client, concrete, path, headers)
            if (
                answer == 200
                and case.expect[0] == 404
                and "no-store" not in response.get("Cache-Control", "")
            ):
                # What only staff may see must never be stored by a shared cache.
                answer = f"200 without Cache-Control no-store ({response.get('Cache-Control')})"
            if answer != expected:
                wrong.append(
                    f"{case.method.upper()} {path} ({key or 'view'}): {answer!r}, expected {expected!r}"
                )
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ["editor", "administrator"])
def test_no_page_shows_a_webhook_secret(role, request, partner):
    """Issue 9: editors may look at webhooks, but a signing secret is shown once, to the
    administrator who creates or rotates it, and on no page afterwards: not to an editor."""
    hook = Webhook.objects.create(partner=partner, url="https://partner.example/hook")
    secret = partner_services.webhook_rotate_secret(webhook=hook)
    client = Client()
    client.force_login(request.getfixturevalue(role))
    for path in [
        "/admin/partners/webhook/",
        f"/admin/partners/webhook/{hook.pk}/change/",
        f"/admin/partners/webhook/{hook.pk}/history/",
        f"/admin/partners/partner/{partner.pk}/change/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert secret not in response.content.decode(), path
    # Rotating it (and so seeing a new one) is the administrator's alone.
    rotated = client.post(
        "/admin/partners/webhook/", {"action": "rotate_secret", "_selected_action": hook.pk}
    )
    hook.refresh_from_db()
    if role == "editor":
        assert rotated.status_code == 200 and hook.secret == secret  # no action for editors
        assert secret not in rotated.content.decode()
    else:
        assert rotated.status_code == 302 and hook.secret != secret
