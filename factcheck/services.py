"""The editorial workflow: every change of a verdict's state goes through one function here.

Each transition is atomic, locks the verdict row, checks the current state and the acting user's
rights, writes an audit entry, and sends mail and signals only after the transaction commits. The
admin and the API call these functions; nothing else changes `Verdict.state`.

    draft ──submit──▶ in_review ──publish──▶ published ──edit──▶ draft (a new revision)
      ▲                 │   ▲                    │
      └──edit── sent_back ◀─┘ send back          └──retract──▶ retracted (a tombstone, for good)
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from events.models import Event
from factcheck.models import (
    Approval,
    AuditEntry,
    Claim,
    ClaimCitation,
    ClaimConflict,
    DeskNote,
    DeskNotification,
    DeskProfile,
    Rating,
    RatingScale,
    Verdict,
    VerdictRevision,
    VerdictTranslation,
)
from factcheck.models.claims import (
    SHORT_CLAIM_MAX,
    Evidence,
    Weight,
    explain_evidence,
    is_locatable,
    weigh_evidence,
)
from factcheck.published import facets
from factcheck.published.items import store_item
from factcheck.signals import verdict_released
from factcheck.snapshot import build_snapshot
from factcheck.tasks import enqueue_desk_mail, enqueue_notification
from sources.models import Citation

State = Verdict.State
logger = logging.getLogger(__name__)

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
    """Re-read the verdict under a row lock, so two transitions cannot interleave.

    (SQLite has no row locks: there every transaction holds the write lock from its start, see
    transaction_mode in settings.)
    """
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
    committed or rolled back and only then reads the maximum; on SQLite every transaction holds
    the one write lock from its start (settings: transaction_mode). Called just before the final
    save, so the lock is held for a few statements only. released_at never goes backwards either, whatever
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
    # Readers see each conflict beside the verdict once the other claim is published too; a bare
    # "frames it differently" explains nothing, so each needs its sentence before publication.
    for conflict in (
        ClaimConflict.objects.involving(claim).filter(note="").select_related("claim", "other")
    ):
        problems.append(
            _(
                "The conflict with the claim “%(other)s” (%(kind)s) has no public note: say in "
                "one sentence how the two claims differ."
            )
            % {"other": conflict.counterpart(claim).short, "kind": conflict.get_kind_display()}
        )
    if verdict.public_revision_id and not (verdict.note_kind and verdict.note.strip()):
        problems.append(
            _(
                "Republishing needs a public note and its kind (correction, update or clarification)."
            )
        )
    return problems


# --- what an approval covers -----------------------------------------------------------------
#
# The two-person rule is only as wide as what an approval covers. Readers and partners get the
# snapshot frozen at publication, which holds the claim, its citations, its events and its figure
# as well as the verdict's own text, and those can be edited while the verdict waits in review.
# So an approval records a fingerprint of everything publishing would freeze, one digest per part
# so that a mismatch can be named, and it counts only while the verdict still has that
# fingerprint. Publication metadata (revision number, times, author) and the corrections of
# earlier revisions are no one's to review and take no part in it.

_PUBLICATION_METADATA = frozenset(
    {"id", "revision", "published_at", "first_published_at", "author"}
)
# Top-level snapshot keys that are not content, or are derived from parts fingerprinted anyway.
_NOT_CONTENT = frozenset({"format", "origin_count", "supporting_origins", "contradicting_origins"})
# build_snapshot stamps a publication time; any fixed one will do, it is left out of the digests.
_NO_TIME = datetime(2000, 1, 1, tzinfo=UTC)


# The fingerprint part of the verdict's version in one other language: "translation:<code>".
TRANSLATION = "translation:"


def language_name(code: str) -> str:
    """A language's name in the active language ("Russian", «русский»)."""
    from django.utils.translation import gettext

    return gettext(dict(settings.LANGUAGES).get(code, code))


def approval_languages(approval: Approval, verdict: Verdict) -> list[str]:
    """The languages whose text an approval saw: the verdict's own (which every approval covers,
    with the rating, the claim and the evidence) and each version its fingerprint holds."""
    return [
        verdict.language,
        *sorted(
            k.removeprefix(TRANSLATION) for k in approval.fingerprint if k.startswith(TRANSLATION)
        ),
    ]


