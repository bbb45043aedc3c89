"""Every change to meetings: scheduling, agenda, invitations, attendance, minutes, outcomes and congress plans.

Each operation checks permission (Action.CONVENE on the organising unit: its office or secretary), validates with a
Vietnamese message, writes in one transaction and records an audit entry. `actor` None is the system.
"""

import logging
import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvu.access import audit
from dangvu.access.models import User
from dangvu.access.roles import Action
from dangvu.access.scoping import can
from dangvu.core.text import normalise
from dangvu.documents import mentions
from dangvu.documents.operations import register_document
from dangvu.meetings.calendar import ics
from dangvu.meetings.models import (
    NUMBERED_KINDS,
    AgendaItem,
    Attendance,
    Congress,
    CongressPlan,
    CongressStatus,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingState,
    Minutes,
    Outcome,
    RemoteSite,
)
from dangvu.members.models import Member
from dangvu.members.rules import ACTIVE_STATUSES
from dangvu.tracking.operations import create_task
from dangvu.units import operations as units_operations
from dangvu.units.models import Position, Term, Unit

logger = logging.getLogger(__name__)

# A member can check in from an hour before the start until the end.
CHECK_IN_OPENS = timedelta(hours=1)


def _require(actor, unit: Unit) -> None:
    if actor is not None and not can(actor, Action.CONVENE, unit):
        raise PermissionDenied(
            _("Only the office or the secretary of %(unit)s organises its meetings.") % {"unit": unit}
        )


def _local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def current_term(unit: Unit, day: date) -> Term | None:
    return (
        Term.objects.filter(unit=unit, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .order_by("-starts_on")
        .first()
    )


MEETING_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "online", "chair", "secretary", "review_cycle")


def _clean(unit: Unit, fields: dict) -> dict:
    data = {name: fields.get(name) for name in MEETING_FIELDS}
    data["title"] = normalise(data["title"])
    data["place"] = normalise(data["place"])
    data["online"] = bool(data["online"])
    errors = {}
    if data["kind"] not in MeetingKind.values:
        errors["kind"] = _("Choose the kind of meeting.")
    if not data["title"]:
        errors["title"] = _("Enter the title of the meeting.")
    if data["starts_at"] is None:
        errors["starts_at"] = _("Enter when the meeting starts.")
    elif data["ends_at"] is None or data["ends_at"] <= data["starts_at"]:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if not data["place"] and not data["online"]:
        errors["place"] = _("Enter the place, or hold the meeting online.")
    for role in ("chair", "secretary"):
        person = data[role]
        if person is not None and not person.unit.path.startswith(unit.path):
            errors[role] = _("Choose a member of %(unit)s.") % {"unit": unit}
    if errors:
        raise ValidationError(errors)
    return data


def _number(unit: Unit, kind: str, term: Term | None) -> int | None:
    """The next number of a numbered kind within the term: the 8th conference follows the 7th."""
    if kind not in NUMBERED_KINDS or term is None:
        return None
    latest = Meeting.objects.filter(unit=unit, kind=kind, term=term).aggregate(n=Max("number"))["n"]
    return (latest or 0) + 1


@transaction.atomic
def schedule_meeting(actor, unit: Unit, sites: Iterable[str | Unit] = (), **fields) -> Meeting:
    """A meeting of `unit`; an executive-committee conference gets the next number of the unit's current term."""
    _require(actor, unit)
    data = _clean(unit, fields)
    term = current_term(unit, timezone.localtime(data["starts_at"]).date())
    meeting = Meeting.objects.create(
        unit=unit,
        term=term,
        number=_number(unit, data["kind"], term),
        check_in_token=secrets.token_urlsafe(16),
        created_by=actor,
        **data,
    )
    for site in sites:
        if isinstance(site, Unit):
            RemoteSite.objects.create(meeting=meeting, unit=site, name=site.name)
        elif normalise(site):
            RemoteSite.objects.create(meeting=meeting, name=normalise(site))
    audit.record(actor, "create", meeting, after=audit.snapshot(meeting), unit=unit)
    return meeting


