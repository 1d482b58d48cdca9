"""The answer to a reader who left an address, queued as a background task (factcheck.tasks'
retry rule), written in the language the reader wrote in.

A submission is answered once: when its triage says something the reader can use (a decline and
its reason; a claim or a duplicate whose verdict is published, with the verdict's absolute link;
an accepted correction, with the verdict's link). A claim still being checked is answered when its
verdict is published: the publication's `verdict_released` reaches `answer_waiting`.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from factcheck import retries
from factcheck.models import Submission, Verdict
from factcheck.published import public
from factcheck.published.sql import SnapshotText
from factcheck.signals import verdict_released

logger = logging.getLogger(__name__)
State = Submission.State
LINKED = (State.CLAIMED, State.DUPLICATE, State.ACCEPTED)


def verdict_link(claim_id: int | None, language: str) -> str:
    """The absolute address of the claim's published verdict in `language`, or "" when none is
    published (one query: the public read model's verdicts, with the slug they were published
    under)."""
    if claim_id is None:
        return ""
    slug = (
        public.verdicts()
        .filter(claim_id=claim_id)
        .annotate(slug=SnapshotText("public_revision__snapshot", "claim", "slug"))
        .order_by("-released_at", "-pk")
        .values_list("slug", flat=True)
        .first()
    )
    if not slug:
        return ""
    with translation.override(language):
        return settings.SITE_URL + reverse("site:verdict", kwargs={"slug": slug})


def _ready(submission: Submission) -> bool:
    if not submission.email or submission.answered_at or submission.state == State.NEW:
        return False
    if submission.state == State.DECLINED:
        return True
    return bool(verdict_link(submission.claim_id, submission.language))


def answer_if_ready(submission: Submission) -> bool:
    """Inside a triage step's transaction: mark the submission answered and queue the reply
    after commit, when there is something to tell the reader."""
    if not _ready(submission):
        return False
    submission.answered_at = timezone.now()
    submission.save(update_fields=["answered_at"])
    pk = submission.pk
    transaction.on_commit(lambda: enqueue_reply(pk), robust=True)
    return True


def answer_waiting(claim_id: int) -> int:
    """Answer the readers whose submissions wait for this claim's verdict. Returns how many."""
    answered = 0
    with transaction.atomic():
        waiting = (
            Submission.objects.select_for_update()
            .filter(claim_id=claim_id, answered_at__isnull=True, state__in=LINKED)
            .exclude(email="")
        )
        for submission in waiting:
            answered += answer_if_ready(submission)
    return answered


@receiver(verdict_released, sender=Verdict, dispatch_uid="factcheck.intake.answer_waiting")
def _on_release(sender, verdict, revision, event, **kwargs):
    if event != "retracted":
        answer_waiting(verdict.claim_id)


# --- the mail ---------------------------------------------------------------------------------


def compose(submission: Submission) -> tuple[str, str]:
    """The subject and body of the reply, in the submission's language."""
    with translation.override(submission.language):
        link = verdict_link(submission.claim_id, submission.language)
        excerpt = submission.text if len(submission.text) <= 120 else submission.text[:119] + "…"
        site = settings.SITE_NAME or _("Fact-check desk")
        if submission.kind == Submission.Kind.CORRECTION:
            subject = _("%(site)s: your correction request") % {"site": site}
            opening = _("Thank you for your correction request:") + f"\n\n«{excerpt}»\n\n"
        else:
            subject = _("%(site)s: the claim you sent us") % {"site": site}
            opening = _("Thank you for sending us this claim:") + f"\n\n«{excerpt}»\n\n"
        if submission.state == State.DECLINED:
            body = _("We decided not to take it further, for this reason:") + (
                f"\n\n{submission.reason}\n"
            )
        elif submission.state == State.ACCEPTED:
            body = _("We accepted it. The fact-check, with its corrections, is here:") + (
                f"\n{link}\n"
            )
        elif submission.state == State.DUPLICATE:
            body = _("We have checked this claim. Our fact-check is here:") + f"\n{link}\n"
        else:
            body = _("We checked it. Our fact-check is here:") + f"\n{link}\n"
        closing = "\n" + _(
            "This is the only mail we send you about it; your address is deleted after "
            "%(days)d days."
        ) % {"days": settings.FACTCHECK_INTAKE_PERSONAL_DATA_DAYS}
        return subject, opening + body + closing + "\n"


def send_reply(submission_id: int) -> int:
    submission = Submission.objects.get(pk=submission_id)
    if not submission.email:  # erased since the reply was queued
        return 0
    subject, body = compose(submission)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [submission.email])


def enqueue_reply(submission_id: int, *, attempt: int = 1, at=None) -> bool:
    return retries.enqueue(reply_task, submission_id, attempt, at=at)


@task()
def reply_task(submission_id: int, attempt: int = 1) -> int:
    """Mail one reply; retried like the desk's notices (FACTCHECK_MAIL_MAX_ATTEMPTS)."""
    from factcheck.tasks import retry_mail

    try:
        return send_reply(submission_id)
    except Exception:
        retry_mail(
            f"the reply to submission {submission_id}",
            attempt,
            lambda at: enqueue_reply(submission_id, attempt=attempt + 1, at=at),
        )
        raise