def _covers(approved: dict[str, str], now: dict[str, str]) -> bool:
    """Whether an approval's fingerprint is of the content now, in the languages it covers: a
    version added since is not covered (it needs an approval of its own), one changed or removed
    since makes the approval stale."""
    if not approved:
        return False
    seen = {k for k in approved if k.startswith(TRANSLATION)}
    relevant = {k: v for k, v in now.items() if not k.startswith(TRANSLATION) or k in seen}
    return relevant == approved


def _digest(value) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _citation_label(cit: dict) -> str:
    source = cit.get("source") or {}
    return source.get("name_en") or source.get("name") or ""


def _fingerprint_parts(snapshot: dict) -> tuple[dict[str, str], dict[str, str]]:
    """The digests of a snapshot's parts, and a readable name for each citation, event and rating."""
    parts, labels = {}, {}
    verdict = snapshot["verdict"]
    for key, value in verdict.items():
        if key not in _PUBLICATION_METADATA:
            parts[f"verdict.{key}"] = _digest(value)
    # The public note of the revision being published; earlier revisions' notes are history.
    parts["note"] = _digest(
        [
            {k: v for k, v in entry.items() if k not in {"revision", "published_at"}}
            for entry in snapshot.get("corrections", [])
            if entry.get("revision") == verdict.get("revision")
        ]
    )
    parts["rating"] = _digest(snapshot["rating"])
    labels["rating"] = (snapshot["rating"] or {}).get("label_en", "")
    claim = snapshot["claim"]
    for key, value in claim.items():
        if key == "figure":
            parts["figure"] = _digest(value)
        elif key != "id":
            parts[f"claim.{key}"] = _digest(value)
    for cit in snapshot["citations"]:
        key = f"citation:{cit['id']}"
        # The evidence itself, and how this claim uses it, apart: each is named on its own.
        # (Its weight is derived from the evidence as a whole, which these parts cover.)
        parts[key] = _digest(
            {k: v for k, v in cit.items() if k not in {"stance", "note", "weight"}}
        )
        parts[f"{key}:use"] = _digest({"stance": cit.get("stance"), "note": cit.get("note")})
        labels[key] = _citation_label(cit)
    for event in snapshot["events"]:
        key = f"event:{event['id']}"
        parts[key] = _digest(event)
        labels[key] = event.get("title") or event.get("title_en") or ""
    # Each version in another language apart: an approval covers the languages whose text it
    # saw (approval_languages), and an unreviewed one keeps the verdict from publication.
    for text in snapshot.get("translations") or ():
        parts[f"{TRANSLATION}{text['language']}"] = _digest(text)
    handled = {"verdict", "corrections", "rating", "claim", "citations", "events", "translations"}
    for key, value in snapshot.items():
        # Whatever else the snapshot comes to hold is covered too, if only by its key's name.
        if key not in handled and key not in _NOT_CONTENT:
            parts[key] = _digest(value)
    return parts, labels


def _publication(verdict: Verdict) -> tuple[dict[str, str], dict[str, str]]:
    subject = verdict
    if verdict.rating_id is None:
        # The snapshot needs a rating. A verdict without one can be approved but never published
        # (the publish check says so), and its rating cannot change in review: a blank stands in.
        subject = copy.copy(verdict)
        subject.rating = Rating(
            slug="", label="", label_en="", scale=RatingScale(best_value=0, worst_value=0)
        )
    return _fingerprint_parts(build_snapshot(subject, number=0, published_at=_NO_TIME))


def publication_fingerprint(verdict: Verdict) -> dict[str, str]:
    """One digest per part of what publishing this verdict now would freeze for readers.

    Keys: `verdict.<field>`, `note`, `rating`, `claim.<field>`, `figure`, `citation:<id>` (the
    citation) and `citation:<id>:use` (its stance and note for this claim), `event:<id>`.
    """
    return _publication(verdict)[0]


def _changed_parts(approved: dict[str, str], now: dict[str, str]) -> list[tuple[str, str]]:
    """(part, how) for each difference: how is "changed", "added" or "removed"."""
    changes = []
    for key, digest in now.items():
        if key not in approved:
            if not (key.endswith(":use") and key.removesuffix(":use") not in approved):
                changes.append((key, "added"))
        elif approved[key] != digest:
            changes.append((key, "changed"))
    for key in sorted(set(approved) - set(now)):
        if not (key.endswith(":use") and key.removesuffix(":use") not in now):
            changes.append((key, "removed"))
    return changes


