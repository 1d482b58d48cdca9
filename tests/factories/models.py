"""factory-boy factories for the desk's models: valid, distinct rows with the least typing.

Every factory fills only what the model requires and picks unique values from a sequence, so
`ClaimFactory.create_batch(10)` just works; pass what a test is about explicitly.
"""

from datetime import UTC, datetime, timedelta

import factory
from django.contrib.auth.models import Group, User
from factory.django import DjangoModelFactory

from events.models import Event
from factcheck.models import Claim, ClaimCitation, Figure, Rating, RatingScale
from sources.models import Citation, Source

BASE_TIME = datetime(2022, 1, 5, 12, 0, tzinfo=UTC)


class UserFactory(DjangoModelFactory):
    """A desk user; `UserFactory(groups=["editor"])` puts them in the roles' groups."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@desk.test")
    password = factory.django.Password("pw")
    is_staff = True

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Источник {n}")
    name_en = factory.Sequence(lambda n: f"Source {n}")
    kind = Source.Kind.OUTLET
    country = "KZ"
    language = "ru"
    slug = factory.Sequence(lambda n: f"source-{n}")


class CitationFactory(DjangoModelFactory):
    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    title = factory.Sequence(lambda n: f"Сообщение {n}")
    url = factory.Sequence(lambda n: f"https://example.kz/news/{n}")
    quote = factory.Sequence(lambda n: f"Цитата номер {n}")
    published_at = factory.Sequence(lambda n: BASE_TIME + timedelta(hours=n))


class ClaimFactory(DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Утверждение номер {n}")
    text_en = factory.Sequence(lambda n: f"Claim number {n}")
    short = factory.Sequence(lambda n: f"Claim {n}")
    slug = factory.Sequence(lambda n: f"claim-{n}")
    claimant = factory.SubFactory(SourceFactory)


class ClaimCitationFactory(DjangoModelFactory):
    class Meta:
        model = ClaimCitation

    claim = factory.SubFactory(ClaimFactory)
    citation = factory.SubFactory(CitationFactory)
    stance = ClaimCitation.Stance.APPEARANCE


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Событие {n}")
    title_en = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    starts_at = factory.Sequence(lambda n: BASE_TIME + timedelta(hours=n))
    time_zone = "Asia/Almaty"


class FigureFactory(DjangoModelFactory):
    class Meta:
        model = Figure

    claim = factory.SubFactory(ClaimFactory)
    measure = Figure.Measure.KILLED
    counted = "протестующие"
    counted_en = "protesters"
    value = factory.Sequence(lambda n: 10 + n)
    as_of = factory.Sequence(lambda n: BASE_TIME + timedelta(days=n))


class RatingScaleFactory(DjangoModelFactory):
    class Meta:
        model = RatingScale

    name = factory.Sequence(lambda n: f"Scale {n}")
    best_value = 5
    worst_value = 1


class RatingFactory(DjangoModelFactory):
    class Meta:
        model = Rating

    scale = factory.SubFactory(RatingScaleFactory)
    slug = factory.Sequence(lambda n: f"rating-{n}")
    label = factory.Sequence(lambda n: f"Оценка {n}")
    label_en = factory.Sequence(lambda n: f"Rating {n}")
    description = "Что значит эта оценка."
    description_en = "What this rating means."
    value = 3
