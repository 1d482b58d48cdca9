from factcheck.models.audit import AuditEntry
from factcheck.models.claims import Claim, ClaimCitation, ClaimConflict, Figure, conflicts_of
from factcheck.models.facets import PublicFacet, PublicMention
from factcheck.models.ratings import Rating, RatingScale
from factcheck.models.verdicts import Approval, Verdict, VerdictRevision, VerdictTranslation
from factcheck.models.work import DeskNote, DeskNotification, DeskProfile

__all__ = [
    "Approval",
    "AuditEntry",
    "Claim",
    "ClaimCitation",
    "ClaimConflict",
    "DeskNote",
    "DeskNotification",
    "DeskProfile",
    "Figure",
    "PublicFacet",
    "PublicMention",
    "Rating",
    "RatingScale",
    "Verdict",
    "VerdictRevision",
    "VerdictTranslation",
    "conflicts_of",
]