CLAIM_PARTS = {
    "text": gettext_lazy("The claim's text changed"),
    "text_en": gettext_lazy("The claim's English translation changed"),
    "short": gettext_lazy("The claim's short form changed"),
    "language": gettext_lazy("The claim's language changed"),
    "claimant": gettext_lazy("Who made the claim (“made by”) changed"),
    "appeared_at": gettext_lazy("When the claim first appeared changed"),
    "appeared_precision": gettext_lazy("When the claim first appeared changed"),
    "slug": gettext_lazy("The claim's address (slug) changed"),
    "appeared_time_zone": gettext_lazy("When the claim first appeared changed"),
    "status": gettext_lazy("The claim's verification status changed"),
    "conflicts": gettext_lazy("The claim's conflicts with other claims changed"),
}
VERDICT_PARTS = {
    "headline": gettext_lazy("The verdict's headline changed"),
    "conclusion": gettext_lazy("The verdict's conclusion changed"),
    "explanation": gettext_lazy("The verdict's explanation changed"),
    "language": gettext_lazy("The verdict's language changed"),
}


def _name_changes(changes: list[tuple[str, str]], labels: dict[str, str]) -> list[str]:
    """Each change in an editor's words. `labels` names the parts of the current snapshot; parts
    it does not name (those removed since, or all when no snapshot was at hand) are named from
    the database."""
    labels = dict(labels)
    bases = {":".join(key.split(":")[:2]) for key, _how in changes}
    unnamed = {key.split(":")[0]: set() for key in bases}
    for base in bases - set(labels):
        kind, _sep, pk = base.partition(":")
        if kind in {"citation", "event"}:
            unnamed[kind].add(int(pk))
    if unnamed.get("citation"):
        for cit in Citation.objects.filter(pk__in=unnamed["citation"]).select_related("source"):
            labels[f"citation:{cit.pk}"] = cit.source.name_en or cit.source.name
    if unnamed.get("event"):
        for event in Event.objects.filter(pk__in=unnamed["event"]):
            labels[f"event:{event.pk}"] = event.title
    named = []
    for key, how in changes:
        if key.startswith("citation:"):
            number = key.split(":")[1]
            what = {"id": number, "source": labels.get(f"citation:{number}") or "?"}
            if key.endswith(":use"):
                text = _("The stance or note of citation %(id)s (%(source)s) changed") % what
            elif how == "added":
                text = _("Citation %(id)s (%(source)s) was added to the claim's evidence") % what
            elif how == "removed":
                text = (
                    _("Citation %(id)s (%(source)s) was removed from the claim's evidence") % what
                )
            else:
                text = _("Citation %(id)s (%(source)s) changed") % what
        elif key.startswith("event:"):
            what = {"title": labels.get(key) or key.split(":")[1]}
            text = {
                "added": _("Event «%(title)s» was linked to the claim"),
                "removed": _("Event «%(title)s» was unlinked from the claim"),
            }.get(how, _("Event «%(title)s» changed")) % what
        elif key.startswith("claim."):
            field_name = key.removeprefix("claim.")
            text = CLAIM_PARTS.get(field_name) or _("The claim's “%(field)s” changed") % {
                "field": field_name
            }
        elif key.startswith("verdict."):
            field_name = key.removeprefix("verdict.")
            text = VERDICT_PARTS.get(field_name) or _("The verdict's “%(field)s” changed") % {
                "field": field_name
            }
        elif key.startswith(TRANSLATION):
            what = {"language": language_name(key.removeprefix(TRANSLATION))}
            text = {
                "added": _("The version in %(language)s was added"),
                "removed": _("The version in %(language)s was removed"),
            }.get(how, _("The version in %(language)s changed")) % what
        elif key == "figure":
            text = _("The claim's figure changed")
        elif key == "note":
            text = _("The public note changed")
        elif key == "rating":
            text = _("The rating “%(label)s” changed") % {"label": labels.get("rating", "")}
        else:
            text = _("The published “%(part)s” changed") % {"part": key}
        if str(text) not in named:
            named.append(str(text))
    return named


def _names(users) -> str:
    return _(" and ").join(_display(user) for user in users)


