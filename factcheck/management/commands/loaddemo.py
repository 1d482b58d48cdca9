"""Build the demo desk: the January 2022 unrest in Kazakhstan, from factcheck.demo.data.

Safe to run again: every row is found by its natural key (a slug, a username, a citation's
publisher and passage) and created only when missing, and a claim's links (its events, evidence,
figure and conflicts) are made together with the claim. A row that exists is left exactly as it
is, the desk's own edits included. A verdict is walked through the editorial workflow only when its
claim has none yet, so a second run writes nothing: no row, no history, no audit entry.

Verdicts go through factcheck.services like any other: the demo reporter writes and submits, the
demo editors approve, publish, send back, correct and retract. The publish check therefore runs on
the demo's data too.

The demo logins' passwords are public (the README prints them), so they are created only on a desk
that answers to this machine alone: every name in ALLOWED_HOSTS a loopback one, as with nothing
configured (`make run`). DEBUG does not count: a debugging desk on a public host is public. Elsewhere
the command refuses, unless --force-demo-accounts is given: then the demo logins get random
passwords, printed once.
"""

import ipaddress
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from events.models import Event, EventLink
from factcheck import services, transparency
from factcheck.demo import data
from factcheck.demo import transparency as demo_transparency
from factcheck.models import (
    Claim,
    ClaimCitation,
    ClaimConflict,
    Figure,
    Funding,
    Rating,
    TransparencyPage,
    Verdict,
)
from sources.models import Citation, Source

# username, group, password, first name, last name, superuser. The passwords are public: they are
# for a desk on one's own machine. Set only when the user is created, never reset afterwards.
DEMO_USERS = [
    ("reporter", "reporter", "demo-reporter-2022", "Demo", "Reporter", False),
    ("editor", "editor", "demo-editor-2022", "Demo", "Editor", False),
    ("editor2", "editor", "demo-editor2-2022", "Second", "Editor", False),
    ("admin", "administrator", "demo-admin-2022", "Demo", "Administrator", True),
]


def demo_email(username: str) -> str:
    return f"{username}@example.org"


def is_local_host(host: str) -> bool:
    """Whether an ALLOWED_HOSTS entry can only be reached from this machine."""
    host = host.lower().rstrip(".")
    # "testserver" is the name Django's test client uses; no request from outside carries it.
    if host in {"localhost", "testserver"} or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a public name, a wildcard ("*", ".example.org") or anything else


def is_local_setup() -> bool:
    return bool(settings.ALLOWED_HOSTS) and all(map(is_local_host, settings.ALLOWED_HOSTS))


