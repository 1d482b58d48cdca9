"""The editorial workflow: every change of a verdict's state goes through one function here.

Each transition is atomic, locks the verdict row, checks the current state and the acting user's
rights, writes an audit entry, and sends mail and signals only after the transaction commits. The
admin and the API call these functions; nothing else changes `Verdict.state`.

    draft ──submit──▶ in_review ──publish──▶ published ──edit──▶ draft (a new revision)
      ▲                 │   ▲                    │
      └──edit── sent_back ◀─┘ send back          └──retract──▶ retracted (a tombstone, for good)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from factcheck import notifications
from factcheck.models import (
    Approval,
    AuditEntry,
    Claim,
    ClaimCitation,
    Rating,
    Verdict,
    VerdictRevision,
)
from factcheck.models.claims import (
    SHORT_CLAIM_MAX,
    Evidence,
    Weight,
    explain_evidence,
    is_locatable,
    weigh_evidence,
)
from factcheck.signals import verdict_released
from factcheck.snapshot import build_snapshot

State = Verdict.State

# Fields of the working copy an editor may change through verdict_update.
EDITABLE_FIELDS = frozenset(
    {
        "rating",
        "headline",
        "conclusion",
        "explanation",
        "language",
        "note_kind",
        "note",
        "review_by",
    }
)
EDITABLE_STATES = frozenset({State.DRAFT, State.SENT_BACK, State.PUBLISHED})
NOTE_ACTIONS = {
    "": "published",
    Verdict.NoteKind.CORRECTION: "corrected",
    Verdict.NoteKind.UPDATE: "updated",
    Verdict.NoteKind.CLARIFICATION: "clarified",
}


class WorkflowError(Exception):
    """A transition was refused; `messages` says why, in words an editor understands."""

    def __init__(self, *messages: str):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


class NotAllowed(WorkflowError):
    pass


class WrongState(WorkflowError):
    pass


class PublishBlocked(WorkflowError):
    pass


class StaleEdit(WorkflowError):
    """Someone saved the verdict after the editor opened it; their change must not be lost."""

    def __init__(self, *, changed_by: str, changed_at: datetime, current: Verdict):
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.current = current
        when = timezone.localtime(changed_at).strftime("%Y-%m-%d %H:%M:%S %Z")
        super().__init__(
            _(
                "%(who)s changed this verdict at %(when)s, after you opened it. Your changes were not "
                "saved; compare them with the current version below and make them again."
            )
            % {"who": changed_by, "when": when}
        )


# --- helpers ---------------------------------------------------------------------------------


def log_action(
    *,
    subject: models.Model,
    action: str,
    by: AbstractBaseUser | None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        action=action,
        actor=by,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
    )


def _display(user) -> str:
    return user.get_full_name() or user.get_username()


def _locked(verdict: Verdict) -> Verdict:
    """Re-read the verdict under a row lock, so two transitions cannot interleave."""
    return (
        Verdict.objects.select_for_update(of=("self",))
        .select_related("claim", "rating")
        .get(pk=verdict.pk)
    )


def _require_perm(user, perm: str, what: str) -> None:
    if not (user.is_active and user.has_perm(perm)):
        raise NotAllowed(_("You are not allowed to %(what)s.") % {"what": what})


def _require_state(verdict: Verdict, allowed, what: str) -> None:
    if verdict.state not in allowed:
        raise WrongState(
            _("A verdict that is “%(state)s” cannot be %(what)s.")
            % {"state": verdict.get_state_display(), "what": what}
        )


# A transaction-scoped PostgreSQL advisory lock key ("FEED"), see _stamp_release.
FEED_LOCK_KEY = 0x46454544


def _stamp_release(verdict: Verdict) -> list[str]:
    """Give a release the next partner-feed position and time; returns the fields to save.

    Partners resume the feed after the last position they read (factcheck.api). A position must
    therefore never become visible after a larger one has been read, or a client whose cursor had
    passed it would miss that change for good. A sequence or a timestamp taken inside a
    transaction does not promise that by itself: two publications can take 10 and 11 and commit
    as 11 then 10. So positions are taken under a lock held until commit: on PostgreSQL a
    transaction-scoped advisory lock, so the next release waits here until this transaction has
    committed or rolled back and only then reads the maximum; SQLite has one writer at a time and
    refuses to commit a transaction whose reads went stale. Called just before the final save, so
    the lock is held for a few statements only. released_at never goes backwards either, whatever
    the clock does, so it orders the feed exactly as feed_seq does.
    """
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK_KEY])
    # The last position also carries the last time (times never go backwards): one index lookup.
    seq, at = (
        Verdict.objects.filter(feed_seq__isnull=False)
        .order_by("-feed_seq")
        .values_list("feed_seq", "released_at")
        .first()
    ) or (0, None)
    now = timezone.now()
    verdict.feed_seq = seq + 1
    verdict.released_at = max(now, at) if at else now
    return ["feed_seq", "released_at"]


def _save(verdict: Verdict, by, fields: list[str]) -> None:
    verdict.version += 1
    verdict.updated_by = by
    verdict._history_user = by  # who, for the revision history kept by django-simple-history
    verdict.full_clean(exclude=["claim", "author"], validate_unique=False)
    verdict.save(update_fields=[*fields, "version", "updated_by", "updated_at"])


def may_edit(verdict: Verdict, user) -> bool:
    # Reporters edit their own verdicts; editors (who may review) edit anyone's.
    return user.has_perm("factcheck.change_verdict") and (
        verdict.author_id == user.pk or user.has_perm("factcheck.review_verdict")
    )


# --- the publish check -----------------------------------------------------------------------


def describe_citation(citation) -> str:
    """“Publisher”, or “Publisher, relaying Origin”: how an editor recognises a citation."""
    if citation.relays_id:
        return _("%(source)s, relaying %(origin)s") % {
            "source": citation.source,
            "origin": citation.relays,
        }
    return str(citation.source)


def origin_shortfall(rating: Rating, evidence: Evidence) -> str:
    """Why the evidence does not carry this rating, naming what counted and what did not; or ""."""
    direction = rating.evidence_direction
    if direction == Rating.Direction.NONE:
        return ""
    counted = evidence.origins(direction)
    if len(counted) >= rating.min_origins:
        return ""
    kind = _("supporting") if direction == Rating.Direction.SUPPORTS else _("contradicting")
    need = ngettext(
        "“%(label)s” needs %(need)s independent %(kind)s origin",
        "“%(label)s” needs %(need)s independent %(kind)s origins",
        rating.min_origins,
    ) % {"label": rating.label_en, "need": rating.min_origins, "kind": kind}
    if counted:
        have = _("the evidence has %(have)s: %(names)s") % {
            "have": len(counted),
            "names": ", ".join(str(origin) for origin in counted),
        }
    else:
        have = _("the evidence has none")
    skipped = []
    for item in evidence.citations:
        what = describe_citation(item.link.citation)
        if item.weight == Weight.APPEARANCE:
            skipped.append(_("the claim's own appearance (%(what)s)") % {"what": what})
        elif item.weight == Weight.CLAIMANT and item.link.citation.relays_id:
            skipped.append(_("a relay of the claimant (%(what)s)") % {"what": what})
        elif item.weight == Weight.CLAIMANT:
            skipped.append(_("the claimant's own statement (%(what)s)") % {"what": what})
        elif item.weight == Weight.DUPLICATE and item.link.stance == direction:
            skipped.append(_("another citation of %(origin)s") % {"origin": item.origin})
        elif item.counted and item.link.stance != direction:
            skipped.append(_("a citation pointing the other way (%(what)s)") % {"what": what})
    message = f"{need}; {have}."
    if skipped:
        message += " " + _("Not counted: %(items)s.") % {"items": "; ".join(skipped)}
    return message


def evidence_panel(verdict: Verdict) -> list[tuple[ClaimCitation, str]]:
    """Each citation of the verdict's claim with what it does for the rating: for the verdict form."""
    links = (
        ClaimCitation.objects.filter(claim_id=verdict.claim_id)
        .select_related("citation__source", "citation__relays")
        .order_by("pk")
    )
    evidence = weigh_evidence(links, claimant_id=verdict.claim.claimant_id)
    return explain_evidence(evidence, verdict.rating.evidence_direction if verdict.rating else None)


