"""`fixed_in` (factcheck.lookups): the admin index's work lists name the open states as literals on
SQLite, where a bound IN list keeps the partial indexes over open work from being used."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from factcheck.admin.work import work_lists
from factcheck.models import Claim, Verdict
from factcheck.models.work import OPEN_CLAIM_STATUSES, OPEN_VERDICT_STATES


def sql_of(queryset) -> tuple[str, tuple]:
    return queryset.query.sql_with_params()


def test_on_sqlite_the_states_are_literals_as_in_the_index(db):
    fixed_sql, fixed_params = sql_of(Verdict.objects.filter(state__fixed_in=OPEN_VERDICT_STATES))
    if connection.vendor == "sqlite":
        assert "IN ('draft', 'in_review', 'sent_back')" in fixed_sql
        assert not set(fixed_params) & set(OPEN_VERDICT_STATES)
        # The partial index's own condition, which the query must imply as written.
        due = next(i for i in Verdict._meta.indexes if i.name == "verdict_due_idx")
        assert "in_review" in str(due.condition)
    else:
        plain_sql, plain_params = sql_of(Verdict.objects.filter(state__in=OPEN_VERDICT_STATES))
        assert (fixed_sql, fixed_params) == (plain_sql, plain_params)


def test_the_same_rows_as_in(db):
    from tests.factories import sample

    sample.claim(1)
    sample.publish(sample.claim(2))
    for model, field, values in (
        (Verdict, "state", OPEN_VERDICT_STATES),
        (Claim, "status", OPEN_CLAIM_STATUSES),
    ):
        fixed = set(model.objects.filter(**{f"{field}__fixed_in": values}))
        assert fixed == set(model.objects.filter(**{f"{field}__in": values}))


@pytest.mark.parametrize("values", [("draft", "x'); DROP TABLE t; --"), (), (1,)])
def test_only_plain_words(db, values):
    queryset = Verdict.objects.filter(state__fixed_in=values)
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL binds parameters")
    with pytest.raises(ValueError):
        list(queryset)


def test_the_work_lists_use_it(db, django_assert_num_queries, monkeypatch):
    user = get_user_model().objects.create_user("w", is_staff=True)
    seen = []
    from django.db.backends.utils import CursorWrapper

    real = CursorWrapper.execute

    def spy(self, sql, params=None):
        seen.append(sql)
        return real(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", spy)
    work_lists(user)
    lists = [sql for sql in seen if "due_at" in sql and "ORDER BY" in sql]
    assert len(lists) == 6
    if connection.vendor == "sqlite":
        assert all("'sent_back')" in sql or "'researching')" in sql for sql in lists)
