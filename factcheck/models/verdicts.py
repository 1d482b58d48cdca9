from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from factcheck.models.work import (
    OPEN_VERDICT_STATES,
    assignee_field,
    assignment_indexes,
    due_field,
)


class VerdictQuerySet(models.QuerySet):
    # The one definition of what readers and partners may see. Pages, the API, feeds, the sitemap,
    # search and webhooks all start from these two methods; nothing else decides visibility.
    def published(self):
        """Verdicts with a published revision that has not been retracted."""
        return self.filter(public_revision__isnull=False).exclude(state=Verdict.State.RETRACTED)

    def released(self):
        """Published verdicts plus the tombstones of retracted ones, for feeds that must say so."""
        return self.filter(public_revision__isnull=False)


class Verdict(models.Model):
    """The desk's ruling on a claim: the working copy editors change.

    Readers never see this row's text directly: they see `public_revision`, a frozen copy made at
    publication. Editing a published verdict changes only the working copy, which goes through
    review again before a new revision replaces the public one.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        SENT_BACK = "sent_back", _("Sent back")
        PUBLISHED = "published", _("Published")
        RETRACTED = "retracted", _("Retracted")

    class NoteKind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")
        CLARIFICATION = "clarification", _("Clarification")

    claim = models.ForeignKey(
        "factcheck.Claim",
        verbose_name=_("claim"),
        on_delete=models.PROTECT,
        related_name="verdicts",
    )
    rating = models.ForeignKey(
        "factcheck.Rating",
        verbose_name=_("rating"),
        on_delete=models.PROTECT,
        related_name="verdicts",
        null=True,
        blank=True,
    )
    headline = models.CharField(_("headline"), max_length=200)
    conclusion = models.TextField(
        _("conclusion"), blank=True, help_text=_("Two or three sentences: what we found.")
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("The full reasoning, in Markdown. Mention every contradicting source."),
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="verdicts",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    # Whoever sent the current round to review; like the author, they may not approve it.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False
    )
    # Bumped by every save through the services; a save carrying an older number is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Approvals count only for the current round of review; resubmitting starts a new round.
    review_round = models.PositiveIntegerField(default=0, editable=False)
    note_kind = models.CharField(
        _("kind of public note"),
        max_length=20,
        choices=NoteKind.choices,
        blank=True,
        help_text=_("Required when republishing a published verdict."),
    )
    note = models.TextField(
        _("public note"),
        blank=True,
        help_text=_("What changed and why, shown on the verdict and in the corrections log."),
    )
    review_by = models.DateField(
        _("re-review by"),
        null=True,
        blank=True,
        help_text=_("When the published verdict is due for a fresh look."),
    )
    public_revision = models.OneToOneField(
        "factcheck.VerdictRevision",
        verbose_name=_("public revision"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, editable=False)
    retracted_at = models.DateTimeField(_("retracted"), null=True, editable=False)
    retraction_reason = models.TextField(_("reason for retraction"), blank=True, editable=False)
    # When, and at which position in the partner feed, readers' view of this verdict last changed
    # (publication, republication, retraction). Unlike updated_at, working-copy edits leave them
    # alone. Both are stamped by factcheck.services under the feed lock, as the last step before
    # commit, so positions appear in commit order: see services._stamp_release.
    released_at = models.DateTimeField(_("released"), null=True, editable=False)
    feed_seq = models.PositiveBigIntegerField(_("feed position"), null=True, editable=False)
    # The partner feed's item for the current release, as the JSON text the API sends, written with
    # the release by factcheck.published.items.store_item (from the public revision's snapshot,
    # never from the working copy): a feed page joins these texts instead of rebuilding each item.
    # NULL when not stored (never released, or an item naming conflicts); used only while
    # feed_item_key equals items.item_key() (the URLs it carries and its format are current).
    feed_item = models.TextField(null=True, blank=True, editable=False)
    # The same for the partner API's claims list (the claim item) and ClaimReview DataFeed (the
    # verdict's DataFeedItem), stored together with feed_item under feed_item_key: a page of
    # either list joins these texts instead of reading and re-encoding each snapshot. NULL for a
    # tombstone (neither list shows it) and, for the claim item, where feed_item is NULL.
    claim_item = models.TextField(null=True, blank=True, editable=False)
    review_item = models.TextField(null=True, blank=True, editable=False)
    feed_item_key = models.CharField(max_length=16, blank=True, editable=False)
    # Who on the desk is on this verdict, by when (issue 11): written by services.assign only.
    assignee = assignee_field()
    due_at = due_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The stored feed item is derived from the public revision, which keeps its own history.
    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "feed_item",
            "claim_item",
            "review_item",
            "feed_item_key",
            "assignee",
            "due_at",
        ]
    )
    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        permissions = [
            ("review_verdict", _("Can approve verdicts or send them back")),
            ("publish_verdict", _("Can publish, correct and retract verdicts")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["claim"], name="verdict_one_per_claim"),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(public_revision__isnull=False),
                name="verdict_published_has_revision",
            ),
            models.CheckConstraint(
                condition=~Q(state="retracted") | ~Q(retraction_reason=""),
                name="verdict_retraction_has_reason",
                violation_error_message=_("A retraction needs its reason."),
            ),
            # Also the partner feed's keyset: released verdicts WHERE feed_seq > :cursor
            # ORDER BY feed_seq LIMIT n (factcheck.api.pagination), one index range read.
            models.UniqueConstraint(fields=["feed_seq"], name="verdict_feed_seq_unique"),
        ]
        indexes = [
            # The partner feed's `updated_since` entry point and its Last-Modified (max).
            models.Index(
                fields=["released_at"],
                name="verdict_released_at_idx",
                condition=Q(released_at__isnull=False),
            ),
            # The partner feed ordered by first publication (`ordering=published` / `-published`)
            # and the site's latest verdicts: a keyset walk over released verdicts.
            models.Index(
                fields=["first_published_at", "id"],
                name="verdict_first_published_idx",
                condition=Q(public_revision__isnull=False),
            ),
            # The site's latest verdicts (factcheck.published.public.latest: the home page's
            # cards, the sitemap): published() ORDER BY released_at DESC, id DESC LIMIT n, a
            # backward walk of this index whose condition is published()'s own.
            models.Index(
                fields=["released_at", "id"],
                name="verdict_published_latest_idx",
                condition=Q(public_revision__isnull=False) & ~Q(state="retracted"),
            ),
            # The review queue on the admin index: verdicts awaiting review, oldest first.
            models.Index(
                fields=["updated_at"],
                name="verdict_in_review_idx",
                condition=Q(state="in_review"),
            ),
            # The admin's verdict list in its default order (Meta.ordering: last changed first,
            # then pk) and its "updated" date filter: a page is read off the index, no sort.
            models.Index(fields=["-updated_at", "id"], name="verdict_updated_idx"),
            # The admin index's "my drafts" and "sent back to me": one author's verdicts in one
            # state, oldest change first (factcheck.admin.verdicts.desk_queue).
            models.Index(
                fields=["author", "state", "updated_at", "id"],
                name="verdict_author_queue_idx",
                condition=Q(state__in=["draft", "sent_back"]),
            ),
            # The admin index's "due for re-review": published verdicts whose review_by has
            # passed, most overdue first (desk_queue).
            models.Index(
                fields=["review_by", "id"],
                name="verdict_review_by_idx",
                condition=Q(review_by__isnull=False, public_revision__isnull=False),
            ),
            # The admin index's "my drafts" for an editor who reopened or last edited a verdict
            # they did not write (a correction in progress): one user's drafts by last change.
            models.Index(
                fields=["updated_by", "updated_at", "id"],
                name="verdict_editor_drafts_idx",
                condition=Q(state="draft"),
            ),
            *assignment_indexes("verdict", Q(state__in=OPEN_VERDICT_STATES)),
        ]

    def __str__(self):
        return self.headline or str(self.claim)


def verdict_language_choices() -> list[tuple[str, str]]:
    """The languages a verdict can have a version in (FACTCHECK_VERDICT_LANGUAGES), named."""
    names = dict(settings.LANGUAGES)
    return [(code, names.get(code, code)) for code in settings.FACTCHECK_VERDICT_LANGUAGES]


class VerdictTranslation(models.Model):
    """The verdict's text in another language than its own (issue 11): a version readers of that
    language get, reviewed and published with the verdict.

    The verdict's own fields hold its version in `Verdict.language`; a translation holds each
    other one, written and changed only through factcheck.services (verdict_translation_save),
    which treats it as part of the working copy: it bumps the verdict's version, reopens a
    published verdict, and publishing freezes every translation into the snapshot, each one
    needing its own approval (services.check_approvals).
    """

    verdict = models.ForeignKey(
        Verdict, verbose_name=_("verdict"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=8)
    headline = models.CharField(_("headline"), max_length=200)
    conclusion = models.TextField(_("conclusion"))
    explanation = models.TextField(
        _("explanation"), help_text=_("The full reasoning, in Markdown, in this language.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["verdict", "language"]
        verbose_name = _("version in another language")
        verbose_name_plural = _("versions in other languages")
        constraints = [
            # Also the lookup of a verdict's versions (verdict_id = :id ORDER BY language).
            models.UniqueConstraint(
                fields=["verdict", "language"], name="verdict_translation_once_per_language"
            ),
            models.CheckConstraint(
                condition=~Q(headline="") & ~Q(conclusion="") & ~Q(explanation=""),
                name="verdict_translation_complete",
                violation_error_message=_(
                    "A version needs its headline, conclusion and explanation."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.headline} [{self.language}]"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.language not in settings.FACTCHECK_VERDICT_LANGUAGES:
            raise ValidationError(
                {
                    "language": _("The desk writes verdicts in %(languages)s only.")
                    % {"languages": ", ".join(settings.FACTCHECK_VERDICT_LANGUAGES)}
                }
            )
        if self.verdict_id and self.language == self.verdict.language:
            raise ValidationError(
                {
                    "language": _(
                        "This is the verdict's own language: its text is the verdict's "
                        "headline, conclusion and explanation."
                    )
                }
            )


class VerdictRevision(models.Model):
    """A frozen, published copy of a verdict: what readers and partners see, kept for good."""

    verdict = models.ForeignKey(
        Verdict, verbose_name=_("verdict"), on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("revision"))
    rating = models.ForeignKey(
        "factcheck.Rating", verbose_name=_("rating"), on_delete=models.PROTECT, related_name="+"
    )
    headline = models.CharField(_("headline"), max_length=200)
    conclusion = models.TextField(_("conclusion"))
    explanation = models.TextField(_("explanation"))
    language = models.CharField(_("language"), max_length=8)
    note_kind = models.CharField(
        _("kind of public note"), max_length=20, choices=Verdict.NoteKind.choices, blank=True
    )
    note = models.TextField(_("public note"), blank=True)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The claim and its evidence as they stood when this revision was published, so that a
    # half-edited claim never reaches readers either; also the partner feed's serialized form.
    snapshot = models.JSONField(_("snapshot"), default=dict)

    class Meta:
        ordering = ["verdict", "-number"]
        verbose_name = _("published revision")
        verbose_name_plural = _("published revisions")
        constraints = [
            models.UniqueConstraint(fields=["verdict", "number"], name="revision_number_unique"),
            models.CheckConstraint(
                condition=Q(number=1) | (~Q(note_kind="") & ~Q(note="")),
                name="revision_republish_has_note",
                violation_error_message=_(
                    "A republished verdict needs a public note and its kind."
                ),
            ),
        ]
        indexes = [
            # The corrections log: revisions that carry a public note, newest first.
            models.Index(
                fields=["-published_at"], name="revision_notes_idx", condition=~Q(note_kind="")
            ),
        ]

    def __str__(self):
        return f"{self.headline} (r{self.number})"

    @classmethod
    def of(cls, verdict: Verdict, *, number: int, published_at, by, snapshot: dict, **extra):
        """The revision that publishing `verdict`'s working copy freezes (unsaved): the one
        place that says which working-copy fields a revision copies, for services.verdict_publish
        and for bench/generate.py's bulk loads."""
        return cls(
            verdict=verdict,
            number=number,
            rating=verdict.rating,
            headline=verdict.headline,
            conclusion=verdict.conclusion,
            explanation=verdict.explanation,
            language=verdict.language,
            note_kind=verdict.note_kind,
            note=verdict.note.strip(),
            published_at=published_at,
            published_by=by,
            snapshot=snapshot,
            **extra,
        )


