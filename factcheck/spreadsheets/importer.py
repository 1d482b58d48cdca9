"""Claims with their citations from a CSV file: `check` (the dry run) names every bad line and
why; `claims_import` (the service the admin page and `manage.py importclaims` call) imports all
of a file or nothing.

Each claim, citation and link is validated by the model's own full_clean, as the desk's forms do,
plus what a file adds: the columns, a source named by its slug, dates, URLs, lengths said in
characters (a value is never cut to fit), duplicates within the file and against the desk.
The columns: factcheck.spreadsheets.columns (README: "Claims from a spreadsheet").
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from events.models import validate_time_zone
from events.precision import Precision
from factcheck.models import Claim, ClaimCitation
from factcheck.services import NotAllowed, log_action
from factcheck.spreadsheets.columns import CITATION_COLUMNS, CLAIM_COLUMNS, COLUMNS
from factcheck.text import slugify_ru
from sources.models import Citation, Source

# The columns a file must have; the others may be left out.
REQUIRED_COLUMNS = ["text", "short"]
# The desk's own exports add these; the import reads past them.
IGNORED_COLUMNS = {"status", "claim_id"}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
IMPORT_PERMS = ["factcheck.add_claim", "factcheck.add_claimcitation", "sources.add_citation"]


@dataclass(frozen=True)
class LineError:
    line: int  # the file's line where the row starts; 1 is the header
    field: str  # a column's name, or "" for the row as a whole
    message: str

    def __str__(self):
        where = _("line %(line)s") % {"line": self.line}
        return (
            f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass
class PlannedCitation:
    line: int
    citation: Citation  # an existing one (the same passage by the same publisher) or a new one
    link: ClaimCitation


@dataclass
class PlannedClaim:
    line: int
    claim: Claim
    citations: list[PlannedCitation] = field(default_factory=list)


@dataclass
class Plan:
    claims: list[PlannedClaim] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.claims)

    @property
    def citation_count(self) -> int:
        return sum(len(c.citations) for c in self.claims)


class ImportRefused(Exception):
    def __init__(self, plan: Plan):
        super().__init__("; ".join(map(str, plan.errors)))
        self.plan = plan


# --- reading ---------------------------------------------------------------------------------


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    # utf-8-sig: the byte order mark Excel writes before UTF-8 is read past.
    return data.decode("utf-8-sig")


def _rows(text: str):
    """(line where the row starts, cells) for each row after the header, and the header."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    rows = []
    start = reader.line_num + 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    return header, rows


def _parse_moment(value: str, zone: str) -> tuple[datetime, str]:
    """A date as a spreadsheet writes it: 2022-01-05, 2022-01 or 2022-01-05 23:10 (local time in
    `zone`), or ISO 8601 with an offset. Returns the moment and its precision."""
    value = value.strip()
    try:
        if len(value) == 7:
            moment, precision = datetime.strptime(value, "%Y-%m"), Precision.MONTH
        elif len(value) == 10:
            moment, precision = datetime.strptime(value, "%Y-%m-%d"), Precision.DAY
        else:
            moment, precision = datetime.fromisoformat(value), Precision.MINUTE
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a date: write 2022-01-05, 2022-01 or 2022-01-05 23:10.")
            % {"value": value}
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment, precision


def _too_long(model, name: str, value: str) -> str:
    limit = model._meta.get_field(name).max_length
    if limit and len(value) > limit:
        return _(
            "too long: %(length)s characters, at most %(limit)s. Shorten it in the file; "
            "nothing is cut on import."
        ) % {"length": len(value), "limit": limit}
    return ""


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [(name, message) for name, items in error.message_dict.items() for message in items]
    return [("", message) for message in error.messages]


# Model fields under the file's column names.
_CLAIM_FIELDS = {"appeared_at": "appeared_at", "time_zone": "appeared_time_zone"}
_CITATION_FIELDS = {"source": "source", "relays": "relays"}


