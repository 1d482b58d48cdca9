"""E-mail to the people a transition concerns, through Django's mail settings.

Called after the transaction commits, so nobody is told about a change that was rolled back.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

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


# Each kind of mail: its subject and its body, in the desk's words (gettext), rendered in each
# recipient's language (services.recipient_language).
MAILS = {
    "submitted": (
        gettext_lazy("[desk] Awaiting review: %(title)s"),
        gettext_lazy("%(who)s submitted “%(title)s” for review."),
    ),
    "sent_back": (
        gettext_lazy("[desk] Sent back: %(title)s"),
        gettext_lazy("%(who)s sent “%(title)s” back with this comment:"),
    ),
    "published": (
        gettext_lazy("[desk] Published: %(title)s"),
        gettext_lazy("%(who)s published “%(title)s”."),
    ),
    "retracted": (
        gettext_lazy("[desk] Retracted: %(title)s"),
        gettext_lazy("%(who)s retracted “%(title)s”:"),
    ),
}


def send(kind: str, verdict_id: int, actor_id: int, comment: str = "") -> int:
    from factcheck.services import recipient_language

    verdict = Verdict.objects.select_related("author", "claim").get(pk=verdict_id)
    User = get_user_model()
    actor = User.objects.get(pk=actor_id)
    who = actor.get_full_name() or actor.get_username()
    title = verdict.headline or verdict.claim.short
    if kind not in MAILS:
        raise ValueError(f"unknown notification {kind!r}")
    if kind == "submitted":
        recipients = list(_editors({actor_id, verdict.author_id}))
    elif kind == "sent_back":
        recipients = [verdict.author]
    elif kind == "published":
        approvers = User.objects.filter(
            pk__in=verdict.approvals.values_list("editor_id", flat=True)
        )
        recipients = [verdict.author, *approvers]
    else:
        recipients = [verdict.author, *_editors({actor_id})]
    # One mail per language, to the recipients who read the desk in it.
    by_language: dict[str, set[str]] = {}
    for user in recipients:
        if user.email and user.email != actor.email:
            by_language.setdefault(recipient_language(user), set()).add(user.email)
    messages = []
    subject_text, lead = MAILS[kind]
    for language, emails in sorted(by_language.items()):
        with translation.override(language):
            words = {"who": who, "title": title}
            subject = str(subject_text) % words
            parts = [str(lead) % words]
            if comment:
                parts.append(comment)
            body = "\n\n".join([*parts, _link(verdict)]) + "\n"
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, sorted(emails)))
    if not messages:
        return 0
    return send_mass_mail(messages)


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
