"""Test data, built in one place; import from here (`from tests.factories import build_desk`).

- models.py: factory-boy factories, one valid row per model with the least typing.
- sample.py: the workflow: desk users in their roles, sources, events and claims with evidence, and
  verdicts published, republished and retracted through factcheck.services.
- desk.py: the January 2022 story in miniature (`build_desk`), for the public site's pages.
"""

from tests.factories.desk import T0, Desk, build_desk, make_claim
from tests.factories.models import (
    BASE_TIME,
    CitationFactory,
    ClaimCitationFactory,
    ClaimFactory,
    EventFactory,
    FigureFactory,
    RatingFactory,
    RatingScaleFactory,
    SourceFactory,
    UserFactory,
)
from tests.factories.sample import (
    claim,
    desk_second_editor,
    desk_users,
    event,
    publish,
    republish,
    retract,
    source,
    staff_user,
)

__all__ = [
    "BASE_TIME",
    "T0",
    "CitationFactory",
    "ClaimCitationFactory",
    "ClaimFactory",
    "Desk",
    "EventFactory",
    "FigureFactory",
    "RatingFactory",
    "RatingScaleFactory",
    "SourceFactory",
    "UserFactory",
    "build_desk",
    "claim",
    "desk_second_editor",
    "desk_users",
    "event",
    "make_claim",
    "publish",
    "republish",
    "retract",
    "source",
    "staff_user",
]
