from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Sex
from apps.core.dates import not_before_1900

from .elements import ELEMENTS
from .ikm import Period
from .models import Education, FollowUpPlan, Occupation, Service
from .services import MAX_AGE, MIN_AGE

HONEYPOT_FIELD = "website"


def _blank(choices):
    return [("", _("— pilih —")), *choices]


class SurveyForm(forms.Form):
    """The questionnaire: nine elements, a short profile and a suggestion."""

    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices, widget=forms.RadioSelect)
    age = forms.IntegerField(label=_("Umur (tahun)"), min_value=MIN_AGE, max_value=MAX_AGE, required=False)
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"), choices=_blank(Education.choices), required=False
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan utama"), choices=_blank(Occupation.choices), required=False
    )
    service = forms.ChoiceField(label=_("Layanan yang Saudara terima"), choices=_blank(Service.choices))
    suggestion = forms.CharField(
        label=_("Saran dan masukan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Hidden from people (CSS and aria), filled by naive bots: such answers are dropped.
    website = forms.CharField(required=False, label=_("Jangan diisi"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for element in ELEMENTS:
            self.fields[element.code] = forms.TypedChoiceField(
                label=element.question,
                choices=element.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )
        self.order_fields(["sex", "age", "education", "occupation", "service", *(e.code for e in ELEMENTS)])
        self.fields["age"].widget.attrs.update({"inputmode": "numeric"})

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def profile_fields(self):
        return [self[name] for name in ("sex", "age", "education", "occupation", "service")]

    def element_fields(self):
        return [(element, self[element.code]) for element in ELEMENTS]

    @property
    def answers(self) -> dict[str, int]:
        return {e.code: self.cleaned_data[e.code] for e in ELEMENTS}

    @property
    def profile(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("sex", "age", "education", "occupation", "service", "suggestion")}


class AssistedSurveyForm(SurveyForm):
    """Paper or spoken answers a field worker enters for a respondent, on the day they answered."""

    submitted_on = forms.DateField(
        label=_("Tanggal pengisian"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[not_before_1900],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitted_on"].initial = timezone.localdate()
        self.fields["sex"].required = False
        self.fields["sex"].choices = _blank(Sex.choices)
        self.fields["sex"].widget = forms.Select(choices=self.fields["sex"].choices)
        self.fields["service"].initial = Service.COMMUNITY
        del self.fields["website"]

    @property
    def is_bot(self) -> bool:
        return False

    def clean_submitted_on(self):
        value = self.cleaned_data["submitted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal pengisian tidak boleh di masa depan."))
        return value


class PeriodForm(forms.Form):
    period = forms.CharField(label=_("Periode"), max_length=7, required=False)

    def period_or(self, default: Period) -> Period:
        text = self.data.get("period", "").strip()
        if not text:
            return default
        try:
            return Period.parse(text)
        except ValueError:
            return default


class FollowUpPlanForm(forms.ModelForm):
    class Meta:
        model = FollowUpPlan
        fields = ["problem", "action", "due_on", "responsible"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 4}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].validators.append(not_before_1900)


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan peninjauan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