@dataclass(frozen=True)
class ApprovalCheck:
    """The approvals of a verdict's current round of review, held against its current content."""

    fingerprint: dict[str, str]
    current: list[Approval]  # approvals of exactly what publishing would now freeze
    stale: list[Approval]  # given to content that has changed since
    problems: list[str] = field(default_factory=list)  # what changed, and what to do

    @property
    def missing(self) -> int:
        """Approvals missing for the verdict in its own language (and its claim and evidence)."""
        return max(0, settings.FACTCHECK_APPROVALS_REQUIRED - len(self.current))

    @property
    def missing_languages(self) -> dict[str, int]:
        """For each version in another language, the approvals of its text still missing: an
        approval counts for a version only if it saw that version's current text."""
        required = settings.FACTCHECK_APPROVALS_REQUIRED
        missing = {}
        for key in self.fingerprint:
            if key.startswith(TRANSLATION):
                seen = sum(
                    1 for a in self.current if a.fingerprint.get(key) == self.fingerprint[key]
                )
                if seen < required:
                    missing[key.removeprefix(TRANSLATION)] = required - seen
        return missing

    def missing_problems(self) -> list[str]:
        """The publish check's words for every missing approval, language by language."""
        problems = []
        if self.missing:
            problems.append(
                _("It needs %(n)s more approval(s) from an editor other than its author.")
                % {"n": self.missing}
            )
        return problems + self.language_problems()

    def language_problems(self) -> list[str]:
        """The approvals missing for the versions in other languages, one line per language."""
        problems = []
        for language, n in self.missing_languages.items():
            problems.append(
                _(
                    "The version in %(language)s needs %(n)s more approval(s) of its text: "
                    "an approval covers only the languages whose text the editor saw."
                )
                % {"language": language_name(language), "n": n}
            )
        return problems


def check_approvals(
    verdict: Verdict,
    *,
    fingerprint: dict[str, str] | None = None,
    publication: tuple[dict[str, str], dict[str, str]] | None = None,
) -> ApprovalCheck:
    approvals = list(
        verdict.approvals.filter(review_round=verdict.review_round)
        .select_related("editor")
        .order_by("created_at", "pk")
    )
    # With a fingerprint handed in, changed citations and events are named from the database.
    labels = {"rating": verdict.rating.label_en if verdict.rating_id else ""}
    if publication is not None:
        fingerprint, labels = publication  # what the caller is about to freeze (verdict_publish)
    elif fingerprint is None:
        if not approvals and not verdict.translations.exists():
            return ApprovalCheck({}, [], [])
        fingerprint, labels = _publication(verdict)
    if not approvals:
        return ApprovalCheck(fingerprint, [], [])
    current = [a for a in approvals if _covers(a.fingerprint, fingerprint)]
    stale = [a for a in approvals if not _covers(a.fingerprint, fingerprint)]
    problems = []
    if stale and len(current) < settings.FACTCHECK_APPROVALS_REQUIRED:
        # Group by change, so two editors' stale approvals name each change once.
        by_change: dict[str, list] = {}
        unrecorded = []
        for approval in stale:
            if not approval.fingerprint:
                unrecorded.append(approval.editor)
                continue
            changes = _changed_parts(approval.fingerprint, fingerprint)
            for text in _name_changes(changes, labels):
                by_change.setdefault(text, []).append(approval.editor)
        for text, editors in by_change.items():
            problems.append(
                _("%(change)s since %(editors)s approved it.")
                % {"change": text, "editors": _names(editors)}
            )
        if unrecorded:
            problems.append(
                _(
                    "%(editors)s approved this verdict before the desk recorded what an "
                    "approval covers, so what was approved then is not known."
                )
                % {"editors": _names(unrecorded)}
            )
        problems.append(
            ngettext(
                "An approval covers the verdict, its claim and evidence as they stood when it was "
                "given, so the approval of %(editors)s no longer counts. Review the changes (the "
                "claim's history is under “Revisions and audit log”) and approve again, or send "
                "the verdict back.",
                "An approval covers the verdict, its claim and evidence as they stood when it was "
                "given, so the approvals of %(editors)s no longer count. Review the changes (the "
                "claim's history is under “Revisions and audit log”) and approve again, or send "
                "the verdict back.",
                len(stale),
            )
            % {"editors": _names(a.editor for a in stale)}
        )
    return ApprovalCheck(fingerprint, current, stale, problems)


