"""Side-by-side history of a verdict and its claim, with the audit log beside it."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from factcheck.models import AuditEntry, Claim, DeskNote, Rating, Verdict
from sources.models import Source

VERDICT_FIELDS = ["rating", "headline", "conclusion", "explanation", "note_kind", "note", "state"]
CLAIM_FIELDS = [
    "text",
    "text_en",
    "short",
    "claimant",
    "status",
    "appeared_at",
    "appeared_precision",
    "appeared_time_zone",
]


def _changes(records, fields, labels):
    """Each historical record with what changed since the one before it.

    Foreign keys are compared by id and shown by `labels` (id -> readable name), read in one query
    per related model rather than one per record.
    """
    rows = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        for field in fields:
            new = _value(newer, field, labels)
            old = _value(older, field, labels) if older is not None else ""
            if older is None or new != old:
                changes.append((field, old, new))
        rows.append({"record": newer, "changes": changes})
    return rows


def _value(record, field, labels):
    if field in labels:
        key = getattr(record, field + "_id")
        return labels[field].get(key, "") if key else ""
    value = getattr(record, field)
    return "" if value is None else value


def _pick(records, history_id):
    for record in records:
        if str(record.history_id) == str(history_id):
            return record
    return None


def desk_history(verdict: Verdict, params) -> dict:
    verdict_records = list(
        verdict.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    claim_records = list(
        verdict.claim.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )
    )
    ratings = {
        r.pk: str(r) for r in Rating.objects.filter(pk__in={r.rating_id for r in verdict_records})
    }
    claimants = {
        s.pk: str(s) for s in Source.objects.filter(pk__in={r.claimant_id for r in claim_records})
    }
    context = {
        "verdict_rows": _changes(verdict_records, VERDICT_FIELDS, {"rating": ratings}),
        "claim_rows": _changes(claim_records, CLAIM_FIELDS, {"claimant": claimants}),
        "audit": AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Verdict), object_id=verdict.pk
        ).select_related("actor"),
        # The notes between editors on the verdict and on its claim, beside the audit log.
        "notes": _notes(verdict),
        "revisions": verdict.revisions.select_related("rating", "published_by").order_by("-number"),
    }
    # ?a=…&b=… (verdict versions) or ?ca=…&cb=… (claim versions): two side by side.
    for prefix, records, fields, labels, model in (
        ("", verdict_records, VERDICT_FIELDS, {"rating": ratings}, Verdict),
        ("c", claim_records, CLAIM_FIELDS, {"claimant": claimants}, Claim),
    ):
        a = _pick(records, params.get(prefix + "a"))
        b = _pick(records, params.get(prefix + "b"))
        if a and b:
            context["compare"] = _compare(a, b, fields, labels, model)
    return context


def _notes(verdict: Verdict) -> list:
    notes = list(
        DeskNote.objects.filter(Q(verdict=verdict) | Q(claim_id=verdict.claim_id))
        .select_related("author")
        .order_by("created_at", "pk")
    )
    for note in notes:
        note.subject_label = (Claim if note.claim_id else Verdict)._meta.verbose_name
    return notes


def _compare(a, b, fields, labels, model) -> dict:
    rows = []
    for name in fields:
        old, new = _value(a, name, labels), _value(b, name, labels)
        rows.append(
            {
                "name": model._meta.get_field(name).verbose_name,
                "a": old,
                "b": new,
                "changed": old != new,
            }
        )
    return {"a": a, "b": b, "what": model._meta.verbose_name, "fields": rows}
