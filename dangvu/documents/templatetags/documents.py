from django import template

from dangvu.documents.linking import link_citations

register = template.Library()


@register.filter(is_safe=True)
def cite_links(text: str, user):
    """{{ text|cite_links:request.user|linebreaks }}: citations as links to the document registry."""
    return link_citations(text, user)