def publish_problems(verdict: Verdict) -> list[str]:
    """Everything that stands between this verdict and publication, all at once."""
    problems = []
    claim: Claim = verdict.claim
    rating: Rating | None = verdict.rating
    if rating is None:
        problems.append(_("The verdict has no rating."))
    if not verdict.headline.strip():
        problems.append(_("The verdict has no headline."))
    if not verdict.conclusion.strip():
        problems.append(_("The verdict has no conclusion."))
    if not verdict.explanation.strip():
        problems.append(_("The verdict has no explanation."))
    if claim.claimant_id is None:
        problems.append(_("The claim is not attributed to whoever made it (“made by” is empty)."))
    if len(claim.short) > SHORT_CLAIM_MAX:
        problems.append(
            _("The claim's short form has %(n)s characters; at most %(max)s are allowed.")
            % {"n": len(claim.short), "max": SHORT_CLAIM_MAX}
        )
    if rating is not None:
        short = claim.short.casefold()
        for label in {rating.label, rating.label_en}:
            if label and label.casefold() in short:
                problems.append(
                    _(
                        "The claim's short form contains the rating “%(label)s”; state the claim, not the verdict."
                    )
                    % {"label": label}
                )

    links = list(
        ClaimCitation.objects.filter(claim=claim)
        .select_related("citation__source", "citation__relays")
        .order_by("pk")
    )
    evidence = weigh_evidence(links, claimant_id=claim.claimant_id)
    if rating is not None:
        shortfall = origin_shortfall(rating, evidence)
        if shortfall:
            problems.append(shortfall)
    # What the rating rests on (where the claim appeared, and the counted evidence) must be
    # traceable by a reader through at least one of its passages; see is_locatable.
    rests_on = [item.link.citation for item in evidence.citations if item.counted] + [
        link.citation for link in links if link.stance == ClaimCitation.Stance.APPEARANCE
    ]
    if not any(is_locatable(citation) for citation in rests_on):
        problems.append(
            _(
                "A reader could locate none of the passages this verdict rests on (where the "
                "claim appeared and the counted evidence): none has a URL, an archived copy or a "
                "publication date, and none was published by a source with a known address."
            )
        )
    explanation = verdict.explanation.casefold()
    for link in links:
        if link.stance != ClaimCitation.Stance.CONTRADICTS:
            continue
        cit = link.citation
        names = [n for n in (cit.source.name, cit.source.name_en, cit.url) if n]
        if not any(name.casefold() in explanation for name in names):
            problems.append(
                _("The explanation never mentions the contradicting citation from %(source)s.")
                % {"source": cit.source.name}
            )
    if verdict.public_revision_id and not (verdict.note_kind and verdict.note.strip()):
        problems.append(
            _(
                "Republishing needs a public note and its kind (correction, update or clarification)."
            )
        )
    return problems