def _require_open(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting has been cancelled."))
    if hasattr(meeting, "minutes") and meeting.minutes.is_approved:
        raise ValidationError(_("The minutes of this meeting are approved: it can no longer change."))


@transaction.atomic
def update_meeting(actor, meeting: Meeting, expected_state: str | None = None, **fields) -> Meeting:
    """Change the time, place or people; the invitees get the update (same calendar event, next sequence).

    Refused (`audit.StaleState`) when the meeting changed since the organiser read `expected_state`."""
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
    _require(actor, meeting.unit)
    audit.check_state(meeting, expected_state)
    _require_open(meeting)
    data = _clean(meeting.unit, {**{name: getattr(meeting, name) for name in MEETING_FIELDS}, **fields})
    before = audit.snapshot(meeting)
    for name, value in data.items():
        setattr(meeting, name, value)
    meeting.sequence += 1
    meeting.save()
    audit.record(actor, "update", meeting, before=before, after=audit.snapshot(meeting), unit=meeting.unit)
    _send(meeting, meeting.invitations.select_related("member"), update=True)
    return meeting


@transaction.atomic
def cancel_meeting(actor, meeting: Meeting, reason: str) -> Meeting:
    _require(actor, meeting.unit)
    _require_open(meeting)
    reason = normalise(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    before = audit.snapshot(meeting)
    meeting.state = MeetingState.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence += 1
    meeting.save()
    audit.record(
        actor, "cancel", meeting, before=before, after=audit.snapshot(meeting), unit=meeting.unit, reason=reason
    )
    _send(meeting, meeting.invitations.select_related("member"), cancel=True)
    return meeting


@transaction.atomic
def set_agenda(actor, meeting: Meeting, items: list[dict]) -> list[AgendaItem]:
    """Replace the agenda with `items` in order: each {title, presenter?, duration?, documents?, tasks?}."""
    _require(actor, meeting.unit)
    _require_open(meeting)
    errors = [index + 1 for index, item in enumerate(items) if not normalise(item.get("title"))]
    if errors:
        raise ValidationError(
            {"agenda": _("Agenda item %(numbers)s has no title.") % {"numbers": ", ".join(map(str, errors))}}
        )
    meeting.agenda.all().delete()
    created = []
    for position, item in enumerate(items, start=1):
        agenda_item = AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=normalise(item["title"]),
            presenter=item.get("presenter"),
            duration=item.get("duration"),
        )
        agenda_item.documents.set(item.get("documents", ()))
        agenda_item.tasks.set(item.get("tasks", ()))
        created.append(agenda_item)
    audit.record(actor, "agenda", meeting, after={"agenda": [i.title for i in created]}, unit=meeting.unit)
    return created


def invitees(units: Iterable[Unit] = (), committee_of: Unit | None = None, day: date | None = None) -> set[Member]:
    """The active members of `units` (and the cells below them), and the committee members of `committee_of`."""
    members: set[Member] = set()
    for unit in units:
        members |= set(Member.objects.filter(unit__path__startswith=unit.path, status__in=ACTIVE_STATUSES))
    if committee_of is not None:
        term = current_term(committee_of, day or timezone.localdate())
        if term is not None:
            seats = Position.objects.filter(term=term).active_on(day or timezone.localdate()).select_related("member")
            members |= {seat.member for seat in seats}
    return members


@transaction.atomic
def invite(actor, meeting: Meeting, members: Iterable[Member]) -> list[Invitation]:
    """Invite members (each once); they get an in-app notice and, with an e-mail address, the .ics invitation."""
    _require(actor, meeting.unit)
    _require_open(meeting)
    already = set(meeting.invitations.values_list("member_id", flat=True))
    new = [Invitation(meeting=meeting, member=m) for m in sorted(members, key=lambda m: m.pk) if m.pk not in already]
    Invitation.objects.bulk_create(new)
    if new:
        audit.record(actor, "invite", meeting, after={"invited": [i.member_id for i in new]}, unit=meeting.unit)
        _send(meeting, new)
    return new


def _send(meeting: Meeting, invitations: Iterable[Invitation], *, update: bool = False, cancel: bool = False) -> None:
    """In-app notices to the members' accounts, and an e-mail with the calendar to those with an address."""
    from dangvu.tracking.notifications import notify_meeting

    invitations = list(invitations)
    members = [i.member for i in invitations]
    notify_meeting(meeting, members, update=update, cancel=cancel)
    accounts = User.objects.filter(member__in=members, is_active=True).exclude(email="")
    addresses = sorted(accounts.values_list("email", flat=True))
    if not addresses:
        return
    if cancel:
        subject = _("Cancelled: %(title)s") % {"title": meeting.title}
    elif update:
        subject = _("Changed: %(title)s, %(when)s") % {"title": meeting.title, "when": _local(meeting.starts_at)}
    else:
        subject = _("Invitation: %(title)s, %(when)s") % {"title": meeting.title, "when": _local(meeting.starts_at)}
    message = EmailMessage(subject=subject, body=meeting.title, bcc=addresses)
    method = "CANCEL" if cancel else "REQUEST"
    message.attach("invitation.ics", ics(meeting, cancel=cancel), f"text/calendar; method={method}; charset=utf-8")
    try:
        message.send()
    except OSError:  # the mail relay is down: the in-app notices are there, the meeting is saved all the same
        logger.exception("could not e-mail the invitation to meeting %s", meeting.pk)


# Attendance -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def check_in(user, meeting: Meeting, token: str, site: RemoteSite | None = None) -> Invitation:
    """A member checks in from a phone by scanning the meeting's QR code (an invited member, while it is on)."""
    if not secrets.compare_digest(token, meeting.check_in_token):
        raise ValidationError(_("This check-in code is not valid for this meeting."))
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting has been cancelled."))
    now = timezone.now()
    if not meeting.starts_at - CHECK_IN_OPENS <= now <= meeting.ends_at:
        raise ValidationError(
            _("Check-in is open from an hour before the meeting (%(start)s) until its end.")
            % {"start": _local(meeting.starts_at)}
        )
    invitation = Invitation.objects.filter(meeting=meeting, member_id=getattr(user, "member_id", None)).first()
    if invitation is None:
        raise ValidationError(_("You are not on the list of this meeting; ask its secretary to add you."))
    before = audit.snapshot(invitation)
    invitation.attendance = Attendance.PRESENT
    invitation.checked_in_at = invitation.checked_in_at or now
    invitation.site = site if site is not None and site.meeting_id == meeting.pk else invitation.site
    invitation.save()
    audit.record(user, "check_in", invitation, before=before, after=audit.snapshot(invitation), unit=meeting.unit)
    return invitation


@transaction.atomic
def record_attendance(
    actor, meeting: Meeting, member: Member, attendance: str, reason: str = "", site: RemoteSite | None = None
) -> Invitation:
    """The secretary records present / excused (with the reason) / absent; a person not invited is added."""
    _require(actor, meeting.unit)
    _require_open(meeting)
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": _("Choose present, excused or absent.")})
    reason = normalise(reason)
    if attendance == Attendance.EXCUSED and not reason:
        raise ValidationError({"reason": _("Enter the reason for the excused absence.")})
    invitation, _created = Invitation.objects.get_or_create(meeting=meeting, member=member)
    invitation.meeting, invitation.member = meeting, member  # the audit entry names both without fetching them
    before = audit.snapshot(invitation)
    invitation.attendance = attendance
    invitation.reason = reason if attendance != Attendance.PRESENT else ""
    invitation.site = site
    invitation.save()
    audit.record(actor, "attendance", invitation, before=before, after=audit.snapshot(invitation), unit=meeting.unit)
    return invitation


# Minutes and outcomes ------------------------------------------------------------------------------------------------


# The parts each kind of minutes is written in, after the agenda (rules.md §7: minutes record attendance, content
# and conclusions; a cell's regular meeting reviews the month and sets the next one's tasks, Hướng dẫn 42-HD/BTCTW;
# a congress reports, elects the committee and adopts its resolution).
MINUTES_PARTS = {
    MeetingKind.REGULAR_CELL: (
        gettext_lazy("Results of the month's tasks"),
        gettext_lazy("Tasks for the coming month"),
        gettext_lazy("Discussion"),
        gettext_lazy("Conclusions of the chair"),
    ),
    MeetingKind.THEMATIC_CELL: (
        gettext_lazy("The theme and who introduced it"),
        gettext_lazy("Discussion"),
        gettext_lazy("Conclusions of the chair"),
    ),
    MeetingKind.EXECUTIVE_CONFERENCE: (
        gettext_lazy("Reports presented"),
        gettext_lazy("Discussion"),
        gettext_lazy("Votes"),
        gettext_lazy("Conclusions of the conference"),
    ),
    MeetingKind.CONGRESS: (
        gettext_lazy("Political report and review of the committee"),
        gettext_lazy("Election of the committee for the new term"),
        gettext_lazy("Resolution of the congress"),
    ),
}
DEFAULT_MINUTES_PARTS = (gettext_lazy("Discussion"), gettext_lazy("Conclusions"))


def draft_text(meeting: Meeting) -> str:
    """The minutes' first draft, from the meeting and the template of its kind: time, place, chair, attendance, the
    agenda and the parts the kind of meeting is written in."""
    invitations = list(meeting.invitations.select_related("member"))
    present = [i for i in invitations if i.attendance == Attendance.PRESENT]
    excused = [i for i in invitations if i.attendance == Attendance.EXCUSED]
    absent = [i for i in invitations if i.attendance == Attendance.ABSENT]
    heading = _("MINUTES OF THE %(kind)s") % {"kind": meeting.get_kind_display().upper()}
    if meeting.number:
        heading += " " + _("(no. %(number)s)") % {"number": meeting.number}
    lines = [
        heading,
        meeting.title,
        "",
        _("Time: %(start)s to %(end)s.") % {"start": _local(meeting.starts_at), "end": _local(meeting.ends_at)},
        _("Place: %(place)s.") % {"place": meeting.place or meeting.online_url},
        _("Chair: %(name)s. Minute-taker: %(secretary)s.")
        % {
            "name": meeting.chair.full_name if meeting.chair else "…",
            "secretary": meeting.secretary.full_name if meeting.secretary else "…",
        },
        _("Attendance: %(present)s of %(expected)s present.") % {"present": len(present), "expected": len(invitations)},
    ]
    if excused:
        lines.append(
            _("Excused: %(names)s.") % {"names": "; ".join(f"{i.member.full_name} ({i.reason})" for i in excused)}
        )
    if absent:
        lines.append(_("Absent without leave: %(names)s.") % {"names": ", ".join(i.member.full_name for i in absent)})
    lines += ["", _("AGENDA")]
    for item in meeting.agenda.all():
        lines.append(f"{item.position}. {item.title}")
    for number, part in enumerate(MINUTES_PARTS.get(meeting.kind, DEFAULT_MINUTES_PARTS), start=1):
        lines += ["", f"{number}. {str(part).upper()}", "…"]
    return "\n".join(lines)


@transaction.atomic
def save_minutes(actor, meeting: Meeting, content: str | None = None, conclusions: str = "") -> Minutes:
    """Create the minutes from the draft, or save the edited text; approved minutes are locked."""
    _require(actor, meeting.unit)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting has been cancelled."))
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_approved:
        raise ValidationError(_("The minutes are approved and locked."))
    before = audit.snapshot(minutes) if minutes else None
    text = (content or "").replace("\r\n", "\n").strip()
    if minutes is None:
        minutes = Minutes(meeting=meeting, content=text or draft_text(meeting))
    elif not text:
        raise ValidationError({"content": _("The minutes cannot be empty.")})
    else:
        minutes.content = text
    minutes.conclusions = (conclusions or "").replace("\r\n", "\n").strip()
    minutes.save()
    mentions.index(minutes)
    audit.record(
        actor,
        "update" if before else "create",
        minutes,
        before=before,
        after=audit.snapshot(minutes),
        unit=meeting.unit,
    )
    return minutes


@transaction.atomic
def approve_minutes(actor, minutes: Minutes) -> Minutes:
    """Approve and lock the minutes; the meeting is then held."""
    meeting = minutes.meeting
    _require(actor, meeting.unit)
    if minutes.is_approved:
        raise ValidationError(_("The minutes are already approved."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The minutes of a meeting that has not taken place cannot be approved."))
    before = audit.snapshot(minutes)
    minutes.state = "approved"
    minutes.approved_at = timezone.now()
    minutes.approved_by = actor
    minutes.save()
    meeting.state = MeetingState.HELD
    meeting.save(update_fields=["state"])
    audit.record(actor, "approve", minutes, before=before, after=audit.snapshot(minutes), unit=meeting.unit)
    return minutes


@transaction.atomic
def task_from_meeting(actor, meeting: Meeting, **task_fields) -> Outcome:
    """Turn a conclusion into a tracked task of the meeting's unit, linked back to the meeting."""
    _require(actor, meeting.unit)
    task = create_task(actor, meeting.unit, **task_fields)
    outcome = Outcome.objects.create(meeting=meeting, task=task)
    audit.record(actor, "create", outcome, after=audit.snapshot(outcome), unit=meeting.unit)
    return outcome


@transaction.atomic
def document_from_meeting(actor, meeting: Meeting, **document_fields) -> Outcome:
    """Register the meeting's resolution or notice of conclusions, linked back to the meeting."""
    _require(actor, meeting.unit)
    document = register_document(actor, **{"issuer_unit": meeting.unit, "issuer_name": "", **document_fields})
    outcome = Outcome.objects.create(meeting=meeting, document=document)
    audit.record(actor, "create", outcome, after=audit.snapshot(outcome), unit=meeting.unit)
    return outcome


# Congresses ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_congresses(actor, unit: Unit, *, term_name: str, title: str, units: Iterable[Unit]) -> CongressPlan:
    """A congress plan: one congress to hold in `term_name` for each of `units` (all below `unit`)."""
    _require(actor, unit)
    term_name, title = normalise(term_name), normalise(title)
    units = list(units)
    errors = {}
    if not term_name:
        errors["term_name"] = _("Enter the term, e.g. 2022-2025.")
    if not title:
        errors["title"] = _("Enter the title of the plan.")
    if not units:
        errors["units"] = _("Choose the units that hold a congress.")
    outside = [u.name for u in units if not u.path.startswith(unit.path) or u.pk == unit.pk]
    if outside:
        errors["units"] = _("Only units under %(unit)s: %(names)s.") % {"unit": unit, "names": ", ".join(outside)}
    if errors:
        raise ValidationError(errors)
    plan = CongressPlan.objects.create(unit=unit, term_name=term_name, title=title)
    Congress.objects.bulk_create([Congress(plan=plan, unit=u) for u in units])
    audit.record(actor, "create", plan, after=audit.snapshot(plan), unit=unit)
    return plan


CONGRESS_ORDER = [CongressStatus.PLANNED, CongressStatus.PREPARING, CongressStatus.HELD, CongressStatus.APPROVED]


@transaction.atomic
def advance_congress(
    actor, congress: Congress, status: str, *, planned_on: date | None = None, meeting=None
) -> Congress:
    """Move a congress on (planned → preparing → held); approving its results goes through `record_election`."""
    _require(actor, congress.plan.unit)
    if status not in CONGRESS_ORDER[:3]:
        raise ValidationError({"status": _("Choose planned, preparing or held.")})
    if CONGRESS_ORDER.index(status) < CONGRESS_ORDER.index(congress.status):
        raise ValidationError({"status": _("A congress cannot go back to an earlier stage.")})
    before = audit.snapshot(congress)
    congress.status = status
    congress.planned_on = planned_on or congress.planned_on
    congress.meeting = meeting or congress.meeting
    congress.save()
    audit.record(actor, "update", congress, before=before, after=audit.snapshot(congress), unit=congress.unit)
    return congress


@transaction.atomic
def record_election(
    actor, congress: Congress, *, starts_on: date, ends_on: date | None, elected: list[tuple[Member, str]]
) -> Term:
    """The congress's results: the new term of the unit and its elected committee, written into the unit's
    committee (units.operations.open_term and appoint); the congress is then approved."""
    _require(actor, congress.plan.unit)
    if congress.status == CongressStatus.APPROVED:
        raise ValidationError(_("The results of this congress are already recorded."))
    if not elected:
        raise ValidationError({"elected": _("Enter the members elected to the committee.")})
    term = units_operations.open_term(
        actor, congress.unit, name=congress.plan.term_name, starts_on=starts_on, ends_on=ends_on
    )
    for member, role in elected:
        units_operations.appoint(actor, term, member, role=role, starts_on=starts_on, ends_on=ends_on)
    before = audit.snapshot(congress)
    congress.status = CongressStatus.APPROVED
    congress.term = term
    congress.save()
    audit.record(actor, "approve", congress, before=before, after=audit.snapshot(congress), unit=congress.unit)
    return term
