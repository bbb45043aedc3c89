"""The Vietnamese UI is complete: every message id used in code and templates has a translation."""

import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "dangvu"
CATALOGUES = sorted(ROOT.glob("*/locale/vi/LC_MESSAGES/django.po"))
_PO_ENTRY = re.compile(
    r'^(#,[^\n]*\n)?(?:msgctxt ((?:"(?:[^"\\]|\\.)*"\n)+))?msgid ((?:"(?:[^"\\]|\\.)*"\n)+)'
    r"(msgid_plural [^\n]*\n)?((?:msgstr[^\n]*\n)(?:\"[^\n]*\n)*)+",
    re.M,
)
# Literal message ids in templates and Python code.
_TEMPLATE_IDS = re.compile(r'{%\s*translate\s+"([^"]+)"|{%\s*translate\s+\'([^\']+)\'')
_CODE_IDS = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)+)"\s*\)')


def _unquote(block: str) -> str:
    return (
        "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).encode().decode("unicode_escape").encode("latin-1").decode()
    )


def _entries(po: Path):
    """(msgid, key in the compiled catalogue, flags, the entry's text); the key of a message with a context
    (msgctxt) is "context\x04msgid", as gettext stores it."""
    text = po.read_text(encoding="utf-8")
    for match in _PO_ENTRY.finditer(text + "\n"):
        flags, msgid = match.group(1) or "", _unquote(match.group(3))
        context = _unquote(match.group(2)) if match.group(2) else None
        if msgid:
            yield msgid, f"{context}\x04{msgid}" if context else msgid, flags, match.group(0)


def test_there_are_catalogues():
    assert {p.parts[-5] for p in CATALOGUES} >= {"core", "access", "web"}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_message_is_translated_and_none_is_fuzzy(po):
    untranslated = []
    for msgid, _key, flags, block in _entries(po):
        strings = re.findall(r'msgstr(?:\[\d+\])? ((?:"[^\n]*"\n?)+)', block)
        if "fuzzy" in flags or not strings or not all(_unquote(s) for s in strings):
            untranslated.append(msgid)
    assert untranslated == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_the_compiled_catalogue_is_up_to_date(po):
    with open(po.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    missing = [
        key
        for _msgid, key, _flags, _block in _entries(po)
        if key not in compiled._catalog and (key, 0) not in compiled._catalog
    ]
    assert missing == [], "run `make messages`"


def _used_ids(app: Path) -> set[str]:
    ids: set[str] = set()
    for path in app.rglob("*"):
        if "tests" in path.parts or "locale" in path.parts or "migrations" in path.parts:
            continue
        if path.suffix == ".html":
            # makemessages doubles a literal % in a template string (and the tag looks it up doubled).
            ids |= {(a or b).replace("%", "%%") for a, b in _TEMPLATE_IDS.findall(path.read_text(encoding="utf-8"))}
        elif path.suffix == ".py":
            ids |= set(_CODE_IDS.findall(path.read_text(encoding="utf-8")))
    return ids


@pytest.mark.parametrize("app", sorted({p.parents[3] for p in CATALOGUES}), ids=lambda p: p.name)
def test_every_message_used_in_the_app_is_in_its_catalogue(app):
    known = {msgid for msgid, _k, _f, _b in _entries(app / "locale/vi/LC_MESSAGES/django.po")}
    assert sorted(_used_ids(app) - known) == [], "run `make messages` and translate"
