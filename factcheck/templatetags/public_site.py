"""Template helpers of the public site: content with its language, rating badges, dates.

Everything that comes from the desk is escaped by format_html and set in an element with `lang`
and `dir="auto"`: the browser then isolates its direction (HTML's [dir] elements get
`unicode-bidi: isolate`), so a right-to-left override inside a quote cannot reorder the text
around it.
"""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from factcheck.published.links import web_url
from factcheck.site.presenters import Bilingual, Text

register = template.Library()

# Bidirectional embeddings, overrides and isolates: harmless inside an isolated element, but not
# in attribute values and <title>, which cannot be isolated.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


@register.filter
def safe_url(value) -> str:
    """An external link only if it is http(s): a `javascript:` URL typed into the desk is dropped."""
    return web_url(value)


@register.filter
def nobidi(value) -> str:
    return _BIDI_CONTROLS.sub("", str(value or ""))


@register.simple_tag
def content(value, css_class: str = "") -> SafeString:
    """A Text or a Bilingual: the primary text, and the translation beside it when there is one."""
    if value is None:
        return SafeString("")
    if isinstance(value, Text):
        return format_html('<span lang="{}" dir="auto">{}</span>', value.lang, value.text)
    if not isinstance(value, Bilingual):
        return format_html('<span dir="auto">{}</span>', value)
    primary = format_html(
        '<span class="{}" lang="{}" dir="auto">{}</span>',
        css_class or "original",
        value.primary.lang,
        value.primary.text,
    )
    if value.secondary is None:
        return primary
    return format_html(
        '{} <span class="translation" lang="{}" dir="auto">{}</span>',
        primary,
        value.secondary.lang,
        value.secondary.text,
    )


@register.inclusion_tag("site/includes/rating.html")
def rating_badge(rating, size: str = ""):
    return {"rating": rating, "size": size}
