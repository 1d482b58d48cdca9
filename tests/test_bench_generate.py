"""bench/generate.py's archive reads as real work: its rows through the site, the API and the
snapshot reader, unpublished work nowhere public, every time in the past.

Catches drift between the generator's rows and the models or the snapshot schema (a new required
column, a new snapshot field): the generator writes rows directly, not through the services.
"""

import sys
from pathlib import Path

import pytest
from django.utils import timezone

from factcheck.models import Claim, Verdict, VerdictRevision
from factcheck.published.schema import read

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import generate  # noqa: E402


@pytest.fixture
def archive(db, seeds_dir):
    return generate.generate(60, seed=3, batch=25, workers=0, quiet=True, defer=False)


def test_rows_per_table(archive):
    rows = archive["rows"]
    assert rows["factcheck_verdict"] == 60
    assert rows["factcheck_claim"] == 60 + 6  # and a tenth more claims without a verdict
    assert rows["factcheck_verdictrevision"] == VerdictRevision.objects.count()
    assert rows["factcheck_verdictrevision"] > Verdict.objects.exclude(public_revision=None).count()
    assert rows["sources_citation"] >= 2 * 66
    assert rows["factcheck_auditentry"] >= 3 * 60


def test_states_and_revisions_are_a_desks_mix(archive):
    states = set(Verdict.objects.values_list("state", flat=True))
    assert {"published", "draft"} <= states or {"published", "in_review"} <= states
    assert Verdict.objects.filter(public_revision__isnull=True).exists()
    assert Verdict.objects.filter(revisions__number=2).exists()  # corrected or updated
    assert len(set(Claim.objects.values_list("text", flat=True))) == Claim.objects.count()


def test_each_snapshot_is_its_own_verdicts(archive):
    for verdict in Verdict.objects.exclude(public_revision=None).select_related(
        "public_revision", "claim", "rating"
    ):
        data = read(verdict.public_revision.snapshot)
        assert data.verdict.id == verdict.pk
        assert data.verdict.revision == verdict.public_revision.number
        assert data.verdict.headline == verdict.public_revision.headline
        assert data.claim.id == verdict.claim_id
        assert data.claim.text == verdict.claim.text
        assert data.rating.slug == verdict.rating.slug
        assert len(data.corrections) == verdict.public_revision.number - 1


def test_times_are_past_and_follow_feed_positions(archive):
    now = timezone.now()
    released = list(
        Verdict.objects.exclude(feed_seq=None).order_by("feed_seq").values_list("released_at")
    )
    assert [r[0] for r in released] == sorted(r[0] for r in released)
    assert max(r[0] for r in released) < now
    assert not Verdict.objects.filter(first_published_at__gt=now).exists()
    assert not Claim.objects.filter(created_at__gt=now).exists()


def test_site_shows_published_and_hides_unpublished(archive, client):
    shown = Verdict.objects.published().select_related("claim").first()
    hidden = Verdict.objects.filter(public_revision=None).select_related("claim").first()
    page = client.get(f"/en/verdicts/{shown.claim.slug}/")
    assert page.status_code == 200
    assert shown.public_revision.headline in page.content.decode()
    assert client.get(f"/en/verdicts/{hidden.claim.slug}/").status_code == 404
    home = client.get("/en/")
    assert home.status_code == 200


def test_api_lists_exactly_the_released_verdicts(archive, client, partner_key):
    response = client.get(
        "/api/v1/verdicts/?page_size=100", headers={"authorization": f"Api-Key {partner_key}"}
    )
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["results"]}
    assert ids == set(Verdict.objects.released().values_list("pk", flat=True))


def test_admin_logs_in_as_the_generators_staff_user(archive, client):
    assert client.login(username=generate.ADMIN, password=generate.ADMIN_PASSWORD)
    assert client.get("/admin/factcheck/verdict/").status_code == 200