def fingerprint_token(fingerprint: dict[str, str]) -> str:
    """One digest of a whole fingerprint, for a page to carry what it showed (verdict_approve)."""
    return _digest(fingerprint)


def approvals_missing(verdict: Verdict) -> int:
    """How many more approvals of the verdict's current content publishing needs, in the
    language that needs the most."""
    check = check_approvals(verdict)
    return max([check.missing, *check.missing_languages.values()])


# --- transitions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Notice:
    kind: str
    verdict_id: int
    actor_id: int
    comment: str = ""


def _after_commit(notice: _Notice) -> None:
    # Mail is queued as a task of its own (factcheck.tasks), retried there; robust=True so that a
    # failure to queue it is logged and never stops the other callbacks (the partners' webhooks)
    # nor turns the committed transition into an error page.
    transaction.on_commit(
        lambda: enqueue_notification(
            notice.kind, notice.verdict_id, notice.actor_id, notice.comment
        ),
        robust=True,
    )


def _release_after_commit(*, verdict: Verdict, revision, event: str) -> None:
    # Publishing has committed and stays done: each receiver runs even if another one fails
    # (send_robust), and whatever fails is logged, never turned into an error page.
    def release():
        for receiver, result in verdict_released.send_robust(
            sender=Verdict, verdict=verdict, revision=revision, event=event
        ):
            if isinstance(result, Exception):
                logger.error(
                    "A receiver of verdict_released failed (%s)",
                    receiver,
                    exc_info=(type(result), result, result.__traceback__),
                )

    transaction.on_commit(release, robust=True)


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


def _editable_copy(verdict: Verdict, by, version: int) -> Verdict:
    """The verdict's row, locked, if `by` may change it now from the copy numbered `version`."""
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
    return current


def _record_edit(current: Verdict, by, update: list[str], action: str, data: dict) -> None:
    """Save an edit of the working copy and audit it. Readers keep the published revision: an
    edit of a published verdict reopens it, and becomes the next revision after review."""
    from_state = current.state
    if current.state == State.PUBLISHED:
        current.state = State.DRAFT
        update = [*update, "state"]
    _save(current, by, update)
    log_action(
        subject=current,
        action="factcheck.verdict.reopened" if from_state == State.PUBLISHED else action,
        by=by,
        from_state=from_state,
        to_state=current.state,
        data=data,
    )


