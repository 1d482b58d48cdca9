"""Verdicts in both languages (issue 11): a version per language, each reviewed, published together."""

import pytest
from django.urls import reverse
from django.utils import translation

from factcheck import services
from factcheck.models import AuditEntry, Rating, Verdict, VerdictTranslation
from factcheck.published import schema
from tests.test_admin_workflow import change_url, form_data
from tests.test_workflow import draft

State = Verdict.State

RU = {
    "headline": "Цифра МВД в 26 погибших была минимумом, а не итогом",
    "conclusion": "Утром 7 января МВД назвало 26 как минимальное число.",
    "explanation": "Оба сообщения передают официальные данные.",
}


@pytest.fixture(autouse=True)
def _in_english():
    # The services speak the active language; these tests read their English words.
    with translation.override("en"):
        yield


@pytest.fixture
def rating(db):
    return Rating.objects.get(slug="mostly-true")


def translate(verdict, by, language="ru", **texts):
    return services.verdict_translation_save(
        verdict=verdict, by=by, version=verdict.version, language=language, **(RU | texts)
    )


def test_a_version_added_after_the_approval_blocks_publication_by_name(
    claim, reporter, editor, rating
):
    verdict = services.verdict_submit(verdict=draft(claim, reporter, rating), by=reporter)
    services.verdict_approve(verdict=verdict, by=editor)
    # The Russian version is written after the editor approved the English text: the approval
    # never saw it, so it covers English only.
    verdict = services.verdict_send_back(verdict=verdict, by=editor, comment="Add Russian.")
    verdict = translate(verdict, reporter)
    verdict = services.verdict_submit(verdict=verdict, by=reporter)
    services.verdict_approve(verdict=verdict, by=editor)
    approval = verdict.approvals.get(review_round=verdict.review_round)
    assert services.approval_languages(approval, verdict) == ["en", "ru"]

    verdict = Verdict.objects.get(pk=verdict.pk)
    # Someone slips a change into the Russian text after the approval: that version is unreviewed.
    VerdictTranslation.objects.filter(verdict=verdict).update(headline="Другой заголовок")
    with pytest.raises(services.PublishBlocked) as blocked:
        services.verdict_publish(verdict=verdict, by=editor)
    problems = blocked.value.messages
    assert any("The version in Russian needs 1 more approval" in p for p in problems)
    assert any("The version in Russian changed since" in p for p in problems)
    assert Verdict.objects.get(pk=verdict.pk).public_revision_id is None


def test_an_approval_of_the_english_text_alone_does_not_publish_the_russian(
    claim, reporter, editor, rating
):
    verdict = services.verdict_submit(verdict=draft(claim, reporter, rating), by=reporter)
    services.verdict_approve(verdict=verdict, by=editor)
    # The approval predates the Russian version (written straight into the table, as a stale
    # form or a script could): the English is approved, the Russian is not.
    VerdictTranslation.objects.create(verdict=verdict, language="ru", **RU)
    check = services.check_approvals(Verdict.objects.get(pk=verdict.pk))
    assert check.missing == 0 and check.missing_languages == {"ru": 1}
    with pytest.raises(services.PublishBlocked) as blocked:
        services.verdict_publish(verdict=verdict, by=editor)
    assert blocked.value.messages[0].startswith("The version in Russian needs 1 more approval")
    # The editor looks again and approves both: one release freezes both languages.
    services.verdict_approve(verdict=Verdict.objects.get(pk=verdict.pk), by=editor)
    revision = services.verdict_publish(verdict=Verdict.objects.get(pk=verdict.pk), by=editor)
    published = schema.read(revision.snapshot)
    assert published.languages == ["en", "ru"]
    assert published.in_language("ru").verdict.headline == RU["headline"]
    assert published.in_language("ru").verdict.language == "ru"
    assert published.in_language("kk").verdict.language == "en"  # no version: its own language


