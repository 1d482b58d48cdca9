"""The admin claim list at a million claims: its free-text search (`?q=`) in a form trigram
indexes serve, its row checkboxes without a template per row, and its recent-objects filters
reading their related table by primary key (issue 10).

No planner choice on a tiny table is asserted: the index definitions, the SQL Django compiles
(which must be the indexed expressions), and on PostgreSQL a plan with the other access paths
switched off, which can reach the claims through the indexes only if every branch of the
search's OR is indexable.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import similar
from factcheck.models import Claim
from tests.factories import ClaimFactory, EventFactory, SourceFactory

search_migration = importlib.import_module("factcheck.migrations.0026_admin_claim_search")
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_trgm and ANY(ARRAY(...)) are PostgreSQL's"
)


@pytest.fixture(autouse=True)
def _warm_content_types(db):
    ContentType.objects.get_for_models(*apps.get_models())


def claim_admin():
    return admin.site._registry[Claim]


def searched(term, admin_class=None):
    request = RequestFactory().get("/", {"q": term})
    model_admin = claim_admin()
    get = (admin_class or type(model_admin)).get_search_results
    queryset, duplicates = get(model_admin, request, Claim.objects.all(), term)
    return queryset, duplicates


@pytest.fixture
def claims():
    mvd = SourceFactory(name="Министерство внутренних дел", name_en="Interior ministry")
    return {
        "text": ClaimFactory(text="Захват аэропорта Алматы", text_en="", short="Аэропорт"),
        "text_en": ClaimFactory(text="Другое", text_en="The airport was seized", short="Другое"),
        "short": ClaimFactory(text="Третье", text_en="", short="АЭРОПОРТ закрыт"),
        "slug": ClaimFactory(text="Четвёртое", text_en="", short="Четыре", slug="aeroport-x"),
        "claimant": ClaimFactory(text="Пятое", text_en="", short="Пять", claimant=mvd),
        "other": ClaimFactory(text="Ничего общего", text_en="Nothing", short="Ничего"),
    }


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("аэропорт", {"text", "short"}),  # any case, Cyrillic
        ("AIRPORT", {"text_en"}),
        ("aeroport", {"slug"}),
        ("внутренних", {"claimant"}),  # the claimant's name
        ("interior", {"claimant"}),  # its English name
        ("аэропорт алматы", {"text"}),  # every term must match, each in any field
        ('"аэропорт закрыт"', {"short"}),  # a quoted phrase is one term
        ("нет-такого", set()),
    ],
)
def test_search_finds_what_djangos_search_finds(claims, term, found):
    queryset, duplicates = searched(term)
    names = {name for name, claim in claims.items() if claim in queryset}
    assert names == found
    # The same rows as Django's own search over the same search_fields, with no duplicates.
    django_queryset, _ = searched(term, admin.ModelAdmin)
    assert set(queryset) == set(django_queryset)
    assert duplicates is False


def test_search_reads_claims_alone(claims):
    """No join: the claimant's names are matched in the sources table first, so that the OR is
    over the claims' own columns (an OR across a join cannot be answered from indexes)."""
    queryset, _ = searched("аэропорт interior")
    sql = str(queryset.query)
    assert "JOIN" not in sql
    for column in search_migration.SEARCHED:
        # Django's icontains on each column: the expression the migration indexes.
        if connection.vendor == "postgresql":
            assert f'UPPER("factcheck_claim"."{column}"::text) LIKE UPPER(' in sql
    if connection.vendor == "postgresql":
        # The texts as one document: similar-claims' expression, which claim_text_trgm_idx
        # indexes (tests/test_similar.py checks the index against it).
        document = similar.ClaimDocument().resolve_expression(Claim.objects.all().query)
        compiler = Claim.objects.all().query.get_compiler(connection=connection)
        document_sql, _params = compiler.compile(document)
        assert f"{document_sql} LIKE " in sql
        assert 'UPPER("factcheck_claim"."text"::text)' not in sql
    if connection.vendor == "postgresql":
        assert '"factcheck_claim"."claimant_id" = ANY(ARRAY(SELECT' in sql
    else:
        assert '"factcheck_claim"."claimant_id" IN (SELECT' in sql


def test_searched_columns_are_the_claim_admins_own_search_fields():
    model_admin = claim_admin()
    _document, columns = model_admin.search_document
    own = [name for name in model_admin.search_fields if "__" not in name]
    assert [name for name in own if name not in columns] == search_migration.SEARCHED
    assert set(columns) <= set(own)  # the document's columns are search fields too