@transaction.atomic
def verdict_update(*, verdict: Verdict, by, version: int, **fields) -> Verdict:
    """Save an editor's changes, unless someone else saved since the editor's copy was read."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable through verdict_update: {sorted(unknown)}")
    current = _editable_copy(verdict, by, version)
    changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if not changed:
        return current
    for name, value in changed.items():
        setattr(current, name, value)
    _record_edit(
        current, by, list(changed), "factcheck.verdict.edited", {"fields": sorted(changed)}
    )
    return current


@transaction.atomic
def verdict_translation_save(
    *,
    verdict: Verdict,
    by,
    version: int,
    language: str,
    headline: str = "",
    conclusion: str = "",
    explanation: str = "",
    remove: bool = False,
) -> Verdict:
    """Write (or, with `remove`, take away) the verdict's version in `language`.

    Part of the working copy like the verdict's own text: refused on a stale copy or in a state
    that cannot be edited, it bumps the verdict's version, and reopens a published verdict (readers
    keep the published revision, in every language, until the next one is reviewed)."""
    current = _editable_copy(verdict, by, version)
    existing = current.translations.filter(language=language).first()
    if remove:
        if existing is None:
            return current
        existing.delete()
        action_data = {"language": language, "removed": True}
    else:
        texts = {"headline": headline, "conclusion": conclusion, "explanation": explanation}
        row = existing or VerdictTranslation(verdict=current, language=language)
        if existing is not None and all(getattr(row, k) == v for k, v in texts.items()):
            return current
        for name, value in texts.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
        action_data = {"language": language, "fields": sorted(texts)}
    _record_edit(current, by, [], "factcheck.verdict.translated", action_data)
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
def verdict_approve(*, verdict: Verdict, by, comment: str = "", seen: str | None = None) -> Verdict:
    """Approve the verdict's current round, as its content now stands.

    `seen` is the fingerprint_token of the page the editor approved from: if the verdict, its
    claim or its evidence changed since that page was shown, the editor approved something they
    did not see, and the approval is refused.
    """
    current = _locked(verdict)
    _require_perm(by, "factcheck.review_verdict", _("review verdicts"))
    _require_state(current, {State.IN_REVIEW}, _("approved"))
    if by.pk in {current.author_id, current.submitted_by_id}:
        raise NotAllowed(_("You wrote or submitted this verdict: another editor must approve it."))
    fingerprint, labels = _publication(current)
    if seen is not None and seen != fingerprint_token(fingerprint):
        raise WrongState(
            _(
                "The verdict, its claim or its evidence changed after you opened this page, so it "
                "was not approved. Look at the current version, then approve again."
            )
        )
    mine = current.approvals.filter(review_round=current.review_round, editor=by).first()
    data = {"round": current.review_round}
    if mine is None:
        Approval.objects.create(
            verdict=current,
            review_round=current.review_round,
            editor=by,
            comment=comment,
            fingerprint=fingerprint,
        )
        action = "factcheck.verdict.approved"
    elif mine.fingerprint == fingerprint:
        raise WrongState(
            _("You have already approved this round of review, and nothing has changed since.")
        )
    else:
        # The claim or its evidence changed after this editor approved: the same round, the
        # editor's one approval, now of the current content. The audit log keeps both times.
        # An approval from before fingerprints were recorded cannot say what changed since.
        data["changed"] = (
            _name_changes(_changed_parts(mine.fingerprint, fingerprint), labels)
            if mine.fingerprint
            else []
        )
        mine.fingerprint, mine.comment, mine.created_at = fingerprint, comment, timezone.now()
        mine.save(update_fields=["fingerprint", "comment", "created_at"])
        action = "factcheck.verdict.reapproved"
    _save(current, by, [])
    check = check_approvals(current, fingerprint=fingerprint)
    data["missing"] = check.missing
    data["languages"] = approval_languages(Approval(fingerprint=fingerprint), current)
    if check.missing_languages:
        data["missing_languages"] = check.missing_languages
    log_action(
        subject=current,
        action=action,
        by=by,
        from_state=current.state,
        to_state=current.state,
        comment=comment,
        data=data,
    )
    return current


@transaction.atomic
def verdict_publish(*, verdict: Verdict, by) -> VerdictRevision:
    current = _locked(verdict)
    _require_perm(by, "factcheck.publish_verdict", _("publish verdicts"))
    # A context of its own: "published" is also a date column ("опубликовано"); here it ends
    # "A verdict that is … cannot be …" and agrees with the verdict ("опубликован").
    _require_state(current, {State.IN_REVIEW}, pgettext("a verdict cannot be …", "published"))
    now = timezone.now()
    last = current.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    number = last + 1
    # What is frozen is what the approvals are checked against: the snapshot is built once, in
    # this transaction, and its fingerprint (which leaves out the number and the time) compared
    # with the approvals'. A claim or citation edited a moment earlier shows as a stale approval.
    snapshot = None
    if current.rating_id is not None:  # without a rating there is nothing to freeze (a problem)
        snapshot = build_snapshot(current, number=number, published_at=now)
    approvals = check_approvals(
        current, publication=_fingerprint_parts(snapshot) if snapshot else None
    )
    problems = publish_problems(current)
    missing = approvals.missing_problems()
    if missing:
        problems[:0] = [*missing, *approvals.problems]
    if problems:
        raise PublishBlocked(*problems)

    revision = VerdictRevision.of(
        current, number=number, published_at=now, by=by, snapshot=snapshot
    )
    revision.save(force_insert=True)
    event = NOTE_ACTIONS[current.note_kind]
    # A verdict in review is never retracted (retraction is final), so the revision readers saw
    # until now, if any, is the public one.
    before = current.public_revision if current.public_revision_id else None
    current.public_revision = revision
    current.state = State.PUBLISHED
    current.first_published_at = current.first_published_at or now
    # The note now lives on its revision; the next round of edits needs a note of its own.
    current.note_kind, current.note = "", ""
    released = _stamp_release(current)
    released += store_item(current)
    _save(
        current,
        by,
        ["public_revision", "state", "first_published_at", "note_kind", "note", *released],
    )
    facets.record_release(
        current.pk, before=before, after=revision, released_at=current.released_at
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
    _release_after_commit(verdict=current, revision=revision, event=event)
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
    released += store_item(current)  # the tombstone
    _save(current, by, ["state", "retracted_at", "retraction_reason", *released])
    facets.record_release(current.pk, before=current.public_revision, after=None)
    log_action(
        subject=current,
        action="factcheck.verdict.retracted",
        by=by,
        from_state=from_state,
        to_state=current.state,
        comment=current.retraction_reason,
    )
    _after_commit(_Notice("retracted", current.pk, by.pk, current.retraction_reason))
    _release_after_commit(verdict=current, revision=None, event="retracted")
    return current


def allowed_transitions(
    verdict: Verdict, user, *, fingerprint: dict[str, str] | None = None
) -> list[str]:
    """Which transition buttons this user should see on this verdict (the services still decide).

    `fingerprint`, the verdict's publication_fingerprint if the caller has it, saves reading it.
    """
    allowed = []
    if verdict.state in {State.DRAFT, State.SENT_BACK} and may_edit(verdict, user):
        allowed.append("submit")
    if verdict.state == State.IN_REVIEW and user.has_perm("factcheck.review_verdict"):
        allowed.append("send_back")
        mine = verdict.approvals.filter(review_round=verdict.review_round, editor=user).first()
        # An approval of content that has changed since may be given again (verdict_approve).
        already = mine is not None and mine.fingerprint == (
            fingerprint or publication_fingerprint(verdict)
        )
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


# --- who is on what, by when (issue 11) ------------------------------------------------------


def desk_users():
    """The people work can be assigned to: active members of the desk (reporters, editors)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name__in=["reporter", "editor"])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _admin_link(subject: Claim | Verdict) -> str:
    opts = subject._meta
    from django.urls import reverse

    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[subject.pk])


