"""Examples shown in the OpenAPI documentation, in the shapes the endpoints answer with."""

from drf_spectacular.utils import OpenApiExample

_MVD = {
    "id": 3,
    "slug": "mvd-kz",
    "name": "МВД Казахстана",
    "name_en": "Kazakhstan's Interior Ministry",
    "kind": "government",
    "url": "https://www.gov.kz/memleket/entities/qriim",
    "country": "KZ",
    "language": "ru",
}
_ORDA = {
    "id": 7,
    "slug": "orda",
    "name": "Орда",
    "name_en": "Orda.kz",
    "kind": "outlet",
    "url": "https://orda.kz/",
    "country": "KZ",
    "language": "ru",
}

SNAPSHOT = {
    "format": 2,
    "verdict": {
        "id": 42,
        "revision": 2,
        "headline": "The MVD's count of 26 dead was a floor, not a total",
        "conclusion": "On 7 January the MVD gave 26 as a minimum; later official totals were higher.",
        "explanation": "Orda.kz relayed the MVD's figure of *at least* 26 …",
        "language": "en",
        "first_published_at": "2026-01-08T09:30:00+00:00",
        "published_at": "2026-01-09T14:05:12+00:00",
        "author": "Rita Reporter",
    },
    "rating": {
        "slug": "mostly-true",
        "label": "В основном верно",
        "label_en": "Mostly true",
        "value": 4,
        "best": 5,
        "worst": 1,
    },
    "claim": {
        "id": 17,
        "slug": "26-protesters-killed",
        "text": "убиты как минимум 26 протестующих",
        "language": "ru",
        "text_en": "at least 26 protesters were killed",
        "short": "At least 26 protesters killed in Kazakhstan by 7 January",
        "claimant": _MVD,
        "appeared_at": "2022-01-07T06:00:00+00:00",
        "appeared_precision": "day",
        "appeared_time_zone": "Asia/Almaty",
        "figure": {
            "measure": "killed",
            "counted": "протестующие",
            "counted_en": "protesters",
            "qualifier": "at_least",
            "status": "reported",
            "value": 26,
            "unit": "people",
            "as_of": "2022-01-07T06:00:00+00:00",
            "as_of_precision": "day",
            "as_of_time_zone": "Asia/Almaty",
            "superseded": True,
            "id": 9,
        },
        "status": "checked",
        "conflicts": [
            {
                "claim_id": 18,
                "kind": "different_population",
                "note": "",
                "claim": {
                    "id": 18,
                    "slug": "16-officers-killed",
                    "short": "16 security officers were killed",
                    "text": "погибли 16 сотрудников силовых структур",
                    "language": "ru",
                    "url": "https://factcheck.example/en/verdicts/16-officers-killed/",
                },
            }
        ],
    },
    "citations": [
        {
            "id": 101,
            "stance": "appearance",
            "note": "",
            "url": "https://orda.kz/report",
            "archive_url": "",
            "title": "Report",
            "published_at": "2022-01-07T06:40:00+00:00",
            "accessed_at": None,
            "quote": "убиты как минимум 26",
            "quote_language": "ru",
            "translation": "at least 26 killed",
            "source": _ORDA,
            "relays": _MVD,
            "origin_id": 3,
            "weight": "appearance",
        }
    ],
    "origin_count": 2,
    "supporting_origins": 1,
    "contradicting_origins": 0,
    "events": [
        {
            "id": 5,
            "slug": "almaty-unrest",
            "title": "Беспорядки в Алматы",
            "title_en": "Unrest in Almaty",
            "starts_at": "2022-01-05T00:00:00+00:00",
            "start_precision": "day",
            "parent_id": 1,
            "time_zone": "Asia/Almaty",
        }
    ],
    "corrections": [
        {
            "revision": 2,
            "kind": "correction",
            "note": "An earlier version gave the date of the figure as 6 January.",
            "published_at": "2026-01-09T14:05:12+00:00",
        }
    ],
}
URL = "https://factcheck.example/en/verdicts/26-protesters-killed/"

