"""The desk's admin at archive scale: what keeps its pages flat as verdicts pile up.

Speed itself is measured by bench/admin_pages.py on PostgreSQL; here, what makes it and can be
checked without a planner or a clock: each page's query count at two archive sizes, the indexes
that serve the lists' orders and queues (their definitions, and that the migrations made them),
list SQL with no aggregate over the archive, filters that still filter, the estimated count, and
change forms that never list every claim.
"""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from factcheck import services
from factcheck.admin.verdicts import QUEUE_LENGTH
from factcheck.adminkit import EstimatedCountPaginator
from factcheck.models import AuditEntry, Claim, Rating, Verdict
from sources.models import Citation
from tests.factories import ClaimCitationFactory, ClaimFactory, EventFactory, SourceFactory

State = Verdict.State


@pytest.fixture(autouse=True)
def _warm_content_types(db):
    # As in test_admin_core: a process-wide cache must not change the counts below.
    ContentType.objects.get_for_models(*apps.get_models())


@pytest.fixture
def rating(db):
    return Rating.objects.get(slug="false")


def verdicts(count, author, rating, **fields):
    """`count` verdicts, each on a claim of its own with two pieces of evidence."""
    made = []
    for _ in range(count):
        claim = ClaimFactory()
        ClaimCitationFactory(claim=claim, stance="supports")
        ClaimCitationFactory(claim=claim, stance="contradicts")
        made.append(
            Verdict.objects.create(
                claim=claim, rating=rating, headline=f"Verdict on {claim.short}", author=author
            )
        )
    if fields:
        Verdict.objects.filter(pk__in=[v.pk for v in made]).update(**fields)
    return made


# --- Indexes ---------------------------------------------------------------------------------

INDEXES = [
    # (model, name, fields, condition): each serves one list's order or one queue.
    (Verdict, "verdict_updated_idx", ["-updated_at", "id"], None),
    (
        Verdict,
        "verdict_author_queue_idx",
        ["author", "state", "updated_at", "id"],
        Q(state__in=["draft", "sent_back"]),
    ),
    (
        Verdict,
        "verdict_review_by_idx",
        ["review_by", "id"],
        Q(review_by__isnull=False, public_revision__isnull=False),
    ),
    (Verdict, "verdict_in_review_idx", ["updated_at"], Q(state="in_review")),
    (Claim, "claim_created_idx", ["-created_at", "id"], None),
    (Claim, "claim_language_idx", ["language"], None),
    (Citation, "citation_language_idx", ["quote_language"], None),
    (AuditEntry, "audit_at_idx", ["-at", "-id"], None),
    (AuditEntry, "audit_action_idx", ["action", "-at"], None),
]


@pytest.mark.parametrize(("model", "name", "fields", "condition"), INDEXES)
def test_each_list_order_and_queue_has_its_index(db, model, name, fields, condition):
    index = next(i for i in model._meta.indexes if i.name == name)
    assert index.fields == fields
    assert index.condition == condition
    # ...and the migrations made it in this database.
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    assert found[name]["index"]


def test_the_lists_default_orders_are_the_indexed_ones():
    from django.contrib import admin

    # Claims and verdicts are listed in Meta.ordering, which claim_created_idx and
    # verdict_updated_idx cover column for column; citations by their primary key.
    assert Claim._meta.ordering == ["-created_at", "pk"]
    assert Verdict._meta.ordering == ["-updated_at", "pk"]
    assert admin.site._registry[Citation].ordering == ["-pk"]
    assert AuditEntry._meta.ordering == ["-at", "-pk"]
    for model in (Claim, Verdict, Citation, AuditEntry):
        assert admin.site._registry[model].date_hierarchy is None


# --- Query counts at two archive sizes ---------------------------------------------------------


def test_admin_index_queue_runs_a_fixed_number_of_queries(
    client, reporter, editor, rating, django_assert_num_queries
):
    client.force_login(editor)
    today = timezone.localdate()
    # 1. the session 2. the user 3. 4. their permissions 5. my drafts 6. sent back to me
    # 7. due for re-review 8. awaiting my review 9. my approvals that edits may have outdated
    # 10.-15. assigned to me, due soon, overdue (claims, verdicts: factcheck.admin.work)
    # 16. 17. unread notifications and their count 18. the recent actions beside the app list
    queries = 18
    for size in (3, QUEUE_LENGTH + 5):
        have = Verdict.objects.filter(author=editor, state=State.DRAFT).count()
        verdicts(size - have, editor, rating)
        verdicts(size - have, editor, rating, state=State.SENT_BACK)
        verdicts(size - have, reporter, rating, state=State.IN_REVIEW)
        verdicts(size - have, reporter, rating, review_by=today - timedelta(days=1))
        with django_assert_num_queries(queries):
            response = client.get(reverse("admin:index"))
        page = response.content.decode()
        for queue in ("queue-drafts", "queue-sent-back", "queue-awaiting-review"):
            rows = page.split(f'id="{queue}"')[1].split("</ul>")[0].count("<li>")
            assert rows == min(size, QUEUE_LENGTH), queue
        # A longer queue links to the verdict list holding all of it.
        assert (f"?author__id__exact={editor.pk}&amp;state__exact=draft" in page) == (
            size > QUEUE_LENGTH
        )