def remember_desk_language(sender=None, request=None, user=None, **kwargs) -> None:
    """Record the language a person signed in to the desk with (a user_logged_in receiver): the
    desk's notifications and mails speak it to them (recipient_language)."""
    if user is None or not user.pk:
        return
    language = translation.get_language() or settings.LANGUAGE_CODE
    language = language.split("-")[0]
    if language not in dict(settings.LANGUAGES):
        return
    DeskProfile.objects.update_or_create(user=user, defaults={"language": language})


def recipient_language(user) -> str:
    """The language to write to `user` in: the one they last signed in with, else the site's."""
    found = DeskProfile.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return found or settings.LANGUAGE_CODE


def notify(*, recipient, text, link: str) -> DeskNotification:
    """An in-desk notice to `recipient`, and the same by mail once the transaction commits.

    `text`: the notice, or a function making it, called in the recipient's language (so that a
    Russian editor is told in Russian by an English-speaking reporter, and the other way round).
    """
    if callable(text):
        with translation.override(recipient_language(recipient)):
            text = str(text())
    notice = DeskNotification.objects.create(recipient=recipient, text=text[:300], link=link)
    if recipient.email:
        # Queued like the workflow's mail (factcheck.tasks), robust for the same reasons.
        transaction.on_commit(lambda: enqueue_desk_mail(notice.pk), robust=True)
    return notice


@transaction.atomic
def assign(
    *,
    subject: Claim | Verdict,
    by,
    assignee: AbstractBaseUser | None,
    due_at: datetime | None,
) -> Claim | Verdict:
    """Put `assignee` (or nobody) on a claim or verdict, due at `due_at` (or no time), audited.

    Only the two assignment columns are written (an UPDATE, not a save): assigning someone does
    not bump the verdict's version, so an editor with the form open does not lose their edit.
    """
    model = type(subject)
    what = model._meta.model_name
    _require_perm(by, f"factcheck.change_{what}", _("assign work"))
    if assignee is not None and not desk_users().filter(pk=assignee.pk).exists():
        raise NotAllowed(_("Work can be assigned only to a reporter or an editor of the desk."))
    current = model.objects.select_for_update(of=("self",)).get(pk=subject.pk)
    before = (current.assignee_id, current.due_at)
    if before == (assignee.pk if assignee else None, due_at):
        return current
    model.objects.filter(pk=current.pk).update(assignee=assignee, due_at=due_at)
    previous = current.assignee
    current.assignee, current.due_at = assignee, due_at
    log_action(
        subject=current,
        action=f"factcheck.{what}.assigned",
        by=by,
        data={
            "assignee": assignee.get_username() if assignee else None,
            "previous": previous.get_username() if previous else None,
            "due_at": due_at.isoformat() if due_at else None,
        },
    )
    if assignee is not None and assignee.pk != by.pk:

        def text():
            if due_at:
                return _("%(who)s assigned “%(title)s” to you, due %(when)s.") % {
                    "who": _display(by),
                    "title": str(current),
                    "when": timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M %Z"),
                }
            return _("%(who)s assigned “%(title)s” to you.") % {
                "who": _display(by),
                "title": str(current),
            }

        notify(recipient=assignee, text=text, link=_admin_link(current))
    return current


