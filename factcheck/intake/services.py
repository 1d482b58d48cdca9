"""Reader submissions: how one arrives and each step of its triage. Nothing else changes
`Submission.state`; the desk's admin calls these functions (factcheck.intake.admin).

    new ──to_claim──▶ claimed     (a new claim, prefilled from the submission)
     │ ──duplicate──▶ duplicate   (of an existing claim, or of a verdict's claim)
     │ ──accept─────▶ accepted    (a correction request the desk acts on)
     └──decline────▶ declined    (with a reason, which the reply carries)

Each step is atomic, re-reads the submission under a row lock, checks its state and the editor's
right, writes an audit entry (factcheck.submission.*), and queues the reply mail after commit
(factcheck.intake.replies): at once when there is something to say (a reason, a published
verdict's link), or when the linked claim's verdict is published.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from factcheck.intake import replies
from factcheck.models import Claim, Submission, Verdict
from factcheck.models.claims import SHORT_CLAIM_MAX
from factcheck.services import NotAllowed, WrongState, log_action

State = Submission.State
TRIAGE_PERM = "factcheck.triage_submission"


def _require_triage(user) -> None:
    if not (user.is_active and user.has_perm(TRIAGE_PERM)):
        raise NotAllowed(_("You are not allowed to %(what)s.") % {"what": _("triage submissions")})


def _locked_new(submission: Submission, what: str) -> Submission:
    current = Submission.objects.select_for_update().get(pk=submission.pk)
    if current.state != State.NEW:
        raise WrongState(
            _("A submission that is “%(state)s” cannot be %(what)s.")
            % {"state": current.get_state_display(), "what": what}
        )
    return current


def _decide(submission: Submission, *, by, to: str, action: str, fields: list[str], **data) -> None:
    old = submission.state
    submission.state = to
    submission.decided_by = by
    submission.decided_at = timezone.now()
    submission.full_clean(exclude=["screenshot"])
    submission.save(update_fields=["state", "decided_by", "decided_at", *fields])
    log_action(
        subject=submission,
        action=f"factcheck.submission.{action}",
        by=by,
        from_state=old,
        to_state=to,
        comment=submission.reason,
        data=data,
    )
    replies.answer_if_ready(submission)


# --- arrival ----------------------------------------------------------------------------------


@transaction.atomic
def submission_create(
    *,
    text: str,
    seen_where: str = "",
    email: str = "",
    screenshot=None,
    language: str = "en",
    verdict: Verdict | None = None,
) -> Submission:
    """A reader's submission; a correction request when `verdict` is given (a published one:
    the view checks it against the public read model)."""
    submission = Submission(
        kind=Submission.Kind.CORRECTION if verdict else Submission.Kind.CLAIM,
        text=text,
        seen_where=seen_where,
        email=email,
        language=language,
        verdict=verdict,
    )
    if screenshot:
        submission.screenshot = screenshot
    submission.full_clean(exclude=["screenshot"])
    submission.save()
    log_action(
        subject=submission,
        action="factcheck.submission.received",
        by=None,
        to_state=submission.state,
        data={"kind": submission.kind, "verdict": verdict.pk if verdict else None},
    )
    return submission


# --- triage -----------------------------------------------------------------------------------


def unique_claim_slug(text: str) -> str:
    base = slugify(text)[:80].strip("-") or "claim"
    slug, n = base, 1
    while Claim.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def submission_to_claim(*, submission: Submission, by, short: str = "") -> Claim:
    """A new claim from the submission, for the editor to complete in the claim form."""
    _require_triage(by)
    if not by.has_perm("factcheck.add_claim"):
        raise NotAllowed(_("You are not allowed to %(what)s.") % {"what": _("add claims")})
    submission = _locked_new(submission, _("turned into a claim"))
    short = (short or submission.text).strip()
    if len(short) > SHORT_CLAIM_MAX:
        short = short[: SHORT_CLAIM_MAX - 1].rstrip() + "…"
    claim = Claim(
        text=submission.text,
        language=submission.language,
        short=short,
        slug=unique_claim_slug(short),
        created_by=by,
    )
    claim.full_clean()
    claim.save()
    log_action(
        subject=claim,
        action="factcheck.claim.created",
        by=by,
        data={"from_submission": submission.pk},
    )
    submission.claim = claim
    _decide(submission, by=by, to=State.CLAIMED, action="claimed", fields=["claim"], claim=claim.pk)
    return claim


@transaction.atomic
def submission_mark_duplicate(
    *, submission: Submission, by, claim: Claim | None = None, verdict: Verdict | None = None
) -> Submission:
    """The submission asks about a claim the desk has (named directly or by one of its verdicts)."""
    _require_triage(by)
    if (claim is None) == (verdict is None):
        raise WrongState(_("Name either the claim or the verdict it duplicates."))
    submission = _locked_new(submission, _("marked a duplicate"))
    submission.claim = claim if claim is not None else verdict.claim
    _decide(
        submission,
        by=by,
        to=State.DUPLICATE,
        action="duplicate",
        fields=["claim"],
        claim=submission.claim_id,
        verdict=verdict.pk if verdict else None,
    )
    return submission


@transaction.atomic
def submission_accept_correction(*, submission: Submission, by, note: str = "") -> Submission:
    """The desk acts on a correction request (the correction itself is the verdict's own
    workflow: a new revision with a public note)."""
    _require_triage(by)
    submission = _locked_new(submission, _("accepted"))
    if submission.kind != Submission.Kind.CORRECTION:
        raise WrongState(_("Only a correction request can be accepted; make a claim of this one."))
    submission.reason = note.strip()
    submission.claim_id = Verdict.objects.values_list("claim_id", flat=True).get(
        pk=submission.verdict_id
    )
    _decide(submission, by=by, to=State.ACCEPTED, action="accepted", fields=["reason", "claim"])
    return submission


@transaction.atomic
def submission_decline(*, submission: Submission, by, reason: str) -> Submission:
    _require_triage(by)
    submission = _locked_new(submission, _("declined"))
    submission.reason = reason.strip()
    if not submission.reason:
        raise WrongState(_("Say why the submission is declined."))
    _decide(submission, by=by, to=State.DECLINED, action="declined", fields=["reason"])
    return submission


# --- personal data ----------------------------------------------------------------------------


def erase_personal_data(*, now=None) -> int:
    """Erase the reply address and the screenshot of submissions older than
    FACTCHECK_INTAKE_PERSONAL_DATA_DAYS; the text and the triage stay. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.FACTCHECK_INTAKE_PERSONAL_DATA_DAYS)
    erased = 0
    due = Submission.objects.filter(personal_data_erased_at__isnull=True, created_at__lt=cutoff)
    for pk in list(due.values_list("pk", flat=True).order_by("created_at")):
        with transaction.atomic():
            submission = Submission.objects.select_for_update().get(pk=pk)
            if name := submission.screenshot.name:
                # The file goes once the row says so for good (not before a rollback).
                storage = submission.screenshot.storage
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))
            submission.email = ""
            submission.screenshot = ""
            submission.personal_data_erased_at = timezone.now()
            submission.save(update_fields=["email", "screenshot", "personal_data_erased_at"])
            log_action(
                subject=submission, action="factcheck.submission.personal_data_erased", by=None
            )
        erased += 1
    return erased
