"""Member import from .xlsx: read, normalise and validate every row, then write all or nothing.

`plan_import` never writes: it returns what would be created, updated or left unchanged, and every
row-level error as (row, column header, message). `run_import` writes a plan without errors in one
transaction through `operations.import_members`. Members are matched by party card number, the
natural key, so importing the same file twice changes nothing the second time.
Lookups are made in bulk (a handful of queries whatever the number of rows).
"""

import datetime
import secrets
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from dangvu.access.audit import audit_context
from dangvu.access.roles import Action
from dangvu.access.scoping import scope_paths, today
from dangvu.core.legacy import detect_legacy, from_legacy
from dangvu.core.text import normalise
from dangvu.members import operations
from dangvu.members.exporting import COLUMNS, COLUMNS_BY_HEADER, GENDER_WORDS, THEORY_WORDS, Column
from dangvu.members.models import Member
from dangvu.units.models import CELL_KINDS, Unit

UPLOAD_DIR = "imports/"
HEADER_ROW = 1
# SQLite accepts at most a few thousand parameters in one query; look members up in chunks.
LOOKUP_CHUNK = 900
_GENDERS = {word.lower(): value for value, word in GENDER_WORDS.items()}
_THEORY = {word.lower(): value for value, word in THEORY_WORDS.items()}
_MAX_LENGTH = {f.name: f.max_length for f in Member._meta.concrete_fields if getattr(f, "max_length", None)}
_LEGACY_NAMES = {"tcvn3": "TCVN3", "vni": "VNI"}


