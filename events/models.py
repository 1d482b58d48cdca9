from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.precision import Precision, describe, machine


def default_time_zone() -> str:
    return settings.EVENT_TIME_ZONE


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Event(models.Model):
    """Something that happened, placed on a timeline as precisely as the evidence allows."""

    title = models.CharField(
        _("title"), max_length=200, help_text=_("In the desk's language of record.")
    )
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    place_en = models.CharField(_("place in English"), max_length=200, blank=True)
    starts_at = models.DateTimeField(
        _("starts"),
        help_text=_(
            "The instant the event is placed at. For “the night of 4 to 5 January” enter 4 January "
            "and choose the precision “Night”; for “about 23:00” enter 23:00 and “About a time”."
        ),
    )
    start_precision = models.CharField(
        _("precision of the start"), max_length=20, choices=Precision.choices, default=Precision.DAY
    )
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    end_precision = models.CharField(
        _("precision of the end"), max_length=20, choices=Precision.choices, default=Precision.DAY
    )
    time_zone = models.CharField(
        _("local time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Times are entered and shown in this zone, e.g. Asia/Almaty."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The umbrella event, e.g. the January 2022 unrest in Kazakhstan."),
    )

    # Events have no workflow of their own; an editor decides when one is checked enough for an
    # umbrella's public timeline. Until then it reaches readers only through a published claim.
    on_timeline = models.BooleanField(
        _("shown on the public timeline"),
        default=False,
        help_text=_(
            "Editors only. Show this event on its umbrella's public timeline even before a "
            "published verdict concerns it. Leave off until its title, time and place are checked."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("show_on_timeline", _("Can show events on public timelines"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="event_not_own_parent",
                violation_error_message=_("An event cannot be part of itself."),
            ),
        ]
        indexes = [
            # The timeline of an umbrella event: children of one parent in time order.
            models.Index(fields=["parent", "starts_at"], name="event_timeline_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.when})"

    def clean(self):
        super().clean()
        ancestor = self.parent
        while ancestor is not None and self.pk is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("This would make the event part of itself.")})
            ancestor = ancestor.parent

    def _local(self, value):
        return value.astimezone(ZoneInfo(self.time_zone))

    @property
    def start_datetime_attr(self) -> str:
        """The start for <time datetime>, no more precise than `when` ("" when undated)."""
        return machine(self._local(self.starts_at), self.start_precision)

    @property
    def when(self) -> str:
        """When it happened, only as precisely as the evidence allows, in the active language."""
        start = describe(self._local(self.starts_at), self.start_precision)
        if self.ends_at is None:
            return start
        return f"{start} – {describe(self._local(self.ends_at), self.end_precision)}"


class EventLink(models.Model):
    """A typed relation between two events: the airport's recapture reverses its seizure."""

    class Kind(models.TextChoices):
        FOLLOWS = "follows", _("follows")
        CAUSED_BY = "caused_by", _("was caused by")
        RESPONDS_TO = "responds_to", _("responds to")
        REVERSES = "reverses", _("reverses")
        ESCALATES = "escalates", _("escalates")

    from_event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="links_out"
    )
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    to_event = models.ForeignKey(
        Event, verbose_name=_("other event"), on_delete=models.PROTECT, related_name="links_in"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("event link")
        verbose_name_plural = _("event links")
        constraints = [
            models.UniqueConstraint(
                fields=["from_event", "kind", "to_event"], name="eventlink_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_event=F("to_event")),
                name="eventlink_not_to_itself",
                violation_error_message=_("An event cannot be linked to itself."),
            ),
        ]

    def __str__(self):
        return f"{self.from_event.title} — {self.get_kind_display()} — {self.to_event.title}"
