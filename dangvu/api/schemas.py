"""Shapes of the API's requests and answers. Dates are ISO 8601 (YYYY-MM-DD) in both directions."""

from datetime import date
from typing import Annotated

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError as InputError
from pydantic import WithJsonSchema

from dangvu.core.text import search_key
from dangvu.members.models import Gender, TheoryLevel
from dangvu.members.rules import EventKind, Status
from dangvu.units.models import UnitKind

# Callers may ask for up to this many rows per page.
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
# Offsets beyond this are past any table's end (and past what the database can take as an OFFSET).
MAX_OFFSET = 2**31 - 1
# The largest id a table can hold (64-bit); ids are never below 1.
MAX_ID = 2**63 - 1
# Years the API answers for: from the founding of the Party to the end of the century.
FIRST_YEAR, LAST_YEAR = 1930, 2100

# A member's status under its own name in the schema: as plain "Status" it would collide with (and be overwritten by)
# the assignment status of the tracking endpoints.
MemberStatus = Annotated[
    Status, WithJsonSchema({"title": "MemberStatus", "type": "string", "enum": [status.value for status in Status]})
]


class PageIn(Schema):
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, description=f"Rows per page; at most {MAX_PAGE_SIZE} are returned.")
    offset: int = Field(0, ge=0)

    def of(self, queryset: QuerySet) -> dict:
        """One page of `queryset`: the rows, and the total count (a second query unless the rows tell it)."""
        limit = min(self.limit, MAX_PAGE_SIZE)
        rows = list(queryset[self.offset : self.offset + limit]) if self.offset <= MAX_OFFSET else []
        count = len(rows) if self.offset == 0 and len(rows) < limit else queryset.count()
        return {"count": count, "limit": limit, "offset": self.offset, "items": rows}


def row_id(value: int) -> int:
    """`value` for a filter on a foreign key, or 0 (matching no row) when no table could hold it: the database
    driver refuses such a number outright instead of finding nothing."""
    return value if 0 < value <= MAX_ID else 0


def checked_year(year: int | None, name: str = "year", where: str = "query") -> int | None:
    """`year` unless it lies outside the years the API answers for: then a 422 naming the field."""
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        message = _("The year must be between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        raise InputError([{"loc": [where, name], "msg": message}])
    return year


def words_q(text: str) -> Q:
    """Rows whose stored search key holds every word of `text`, ignoring case and diacritics ("dang uy" ~ "Đảng ủy")."""
    q = Q()
    for word in search_key(text).split():
        q &= Q(search_key__contains=word)
    return q


class Problem(Schema):
    """One reason a request was refused: where (`loc`) and why (`msg`, in the request's language)."""

    loc: list[str | int]
    msg: str


class ProblemsOut(Schema):
    detail: list[Problem]


class MessageOut(Schema):
    detail: str


# Units


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: UnitKind
    parent_id: int | None
    depth: int
    established_on: date
    closed_on: date | None


class UnitDetailOut(UnitOut):
    member_counts: dict[str, int] = Field(description="Members of the unit and everything below it, by status.")


class UnitPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[UnitOut]


class UnitFilters(Schema):
    parent: int | None = Field(None, description="Only the direct sub-units of this unit.")
    kind: UnitKind | None = None
    q: str = Field("", description="Words of the name or code; case and diacritics are ignored.")
    include_closed: bool = False


class UnitCreateIn(Schema):
    name: str = Field(max_length=200)
    kind: UnitKind
    code: str = Field(max_length=40)
    parent: int | None = Field(None, description="Id of the parent unit.")
    established_on: date
    short_name: str = Field("", max_length=80)
    decision: str = Field("", max_length=200, description="e.g. Quyết định số 15-QĐ/TU")


class UnitRenameIn(Schema):
    name: str = Field(max_length=200)
    effective_on: date
    short_name: str | None = Field(None, max_length=80)
    decision: str = Field("", max_length=200)


# Members


class MemberOut(Schema):
    id: int
    full_name: str
    gender: Gender
    status: MemberStatus
    unit_id: int
    unit_name: str
    admitted_on: date
    confirmed_on: date | None
    card_number: str | None
    ethnicity: str
    religion: str
    hometown: str
    education: str
    theory_level: str
    occupation: str
    workplace: str
    masked: bool = Field(description="True when the personal fields below are withheld from this user.")
    birth_date: date | None
    citizen_id: str | None
    phone: str | None
    address: str | None


class EventOut(Schema):
    id: int
    kind: EventKind
    occurred_on: date
    unit_id: int | None
    destination: str
    decision: str
    note: str


class MemberDetailOut(MemberOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(member) -> list:
        return member.events_list  # loaded once, in date order, by the endpoint


class MemberPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MemberOut]


class MemberFilters(Schema):
    unit: int | None = Field(None, description="Only members of this unit and everything below it.")
    status: MemberStatus | None = None
    q: str = Field("", description="Words of the name or party card number; case and diacritics are ignored.")


class ProfileIn(Schema):
    """Profile fields a clerk edits; all optional so that PATCH changes only what is sent."""

    full_name: str | None = Field(None, max_length=120)
    gender: Gender | None = None
    birth_date: date | None = None
    ethnicity: str | None = Field(None, max_length=40)
    religion: str | None = Field(None, max_length=40)
    hometown: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=255)
    citizen_id: str | None = Field(None, max_length=20)
    phone: str | None = Field(None, max_length=15)
    education: str | None = Field(None, max_length=80)
    theory_level: TheoryLevel | None = None
    occupation: str | None = Field(None, max_length=120)
    workplace: str | None = Field(None, max_length=200)
    card_number: str | None = Field(None, max_length=20)


class MemberUpdateIn(ProfileIn):
    reason: str = Field("", description="Why the record changes; kept in the audit log.")


class MemberAdmitIn(ProfileIn):
    full_name: str = Field(max_length=120)
    gender: Gender
    unit: int = Field(description="Id of the cell the member is admitted to.")
    admitted_on: date
    confirmed_on: date | None = None
    decision: str = Field("", max_length=200)


class EventIn(Schema):
    kind: EventKind
    occurred_on: date
    unit: int | None = Field(None, description="Id of the cell the member goes to (transfers).")
    destination: str = Field("", max_length=200, description="Where the member goes outside the tree.")
    decision: str = Field("", max_length=200)
    note: str = ""
