"""Typed conflicts between claims, and figures that are still being counted or not known."""

import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from factcheck.models import ClaimCitation, ClaimConflict, Figure, conflicts_of
from tests.factories import (
    ClaimFactory,
    FigureFactory,
    build_desk,
    desk_users,
    make_claim,
    migrating,
    publish,
)
from tests.test_admin_core import claim_post

AS_OF = datetime(2022, 1, 7, 2, 0, tzinfo=UTC)

# --- The rules, in the database and in clean() ----------------------------------------------


@pytest.mark.django_db
def test_a_pair_is_recorded_once_whichever_claim_comes_first():
    a, b = ClaimFactory(), ClaimFactory()
    ClaimConflict.objects.create(claim=a, other=b, kind=ClaimConflict.Kind.CONTRADICTS)
    reverse_pair = ClaimConflict(claim=b, other=a, kind=ClaimConflict.Kind.FRAMES_DIFFERENTLY)
    with pytest.raises(ValidationError, match="already recorded"):
        reverse_pair.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        reverse_pair.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimConflict.objects.create(claim=a, other=b, kind=ClaimConflict.Kind.CONTRADICTS)
    # Another pair sharing one claim is fine.
    ClaimConflict(claim=b, other=ClaimFactory(), kind=ClaimConflict.Kind.CONTRADICTS).full_clean()


@pytest.mark.django_db
def test_a_claim_cannot_conflict_with_itself():
    a = ClaimFactory()
    itself = ClaimConflict(claim=a, other=a, kind=ClaimConflict.Kind.CONTRADICTS)
    with pytest.raises(ValidationError) as error:
        itself.full_clean()
    assert error.value.message_dict["other"] == ["A claim cannot conflict with itself."]
    with pytest.raises(IntegrityError), transaction.atomic():
        itself.save()


