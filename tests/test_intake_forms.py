"""The public forms of issue 12 ("Intake"): a claim to check and a correction request, with their
guards (honeypot, signed timing, size limits, screenshot type by content, rate per address)."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from factcheck.intake import guards
from factcheck.models import AuditEntry, Submission
from factcheck.models.intake import TEXT_MAX
from tests.factories import sample

pytestmark = pytest.mark.django_db
NOW = 1_800_000_000.0  # the guards' clock in these tests: fixed, so no test depends on the time


@pytest.fixture(autouse=True)
def _clock(monkeypatch, settings):
    monkeypatch.setattr(guards, "now", lambda: NOW)
    settings.FACTCHECK_INTAKE_MIN_SECONDS = 3
    settings.FACTCHECK_INTAKE_MAX_AGE_MINUTES = 120
    settings.FACTCHECK_INTAKE_RATE = "5/hour"
    # The local-memory cache outlives a test (its store is per location, not per instance): the
    # counts of other tests' submissions must not be this one's.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _in_english():
    """URLs are reversed in English unless a test says otherwise, whatever ran before."""
    with translation.override("en"):
        yield


def submit_url(language="en"):
    with translation.override(language):
        return reverse("site:submit")


def png(size=(8, 8)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def payload(**overrides):
    data = {
        "text": "Протестующие захватили аэропорт Алматы",
        "seen_where": "https://t.me/some-channel/123",
        "email": "reader@example.org",
        "homepage": "",
        "started": guards.issue_token(at=NOW - 30),  # opened half a minute ago
    }
    data.update(overrides)
    return data


def test_the_form_is_linked_from_every_page_and_served_privately(client):
    with translation.override("en"):
        home = client.get(reverse("site:home"))
    assert submit_url().encode() in home.content
    for language in ("en", "ru"):
        response = client.get(submit_url(language))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]  # a CSRF token is in it: never cached
        assert b"csrfmiddlewaretoken" in response.content
        assert b'name="started"' in response.content
        # Size limits are checked by the server, never by a maxlength that cuts pasted text.
        assert b"maxlength" not in response.content.split(b'<form class="intake-form"')[1]
    with translation.override("ru"):
        russian = client.get(submit_url("ru")).content.decode()
    assert "Отправьте нам утверждение на проверку" in russian
    assert "удаляются через 90 дн." in russian  # the privacy note, in Russian


def test_a_reader_submits_a_claim_in_russian_and_gets_the_thanks_page(client):
    response = client.post(submit_url("ru"), payload())
    with translation.override("ru"):
        assert response["Location"] == reverse("site:submit_thanks") + "?kind=claim"
    submission = Submission.objects.get()
    assert submission.kind == "claim" and submission.state == "new"
    assert submission.language == "ru"
    assert submission.email == "reader@example.org"
    assert AuditEntry.objects.filter(
        action="factcheck.submission.received", object_id=submission.pk
    ).exists()
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Спасибо".encode() in thanks.content


def test_csrf_stays_on(settings):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(submit_url(), payload())
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_the_honeypot_thanks_a_bot_and_keeps_nothing(client):
    response = client.post(submit_url(), payload(homepage="http://spam.example"))
    assert response.status_code == 302
    assert not Submission.objects.exists()


def test_a_form_sent_back_too_fast_is_refused_with_a_clear_message(client):
    response = client.post(submit_url(), payload(started=guards.issue_token(at=NOW - 1)))
    assert response.status_code == 400
    assert b"too quickly" in response.content
    assert not Submission.objects.exists()


@pytest.mark.parametrize("token", ["forged", guards.issue_token(at=NOW - 3 * 3600)])
def test_an_old_or_forged_form_is_shown_again_with_what_was_typed(client, token):
    response = client.post(submit_url(), payload(started=token))
    assert response.status_code == 400
    assert b"opened too long ago" in response.content
    assert "аэропорт Алматы".encode() in response.content  # kept
    # A fresh token to send it again with, which is accepted.
    fresh = response.context["started"]
    assert guards.check_token(fresh).ok is False  # served "now": too fast at this very moment
    assert not Submission.objects.exists()


def test_every_field_has_a_size_limit_named_in_its_error(client):
    long_text = "x" * (TEXT_MAX + 1)
    response = client.post(
        submit_url(), payload(text=long_text, seen_where="y" * 1001, email="a" * 250 + "@e.org")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"text", "seen_where", "email"}
    body = response.content.decode()
    assert "The statement</a>: Ensure this value has at most 4000 characters" in body
    assert long_text in body  # never cut: the reader's text comes back whole
    assert not Submission.objects.exists()


def test_the_statement_and_where_it_was_seen_are_required(client):
    response = client.post(submit_url(), payload(text="", seen_where=""))
    assert set(response.context["form"].errors) == {"text", "seen_where"}


def test_a_screenshot_is_checked_by_its_content_and_stored_under_a_name_of_our_own(client):
    fake = SimpleUploadedFile("shot.png", b"<?php echo 'not an image'; ?>", "image/png")
    response = client.post(submit_url(), {**payload(), "screenshot": fake})
    assert response.status_code == 400
    assert "screenshot" in response.context["form"].errors

    real = SimpleUploadedFile("my passport.gif", png(), "image/gif")  # a PNG, whatever its name
    response = client.post(submit_url(), {**payload(), "screenshot": real})
    assert response.status_code == 302
    stored = Submission.objects.get().screenshot
    assert stored.name.startswith("intake/screenshots/") and stored.name.endswith(".png")
    assert "passport" not in stored.name
    assert default_storage.exists(stored.name)
    # Never served to the public: no URL of the site or of the media root leads to it.
    assert client.get("/media/" + stored.name).status_code == 404


def test_a_screenshot_over_the_size_limit_is_refused(client, settings):
    settings.FACTCHECK_INTAKE_SCREENSHOT_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.png", png((300, 300)) + b"\0" * 2048, "image/png")
    response = client.post(submit_url(), {**payload(), "screenshot": big})
    assert "at most 1.0" in str(response.context["form"].errors["screenshot"])
    assert not Submission.objects.exists()


def test_an_address_sending_too_much_is_refused_keeping_what_it_typed(client, settings):
    settings.FACTCHECK_INTAKE_RATE = "2/hour"
    assert client.post(submit_url(), payload()).status_code == 302
    assert client.post(submit_url(), payload()).status_code == 302
    refused = client.post(submit_url(), payload(text="A third claim"))
    assert refused.status_code == 429
    assert b"A third claim" in refused.content
    assert Submission.objects.count() == 2
    # Another address is not affected.
    other = client.post(submit_url(), payload(), REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


# --- the correction request -----------------------------------------------------------------


def correction_url(slug, language="en"):
    with translation.override(language):
        return reverse("site:correction_request", kwargs={"slug": slug})


def test_a_published_verdict_links_its_correction_form_which_lands_in_the_queue(client):
    verdict = sample.publish(sample.claim(1))
    slug = verdict.claim.slug
    page = client.get(reverse("site:verdict", kwargs={"slug": slug}))
    assert correction_url(slug).encode() in page.content
    form = client.get(correction_url(slug))
    assert form.status_code == 200
    assert verdict.headline.encode() in form.content
    response = client.post(
        correction_url(slug), payload(text="The figure is 25, not 26.", seen_where="")
    )
    assert response.status_code == 302
    request = Submission.objects.get()
    assert request.kind == "correction" and request.verdict_id == verdict.pk
    assert request.seen_where == ""  # evidence is optional for a correction


def test_no_correction_form_for_an_unpublished_or_retracted_verdict(client):
    draft_claim = sample.claim(2)
    reporter, _editor = sample.desk_users()
    from factcheck import services
    from factcheck.models import Rating

    services.verdict_create(
        claim=draft_claim, by=reporter, headline="Draft", rating=Rating.objects.get(slug="true")
    )
    assert client.get(correction_url(draft_claim.slug)).status_code == 404
    assert client.post(correction_url(draft_claim.slug), payload()).status_code == 404
    assert client.get(correction_url("no-such-claim")).status_code == 404
    retracted = sample.retract(sample.publish(sample.claim(3)))
    assert client.get(correction_url(retracted.claim.slug)).status_code == 404
    assert not Submission.objects.exists()


def test_the_corrections_policy_says_how_and_when_and_links_the_forms(client, settings):
    settings.FACTCHECK_CORRECTION_RESPONSE_DAYS = 7
    page = client.get(reverse("site:corrections")).content.decode()
    assert "within 7 working days" in page
    assert submit_url() in page
    with translation.override("ru"):
        russian = client.get(reverse("site:corrections")).content.decode()
    assert "7 рабочих дней" in russian
