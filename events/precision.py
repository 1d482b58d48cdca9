"""How sure we are of when something happened, and how to say it.

Reports rarely give a minute: "about 23:00", "late in the evening of 5 January", "the night of 4 to
5 January". An event keeps the instant we place it at plus the precision, and is shown only as
precisely as the evidence allows. Some reports give no date at all ("date not established"): the
instant then only orders the timeline, and is never shown.
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
    UNDATED = "undated", gettext_lazy("Date not established (the time only orders the timeline)")


# A claim or a figure whose date is unknown leaves its time empty; "date not established" is for
# events, which need an instant to take their place on a timeline.
DATED_CHOICES = [(value, label) for value, label in Precision.choices if value != Precision.UNDATED]


def _day(value: datetime, fmt: str = "j E Y") -> str:
    # "E" is the month's name in the form a date needs: "5 января" in Russian, "5 January" in English.
    return date_format(value, fmt)


def _month(value: datetime) -> str:
    # "F" is the month's name standing alone, which Django capitalises in every language (it heads
    # calendars). Where the month inside a date is written in lower case ("5 января"), it is in
    # running text too: "январь 2022", not "Январь 2022".
    month = date_format(value, "F")
    if date_format(value, "E")[:1].islower():
        month = month[:1].lower() + month[1:]
    return f"{month} {value.year}"


def night_of(value: datetime) -> tuple[datetime, datetime]:
    """The evening and the morning dates of the night `value` falls in.

    An instant at midnight is the conventional "this date" entry (the night from it to the next
    day); an instant after midnight but before noon is in the night that began the evening before:
    02:00 on 6 January is the night of 5 to 6 January.
    """
    after_midnight = value.replace(hour=0, minute=0, second=0, microsecond=0) < value
    first = value - timedelta(days=1) if after_midnight and value.hour < 12 else value
    return first, first + timedelta(days=1)


def machine(value: datetime, precision: str) -> str:
    """A local datetime at the given precision for HTML's <time datetime>: a month ("2022-01"),
    a date ("2022-01-05"; a night is its first date), a time only where one is known, and ""
    when there is no date to give."""
    if precision == Precision.UNDATED:
        return ""
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    if precision in (Precision.MINUTE, Precision.ABOUT):
        return value.isoformat(timespec="minutes")
    if precision == Precision.NIGHT:
        value = night_of(value)[0]
    return value.date().isoformat()


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
        first, second = night_of(value)
        # The first date says only what the second does not: "5 to 6 January 2022", "31 January
        # to 1 February 2022", "31 December 2021 to 1 January 2022".
        if first.year != second.year:
            first_format = "j E Y"
        elif first.month != second.month:
            first_format = "j E"
        else:
            first_format = "j"
        return _("night of %(first)s to %(second)s") % {
            "first": _day(first, first_format),
            "second": _day(second),
        }
    if precision == Precision.DAY:
        return _day(value)
    if precision == Precision.MONTH:
        return _month(value)
    if precision == Precision.UNDATED:
        return _("date not established")
    raise ValueError(f"unknown precision {precision!r}")
