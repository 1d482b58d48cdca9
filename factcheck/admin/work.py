"""Who is on what, by when: assigning claims and verdicts, the index's work lists, notifications.

Thin views over factcheck.services (assign, notification_open); the lists read the assignment
indexes (factcheck.models.work.assignment_indexes), a fixed number of queries whatever the archive.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factcheck import services
from factcheck.models import Approval, Claim, DeskNotification, Verdict
from factcheck.models.work import OPEN_CLAIM_STATUSES, OPEN_VERDICT_STATES

WORK_LIST_LENGTH = 10


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=gettext_lazy("Assignee"),
        queryset=services.desk_users(),
        required=False,
        empty_label=gettext_lazy("Nobody"),
    )
    due_at = forms.SplitDateTimeField(
        label=gettext_lazy("Due"),
        required=False,
        widget=forms.SplitDateTimeWidget(
            date_attrs={"type": "date", "aria-label": gettext_lazy("Due date")},
            time_attrs={"type": "time", "aria-label": gettext_lazy("Due time")},
            # What the browser's date and time inputs read, whatever the desk's language.
            date_format="%Y-%m-%d",
            time_format="%H:%M",
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Entered and shown in the desk's zone: Django reads and writes the form's times in the
        # current time zone, which is settings.TIME_ZONE on the desk (no per-user zone).
        self.fields["due_at"].help_text = _("In the desk's time zone, %(zone)s.") % {
            "zone": timezone.get_current_timezone_name()
        }
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


def assign_view(model_admin, request, object_id):
    """GET: the assignment form; POST: assign through services.assign, back to the change page."""
    model = model_admin.model
    subject = get_object_or_404(model.objects.select_related("assignee"), pk=object_id)
    if not model_admin.has_change_permission(request, subject):
        raise PermissionDenied
    opts = model._meta
    back = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[subject.pk])
    if request.method == "POST":
        form = AssignForm(request.POST)
        if form.is_valid():
            try:
                services.assign(
                    subject=subject,
                    by=request.user,
                    assignee=form.cleaned_data["assignee"],
                    due_at=form.cleaned_data["due_at"],
                )
            except services.WorkflowError as error:
                for message in error.messages:
                    model_admin.message_user(request, message, messages.ERROR)
            else:
                model_admin.message_user(request, _("Assignment saved."), messages.SUCCESS)
                return HttpResponseRedirect(back)
    elif request.method == "GET":
        form = AssignForm(initial={"assignee": subject.assignee, "due_at": subject.due_at})
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "original": subject,
        "form": form,
        "back": back,
        "title": _("Assign “%(subject)s”") % {"subject": subject},
    }
    return TemplateResponse(request, "admin/factcheck/assign.html", context)


def notification_open_view(request, pk):
    """Opening a notice marks it read and goes where it points."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    notice = get_object_or_404(DeskNotification, pk=pk)
    try:
        services.notification_open(notification=notice, by=request.user)
    except services.NotAllowed as error:
        raise PermissionDenied from error
    return HttpResponseRedirect(notice.link or reverse("admin:index"))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Seen only on the desk. Mention someone with @username."),
    )


