from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Source(models.Model):
    """Whoever published or said something: an outlet, an agency, a government body, a person."""

    class Kind(models.TextChoices):
        OUTLET = "outlet", _("News outlet")
        AGENCY = "agency", _("News agency")
        GOVERNMENT = "government", _("Government body")
        OFFICIAL = "official", _("Official")
        ORGANISATION = "organisation", _("Organisation")
        SOCIAL = "social", _("Social-media channel")
        PERSON = "person", _("Person")

    name = models.CharField(_("name"), max_length=200, help_text=_("As the source names itself."))
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("home URL"), max_length=500, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code, e.g. KZ.")
    )
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("BCP 47 code, e.g. ru, kk, en.")
    )
    description = models.TextField(_("description"), blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, allow_unicode=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="source_name_kind_unique"),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=r"^[A-Z]{2}$"),
                name="source_country_iso_code",
                violation_error_message=_("Country must be a two-letter upper-case ISO code."),
            ),
        ]

    def __str__(self):
        if self.name_en and self.name_en != self.name:
            return f"{self.name} ({self.name_en})"
        return self.name


class Citation(models.Model):
    """One concrete piece of evidence from a source: a passage quoted exactly, with where it is."""

    source = models.ForeignKey(
        Source,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="citations",
    )
    relays = models.ForeignKey(
        Source,
        verbose_name=_("relays"),
        on_delete=models.PROTECT,
        related_name="relayed_by",
        null=True,
        blank=True,
        help_text=_(
            'Whom this piece only passes on ("according to the MVD", "Orda.kz reports"). '
            "Citations relaying the same source count as one independent origin."
        ),
    )
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    archive_url = models.URLField(
        _("archived copy"), max_length=1000, blank=True, help_text=_("e.g. a Wayback Machine URL.")
    )
    title = models.CharField(_("title"), max_length=300)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    accessed_at = models.DateTimeField(_("accessed"), null=True, blank=True)
    quote = models.TextField(
        _("quoted passage"), help_text=_("Exactly as published, in the original language.")
    )
    quote_language = models.CharField(_("language of the passage"), max_length=8, default="ru")
    translation = models.TextField(_("English translation"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["source__name", "title", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(relays=models.F("source")),
                name="citation_does_not_relay_itself",
                violation_error_message=_("A source cannot relay itself; leave “relays” empty."),
            ),
            models.CheckConstraint(
                condition=~Q(quote=""),
                name="citation_quote_not_empty",
                violation_error_message=_("A citation needs the exact quoted passage."),
            ),
        ]
        indexes = [
            # The admin citation list's language filter: its choices are read by skipping through
            # this index (factcheck.adminkit.DistinctValuesFilter), and the filter uses it.
            models.Index(fields=["quote_language"], name="citation_language_idx"),
        ]

    def __str__(self):
        passage = self.quote if len(self.quote) <= 60 else self.quote[:59] + "…"
        return f"{self.source.name}: «{passage}»"

    # A day's slack: a time typed in the publisher's zone (up to UTC+14) or a clock a little
    # ahead is not "the future"; a date days ahead is a typo, and evidence cannot be from then.
    FUTURE_SLACK = timedelta(days=1)

    def clean(self):
        super().clean()
        latest = timezone.now() + self.FUTURE_SLACK
        errors = {}
        if self.published_at and self.published_at > latest:
            errors["published_at"] = _("Evidence cannot have been published in the future.")
        if self.accessed_at and self.accessed_at > latest:
            errors["accessed_at"] = _("It cannot have been accessed in the future.")
        elif self.accessed_at and self.published_at and self.accessed_at < self.published_at:
            errors["accessed_at"] = _("It cannot have been accessed before it was published.")
        if errors:
            raise ValidationError(errors)

    @property
    def origin(self) -> Source:
        """The independent origin behind this piece: whom it relays, else its own publisher."""
        return self.relays if self.relays_id else self.source


def capture_path(capture: "Capture", filename: str) -> str:
    # By month, so that no directory of the storage grows without bound.
    return f"archive/{capture.fetched_at:%Y/%m}/{filename}"


class Capture(models.Model):
    """One fetch of a citation's URL for the archive (sources.archiving): what came back and, when
    it worked, the page itself as a WARC file in the default storage with its text for the quote."""

    class Outcome(models.TextChoices):
        # The values are sources.archiving.fetch.Outcome's.
        OK = "ok", _("Captured")
        REFUSED = "refused", _("Refused: not a public address")
        NOT_HTTP = "not_http", _("Refused: not an http(s) URL")
        TOO_LARGE = "too_large", _("Too large")
        TIMEOUT = "timeout", _("Timed out")
        HTTP_ERROR = "http_error", _("HTTP error")
        NETWORK_ERROR = "network_error", _("Network error")

    citation = models.ForeignKey(
        Citation, verbose_name=_("citation"), on_delete=models.CASCADE, related_name="captures"
    )
    requested_url = models.URLField(_("requested URL"), max_length=1000)
    final_url = models.URLField(_("final URL"), max_length=1000, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    warc = models.FileField(_("WARC file"), upload_to=capture_path, max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True, help_text=_("The page's text, for the quote."))
    # Set by the link checker: this capture's digest differs from the previous good capture's.
    changed = models.BooleanField(_("content changed"), default=False)

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        verbose_name = _("capture")
        verbose_name_plural = _("captures")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="ok") | (Q(sha256__regex=r"^[0-9a-f]{64}$") & ~Q(warc="")),
                name="capture_ok_has_digest_and_warc",
                violation_error_message=_("A good capture needs its SHA-256 digest and WARC file."),
            ),
        ]
        indexes = [
            # A citation's captures, newest first (the citation's change page), and its latest
            # good one (the public "archived copy" link, the link checker's previous digest).
            models.Index(
                fields=["citation", "outcome", "-fetched_at"], name="capture_citation_latest_idx"
            ),
            models.Index(fields=["citation", "-fetched_at"], name="capture_citation_idx"),
        ]

    def __str__(self):
        return f"{self.requested_url} @ {self.fetched_at:%Y-%m-%d %H:%M}"

    @property
    def ok(self) -> bool:
        return self.outcome == self.Outcome.OK