def _column(name: str, fields: dict) -> str:
    reverse = {model: column for column, model in fields.items()}
    return reverse.get(name, name if name != "__all__" else "")


# --- the dry run -----------------------------------------------------------------------------


def check(data: bytes | str) -> Plan:
    """The dry run: the claims and citations the file would make, and every bad line. Writes
    nothing; reads the sources, slugs and texts it names in a few queries, then validates each
    row (full_clean: a query or two per row for the unique checks)."""
    plan = Plan()
    error = plan.errors.append
    if len(data) > MAX_BYTES:
        error(LineError(0, "", _("The file is larger than 5 MB: split it.")))
        return plan
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        error(
            LineError(
                0,
                "",
                _("The file is not UTF-8 (byte %(at)s): save it as CSV UTF-8.") % {"at": exc.start},
            )
        )
        return plan
    try:
        header, rows = _rows(text)
    except csv.Error as exc:
        error(LineError(0, "", _("The file is not readable as CSV: %(error)s") % {"error": exc}))
        return plan
    if not header:
        error(LineError(1, "", _("The file is empty.")))
        return plan
    header = [name.strip().lower() for name in header]
    for name in header:
        if name not in COLUMNS and name not in IGNORED_COLUMNS:
            error(
                LineError(
                    1,
                    name,
                    _("unknown column; the columns are: %(columns)s.")
                    % {"columns": ", ".join(COLUMNS)},
                )
            )
    for name in REQUIRED_COLUMNS:
        if name not in header:
            error(LineError(1, name, _("missing column.")))
    if len(set(header)) != len(header):
        error(LineError(1, "", _("a column is named twice.")))
    if plan.errors:
        return plan
    if len(rows) > MAX_ROWS:
        error(LineError(0, "", _("More than %(rows)s rows: split the file.") % {"rows": MAX_ROWS}))
        return plan

    records = []
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if len(cells) > len(header):
            error(
                LineError(
                    line,
                    "",
                    _("more cells than columns (a comma too many, or a quote not closed?)."),
                )
            )
            continue
        records.append(
            (
                line,
                {name: cells[i].strip() if i < len(cells) else "" for i, name in enumerate(header)},
            )
        )

    # The sources, slugs and texts the file names, each in one query.
    slugs = {r.get(c, "") for _l, r in records for c in ("claimant", "source", "relays")} - {""}
    sources = {s.slug: s for s in Source.objects.filter(slug__in=slugs)}
    texts = {r["text"] for _l, r in records if r.get("text")}
    existing_texts = dict(Claim.objects.filter(text__in=texts).values_list("text", "slug"))
    given_slugs = {r.get("slug", "") for _l, r in records} - {""}
    taken = set(Claim.objects.filter(slug__in=given_slugs).values_list("slug", flat=True))
    in_file_slugs: set[str] = set()
    in_file_texts: dict[tuple, int] = {}

    current: PlannedClaim | None = None
    current_ok = False
    for line, row in records:
        if row.get("text"):
            current, current_ok = _claim(
                line, row, plan, sources, existing_texts, taken, in_file_slugs, in_file_texts
            )
        elif any(row.get(name) for name in CLAIM_COLUMNS):
            error(
                LineError(
                    line,
                    "text",
                    _(
                        "missing: a row that starts a claim needs its text (a row that adds a citation leaves every claim column empty)."
                    ),
                )
            )
            current, current_ok = None, False
            continue
        elif current is None and not current_ok:
            if any(row.get(name) for name in CITATION_COLUMNS):
                error(LineError(line, "", _("a citation with no claim above it.")))
            continue
        if any(row.get(name) for name in CITATION_COLUMNS):
            _citation(line, row, plan, sources, current if current_ok else None)
    if not plan.claims and not plan.errors:
        error(LineError(0, "", _("The file holds no claim.")))
    return plan