def test_audit_log_runs_a_fixed_number_of_queries(
    client, administrator, reporter, rating, django_assert_num_queries
):
    client.force_login(administrator)
    url = reverse("admin:factcheck_auditentry_changelist")
    # 1. the session 2. the user 3. 4. their permissions 5. the actions and 6. the users who
    # acted, for the filters 7. the count 8. the page of entries with actor and content type
    for size in (3, 12):
        for verdict in verdicts(size - Verdict.objects.count(), reporter, rating):
            services.verdict_submit(verdict=verdict, by=reporter)
        with django_assert_num_queries(8):
            response = client.get(url)
        assert len(response.context["cl"].result_list) == size
        assert choices(response, "action") == ["factcheck.verdict.submitted"]
        response = client.get(url, {"actor__id__exact": reporter.pk})
        assert len(response.context["cl"].result_list) == size


def test_due_for_review_lists_published_verdicts_most_overdue_first(client, editor, rating):
    today = timezone.localdate()
    later, overdue, due_today = verdicts(3, editor, rating)
    for verdict, days in ((later, -5), (overdue, 9), (due_today, 0)):
        Verdict.objects.filter(pk=verdict.pk).update(review_by=today - timedelta(days=days))
    client.force_login(editor)
    # Drafts never published are not due: they are not yet anybody's reading.
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="queue-due"><li>None due.' in page

    from factcheck.models import VerdictRevision

    for verdict in (later, overdue, due_today):
        revision = VerdictRevision.objects.create(
            verdict=verdict,
            number=1,
            rating=rating,
            headline=verdict.headline,
            published_at=timezone.now(),
            published_by=editor,
            snapshot={},
        )
        Verdict.objects.filter(pk=verdict.pk).update(
            public_revision=revision, state=State.PUBLISHED
        )
    page = client.get(reverse("admin:index")).content.decode()
    due = page.split('id="queue-due"')[1].split("</ul>")[0]
    assert [int(pk) for pk in re.findall(r"verdict/(\d+)/change/", due)] == [
        overdue.pk,
        due_today.pk,
    ]


def claim_options(page):
    """Options of any drop-down on the page that name a claim (by its short form)."""
    shorts = set(Claim.objects.values_list("short", flat=True))
    labels = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    return [label for label in labels if label.strip() in shorts]


def test_verdict_change_form_runs_a_fixed_number_of_queries_and_lists_no_claims(
    client, editor, rating, django_assert_num_queries
):
    client.force_login(editor)
    (verdict,) = verdicts(1, editor, rating)
    url = reverse("admin:factcheck_verdict_change", args=[verdict.pk])
    client.get(url)  # the first request after login warms per-process caches
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for size in (3, 30):
        verdicts(size - Claim.objects.count() + 1, editor, rating)
        with django_assert_num_queries(len(first)):
            response = client.get(url)
        page = response.content.decode()
        # The claim is shown read-only, never as a drop-down of every claim.
        assert claim_options(page) == []


def test_verdict_add_form_lists_no_claims(client, reporter, rating):
    verdicts(12, reporter, rating)
    client.force_login(reporter)
    page = client.get(reverse("admin:factcheck_verdict_add")).content.decode()
    # The claim is picked with an autocomplete, which loads its choices as the reporter types.
    assert 'data-ajax--url="/admin/autocomplete/"' in page
    assert claim_options(page) == []


# --- The lists' SQL -------------------------------------------------------------------------


def list_queries(client, name, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(f"admin:{name}"), params or {})
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


def outer_level(sql):
    """The statement without whatever is in parentheses (subqueries, function arguments)."""
    depth, kept = 0, []
    for char in sql:
        depth += char == "("
        if depth == 0:
            kept.append(char)
        depth -= char == ")"
    return "".join(kept)