def approvals_missing(verdict: Verdict) -> int:
    have = verdict.approvals.filter(review_round=verdict.review_round).count()
    return max(0, settings.FACTCHECK_APPROVALS_REQUIRED - have)


# --- transitions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Notice:
    kind: str
    verdict_id: int
    actor_id: int
    comment: str = ""


def _after_commit(notice: _Notice) -> None:
    transaction.on_commit(
        lambda: notifications.send(notice.kind, notice.verdict_id, notice.actor_id, notice.comment)
    )


@transaction.atomic
def verdict_create(
    *,
    claim: Claim,
    by,
    headline: str,
    rating: Rating | None = None,
    conclusion: str = "",
    explanation: str = "",
    language: str = "en",
) -> Verdict:
    _require_perm(by, "factcheck.add_verdict", _("write verdicts"))
    verdict = Verdict(
        claim=claim,
        author=by,
        updated_by=by,
        headline=headline,
        rating=rating,
        conclusion=conclusion,
        explanation=explanation,
        language=language,
    )
    verdict.full_clean()
    verdict._history_user = by
    verdict.save()
    log_action(subject=verdict, action="factcheck.verdict.created", by=by, to_state=verdict.state)
    if claim.status == Claim.Status.UNCHECKED:
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.RESEARCHING)
    return verdict