class Command(BaseCommand):
    help = (
        "Load the demo desk (the January 2022 unrest in Kazakhstan) and its demo logins. "
        "Running it again changes nothing. Refused where ALLOWED_HOSTS names a host beyond this "
        "machine, unless --force-demo-accounts is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force-demo-accounts",
            action="store_true",
            help=(
                "Load the demo on a desk reachable from other machines too. The demo logins then "
                "get random passwords, printed once, instead of the public ones."
            ),
        )

    def handle(self, *args, **options):
        self.local = is_local_setup()
        if not self.local:
            hosts = ", ".join(settings.ALLOWED_HOSTS)
            if not options["force_demo_accounts"]:
                raise CommandError(
                    f"ALLOWED_HOSTS names hosts beyond this machine ({hosts}), and the demo "
                    "creates staff logins, a superuser among them, whose passwords are public. "
                    "Nothing was loaded. To load the demo here anyway, with random passwords "
                    "for its logins, run again with --force-demo-accounts."
                )
            self.stderr.write(
                self.style.WARNING(
                    f"Loading the demo desk on a desk reachable as {hosts}: its logins, a "
                    "superuser among them, get random passwords, shown below once. Delete them "
                    "when the demo is over."
                )
            )
        self.passwords = {}
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not fully migrated: run `manage.py migrate` first.")
        self.created = {}
        with transaction.atomic():
            users = self.load_users()
            by = users["reporter"]
            sources = self.load_sources()
            citations = self.load_citations(sources, by)
            events = self.load_events(by)
            self.load_event_links(events)
            claims, new_claims = self.load_claims(sources, citations, events, by)
            self.load_figures(claims, new_claims)
            self.load_conflicts(claims, new_claims)
            touched = self.load_verdicts(claims, users)
            # The workflow moves a claim's status as its verdict moves; then the case study's own
            # status (e.g. "not checkable" after a retraction) is set on the claims it wrote.
            self.settle_statuses(claims, new_claims | touched, by)
            self.load_transparency(users["admin"])
        if options["verbosity"] > 0:
            self.report(users)

    # --- rows found by natural key, created when missing ----------------------------------

    def _ensure(self, model, lookup: dict, defaults: dict, by=None):
        obj = model._default_manager.filter(**lookup).first()
        if obj is not None:
            return obj, False
        obj = model(**lookup, **defaults)
        obj.full_clean()
        if by is not None:
            obj._history_user = by  # who, in django-simple-history's records
        obj.save()
        self._count(str(model._meta.verbose_name_plural))
        return obj, True

    def _count(self, label: str) -> None:
        self.created[label] = self.created.get(label, 0) + 1

    def load_users(self):
        User = get_user_model()
        users = {}
        for username, group_name, password, first, last, superuser in DEMO_USERS:
            try:
                group = Group.objects.get(name=group_name)
            except Group.DoesNotExist:
                raise CommandError(
                    f"The group “{group_name}” does not exist: run `manage.py migrate` first."
                ) from None
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    is_staff=True,
                    is_superuser=superuser,
                    # A reserved example domain (RFC 2606): nothing sent to it reaches anyone,
                    # and the console mail backend of a local desk shows the notifications.
                    email=demo_email(username),
                )
                if not self.local:
                    password = self.passwords[username] = secrets.token_urlsafe(15)
                user.set_password(password)
                user.save()
                user.groups.add(group)
                self._count("users")
            users[username] = user
        return users

    def load_sources(self):
        sources = {}
        for item in data.SOURCES:
            sources[item.slug], _ = self._ensure(
                Source,
                {"slug": item.slug},
                {
                    "name": item.name,
                    "name_en": item.name_en,
                    "kind": item.kind,
                    "url": item.url,
                    "country": item.country,
                    "language": item.language,
                    "description": item.description,
                },
            )
        return sources

    def load_citations(self, sources, by):
        citations = {}
        for item in data.CITATIONS:
            report = data.REPORTS[item.report]
            citations[item.key], _ = self._ensure(
                Citation,
                {"source": sources[report.source], "quote": item.quote},
                {
                    "relays": sources[item.relays] if item.relays else None,
                    "title": report.title,
                    "quote_language": "ru",
                    "translation": item.translation,
                },
                by,
            )
        return citations

    def load_events(self, by):
        events = {}
        for item in data.EVENTS:  # parents come before their children
            events[item.slug], _ = self._ensure(
                Event,
                {"slug": item.slug},
                {
                    "title": item.title,
                    "title_en": item.title_en,
                    "description": item.description,
                    "description_en": item.description_en,
                    "place": item.place,
                    "place_en": item.place_en,
                    "starts_at": item.starts_at,
                    "start_precision": item.precision,
                    "ends_at": item.ends_at,
                    "end_precision": item.end_precision,
                    "time_zone": data.TIME_ZONE,
                    "parent": events[item.parent] if item.parent else None,
                    # Each demo event is placed from the two reports, as the desk has checked.
                    "on_timeline": True,
                },
                by,
            )
        return events

    def load_event_links(self, events):
        for item in data.EVENT_LINKS:
            self._ensure(
                EventLink,
                {
                    "from_event": events[item.from_event],
                    "kind": item.kind,
                    "to_event": events[item.to_event],
                },
                {"note": item.note},
            )

    def load_claims(self, sources, citations, events, by):
        claims, new = {}, set()
        for item in data.CLAIMS:
            claim, created = self._ensure(
                Claim,
                {"slug": item.slug},
                {
                    "text": item.text,
                    "language": "ru",
                    "text_en": item.text_en,
                    "short": item.short,
                    "claimant": sources[item.claimant],
                    "appeared_at": item.appeared_at,
                    "appeared_precision": item.appeared_precision,
                    "appeared_time_zone": data.TIME_ZONE,
                    # Every claim starts unchecked; the workflow and settle_statuses move it on.
                    "status": Claim.Status.UNCHECKED,
                    "created_by": by,
                },
                by,
            )
            claims[item.slug] = claim
            if not created:
                continue
            new.add(item.slug)
            claim.events.add(*(events[slug] for slug in item.events))
            for key, stance, note in item.citations:
                self._ensure(
                    ClaimCitation,
                    {"claim": claim, "citation": citations[key]},
                    {"stance": stance, "note": note},
                )
        return claims, new

    def load_figures(self, claims, new_claims):
        items = [item for item in data.CLAIMS if item.figure and item.slug in new_claims]
        # Successors first, so that a superseded figure can point at one that exists.
        items.sort(key=lambda item: item.figure.superseded_by is not None)
        for item in items:
            figure = item.figure
            successor = None
            if figure.superseded_by:
                successor = Figure.objects.get(claim=claims[figure.superseded_by])
            self._ensure(
                Figure,
                {"claim": claims[item.slug]},
                {
                    "measure": figure.measure,
                    "counted": figure.counted,
                    "counted_en": figure.counted_en,
                    "qualifier": figure.qualifier,
                    "status": figure.status,
                    "value": figure.value,
                    "unit": figure.unit,
                    "as_of": figure.as_of,
                    "as_of_precision": figure.as_of_precision,
                    # The reports' zone, like the claims' first appearances.
                    "as_of_time_zone": data.TIME_ZONE,
                    "superseded_by": successor,
                },
            )

    def load_conflicts(self, claims, new_claims):
        for item in data.CONFLICTS:
            if item.claim in new_claims or item.other in new_claims:
                first, second = claims[item.claim], claims[item.other]
                # A pair is stored once, in either order: look for both before adding it.
                pair = [first, second]
                if not ClaimConflict.objects.filter(claim__in=pair, other__in=pair).exists():
                    self._ensure(
                        ClaimConflict,
                        {"claim": first, "other": second},
                        {"kind": item.kind, "note": item.note},
                    )

    def settle_statuses(self, claims, slugs, by):
        for item in data.CLAIMS:
            if item.slug not in slugs:
                continue
            claim = Claim.objects.get(pk=claims[item.slug].pk)
            if claim.status != item.status:
                claim.status = item.status
                claim._history_user = by
                claim.save(update_fields=["status", "updated_at"])

    # --- verdicts, through the editorial workflow ------------------------------------------

    def load_verdicts(self, claims, users):
        reporter, editor, second_editor = users["reporter"], users["editor"], users["editor2"]
        approvers = [editor, second_editor, users["admin"]]
        needed = settings.FACTCHECK_APPROVALS_REQUIRED
        if needed > len(approvers):
            raise CommandError(
                f"FACTCHECK_APPROVALS_REQUIRED={needed}, but the demo has only {len(approvers)} "
                "users who can approve a reporter's verdict."
            )
        ratings = {rating.slug: rating for rating in Rating.objects.all()}
        touched = set()

        def approve_and_publish(verdict, *, besides=None):
            # Anyone who wrote or submitted this round cannot approve it (see verdict_approve).
            others = [approver for approver in approvers if approver != besides]
            if needed > len(others):
                raise CommandError(
                    f"FACTCHECK_APPROVALS_REQUIRED={needed}, but the demo has only {len(others)} "
                    "users who can approve a correction."
                )
            for approver in others[:needed]:
                verdict = services.verdict_approve(verdict=verdict, by=approver)
            services.verdict_publish(verdict=verdict, by=editor)
            return Verdict.objects.get(pk=verdict.pk)

        for item in data.VERDICTS:
            claim = claims[item.claim]
            if Verdict.objects.filter(claim=claim).exists():
                continue
            touched.add(item.claim)
            try:
                verdict = services.verdict_create(
                    claim=claim,
                    by=reporter,
                    headline=item.headline,
                    rating=ratings[item.rating] if item.rating else None,
                    conclusion=item.conclusion,
                    explanation=item.explanation,
                )
                self._count("verdicts")
                for language, texts in item.translations.items():
                    verdict = services.verdict_translation_save(
                        verdict=verdict,
                        by=reporter,
                        version=verdict.version,
                        language=language,
                        **texts,
                    )
                if item.flow == "draft":
                    continue
                verdict = services.verdict_submit(verdict=verdict, by=reporter)
                if item.flow == "in_review":
                    continue
                if item.flow == "sent_back":
                    services.verdict_send_back(
                        verdict=verdict, by=second_editor, comment=item.send_back
                    )
                    continue
                verdict = approve_and_publish(verdict)
                if item.flow == "corrected":
                    # A second editor corrects the published verdict in public: the change, its
                    # note, a new round of review by another editor, a new revision for readers.
                    fields = dict(item.correction)
                    if "rating" in fields:
                        fields["rating"] = ratings[fields["rating"]]
                    verdict = services.verdict_update(
                        verdict=verdict, by=second_editor, version=verdict.version, **fields
                    )
                    verdict = services.verdict_submit(verdict=verdict, by=second_editor)
                    approve_and_publish(verdict, besides=second_editor)
                elif item.flow == "retracted":
                    services.verdict_retract(
                        verdict=verdict, by=second_editor, reason=item.retraction
                    )
                elif item.flow != "published":
                    raise CommandError(f"Unknown flow {item.flow!r} for {item.claim}.")
            except services.WorkflowError as exc:
                raise CommandError(
                    f"The verdict on “{item.claim}” could not go through the workflow: {exc}"
                ) from exc
        return touched

    # --- what the user sees ----------------------------------------------------------------

    def load_transparency(self, admin):
        """The demo organisation's pages, where no one has edited them yet, and its funding."""
        for kind, (body_ru, body_en) in demo_transparency.PAGES.items():
            page = TransparencyPage.objects.filter(kind=kind, updated_by=None).first()
            if page is None:
                continue  # written by someone on the desk (or by an earlier run): left alone
            page.body_ru, page.body_en = body_ru, body_en
            transparency.page_save(page=page, by=admin, changed=["body_ru", "body_en"])
            self._count("transparency pages")
        for item in demo_transparency.FUNDING:
            self._ensure(
                Funding,
                {"funder": item.funder, "year": item.year, "purpose": item.purpose},
                {
                    "funder_en": item.funder_en,
                    "amount": item.amount,
                    "currency": item.currency,
                    "purpose_en": item.purpose_en,
                },
            )

    def report(self, users):
        write = self.stdout.write
        if self.created:
            made = ", ".join(f"{n} {label}" for label, n in self.created.items())
            write(self.style.SUCCESS(f"Demo desk loaded: created {made}."))
        else:
            write(self.style.SUCCESS("Demo desk already loaded: nothing changed."))

        states = ", ".join(
            f"{Verdict.objects.filter(state=state).count()} {label.lower()}"
            for state, label in Verdict.State.choices
        )
        write(
            f"The desk holds {Source.objects.count()} sources, {Citation.objects.count()} "
            f"citations, {Claim.objects.count()} claims, {Event.objects.count()} events and "
            f"{Verdict.objects.count()} verdicts ({states})."
        )

        write("")
        write(f"Sign in at {settings.SITE_URL}{reverse('admin:index')}")
        write(f"  {'role':<14} {'username':<9} password")
        for username, group, password, *_ in DEMO_USERS:
            user = users[username]
            # hashers.check_password, not user.check_password: never re-hash, i.e. never write.
            public = check_password(password, user.password)
            if username in self.passwords:
                shown = self.passwords[username]
            elif public and not self.local:
                shown = self.style.ERROR(f"{password} (the PUBLIC demo password: change it now)")
            elif public:
                shown = password
            else:
                shown = "(changed; not shown)"
            write(f"  {group:<14} {username:<9} {shown}")
        if self.local:
            write("These passwords are public: use the demo logins only on your own machine.")
        else:
            write("These passwords are shown this once: keep them or reset them in the admin.")
