"""An approval covers exactly what publishing freezes: the verdict, its claim, evidence, events, figure.

An editor approves; then someone edits the claim or its evidence; publishing must refuse, naming
the change, until an editor has approved the content as it now stands.
"""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from events.models import Event
from factcheck import services
from factcheck.models import Approval, AuditEntry, ClaimCitation, Figure, Rating, Verdict
from sources.models import Citation, Source
from tests.test_admin_core import management_forms
from tests.test_workflow import draft

State = Verdict.State
WHEN = datetime(2022, 1, 5, 18, 0, tzinfo=UTC)


@pytest.fixture
def rating(db):
    return Rating.objects.get(slug="mostly-true")


@pytest.fixture
def in_review(claim, reporter, rating):
    """A verdict in review whose claim is tied to an event, before any approval."""
    event = Event.objects.create(
        title="Захват аэропорта Алматы",
        title_en="Seizure of Almaty airport",
        slug="airport",
        starts_at=WHEN,
    )
    claim.events.add(event)
    return services.verdict_submit(verdict=draft(claim, reporter, rating), by=reporter)


def link(claim, source_slug):
    return ClaimCitation.objects.select_related("citation").get(
        claim=claim, citation__source__slug=source_slug
    )


def edit_text(claim):
    claim.text = "убиты как минимум 36 протестующих"
    claim.save()


def edit_translation(claim):
    claim.text_en = "at least 36 protesters were killed"
    claim.save()


def edit_short(claim):
    claim.short = "At least 36 protesters killed in Kazakhstan by 7 January"
    claim.save()


def edit_claimant(claim):
    claim.claimant = Source.objects.create(name="Токаев", kind="official", slug="tokayev")
    claim.save()


def edit_appeared(claim):
    claim.appeared_at = WHEN
    claim.save()


def edit_quote(claim):
    citation = link(claim, "orda").citation
    citation.quote = "убиты как минимум 36"
    citation.save()


def rename_relayed_source(claim):
    # The appearance relays the MVD: its name is part of what readers see beside the quote.
    Source.objects.filter(slug="mvd").update(name_en="Ministry of Internal Affairs")


def add_citation(claim):
    source = Source.objects.create(name="Власть", name_en="Vlast.kz", kind="outlet", slug="vlast")
    citation = Citation.objects.create(source=source, url="https://vlast.kz/x", quote="погибли")
    ClaimCitation.objects.create(claim=claim, citation=citation, stance="supports")


def remove_citation(claim):
    link(claim, "pravila").delete()


def change_stance(claim):
    found = link(claim, "pravila")
    found.stance = ClaimCitation.Stance.CONTEXT
    found.save()


def retitle_event(claim):
    Event.objects.filter(slug="airport").update(title="Захват аэропорта Алматы протестующими")


def move_event(claim):
    Event.objects.filter(slug="airport").update(starts_at=datetime(2022, 1, 5, 12, tzinfo=UTC))


def link_event(claim):
    claim.events.add(Event.objects.create(title="Жанаозен", slug="zhanaozen", starts_at=WHEN))


def unlink_event(claim):
    claim.events.clear()


def add_figure(claim):
    Figure.objects.create(
        claim=claim,
        measure="killed",
        counted="протестующие",
        counted_en="protesters",
        qualifier="at_least",
        value=26,
        as_of=WHEN,
    )


def relabel_rating(claim):
    # The scale is edited in the admin too, and the label is frozen into the snapshot.
    Rating.objects.filter(slug="mostly-true").update(label_en="Largely true")


CHANGES = [
    (edit_text, ["The claim's text changed since Erik Editor approved it."]),
    (edit_translation, ["The claim's English translation changed since Erik Editor approved it."]),
    (edit_short, ["The claim's short form changed since Erik Editor approved it."]),
    (edit_claimant, ["Who made the claim (“made by”) changed since Erik Editor approved it."]),
    (edit_appeared, ["When the claim first appeared changed since Erik Editor approved it."]),
    (edit_quote, ["Citation {orda} (Orda.kz) changed since Erik Editor approved it."]),
    (
        rename_relayed_source,
        [
            "Who made the claim (“made by”) changed since Erik Editor approved it.",
            "Citation {orda} (Orda.kz) changed since Erik Editor approved it.",
        ],
    ),
    (add_citation, ["Citation {new} (Vlast.kz) was added to the claim's evidence since"]),
    (remove_citation, ["Citation {pravila} (Правила жизни) was removed from the claim's evidence"]),
    (
        change_stance,
        ["The stance or note of citation {pravila} (Правила жизни) changed since Erik Editor"],
    ),
    (retitle_event, ["Event «Захват аэропорта Алматы протестующими» changed since Erik Editor"]),
    (move_event, ["Event «Захват аэропорта Алматы» changed since Erik Editor approved it."]),
    (link_event, ["Event «Жанаозен» was linked to the claim since Erik Editor approved it."]),
    (unlink_event, ["Event «Захват аэропорта Алматы» was unlinked from the claim since"]),
    (add_figure, ["The claim's figure changed since Erik Editor approved it."]),
    (relabel_rating, ["The rating “Largely true” changed since Erik Editor approved it."]),
]


