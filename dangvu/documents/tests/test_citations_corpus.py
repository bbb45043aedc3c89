"""The citation parser on 220 real passages from legal and party documents, against hand-checked expected output.

See corpus/README.md for where the passages come from and how the expected output was checked. A found citation is
a true positive when it equals an expected one on all seven output fields; precision and recall are over the whole
corpus (issue acceptance: at least 200 passages, both at least 0.97).
"""

import json
from collections import Counter
from pathlib import Path

from dangvu.documents.citations import find_citations

CORPUS = Path(__file__).with_name("corpus") / "passages.jsonl"
FIELDS = ("type", "number", "symbol", "date", "issuer", "term", "span")


def _passages() -> list[dict]:
    with CORPUS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _key(citation: dict) -> tuple:
    return tuple(citation[field] for field in FIELDS)


def test_corpus_precision_and_recall():
    passages = _passages()
    true_positives = found_total = expected_total = 0
    for passage in passages:
        found = Counter(_key(c.as_dict()) for c in find_citations(passage["text"]))
        expected = Counter(_key(c) for c in passage["expected"])
        true_positives += sum((found & expected).values())
        found_total += sum(found.values())
        expected_total += sum(expected.values())
    precision = true_positives / found_total
    recall = true_positives / expected_total
    print(
        f"citation corpus: {len(passages)} passages, {expected_total} expected citations, "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    assert len(passages) >= 200
    assert precision >= 0.97
    assert recall >= 0.97


def test_every_expected_span_is_in_its_passage():
    for passage in _passages():
        assert set(passage) == {"id", "source", "text", "expected"}, passage["id"]
        for citation in passage["expected"]:
            assert set(citation) == set(FIELDS), passage["id"]
            assert citation["span"] in passage["text"], (passage["id"], citation["span"])


def test_passage_ids_are_unique_and_every_passage_names_its_source():
    passages = _passages()
    assert len({p["id"] for p in passages}) == len(passages)
    assert all(p["source"].strip() for p in passages)
