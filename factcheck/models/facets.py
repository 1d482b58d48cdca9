from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PublicFacet(models.Model):
    """How many published verdicts name one claimant, event or source, per rating: a maintained
    count, so that what the site's filters and indexes offer costs O(facets), not O(archive).

    Written only by factcheck.published.facets (called by the publish and retract services in
    their transaction, under the feed lock); `rebuild()` there recomputes it from the published
    snapshots, for migrations and bulk loads. A row exists only while its count is above zero.
    """

    class Kind(models.TextChoices):
        ALL = "all", _("All published verdicts")  # object_id 0: the totals per rating
        CLAIMANT = "claimant", _("Claimant")
        EVENT = "event", _("Event")
        # A source that published a citation the verdict rests on, or that a citation relays.
        CITED = "cited", _("Cited source")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    rating = models.ForeignKey(
        "factcheck.Rating", verbose_name=_("rating"), on_delete=models.PROTECT, related_name="+"
    )
    verdicts = models.PositiveIntegerField(_("published verdicts"))

    class Meta:
        verbose_name = _("public facet")
        verbose_name_plural = _("public facets")
        constraints = [
            # Also the index of every read: WHERE kind = :kind [AND object_id = :id] (the home
            # page's filters and page counts, the sources index, public.events()/sources()).
            models.UniqueConstraint(
                fields=["kind", "object_id", "rating"], name="publicfacet_unique"
            ),
            models.CheckConstraint(condition=Q(verdicts__gt=0), name="publicfacet_positive"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.rating_id}): {self.verdicts}"


class PublicMention(models.Model):
    """That a published verdict, at its public revision, names a claimant, an event or a cited
    source: the rows behind "published verdicts naming X" (an event's timeline and figures, a
    source's page, the home page's event filter), found through an index instead of by reading
    every published snapshot. Same writer and same lifetime as PublicFacet's counts."""

    Kind = PublicFacet.Kind

    verdict = models.ForeignKey(
        "factcheck.Verdict", verbose_name=_("verdict"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    # The verdict's released_at (its last publication), copied at each release so that the
    # latest verdicts naming X are read in order from the index below.
    released_at = models.DateTimeField(_("released"))

    class Meta:
        verbose_name = _("public mention")
        verbose_name_plural = _("public mentions")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "verdict"], name="publicmention_unique"
            ),
        ]
        indexes = [
            # public.mentioning() (verdict_id WHERE kind = :kind AND object_id IN (:ids)) and
            # public.latest_mentioning() (per object: ORDER BY released_at DESC, verdict_id DESC
            # LIMIT n, a backward walk): event timelines and figures, source pages, the home
            # page's event and claimant filters.
            models.Index(
                fields=["kind", "object_id", "released_at", "verdict"],
                name="publicmention_latest_idx",
            ),
        ]

    def __str__(self):
        return f"verdict {self.verdict_id} names {self.kind} {self.object_id}"


class ClaimantTotal(models.Model):
    """How many published verdicts name one source as the claimant, all ratings together: the
    sum of its PublicFacet rows of kind claimant, kept beside them so that the sources index
    orders claimants by it through an index and reads only its page (summing every claimant's
    counts and sorting them in Python for each page cost 40 ms of CPU at 1M verdicts, 786
    claimants).

    Same writer and lifetime as PublicFacet (factcheck.published.facets): a row exists only
    while its count is above zero. Its own table rather than a column on Source, so that saving
    a source in the admin never writes back a count read before a publication.
    """

    source = models.OneToOneField(
        "sources.Source",
        verbose_name=_("source"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    verdicts = models.PositiveIntegerField(_("published verdicts"))

    class Meta:
        verbose_name = _("claimant total")
        verbose_name_plural = _("claimant totals")
        constraints = [
            models.CheckConstraint(condition=Q(verdicts__gt=0), name="claimanttotal_positive"),
        ]
        indexes = [
            # The sources index (factcheck.site.sources.index): ORDER BY verdicts DESC, then
            # the source's name and id, LIMIT 50 OFFSET n: read from this index's start, the
            # few claimants sharing a count sorted as they come (an incremental sort).
            models.Index(models.F("verdicts").desc(), "source", name="claimanttotal_order_idx"),
        ]

    def __str__(self):
        return f"claimant {self.source_id}: {self.verdicts}"
