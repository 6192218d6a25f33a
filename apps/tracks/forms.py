"""Forms of the tracks pages. They validate input; the services decide the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledFormMixin
from apps.regions.models import Region

from .models import BusinessStatus, CourseType, Disbursement, KubeMember
from .models.readiness import MAX_SCORE, Outcome


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput(), initial=timezone.localdate)


def rupiah_field(label, required=True, min_value=0):
    return forms.IntegerField(
        label=label, required=required, min_value=min_value, help_text=_("Rupiah, tanpa titik.")
    )


class StyledForm(StyledFormMixin, forms.Form):
    """A plain form with the house styling (``apps.core.forms``)."""


class CourseForm(StyledForm):
    course_type = forms.ModelChoiceField(
        label=_("Jenis keterampilan"),
        queryset=CourseType.objects.filter(is_active=True).order_by("sort_order", "name"),
    )
    title = forms.CharField(label=_("Nama pelatihan"), max_length=200)
    trainer = forms.CharField(label=_("Pelatih/instruktur"), max_length=150)
    schedule = forms.CharField(label=_("Jadwal"), max_length=200, required=False)
    starts_on = date_field(_("Tanggal mulai"))
    ends_on = date_field(_("Tanggal selesai"))
    planned_hours = forms.IntegerField(label=_("Jumlah jam pelajaran"), min_value=1, max_value=2000)


class EnrollForm(StyledForm):
    registration_no = forms.CharField(label=_("Nomor registrasi PM"), max_length=50)
    enrolled_on = date_field(_("Tanggal daftar"))


class CompleteForm(StyledForm):
    completed_on = date_field(_("Tanggal lulus"))
    hours_attended = forms.IntegerField(label=_("Jam hadir"), min_value=0, max_value=2000, required=False)


class CertificateForm(StyledForm):
    issuer = forms.CharField(label=_("Penerbit sertifikat"), max_length=200)
    number = forms.CharField(label=_("Nomor sertifikat"), max_length=100)
    issued_on = date_field(_("Tanggal terbit"))


class LineChoiceForm(StyledForm):
    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["line"].label_from_instance = lambda line: (
            f"{line.code} — {line.programme.code} — {line.name}"
        )


class KitForm(LineChoiceForm):
    line = forms.ModelChoiceField(label=_("Mata anggaran"), queryset=None)
    items = forms.CharField(label=_("Rincian barang"), widget=forms.Textarea(attrs={"rows": 2}))
    amount = rupiah_field(_("Nilai (Rp)"), min_value=1)
    paid_on = date_field(_("Tanggal penyerahan"))


class GrantForm(LineChoiceForm):
    line = forms.ModelChoiceField(label=_("Mata anggaran"), queryset=None)
    amount = rupiah_field(_("Nilai bantuan (Rp)"), min_value=1)
    paid_on = date_field(_("Tanggal penyaluran"))
    form = forms.ChoiceField(label=_("Bentuk"), choices=Disbursement.Form.choices)
    items = forms.CharField(
        label=_("Rincian barang"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    business_type = forms.CharField(label=_("Jenis usaha"), max_length=150)
    started_on = date_field(_("Tanggal mulai usaha"))
    baseline_income = rupiah_field(_("Pendapatan awal per bulan (Rp)"))
    region_code = forms.CharField(label=_("Kode wilayah lokasi usaha"), max_length=13, required=False)
    proof = forms.FileField(label=_("Bukti penyaluran (PDF/JPG/PNG)"), required=False)

    def clean_region_code(self):
        code = self.cleaned_data["region_code"].strip()
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("Kode wilayah tidak dikenal."))
        return region


class VisitForm(StyledForm):
    visited_on = date_field(_("Tanggal kunjungan"))
    status = forms.ChoiceField(label=_("Status usaha"), choices=BusinessStatus.choices)
    monthly_revenue = rupiah_field(_("Omzet per bulan (Rp)"), required=False)
    monthly_income = rupiah_field(_("Pendapatan per bulan (Rp)"), required=False, min_value=None)
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class KubeForm(StyledForm):
    name = forms.CharField(label=_("Nama kelompok"), max_length=150)
    business_type = forms.CharField(label=_("Jenis usaha"), max_length=150)
    region_code = forms.CharField(label=_("Kode wilayah"), max_length=13)
    formed_on = date_field(_("Tanggal dibentuk"))

    def clean_region_code(self):
        region = Region.objects.filter(code=self.cleaned_data["region_code"].strip()).first()
        if region is None:
            raise forms.ValidationError(_("Kode wilayah tidak dikenal."))
        return region


class KubeMemberForm(StyledForm):
    registration_no = forms.CharField(label=_("Nomor registrasi PM"), max_length=50)
    role = forms.ChoiceField(label=_("Peran"), choices=KubeMember.Role.choices)


class ReadinessForm(StyledForm):
    assessed_on = date_field(_("Tanggal penilaian"))
    outcome = forms.ChoiceField(label=_("Usulan hasil"), choices=Outcome.choices)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        choices = [(n, str(n)) for n in range(MAX_SCORE + 1)]
        for criterion in self.criteria:
            required = f", {_('wajib')}" if criterion.required else ""
            label = f"{criterion.name} ({_('bobot')} {criterion.weight}{required})"
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, widget=forms.Select(attrs={"class": "form-select"})
            )

    @property
    def scores(self) -> dict:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}
