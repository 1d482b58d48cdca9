"""Similar claims (issue 12): factcheck.similar.suggest, measured on the labelled set
tests/similar_pairs.toml, and the duplicate link an editor makes instead of a second claim."""

import tomllib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from factcheck import services, similar
from factcheck.models import AuditEntry, Claim, Rating, Verdict
from tests.factories import sample

PAIRS = tomllib.loads(Path(__file__).with_name("similar_pairs.toml").read_text(encoding="utf-8"))

# Thresholds of the top suggestion's precision and recall on the labelled set, per database.
# Measured (this branch, `PY=/work/main/.venv/bin/python bash .ci/test tests/test_similar.py`):
#   SQLite:     precision 30/31 = 0.97, recall 30/30 = 1.00
#   PostgreSQL: precision 30/31 = 0.97, recall 30/30 = 1.00
# The thresholds leave room for a changed glossary or weight to cost one pair, not more.
# PostgreSQL's may differ: there the score blends in pg_trgm's word similarity with the claim's
# text and candidates also come from the published verdicts' full-text documents, so a pair may
# move across MIN_SCORE on one database and not the other.
THRESHOLDS = {
    "sqlite": {"precision": 0.9, "recall": 0.93},
    "postgresql": {"precision": 0.9, "recall": 0.93},
}


def build_desk() -> dict[str, Claim]:
    """The set's claims; those marked `published` with a published verdict."""
    claims = {}
    for n, spec in enumerate(PAIRS["claim"], start=1):
        claim = sample.claim(n, text=spec["text"], text_en=spec["text_en"])
        Claim.objects.filter(pk=claim.pk).update(slug=spec["slug"], short=spec["short"])
        claim.refresh_from_db()
        if spec.get("published"):
            sample.publish(claim, rating="half-true", headline=spec["short"])
        claims[spec["slug"]] = claim
    return claims


@pytest.fixture
def desk(db):
    return build_desk()


def measure() -> tuple[int, int, int, list[str]]:
    """(right top suggestions, suggestions made, pairs with an answer, misses described)."""
    right = made = answerable = 0
    misses = []
    for pair in PAIRS["pair"]:
        top = similar.suggest(pair["text"], limit=1)
        got = top[0].claim.slug if top else ""
        answerable += bool(pair["expect"])
        made += bool(got)
        right += bool(got) and got == pair["expect"]
        if got != pair["expect"]:
            misses.append(f"{pair['text']!r}: expected {pair['expect']!r}, got {got!r}")
    return right, made, answerable, misses


def test_precision_and_recall_of_the_top_suggestion(desk):
    """Precision: of the texts given a suggestion, how many got the claim they repeat first.
    Recall: of the texts that repeat a claim of the desk, how many got it first.

    Measured on 38 texts (30 repeat one of the 17 claims, in Russian or English, worded by the
    other seed report or a reader; 8 only look alike: another date, figure, city or country):
    SQLite precision 0.97 (30/31), recall 1.00 (30/30); PostgreSQL precision 0.97 (30/31), recall
    1.00 (30/30). The one miss on both: «аэропорт Алматы захвачен 7 января» (another date) is
    given the KNB building's seizure in Almaty, which names no date to disagree with. The set is
    small and the glossary and MIN_SCORE were written looking at it: these figures say the
    method works on the seed reports' facts, not how it does on a desk's next story.
    """
    right, made, answerable, misses = measure()
    precision = right / made
    recall = right / answerable
    expected = THRESHOLDS[connection.vendor]
    assert answerable == 30 and len(PAIRS["pair"]) == 38
    assert precision >= expected["precision"], misses
    assert recall >= expected["recall"], misses


@pytest.mark.parametrize(
    "text", ["захватили аэропорт", "аэропорт Алматы захвачен", "protesters seized Almaty airport"]
)
def test_the_airport_seizure_is_found_in_either_language(desk, text):
    [top, *_rest] = similar.suggest(text)
    assert top.claim.slug == "airport-seized"
    # Published: the match carries its published verdict and says why it was suggested.
    assert top.verdict is not None and top.verdict.state == Verdict.State.PUBLISHED
    assert "airport" in top.why and "seize" in top.why
    assert 0 < top.score <= 1


