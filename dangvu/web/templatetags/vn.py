"""Template filters for Vietnamese presentation."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from dangvu.core.periods import Quarter
from dangvu.core.text import highlight as highlighted

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


@register.simple_tag
def highlight(text, words, width=None):
    """{% highlight document.subject words %}: `text` escaped, with the searched words in <mark>; with `width`,
    a snippet of about that many characters around the first match."""
    return mark_safe(  # noqa: S308 - every piece is escaped
        "".join(
            f"<mark>{escape(piece)}</mark>" if matched else escape(piece)
            for piece, matched in highlighted(text or "", list(words or []), width)
        )
    )