@pytest.mark.parametrize(
    ("name", "big_table", "evidence_table"),
    [
        ("factcheck_claim_changelist", "factcheck_claim", "factcheck_claimcitation"),
        ("sources_citation_changelist", "sources_citation", "factcheck_claimcitation"),
        ("factcheck_verdict_changelist", "factcheck_verdict", None),
        ("factcheck_auditentry_changelist", "factcheck_auditentry", None),
        ("factcheck_verdictrevision_changelist", "factcheck_verdictrevision", None),
    ],
)
def test_big_lists_count_once_and_group_nothing_over_the_archive(
    client, administrator, rating, name, big_table, evidence_table
):
    verdicts(3, administrator, rating)
    client.force_login(administrator)
    response, queries = list_queries(client, name)
    counts = [sql for sql in queries if "count(*)" in sql.lower() and big_table in sql]
    # One count (the list's; no second count of the unfiltered total), on the table alone (on
    # PostgreSQL inside the estimate's query, run while the table is small).
    assert len(counts) == 1
    if evidence_table:
        assert evidence_table not in counts[0]
    for sql in queries:
        # No DISTINCT over the archive for a filter's choices, no GROUP BY of the whole list:
        # the evidence counts are subqueries (grouped inside, by the one row's id).
        outer = outer_level(sql)
        assert "DISTINCT" not in outer, sql
        assert "GROUP BY" not in outer, sql
    assert response.context["cl"].show_full_result_count is False


def test_claim_list_shows_origin_counts_for_the_page(client, administrator):
    agency, outlet = SourceFactory(), SourceFactory()
    claim = ClaimFactory()
    ClaimCitationFactory(claim=claim, stance="supports", citation__source=agency)
    ClaimCitationFactory(claim=claim, stance="supports", citation__source=outlet)
    # Relays the agency: the same origin, counted once.
    ClaimCitationFactory(claim=claim, stance="supports", citation__relays=agency)
    ClaimCitationFactory(claim=claim, stance="contradicts", citation__source=outlet)
    # The claimant repeating itself does not count.
    ClaimCitationFactory(claim=claim, stance="contradicts", citation__source=claim.claimant)
    ClaimFactory()  # no evidence: zero, not empty
    client.force_login(administrator)
    response = client.get(reverse("admin:factcheck_claim_changelist"))
    rows = {
        c.pk: (c.supporting_origins, c.contradicting_origins)
        for c in response.context["cl"].result_list
    }
    assert rows[claim.pk] == (2, 1)
    assert sorted(rows.values()) == [(0, 0), (2, 1)]


# --- Filters: bounded choices, still filtering ---------------------------------------------------


def choices(response, title):
    spec = next(f for f in response.context["cl"].filter_specs if str(f.title) == title)
    return [c["display"] for c in spec.choices(response.context["cl"])][1:]  # after "All"


def test_claim_filters_offer_only_what_claims_use(client, administrator):
    claimant, silent = SourceFactory(name="МВД"), SourceFactory(name="Молчун")
    event, quiet = EventFactory(title="Захват аэропорта"), EventFactory(title="Тишина")
    claim = ClaimFactory(claimant=claimant, language="kk")
    claim.events.add(event)
    ClaimFactory(claimant=claimant, language="ru")
    client.force_login(administrator)
    response = client.get(reverse("admin:factcheck_claim_changelist"))
    made_by = choices(response, "made by")
    assert str(claimant) in made_by and str(silent) not in made_by
    assert str(event) in choices(response, "events") and str(quiet) not in choices(
        response, "events"
    )
    assert choices(response, "language") == ["kk", "ru"]

    response = client.get(reverse("admin:factcheck_claim_changelist"), {"language": "kk"})
    assert list(response.context["cl"].result_list) == [claim]


def test_event_and_claimant_filters_offer_those_of_the_newest_claims(
    client, administrator, monkeypatch
):
    """Events and sources grow with the archive (20,000 events at a million verdicts): their
    filters list what the newest claims name, plus the one selected, not every one in use."""
    from factcheck.adminkit import RecentRelatedFilter

    monkeypatch.setattr(RecentRelatedFilter, "window", 2)
    old_event, new_event = EventFactory(title="Давнее"), EventFactory(title="Свежее")
    old_claimant, new_claimant = SourceFactory(name="Давний"), SourceFactory(name="Свежий")
    now = timezone.now()
    old = ClaimFactory(claimant=old_claimant, created_at=now - timedelta(days=900))
    old.events.add(old_event)
    for _ in range(2):
        claim = ClaimFactory(claimant=new_claimant, created_at=now)
        claim.events.add(new_event)
    client.force_login(administrator)
    listing = reverse("admin:factcheck_claim_changelist")
    response = client.get(listing)
    assert choices(response, "events") == [str(new_event), "-"]  # "-": no event
    assert choices(response, "made by") == [str(new_claimant), "-"]
    # An older one is still a filter by URL, and is then offered, selected.
    response = client.get(listing, {"events__id__exact": old_event.pk})
    assert list(response.context["cl"].result_list) == [old]
    assert choices(response, "events") == [str(old_event), str(new_event), "-"]
    response = client.get(listing, {"claimant__id__exact": old_claimant.pk})
    assert list(response.context["cl"].result_list) == [old]
    assert str(old_claimant) in choices(response, "made by")