def test_feed_items_and_public_counts_are_stored_as_the_services_store_them(archive):
    """What the services keep beside each release (the feed's stored item, the public counts)
    is there for the generator's archive too, or the site and the feed would read it empty."""
    from factcheck.published import public
    from factcheck.published.items import STORED_TEXTS, item_key, stored_texts

    released = list(Verdict.objects.released().select_related("public_revision"))
    assert released
    stored = 0
    for verdict in released:
        # The generator makes them with orjson and remembered URLs (generate.FastItems): the
        # same bytes as the app's own path, which runs here (FastItems is undone on exit).
        expected = stored_texts(verdict)
        for name in STORED_TEXTS:
            assert getattr(verdict, name) == expected[name], (verdict.pk, name)
            stored += expected[name] is not None
        assert verdict.feed_item_key == item_key()
    assert stored > 2 * len(released)  # the claim item and ClaimReview element too
    assert public.published_count() == Verdict.objects.published().count()


def test_fast_items_is_undone_after_building(archive):
    from django.urls import reverse
    from rest_framework.renderers import JSONRenderer

    from factcheck.published import claimreview, items, links, schema

    assert items.verdict_url is links.verdict_url
    assert claimreview.reverse is reverse
    assert items.claim_part.__module__ == items.evidence.__module__ == items.__name__
    assert items.schema is schema
    assert schema._source.__module__ == schema.rating_data.__module__ == schema.__name__
    assert items.encode({"a": "\u2028"}) == JSONRenderer().render({"a": "\u2028"})


def test_fast_items_encodes_as_the_apis_renderer(seeds_dir):
    """orjson, in the generator, writes the renderer's bytes, its U+2028 escapes included."""
    pytest.importorskip("orjson")
    from rest_framework.renderers import JSONRenderer

    from factcheck.published import items

    samples = [
        {"text": 'Утверждение «в кавычках»\n\t\\ " \x00 \x1f \x7f é 😀', "n": [1, True, None]},
        {"line": "a\u2028b\u2029c", "empty": {}, "list": []},
        {1: "an int key"},
    ]
    with generate.FastItems():
        fast = [items.encode(sample) for sample in samples]
    assert fast == [JSONRenderer().render(sample) for sample in samples]


def test_public_counts_and_mentions_are_what_a_rebuild_makes(archive):
    """The generator sums the counts and writes the mentions of its releases itself (no
    facets.rebuild() reading back every snapshot): they must be exactly what rebuild() finds."""
    from factcheck.models import ClaimantTotal, PublicFacet, PublicMention
    from factcheck.published import facets

    def state():
        counts = set(PublicFacet.objects.values_list("kind", "object_id", "rating_id", "verdicts"))
        mentions = set(
            PublicMention.objects.values_list("verdict_id", "kind", "object_id", "released_at")
        )
        totals = set(ClaimantTotal.objects.values_list("source_id", "verdicts"))
        return counts, mentions, totals

    generated = state()
    assert generated[0] and generated[1] and generated[2]
    facets.rebuild()
    assert state() == generated


def test_json_columns_are_written_as_json_would_write_them(archive):
    """Snapshots and audit data go through orjson when it is installed: they read back as the
    project's writer made them."""
    from factcheck.models import AuditEntry
    from factcheck.published.schema import dump

    revision = VerdictRevision.objects.order_by("pk").first()
    assert dump(read(revision.snapshot)) == revision.snapshot
    assert AuditEntry.objects.filter(data__revision=1).exists()


def test_orjson_encodes_a_snapshot_as_the_schemas_writer_does(archive):
    """On PostgreSQL the generator encodes each assembled snapshot with orjson, skipping
    schema.dump's dicts: both must give the same JSON."""
    orjson = pytest.importorskip("orjson")
    from factcheck.published.schema import dump

    revisions = VerdictRevision.objects.order_by("pk")[:20]
    assert revisions
    for revision in revisions:
        published = read(revision.snapshot)
        assert orjson.loads(orjson.dumps(published)) == dump(published)
        assert generate.snapshot_of(published, "postgresql") == orjson.dumps(dump(published))


