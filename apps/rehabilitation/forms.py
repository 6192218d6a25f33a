"""Forms of case work. They validate input; the services and the database keep the rules."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledFormMixin
from apps.residents.models import Case

from .models import FamilyTracingStep, FollowUpVisit, NoteLevel, Question, ServiceComponent, ServiceType
from .models.assessments import SCORE_BANDS

SCORE_CHOICES = [("", "—")] + [(str(k), f"{k} — {label}") for k, (label, _c) in SCORE_BANDS.items()]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def today():
    return timezone.localdate()


class Styled(StyledFormMixin):
    """The house styling (``apps.core.forms``), under this module's old name."""


def staff_choices(institution_id):
    return (
        get_user_model()
        .objects.filter(memberships__institution_id=institution_id, is_active=True)
        .order_by("username", "id")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class StageForm(Styled, forms.Form):
    to_stage = forms.ChoiceField(label=_("Pindah ke tahap"), choices=Case.Stage.choices)
    on = forms.DateField(label=_("Tanggal"), widget=DateInput(), initial=today)
    reason = forms.CharField(
        label=_("Alasan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila kembali ke tahap sebelumnya."),
    )


class AssignForm(Styled, forms.Form):
    worker = StaffChoiceField(label=_("Pekerja sosial"), queryset=get_user_model().objects.none())

    def __init__(self, *args, institution_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = staff_choices(institution_id)


class AssessmentForm(Styled, forms.Form):
    """Built from an instrument: one score per domain, one field per question."""

    assessed_on = forms.DateField(label=_("Tanggal asesmen"), widget=DateInput(), initial=today)

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.sections = []
        for domain in instrument.domains.all():
            names = [f"domain_{domain.pk}"]
            self.fields[names[0]] = forms.ChoiceField(
                label=_("Skor domain: %(name)s") % {"name": domain.name}, choices=SCORE_CHOICES
            )
            for question in domain.questions.all():
                name = f"q_{question.pk}"
                self.fields[name] = self._question_field(question)
                names.append(name)
            self.sections.append((domain, names))
        self.fields["summary"] = forms.CharField(
            label=_("Kesimpulan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    @staticmethod
    def _question_field(question):
        required = question.required
        if question.kind == Question.Kind.SCORE:
            return forms.ChoiceField(label=question.text, choices=SCORE_CHOICES, required=required)
        if question.kind == Question.Kind.YES_NO:
            choices = [("", "—"), ("ya", _("Ya")), ("tidak", _("Tidak"))]
            return forms.ChoiceField(label=question.text, choices=choices, required=required)
        if question.kind == Question.Kind.CHOICE:
            choices = [("", "—")] + [(c, c) for c in question.choice_list]
            return forms.ChoiceField(label=question.text, choices=choices, required=required)
        if question.kind == Question.Kind.NUMBER:
            return forms.DecimalField(label=question.text, required=required)
        return forms.CharField(
            label=question.text, required=required, widget=forms.Textarea(attrs={"rows": 2})
        )

    def section_fields(self):
        return [(domain, [self[name] for name in names]) for domain, names in self.sections]

    def scores(self) -> dict:
        return {int(k.split("_")[1]): v for k, v in self.cleaned_data.items() if k.startswith("domain_")}

    def answers(self) -> dict:
        return {int(k.split("_")[1]): v for k, v in self.cleaned_data.items() if k.startswith("q_")}


GOAL_ROWS = 5
SERVICE_ROWS = 4


class PlanForm(Styled, forms.Form):
    review_on = forms.DateField(label=_("Tanggal tinjau ulang"), widget=DateInput())
    summary = forms.CharField(label=_("Ringkasan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, domains, institution_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal_rows, self.service_rows = [], []
        for i in range(GOAL_ROWS):
            self.fields[f"goal_domain_{i}"] = forms.ModelChoiceField(
                label=_("Domain"), queryset=domains, required=False
            )
            self.fields[f"goal_text_{i}"] = forms.CharField(label=_("Tujuan"), required=False, max_length=300)
            self.fields[f"goal_target_{i}"] = forms.DateField(
                label=_("Target"), required=False, widget=DateInput()
            )
            self.goal_rows.append([f"goal_domain_{i}", f"goal_text_{i}", f"goal_target_{i}"])
        for i in range(SERVICE_ROWS):
            self.fields[f"svc_type_{i}"] = forms.ModelChoiceField(
                label=_("Jenis layanan"),
                queryset=ServiceType.objects.filter(is_active=True).order_by("name"),
                required=False,
            )
            self.fields[f"svc_component_{i}"] = forms.ModelChoiceField(
                label=_("Komponen ATENSI"),
                queryset=ServiceComponent.objects.order_by("order"),
                required=False,
            )
            self.fields[f"svc_responsible_{i}"] = StaffChoiceField(
                label=_("Penanggung jawab"), queryset=staff_choices(institution_id), required=False
            )
            self.fields[f"svc_frequency_{i}"] = forms.CharField(
                label=_("Frekuensi"), required=False, max_length=100
            )
            self.service_rows.append(
                [f"svc_type_{i}", f"svc_component_{i}", f"svc_responsible_{i}", f"svc_frequency_{i}"]
            )

    def rows(self, names):
        return [[self[n] for n in row] for row in names]

    def clean(self):
        data = super().clean()
        goals, services = [], []
        for i in range(GOAL_ROWS):
            text, target = data.get(f"goal_text_{i}"), data.get(f"goal_target_{i}")
            if text and not target:
                self.add_error(f"goal_target_{i}", _("Isi tanggal target."))
            elif text:
                goals.append({"domain": data.get(f"goal_domain_{i}"), "text": text, "target_on": target})
        for i in range(SERVICE_ROWS):
            kind, responsible = data.get(f"svc_type_{i}"), data.get(f"svc_responsible_{i}")
            if kind and not responsible:
                self.add_error(f"svc_responsible_{i}", _("Pilih penanggung jawab."))
            elif kind:
                services.append(
                    {
                        "service_type": kind,
                        "component": data.get(f"svc_component_{i}") or kind.component,
                        "responsible": responsible,
                        "frequency": data.get(f"svc_frequency_{i}") or "",
                    }
                )
        if not goals and not self.errors:
            raise forms.ValidationError(_("Isi sedikitnya satu tujuan."))
        data["goals"], data["services"] = goals, services
        return data


class DecideForm(Styled, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Setujui")), ("return", _("Kembalikan"))])
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeliveryFields(Styled, forms.Form):
    held_on = forms.DateField(label=_("Tanggal"), widget=DateInput(), initial=today)
    service_type = forms.ModelChoiceField(
        label=_("Jenis layanan"), queryset=ServiceType.objects.filter(is_active=True).order_by("name")
    )
    component = forms.ModelChoiceField(
        label=_("Komponen ATENSI"),
        queryset=ServiceComponent.objects.order_by("order"),
        required=False,
        help_text=_("Kosong: komponen utama jenis layanan."),
    )
    facilitator = StaffChoiceField(label=_("Fasilitator"), queryset=get_user_model().objects.none())
    duration_minutes = forms.IntegerField(label=_("Durasi (menit)"), min_value=1, max_value=1440)

    def __init__(self, *args, institution_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = staff_choices(institution_id)

    def clean(self):
        data = super().clean()
        if data.get("service_type") and not data.get("component"):
            data["component"] = data["service_type"].component
        return data


class SessionForm(DeliveryFields):
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ActivityForm(DeliveryFields):
    title = forms.CharField(label=_("Kegiatan"), max_length=150)
    series = forms.CharField(label=_("Seri kegiatan"), max_length=100, required=False)
    field_order = [
        "title",
        "series",
        "held_on",
        "service_type",
        "component",
        "facilitator",
        "duration_minutes",
    ]


class NoteForm(Styled, forms.Form):
    written_on = forms.DateField(label=_("Tanggal"), widget=DateInput(), initial=today)
    level = forms.ChoiceField(
        label=_("Kerahasiaan"), choices=NoteLevel.choices, initial=NoteLevel.INSTITUTION
    )
    text = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}))


class OpenNoteForm(Styled, forms.Form):
    reason = forms.CharField(label=_("Alasan membuka catatan terbatas"), max_length=500)


class FamilyStepForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Langkah"), choices=FamilyTracingStep.Kind.choices)
    occurred_on = forms.DateField(label=_("Tanggal"), widget=DateInput(), initial=today)
    outcome = forms.ChoiceField(
        label=_("Hasil"), choices=[("", "—"), *FamilyTracingStep.Outcome.choices], required=False
    )
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(Styled, forms.Form):
    months = forms.TypedChoiceField(label=_("Kunjungan"), coerce=int, choices=())
    visited_on = forms.DateField(label=_("Tanggal kunjungan"), widget=DateInput(), initial=today)
    outcome = forms.ChoiceField(label=_("Hasil"), choices=FollowUpVisit.Outcome.choices)
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["months"].choices = [
            (
                item.months,
                _("Bulan ke-%(m)s (jatuh tempo %(d)s)") % {"m": item.months, "d": item.due_on.isoformat()},
            )
            for item in pending
        ]
