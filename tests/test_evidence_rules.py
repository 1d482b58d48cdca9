"""The evidence rule: which citations confirm or refute a claim, and what each rating needs.

Origins are counted by direction (supporting, contradicting); a claim's appearance, context and
whatever only repeats the claimant never count; relays count for whom they relay. One Python rule
(weigh_evidence) and its SQL twin (ClaimQuerySet.with_origin_counts) must always agree.
"""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim, ClaimCitation, Rating, Verdict
from factcheck.models.claims import is_locatable, weigh_evidence
from sources.models import Citation, Source
from tests.factories import publish

Stance = ClaimCitation.Stance
Direction = Rating.Direction

# The default scale as migration 0009 leaves it: slug -> (direction, minimum).
DEFAULT_RULES = {
    "true": (Direction.SUPPORTS, 2),
    "mostly-true": (Direction.SUPPORTS, 2),
    "half-true": (Direction.SUPPORTS, 1),
    "mostly-false": (Direction.CONTRADICTS, 1),
    "false": (Direction.CONTRADICTS, 2),
    "unproven": (Direction.NONE, 0),
    "outdated": (Direction.SUPPORTS, 1),
}


class Builder:
    """A claim by the MVD, and citations added to it one at a time."""

    def __init__(self):
        self.mvd = self.source("mvd", "МВД Казахстана", "government")
        self.claim = Claim.objects.create(
            text="убиты как минимум 26 протестующих",
            short="At least 26 protesters killed by 7 January",
            slug="mvd-26",
            claimant=self.mvd,
        )
        self.n = 0

    def source(self, slug, name, kind="outlet", **extra):
        return Source.objects.create(slug=slug, name=name, kind=kind, **extra)

    def cite(self, source, stance, *, relays=None, url="auto", **extra):
        self.n += 1
        citation = Citation.objects.create(
            source=source,
            relays=relays,
            url=f"https://example.kz/{self.n}" if url == "auto" else url,
            title=f"Report {self.n}",
            quote=f"цитата {self.n}",
            **extra,
        )
        return ClaimCitation.objects.create(claim=self.claim, citation=citation, stance=stance)

    def outlets(self, count, stance, prefix="outlet"):
        for i in range(count):
            self.cite(self.source(f"{prefix}-{stance}-{i}", f"{prefix} {stance} {i}"), stance)

    def evidence(self):
        links = self.claim.claim_citations.select_related("citation__source", "citation__relays")
        return weigh_evidence(links.order_by("pk"), claimant_id=self.claim.claimant_id)

    def counts_in_sql(self):
        claim = Claim.objects.with_origin_counts().get(pk=self.claim.pk)
        return claim.supporting_origins, claim.contradicting_origins

    def counts_in_python(self):
        evidence = self.evidence()
        return len(evidence.supporting), len(evidence.contradicting)


@pytest.fixture
def build(db):
    return Builder()


def draft_problems(claim, reporter, slug, **fields):
    Verdict.objects.filter(claim=claim).delete()  # one verdict per claim; each call starts over
    verdict = services.verdict_create(
        claim=claim,
        by=reporter,
        headline="A verdict",
        rating=Rating.objects.get(slug=slug),
        conclusion="What we found.",
        explanation=fields.pop("explanation", "Why, naming every source."),
    )
    return services.publish_problems(verdict)


def origin_problems(problems):
    return [p for p in problems if " needs " in p and "origin" in p]


# --- the default scale ----------------------------------------------------------------------


def test_the_default_scale_says_what_each_rating_rests_on(db):
    rules = {
        r.slug: (r.evidence_direction, r.min_origins)
        for r in Rating.objects.filter(scale__name="Default scale")
    }
    assert rules == DEFAULT_RULES


@pytest.mark.parametrize("slug", sorted(DEFAULT_RULES))
def test_every_rating_passes_with_its_minimum_and_fails_one_short(build, reporter, slug):
    direction, minimum = DEFAULT_RULES[slug]
    # Noise that never counts towards anything: where the claim appeared, an outlet relaying
    # the claimant, and context.
    build.cite(build.source("orda", "Orda.kz"), Stance.APPEARANCE, relays=build.mvd)
    build.cite(build.source("tengri", "Tengrinews"), Stance.SUPPORTS, relays=build.mvd)
    build.cite(build.source("vlast", "Vласть.kz"), Stance.CONTEXT)
    other = Stance.CONTRADICTS if direction == Direction.SUPPORTS else Stance.SUPPORTS
    if direction != Direction.NONE:
        # Plenty of evidence pointing the other way does not help either.
        build.outlets(3, other, prefix="against")
        build.outlets(max(minimum - 1, 0), direction)
        short = origin_problems(draft_problems(build.claim, reporter, slug))
        assert len(short) == 1, short
        kind = "supporting" if direction == Direction.SUPPORTS else "contradicting"
        assert f"needs {minimum} independent {kind} origin" in short[0]
        assert f"the evidence has {minimum - 1}" in short[0] or "has none" in short[0]
        build.outlets(1, direction, prefix="last")
    explanation = " ".join(Source.objects.values_list("name", flat=True))
    problems = draft_problems(build.claim, reporter, slug, explanation=explanation)
    assert origin_problems(problems) == []
    assert problems == [], problems