@pytest.mark.parametrize("language", ["ru", "en", "", "xx"])
def test_template_urls_answer_as_the_apps_verdict_url(db, language):
    """FastItems asks the app's verdict_url once per language and puts each slug into that
    answer: the same URL as a call per slug, and a call per slug for any other kind of slug."""
    from django.urls import NoReverseMatch

    from factcheck.published.links import verdict_url

    fast = generate.template_urls(verdict_url)
    slugs = ["a", "-", "ctrl-1-2-3", generate.slug_of("Утверждение о том, что 5 человек", 42)]
    slugs += ["Upper", "under_score", "zzslugzz", "x-zzslugzz-y"]
    assert [fast(slug, language) for slug in slugs] == [verdict_url(s, language) for s in slugs]
    with pytest.raises(NoReverseMatch):  # as the app's own call would
        fast("a/b", language)


def test_language_reverse_remembers_per_language(db):
    from django.urls import reverse
    from django.utils import translation

    remembered = generate.language_reverse(reverse)
    answers = {}
    for language in ("ru", "en", "ru", "en"):
        with translation.override(language):
            answers[language] = remembered("site:about")
            assert answers[language] == reverse("site:about")
            path = remembered("site:verdict", kwargs={"slug": "x"})
            assert path == reverse("site:verdict", kwargs={"slug": "x"})
    assert answers["ru"] != answers["en"]  # a language prefix: remembered per language


def test_bench_labels_name_sizes_and_databases():
    """bench/pages.py names a million "1M" (database bench_1m), not "1,000k"."""
    import pages

    assert [pages.label_of(n) for n in (10000, 100000, 1000000, 2500)] == [
        "10k",
        "100k",
        "1M",
        "2500",
    ]


def test_the_scarce_word_names_the_same_few_published_claims_at_every_size(archive):
    """bench/pages.py's rare-word search must find as many matches at 1M as at 10k: the word is
    in SCARCE_COUNT published claims whatever the archive's size."""
    import random
    from datetime import UTC, datetime

    for count in (1_000, 40_000):
        plan = generate.Plan(count, random.Random(1), datetime(2026, 1, 1, tzinfo=UTC))
        assert len(plan.scarce) == generate.SCARCE_COUNT
        assert {plan.states[n] for n in plan.scarce} == {"published"}
    named = Claim.objects.filter(text__contains=generate.SCARCE_WORD)
    assert named.count() == generate.SCARCE_COUNT
    published = Verdict.objects.filter(claim__in=named, public_revision__isnull=False)
    assert published.count() == generate.SCARCE_COUNT
    assert Claim.objects.filter(text__contains=generate.RARE_WORD).count() <= 1  # 1 in 5,000


def test_copy_columns_are_written_as_copy_value_writes_each_value():
    """The generator converts a column's values together (copy_column); each must come out as
    copy_value makes it alone, escapes and nulls included, whatever the column holds."""
    from datetime import UTC, date, datetime, timedelta

    at = datetime(2022, 1, 5, 23, 0, tzinfo=UTC)
    columns = [
        [1, 22, 333],
        [None, 5, None],
        [None, None],
        [True, False],
        ["Утверждение", "tab\there", "line\nbreak\r", "back\\slash", ""],
        ["Алматы", None, "a\\b"],
        ["nul\0inside", "plain"],  # not PostgreSQL text: value by value, as before
        [at, at + timedelta(microseconds=5), datetime(2022, 1, 6, 1, 2, 3)],
        [at, None],
        [date(2022, 1, 5), None],
        [generate.Encoded(b'{"a":"\\"q\\" \\u0000"}'), None, generate.Encoded(b"[]")],
        [b'{"text":"\\u0434"}', generate.Encoded('{"k":"Жанаозен"}'.encode())],
        [1, "mixed", None, at, generate.Encoded(b'{"a":"\\\\"}')],
        [],
    ]
    for column in columns:
        expected = [
            generate.copy_value(bytes(v).decode() if isinstance(v, bytes) else v).encode()
            for v in column
        ]
        assert generate.copy_column(column) == expected, column
        assert generate.copy_column(tuple(column)) == expected, column


