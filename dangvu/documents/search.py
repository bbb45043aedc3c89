"""Ranked, diacritic-insensitive search of the registry.

Both paths match the same way: every word of the query is a whole word of the document's `search_key` (type,
number-symbol, subject, issuer, term, text and attachment text, diacritic-free), except the last, which may be the
start of a word (the word being typed). "chuyen doi so" finds "chuyển đổi số"; "48 nq" finds 48-NQ/TU.

- PostgreSQL: full-text search (`to_tsvector('simple', search_key)`, GIN index from migration 0002) ranked by
  `ts_rank` with the title words (type, number, subject, issuer) weighted A and the rest D.
- Elsewhere (SQLite): word-boundary LIKE filters, ranked by a score: the whole query in the title, then each word in
  the title, then the whole query in the text.
Ties go to the newest document.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat

from dangvu.core.text import search_key

# The expression of the GIN index (migration 0002): the filter must use it exactly for the index to serve.
SEARCH_VECTOR = SearchVector("search_key", config="simple")


def search_words(query: str) -> list[str]:
    return search_key(query).split()[:12]


def _tsquery(words: list[str]) -> SearchQuery:
    *whole, typed = words  # words are [0-9a-z]+ (search_key), safe in a raw tsquery
    return SearchQuery(" & ".join([*whole, f"{typed}:*"]), search_type="raw", config="simple")


def _postgres(documents, words: list[str]):
    query = _tsquery(words)
    weighted = SearchVector("title_key", config="simple", weight="A") + SearchVector(
        "search_key", config="simple", weight="D"
    )
    return (
        documents.annotate(found=SEARCH_VECTOR)
        .filter(found=query)
        .annotate(rank=SearchRank(weighted, query))
        .order_by("-rank", F("issued_on").desc(nulls_last=True), "-id")
    )


def _word(field: str, word: str, whole: bool) -> Q:
    """`word` at a word start in a space-separated key (and, when `whole`, also at a word end)."""
    padded = f" {word} " if whole else f" {word}"
    return Q(**{f"_padded_{field}__contains": padded})


def _portable(documents, words: list[str]):
    *whole, typed = words
    documents = documents.annotate(
        _padded_search_key=Concat(Value(" "), "search_key", Value(" "), output_field=TextField()),
        _padded_title_key=Concat(Value(" "), "title_key", Value(" "), output_field=TextField()),
    )
    for word in whole:
        documents = documents.filter(_word("search_key", word, True))
    documents = documents.filter(_word("search_key", typed, False))
    phrase = " ".join(words)
    score = [
        When(_word("title_key", phrase, False), then=Value(8)),
        *[When(_word("title_key", w, w != typed), then=Value(2)) for w in words],
    ]
    documents = documents.annotate(
        rank=sum(
            (Case(when, default=Value(0), output_field=IntegerField()) for when in score),
            Case(When(_word("search_key", phrase, False), then=Value(1)), default=Value(0)),
        )
    )
    return documents.order_by("-rank", F("issued_on").desc(nulls_last=True), "-id")


def search(documents, query: str):
    """`documents` that match `query`, best first; all of them, newest first, for an empty query."""
    words = search_words(query)
    if not words:
        return documents
    if connections[documents.db].vendor == "postgresql":
        return _postgres(documents, words)
    return _portable(documents, words)


def snippet_text(document, words: list[str]) -> str:
    """The text to cut a result's snippet from: the full text if the query's words occur in it, else the first
    attachment whose text has them, else the full text."""
    texts = [document.text, *(a.text for a in document.attachments.all() if a.text)]
    for text in texts:
        plain = f" {search_key(text)} "
        if any(f" {word}" in plain for word in words):
            return text
    return document.text