def _claim(line, row, plan, sources, existing_texts, taken, in_file_slugs, in_file_texts):
    error = plan.errors.append
    before = len(plan.errors)
    text, short = row["text"], row.get("short", "")
    if not short:
        error(LineError(line, "short", _("missing.")))
    for name in ("short", "slug", "language", "time_zone"):
        model_field = _CLAIM_FIELDS.get(name, name)
        if row.get(name) and (problem := _too_long(Claim, model_field, row[name])):
            error(LineError(line, name, problem))
    claimant = None
    if row.get("claimant"):
        claimant = sources.get(row["claimant"])
        if claimant is None:
            error(
                LineError(
                    line,
                    "claimant",
                    _("unknown source “%(slug)s”: give the slug of a source the desk has.")
                    % {"slug": row["claimant"]},
                )
            )
    zone = row.get("time_zone") or settings.EVENT_TIME_ZONE
    try:
        validate_time_zone(zone)
    except ValidationError as exc:
        error(LineError(line, "time_zone", exc.messages[0]))
        zone = settings.EVENT_TIME_ZONE
    appeared_at, precision = None, Precision.DAY
    if row.get("appeared_at"):
        try:
            appeared_at, precision = _parse_moment(row["appeared_at"], zone)
        except ValueError as exc:
            error(LineError(line, "appeared_at", str(exc)))
    # Duplicates: against the desk, and within the file.
    if text in existing_texts:
        error(
            LineError(
                line,
                "text",
                _("duplicate: the desk already has this claim (%(slug)s).")
                % {"slug": existing_texts[text]},
            )
        )
    key = (text, row.get("claimant", ""))
    if key in in_file_texts:
        error(
            LineError(
                line,
                "text",
                _("duplicate: the same claim is on line %(line)s.") % {"line": in_file_texts[key]},
            )
        )
    in_file_texts.setdefault(key, line)
    slug = row.get("slug", "")
    if slug:
        if slug in taken:
            error(
                LineError(
                    line,
                    "slug",
                    _("duplicate: the desk already has a claim “%(slug)s”.") % {"slug": slug},
                )
            )
        elif slug in in_file_slugs:
            error(
                LineError(
                    line,
                    "slug",
                    _("duplicate: “%(slug)s” is used earlier in the file.") % {"slug": slug},
                )
            )
    elif short:
        slug = _free_slug(short, in_file_slugs)
    in_file_slugs.add(slug)

    claim = Claim(
        text=text,
        language=row.get("language") or "ru",
        text_en=row.get("text_en", ""),
        short=short,
        slug=slug,
        claimant=claimant,
        appeared_at=appeared_at,
        appeared_precision=precision,
        appeared_time_zone=zone,
    )
    if len(plan.errors) == before:
        try:
            claim.full_clean()
        except ValidationError as exc:
            for name, message in _messages(exc):
                error(LineError(line, _column(name, _CLAIM_FIELDS), message))
    planned = PlannedClaim(line, claim)
    ok = len(plan.errors) == before
    if ok:
        plan.claims.append(planned)
    return planned, ok


def _free_slug(short: str, in_file: set[str]) -> str:
    """A slug made from the short form, free in the desk and in the file: base, base-2, ..."""
    max_length = Claim._meta.get_field("slug").max_length
    base = slugify_ru(short, max_length) or "claim"
    number, candidate = 1, base
    while candidate in in_file or Claim.objects.filter(slug=candidate).exists():
        number += 1
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate


_URL = URLValidator(schemes=["http", "https"])


