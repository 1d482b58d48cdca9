"""Markdown from the desk, rendered and then sanitised: editors write Markdown, readers get safe HTML.

Markdown passes raw HTML through, so its output is never trusted: nh3 (ammonia) keeps only the
tags and attributes below and drops every script, style, event handler and javascript: URL.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

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


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def render_markdown(text: str) -> SafeString:
    html = _markdown().convert(text or "")
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


class _Dropped(HTMLParser):
    """What sanitising takes out of the HTML an author wrote: tags, attributes, link schemes."""

    def __init__(self, raw: bool):
        super().__init__(convert_charrefs=True)
        self.raw, self.found = raw, {}

    def handle_starttag(self, tag, attrs):
        # Markdown itself writes a few attributes the site does not keep (a footnote's id): only
        # the author's own HTML (raw) is judged by tag and attribute.
        if self.raw and tag not in ALLOWED_TAGS | {"h1"}:
            self.found.setdefault(f"<{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"]
        for name, value in attrs:
            if self.raw and tag in ALLOWED_TAGS and name not in allowed:
                self.found.setdefault(f"{name}= on <{tag}>")
            if name in {"href", "src"} and value:
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme and scheme not in URL_SCHEMES:
                    self.found.setdefault(f"{scheme}: link")

    handle_startendtag = handle_starttag


def dropped_markup(text: str) -> list[str]:
    """The HTML in an author's Markdown that readers will not get, each named once in order:
    "<iframe>", "onclick= on <a>", "javascript: link". Empty when nothing is dropped."""
    md = _markdown()
    html = md.convert(text or "")
    found = {}
    for raw in md.htmlStash.rawHtmlBlocks:  # the HTML the author typed, block or inline
        parser = _Dropped(raw=True)
        parser.feed(str(raw))
        found.update(parser.found)
    parser = _Dropped(raw=False)  # Markdown's own links: [x](javascript:…)
    parser.feed(html)
    found.update(parser.found)
    return list(found)


def plain_text(text: str) -> str:
    """Markdown as plain text, for meta descriptions and feed titles."""
    return " ".join(strip_tags(render_markdown(text)).split())