def test_unproven_counts_nothing_even_with_nothing_but_the_appearance(build, reporter):
    build.cite(build.source("orda", "Orda.kz"), Stance.APPEARANCE, relays=build.mvd)
    assert draft_problems(build.claim, reporter, "unproven") == []


def test_true_with_an_appearance_and_a_contradicting_source_is_refused(build, reporter):
    """The issue's example: it passed the old check, which counted both as origins."""
    build.cite(build.source("orda", "Orda.kz"), Stance.APPEARANCE)
    build.cite(build.source("vlast", "Vласть.kz"), Stance.CONTRADICTS)
    problems = draft_problems(build.claim, reporter, "true", explanation="Vласть.kz disagrees.")
    assert problems == [
        "“True” needs 2 independent supporting origins; the evidence has none. Not counted: "
        "the claim's own appearance (Orda.kz); a citation pointing the other way (Vласть.kz)."
    ]


def test_the_message_names_the_counted_origins_and_what_was_left_out(build, reporter):
    build.cite(build.source("tengri", "Tengrinews"), Stance.APPEARANCE, relays=build.mvd)
    build.cite(build.source("orda", "Orda.kz"), Stance.SUPPORTS)
    build.cite(build.source("kaz", "Kazinform", "agency"), Stance.SUPPORTS, relays=build.mvd)
    build.cite(build.mvd, Stance.SUPPORTS)  # the ministry repeating itself
    [problem] = origin_problems(draft_problems(build.claim, reporter, "true"))
    assert problem == (
        "“True” needs 2 independent supporting origins; the evidence has 1: Orda.kz. Not "
        "counted: the claim's own appearance (Tengrinews, relaying МВД Казахстана); a relay of "
        "the claimant (Kazinform, relaying МВД Казахстана); the claimant's own statement "
        "(МВД Казахстана)."
    )


def test_a_relay_of_the_claimant_never_confirms_the_claim(build):
    for i in range(3):
        build.cite(build.source(f"relay-{i}", f"Relay {i}"), Stance.SUPPORTS, relays=build.mvd)
    assert build.counts_in_python() == build.counts_in_sql() == (0, 0)
    # The same relays confirm a claim someone else made.
    build.claim.claimant = build.source("akimat", "Акимат Алматы", "government")
    build.claim.save()
    assert build.counts_in_python() == build.counts_in_sql() == (1, 0)


def test_two_outlets_relaying_one_mvd_statement_are_one_origin(build):
    build.claim.claimant = build.source("orda", "Orda.kz")
    build.claim.save()
    build.cite(build.source("tengri", "Tengrinews"), Stance.SUPPORTS, relays=build.mvd)
    build.cite(build.source("kaz", "Kazinform", "agency"), Stance.SUPPORTS, relays=build.mvd)
    evidence = build.evidence()
    assert [origin.name for origin in evidence.supporting] == ["МВД Казахстана"]
    assert [item.weight for item in evidence.citations] == ["counted", "duplicate"]
    assert build.counts_in_sql() == (1, 0)


@pytest.mark.parametrize("claimant", ["mvd", "none", "outlet"])
def test_python_and_sql_agree(build, claimant):
    orda = build.source("orda", "Orda.kz")
    tengri = build.source("tengri", "Tengrinews")
    build.cite(orda, Stance.APPEARANCE, relays=build.mvd)
    build.cite(tengri, Stance.SUPPORTS, relays=build.mvd)
    build.cite(build.mvd, Stance.SUPPORTS)
    build.cite(orda, Stance.SUPPORTS)
    build.cite(orda, Stance.SUPPORTS, relays=tengri)
    build.cite(tengri, Stance.CONTRADICTS)
    build.cite(orda, Stance.CONTRADICTS, relays=tengri)
    build.cite(build.source("vlast", "Vласть.kz"), Stance.CONTEXT)
    build.claim.claimant = {"mvd": build.mvd, "none": None, "outlet": orda}[claimant]
    build.claim.save()
    expected = {"mvd": (2, 1), "none": (3, 1), "outlet": (2, 1)}[claimant]
    assert build.counts_in_python() == build.counts_in_sql() == expected


# --- where a passage can be found -----------------------------------------------------------


def test_what_makes_a_citation_locatable(build):
    nowhere = build.source("unnamed", "Unnamed outlet")
    known = build.source("pravila", "Правила жизни", url="https://www.pravilamag.ru/")

    def citation(**fields):
        return Citation(source=fields.pop("source", nowhere), title="t", quote="q", **fields)

    assert not is_locatable(citation())
    assert is_locatable(citation(url="https://example.kz/a"))
    assert is_locatable(citation(archive_url="https://web.archive.org/web/2022/x"))
    assert is_locatable(citation(published_at=build.claim.created_at))
    # The exact passage can be looked up at a publisher with a known address.
    assert is_locatable(citation(source=known))


