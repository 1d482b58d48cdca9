"""Markdown from the desk, rendered and then sanitised: editors write Markdown, readers get safe HTML.

Markdown passes raw HTML through, so its output is never trusted: nh3 (ammonia) keeps only the
tags and attributes below and drops every script, style, event handler and javascript: URL.
"""

import re

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "*": {"lang"}}
URL_SCHEMES = {"http", "https", "mailto"}


# The page's headline is its only <h1>; a "# Heading" in an explanation becomes an <h2>.
_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)


def render_markdown(text: str) -> SafeString:
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    html = _H1.sub(r"<\1h2", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def plain_text(text: str) -> str:
    """Markdown as plain text, for meta descriptions and feed titles."""
    return " ".join(strip_tags(render_markdown(text)).split())