@pytest.mark.parametrize(("change", "expected"), CHANGES, ids=[c.__name__ for c, _ in CHANGES])
def test_every_change_after_approval_blocks_publishing_and_is_named(
    in_review, claim, editor, change, expected
):
    services.verdict_approve(verdict=in_review, by=editor)
    assert services.approvals_missing(in_review) == 0
    ids = {"orda": link(claim, "orda").citation_id, "pravila": link(claim, "pravila").citation_id}
    change(claim)
    ids["new"] = Citation.objects.order_by("-pk").values_list("pk", flat=True).first()

    with pytest.raises(services.PublishBlocked) as blocked:
        services.verdict_publish(verdict=in_review, by=editor)
    messages = blocked.value.messages
    assert messages[0] == "It needs 1 more approval(s) from an editor other than its author."
    for fragment in expected:
        fragment = fragment.format(**ids)
        assert any(message.startswith(fragment) for message in messages), messages
    # Exactly the named changes, then what to do about them (the publish check may follow).
    advice = messages[1 + len(expected)]
    assert advice.startswith("An approval covers the verdict, its claim and evidence")
    assert "the approval of Erik Editor no longer counts" in advice
    assert "approve again" in advice
    assert Verdict.objects.get().public_revision is None
    assert not Verdict.objects.published().exists()


def test_the_zone_of_a_figures_date_is_approved_with_the_figure(in_review, claim, editor):
    # "As of" is shown in the figure's zone: moving it can move the date readers see, so an
    # approval covers it like the rest of the figure.
    add_figure(claim)
    services.verdict_approve(verdict=in_review, by=editor)
    Figure.objects.filter(claim=claim).update(as_of_time_zone="America/New_York")
    with pytest.raises(services.PublishBlocked) as blocked:
        services.verdict_publish(verdict=in_review, by=editor)
    assert any(
        message.startswith("The claim's figure changed since Erik Editor approved it.")
        for message in blocked.value.messages
    ), blocked.value.messages


def test_an_unchanged_verdict_publishes(in_review, claim, editor):
    services.verdict_approve(verdict=in_review, by=editor)
    # Saving without a change, and a status the snapshot does not hold, change nothing approved.
    claim.save()
    claim.status = "checked"
    claim.save()
    # The verdict's own rating and text cannot change in review at all.
    with pytest.raises(services.WrongState, match="cannot be edited"):
        services.verdict_update(
            verdict=in_review,
            by=editor,
            version=Verdict.objects.get().version,
            rating=Rating.objects.get(slug="true"),
        )
    assert Approval.objects.get().fingerprint == services.publication_fingerprint(
        Verdict.objects.get()
    )
    revision = services.verdict_publish(verdict=in_review, by=editor)
    assert revision.rating.slug == "mostly-true"
    assert revision.snapshot["claim"]["text"] == "убиты как минимум 26 протестующих"


def test_the_same_editor_approves_again_and_the_log_says_what_changed(in_review, claim, editor):
    services.verdict_approve(verdict=in_review, by=editor)
    assert "approve" not in services.allowed_transitions(in_review, editor)
    with pytest.raises(services.WrongState, match="nothing has changed since"):
        services.verdict_approve(verdict=in_review, by=editor)

    edit_text(claim)
    # The button is back for the editor whose approval went stale.
    assert "approve" in services.allowed_transitions(Verdict.objects.get(), editor)
    services.verdict_approve(verdict=in_review, by=editor, comment="Checked the new count.")
    assert Approval.objects.count() == 1  # one approval per editor and round, renewed
    renewed = AuditEntry.objects.get(action="factcheck.verdict.reapproved")
    assert renewed.actor == editor and renewed.comment == "Checked the new count."
    assert renewed.data == {
        "round": 1,
        "changed": ["The claim's text changed"],
        "missing": 0,
        "languages": ["en"],  # the languages whose text the approval saw (issue 11)
    }

    revision = services.verdict_publish(verdict=in_review, by=editor)
    assert revision.snapshot["claim"]["text"] == "убиты как минимум 36 протестующих"
    assert [a for (a,) in AuditEntry.objects.order_by("pk").values_list("action")][-3:] == [
        "factcheck.verdict.approved",
        "factcheck.verdict.reapproved",
        "factcheck.verdict.published",
    ]


