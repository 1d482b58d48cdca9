"""E-mail to the people a transition concerns, through Django's mail settings.

Called after the transaction commits, so nobody is told about a change that was rolled back.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import NoReverseMatch, reverse

from factcheck.models import Verdict


def _link(verdict: Verdict) -> str:
    try:
        return settings.SITE_URL + reverse("admin:factcheck_verdict_change", args=[verdict.pk])
    except NoReverseMatch:
        return ""


def _editors(exclude: set[int]):
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, groups__name="editor")
        .exclude(pk__in=exclude)
        .exclude(email="")
        .distinct()
    )


def send(kind: str, verdict_id: int, actor_id: int, comment: str = "") -> int:
    verdict = Verdict.objects.select_related("author", "claim").get(pk=verdict_id)
    User = get_user_model()
    actor = User.objects.get(pk=actor_id)
    who = actor.get_full_name() or actor.get_username()
    title = verdict.headline or verdict.claim.short
    if kind == "submitted":
        recipients = [u.email for u in _editors({actor_id, verdict.author_id})]
        subject = f"[desk] Awaiting review: {title}"
        body = f"{who} submitted “{title}” for review.\n\n{_link(verdict)}\n"
    elif kind == "sent_back":
        recipients = [verdict.author.email]
        subject = f"[desk] Sent back: {title}"
        body = f"{who} sent “{title}” back with this comment:\n\n{comment}\n\n{_link(verdict)}\n"
    elif kind == "published":
        approvers = verdict.approvals.select_related("editor").values_list(
            "editor__email", flat=True
        )
        recipients = [verdict.author.email, *approvers]
        subject = f"[desk] Published: {title}"
        body = f"{who} published “{title}”.\n\n{_link(verdict)}\n"
    elif kind == "retracted":
        recipients = [verdict.author.email, *(u.email for u in _editors({actor_id}))]
        subject = f"[desk] Retracted: {title}"
        body = f"{who} retracted “{title}”:\n\n{comment}\n\n{_link(verdict)}\n"
    else:
        raise ValueError(f"unknown notification {kind!r}")
    recipients = sorted({r for r in recipients if r and r != actor.email})
    if not recipients:
        return 0
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)])


def send_desk_notice(notification_id: int) -> int:
    """The mail twin of an in-desk notification (factcheck.models.DeskNotification)."""
    from django.core.mail import send_mail

    from factcheck.models import DeskNotification

    notice = DeskNotification.objects.select_related("recipient").get(pk=notification_id)
    if not notice.recipient.email:
        return 0
    link = settings.SITE_URL + notice.link if notice.link else ""
    return send_mail(
        f"[desk] {notice.text}"[:200],
        f"{notice.text}\n\n{link}\n",
        settings.DEFAULT_FROM_EMAIL,
        [notice.recipient.email],
    )
