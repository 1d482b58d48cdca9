from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_queue(context):
    from factcheck.admin.verdicts import desk_queue as build

    return build(context["request"].user)