def test_a_fresh_approval_by_another_editor_is_enough(
    in_review, claim, editor, second_editor, settings
):
    services.verdict_approve(verdict=in_review, by=editor)
    edit_short(claim)
    services.verdict_approve(verdict=in_review, by=second_editor)
    # Erik's approval is stale, Elena's covers the current content: one is all that is needed.
    check = services.check_approvals(Verdict.objects.get())
    assert [a.editor for a in check.current] == [second_editor]
    assert [a.editor for a in check.stale] == [editor]
    assert check.missing == 0 and check.problems == []

    settings.FACTCHECK_APPROVALS_REQUIRED = 2
    with pytest.raises(services.PublishBlocked) as blocked:
        services.verdict_publish(verdict=in_review, by=editor)
    assert blocked.value.messages[:2] == [
        "It needs 1 more approval(s) from an editor other than its author.",
        "The claim's short form changed since Erik Editor approved it.",
    ]


def test_one_change_is_named_once_for_every_editor_it_outdates(
    in_review, claim, editor, second_editor, settings
):
    settings.FACTCHECK_APPROVALS_REQUIRED = 2
    services.verdict_approve(verdict=in_review, by=editor)
    services.verdict_approve(verdict=in_review, by=second_editor)
    edit_text(claim)
    problems = services.check_approvals(Verdict.objects.get()).problems
    assert problems[0] == "The claim's text changed since Erik Editor and Elena Editor approved it."
    assert "the approvals of Erik Editor and Elena Editor no longer count" in problems[1]


def test_approvals_from_before_fingerprints_do_not_count(in_review, editor):
    # What migration 0007 leaves on approvals given before it: an empty fingerprint.
    services.verdict_approve(verdict=in_review, by=editor)
    Approval.objects.update(fingerprint={})
    with pytest.raises(services.PublishBlocked) as blocked:
        services.verdict_publish(verdict=in_review, by=editor)
    assert blocked.value.messages[1] == (
        "Erik Editor approved this verdict before the desk recorded what an approval covers, so "
        "what was approved then is not known."
    )
    assert "approve" in services.allowed_transitions(Verdict.objects.get(), editor)
    services.verdict_approve(verdict=in_review, by=editor)
    renewed = AuditEntry.objects.get(action="factcheck.verdict.reapproved")
    assert renewed.data == {"round": 1, "changed": [], "missing": 0, "languages": ["en"]}
    assert services.verdict_publish(verdict=in_review, by=editor).number == 1


def test_a_change_landing_while_publishing_is_not_frozen(in_review, claim, editor, monkeypatch):
    services.verdict_approve(verdict=in_review, by=editor)
    real = services.build_snapshot

    def edited_meanwhile(verdict, *, number, published_at):
        edit_text(claim)  # lands after the verdict was locked, before its snapshot is read
        return real(verdict, number=number, published_at=published_at)

    monkeypatch.setattr(services, "build_snapshot", edited_meanwhile)
    # The snapshot that would be frozen is the one the approvals are checked against.
    with pytest.raises(services.PublishBlocked, match="The claim's text changed since Erik"):
        services.verdict_publish(verdict=in_review, by=editor)
    assert Verdict.objects.get().public_revision is None


def test_resubmitting_starts_afresh_and_republishing_is_covered_too(
    in_review, claim, reporter, editor
):
    services.verdict_approve(verdict=in_review, by=editor)
    services.verdict_publish(verdict=in_review, by=editor)
    verdict = Verdict.objects.get()
    verdict = services.verdict_update(
        verdict=verdict,
        by=reporter,
        version=verdict.version,
        note_kind="correction",
        note="The count was 36.",
    )
    edit_text(claim)
    verdict = services.verdict_submit(verdict=verdict, by=reporter)
    services.verdict_approve(verdict=verdict, by=editor)
    remove_citation(claim)
    with pytest.raises(services.PublishBlocked, match="was removed from the claim's evidence"):
        services.verdict_publish(verdict=verdict, by=editor)
    # Readers still see the first revision, with the text as it was approved then.
    assert Verdict.objects.published().get().public_revision.snapshot["claim"]["text"] == (
        "убиты как минимум 26 протестующих"
    )


# --- Through the admin, as the desk does it -------------------------------------------------