@on_postgresql
@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("елка", {"yo"}),  # ё is read as е, as similar claims read it
        ("ЁЛКА", {"yo"}),
        ("50%", {"percent"}),  # LIKE's wildcards in the term are the characters themselves
        ("5_%", set()),
    ],
)
def test_the_texts_are_searched_as_one_folded_document(db, term, found):
    claims = {
        "yo": ClaimFactory(text="Ёлка у аэропорта", text_en="", short="Ёлка"),
        "percent": ClaimFactory(text="Рост на 50% за год", text_en="", short="Рост"),
        "other": ClaimFactory(text="Рост на 500 тенге", text_en="", short="Другое"),
    }
    queryset, _ = searched(term)
    assert {name for name, claim in claims.items() if claim in queryset} == found


@on_postgresql
def test_each_searched_column_has_a_trigram_index_on_djangos_expression(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'factcheck_claim' "
            "AND indexname LIKE 'claim_%%_search_idx'"
        )
        definitions = dict(cursor.fetchall())
    for column in search_migration.SEARCHED:
        definition = definitions[search_migration.index_name(column)]
        # PostgreSQL prints the cast of a varchar column and drops the no-op one of a text column.
        assert "USING gin" in definition and "gin_trgm_ops" in definition
        assert f"(upper(({column})::text) gin_trgm_ops)" in definition or (
            f"(upper({column}) gin_trgm_ops)" in definition
        )


@on_postgresql
def test_the_search_reaches_claims_through_the_indexes_only(claims):
    """With sequential scans and B-tree walks of the claims ruled out, the planner still finds
    the claims through a BitmapOr of the trigram indexes and the claimant index: a choice it has
    only if every branch of the OR is on an indexed expression."""
    queryset, _ = searched("аэропорт")
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "BitmapOr" in plan, plan
    for column in search_migration.SEARCHED:
        assert search_migration.index_name(column) in plan, plan
    assert "claim_text_trgm_idx" in plan, plan
    assert "Seq Scan on factcheck_claim" not in plan, plan


def test_claim_search_runs_a_fixed_number_of_queries(
    client, administrator, django_assert_num_queries
):
    # 1.-4. the request's own 5. ratings 6. events and 7. claimants for the filters 8. the
    # languages 9. the count (of the matches, up to the exact threshold; on PostgreSQL after the
    # planner's estimate, EstimatedCountPaginator.estimate_first) 10. the page 11. its events.
    # The sources whose names match are a subquery of the count and the page, not a query.
    queries = 11 + (connection.vendor == "postgresql")
    client.force_login(administrator)
    listing = reverse("admin:factcheck_claim_changelist")
    for batch in (2, 6):
        for _ in range(batch):
            ClaimFactory(text="Захват аэропорта").events.add(EventFactory())
        with django_assert_num_queries(queries):
            response = client.get(listing, {"q": "аэропорт"})
        assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 8


def test_row_checkboxes_are_djangos_markup(db):
    """BigListAdmin formats each row's checkbox directly instead of through the widget
    templates: the same HTML, with the object's name escaped."""
    from django.utils import translation

    claim = ClaimFactory(short='Цитата "в кавычках" <b>')
    model_admin = claim_admin()

    def no_template(*args, **kwargs):
        raise AssertionError("a checkbox rendered through the form renderer")

    for language in ("en", "ru"):  # the label is Django's, in Django's translation
        with translation.override(language):
            expected = admin.ModelAdmin.action_checkbox(model_admin, claim)
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr("django.forms.renderers.BaseRenderer.render", no_template)
                assert model_admin.action_checkbox(claim) == expected
    assert "Выбрать этот объект" in expected


@on_postgresql
def test_recent_related_filters_read_their_table_by_primary_key(client, administrator):
    """`id = ANY(ARRAY(<the newest claims' events>))`: PostgreSQL probes the events' primary key
    for each; with `id IN (...)` it hashed the whole events table (22,000 rows at 1M)."""
    ClaimFactory().events.add(EventFactory())
    client.force_login(administrator)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("admin:factcheck_claim_changelist"))
    choices = [q["sql"] for q in captured if q["sql"].startswith('SELECT "events_event"."id"')]
    assert len(choices) == 1
    assert '"events_event"."id" = ANY(ARRAY(SELECT' in choices[0]