def test_fast_items_keep_the_encoders_bytes_for_copy(seeds_dir):
    """On PostgreSQL the stored texts stay the encoder's bytes (Encoded), which `decode()`
    returns as they are: the same bytes as the renderer's, never decoded and encoded again."""
    pytest.importorskip("orjson")
    from rest_framework.renderers import JSONRenderer

    from factcheck.published import items

    samples = [{"text": "Жанаозен \\ \n", "n": [1, None]}, {"line": "a\u2028b"}, {1: "int key"}]
    with generate.FastItems(encoded=True):
        fast = [items.encode(sample) for sample in samples]
    for text, sample in zip(fast, samples, strict=True):
        assert isinstance(text, generate.Encoded)
        assert text.decode() is text
        assert bytes(text) == JSONRenderer().render(sample)


def test_draws_are_random_randoms_numbers():
    """generate.Draws draws what random.Random draws from the same seed, call for call: the
    archive stays the same whichever draws it."""
    import random

    pool = ["a", "b", "c", "d", "e", "f", "g"]
    for seed in (1, 2, 1_000_003, -7, 2**40 + 5):
        fast, slow = generate.Draws(seed), random.Random(seed)
        for i in range(400):
            n = 1 + i % 37
            assert fast.randrange(n) == slow.randrange(n)
            assert fast.randrange(-3, n) == slow.randrange(-3, n)
            assert fast.randint(1, n) == slow.randint(1, n)
            assert fast.randint(5, 5) == slow.randint(5, 5)
            assert fast.randint(1, 10**12) == slow.randint(1, 10**12)
            assert fast.choice(pool[: 1 + i % len(pool)]) == slow.choice(pool[: 1 + i % len(pool)])
            assert fast.randrange(0, 10, 3) == slow.randrange(0, 10, 3)
            assert fast.uniform(1, 3) == slow.uniform(1, 3)
            assert fast.choices(pool, [1] * len(pool)) == slow.choices(pool, [1] * len(pool))
    with pytest.raises(ValueError):
        generate.Draws(1).randrange(0)
    with pytest.raises(IndexError):
        generate.Draws(1).choice([])


def test_separates_lines_finds_the_renderers_escapes_only():
    cases = {
        "plain": False,
        "": False,
        "a\u2028b": True,
        "\u2029": True,
        "dash — and … and “quotes”": False,
        "end \u2027": False,
        "Жанаозен\u2028": True,
    }
    for text, expected in cases.items():
        assert generate.separates_lines(text.encode()) is expected, text
    assert generate.separates_lines(b"\xe2") is False  # cut short: no index error
    assert generate.separates_lines(b"\xe2\x80") is False


@pytest.mark.parametrize("spool", [True, False], ids=["server-files", "stdin"])
def test_copy_text_reaches_the_server_either_way(db, seeds_dir, monkeypatch, spool):
    """On PostgreSQL the COPY text goes to the server as files it reads itself where it may
    (Spool), through COPY FROM STDIN otherwise: either way every row arrives, the stored texts
    are the app's own, and the files are gone afterwards."""
    import os

    from django.db import connection

    from factcheck.published.items import STORED_TEXTS, stored_texts

    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    if not spool:
        monkeypatch.setattr(generate.Spool, "readable", staticmethod(lambda *args: False))
    result = generate.generate(30, seed=5, batch=10, workers=0, quiet=True, defer=False)
    if spool and result["spool"] is None:
        pytest.skip("this server cannot read this machine's files (the STDIN case runs)")
    assert (result["spool"] is not None) is spool
    assert ("read by the server from files" in result["load"]) is spool
    if spool:
        assert not os.path.exists(result["spool"])
    assert result["rows"]["factcheck_verdict"] == Verdict.objects.count() == 30
    assert result["rows"]["factcheck_claim"] == Claim.objects.count() == 33
    released = list(Verdict.objects.released().select_related("public_revision"))
    assert released
    for verdict in released:
        expected = stored_texts(verdict)
        assert [getattr(verdict, name) for name in STORED_TEXTS] == [
            expected[name] for name in STORED_TEXTS
        ]