def claim_form(page, claim, **fields):
    """The claim's change form as the browser would send it back, with `fields` changed."""
    data = {
        "text": claim.text,
        "language": claim.language,
        "status": claim.status,
        "text_en": claim.text_en,
        "short": claim.short,
        "claimant": claim.claimant_id,
        "appeared_at_0": "",
        "appeared_at_1": "",
        "appeared_precision": claim.appeared_precision,
        "appeared_time_zone": claim.appeared_time_zone,
        "events": [event.pk for event in claim.events.all()],
        "slug": claim.slug,
        **management_forms(page),
    }
    for i, row in enumerate(claim.claim_citations.order_by("pk")):
        data.update(
            {
                f"claim_citations-{i}-id": row.pk,
                f"claim_citations-{i}-claim": claim.pk,
                f"claim_citations-{i}-citation": row.citation_id,
                f"claim_citations-{i}-stance": row.stance,
                f"claim_citations-{i}-note": row.note,
            }
        )
    data.update(fields)
    return data


def test_admin_refuses_to_publish_a_claim_edited_after_approval(
    client, in_review, claim, reporter, editor, partner_key
):
    verdict_page = reverse("admin:factcheck_verdict_change", args=[in_review.pk])
    transition = "admin:factcheck_verdict_transition"
    public_page = f"/en/verdicts/{claim.slug}/"
    api = f"/api/v1/verdicts/{in_review.pk}/"
    key = {"authorization": f"Api-Key {partner_key}"}
    cache.clear()  # throttling history

    # 1. The editor approves what the reporter submitted; it leaves the editor's queue.
    client.force_login(editor)
    response = client.post(reverse(transition, args=[in_review.pk, "approve"]), follow=True)
    assert "Approved." in response.content.decode()
    assert "Nothing stands in the way of publishing." in response.content.decode()
    queue = client.get(reverse("admin:index")).content.decode()
    assert "26 dead" not in queue.split('id="queue-awaiting-review"')[1].split("</ul>")[0]

    # 2. The reporter, the verdict's author, edits the claim through the claim's admin form.
    client.force_login(reporter)
    claim_page = reverse("admin:factcheck_claim_change", args=[claim.pk])
    form = claim_form(client.get(claim_page), claim, text="убиты как минимум 36 протестующих")
    response = client.post(claim_page, form)
    assert response.status_code == 302, response.context["adminform"].form.errors

    # 3. The editor's desk shows the verdict again; the publish check names the change;
    # publishing through the admin is refused.
    client.force_login(editor)
    queue = client.get(reverse("admin:index")).content.decode()
    queue = queue.split('id="queue-awaiting-review"')[1].split("</ul>")[0]
    assert "26 dead" in queue and "changed since you approved it" in queue
    page = client.get(verdict_page).content.decode()
    named = "The claim&#x27;s text changed since Erik Editor approved it."
    assert named in page
    assert 'value="approve"' in page  # the editor may approve the new text
    response = client.post(reverse(transition, args=[in_review.pk, "publish"]), follow=True)
    page = response.content.decode()
    assert named in page and "approve again" in page
    assert "Published: readers and partners now see this revision." not in page
    assert Verdict.objects.get().state == State.IN_REVIEW

    # Nothing reached readers or partners.
    client.logout()
    assert client.get(public_page).status_code == 404
    assert client.get(api, headers=key).status_code == 404

    # 4. The editor reviews the new text and approves again; now it publishes.
    client.force_login(editor)
    client.post(reverse(transition, args=[in_review.pk, "approve"]), {"comment": "36, checked."})
    response = client.post(reverse(transition, args=[in_review.pk, "publish"]), follow=True)
    assert "Published: readers and partners now see this revision." in response.content.decode()

    client.logout()
    assert "убиты как минимум 36 протестующих" in client.get(public_page).content.decode()
    assert client.get(api, headers=key).json()["claim"]["text"] == (
        "убиты как минимум 36 протестующих"
    )


def test_admin_names_changed_evidence_and_refuses_an_approval_of_an_outdated_page(
    client, in_review, claim, editor, second_editor
):
    verdict_page = reverse("admin:factcheck_verdict_change", args=[in_review.pk])
    approve = reverse("admin:factcheck_verdict_transition", args=[in_review.pk, "approve"])
    client.force_login(editor)
    client.post(approve)
    client.force_login(second_editor)
    shown = client.get(verdict_page)
    token = shown.context["approval_token"]
    assert f'name="seen" value="{token}"' in shown.content.decode()

    # While Elena reads the page, a quote is corrected: her click would approve unseen text.
    edit_quote(claim)
    response = client.post(approve, {"seen": token}, follow=True)
    assert "changed after you opened this page, so it was not approved" in response.content.decode()
    assert list(Approval.objects.values_list("editor__username", flat=True)) == ["erik"]
    orda = link(claim, "orda").citation_id
    assert f"Citation {orda} (Orda.kz) changed since Erik Editor approved it." in (
        response.content.decode()
    )

    # From the page as it now is, her approval goes through and covers the corrected quote.
    token = client.get(verdict_page).context["approval_token"]
    client.post(approve, {"seen": token})
    assert services.approvals_missing(Verdict.objects.get()) == 0
