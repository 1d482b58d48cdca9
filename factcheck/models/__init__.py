from factcheck.models.audit import AuditEntry
from factcheck.models.claims import Claim, ClaimCitation, ClaimConflict, Figure, conflicts_of
from factcheck.models.facets import ClaimantTotal, PublicFacet, PublicMention
from factcheck.models.intake import Submission  # issue 12: reader submissions
from factcheck.models.media import MediaAssessment  # issue 13: MediaReview per media item
from factcheck.models.ratings import Rating, RatingScale

# Transparency pages and funding (issue 12).
from factcheck.models.transparency import Funding, TransparencyPage
from factcheck.models.verdicts import Approval, Verdict, VerdictRevision, VerdictTranslation
from factcheck.models.work import DeskNote, DeskNotification, DeskProfile

__all__ = [
    "Approval",
    "AuditEntry",
    "Claim",
    "ClaimantTotal",
    "ClaimCitation",
    "ClaimConflict",
    "DeskNote",
    "DeskNotification",
    "DeskProfile",
    "Figure",
    "Funding",
    "MediaAssessment",
    "PublicFacet",
    "PublicMention",
    "Rating",
    "RatingScale",
    "Submission",
    "TransparencyPage",
    "Verdict",
    "VerdictRevision",
    "VerdictTranslation",
    "conflicts_of",
]
