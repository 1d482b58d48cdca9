from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_queue(context):
    from factcheck.admin.verdicts import desk_queue as build

    return build(context["request"].user)


@register.simple_tag(takes_context=True)
def desk_work(context):
    from factcheck.admin.work import work_lists

    return work_lists(context["request"].user)


@register.simple_tag
def change_url(item):
    """The admin change page of a claim or a verdict."""
    from django.urls import reverse

    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


@register.filter
def verbose_name(item):
    return item._meta.verbose_name


@register.inclusion_tag("admin/factcheck/notes_panel.html", takes_context=True)
def desk_notes(context, subject):
    from factcheck.admin.work import NoteForm, notes_of

    opts = subject._meta
    return {
        "notes": notes_of(subject),
        "form": NoteForm(),
        "action": reverse_url(f"admin:{opts.app_label}_{opts.model_name}_notes", subject.pk),
        "csrf_token": context.get("csrf_token"),
    }


def reverse_url(name, pk):
    from django.urls import reverse

    return reverse(name, args=[pk])
