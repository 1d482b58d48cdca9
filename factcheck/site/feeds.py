"""The Atom feed: published verdicts, their corrections and updates, and retractions, newest first.

Each released verdict is one entry, updated in place when it is republished; a retracted verdict's
entry becomes its tombstone (the reason, not the retracted text). Each correction, update or
clarification is an entry of its own, so feed readers see it even if they saw the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from factcheck.published import public
from factcheck.site import selectors
from factcheck.site.conditional import newest, respond
from factcheck.site.pages import corrections_log
from factcheck.site.presenters import Card, ui_language
from factcheck.site.seo import absolute, site_name

FEED_SIZE = 50


@dataclass
class Entry:
    guid: str
    title: str
    link: str
    summary: str
    published: datetime
    updated: datetime
    categories: tuple[str, ...] = ()
    language: str = ""  # the language of the entry's text (xml:lang), where it is a verdict's


def _tag(path: str) -> str:
    # RFC 4151 tag URIs: stable ids that survive a change of slug or of domain scheme.
    return f"tag:{urlsplit(settings.SITE_URL).hostname},2022:{path}"


def feed_entries() -> list[Entry]:
    # Queries: 1. the latest released verdicts, 2. and 3. the corrections log (noted revisions,
    # retractions), whatever the number of entries.
    rows = list(
        selectors.card_rows(
            public.released().order_by(
                F("released_at").desc(nulls_last=True), "-public_revision__published_at", "-pk"
            )
        ).annotate(released=F("released_at"))[:FEED_SIZE]
    )
    entries = []
    for row in rows:
        card = Card.from_row(row)
        link = absolute(card.url_path)
        updated = newest(row["released"], card.published_at, card.retracted_at)
        if card.retracted:
            title = _("Retracted: %(headline)s") % {"headline": card.headline}
            summary = render_to_string("site/feed/retracted.html", {"card": card})
            categories = ()
        else:
            title = card.headline
            summary = render_to_string("site/feed/verdict.html", {"card": card})
            categories = (card.rating.display,)
        entries.append(
            Entry(
                guid=_tag(f"verdict/{card.pk}"),
                title=title,
                link=link,
                summary=summary,
                published=card.first_published_at or card.published_at,
                updated=updated,
                categories=categories,
                language=card.language,
            )
        )
    for note in corrections_log():
        if note["kind"] == "retraction":
            continue  # the verdict's own entry has become its tombstone
        entries.append(
            Entry(
                guid=_tag(f"verdict/revision/{note['key']}"),
                title=f"{note['kind_label']}: {note['headline']}",
                link=absolute(reverse("site:verdict", kwargs={"slug": note["slug"]}))
                + "#corrections",
                summary=render_to_string("site/feed/note.html", {"note": note}),
                published=note["at"],
                updated=note["at"],
            )
        )
    entries.sort(key=lambda e: e.updated, reverse=True)
    return entries[:FEED_SIZE]


class LanguageAtomFeed(Atom1Feed):
    """Atom with each entry's language (xml:lang, RFC 4287 §2): a verdict with no version in the
    feed's language yet is given in its own, and says so."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        # Entries in the feed's own language inherit its xml:lang; the others say theirs.
        if item.get("language") and item["language"] != self.feed.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


class SiteFeed(Feed):
    feed_type = LanguageAtomFeed

    def __init__(self, entries: list[Entry]):
        super().__init__()
        self.entries = entries

    def title(self):
        return site_name()

    def subtitle(self):
        return _("Published fact-checks, corrections and retractions")

    def link(self):
        return absolute(reverse("site:home"))

    def feed_url(self):
        return absolute(reverse("site:feed"))

    def feed_guid(self):
        return _tag(f"feed/{ui_language()}")

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = ui_language()
        return feed

    def items(self):
        return self.entries

    def item_title(self, item: Entry):
        return item.title

    def item_link(self, item: Entry):
        return item.link

    def item_guid(self, item: Entry):
        return item.guid

    item_guid_is_permalink = False

    def item_description(self, item: Entry):
        return item.summary

    def item_pubdate(self, item: Entry):
        return item.published

    def item_updateddate(self, item: Entry):
        return item.updated

    def item_categories(self, item: Entry):
        return item.categories

    def item_author_name(self, item: Entry):
        return site_name()

    def item_extra_kwargs(self, item: Entry):
        return {"language": item.language}


def feed_language(request: HttpRequest) -> str | None:
    """The feed's `lang` parameter (issue 11): a language the desk writes verdicts in, or None for
    the page's own. Anything else is refused by the view, naming the parameter."""
    value = request.GET.get("lang")
    if value is None or value in settings.FACTCHECK_VERDICT_LANGUAGES:
        return value
    raise ValueError(value)


@require_safe
def feed(request: HttpRequest) -> HttpResponse:
    # `?lang=ru`: the feed as readers of that language get it (the verdicts in their version in
    # it, where they have one); the same as the feed under that language's prefix.
    try:
        language = feed_language(request)
    except ValueError:
        return JsonResponse(
            {
                "lang": [
                    _("Unknown language: give one of %(languages)s.")
                    % {"languages": ", ".join(settings.FACTCHECK_VERDICT_LANGUAGES)}
                ]
            },
            status=400,
        )
    if language and language != ui_language():
        with translation.override(language):
            return _feed(request)
    return _feed(request)


def _feed(request: HttpRequest) -> HttpResponse:
    entries = feed_entries()
    fingerprint = [(e.guid, e.updated, e.title) for e in entries]
    return respond(
        request,
        fingerprint=fingerprint,
        last_modified=newest(e.updated for e in entries),
        render=lambda: SiteFeed(entries)(request),
    )
