"""Template filters for Vietnamese presentation."""

from django import template

from dangvu.core.periods import Quarter

register = template.Library()


@register.filter
def quarter_label(value) -> str:
    """'2022-Q2' -> 'quý II-2022'."""
    quarter = value if isinstance(value, Quarter) else Quarter.parse(str(value))
    return quarter.label


@register.filter
def choice_label(value, choices) -> str:
    return dict(choices).get(value, value)


@register.simple_tag(takes_context=True)
def query_without(context, *names: str) -> str:
    """The current query string without `names` (for pagination and sorting links)."""
    request = context.get("request")
    if request is None:
        return ""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