def test_a_verdict_nobody_could_trace_is_refused(build, reporter):
    unnamed = build.source("unnamed", "Unnamed outlet")
    build.cite(unnamed, Stance.APPEARANCE, url="")
    locate = "A reader could locate none of the passages"
    assert any(locate in p for p in draft_problems(build.claim, reporter, "unproven"))
    # Context does not help: it is not what the rating rests on.
    build.cite(build.source("ctx", "Context outlet"), Stance.CONTEXT)
    assert any(locate in p for p in draft_problems(build.claim, reporter, "unproven"))
    # The passage's publisher is found, with its address: the passage can be looked up there.
    unnamed.url = "https://unnamed.example/"
    unnamed.save()
    assert draft_problems(build.claim, reporter, "unproven") == []


# --- the verdict form -----------------------------------------------------------------------


def test_the_verdict_form_shows_which_citations_counted_and_why(client, build, reporter, editor):
    tengri = build.source("tengri", "Tengrinews")
    build.cite(build.source("orda", "Orda.kz"), Stance.APPEARANCE, relays=build.mvd)
    build.cite(tengri, Stance.SUPPORTS, url="")
    build.cite(tengri, Stance.SUPPORTS)
    build.cite(build.source("kaz", "Kazinform", "agency"), Stance.SUPPORTS, relays=build.mvd)
    build.cite(build.source("vlast", "Vласть.kz"), Stance.CONTRADICTS)
    build.cite(build.source("ctx", "Context outlet"), Stance.CONTEXT)
    verdict = services.verdict_create(
        claim=build.claim, by=reporter, headline="h", rating=Rating.objects.get(slug="true")
    )
    client.force_login(editor)
    page = client.get(reverse("admin:factcheck_verdict_change", args=[verdict.pk]))
    panel = page.content.decode().split('id="evidence-count"')[1].split("</div>")[0]
    panel = re.sub(r"\s+", " ", panel)
    assert "“True” needs at least 2 independent origins confirming the claim" in panel
    reasons = re.findall(r"<strong>([^<]*)</strong>", panel)
    assert reasons == [
        "not counted: where the claim appeared",
        "counted as supporting origin Tengrinews · address not known",
        "not counted: duplicate of origin Tengrinews",
        "not counted: relays the claimant, МВД Казахстана",
        "counted as contradicting origin Vласть.kz (this rating counts the other direction)",
        "not counted: context",
    ]


# --- ratings --------------------------------------------------------------------------------


def test_a_rating_cannot_count_nothing_yet_need_origins(db):
    rating = Rating.objects.get(slug="unproven")
    rating.min_origins = 1
    with pytest.raises(ValidationError, match="counts none needs 0"):
        rating.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        rating.save()
    rating = Rating.objects.get(slug="true")
    rating.min_origins = 0
    with transaction.atomic(), pytest.raises(IntegrityError):
        rating.save()


def test_the_methodology_states_each_ratings_rule(client, db, django_assert_num_queries):
    # 1. the ratings with their scale: the rule comes from the same rows; 2. the desk's own text
    # for the page (a transparency page, issue 12).
    with django_assert_num_queries(2):
        page = client.get("/en/methodology/").content.decode()
    page = re.sub(r"\s+", " ", page)

    def item(slug):
        return page.split(f'id="rating-{slug}"')[1].split("</dd>")[0]

    assert "Needs at least 2 independent origins confirming the claim." in item("true")
    assert "Needs at least 1 independent origin confirming the claim." in item("half-true")
    assert "Needs at least 1 independent origin contradicting the claim." in item("mostly-false")
    assert "Needs at least 2 independent origins contradicting the claim." in item("false")
    assert "Counts no origins" in item("unproven")
    assert "A claim never confirms itself" in page


# --- the public page and ClaimReview --------------------------------------------------------


def test_an_unknown_address_stays_unknown_on_the_page_and_in_claimreview(client, build):
    pravila = build.source("pravila", "Правила жизни", url="https://www.pravilamag.ru/")
    build.cite(pravila, Stance.APPEARANCE, url="")
    build.cite(build.source("orda", "Orda.kz"), Stance.SUPPORTS)
    publish(build.claim, rating="half-true")
    page = client.get(f"/en/verdicts/{build.claim.slug}/").content.decode()
    assert "address not known" in page
    assert 'href="https://www.pravilamag.ru/"' not in page
    markup = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    item = json.loads(markup.group(1))["itemReviewed"]
    assert "firstAppearance" not in item and "appearance" not in item
    assert item["author"]["name"] == "МВД Казахстана"


def test_changing_a_ratings_rule_changes_the_methodology_page(client, db):
    etag = client.get("/en/methodology/")["ETag"]
    Rating.objects.filter(slug="outdated").update(evidence_direction=Direction.CONTRADICTS)
    response = client.get("/en/methodology/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
