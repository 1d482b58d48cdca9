"""Hostile text from the desk's data always renders as text: script tags, attribute injection,
javascript: links, right-to-left overrides, in claims, quotes, names, notes and Markdown."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from events.models import Event
from factcheck.models import ClaimCitation, Verdict
from sources.models import Citation
from tests.factories import T0, make_claim, publish, republish, retract, source

SCRIPT = '<script>alert("x")</script>'
ATTRIBUTE = '" onmouseover="alert(1)" x="'
CLOSER = "</script><!--"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "evil\u202etxt.exe" shows as "evilexe.txt"

URLS = [
    "/en/",
    "/en/verdicts/evil-claim/",
    "/ru/verdicts/evil-claim/",
    "/en/verdicts/evil-retracted/",
    "/en/events/evil-event/",
    "/en/events/evil-umbrella/",
    "/en/events/evil-umbrella/figures/",
    "/en/events/",
    "/en/sources/",
    "/en/sources/evil-source/",
    "/en/sources/evil-outlet/",
    "/en/search/?q=script",
    "/en/corrections/",
]


@pytest.fixture
def hostile(db):
    evil = source(
        "evil-source",
        f"Зло {SCRIPT} {ATTRIBUTE} evil{RLO}txt.exe",
        f"Evil {SCRIPT} {ATTRIBUTE}",
        "person",
        url="javascript:alert(1)",
        description=f"{SCRIPT} {ATTRIBUTE}",
    )
    outlet = source("evil-outlet", f"Издание {CLOSER}", f"Outlet {CLOSER}", "outlet")
    umbrella = Event.objects.create(
        slug="evil-umbrella",
        title=f"Зонтик {SCRIPT}",
        title_en=f"Umbrella {ATTRIBUTE}",
        description=f"{SCRIPT}",
        starts_at=T0,
        time_zone="Asia/Almaty",
    )
    event = Event.objects.create(
        slug="evil-event",
        title=f"Событие {SCRIPT}",
        title_en=f"Event {RLO}gnp.exe",
        place=f"{ATTRIBUTE}",
        starts_at=T0,
        time_zone="Asia/Almaty",
        parent=umbrella,
    )
    claim = make_claim(
        "evil-claim",
        text=f"Утверждение {SCRIPT} {RLO}script",
        text_en=f"Claim {ATTRIBUTE} {CLOSER}",
        short=f"Claim {SCRIPT}"[:75],
        claimant=evil,
        events=[event],
        appeared_at=T0,
        citations=[
            (outlet, ClaimCitation.Stance.APPEARANCE, f"Цитата {SCRIPT} {RLO}", evil),
            (evil, ClaimCitation.Stance.SUPPORTS, f"{CLOSER} {ATTRIBUTE}"),
        ],
    )
    Citation.objects.filter(source=evil).update(
        url="javascript:alert(2)", archive_url="javascript:alert(3)", title=f"Title {SCRIPT}"
    )
    from factcheck.models import Figure

    Figure.objects.create(
        claim=claim,
        measure="killed",
        counted=f"люди {SCRIPT}",
        counted_en=f"{ATTRIBUTE}",
        value=5,
        as_of=T0,
    )
    verdict = publish(
        claim,
        rating="unproven",  # its only support is the claimant's own word, which confirms nothing
        headline=f"Headline {SCRIPT} {ATTRIBUTE}",
        conclusion=f"Conclusion **bold** {SCRIPT} <img src=x onerror=alert(1)>",
        explanation=(
            f"Explanation {SCRIPT}\n\n[click](javascript:alert(1)) "
            '<a href="https://ok.example" onclick="alert(1)">ok</a> '
            f"<iframe src=x></iframe> {ATTRIBUTE} {RLO}"
        ),
    )
    republish(verdict, note_kind=Verdict.NoteKind.CORRECTION, note=f"Note {SCRIPT} {ATTRIBUTE}")
    other = make_claim(
        "evil-retracted",
        text=f"Другое {SCRIPT}",
        claimant=evil,
        citations=[(outlet, ClaimCitation.Stance.APPEARANCE, "x")],
    )
    retract(
        publish(other, rating="unproven", headline=f"Gone {SCRIPT}"),
        f"Reason {SCRIPT} {ATTRIBUTE}",
    )
    return verdict


class Audit(HTMLParser):
    """Collects every element, attribute and text node, and where bidi controls occur."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[tuple[str, dict]] = []
        self.unisolated_bidi: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag not in {"meta", "link", "br", "input", "img", "hr"}:
            self.stack.append((tag, attributes))
        for value in attributes.values():
            if value and RLO in value:
                self.unisolated_bidi.append(f"attribute of <{tag}>")

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if RLO not in data:
            return
        tags = [tag for tag, _attributes in self.stack]
        isolated = any("dir" in attributes for _tag, attributes in self.stack)
        if not (isolated or "script" in tags or "option" in tags):
            self.unisolated_bidi.append(f"text in {tags}: {data!r}")


