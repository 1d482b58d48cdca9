"""The frozen form of a verdict at publication.

Stored on VerdictRevision.snapshot when a verdict is published, it is what readers and partners
see: the claim, its evidence and its events as they stood at that moment, so later edits to a claim
or a citation reach nobody until the next review. The partner feed serves it as it is, so a page of
verdicts costs one indexed read, not a walk over joins.
"""

from django.db.models import Prefetch

from events.models import Event
from factcheck.models import Claim, ClaimCitation, Verdict, VerdictRevision
from factcheck.models.claims import independent_origins
from sources.models import Source

SNAPSHOT_FORMAT = 1


def _dt(value):
    return value.isoformat() if value else None


def _source(source: Source | None) -> dict | None:
    if source is None:
        return None
    return {
        "id": source.pk,
        "slug": source.slug,
        "name": source.name,
        "name_en": source.name_en,
        "kind": source.kind,
        "url": source.url,
        "country": source.country,
        "language": source.language,
    }


def build_snapshot(verdict: Verdict, *, number: int, published_at) -> dict:
    claim = (
        Claim.objects.select_related("claimant", "figure")
        .prefetch_related(
            Prefetch(
                "claim_citations",
                queryset=ClaimCitation.objects.select_related(
                    "citation__source", "citation__relays"
                ).order_by("pk"),
            ),
            Prefetch(
                "events", queryset=Event.objects.select_related("parent").order_by("starts_at")
            ),
        )
        .get(pk=verdict.claim_id)
    )
    rating = verdict.rating
    citations = []
    links = list(claim.claim_citations.all())
    for link in links:
        cit = link.citation
        citations.append(
            {
                "id": cit.pk,
                "stance": link.stance,
                "note": link.note,
                "url": cit.url,
                "archive_url": cit.archive_url,
                "title": cit.title,
                "published_at": _dt(cit.published_at),
                "accessed_at": _dt(cit.accessed_at),
                "quote": cit.quote,
                "quote_language": cit.quote_language,
                "translation": cit.translation,
                "source": _source(cit.source),
                "relays": _source(cit.relays),
                "origin_id": cit.origin.pk,
            }
        )
    figure = getattr(claim, "figure", None)
    corrections = [
        {
            "revision": r.number,
            "kind": r.note_kind,
            "note": r.note,
            "published_at": _dt(r.published_at),
        }
        for r in VerdictRevision.objects.filter(verdict=verdict)
        .exclude(note_kind="")
        .order_by("number")
    ]
    if verdict.note_kind:
        corrections.append(
            {
                "revision": number,
                "kind": verdict.note_kind,
                "note": verdict.note,
                "published_at": _dt(published_at),
            }
        )
    return {
        "format": SNAPSHOT_FORMAT,
        "verdict": {
            "id": verdict.pk,
            "revision": number,
            "headline": verdict.headline,
            "conclusion": verdict.conclusion,
            "explanation": verdict.explanation,
            "language": verdict.language,
            "first_published_at": _dt(verdict.first_published_at or published_at),
            "published_at": _dt(published_at),
            "author": verdict.author.get_full_name() or verdict.author.get_username(),
        },
        "rating": {
            "slug": rating.slug,
            "label": rating.label,
            "label_en": rating.label_en,
            "value": rating.value,
            "best": rating.scale.best_value,
            "worst": rating.scale.worst_value,
        },
        "claim": {
            "id": claim.pk,
            "slug": claim.slug,
            "text": claim.text,
            "language": claim.language,
            "text_en": claim.text_en,
            "short": claim.short,
            "claimant": _source(claim.claimant),
            "appeared_at": _dt(claim.appeared_at),
            "appeared_precision": claim.appeared_precision,
            "appeared_time_zone": claim.appeared_time_zone,
            "figure": None
            if figure is None
            else {
                "measure": figure.measure,
                "counted": figure.counted,
                "counted_en": figure.counted_en,
                "qualifier": figure.qualifier,
                "status": figure.status,
                "value": figure.value,
                "unit": figure.unit,
                "as_of": _dt(figure.as_of),
                "superseded": figure.superseded_by_id is not None,
            },
        },
        "citations": citations,
        "origin_count": len(independent_origins(links)),
        "events": [
            {
                "id": event.pk,
                "slug": event.slug,
                "title": event.title,
                "title_en": event.title_en,
                "starts_at": _dt(event.starts_at),
                "start_precision": event.start_precision,
                "parent_id": event.parent_id,
            }
            for event in claim.events.all()
        ],
        "corrections": corrections,
    }
