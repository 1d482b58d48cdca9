"""A small desk published through the real workflow services, so every page of the public site is
tested against revisions made the way editors make them.

`build_desk(n)` makes the January 2022 story in miniature: an umbrella event with n child events
(the airport's seizure and its recapture linked), n published verdicts each with three citations
(one relaying the MVD), a figure per claim, one unpublished claim with a draft verdict, and one
retracted verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from events.models import Event, EventLink
from events.precision import Precision
from factcheck import services
from factcheck.models import Claim, ClaimCitation, Figure, Rating, Verdict
from sources.models import Citation, Source
from tests.factories.sample import desk_users, publish, retract, source

T0 = datetime(2022, 1, 2, 6, 0, tzinfo=UTC)  # 2 January 2022, 12:00 in Almaty


def make_claim(
    slug: str,
    *,
    text: str,
    text_en: str = "",
    short: str = "",
    claimant: Source,
    events=(),
    citations=(),
    appeared_at: datetime | None = None,
) -> Claim:
    """A claim with its citations: each (source, stance, quote[, relays[, url]])."""
    claim = Claim.objects.create(
        slug=slug,
        text=text,
        text_en=text_en,
        short=short or (text_en or text)[:75],
        claimant=claimant,
        appeared_at=appeared_at,
        appeared_precision=Precision.DAY,
    )
    claim.events.add(*events)
    for number, spec in enumerate(citations, start=1):
        cited, stance, quote, *rest = spec
        relays = rest[0] if rest else None
        url = rest[1] if len(rest) > 1 else f"https://example.kz/{slug}/{number}"
        citation = Citation.objects.create(
            source=cited,
            relays=relays,
            url=url,
            archive_url=f"https://web.archive.org/web/2022/{url}" if url else "",
            title=f"{cited.name}: {slug} {number}",
            quote=quote,
            quote_language="ru",
            translation=f"Translation of passage {number}",
            published_at=(appeared_at or T0) + timedelta(hours=number),
        )
        ClaimCitation.objects.create(claim=claim, citation=citation, stance=stance)
    return claim


@dataclass
class Desk:
    umbrella: Event
    children: list[Event]
    mvd: Source
    orda: Source
    magazine: Source
    verdicts: list[Verdict] = field(default_factory=list)
    draft_claim: Claim | None = None
    draft_verdict: Verdict | None = None
    retracted: Verdict | None = None


def build_desk(n: int = 2) -> Desk:
    mvd = source(
        "mvd",
        "МВД Казахстана",
        "Kazakhstan's Interior Ministry",
        "government",
        url="https://www.gov.kz/memleket/entities/qriim",
        language="ru",
    )
    orda = source("orda", "Орда", "Orda.kz", "outlet", url="https://orda.kz/", language="ru")
    magazine = source("pravila-zhizni", "Правила жизни", "Esquire Russia", "outlet", language="ru")
    umbrella = Event.objects.create(
        slug="january-2022-unrest",
        title="Январские события 2022 года в Казахстане",
        title_en="The January 2022 unrest in Kazakhstan",
        description="Протесты из-за цен на газ переросли в беспорядки.",
        description_en="Protests over gas prices grew into unrest.",
        starts_at=T0,
        start_precision=Precision.DAY,
        ends_at=T0 + timedelta(days=9),
        end_precision=Precision.DAY,
        time_zone="Asia/Almaty",
    )
    children = []
    for i in range(n):
        precision = [Precision.DAY, Precision.NIGHT, Precision.ABOUT, Precision.LATE_EVENING][i % 4]
        children.append(
            Event.objects.create(
                slug=f"event-{i + 1}",
                title=f"Событие {i + 1}",
                title_en=f"Event {i + 1}",
                place="Алматы",
                place_en="Almaty",
                starts_at=T0 + timedelta(days=i, hours=11),
                start_precision=precision,
                time_zone="Asia/Almaty",
                parent=umbrella,
            )
        )
    for before, after in zip(children, children[1:], strict=False):
        EventLink.objects.create(from_event=after, kind=EventLink.Kind.REVERSES, to_event=before)

    desk = Desk(umbrella, children, mvd, orda, magazine)
    for i in range(n):
        claim = make_claim(
            f"claim-{i + 1}",
            text=f"Погибли {10 + i} человек",
            text_en=f"{10 + i} people died",
            short=f"{10 + i} people died in the unrest, number {i + 1}",
            claimant=mvd,
            events=[children[i]],
            appeared_at=T0 + timedelta(days=i),
            citations=[
                (orda, ClaimCitation.Stance.APPEARANCE, f"погибли {10 + i}", mvd),
                (magazine, ClaimCitation.Stance.SUPPORTS, "по официальным данным"),
                (orda, ClaimCitation.Stance.CONTEXT, "контекст"),
            ],
        )
        Figure.objects.create(
            claim=claim,
            measure=Figure.Measure.KILLED,
            counted="люди",
            counted_en="people",
            qualifier=Figure.Qualifier.AT_LEAST,
            value=10 + i,
            as_of=T0 + timedelta(days=i),
        )
        desk.verdicts.append(
            publish(claim, headline=f"Verdict {i + 1} on the death toll", rating="half-true")
        )

    draft_claim = make_claim(
        "secret-draft-claim",
        text="Черновик утверждения UNPUBLISHED-DRAFT",
        text_en="UNPUBLISHED-DRAFT claim",
        short="UNPUBLISHED-DRAFT claim about the airport",
        claimant=magazine,
        events=[children[0]],
        citations=[(magazine, ClaimCitation.Stance.APPEARANCE, "UNPUBLISHED-DRAFT цитата")],
    )
    Figure.objects.create(
        claim=draft_claim,
        measure=Figure.Measure.KILLED,
        counted="люди",
        counted_en="people",
        value=999,
        as_of=T0 + timedelta(days=30),
    )
    reporter, _editor = desk_users()
    desk.draft_claim = draft_claim
    desk.draft_verdict = services.verdict_create(
        claim=draft_claim,
        by=reporter,
        headline="UNPUBLISHED-DRAFT headline",
        rating=Rating.objects.get(slug="false"),
        conclusion="UNPUBLISHED-DRAFT conclusion",
        explanation="UNPUBLISHED-DRAFT explanation",
    )

    gone = make_claim(
        "retracted-claim",
        text="Утверждение, которое мы отозвали",
        text_en="A claim whose check we retracted",
        short="A claim whose check we retracted",
        claimant=orda,
        events=[children[-1]],
        citations=[(orda, ClaimCitation.Stance.APPEARANCE, "отозвано")],
    )
    desk.retracted = retract(
        publish(
            gone,
            rating="unproven",  # its appearance alone: nothing confirms or refutes it
            headline="RETRACTED-HEADLINE was wrong",
            conclusion="RETRACTED-CONCLUSION",
        ),
        "We relied on a report that turned out to be fabricated.",
    )
    return desk