@transaction.atomic
def verdict_update(*, verdict: Verdict, by, version: int, **fields) -> Verdict:
    """Save an editor's changes, unless someone else saved since the editor's copy was read."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable through verdict_update: {sorted(unknown)}")
    current = _locked(verdict)
    if current.version != version:
        raise StaleEdit(
            changed_by=_display(current.updated_by) if current.updated_by else _("someone"),
            changed_at=current.updated_at,
            current=current,
        )
    if not may_edit(current, by):
        raise NotAllowed(_("Only the author or an editor may change this verdict."))
    _require_state(current, EDITABLE_STATES, _("edited"))
    changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if not changed:
        return current
    for name, value in changed.items():
        setattr(current, name, value)
    from_state = current.state
    update = list(changed)
    if current.state == State.PUBLISHED:
        # Readers keep the published revision; these edits become the next one, after review.
        current.state = State.DRAFT
        update.append("state")
    _save(current, by, update)
    log_action(
        subject=current,
        action="factcheck.verdict.reopened"
        if from_state == State.PUBLISHED
        else "factcheck.verdict.edited",
        by=by,
        from_state=from_state,
        to_state=current.state,
        data={"fields": sorted(changed)},
    )
    return current


@transaction.atomic
def verdict_submit(*, verdict: Verdict, by) -> Verdict:
    current = _locked(verdict)
    if not may_edit(current, by):
        raise NotAllowed(_("Only the author or an editor may submit this verdict for review."))
    _require_state(current, {State.DRAFT, State.SENT_BACK}, _("submitted for review"))
    from_state = current.state
    current.state = State.IN_REVIEW
    current.review_round += 1
    current.submitted_by = by
    _save(current, by, ["state", "review_round", "submitted_by"])
    log_action(
        subject=current,
        action="factcheck.verdict.submitted",
        by=by,
        from_state=from_state,
        to_state=current.state,
    )
    _after_commit(_Notice("submitted", current.pk, by.pk))
    return current


@transaction.atomic
def verdict_send_back(*, verdict: Verdict, by, comment: str) -> Verdict:
    current = _locked(verdict)
    _require_perm(by, "factcheck.review_verdict", _("review verdicts"))
    _require_state(current, {State.IN_REVIEW}, _("sent back"))
    if not comment.strip():
        raise WorkflowError(_("Say what needs fixing: sending back needs a comment."))
    current.state = State.SENT_BACK
    _save(current, by, ["state"])
    log_action(
        subject=current,
        action="factcheck.verdict.sent_back",
        by=by,
        from_state=State.IN_REVIEW,
        to_state=current.state,
        comment=comment.strip(),
    )
    _after_commit(_Notice("sent_back", current.pk, by.pk, comment.strip()))
    return current


@transaction.atomic
def verdict_approve(*, verdict: Verdict, by, comment: str = "") -> Verdict:
    current = _locked(verdict)
    _require_perm(by, "factcheck.review_verdict", _("review verdicts"))
    _require_state(current, {State.IN_REVIEW}, _("approved"))
    if by.pk in {current.author_id, current.submitted_by_id}:
        raise NotAllowed(_("You wrote or submitted this verdict: another editor must approve it."))
    if current.approvals.filter(review_round=current.review_round, editor=by).exists():
        raise WrongState(_("You have already approved this round of review."))
    Approval.objects.create(
        verdict=current, review_round=current.review_round, editor=by, comment=comment
    )
    _save(current, by, [])
    log_action(
        subject=current,
        action="factcheck.verdict.approved",
        by=by,
        from_state=current.state,
        to_state=current.state,
        comment=comment,
        data={"round": current.review_round, "missing": approvals_missing(current)},
    )
    return current


@transaction.atomic
def verdict_publish(*, verdict: Verdict, by) -> VerdictRevision:
    current = _locked(verdict)
    _require_perm(by, "factcheck.publish_verdict", _("publish verdicts"))
    _require_state(current, {State.IN_REVIEW}, _("published"))
    problems = publish_problems(current)
    missing = approvals_missing(current)
    if missing:
        problems.insert(
            0,
            _("It needs %(n)s more approval(s) from an editor other than its author.")
            % {"n": missing},
        )
    if problems:
        raise PublishBlocked(*problems)

    now = timezone.now()
    last = current.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    number = last + 1
    revision = VerdictRevision.objects.create(
        verdict=current,
        number=number,
        rating=current.rating,
        headline=current.headline,
        conclusion=current.conclusion,
        explanation=current.explanation,
        language=current.language,
        note_kind=current.note_kind,
        note=current.note.strip(),
        published_at=now,
        published_by=by,
        snapshot=build_snapshot(current, number=number, published_at=now),
    )
    event = NOTE_ACTIONS[current.note_kind]
    current.public_revision = revision
    current.state = State.PUBLISHED
    current.first_published_at = current.first_published_at or now
    # The note now lives on its revision; the next round of edits needs a note of its own.
    current.note_kind, current.note = "", ""
    released = _stamp_release(current)
    _save(
        current,
        by,
        ["public_revision", "state", "first_published_at", "note_kind", "note", *released],
    )
    Claim.objects.filter(pk=current.claim_id).update(status=Claim.Status.CHECKED)
    log_action(
        subject=current,
        action=f"factcheck.verdict.{event}",
        by=by,
        from_state=State.IN_REVIEW,
        to_state=State.PUBLISHED,
        comment=revision.note,
        data={"revision": number, "rating": current.rating.slug},
    )
    _after_commit(_Notice("published", current.pk, by.pk))
    transaction.on_commit(
        lambda: verdict_released.send(
            sender=Verdict, verdict=current, revision=revision, event=event
        )
    )
    return revision


@transaction.atomic
def verdict_retract(*, verdict: Verdict, by, reason: str) -> Verdict:
    current = _locked(verdict)
    _require_perm(by, "factcheck.publish_verdict", _("retract verdicts"))
    if current.public_revision_id is None or current.state == State.RETRACTED:
        raise WrongState(_("Only a published verdict can be retracted."))
    if not reason.strip():
        raise WorkflowError(
            _("A retraction needs its reason, which readers and partners will see.")
        )
    from_state = current.state
    current.state = State.RETRACTED
    current.retracted_at = timezone.now()
    current.retraction_reason = reason.strip()
    released = _stamp_release(current)
    _save(current, by, ["state", "retracted_at", "retraction_reason", *released])
    log_action(
        subject=current,
        action="factcheck.verdict.retracted",
        by=by,
        from_state=from_state,
        to_state=current.state,
        comment=current.retraction_reason,
    )
    _after_commit(_Notice("retracted", current.pk, by.pk, current.retraction_reason))
    transaction.on_commit(
        lambda: verdict_released.send(
            sender=Verdict, verdict=current, revision=None, event="retracted"
        )
    )
    return current


def allowed_transitions(verdict: Verdict, user) -> list[str]:
    """Which transition buttons this user should see on this verdict (the services still decide)."""
    allowed = []
    if verdict.state in {State.DRAFT, State.SENT_BACK} and may_edit(verdict, user):
        allowed.append("submit")
    if verdict.state == State.IN_REVIEW and user.has_perm("factcheck.review_verdict"):
        allowed.append("send_back")
        already = verdict.approvals.filter(review_round=verdict.review_round, editor=user).exists()
        if user.pk not in {verdict.author_id, verdict.submitted_by_id} and not already:
            allowed.append("approve")
        if user.has_perm("factcheck.publish_verdict"):
            allowed.append("publish")
    if (
        verdict.public_revision_id
        and verdict.state != State.RETRACTED
        and user.has_perm("factcheck.publish_verdict")
    ):
        allowed.append("retract")
    return allowed