def _citation(line, row, plan, sources, claim: PlannedClaim | None):
    error = plan.errors.append
    before = len(plan.errors)
    for name in ("source", "stance", "title", "quote"):
        if not row.get(name):
            error(LineError(line, name, _("missing.")))
    source = relays = None
    for name in ("source", "relays"):
        if row.get(name):
            found = sources.get(row[name])
            if found is None:
                error(
                    LineError(
                        line,
                        name,
                        _("unknown source “%(slug)s”: give the slug of a source the desk has.")
                        % {"slug": row[name]},
                    )
                )
            elif name == "source":
                source = found
            else:
                relays = found
    if row.get("stance") and row["stance"] not in ClaimCitation.Stance.values:
        error(
            LineError(
                line,
                "stance",
                _("“%(value)s” is not a stance: one of %(choices)s.")
                % {"value": row["stance"], "choices": ", ".join(ClaimCitation.Stance.values)},
            )
        )
    for name, model in (
        ("url", Citation),
        ("title", Citation),
        ("quote_language", Citation),
        ("note", ClaimCitation),
    ):
        if row.get(name) and (problem := _too_long(model, name, row[name])):
            error(LineError(line, name, problem))
    if row.get("url"):
        try:
            _URL(row["url"])
        except ValidationError:
            error(
                LineError(
                    line,
                    "url",
                    _("“%(value)s” is not a web address (http:// or https://).")
                    % {"value": row["url"]},
                )
            )
    published_at = None
    if row.get("published_at"):
        zone = claim.claim.appeared_time_zone if claim else settings.EVENT_TIME_ZONE
        try:
            published_at, _precision = _parse_moment(row["published_at"], zone)
        except ValueError as exc:
            error(LineError(line, "published_at", str(exc)))
    if claim is None or len(plan.errors) > before:
        return
    for other in claim.citations:
        if other.citation.source_id == source.pk and other.citation.quote == row["quote"]:
            error(
                LineError(
                    line,
                    "quote",
                    _("duplicate: the same passage is on line %(line)s.") % {"line": other.line},
                )
            )
            return
    citation = Citation.objects.filter(source=source, quote=row["quote"]).first()
    if citation is None:
        citation = Citation(
            source=source,
            relays=relays,
            url=row.get("url", ""),
            title=row["title"],
            quote=row["quote"],
            quote_language=row.get("quote_language") or "ru",
            published_at=published_at,
        )
        try:
            citation.full_clean()
        except ValidationError as exc:
            for name, message in _messages(exc):
                error(LineError(line, _column(name, _CITATION_FIELDS), message))
            return
    link = ClaimCitation(citation=citation, stance=row["stance"], note=row.get("note", ""))
    try:
        link.full_clean(exclude=["claim", "citation"])
    except ValidationError as exc:
        for name, message in _messages(exc):
            error(LineError(line, name if name != "__all__" else "", message))
        return
    claim.citations.append(PlannedCitation(line, citation, link))


# --- the import ------------------------------------------------------------------------------


def claims_import(*, data: bytes | str, by, filename: str = "") -> Plan:
    """Check the file and import it whole, or raise ImportRefused with every bad line and import
    nothing. Claims, citations and links are saved in one transaction; each claim gets an audit
    entry (factcheck.claim.imported) naming the file and its line."""
    if not (by.is_active and all(by.has_perm(perm) for perm in IMPORT_PERMS)):
        raise NotAllowed(_("You are not allowed to import claims."))
    plan = check(data)
    if not plan.ok:
        raise ImportRefused(plan)
    try:
        with transaction.atomic():
            for planned in plan.claims:
                claim = planned.claim
                claim.created_by = by
                claim._history_user = by  # who, in django-simple-history's records
                claim.save()
                for item in planned.citations:
                    if item.citation.pk is None:
                        item.citation._history_user = by
                        item.citation.save()
                    item.link.claim, item.link.citation = claim, item.citation
                    item.link.save()
                log_action(
                    subject=claim,
                    action="factcheck.claim.imported",
                    by=by,
                    data={
                        "file": filename,
                        "line": planned.line,
                        "citations": len(planned.citations),
                    },
                )
    except IntegrityError as exc:
        # Someone saved a clashing claim between the check and the import: nothing was kept.
        plan.errors.append(LineError(0, "", _("Nothing was imported: %(error)s") % {"error": exc}))
        raise ImportRefused(plan) from exc
    return plan