def test_changing_a_version_reopens_a_published_verdict(claim, reporter, editor, rating):
    verdict = translate(draft(claim, reporter, rating), reporter)
    verdict = services.verdict_submit(verdict=verdict, by=reporter)
    services.verdict_approve(verdict=verdict, by=editor)
    revision = services.verdict_publish(verdict=Verdict.objects.get(pk=verdict.pk), by=editor)
    verdict = Verdict.objects.get(pk=verdict.pk)

    edited = translate(verdict, editor, headline="Исправленный заголовок")
    assert edited.state == State.DRAFT and edited.version == verdict.version + 1
    # Readers keep the published revision, in both languages, until the next one is reviewed.
    assert edited.public_revision_id == revision.pk
    assert schema.read(revision.snapshot).in_language("ru").verdict.headline == RU["headline"]
    assert AuditEntry.objects.filter(
        object_id=verdict.pk, action="factcheck.verdict.reopened", data__language="ru"
    ).exists()
    # A stale copy is refused, as for the verdict's own text.
    with pytest.raises(services.StaleEdit):
        services.verdict_translation_save(
            verdict=edited, by=editor, version=verdict.version, language="ru", **RU
        )


def test_a_version_in_the_verdicts_own_or_an_unknown_language_is_refused(claim, reporter, rating):
    verdict = draft(claim, reporter, rating)
    for language in ("en", "xx"):
        with pytest.raises(Exception, match="language"):
            translate(verdict, reporter, language=language)
    assert not VerdictTranslation.objects.exists()


def test_the_desk_writes_the_russian_version_in_the_verdict_form(client, claim, reporter, rating):
    verdict = draft(claim, reporter, rating)
    client.force_login(reporter)
    page = client.get(change_url(verdict)).content.decode()
    assert 'name="translations-0-explanation"' in page  # a Markdown editor for each version
    assert "markdown-preview" in page
    data = form_data(verdict) | {
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1",
        "translations-0-language": "ru",
        "translations-0-headline": RU["headline"],
        "translations-0-conclusion": RU["conclusion"],
        "translations-0-explanation": RU["explanation"] + ' <iframe src="x"></iframe>',
    }
    response = client.post(change_url(verdict), data, follow=True)
    assert response.status_code == 200
    text = VerdictTranslation.objects.get(verdict=verdict, language="ru")
    assert text.headline == RU["headline"]
    assert Verdict.objects.get(pk=verdict.pk).version == verdict.version + 1
    # The HTML readers will not get is named for the Russian explanation too.
    assert "Readers will not get this HTML" in response.content.decode()
    assert "iframe" in response.content.decode()


def test_the_blank_version_a_browser_sends_is_left_alone(client, claim, reporter, rating):
    # The form always offers a version for each language the verdict lacks, and its language
    # menu always sends a value: saving the verdict's own text must not ask for that version.
    verdict = draft(claim, reporter, rating)
    client.force_login(reporter)
    data = form_data(verdict, headline="A new headline") | {
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1",
        "translations-0-language": "ru",
        "translations-0-headline": "",
        "translations-0-conclusion": "",
        "translations-0-explanation": " ",
    }
    response = client.post(change_url(verdict), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Verdict.objects.get(pk=verdict.pk).headline == "A new headline"
    assert not VerdictTranslation.objects.exists()


def test_the_publish_check_names_the_language_missing_its_approval(
    client, claim, reporter, editor, rating
):
    verdict = services.verdict_submit(verdict=draft(claim, reporter, rating), by=reporter)
    services.verdict_approve(verdict=verdict, by=editor)
    VerdictTranslation.objects.create(verdict=verdict, language="ru", **RU)
    client.force_login(editor)
    page = client.get(reverse("admin:factcheck_verdict_change", args=[verdict.pk])).content
    assert "The version in Russian needs 1 more approval" in page.decode()
    assert "Nothing stands in the way of publishing." not in page.decode()
