"""Published verdicts made through the real workflow, for the API's tests and its benchmark.

Each claim appears in one outlet and is confirmed by others (by default one: enough for "half
true"; pass more `cites`, or `stance="contradicts"`, for ratings that need more or the other way),
a claimant, and the events asked for; publishing goes draft →
review → approval → publication through factcheck.services, exactly as the desk does it.
"""

from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import Group, User

from events.models import Event
from factcheck import services
from factcheck.models import Claim, ClaimCitation, Rating, Verdict
from sources.models import Citation, Source

BASE_TIME = datetime(2022, 1, 5, 12, 0, tzinfo=UTC)


def desk() -> tuple[User, User]:
    """A reporter and an editor to write and publish sample verdicts."""
    users = []
    for name, group in (("sample-reporter", "reporter"), ("sample-editor", "editor")):
        user, created = User.objects.get_or_create(
            username=name, defaults={"email": f"{name}@desk.test", "is_staff": True}
        )
        if created:
            user.groups.add(Group.objects.get(name=group))
        users.append(user)
    return users[0], users[1]


def source(slug: str, *, name: str = "", kind: str = Source.Kind.OUTLET, **extra) -> Source:
    found, _created = Source.objects.get_or_create(
        slug=slug,
        defaults={"name": name or slug.title(), "name_en": name or slug.title(), "kind": kind}
        | extra,
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
    conclusion: str = "What we found.",
    explanation: str = "Two independent outlets reported it.",
    language: str = "en",
) -> Verdict:
    reporter, editor = desk()
    verdict = services.verdict_create(
        claim=about,
        by=reporter,
        headline=headline or f"Verdict on {about.short}",
        rating=Rating.objects.get(slug=rating),
        conclusion=conclusion,
        explanation=explanation,
        language=language,
    )
    return _through_review(verdict, reporter, editor)


def republish(verdict: Verdict, *, kind: str = "correction", note: str = "", **changes) -> Verdict:
    """Reopen a published verdict, change it, and publish the next revision with a public note."""
    _reporter, editor = desk()
    verdict = Verdict.objects.get(pk=verdict.pk)
    if "rating" in changes:
        changes["rating"] = Rating.objects.get(slug=changes["rating"])
    verdict = services.verdict_update(
        verdict=verdict,
        by=editor,
        version=verdict.version,
        note_kind=kind,
        note=note or f"A {kind}.",
        **changes,
    )
    return _through_review(verdict, editor, editor, approver=desk_second_editor())


def retract(verdict: Verdict, *, reason: str = "The evidence did not hold.") -> Verdict:
    _reporter, editor = desk()
    return services.verdict_retract(
        verdict=Verdict.objects.get(pk=verdict.pk), by=editor, reason=reason
    )


def desk_second_editor() -> User:
    user, created = User.objects.get_or_create(
        username="sample-editor-2", defaults={"email": "sample-editor-2@desk.test"}
    )
    if created:
        user.groups.add(Group.objects.get(name="editor"))
    return user


def _through_review(verdict: Verdict, submitter: User, publisher: User, approver=None) -> Verdict:
    verdict = services.verdict_submit(verdict=verdict, by=submitter)
    verdict = services.verdict_approve(verdict=verdict, by=approver or publisher)
    services.verdict_publish(verdict=verdict, by=publisher)
    return Verdict.objects.select_related("public_revision").get(pk=verdict.pk)
