"""The desk's admin, one module per topic: claims and the rating scale, verdicts and their review.

Importing them registers their ModelAdmins; Django's admin autodiscovery imports this package.
"""

from factcheck.admin import claims, logins, transparency, verdicts  # noqa: F401
from factcheck.intake import admin as intake_admin  # noqa: F401  (issue 12: the triage queue)