def media_path(media: "Media", filename: str) -> str:
    # By month, like the captures: no directory of the storage grows without bound.
    return f"media/{media.added_at:%Y/%m}/{filename}"


def thumbnail_path(media: "Media", filename: str) -> str:
    return f"media/{media.added_at:%Y/%m}/thumbs/{filename}"


class Media(models.Model):
    """An image or a video held as evidence on a citation (sources.media): uploaded by the desk or
    fetched from a URL, stored in the default storage with what its content says it is (never
    what its name or the sender claimed), its digest, its metadata and, for images, a perceptual
    hash by which the desk recognises the same picture resized or recompressed."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        VIDEO = "video", _("Video")

    class Origin(models.TextChoices):
        UPLOAD = "upload", _("Uploaded")
        URL = "url", _("Fetched from a URL")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be fetched")
        READY = "ready", _("Stored")
        FAILED = "failed", _("Could not be stored")

    citation = models.ForeignKey(
        Citation, verbose_name=_("citation"), on_delete=models.CASCADE, related_name="media"
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    source_url = models.URLField(
        _("found at"), max_length=1000, blank=True, help_text=_("Where the file was found.")
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why it could not be stored."))
    file = models.FileField(_("file"), upload_to=media_path, max_length=300, blank=True)
    # Decided from the content (sources.media.inspect), and the only type it is ever served with.
    content_type = models.CharField(_("content type"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    duration = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    captured_at = models.DateTimeField(
        _("captured"),
        null=True,
        blank=True,
        help_text=_(
            "When the picture or video was taken: from its metadata, or as the desk knows."
        ),
    )
    camera = models.CharField(_("camera"), max_length=200, blank=True)
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    provenance = models.TextField(
        _("provenance"), blank=True, help_text=_("Who sent it or where it circulated, and when.")
    )
    # imagehash.phash as 16 hex digits, and the same 64 bits as four 16-bit bands for the lookup
    # of candidates (sources.media.hashes): two hashes within 7 bits of each other share a band
    # or differ in one bit of one.
    phash = models.CharField(_("perceptual hash"), max_length=16, blank=True)
    phash_0 = models.PositiveIntegerField(null=True, blank=True, editable=False)
    phash_1 = models.PositiveIntegerField(null=True, blank=True, editable=False)
    phash_2 = models.PositiveIntegerField(null=True, blank=True, editable=False)
    phash_3 = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=thumbnail_path, max_length=300, blank=True
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    added_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["citation", "pk"]
        verbose_name = _("media item")
        verbose_name_plural = _("media")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="ready")
                | (Q(sha256__regex=r"^[0-9a-f]{64}$") & ~Q(file="") & ~Q(content_type="")),
                name="media_ready_has_file_digest_and_type",
                violation_error_message=_("Stored media needs its file, digest and type."),
            ),
            models.CheckConstraint(
                condition=~Q(origin="url") | ~Q(source_url=""),
                name="media_fetched_has_url",
                violation_error_message=_("Media fetched from a URL needs the URL."),
            ),
        ]
        indexes = [
            # "Seen before": the exact same file, cited elsewhere (videos have no perceptual hash).
            models.Index(fields=["sha256"], name="media_sha256_idx"),
            # "Seen before" for images: sources.media.hashes.candidates() asks
            # WHERE phash_0 IN (...) OR phash_1 IN (...) OR phash_2 IN (...) OR phash_3 IN (...),
            # one index per band (a bitmap OR of four index scans on PostgreSQL).
            models.Index(fields=["phash_0"], name="media_phash_0_idx"),
            models.Index(fields=["phash_1"], name="media_phash_1_idx"),
            models.Index(fields=["phash_2"], name="media_phash_2_idx"),
            models.Index(fields=["phash_3"], name="media_phash_3_idx"),
        ]

    def __str__(self):
        name = self.file.name.rsplit("/", 1)[-1] if self.file else self.source_url
        return f"{self.get_kind_display() or _('Media')}: {name}"

    @property
    def ready(self) -> bool:
        return self.state == self.State.READY
