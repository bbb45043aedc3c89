"""The citation index: every citation found in a stored text, and the registered document it names.

Texts that may cite documents (a document's own text, a member event's decision and note, a restructuring decision,
later tasks, reports, minutes and news) are *text sources*, declared once with `register_source`. The operation that
saves such a text calls `index(obj)`; registering or renumbering a document calls `resolve_for(document)` so that
earlier mentions of it find it. `python manage.py relink_citations` rebuilds the whole index.

The index answers "cited by" on the document page without parsing every text on every request. Rendering a text
(`linking.link_citations`) still parses it, so a link is always right for the text as shown.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from dangvu.documents.citations import Citation, find_citations
from dangvu.documents.models import Document, Mention
from dangvu.documents.rules import number_key, symbol_key


@dataclass(frozen=True)
class TextSource:
    model: type[models.Model]
    fields: tuple[str, ...]
    url: Callable[[models.Model], str]
    visible: Callable[[object], models.QuerySet]  # user -> the rows of `model` that user may read
    label: Callable[[models.Model], str] = str
    related: tuple[str, ...] = ()  # select_related for url and label
    prefetch: tuple[str, ...] = ()  # prefetch_related for url and label


_SOURCES: dict[type[models.Model], TextSource] = {}


def register_source(model, fields, *, url, visible, label=str, related=(), prefetch=()) -> None:
    """Declare that `fields` of `model` are text that may cite documents (called from an app's `ready`)."""
    _SOURCES[model] = TextSource(model, tuple(fields), url, visible, label, tuple(related), tuple(prefetch))


def sources() -> list[TextSource]:
    return list(_SOURCES.values())


def choose(citation: Citation, candidates: list[Document]) -> list[Document]:
    """The registered documents a citation can mean: same number and symbol, narrowed by its date when it has one."""
    if citation.date:
        dated = [d for d in candidates if d.issued_on and d.issued_on.isoformat() == citation.date]
        return dated or candidates
    return candidates


def candidates_for(citations: Iterable[Citation], documents=None) -> dict[tuple[str, str], list[Document]]:
    """Registered documents with the cited numbers, by (number key, symbol key): one query."""
    numbers = {number_key(c.number) for c in citations if c.number}
    found: dict[tuple[str, str], list[Document]] = {}
    if not numbers:
        return found
    documents = Document.objects.all() if documents is None else documents
    rows = documents.filter(number_key__in=numbers).order_by("-issued_on", "-id")
    for document in rows.only("pk", "number_key", "symbol_key", "issued_on"):
        found.setdefault((document.number_key, document.symbol_key), []).append(document)
    return found


def key_of(citation: Citation) -> tuple[str, str]:
    return number_key(citation.number or ""), symbol_key(citation.symbol or "")


def _mention(source_type, source_id: int, field: str, citation: Citation, found) -> Mention:
    matches = choose(citation, found.get(key_of(citation), []))
    keys = key_of(citation)
    return Mention(
        source_type=source_type,
        source_id=source_id,
        field=field,
        start=citation.start,
        end=citation.end,
        span=citation.span[:500],
        type=citation.type or "",
        number=citation.number or "",
        symbol=citation.symbol or "",
        issued_on=date.fromisoformat(citation.date) if citation.date else None,
        issuer=(citation.issuer or "")[:200],
        term=citation.term or "",
        number_key=keys[0],
        symbol_key=keys[1],
        # Two registered documents fit (same number-symbol, no date to tell them apart): leave it unresolved.
        document=matches[0] if len(matches) == 1 else None,
    )


@transaction.atomic
def index(*objects: models.Model) -> int:
    """Re-index the citations in the text fields of `objects` (all of one registered model); returns how many."""
    if not objects:
        return 0
    source = _SOURCES[type(objects[0])]
    source_type = ContentType.objects.get_for_model(source.model)
    parsed = [
        (obj.pk, field, citation)
        for obj in objects
        for field in source.fields
        for citation in find_citations(getattr(obj, field) or "")
    ]
    Mention.objects.filter(source_type=source_type, source_id__in=[obj.pk for obj in objects]).delete()
    found = candidates_for(c for _pk, _f, c in parsed)
    rows = [_mention(source_type, pk, field, citation, found) for pk, field, citation in parsed]
    Mention.objects.bulk_create(rows)
    return len(rows)


def resolve_for(document: Document) -> None:
    """After `document` is registered or renumbered, point the mentions of its number at the right document."""
    mentions = list(Mention.objects.filter(number_key=document.number_key, symbol_key=document.symbol_key))
    mentions += list(Mention.objects.filter(document=document).exclude(pk__in=[m.pk for m in mentions]))
    if not mentions:
        return
    candidates = list(
        Document.objects.filter(number_key=document.number_key, symbol_key=document.symbol_key).only(
            "pk", "number_key", "symbol_key", "issued_on"
        )
    )
    changed = []
    for mention in mentions:
        fits = [d for d in candidates if (d.number_key, d.symbol_key) == (mention.number_key, mention.symbol_key)]
        if mention.issued_on:
            fits = [d for d in fits if d.issued_on == mention.issued_on] or fits
        target = fits[0].pk if len(fits) == 1 else None
        if mention.document_id != target:
            mention.document_id = target
            changed.append(mention)
    Mention.objects.bulk_update(changed, ["document"])


def relink_all(chunk: int = 500, progress=None) -> int:
    """Rebuild the index from every registered text source; returns the number of mentions stored."""
    total = 0
    for source in sources():
        batch: list[models.Model] = []
        for obj in source.model.objects.order_by("pk").only("pk", *source.fields).iterator(chunk_size=chunk):
            batch.append(obj)
            if len(batch) == chunk:
                total += index(*batch)
                batch = []
        total += index(*batch)
        if progress:
            progress(source.model._meta.label, total)
    return total


@dataclass(frozen=True)
class Citing:
    """One text that cites a document: the object, where to see it, and the cited passages."""

    obj: models.Model
    label: str
    url: str
    kind: str
    spans: list[str]


def cited_by(document: Document, user, limit: int = 100) -> list[Citing]:
    """The texts the user may read that cite `document`: one query per kind of text, newest first."""
    by_type: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    mentions = Mention.objects.filter(document=document).order_by("-source_id", "start")[: limit * 5]
    for mention in mentions.only("source_type_id", "source_id", "span"):
        by_type[mention.source_type_id][mention.source_id].append(mention.span)
    citing: list[Citing] = []
    for type_id, spans in by_type.items():
        source = _SOURCES.get(ContentType.objects.get_for_id(type_id).model_class())
        if source is None:
            continue
        rows = source.visible(user).filter(pk__in=spans).prefetch_related(*source.prefetch)
        if source.related:
            rows = rows.select_related(*source.related)
        if source.model is Document:
            rows = rows.exclude(pk=document.pk)
        for obj in rows.order_by("-pk")[:limit]:
            citing.append(
                Citing(obj, source.label(obj), source.url(obj), str(source.model._meta.verbose_name), spans[obj.pk])
            )
    return citing[:limit]