def test_a_look_alike_names_what_differs_and_stays_below_the_matches(desk):
    matches = similar.suggest("погибли 40 сотрудников силовых структур", limit=5)
    assert not matches or matches[0].score < similar.MIN_SCORE + 0.1
    comparison = similar.compare(
        similar.terms("погибли 40 сотрудников силовых структур"),
        similar.terms(desk["security-deaths"].text),
    )
    assert comparison.conflicts and comparison.conflicts[0][0] == "number"
    with translation.override("en"):  # another test may have left Russian active
        assert "differ" in similar.explain(comparison)
    with translation.override("ru"):
        assert "различаются" in similar.explain(comparison)


def test_only_a_published_verdict_is_attached_and_the_claim_itself_can_be_left_out(desk):
    # An unpublished verdict (a draft) on the KNB claim is not attached to its match.
    knb = desk["knb-seized"]
    reporter, _editor = sample.desk_users()
    services.verdict_create(
        claim=knb,
        by=reporter,
        headline="Draft",
        rating=Rating.objects.get(slug="half-true"),
        conclusion="c",
        explanation="e",
        language="en",
    )
    [top, *_rest] = similar.suggest("The KNB building in Almaty was captured by radicals")
    assert top.claim == knb and top.verdict is None
    left = similar.suggest(knb.text, exclude_claim=knb.pk)
    assert knb not in [m.claim for m in left]
    assert len(similar.suggest("Almaty", limit=2)) <= 2
    assert similar.suggest("") == [] and similar.suggest("и в на") == []


def test_suggest_runs_the_same_queries_whatever_the_desk_holds(desk, django_assert_num_queries):
    # 1. the candidates (on PostgreSQL with the published verdicts' full-text match as a
    # subquery), 2. the published verdicts of the claims suggested.
    with django_assert_num_queries(2):
        assert similar.suggest("protesters seized Almaty airport")
    for n in range(40):
        sample.claim(100 + n, text=f"Аэропорт {n}: другой текст", text_en=f"Airport {n}")
    with django_assert_num_queries(2):
        assert similar.suggest("protesters seized Almaty airport")


def test_linking_a_duplicate_is_audited_goes_to_the_original_and_never_to_itself(desk, editor):
    original, copy, third = desk["airport-seized"], desk["knb-seized"], desk["airport-freed"]
    services.claim_link_duplicate(claim=copy, of=original, by=editor)
    assert Claim.objects.get(pk=copy.pk).duplicate_of == original
    entry = AuditEntry.objects.get(action="factcheck.claim.duplicate_linked")
    assert entry.actor == editor and entry.data == {"duplicate_of": original.pk, "previous": None}
    # Linking to a duplicate links to its original.
    services.claim_link_duplicate(claim=third, of=Claim.objects.get(pk=copy.pk), by=editor)
    assert Claim.objects.get(pk=third.pk).duplicate_of == original
    # Never its own duplicate, nor that of one of its own duplicates.
    with pytest.raises(services.WorkflowError):
        services.claim_link_duplicate(claim=original, of=original, by=editor)
    with pytest.raises(services.WorkflowError):
        services.claim_link_duplicate(claim=original, of=Claim.objects.get(pk=copy.pk), by=editor)
    services.claim_link_duplicate(claim=copy, of=None, by=editor)
    assert AuditEntry.objects.filter(action="factcheck.claim.duplicate_unlinked").exists()
    # The rule is the database's too, and the model's clean() names the field.
    original.duplicate_of = original
    with pytest.raises(ValidationError) as raised:
        original.clean()
    assert "duplicate_of" in raised.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=original.pk).update(duplicate_of=original.pk)


def test_a_reporter_without_the_right_cannot_link(desk, db):
    from django.contrib.auth.models import User

    outsider = User.objects.create_user("outsider")
    with pytest.raises(services.NotAllowed):
        services.claim_link_duplicate(
            claim=desk["knb-seized"], of=desk["airport-seized"], by=outsider
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_the_trigram_index_serves_the_candidate_query(desk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'claim_text_trgm_idx'")
        [(definition,)] = cursor.fetchall()
    assert "gin_trgm_ops" in definition and "USING gin" in definition
    # The candidate query's LIKE is on the indexed expression: with sequential scans and
    # B-tree walks ruled out, the planner reaches the claims through the trigram index (a choice it has only if the
    # expressions match; the plan of a small table otherwise proves nothing).
    query = similar.terms("protesters seized Almaty airport")
    claims = (
        Claim.objects.alias(document=similar.ClaimDocument())
        .filter(document__contains="аэропорт")
        .order_by()
        .values("pk")
    )
    sql, params = claims.query.sql_with_params()
    assert query
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # a B-tree walk is no answer
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claim_text_trgm_idx" in plan, plan
