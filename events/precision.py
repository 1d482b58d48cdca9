"""How sure we are of when something happened, and how to say it.

Reports rarely give a minute: "about 23:00", "late in the evening of 5 January", "the night of 4 to
5 January". An event keeps the instant we place it at plus the precision, and is shown only as
precisely as the evidence allows.
"""

from datetime import datetime, timedelta

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Precision(models.TextChoices):
    MINUTE = "minute", gettext_lazy("Exact minute")
    ABOUT = "about", gettext_lazy("About a time (“about 23:00”)")
    MORNING = "morning", gettext_lazy("Morning")
    DAYTIME = "daytime", gettext_lazy("Daytime")
    EVENING = "evening", gettext_lazy("Evening")
    LATE_EVENING = "late_evening", gettext_lazy("Late evening")
    NIGHT = "night", gettext_lazy("Night (from this date to the next)")
    DAY = "day", gettext_lazy("Whole day")
    MONTH = "month", gettext_lazy("Month")


def _day(value: datetime) -> str:
    # "E" is the month's name in the form a date needs: "5 января" in Russian, "5 January" in English.
    return date_format(value, "j E Y")


def describe(value: datetime, precision: str) -> str:
    """Render a local datetime at the given precision, in the active language."""
    time = date_format(value, "H:i")
    if precision == Precision.MINUTE:
        return _("%(day)s, %(time)s") % {"day": _day(value), "time": time}
    if precision == Precision.ABOUT:
        return _("%(day)s, about %(time)s") % {"day": _day(value), "time": time}
    if precision == Precision.MORNING:
        return _("morning of %(day)s") % {"day": _day(value)}
    if precision == Precision.DAYTIME:
        return _("during the day, %(day)s") % {"day": _day(value)}
    if precision == Precision.EVENING:
        return _("evening of %(day)s") % {"day": _day(value)}
    if precision == Precision.LATE_EVENING:
        return _("late evening of %(day)s") % {"day": _day(value)}
    if precision == Precision.NIGHT:
        following = value + timedelta(days=1)
        return _("night of %(first)s to %(second)s") % {
            "first": date_format(value, "j"),
            "second": _day(following),
        }
    if precision == Precision.DAY:
        return _day(value)
    if precision == Precision.MONTH:
        return date_format(value, "F Y")
    raise ValueError(f"unknown precision {precision!r}")
