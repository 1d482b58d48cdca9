"""The verdict form in the admin keeps each request's outcome to that request: a refused save is
told to its own editor only, writes no admin log entry, and the form offers no save button where
saving could only be refused."""

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.messages import ERROR
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from factcheck import services
from factcheck.models import Claim, Rating, Verdict
from tests.test_admin_workflow import change_url, form_data
from tests.test_workflow import draft

State = Verdict.State
SAVE_BUTTONS = ('name="_save"', 'name="_continue"', 'name="_addanother"')


@pytest.fixture
def rating(db):
    return Rating.objects.get(slug="mostly-true")


def admin_post(user, verdict):
    """A POST to the verdict's change form, as the admin's view hands it to its ModelAdmin."""
    request = RequestFactory().post(change_url(verdict), form_data(verdict))
    request.user = user
    request._messages = CookieStorage(request)
    return request


def bound_form(model_admin, request, verdict):
    form = model_admin.get_form(request, verdict, change=True)(
        request.POST, request.FILES, instance=verdict
    )
    assert form.is_valid(), form.errors
    return form


def test_a_refused_save_is_told_to_its_own_editor_only(
    claim, reporter, editor, second_editor, rating
):
    model_admin = admin.site._registry[Verdict]
    # Erik saves a verdict that was submitted after he opened it: refused. Meanwhile Elena saves
    # a draft of her own, and the two requests interleave on the one VerdictAdmin instance.
    in_review = services.verdict_submit(verdict=draft(claim, reporter, rating), by=reporter)
    other_claim = Claim.objects.create(
        text="другое утверждение", short="Another claim", slug="another", claimant=claim.claimant
    )
    elenas = draft(other_claim, second_editor, rating)
    eriks_request = admin_post(editor, in_review)
    elenas_request = admin_post(second_editor, elenas)

    eriks_form = bound_form(model_admin, eriks_request, in_review)
    elenas_form = bound_form(model_admin, elenas_request, elenas)
    model_admin.save_model(eriks_request, in_review, eriks_form, True)
    model_admin.save_model(elenas_request, elenas, elenas_form, True)
    elenas_response = model_admin.response_change(elenas_request, elenas)
    eriks_response = model_admin.response_change(eriks_request, in_review)

    elenas_messages = list(elenas_request._messages)
    assert elenas_messages and all(m.level != ERROR for m in elenas_messages)
    assert elenas_response.url != change_url(elenas)  # saved: on to the list, as usual
    eriks_messages = list(eriks_request._messages)
    assert [(m.level, m.message) for m in eriks_messages] == [
        (ERROR, "A verdict that is “In review” cannot be edited.")
    ]
    assert eriks_response.url == change_url(in_review)  # back to the form, nothing saved


def test_no_save_button_where_editing_is_impossible(
    client, claim, reporter, other_reporter, editor, rating
):
    verdict = draft(claim, reporter, rating)
    client.force_login(reporter)
    page = client.get(change_url(verdict)).content.decode()
    assert all(button in page for button in SAVE_BUTTONS[:2])  # the author edits a draft

    client.force_login(other_reporter)  # a reporter edits their own verdicts only
    page = client.get(change_url(verdict)).content.decode()
    assert not any(button in page for button in SAVE_BUTTONS)

    verdict = services.verdict_submit(verdict=verdict, by=reporter)
    client.force_login(editor)  # nobody edits a verdict in review
    page = client.get(change_url(verdict)).content.decode()
    assert not any(button in page for button in SAVE_BUTTONS)
    assert 'value="send_back"' in page  # what an editor can do with it is still offered

    services.verdict_approve(verdict=verdict, by=editor)
    services.verdict_publish(verdict=verdict, by=editor)
    page = client.get(change_url(verdict)).content.decode()
    assert all(button in page for button in SAVE_BUTTONS[:2])  # editing reopens a published one
    services.verdict_retract(verdict=verdict, by=editor, reason="Wrong.")
    page = client.get(change_url(verdict)).content.decode()
    assert not any(button in page for button in SAVE_BUTTONS)


def test_a_refused_save_writes_no_admin_log_entry(client, claim, reporter, editor, rating):
    verdict = services.verdict_submit(verdict=draft(claim, reporter, rating), by=reporter)
    client.force_login(editor)
    # What a click on "Save" sends from the form of a verdict in review (the button was offered).
    response = client.post(change_url(verdict), form_data(verdict), follow=True)
    assert "cannot be edited" in response.content.decode()
    assert LogEntry.objects.count() == 0
    assert Verdict.objects.get().state == State.IN_REVIEW

    # A save that goes through is logged as ever.
    services.verdict_send_back(verdict=verdict, by=editor, comment="Fix it.")
    verdict.refresh_from_db()
    response = client.post(change_url(verdict), form_data(verdict, headline="Fixed"))
    assert response.status_code == 302
    assert list(LogEntry.objects.values_list("object_id", "action_flag")) == [(str(verdict.pk), 2)]
