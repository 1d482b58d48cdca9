"""Desk content made through the real workflow, for the API's and the site's tests and the benchmark.

Desk users in their roles; sources, events and numbered claims (`claim(n)` appears in one outlet
and is confirmed by others: by default one, enough for "half true"; pass more `cites`, or
`stance="contradicts"`, for ratings that need more or the other way), a claimant, and the events
asked for; and verdicts published, republished and retracted through factcheck.services (draft →
review → approval → publication), exactly as the desk does it.
"""

from datetime import timedelta

from django.contrib.auth.models import Group, User

from events.models import Event
from factcheck import services
from factcheck.models import Claim, ClaimCitation, Rating, Verdict
from sources.models import Citation, Source
from tests.factories.models import BASE_TIME


def staff_user(username: str, group: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "is_staff": True,
            "email": f"{username}@desk.test",
            "first_name": username.title(),
            "last_name": "Desk",
        },
    )
    if created:
        user.set_password("pw")
        user.save()
        user.groups.add(Group.objects.get(name=group))
    return user


def desk_users() -> tuple[User, User]:
    """A reporter and an editor to write and publish verdicts."""
    return staff_user("desk-reporter", "reporter"), staff_user("desk-editor", "editor")


def desk_second_editor() -> User:
    """An editor other than desk_users()'s, to approve what that editor corrected."""
    return staff_user("desk-second-editor", "editor")


def source(
    slug: str, name: str = "", name_en: str = "", kind: str = Source.Kind.OUTLET, **extra
) -> Source:
    """The source with this slug, made on first use (named after the slug unless named)."""
    found, _created = Source.objects.get_or_create(
        slug=slug,
        defaults={"name": name or slug.title(), "name_en": name_en, "kind": kind} | extra,
    )
    return found


def event(slug: str, *, parent: Event | None = None, title: str = "") -> Event:
    found, _created = Event.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title or slug.replace("-", " ").title(),
            "title_en": title or slug.replace("-", " ").title(),
            "starts_at": BASE_TIME,
            "parent": parent,
        },
    )
    return found


def claim(
    n: int,
    *,
    text: str = "",
    text_en: str = "",
    claimant: Source | None = None,
    cites: tuple[Source, ...] | None = None,
    stance: str = ClaimCitation.Stance.SUPPORTS,
    events: tuple[Event, ...] = (),
    language: str = "ru",
) -> Claim:
    made = Claim.objects.create(
        text=text or f"Утверждение номер {n}",
        text_en=text_en or f"Claim number {n}",
        short=f"Sample claim {n}",
        slug=f"sample-claim-{n}",
        language=language,
        claimant=claimant or source("sample-ministry", kind=Source.Kind.GOVERNMENT),
        appeared_at=BASE_TIME + timedelta(hours=n),
    )
    # The first outlet is where the claim appeared: it never confirms the claim, the others do.
    first, *others = cites or (source("sample-outlet-a"), source("sample-outlet-b"))
    stances = [ClaimCitation.Stance.APPEARANCE] + [stance] * len(others)
    for stance_, outlet in zip(stances, (first, *others), strict=True):
        citation = Citation.objects.create(
            source=outlet,
            url=f"https://{outlet.slug}.example/{n}",
            title=f"Report {n}",
            quote=f"Цитата {n}",
            published_at=BASE_TIME + timedelta(hours=n),
        )
        ClaimCitation.objects.create(claim=made, citation=citation, stance=stance_)
    made.events.add(*events)
    return made


def publish(
    about: Claim,
    *,
    rating: str = "half-true",
    headline: str = "",
    conclusion: str = "What we found, in **two** sentences.",
    explanation: str = "The reasoning, in Markdown, naming every contradicting source.",
    language: str = "en",
    translations: dict[str, dict[str, str]] | None = None,
) -> Verdict:
    """A verdict on the claim, written, submitted, approved and published through the services.

    `translations`: its versions in other languages, {"ru": {"headline": ..., ...}}."""
    reporter, editor = desk_users()
    verdict = services.verdict_create(
        claim=about,
        by=reporter,
        headline=headline or f"Verdict on {about.short}",
        rating=Rating.objects.get(slug=rating),
        conclusion=conclusion,
        explanation=explanation,
        language=language,
    )
    for code, texts in (translations or {}).items():
        verdict = services.verdict_translation_save(
            verdict=verdict, by=reporter, version=verdict.version, language=code, **texts
        )
    return _through_review(verdict, reporter, editor)


def republish(
    verdict: Verdict, *, note_kind: str = "correction", note: str = "", **changes
) -> Verdict:
    """Reopen a published verdict, change it, and publish the next revision with a public note.

    `rating` may be given as a slug.
    """
    _reporter, editor = desk_users()
    verdict = Verdict.objects.get(pk=verdict.pk)
    if isinstance(changes.get("rating"), str):
        changes["rating"] = Rating.objects.get(slug=changes["rating"])
    verdict = services.verdict_update(
        verdict=verdict,
        by=editor,
        version=verdict.version,
        note_kind=note_kind,
        note=note or f"A {note_kind}.",
        **changes,
    )
    return _through_review(verdict, editor, editor, approver=desk_second_editor())


def retract(verdict: Verdict, reason: str = "The evidence did not hold.") -> Verdict:
    _reporter, editor = desk_users()
    services.verdict_retract(verdict=Verdict.objects.get(pk=verdict.pk), by=editor, reason=reason)
    return Verdict.objects.select_related("public_revision").get(pk=verdict.pk)


def _through_review(verdict: Verdict, submitter: User, publisher: User, approver=None) -> Verdict:
    verdict = services.verdict_submit(verdict=verdict, by=submitter)
    verdict = services.verdict_approve(verdict=verdict, by=approver or publisher)
    services.verdict_publish(verdict=verdict, by=publisher)
    return Verdict.objects.select_related("public_revision").get(pk=verdict.pk)
