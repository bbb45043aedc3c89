"""Forms of the news editors' pages and of the public date archive."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangvu.core.widgets import DateInput
from dangvu.publishing.models import NewsArticle, NewsState


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return f"{timezone.localtime(meeting.starts_at):%d/%m/%Y} · {meeting.unit.name} · {meeting.title}"


class MeetingPickerForm(forms.Form):
    """The meeting a draft is written about: held meetings of the units the user drafts for, latest first."""

    meeting = MeetingChoiceField(label=_("Meeting"), queryset=None, empty_label=None)

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class ArticleForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = NewsArticle
        fields = ["headline", "dateline", "event_date", "lead", "body", "byline", "source"]
        widgets = {
            "event_date": DateInput(),
            "lead": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
        }


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo (JPEG or PNG, at most 5 MB)"))
    caption = forms.CharField(label=_("Caption"), max_length=300)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class NewsFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All"))] + list(NewsState.choices), required=False)


class DayForm(forms.Form):
    """The date picker of "Xem tin theo ngày"."""

    ngay = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