class Approval(models.Model):
    """An editor's approval of a verdict in one round of review, of the content it then had.

    One row per editor and round: when the approved content changes, the editor approves again
    and the row is renewed (see services.verdict_approve).
    """

    verdict = models.ForeignKey(
        Verdict, verbose_name=_("verdict"), on_delete=models.CASCADE, related_name="approvals"
    )
    review_round = models.PositiveIntegerField(_("review round"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    # What the editor approved: one digest per part of the page publishing would freeze (the
    # verdict's text, the claim, each citation, each event, the figure), written by
    # factcheck.services.publication_fingerprint. An approval counts only while the verdict still
    # has this fingerprint, so an edit to the claim or its evidence after approval cannot reach
    # readers unreviewed. Empty for approvals given before fingerprints existed: never current.
    fingerprint = models.JSONField(_("what was approved"), default=dict, editable=False)
    # Given, or given again after the approved content changed (the audit log keeps each time).
    created_at = models.DateTimeField(_("approved"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["verdict", "review_round", "editor"], name="approval_once_per_round"
            ),
        ]

    def __str__(self):
        # Shown in the admin (the approvals inline on a verdict), so in the desk's language.
        return _("%(editor)s approved “%(verdict)s” (round %(round)s)") % {
            "editor": self.editor,
            "verdict": self.verdict,
            "round": self.review_round,
        }