def notification_open(*, notification: DeskNotification, by) -> DeskNotification:
    """Mark one's own notice read (opening it); another person's notice is refused."""
    if notification.recipient_id != by.pk:
        raise NotAllowed(_("This notification is someone else's."))
    if not notification.read:
        DeskNotification.objects.filter(pk=notification.pk).update(read=True)
        notification.read = True
    return notification


# @username in a note: Django's username characters (letters, digits, @.+-_), not ending in a dot
# (so "@rita." at the end of a sentence mentions rita).
MENTION = re.compile(r"(?<![\w@])@([\w.@+-]*[\w@+-])")


def mentioned(text: str) -> list:
    """The desk members a note mentions by @username, each once, in the order first mentioned."""
    names = list(dict.fromkeys(MENTION.findall(text)))
    if not names:
        return []
    found = {u.get_username(): u for u in desk_users().filter(username__in=names)}
    return [found[name] for name in names if name in found]


@transaction.atomic
def note_add(*, subject: Claim | Verdict, by, text: str) -> DeskNote:
    """Add an internal note to a claim's or a verdict's thread; tell those it @mentions."""
    what = type(subject)._meta.model_name
    _require_perm(by, f"factcheck.view_{what}", _("write notes"))
    text = text.strip()
    if not text:
        raise WorkflowError(_("Write the note first: it is empty."))
    note = DeskNote(author=by, text=text, **{what: subject})
    note.full_clean()
    note.save()
    mentions = [user for user in mentioned(text) if user.pk != by.pk]
    log_action(
        subject=subject,
        action=f"factcheck.{what}.noted",
        by=by,
        data={"note": note.pk, "mentions": [user.get_username() for user in mentions]},
    )
    for user in mentions:
        notify(
            recipient=user,
            text=lambda: (
                _("%(who)s mentioned you in a note on “%(title)s”: %(text)s")
                % {"who": _display(by), "title": str(subject), "text": text[:120]}
            ),
            link=_admin_link(subject) + "#desk-notes",
        )
    return note


def claim_link_duplicate(*, claim: Claim, of: Claim | None, by) -> Claim:
    """Record `claim` as a duplicate of `of` (None: not a duplicate any more), audited.

    The link goes to the original: linking to a claim that is itself a duplicate links to the
    claim that one points at, so a duplicate never hides behind another and the desk's record
    for a statement stays one claim. A claim is never its own duplicate (claim_not_own_duplicate),
    nor the duplicate of one of its own duplicates.
    """
    _require_perm(by, "factcheck.change_claim", _("change claims"))
    with transaction.atomic():
        current = Claim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
        original = None
        if of is not None:
            original = Claim.objects.get(pk=of.duplicate_of_id or of.pk)
            if original.pk == current.pk:
                raise WorkflowError(
                    _("“%(other)s” is recorded as a duplicate of this claim.") % {"other": of}
                    if of.pk != current.pk
                    else _("A claim cannot be a duplicate of itself.")
                )
        before = current.duplicate_of_id
        if before == (original.pk if original else None):
            return current
        Claim.objects.filter(pk=current.pk).update(duplicate_of=original)
        current.duplicate_of = original
        log_action(
            subject=current,
            action="factcheck.claim.duplicate_linked"
            if original
            else "factcheck.claim.duplicate_unlinked",
            by=by,
            data={"duplicate_of": original.pk if original else None, "previous": before},
        )
    return current
