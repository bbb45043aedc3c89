"""Forms of the meeting pages: the list filters, the meeting form (day and times typed as dd/mm/yyyy and HH:MM),
agenda rows, invitations, attendance, minutes and outcomes.

The forms parse what a secretary typed; the rules (who may convene, who may chair, when check-in is open) are
checked by `operations`, whose errors the views put back onto these forms.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.access.roles import Action
from dangvu.access.scoping import scope_q
from dangvu.core.fields import ModelMultipleChoiceField
from dangvu.core.widgets import DateInput
from dangvu.documents.models import Document, DocumentType
from dangvu.meetings.models import Attendance, Meeting, MeetingKind, RemoteSite
from dangvu.members.models import Member
from dangvu.members.rules import ACTIVE_STATUSES
from dangvu.tracking.forms import UnitChoiceField, offer_units
from dangvu.tracking.models import ReviewCycle, Task
from dangvu.units.choices import UnitWalkField
from dangvu.units.models import Unit

# Meetings are held and shown in Vietnam's time, whatever the server's zone.
LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

PERIOD_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))]
INVITE_CHOICES = [
    ("unit", _("The whole unit")),
    ("committee", _("The committee of the unit")),
    ("chosen", _("The members chosen below")),
]


class TimeInput(forms.TimeInput):
    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs={"placeholder": "HH:MM", "inputmode": "numeric", **(attrs or {})}, format="%H:%M")


def local_moment(day, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=LOCAL_ZONE)


class MeetingFilterForm(forms.Form):
    unit = UnitWalkField(label=_("Unit"), empty_label=_("All units"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *MeetingKind.choices])
    period = forms.ChoiceField(label=_("Period"), required=False, choices=PERIOD_CHOICES)

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["unit"].offer(user, self["unit"].value(), units=Unit.objects.visible_to(user).open())


def _member_label(member: Member) -> str:
    return f"{member.full_name} ({member.unit.name})"


class MeetingForm(forms.Form):
    """Every field of a meeting. The unit is one the user convenes; on edit it stays."""

    unit = UnitChoiceField(label=_("Organising unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    day = forms.DateField(label=_("Day"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    end_day = forms.DateField(
        label=_("Ends on"), required=False, widget=DateInput(), help_text=_("Only when it lasts several days.")
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online = forms.BooleanField(label=_("Online (video conference link)"), required=False)
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=Member.objects.none(), required=False)
    secretary = forms.ModelChoiceField(label=_("Minute-taker"), queryset=Member.objects.none(), required=False)
    review_cycle = forms.ModelChoiceField(
        label=_("Quarter under review"), queryset=ReviewCycle.objects.none(), required=False
    )

    def __init__(self, *args, user, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Members of the units the user convenes; operations checks the chosen one belongs to the meeting's unit.
        members = Member.objects.visible_to(user).filter(status__in=ACTIVE_STATUSES)
        if meeting is None:
            offer_units(self.fields["unit"], Unit.objects.visible_to(user, Action.CONVENE).open())
            members = members.filter(scope_q(user, Action.CONVENE, "unit__path"))
        else:
            del self.fields["unit"]
            members = members.filter(unit__path__startswith=meeting.unit.path)
            # The meeting's `audit.state_token` as the form was rendered: a save over someone else's is refused.
            self.fields["state"] = forms.CharField(required=False, widget=forms.HiddenInput)
        for name in ("chair", "secretary"):
            self.fields[name].queryset = members.select_related("unit").order_by("name_sort_key")
            self.fields[name].label_from_instance = _member_label
        self.fields["review_cycle"].queryset = ReviewCycle.objects.visible_to(user).select_related("unit")

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = local_moment(day, start)
            data["ends_at"] = local_moment(data.get("end_day") or day, end)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", _("The meeting must end after it starts."))
        if not data.get("place") and not data.get("online"):
            self.add_error("place", _("Enter the place, or hold the meeting online."))
        return data

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        names = ("kind", "title", "starts_at", "ends_at", "place", "online", "chair", "secretary", "review_cycle")
        return {name: data.get(name) for name in names}

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        starts, ends = meeting.starts_at.astimezone(LOCAL_ZONE), meeting.ends_at.astimezone(LOCAL_ZONE)
        return {
            "kind": meeting.kind,
            "title": meeting.title,
            "day": starts.date(),
            "start_time": starts.time(),
            "end_time": ends.time(),
            "end_day": ends.date() if ends.date() != starts.date() else None,
            "place": meeting.place,
            "online": meeting.online,
            "chair": meeting.chair_id,
            "secretary": meeting.secretary_id,
            "review_cycle": meeting.review_cycle_id,
        }


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300, required=False)
    presenter = forms.ModelChoiceField(label=_("Presenter"), queryset=Member.objects.none(), required=False)
    duration = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=600, required=False)
    documents = ModelMultipleChoiceField(label=_("Documents"), queryset=Document.objects.none(), required=False)
    tasks = ModelMultipleChoiceField(label=_("Tasks"), queryset=Task.objects.none(), required=False)

    def __init__(self, *args, members, documents, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = members
        self.fields["presenter"].label_from_instance = _member_label
        self.fields["documents"].queryset = documents
        self.fields["tasks"].queryset = tasks
        for name in ("documents", "tasks"):
            self.fields[name].widget.attrs["size"] = 3


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=3)


class InviteForm(forms.Form):
    who = forms.ChoiceField(label=_("Invite"), choices=INVITE_CHOICES, widget=forms.RadioSelect, initial="unit")
    members = ModelMultipleChoiceField(
        label=_("Members"), queryset=Member.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = _member_label

    def clean(self):
        data = super().clean()
        if data.get("who") == "chosen" and not data.get("members"):
            self.add_error("members", _("Choose the members to invite."))
        return data


class AttendanceForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    site = forms.ModelChoiceField(label=_("Remote site"), queryset=RemoteSite.objects.none(), required=False)

    def __init__(self, *args, members, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: m.full_name
        self.fields["site"].queryset = sites


class CheckInForm(forms.Form):
    site = forms.ModelChoiceField(
        label=_("Where are you attending from?"), queryset=RemoteSite.objects.none(), required=False
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["site"].empty_label = _("The main hall")


class MinutesForm(forms.Form):
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 18}))
    conclusions = forms.CharField(label=_("Conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 6}))


class OutcomeTaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeDocumentForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"),
        choices=[(t.value, t.label) for t in (DocumentType.RESOLUTION, DocumentType.NOTICE, DocumentType.CONCLUSION)],
    )
    number = forms.CharField(label=_("Number"), max_length=20)
    symbol = forms.CharField(label=_("Symbol"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    subject = forms.CharField(label=_("Subject"), widget=forms.Textarea(attrs={"rows": 2}))
