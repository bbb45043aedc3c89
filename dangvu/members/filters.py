"""The member list's filters and sorting, shared by the list page and the export."""

from datetime import date

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.access.roles import Action
from dangvu.access.scoping import has_any, member_scope_q
from dangvu.core.text import search_key
from dangvu.members.models import STATUS_CHOICES, Gender
from dangvu.members.rules import ACTIVE_STATUSES
from dangvu.units.choices import UnitWalkField

ACTIVE = "active"
ALL = "all"
AGE_BANDS = [
    ("", _("Any age")),
    ("under30", _("Under 30")),
    ("30-45", _("30 to 45")),
    ("46-60", _("46 to 60")),
    ("over60", _("Over 60")),
]
# (youngest age, oldest age) of each band, in whole years.
_AGE_LIMITS = {"under30": (0, 29), "30-45": (30, 45), "46-60": (46, 60), "over60": (61, None)}
SORTS = {
    "name": ("name_sort_key", "id"),
    "admitted": ("admitted_on", "name_sort_key", "id"),
    "cell": ("unit__name", "name_sort_key", "id"),
}


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def age_band_q(band: str, on: date) -> Q:
    """Members whose age on `on` lies in the band: age >= n  <=>  born on or before `on` minus n years."""
    youngest, oldest = _AGE_LIMITS[band]
    q = Q(birth_date__lte=_years_before(on, youngest))
    if oldest is not None:
        q &= Q(birth_date__gt=_years_before(on, oldest + 1))
    return q


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    unit = UnitWalkField(label=_("Unit"), empty_label=_("All units"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(ACTIVE, _("Current members")), (ALL, _("All")), *STATUS_CHOICES],
    )
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[("", _("All")), *Gender.choices])
    age = forms.ChoiceField(label=_("Age"), required=False, choices=AGE_BANDS)
    year = forms.IntegerField(label=_("Admission year"), required=False, min_value=1930, max_value=2100)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("name", _("Name")), ("admitted", _("Admission date")), ("cell", _("Cell"))],
    )
    size = forms.TypedChoiceField(
        label=_("Per page"), required=False, coerce=int, choices=[(n, n) for n in settings.PAGE_SIZES]
    )

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["unit"].offer(user, self["unit"].value())
        # The age band reveals birth dates, which are personal data.
        if not has_any(user, Action.VIEW_PERSONAL):
            del self.fields["age"]


def filter_members(queryset, data: dict, user, on: date):
    """Apply cleaned filter values to a Member queryset already passed through `visible_to`."""
    if data.get("unit"):  # a unit the user may see (UnitWalkField)
        queryset = queryset.in_subtree(data["unit"])
    status = data.get("status") or ACTIVE
    if status == ACTIVE:
        queryset = queryset.filter(status__in=[s.value for s in ACTIVE_STATUSES])
    elif status != ALL:
        queryset = queryset.filter(status=status)
    if data.get("gender"):
        queryset = queryset.filter(gender=data["gender"])
    if data.get("age"):
        # Only members whose personal data the user may see can be selected by age.
        queryset = queryset.filter(member_scope_q(user, Action.VIEW_PERSONAL)).filter(age_band_q(data["age"], on))
    if data.get("year"):
        queryset = queryset.filter(admitted_on__year=data["year"])
    key = search_key(data.get("q") or "")
    if key:
        queryset = queryset.filter(search_key__contains=key)
    return queryset.order_by(*SORTS[data.get("sort") or "name"])
