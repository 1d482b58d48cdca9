"""The words of a captured page, for checking a citation's quote against it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Whose content is never read as words on the page.
HIDDEN = {"script", "style", "noscript", "template", "head", "svg"}
SPACE = re.compile(r"\s+")


class _Words(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        self.parts.append(" ")  # a tag separates words: <p>a</p><p>b</p> is "a b"

    def handle_endtag(self, tag):
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def charset(content_type: str) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else "utf-8"


def decode(payload: bytes, content_type: str) -> str:
    try:
        return payload.decode(charset(content_type), errors="replace")
    except LookupError:  # a charset Python does not know
        return payload.decode("utf-8", errors="replace")


def extract(payload: bytes, content_type: str) -> str:
    """The page's text, whitespace collapsed: words of HTML, or a text document as it is. Other
    types (PDF, images) have no text here."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in {"text/html", "application/xhtml+xml"}:
        parser = _Words()
        parser.feed(decode(payload, content_type))
        parser.close()
        return normalise("".join(parser.parts), fold=False)
    if kind.startswith("text/") or kind in {"application/json", "application/xml"}:
        return normalise(decode(payload, content_type), fold=False)
    return ""


def normalise(text: str, *, fold: bool = True) -> str:
    """Whitespace collapsed (non-breaking spaces too) and, with `fold`, case folded."""
    text = SPACE.sub(" ", text.replace("\u00a0", " ")).strip()
    return text.casefold() if fold else text


def quote_found(quote: str, text: str) -> bool:
    """Whether the exact passage is in the text, up to whitespace and case."""
    needle = normalise(quote)
    return bool(needle) and needle in normalise(text)
