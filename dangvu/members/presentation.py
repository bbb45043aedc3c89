"""What of a member record a user is shown: personal fields are masked unless the user may see them.

Personal data (Nghị định 13/2023/NĐ-CP) is shown only to roles that keep the records; every
showing is logged by the caller through `operations.log_personal_data_view`.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.text import capfirst

from dangvu.access.models import MASK
from dangvu.access.roles import Action
from dangvu.access.scoping import scope_paths
from dangvu.members.models import PERSONAL_FIELDS, Member
from dangvu.members.operations import PROFILE_FIELDS
from dangvu.members.rules import AffiliationKind, History, Period, party_age_years

# The profile as shown on the member page, in reading order (the name is the page title).
PROFILE_ROWS = tuple(name for name in PROFILE_FIELDS if name != "full_name")


@dataclass(frozen=True)
class Field:
    label: str
    value: str
    masked: bool = False


class PersonalScope:
    """Answers "may this user see the personal data of a member of that unit?" without queries."""

    def __init__(self, user) -> None:
        self.paths = scope_paths(user, Action.VIEW_PERSONAL)
        self.own = getattr(user, "member_id", None)

    @property
    def anywhere(self) -> bool:
        return self.paths is None or bool(self.paths) or bool(self.own)

    def covers(self, member: Member) -> bool:
        if self.paths is None or member.pk == self.own:
            return True
        return any(member.unit.path.startswith(p) for p in self.paths)


def _display(member: Member, name: str) -> str:
    value = getattr(member, name)
    if value is None or value == "":
        return ""
    choices_display = getattr(member, f"get_{name}_display", None)
    if choices_display is not None:
        return str(choices_display())
    if hasattr(value, "year"):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def profile_fields(member: Member, shown: bool) -> list[Field]:
    """The member's profile; personal fields masked when not `shown`."""
    rows = []
    for name in PROFILE_ROWS:
        label = capfirst(str(Member._meta.get_field(name).verbose_name))
        if name in PERSONAL_FIELDS and not shown:
            rows.append(Field(label, MASK, masked=True))
        else:
            rows.append(Field(label, _display(member, name)))
    return rows


def member_history(member: Member, on: date) -> dict:
    """The member page's history: events, affiliations, status periods, committee positions, party age."""
    events = list(member.events.select_related("unit", "restructuring").order_by("occurred_on", "id"))
    affiliations = list(member.affiliations.select_related("unit").order_by("starts_on", "id"))
    statuses = list(member.status_periods.order_by("starts_on", "id"))
    positions = list(member.positions.select_related("term__unit").order_by("-starts_on", "id"))
    history = History(statuses=[Period(p.status, p.starts_on, p.ends_on) for p in statuses])
    return {
        "events": events,
        "official_affiliations": [a for a in affiliations if a.kind == AffiliationKind.OFFICIAL],
        "temporary_affiliations": [a for a in affiliations if a.kind == AffiliationKind.TEMPORARY],
        "status_periods": statuses,
        "positions": positions,
        "party_age": party_age_years(history, on),
    }