def test_deep_pages_are_bounded(client, administrator, monkeypatch):
    """At most `max_pages` pages are offered and served: a deeper `?p=` is the last page offered,
    so no page skips more than (max_pages - 1) * list_per_page index entries for its OFFSET."""
    from factcheck.adminkit import EstimatedCountPaginator

    monkeypatch.setattr(claim_admin(), "list_per_page", 2)
    monkeypatch.setattr(EstimatedCountPaginator, "max_pages", 3)
    claims = ClaimFactory.create_batch(9)  # five pages of two
    newest_first = sorted(claims, key=lambda c: (-c.created_at.timestamp(), c.pk))
    client.force_login(administrator)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:factcheck_claim_changelist"), {"p": 5})
    assert response.status_code == 200
    cl = response.context["cl"]
    assert cl.result_count == 9  # the count is still the whole list's
    assert cl.paginator.num_pages == 3
    assert cl.page_num == 3
    assert list(cl.result_list) == newest_first[4:6]
    assert any("LIMIT 2 OFFSET 4" in q["sql"] for q in captured)
    assert not any("OFFSET 8" in q["sql"] for q in captured)
    # The page links end at the last page offered (the current page is not a link).
    html = response.content.decode()
    assert "?p=2" in html and "?p=4" not in html and "?p=5" not in html


@on_postgresql
def test_a_search_is_estimated_before_it_is_counted(client, administrator, monkeypatch):
    """A common word's matches are not counted: the planner's estimate above the threshold is
    the count, and no count(*) runs; below it, the matches are counted exactly."""
    from factcheck.adminkit import EstimatedCountPaginator

    ClaimFactory.create_batch(3, text="Захват аэропорта")
    client.force_login(administrator)
    listing = reverse("admin:factcheck_claim_changelist")

    def counts(captured):
        return [q["sql"] for q in captured if q["sql"].upper().startswith("SELECT COUNT(*)")]

    monkeypatch.setattr(EstimatedCountPaginator, "_planned_rows", staticmethod(lambda c, q: 2))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(listing, {"q": "аэропорт"})
    assert response.context["cl"].result_count == 3  # counted: the estimate was small
    assert len(counts(captured)) == 1

    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 2)
    monkeypatch.setattr(EstimatedCountPaginator, "_planned_rows", staticmethod(lambda c, q: 40))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(listing, {"q": "аэропорт"})
    assert response.context["cl"].result_count == 40  # the estimate, nothing counted
    assert counts(captured) == []
    # Without a search, a filtered list is still counted first (its rows come from an index).
    with CaptureQueriesContext(connection) as captured:
        response = client.get(listing, {"language": "ru"})
    assert len(counts(captured)) == 1


@on_postgresql
def test_the_unfiltered_counts_branch_is_bounded(db, django_assert_num_queries):
    """The count run while a table is small (or not yet analysed) has a LIMIT, so that its plan's
    cost stays under jit_above_cost even at millions of rows: the branch is never run then, but
    an unbounded one was compiled by JIT on every citation list at 1M (8-60 ms)."""
    from factcheck.adminkit import EstimatedCountPaginator

    class Bounded(EstimatedCountPaginator):
        counted_at_most = 3

    ClaimFactory.create_batch(5)
    with CaptureQueriesContext(connection) as captured:
        assert Bounded(Claim.objects.all(), 100).count == 3
    (sql,) = [q["sql"] for q in captured]
    assert 'FROM "factcheck_claim" LIMIT 3' in sql
    assert EstimatedCountPaginator(Claim.objects.all(), 100).count == 5


@on_postgresql
def test_an_autocompletes_term_is_estimated_before_it_is_counted(
    client, administrator, monkeypatch
):
    """Typing a claim into a figure's form searches the claims as the list does: a common term's
    matches are estimated, not counted."""
    from factcheck.adminkit import EstimatedCountPaginator

    ClaimFactory.create_batch(3, text="Захват аэропорта")
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 2)
    monkeypatch.setattr(EstimatedCountPaginator, "_planned_rows", staticmethod(lambda c, q: 40))
    client.force_login(administrator)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "term": "аэропорт",
                "app_label": "factcheck",
                "model_name": "figure",
                "field_name": "claim",
            },
        )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3
    assert not [q for q in captured if q["sql"].upper().startswith("SELECT COUNT(*)")]