ITEM = {
    "id": 42,
    "revision": 2,
    "status": "published",
    "updated_at": "2026-01-09T14:05:12.204518+00:00",
    "first_published_at": "2026-01-08T09:30:00+00:00",
    "published_at": "2026-01-09T14:05:12+00:00",
    "url": URL,
    "retraction": None,
    **{k: SNAPSHOT["verdict"][k] for k in ("headline", "conclusion", "explanation", "language")},
    "author": SNAPSHOT["verdict"]["author"],
    "rating": SNAPSHOT["rating"],
    "claim": SNAPSHOT["claim"],
    "citations": SNAPSHOT["citations"],
    "evidence": [
        {
            "origin": _MVD,
            "citations": [{"id": 101, "stance": "appearance", "weight": "appearance"}],
        }
    ],
    "origin_count": SNAPSHOT["origin_count"],
    "supporting_origins": SNAPSHOT["supporting_origins"],
    "contradicting_origins": SNAPSHOT["contradicting_origins"],
    "events": SNAPSHOT["events"],
    "corrections": SNAPSHOT["corrections"],
}
TOMBSTONE = {
    "id": 43,
    "revision": 1,
    "status": "retracted",
    "updated_at": "2026-01-10T08:00:00.118000+00:00",
    "first_published_at": "2026-01-08T11:00:00+00:00",
    "published_at": "2026-01-08T11:00:00+00:00",
    "url": "https://factcheck.example/en/verdicts/airport-retaken/",
    "retraction": {
        "reason": "The video we relied on was filmed in 2019, not in January 2022.",
        "retracted_at": "2026-01-10T08:00:00.118000+00:00",
    },
    "headline": None,
    "conclusion": None,
    "explanation": None,
    "language": None,
    "author": None,
    "rating": None,
    "claim": None,
    "citations": [],
    "evidence": [],
    "origin_count": None,
    "supporting_origins": None,
    "contradicting_origins": None,
    "events": [],
    "corrections": [],
}

VERDICT = [
    OpenApiExample("A published verdict (its second revision)", value=ITEM),
    OpenApiExample("A retraction tombstone", value=TOMBSTONE),
]
VERDICT_PAGE = [
    OpenApiExample(
        "A page of the change feed",
        value={
            "next": "https://factcheck.example/api/v1/verdicts/?page_size=2&cursor=eyJvIjoidXBkYXRlZCIsImsiOls5N119",
            "cursor": "eyJvIjoidXBkYXRlZCIsImsiOls5N119",
            "has_more": False,
            "results": [ITEM, TOMBSTONE],
        },
    )
]
DATA_FEED = [
    OpenApiExample(
        "A DataFeed with one ClaimReview",
        value={
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "name": "Fact-check desk: ClaimReview",
            "dateModified": "2026-01-10T08:00:00.118000+00:00",
            "dataFeedElement": [
                {
                    "@type": "DataFeedItem",
                    "dateCreated": "2026-01-08T09:30:00+00:00",
                    "dateModified": "2026-01-09T14:05:12+00:00",
                    "item": [
                        {
                            "@type": "ClaimReview",
                            "url": URL,
                            "claimReviewed": SNAPSHOT["claim"]["short"],
                            "datePublished": "2026-01-08T09:30:00+00:00",
                            "author": {
                                "@type": "Organization",
                                "name": "Fact-check desk",
                                "url": "https://factcheck.example/",
                            },
                            "reviewRating": {
                                "@type": "Rating",
                                "alternateName": "Mostly true",
                                "ratingValue": 4,
                                "bestRating": 5,
                                "worstRating": 1,
                            },
                            "itemReviewed": {
                                "@type": "Claim",
                                "author": {
                                    "@type": "Organization",
                                    "name": "Kazakhstan's Interior Ministry",
                                    "sameAs": _MVD["url"],
                                },
                                "datePublished": "2022-01-07",
                                "firstAppearance": {
                                    "@type": "CreativeWork",
                                    "url": "https://orda.kz/report",
                                    "headline": "Report",
                                    "datePublished": "2022-01-07T06:40:00+00:00",
                                    "author": {
                                        "@type": "Organization",
                                        "name": "Orda.kz",
                                        "sameAs": "https://orda.kz/",
                                    },
                                },
                            },
                        }
                    ],
                }
            ],
        },
        media_type="application/ld+json",
    )
]
