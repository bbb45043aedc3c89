"""iCalendar (.ics) invitations, updates and cancellations (RFC 5545), in Asia/Ho_Chi_Minh time.

One UID for the life of a meeting and a SEQUENCE raised at each change let calendar programs replace the event
they hold instead of adding another.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from dangvu.meetings.models import Meeting

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def _description(meeting: Meeting) -> str:
    lines = [f"{item.position}. {item.title}" for item in meeting.agenda.all()]
    if meeting.online:
        lines.append(meeting.online_url)
    return "\n".join(lines)


def ics(meeting: Meeting, *, cancel: bool = False) -> bytes:
    """The calendar of one meeting: METHOD REQUEST (invitation or update) or CANCEL."""
    calendar = Calendar()
    calendar.add("prodid", "-//dangvu//meetings//VI")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", f"{meeting.uid}@dangvu")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(ZONE))
    event.add("dtend", meeting.ends_at.astimezone(ZONE))
    event.add("summary", meeting.title)
    if meeting.place or meeting.online:
        event.add("location", meeting.place or meeting.online_url)
    if meeting.online:
        event.add("url", meeting.online_url)
    description = _description(meeting)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(meeting.unit.name)
    event["organizer"] = organizer
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
