"""Citations in text shown by dangvu become links to the registry.

A citation of a registered document links to it. A citation the registry does not know yet links a
clerk to the registration form with the parsed fields filled in; anyone else sees it marked as unknown.
"""

import unicodedata

from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dangvu.access.roles import Action
from dangvu.access.scoping import has_any
from dangvu.documents.citations import Citation, find_citations
from dangvu.documents.mentions import candidates_for, choose, key_of
from dangvu.documents.models import Document
from dangvu.documents.rules import DOCUMENT_TYPES

_CODE_BY_NAME = {info.name: info.code for info in DOCUMENT_TYPES}


def _target(citation: Citation, found) -> str | None:
    """The URL a citation links to: its document, or the list of same-numbered ones when it is ambiguous."""
    candidates = choose(citation, found.get(key_of(citation), []))
    if len(candidates) == 1:
        return reverse("document_detail", args=[candidates[0].pk])
    if candidates:
        cited = f"{citation.number}-{citation.symbol}" if citation.symbol else citation.number
        return reverse("document_list") + "?" + urlencode({"q": cited})
    return None


def registration_url(citation: Citation) -> str:
    """The registration form, filled in with what the citation says."""
    fields = {
        "type": _CODE_BY_NAME.get(citation.type or "", ""),
        "number": citation.number or "",
        "symbol": citation.symbol or "",
        "issuer_name": citation.issuer or "",
        "term": citation.term or "",
    }
    if citation.date:
        year, month, day = citation.date.split("-")
        fields["issued_on"] = f"{day}/{month}/{year}"
    return reverse("document_create") + "?" + urlencode({k: v for k, v in fields.items() if v})


def link_citations(text: str, user) -> SafeString:
    """`text`, HTML-escaped, with each citation turned into a link."""
    text = unicodedata.normalize("NFC", text or "")
    citations = find_citations(text)
    if not citations:
        return mark_safe(escape(text))
    found = candidates_for(citations, Document.objects.visible_to(user))
    can_register = has_any(user, Action.CHANGE)
    pieces, position = [], 0
    for citation in citations:
        pieces.append(escape(text[position : citation.start]))
        span = escape(text[citation.start : citation.end])
        target = _target(citation, found)
        if target:
            pieces.append(f'<a class="citation" href="{escape(target)}">{span}</a>')
        elif can_register:
            title = escape(_("Not in the registry yet: register it"))
            pieces.append(
                f'<a class="citation unknown" href="{escape(registration_url(citation))}" title="{title}">{span}</a>'
            )
        else:
            title = escape(_("Not in the registry yet"))
            pieces.append(f'<span class="citation unknown" title="{title}">{span}</span>')
        position = citation.end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))