def note_view(model_admin, request, object_id):
    """POST: add a note to the thread through services.note_add, back to the change page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    subject = get_object_or_404(model_admin.model, pk=object_id)
    if not model_admin.has_view_permission(request, subject):
        raise PermissionDenied
    opts = model_admin.model._meta
    back = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[subject.pk])
    try:
        services.note_add(subject=subject, by=request.user, text=request.POST.get("text", ""))
    except services.WorkflowError as error:
        for message in error.messages:
            model_admin.message_user(request, message, messages.ERROR)
    else:
        model_admin.message_user(request, _("Note added."), messages.SUCCESS)
    return HttpResponseRedirect(back + "#desk-notes")


def desk_urls(model_admin):
    """The assignment and notes views of a claim's or a verdict's admin."""
    info = model_admin.opts.app_label, model_admin.opts.model_name
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "<path:object_id>/assign/",
            wrap(lambda request, object_id: assign_view(model_admin, request, object_id)),
            name=f"{info[0]}_{info[1]}_assign",
        ),
        path(
            "<path:object_id>/notes/",
            wrap(lambda request, object_id: note_view(model_admin, request, object_id)),
            name=f"{info[0]}_{info[1]}_notes",
        ),
    ]


def notes_of(subject) -> list:
    """A claim's or a verdict's notes thread, oldest first, with their authors: one query."""
    return list(subject.desk_notes.select_related("author").order_by("created_at", "pk"))


def _rows(queryset) -> list:
    return list(queryset[:WORK_LIST_LENGTH])


def work_lists(user) -> dict:
    """The admin index's "assigned to me", "due soon", "overdue" and unread notifications.

    Two queries per list (its claims, its verdicts), each the first rows of a partial index over
    open work; plus the unread notices and their count: 8 queries, whatever the archive.
    """
    now = timezone.now()
    soon = now + timedelta(hours=settings.FACTCHECK_DUE_SOON_HOURS)
    # fixed_in: SQLite reads these partial indexes only with the states as literals (lookups.py).
    claims = Claim.objects.filter(status__fixed_in=OPEN_CLAIM_STATUSES).select_related("assignee")
    verdicts = Verdict.objects.filter(state__fixed_in=OPEN_VERDICT_STATES).select_related(
        "assignee", "claim"
    )
    order = ("due_at", "id")

    def both(**filters):
        # Claims first, then verdicts, each soonest due first (no due time last).
        return [
            *_rows(claims.filter(**filters).order_by(*order)),
            *_rows(verdicts.filter(**filters).order_by(*order)),
        ]

    unread = DeskNotification.objects.filter(recipient=user, read=False)
    return {
        "assigned_to_me": both(assignee=user),
        "due_soon": both(due_at__gte=now, due_at__lte=soon),
        "overdue": both(due_at__lt=now),
        "notifications": list(unread[:WORK_LIST_LENGTH]),
        "unread_count": unread.count(),
        "due_soon_hours": settings.FACTCHECK_DUE_SOON_HOURS,
        "now": now,
    }


def work_urls(admin_site):
    return [
        path(
            "notifications/<int:pk>/",
            admin_site.admin_view(notification_open_view),
            name="factcheck_notification_open",
        ),
        path("board/", admin_site.admin_view(board_view), name="factcheck_board"),
    ]


# --- the board: the desk's open work by workflow state ----------------------------------------

BOARD_LENGTH = 15


def _board_order():
    # Soonest due first, work without a due time after it; then the oldest first.
    return (F("due_at").asc(nulls_last=True), "pk")


def board_columns() -> list[dict]:
    """The board's six columns, each the first BOARD_LENGTH cards and a link to all of them.

    One query per column (6), whatever the archive: each reads open work only (the claims of one
    status, the verdicts of one state), bounded. "Ready to publish" is a verdict in review with
    enough approvals in its current round; whether those approvals still match the content is
    the publish check's to say on the verdict's page (computing fingerprints here would read
    every card's evidence).
    """
    required = settings.FACTCHECK_APPROVALS_REQUIRED
    approvals = (
        Approval.objects.filter(verdict=OuterRef("pk"), review_round=OuterRef("review_round"))
        .values("verdict")
        .annotate(n=Count("pk"))
        .values("n")
    )
    verdicts = Verdict.objects.select_related("assignee", "claim").order_by(*_board_order())
    in_review = verdicts.filter(state=Verdict.State.IN_REVIEW).annotate(
        approvals_now=Coalesce(Subquery(approvals), 0)
    )
    claims = Claim.objects.select_related("assignee").order_by(*_board_order())
    claims_list = reverse("admin:factcheck_claim_changelist")
    verdicts_list = reverse("admin:factcheck_verdict_changelist")
    State = Verdict.State
    columns = [
        (
            "unchecked",
            _("Unchecked"),
            claims.filter(status=Claim.Status.UNCHECKED),
            f"{claims_list}?status__exact=unchecked",
        ),
        (
            # Researched, no verdict written yet (a claim with a verdict is in that column).
            "researching",
            _("Researching"),
            claims.filter(status=Claim.Status.RESEARCHING).filter(
                ~Exists(Verdict.objects.filter(claim=OuterRef("pk")))
            ),
            f"{claims_list}?status__exact=researching",
        ),
        (
            "draft",
            _("Draft"),
            verdicts.filter(state=State.DRAFT),
            f"{verdicts_list}?state__exact=draft",
        ),
        (
            "in_review",
            _("In review"),
            in_review.filter(approvals_now__lt=required),
            f"{verdicts_list}?state__exact=in_review",
        ),
        (
            "sent_back",
            _("Sent back"),
            verdicts.filter(state=State.SENT_BACK),
            f"{verdicts_list}?state__exact=sent_back",
        ),
        (
            "ready",
            _("Ready to publish"),
            in_review.filter(approvals_now__gte=required),
            f"{verdicts_list}?state__exact=in_review",
        ),
    ]
    board = []
    for key, title, queryset, more in columns:
        cards = list(queryset[: BOARD_LENGTH + 1])
        board.append(
            {
                "key": key,
                "title": title,
                "cards": cards[:BOARD_LENGTH],
                "more": more if len(cards) > BOARD_LENGTH else "",
            }
        )
    return board


def board_view(request):
    if not (
        request.user.has_perm("factcheck.view_claim")
        and request.user.has_perm("factcheck.view_verdict")
    ):
        raise PermissionDenied
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        "title": _("The desk's board"),
        "columns": board_columns(),
        "now": timezone.now(),
    }
    return TemplateResponse(request, "admin/factcheck/board.html", context)