class ImportFileError(ValueError):
    """The file cannot be read as a member workbook at all; the message is for the user."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportPlan:
    to_create: list[dict] = field(default_factory=list)
    to_update: list[tuple[Member, dict]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.to_create or self.to_update)


@dataclass
class _Row:
    number: int
    values: dict
    unit_code: str = ""


def _read(file) -> tuple[list, list[tuple[int, tuple]]]:
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(_("The file could not be read as an Excel workbook (.xlsx).")) from error
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        body = [
            (number, row)
            for number, row in enumerate(rows, start=HEADER_ROW + 1)
            if any(v not in (None, "") for v in row)
        ]
    finally:
        book.close()
    return list(header), body


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise(str(value))


def _date(value, future_allowed: bool = False) -> datetime.date | None:
    """A date from a date cell or 'dd/mm/yyyy' text; None when empty; ValueError with a message otherwise."""
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        text = _text(value)
        if not text:
            return None
        try:
            day = datetime.datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            raise ValueError(_("Not a date: write it as dd/mm/yyyy.")) from None
    if not future_allowed and day > today():
        raise ValueError(_("The date cannot be in the future."))
    return day


def _parse_cell(column: Column, raw):
    """The cleaned value of one cell; raises ValueError with a Vietnamese message."""
    if column.kind == "date":
        return _date(raw)
    text = _text(raw)
    encoding = detect_legacy(text)
    if encoding:
        # Refused rather than converted: a wrong guess would store a wrong name, and the file is easy to convert.
        raise ValueError(
            _(
                "It looks typed in the %(encoding)s encoding ('%(text)s' → '%(converted)s'): "
                "convert it to Unicode and import again."
            )
            % {"encoding": _LEGACY_NAMES[encoding], "text": text[:40], "converted": from_legacy(text[:40], encoding)}
        )
    if column.kind == "gender":
        if text.lower() not in _GENDERS:
            raise ValueError(_("Write Nam or Nữ."))
        return _GENDERS[text.lower()]
    if column.kind == "theory":
        if text and text.lower() not in _THEORY:
            raise ValueError(_("Write Sơ cấp, Trung cấp, Cao cấp or Cử nhân, or leave it empty."))
        return _THEORY.get(text.lower(), "")
    if column.field == "citizen_id" and text and not (text.isdigit() and len(text) == 12):
        raise ValueError(_("A citizen ID has 12 digits."))
    limit = _MAX_LENGTH.get(column.field)
    if limit and len(text) > limit:
        raise ValueError(_("Too long: at most %(limit)d characters.") % {"limit": limit})
    return text


def _parse_header(header: list, errors: list[RowError]) -> list[tuple[int, Column]]:
    found: list[tuple[int, Column]] = []
    for index, raw in enumerate(header):
        name = _text(raw)
        if not name:
            continue
        column = COLUMNS_BY_HEADER.get(name)
        if column is None:
            errors.append(RowError(HEADER_ROW, name, _("Unknown column.")))
        elif any(c is column for _i, c in found):
            errors.append(RowError(HEADER_ROW, name, _("This column appears twice.")))
        else:
            found.append((index, column))
    present = {c.field for _i, c in found}
    for column in COLUMNS:
        if column.required and column.field not in present:
            errors.append(RowError(HEADER_ROW, column.header, _("This column is missing.")))
    return found


def _parse_row(number: int, raw: tuple, columns: list[tuple[int, Column]], errors: list[RowError]) -> _Row:
    row = _Row(number, {})
    for index, column in columns:
        try:
            value = _parse_cell(column, raw[index] if index < len(raw) else None)
        except ValueError as error:
            errors.append(RowError(number, column.header, str(error)))
            continue
        if column.kind == "unit":
            row.unit_code = value
        else:
            row.values[column.field] = value
    values = row.values
    if "full_name" in values and not values["full_name"]:
        errors.append(RowError(number, _header("full_name"), _("Enter the full name.")))
    if "admitted_on" in values and values["admitted_on"] is None:
        errors.append(RowError(number, _header("admitted_on"), _("Enter the admission date.")))
    if "card_number" in values and not values["card_number"]:
        errors.append(
            RowError(number, _header("card_number"), _("Enter the party card number: it identifies the member."))
        )
    admitted, confirmed = values.get("admitted_on"), values.get("confirmed_on")
    if admitted and confirmed and confirmed <= admitted:
        errors.append(
            RowError(number, _header("confirmed_on"), _("The confirmation date must be after the admission date."))
        )
    return row


def _header(field_name: str) -> str:
    return next(c.header for c in COLUMNS if c.field == field_name)


def _units_by_code(codes: set[str]) -> dict[str, Unit]:
    return {u.code: u for u in Unit.objects.filter(code__in=codes)} if codes else {}


def _members_by_card(cards: list[str]) -> dict[str, Member]:
    found: dict[str, Member] = {}
    for start in range(0, len(cards), LOOKUP_CHUNK):
        chunk = cards[start : start + LOOKUP_CHUNK]
        found.update({m.card_number: m for m in Member.objects.filter(card_number__in=chunk).select_related("unit")})
    return found


def _in_scope(paths: list[str] | None, unit: Unit) -> bool:
    return paths is None or any(unit.path.startswith(p) for p in paths)


def _check_unit(row: _Row, unit: Unit | None, paths, errors: list[RowError]) -> bool:
    header = _header("unit")
    if not row.unit_code:
        errors.append(RowError(row.number, header, _("Enter the code of the member's cell.")))
    elif unit is None:
        errors.append(RowError(row.number, header, _("No unit has the code %(code)s.") % {"code": row.unit_code}))
    elif unit.kind not in CELL_KINDS:
        errors.append(
            RowError(row.number, header, _("%(unit)s is not a cell: members belong to cells.") % {"unit": unit})
        )
    elif not unit.is_open:
        errors.append(RowError(row.number, header, _("%(unit)s is closed.") % {"unit": unit}))
    elif not _in_scope(paths, unit):
        errors.append(RowError(row.number, header, _("You may not import members into %(unit)s.") % {"unit": unit}))
    else:
        return True
    return False


def _compare_existing(row: _Row, member: Member, unit: Unit | None, paths, errors: list[RowError]) -> dict:
    """Profile changes of an existing member; a different cell or date is an error (it needs an event)."""
    if not _in_scope(paths, member.unit):
        message = _("This party card number belongs to a member outside the units you may import into.")
        errors.append(RowError(row.number, _header("card_number"), message))
        return {}
    instead = _("The record differs: record a transfer or an event on the member's page instead.")
    if unit is not None and unit.pk != member.unit_id:
        errors.append(RowError(row.number, _header("unit"), instead))
    for name in ("admitted_on", "confirmed_on"):
        if name in row.values and row.values[name] != getattr(member, name):
            errors.append(RowError(row.number, _header(name), instead))
    return {
        key: value
        for key, value in row.values.items()
        if key in operations.PROFILE_FIELDS and getattr(member, key) != value
    }


def plan_import(user, file) -> ImportPlan:
    """Read and validate the whole workbook; nothing is written. Raises ImportFileError for an unreadable file."""
    header, body = _read(file)
    plan = ImportPlan()
    columns = _parse_header(header, plan.errors)
    if plan.errors:
        return plan
    if not body:
        plan.errors.append(RowError(HEADER_ROW + 1, "", _("The file has no member rows.")))
        return plan
    rows = [_parse_row(number, raw, columns, plan.errors) for number, raw in body]
    units = _units_by_code({r.unit_code for r in rows if r.unit_code})
    cards = [r.values.get("card_number") for r in rows if r.values.get("card_number")]
    existing = _members_by_card(sorted(set(cards)))
    paths = scope_paths(user, Action.IMPORT)
    bad_rows = {e.row for e in plan.errors}
    first_row_of_card: dict[str, int] = {}
    for row in rows:
        errors: list[RowError] = []
        unit = units.get(row.unit_code)
        unit_ok = _check_unit(row, unit, paths, errors)
        card = row.values.get("card_number")
        if card and card in first_row_of_card:
            message = _("Party card number %(card)s is already in row %(row)d.") % {
                "card": card,
                "row": first_row_of_card[card],
            }
            errors.append(RowError(row.number, _header("card_number"), message))
        elif card:
            first_row_of_card[card] = row.number
        changes = None
        if card and card in existing:
            changes = _compare_existing(row, existing[card], unit if unit_ok else None, paths, errors)
        plan.errors += errors
        if errors or row.number in bad_rows:
            continue
        if changes is None:
            plan.to_create.append({**row.values, "unit": unit})
        elif changes:
            plan.to_update.append((existing[card], changes))
        else:
            plan.unchanged += 1
    plan.errors.sort(key=lambda e: e.row)
    return plan


def run_import(user, plan: ImportPlan, filename: str = "") -> None:
    """Write a plan without errors, all or nothing, with one audit entry per created or updated member."""
    if plan.errors:
        raise ValueError("an import with errors cannot run")
    reason = _("Import from %(file)s") % {"file": filename} if filename else ""
    with audit_context("import"):
        operations.import_members(user, plan.to_create, plan.to_update, reason=reason)


class ImportUpload:
    """The uploaded file between the dry run and the confirmation.

    Stored under a random server-chosen name that only the user's session knows, so a request
    cannot point the import at any other file; removed once imported or abandoned.
    """

    SESSION_KEY = "members_import_upload"

    def __init__(self, session) -> None:
        self.session = session
        kept = session.get(self.SESSION_KEY) or {}
        self.name: str | None = kept.get("name")
        self.filename: str = kept.get("filename", "")

    def keep(self, upload) -> None:
        self.discard()
        self.name = default_storage.save(f"{UPLOAD_DIR}{secrets.token_hex(16)}.xlsx", upload)
        self.filename = normalise(PurePath(upload.name).name)[:100]
        self.session[self.SESSION_KEY] = {"name": self.name, "filename": self.filename}

    def exists(self) -> bool:
        return bool(self.name) and self.name.startswith(UPLOAD_DIR) and default_storage.exists(self.name)

    def open(self):
        if not self.exists():
            raise ImportFileError(_("The uploaded file is no longer available: upload it again."))
        return default_storage.open(self.name, "rb")

    def discard(self) -> None:
        if self.exists():
            default_storage.delete(self.name)
        self.name = None
        self.session.pop(self.SESSION_KEY, None)