def test_citation_filters_offer_the_sources_of_the_newest_citations(
    client, administrator, monkeypatch
):
    from factcheck.adminkit import RecentRelatedFilter
    from tests.factories import CitationFactory

    monkeypatch.setattr(RecentRelatedFilter, "window", 2)
    early, late, later = SourceFactory.create_batch(3)
    for source in (early, late, later):  # the newest last: the list is by -pk
        CitationFactory(source=source)
    client.force_login(administrator)
    response = client.get(reverse("admin:sources_citation_changelist"))
    assert sorted(choices(response, "published by")) == sorted([str(late), str(later)])


def test_citation_filters_offer_only_what_citations_use(client, administrator):
    from tests.factories import CitationFactory

    publisher, other, relayed, unused = SourceFactory.create_batch(4)
    citation = CitationFactory(source=publisher, relays=relayed, quote_language="kk")
    CitationFactory(source=other, quote_language="en")
    client.force_login(administrator)
    response = client.get(reverse("admin:sources_citation_changelist"))
    assert str(publisher) in choices(response, "published by")
    assert str(unused) not in choices(response, "published by")
    assert choices(response, "relays") == [str(relayed), "-"]  # the choice "relays nobody"
    assert choices(response, "language of the passage") == ["en", "kk"]
    response = client.get(reverse("admin:sources_citation_changelist"), {"quote_language": "kk"})
    assert list(response.context["cl"].result_list) == [citation]


def test_verdict_list_filters_by_last_change(client, administrator, rating):
    recent, old = verdicts(2, administrator, rating)
    Verdict.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=400))
    client.force_login(administrator)
    response = client.get(reverse("admin:factcheck_verdict_changelist"))
    assert "Past 7 days" in choices(response, "updated")
    spec = next(f for f in response.context["cl"].filter_specs if str(f.title) == "updated")
    week = next(c for c in spec.choices(response.context["cl"]) if c["display"] == "Past 7 days")
    response = client.get(reverse("admin:factcheck_verdict_changelist") + week["query_string"])
    assert list(response.context["cl"].result_list) == [recent]


# --- The estimated count ----------------------------------------------------------------------


def test_count_is_exact_off_postgresql_and_below_the_threshold(db, django_assert_num_queries):
    ClaimFactory.create_batch(4)
    with django_assert_num_queries(1):
        assert EstimatedCountPaginator(Claim.objects.all(), 100).count == 4
    with django_assert_num_queries(1):
        assert EstimatedCountPaginator(Claim.objects.filter(language="ru"), 100).count == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own statistics")
def test_big_table_count_is_the_planners_estimate_on_postgresql(db, django_assert_num_queries):
    ClaimFactory.create_batch(5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE factcheck_claim")
    ClaimFactory.create_batch(2)  # not yet seen by ANALYZE

    class Small(EstimatedCountPaginator):
        exact_below = 3

    # Unfiltered: pg_class.reltuples, as of the last ANALYZE, in one query.
    with django_assert_num_queries(1):
        assert Small(Claim.objects.all(), 100).count == 5
    # Below the threshold it is counted, still in one query.
    with django_assert_num_queries(1):
        assert EstimatedCountPaginator(Claim.objects.all(), 100).count == 7
    # Filtered: counted up to the threshold, then the planner's estimate for the rest.
    with django_assert_num_queries(2):
        assert Small(Claim.objects.filter(language="ru"), 100).count >= 4


def test_a_later_page_annotates_only_its_own_rows(client, administrator, monkeypatch):
    from django.contrib import admin

    monkeypatch.setattr(admin.site._registry[Claim], "list_per_page", 2)
    claims = ClaimFactory.create_batch(5)
    for claim in claims:
        ClaimCitationFactory(claim=claim, stance="supports")
    client.force_login(administrator)
    response, queries = list_queries(client, "factcheck_claim_changelist", {"p": 2})
    newest_first = sorted(claims, key=lambda c: (-c.created_at.timestamp(), c.pk))
    page = list(response.context["cl"].result_list)
    assert page == newest_first[2:4]
    assert [c.supporting_origins for c in page] == [1, 1]
    # The page's ids are picked first (an index walk, LIMIT/OFFSET on ids alone); the origin
    # subqueries and joins run only for the rows found, never for the skipped ones.
    (listed,) = [sql for sql in queries if "supporting_origins" in sql]
    assert "LIMIT 2 OFFSET 2" in listed
    assert "LIMIT" not in outer_level(listed)
