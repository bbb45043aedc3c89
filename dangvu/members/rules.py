"""Member lifecycle rules: from a member's dated events to status and affiliation intervals.

Pure functions: no ORM, no clock. `build_history` is the only place that decides what a
sequence of events means; operations store its result.
Sources: Điều lệ Đảng, Điều 5 (12 months' probation); Quy định 294-QĐ/TW (2025) on transfers,
exemption from activities, striking off (rules.md §5).
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext as _


class Status(StrEnum):
    PROBATIONARY = "probationary"
    FULL = "full"
    EXEMPT = "exempt"
    TRANSFERRED_OUT = "transferred_out"
    STRUCK_OFF = "struck_off"
    EXPELLED = "expelled"
    DECEASED = "deceased"


# Statuses of a person who is currently a member of the organisation.
ACTIVE_STATUSES = frozenset({Status.PROBATIONARY, Status.FULL, Status.EXEMPT})
# Statuses that end membership; only a new admission (or a transfer in) follows them.
ENDED_STATUSES = frozenset({Status.TRANSFERRED_OUT, Status.STRUCK_OFF, Status.EXPELLED, Status.DECEASED})


class EventKind(StrEnum):
    ADMISSION = "admission"
    CONFIRMATION = "confirmation"
    TRANSFER_PERMANENT = "transfer_permanent"
    TRANSFER_TEMPORARY = "transfer_temporary"
    TEMPORARY_END = "temporary_end"
    TRANSFER_IN = "transfer_in"
    TRANSFER_OUT = "transfer_out"
    EXEMPTION = "exemption"
    RESUMPTION = "resumption"
    STRIKING_OFF = "striking_off"
    EXPULSION = "expulsion"
    DEATH = "death"


class AffiliationKind(StrEnum):
    OFFICIAL = "official"
    TEMPORARY = "temporary"


@dataclass(frozen=True)
class EventFact:
    kind: EventKind
    on: date
    unit_id: int | None = None  # where the member goes (admission, transfers in/permanent/temporary)


@dataclass(frozen=True)
class Period:
    value: str | int  # a Status, or a unit id for affiliations
    start: date
    end: date | None


@dataclass
class History:
    statuses: list[Period] = field(default_factory=list)
    official: list[Period] = field(default_factory=list)
    temporary: list[Period] = field(default_factory=list)

    def status_on(self, day: date) -> Status | None:
        return _value_on(self.statuses, day)

    def unit_on(self, day: date) -> int | None:
        return _value_on(self.official, day)

    @property
    def last_unit(self) -> int | None:
        return self.official[-1].value if self.official else None


class LifecycleError(ValueError):
    """The events do not make a possible history; the message is for the user."""


def _value_on(periods: list[Period], day: date):
    for period in periods:
        if period.start <= day and (period.end is None or day < period.end):
            return period.value
    return None


class _Interval:
    """An open-ended interval being built."""

    def __init__(self) -> None:
        self.periods: list[Period] = []
        self.value: str | int | None = None
        self.start: date | None = None

    def set(self, value, on: date) -> None:
        if value == self.value:
            return
        self.close(on)
        self.value, self.start = value, on

    def close(self, on: date) -> None:
        if self.value is not None and self.start is not None and self.start < on:
            self.periods.append(Period(self.value, self.start, on))
        self.value = self.start = None

    def finish(self) -> list[Period]:
        if self.value is not None and self.start is not None:
            self.periods.append(Period(self.value, self.start, None))
        return self.periods


_ORDER = {kind: index for index, kind in enumerate(EventKind)}


def sort_events(events: list[EventFact]) -> list[EventFact]:
    return sorted(events, key=lambda e: (e.on, _ORDER[e.kind]))


def build_history(events: list[EventFact]) -> History:
    """Replay events in date order into status and affiliation intervals; refuse impossible sequences."""
    status, official, temporary = _Interval(), _Interval(), _Interval()
    confirmed = False
    for event in sort_events(events):
        current = status.value
        day = event.on
        match event.kind:
            case EventKind.ADMISSION:
                if current in ACTIVE_STATUSES:
                    raise LifecycleError(_("The member is already a party member on %(date)s.") % _d(day))
                _need_unit(event)
                confirmed = False
                status.set(Status.PROBATIONARY, day)
                official.set(event.unit_id, day)
            case EventKind.CONFIRMATION:
                if current != Status.PROBATIONARY:
                    raise LifecycleError(_("Only a probationary member can be confirmed (%(date)s).") % _d(day))
                confirmed = True
                status.set(Status.FULL, day)
            case EventKind.TRANSFER_IN:
                if current in ACTIVE_STATUSES:
                    raise LifecycleError(_("The member is already in the organisation on %(date)s.") % _d(day))
                _need_unit(event)
                status.set(Status.FULL if confirmed or current is None else Status.PROBATIONARY, day)
                official.set(event.unit_id, day)
            case EventKind.TRANSFER_PERMANENT:
                _need_active(current, day)
                _need_unit(event)
                if event.unit_id == official.value:
                    raise LifecycleError(_("The member already belongs to that unit on %(date)s.") % _d(day))
                official.set(event.unit_id, day)
                if temporary.value == event.unit_id:
                    temporary.close(day)
            case EventKind.TRANSFER_TEMPORARY:
                _need_active(current, day)
                _need_unit(event)
                temporary.set(event.unit_id, day)
            case EventKind.TEMPORARY_END:
                if temporary.value is None:
                    raise LifecycleError(_("The member has no temporary affiliation on %(date)s.") % _d(day))
                temporary.close(day)
            case EventKind.EXEMPTION:
                if current != Status.FULL:
                    raise LifecycleError(_("Only a full member can be exempted from activities (%(date)s).") % _d(day))
                status.set(Status.EXEMPT, day)
            case EventKind.RESUMPTION:
                if current != Status.EXEMPT:
                    raise LifecycleError(_("The member is not exempted from activities on %(date)s.") % _d(day))
                status.set(Status.FULL, day)
            case EventKind.TRANSFER_OUT | EventKind.STRIKING_OFF | EventKind.EXPULSION | EventKind.DEATH:
                if event.kind == EventKind.DEATH and current == Status.DECEASED:
                    raise LifecycleError(_("The member's death is already recorded."))
                if event.kind != EventKind.DEATH:
                    _need_active(current, day)
                status.set(_ENDING[event.kind], day)
                official.close(day)
                temporary.close(day)
    return History(status.finish(), official.finish(), temporary.finish())


_ENDING = {
    EventKind.TRANSFER_OUT: Status.TRANSFERRED_OUT,
    EventKind.STRIKING_OFF: Status.STRUCK_OFF,
    EventKind.EXPULSION: Status.EXPELLED,
    EventKind.DEATH: Status.DECEASED,
}


def _d(day: date) -> dict[str, str]:
    return {"date": day.strftime("%d/%m/%Y")}


def _need_active(current, day: date) -> None:
    if current not in ACTIVE_STATUSES:
        raise LifecycleError(_("The member is not in the organisation on %(date)s.") % _d(day))


def _need_unit(event: EventFact) -> None:
    if event.unit_id is None:
        raise LifecycleError(_("Choose the cell the member joins."))


def party_age_years(history: History, on: date) -> int:
    """Whole years of party membership up to `on`, interruptions excluded (rules.md §4)."""
    days = 0
    for period in history.statuses:
        if period.value not in ACTIVE_STATUSES or period.start > on:
            continue
        end = min(period.end or on, on)
        days += (end - period.start).days
    return int(days // 365.2425)