@pytest.mark.parametrize("url", URLS)
def test_hostile_text_renders_as_text(client, hostile, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    audit = Audit()
    audit.feed(page)
    # No script but the JSON-LD, no event handler, no injected attribute, no javascript: link.
    scripts = [attributes for tag, attributes in audit.tags if tag == "script"]
    assert all(attributes == {"type": "application/ld+json"} for attributes in scripts)
    for tag, attributes in audit.tags:
        assert tag not in {"iframe", "img"}, url
        assert not any(name.startswith("on") for name in attributes), (url, tag, attributes)
        assert "x" not in attributes, (url, tag, attributes)
        for name in ("href", "src"):
            assert not (attributes.get(name) or "").lower().startswith("javascript"), url
    # What was typed is shown, escaped.
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page, url
    # Direction overrides stay inside the element that holds them.
    assert audit.unisolated_bidi == [], (url, audit.unisolated_bidi)
    head = page.split("</head>")[0].split('<script type="application/ld+json">')[0]
    assert RLO not in head


@pytest.mark.parametrize("url", URLS)
def test_no_public_page_renders_a_direction_override(client, hostile, url):
    # Isolation (above) keeps an override from reordering the page around it; dropping it keeps
    # the quote itself from reading backwards ("script" shown as "tpircs").
    assert RLO not in client.get(url).content.decode(), url


def test_the_override_is_kept_where_the_exact_text_is_the_point(
    client, hostile, partner_key, administrator
):
    api = client.get(
        "/api/v1/claims/?page_size=100", HTTP_AUTHORIZATION=f"Api-Key {partner_key}"
    ).json()
    texts = [claim["text"] for claim in api["results"]]
    assert f"Утверждение {SCRIPT} {RLO}script" in texts
    client.force_login(administrator)
    claim = hostile.claim
    form = client.get(f"/admin/factcheck/claim/{claim.pk}/change/").content.decode()
    assert f"{RLO}script</textarea>" in form  # saving the form gives the exact text back


def test_markdown_keeps_its_formatting_and_loses_its_weapons(client, hostile):
    page = client.get("/en/verdicts/evil-claim/").content.decode()
    assert "Conclusion <strong>bold</strong>" in page
    assert '<a href="https://ok.example" rel="nofollow noopener noreferrer">ok</a>' in page
    assert '<a rel="nofollow noopener noreferrer">click</a>' in page


def test_json_ld_is_escaped_and_exact(client, hostile):
    page = client.get("/en/verdicts/evil-claim/").content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert "<" not in block and ">" not in block and "&" not in block.replace("\\u0026", "")
    data = json.loads(block)
    assert data["claimReviewed"] == f"Claim {SCRIPT}"[:75]
    assert data["itemReviewed"]["author"]["name"] == f"Evil {SCRIPT} {ATTRIBUTE}"
    assert "sameAs" not in data["itemReviewed"]["author"]  # javascript: is no address


def test_feed_stays_well_formed_and_escaped(client, hostile):
    response = client.get("/en/feed/")
    feed = ET.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    summaries = [entry.find(f"{atom}summary").text for entry in feed.findall(f"{atom}entry")]
    titles = [entry.find(f"{atom}title").text for entry in feed.findall(f"{atom}entry")]
    assert f"Headline {SCRIPT} {ATTRIBUTE}" in titles
    for summary in summaries:
        assert "<script" not in summary  # the HTML inside the feed has it as text
    assert any("&lt;script&gt;" in summary for summary in summaries)