@pytest.mark.django_db
def test_conflicts_of_reads_both_sides():
    a, b, c, unrelated = ClaimFactory(), ClaimFactory(), ClaimFactory(), ClaimFactory()
    ab = ClaimConflict.objects.create(claim=a, other=b, kind=ClaimConflict.Kind.CONTRADICTS)
    ca = ClaimConflict.objects.create(
        claim=c, other=a, kind=ClaimConflict.Kind.DIFFERENT_POPULATION
    )
    ClaimConflict.objects.create(claim=b, other=unrelated, kind=ClaimConflict.Kind.CONTRADICTS)
    assert {(x, x.counterpart(a)) for x in conflicts_of(a)} == {(ab, b), (ca, c)}
    assert [x.counterpart(c) for x in conflicts_of(c)] == [a]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "value", "error"),
    [
        (Figure.Status.REPORTED, None, "A reported figure needs its value"),
        (Figure.Status.UNKNOWN, 12, "A figure that is not known has no value"),
        (Figure.Status.REPORTED, 12, None),
        (Figure.Status.BEING_COUNTED, None, None),
        (Figure.Status.BEING_COUNTED, 12, None),  # a provisional count
        (Figure.Status.UNKNOWN, None, None),
    ],
)
def test_a_figures_value_matches_its_status(status, value, error):
    figure = FigureFactory.build(claim=ClaimFactory(), status=status, value=value)
    if error is None:
        figure.full_clean()
        figure.save()
        return
    with pytest.raises(ValidationError) as raised:
        figure.full_clean()
    assert error in raised.value.message_dict["value"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()


@pytest.mark.django_db
def test_a_figure_without_a_value_or_superseded_says_so_in_its_name():
    counting = FigureFactory(status=Figure.Status.BEING_COUNTED, value=None, counted_en="civilians")
    assert str(counting) == "Still being counted: civilians (Killed)"
    assert "None" not in str(counting)
    old = FigureFactory(value=10, superseded_by=FigureFactory(value=12))
    assert str(old).endswith("[superseded]")
    assert "superseded" not in str(old.superseded_by)


# --- The data migration ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_untyped_conflicts_once_per_pair():
    target = ("factcheck", "0009_typed_conflicts")
    executor = MigrationExecutor(connection)
    # The factcheck migration before it, whatever it is named once the branches are merged.
    (before,) = [
        n for n in executor.loader.graph.node_map[target].parents if n.key[0] == "factcheck"
    ]
    leaves = executor.loader.graph.leaf_nodes()
    try:
        migrating.migrate([before.key])
        old = MigrationExecutor(connection).loader.project_state(before.key).apps
        Claim = old.get_model("factcheck", "Claim")
        a, b, c = (
            Claim.objects.create(text=f"Утверждение {n}", short=f"Claim {n}", slug=f"claim-{n}")
            for n in range(3)
        )
        a.conflicts_with.add(b)  # symmetric: stored in both directions
        c.conflicts_with.add(a)
        executor = migrating.migrate([target])
        new = executor.loader.project_state(target).apps
        moved = new.get_model("factcheck", "ClaimConflict").objects.order_by("pk")
        assert [(x.claim_id, x.other_id, x.kind) for x in moved] == [
            (a.pk, b.pk, "contradicts"),
            (a.pk, c.pk, "contradicts"),
        ]
    finally:
        migrating.migrate(leaves)


# --- The claim form's inlines ---------------------------------------------------------------


def conflict_post(client, claim, **rows):
    """The claim's change form as rendered, posted back with `rows` of the conflicts inline."""
    page = client.get(reverse("admin:factcheck_claim_change", args=[claim.pk]))
    assert page.status_code == 200
    data = claim_post(
        page,
        text=claim.text,
        short=claim.short,
        slug=claim.slug,
        claimant=claim.claimant_id,
        status=claim.status,
    )
    data.update(rows)
    return client.post(reverse("admin:factcheck_claim_change", args=[claim.pk]), data)


def rows(*specs):
    data = {"conflicts-TOTAL_FORMS": len(specs)}
    for i, (other, kind, note) in enumerate(specs):
        data |= {f"conflicts-{i}-other": other.pk, f"conflicts-{i}-kind": kind}
        data |= {f"conflicts-{i}-note": note}
    return data


@pytest.mark.django_db
def test_a_reporter_records_a_conflict_on_the_claim_form(client, reporter):
    a, b = ClaimFactory(short="Rioters seized the airport"), ClaimFactory(short="Protesters did")
    client.force_login(reporter)
    note = "One seizure: «погромщики» in one report, «митингующие» in the other."
    response = conflict_post(client, a, **rows((b, "frames_differently", note)))
    assert response.status_code == 302, response.context and response.context["errors"]
    (conflict,) = conflicts_of(b)
    assert (conflict.claim, conflict.other, conflict.kind, conflict.note) == (
        a,
        b,
        ClaimConflict.Kind.FRAMES_DIFFERENTLY,
        note,
    )
    # The other claim's form lists it too, read-only, linking to the claim it is recorded on.
    page = client.get(reverse("admin:factcheck_claim_change", args=[b.pk])).content.decode()
    other_side = page[page.index('id="conflicts_as_other-group"') :]
    assert "Rioters seized the airport" in other_side and "«погромщики»" in other_side
    assert reverse("admin:factcheck_claim_change", args=[a.pk]) in other_side
    assert 'name="conflicts_as_other-0-note"' not in page


@pytest.mark.django_db
def test_the_claim_form_refuses_a_pair_twice_or_a_claim_with_itself(client, reporter):
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    ClaimConflict.objects.create(claim=a, other=b, kind=ClaimConflict.Kind.CONTRADICTS)
    client.force_login(reporter)

    # The same pair entered again from the other claim's form.
    response = conflict_post(client, b, **rows((a, "contradicts", "")))
    assert response.status_code == 200
    assert "already recorded" in response.content.decode()

    response = conflict_post(client, c, **rows((c, "contradicts", "")))
    assert response.status_code == 200
    assert "A claim cannot conflict with itself." in response.content.decode()

    # Two new rows naming the same claim would pass one by one, then collide on save.
    response = conflict_post(
        client, c, **rows((a, "contradicts", ""), (a, "different_moment", "Later."))
    )
    assert response.status_code == 200
    assert "This claim is named twice" in response.content.decode()
    assert ClaimConflict.objects.count() == 1


@pytest.mark.django_db
def test_a_superseded_figure_is_not_current_in_the_admin(client, administrator):
    old = FigureFactory(value=10, counted_en="people killed", superseded_by=FigureFactory(value=12))
    client.force_login(administrator)
    page = client.get(reverse("admin:factcheck_figure_changelist")).content.decode()
    row = re.search(r"<tr>.*?people killed.*?\[superseded\].*?</tr>", page, re.S)
    assert row, "the superseded figure is labelled so"
    assert 'alt="False"' in row.group(0)  # the "current" column
    change = client.get(reverse("admin:factcheck_claim_change", args=[old.superseded_by.claim_id]))
    assert "[superseded]" not in change.content.decode()


# --- The demo desk --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_records_honest_kinds_and_the_civilian_toll():
    call_command("loaddemo", verbosity=0)
    kinds = {
        frozenset((x.claim.slug, x.other.slug)): x.kind
        for x in ClaimConflict.objects.select_related("claim", "other")
    }
    emergency = frozenset(
        ["emergency-almaty-mangystau-night-4-5-january", "emergency-nationwide-until-19-january"]
    )
    # Compatible statements: where it began, and how far it reached by 7 January.
    assert kinds[emergency] == ClaimConflict.Kind.DIFFERENT_MOMENT
    assert not ClaimCitation.objects.filter(
        claim__slug__in=emergency, stance=ClaimCitation.Stance.CONTRADICTS
    ).exists()
    assert (
        kinds[
            frozenset(["airport-seized-by-rioters-late-5-january", "airport-seized-by-protesters"])
        ]
        == ClaimConflict.Kind.FRAMES_DIFFERENTLY
    )
    officers_and_protesters = frozenset(
        ["official-16-security-officers-killed", "mvd-at-least-26-protesters-killed"]
    )
    assert kinds[officers_and_protesters] == ClaimConflict.Kind.DIFFERENT_POPULATION
    assert all(x.note for x in ClaimConflict.objects.all())

    counting = Figure.objects.get(claim__slug="civilian-toll-being-established")
    assert (counting.status, counting.value, counting.as_of_precision) == (
        Figure.Status.BEING_COUNTED,
        None,
        "month",
    )
    assert counting.claim.text == "Число жертв среди мирного населения уточняется"
    higher = Figure.objects.get(claim__slug="civilian-casualties-may-be-higher")
    assert (higher.status, higher.value, higher.as_of_precision) == (
        Figure.Status.UNKNOWN,
        None,
        "morning",
    )
    assert higher.as_of == Figure.objects.get(claim__slug="mvd-18-injured").as_of


# --- Readers and partners -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_figure_still_being_counted_is_shown_as_such(client, partner_key):
    desk = build_desk(2)
    civilians = make_claim(
        "civilian-toll",
        text="Число жертв среди мирного населения уточняется",
        short="The civilian toll is still being established",
        claimant=desk.magazine,
        events=[desk.children[0]],
        citations=[
            (desk.orda, "appearance", "число жертв уточняется", desk.mvd),
            (desk.mvd, "supports", "уточняется"),
        ],
    )
    Figure.objects.create(
        claim=civilians,
        measure=Figure.Measure.KILLED,
        counted="мирные жители",
        counted_en="civilians",
        status=Figure.Status.BEING_COUNTED,
        value=None,
        as_of=AS_OF,
    )
    verdict = publish(civilians, headline="The civilian toll")

    page = client.get("/en/events/january-2022-unrest/figures/").content.decode()
    cells = re.findall(r'<th scope="row" class="figures__value">(.*?)</th>', page, re.S)
    assert len(cells) == 3
    assert '<span class="figures__status">Still being counted</span>' in cells
    assert "None" not in page

    page = client.get("/en/verdicts/civilian-toll/").content.decode()
    assert '<span class="figure-box__value">Still being counted</span>' in page

    cache.clear()
    response = client.get(
        f"/api/v1/verdicts/{verdict.pk}/", headers={"authorization": f"Api-Key {partner_key}"}
    )
    assert response.status_code == 200
    figure = response.json()["claim"]["figure"]
    assert (figure["status"], figure["value"]) == ("being_counted", None)


# --- Publishing ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_conflict_without_its_public_note_blocks_publication():
    from factcheck import services

    desk = build_desk(2)
    claim = make_claim(
        "rioters",
        text="Погромщики захватили аэропорт",
        short="Rioters seized the airport",
        claimant=desk.magazine,
        citations=[
            (desk.magazine, "appearance", "погромщики захватили"),
            (desk.orda, "supports", "захватили аэропорт"),
        ],
    )
    other = desk.verdicts[0].claim
    conflict = ClaimConflict.objects.create(
        claim=other, other=claim, kind=ClaimConflict.Kind.FRAMES_DIFFERENTLY
    )
    with pytest.raises(services.PublishBlocked) as refused:
        publish(claim, headline="Who seized the airport")
    assert (
        f"The conflict with the claim “{other.short}” (Frames it differently) has no public note"
        in " ".join(refused.value.messages)
    )
    conflict.note = "One report says rioters, the other protesters."
    conflict.save()
    # The note is published with the verdict, so the approval given before it no longer covers
    # what would be published: the editor approves again, then it publishes.
    _reporter, editor = desk_users()
    verdict = claim.verdicts.get()
    with pytest.raises(services.PublishBlocked, match="conflicts with other claims changed"):
        services.verdict_publish(verdict=verdict, by=editor)
    services.verdict_approve(verdict=verdict, by=editor)
    revision = services.verdict_publish(verdict=verdict, by=editor)
    assert revision.snapshot["claim"]["conflicts"] == [
        {
            "claim_id": other.pk,
            "kind": "frames_differently",
            "note": "One report says rioters, the other protesters.",
        }
    ]
