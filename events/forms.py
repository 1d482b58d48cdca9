"""Form pieces for times entered in a declared local time zone (events, a claim's first appearance).

A reporter types what the report says, "5 January 23:00" in Almaty, not its UTC equivalent. The
zone is chosen on the same form from the real IANA zones, and the typed times are read in it.
"""

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _


@cache
def known_time_zones() -> tuple[str, ...]:
    # available_timezones() walks the tz database on disk; the list does not change while we run.
    return tuple(sorted(available_timezones()))


class TimeZoneInput(forms.TextInput):
    """A text input offering the real zones as suggestions (a <datalist>): typing "Alm" offers
    Asia/Almaty, while keyboard and screen-reader users keep an ordinary labelled text box."""

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or 'id_' + name}_zones"
        attrs = {**(attrs or {}), "list": list_id, "autocomplete": "off", "spellcheck": "false"}
        options = format_html_join(
            "", '<option value="{}"></option>', ((z,) for z in known_time_zones())
        )
        return format_html(
            '{}<datalist id="{}">{}</datalist>',
            super().render(name, value, attrs, renderer),
            list_id,
            options,
        )


class TimeZoneField(forms.CharField):
    """An IANA time zone: "asia/almaty" is read as Asia/Almaty; an unknown name is an error that
    suggests the zones it may have meant ("Almaty" → Asia/Almaty), never a server error."""

    widget = TimeZoneInput

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        zones = known_time_zones()
        if value in zones:
            return value
        by_case = {zone.casefold(): zone for zone in zones}
        if value.casefold() in by_case:
            return by_case[value.casefold()]
        wanted = value.casefold().replace(" ", "_")
        guesses = [zone for zone in zones if zone.casefold().rsplit("/", 1)[-1] == wanted]
        if guesses:
            raise ValidationError(
                _("%(value)s is not a known time zone. Did you mean %(guesses)s?"),
                code="invalid",
                params={"value": value, "guesses": ", ".join(guesses)},
            )
        raise ValidationError(
            _(
                "%(value)s is not a known time zone. Use a name such as Asia/Almaty or Europe/Moscow."
            ),
            code="invalid",
            params={"value": value},
        )


class LocalTimesForm(forms.ModelForm):
    """A model form whose datetimes (`local_times`) are typed and shown in the zone its
    `time_zone_field` names.

    Django's form fields read a datetime in the active time zone (settings.TIME_ZONE); a reporter
    typing 23:00 for something in Almaty means 23:00 Almaty, so the value is re-read in the zone
    chosen on the same form, and a saved value is shown back in it.
    """

    local_times: list[str]
    time_zone_field = "time_zone"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone_name = getattr(self.instance, self.time_zone_field, "")
        if self.instance.pk and zone_name in known_time_zones():
            zone = ZoneInfo(zone_name)
            for name in self.local_times:
                value = self.initial.get(name)
                if value and timezone.is_aware(value):  # naive values are shown as they are
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned_data = super().clean()
        # Absent when the zone was not valid: the field's error says so, and the times stay
        # as typed for the next attempt.
        zone_name = cleaned_data.get(self.time_zone_field)
        if zone_name:
            zone = ZoneInfo(zone_name)
            for name in self.local_times:
                if cleaned_data.get(name):
                    typed = timezone.make_naive(cleaned_data[name])  # as read in the active zone
                    cleaned_data[name] = timezone.make_aware(typed, zone)
        return cleaned_data
