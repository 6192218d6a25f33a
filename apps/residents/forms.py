"""Forms of the residents pages. They check input; the rules of the domain live in ``services``."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from apps.core.dates import recorded_date, today
from apps.core.forms import PhoneField, StyledFormMixin
from apps.institutions.models import Institution
from apps.regions.forms import RegionChainField, prefill_of

from . import services
from .filters import DateInput
from .models import Case, Consent, Disability, Document, FamilyMember, Placement, Resident, ResidentEvent
from .nik import is_sixteen_digits, normalize_nik

MAX_IMPORT_BYTES = 20 * 1024 * 1024


def sixteen_digits(value) -> str:
    """``value`` (a NIK or No. KK as typed) as bare digits: empty, or 16 digits."""
    value = normalize_nik(value)
    if value and not is_sixteen_digits(value):
        raise forms.ValidationError(_("Harus 16 angka."), code="sixteen_digits")
    return value


def with_occupancy(queryset, on=None):
    """Institutions annotated with how many places are taken on ``on``: one query for a whole choice list."""
    taken = (
        Placement.objects.current(on)
        .filter(institution_id=OuterRef("pk"))
        .order_by()
        .values("institution_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        occupied=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0))
    ).order_by("name", "id")


class InstitutionChoiceField(forms.ModelChoiceField):
    """Institutions with their occupancy in the label: "UPT PSTW Jember (terisi 48 dari 50)"."""

    def label_from_instance(self, obj):
        occupied = getattr(obj, "occupied", None)
        if occupied is None:
            return obj.name
        label = _("%(name)s (terisi %(occupied)s dari %(capacity)s)") % {
            "name": obj.name,
            "occupied": occupied,
            "capacity": obj.capacity,
        }
        if occupied >= obj.capacity:
            label += " — " + str(_("penuh"))
        return label


RESIDENT_FIELDS = [name for name in services.RESIDENT_FIELDS if name not in ("origin_village", "photo")]


class ResidentForm(StyledFormMixin, forms.ModelForm):
    """A resident's identity. Uniqueness and NIK rules are checked by the service (with clearer messages)."""

    # The desa/kelurahan (a Region), chosen level by level; the name predates the picker.
    origin_village_code = RegionChainField(
        label=_("Desa/kelurahan asal"),
        required=False,
        help_text=_("Ketik untuk mencari. Biarkan kecamatan kosong bila alamat tidak diketahui."),
    )
    # Typed with spaces or dots as on the card: normalised in clean_<field>, then checked.
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=24,
        help_text=_("16 angka. Kosongkan bila PM tidak memiliki NIK."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    family_card_no = forms.CharField(
        label=_("Nomor KK"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    disabilities = forms.MultipleChoiceField(
        label=_("Disabilitas"),
        choices=Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Resident
        fields = RESIDENT_FIELDS
        widgets = {
            "birth_date": DateInput(),
            "health_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["welfare_decile"].validators += [
            MinValueValidator(1, _("Desil antara 1 dan 10.")),
            MaxValueValidator(10, _("Desil antara 1 dan 10.")),
        ]
        self.fields["welfare_decile"].widget.attrs.update(min=1, max=10)
        self.fields["birth_date"].validators.append(recorded_date)
        self.fields["welfare_category"].empty_label = _("— pilih kategori —")
        if self.instance.pk:
            self.initial.setdefault("origin_village_code", self.instance.origin_village_id)
            # The picker starts at the stored village's kab/kota, else the registering institution's.
            self.fields["origin_village_code"].prefill = prefill_of(
                [self.instance.origin_village_id or self.instance.registered_at.region_id]
            )

    def clean_nik(self):
        return sixteen_digits(self.cleaned_data.get("nik")) or None

    def clean_family_card_no(self):
        return sixteen_digits(self.cleaned_data.get("family_card_no"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("birth_date_estimated") and not cleaned.get("birth_date"):
            self.add_error("birth_date", _("Isi tanggal lahir perkiraan atau hapus centang 'perkiraan'."))
        return cleaned

    # The service checks uniqueness (NIK) and the constraints with messages a user understands.
    def validate_unique(self):
        pass

    def validate_constraints(self):
        pass

    def resident_data(self) -> dict:
        """The cleaned fields as the services take them (``data``)."""
        data = {name: self.cleaned_data.get(name) for name in RESIDENT_FIELDS}
        for name in ("nickname", "birth_place", "family_card_no", "origin_street", "origin_rt", "origin_rw"):
            data[name] = data[name] or ""
        data["origin_village"] = self.cleaned_data.get("origin_village_code")
        data["disabilities"] = list(self.cleaned_data.get("disabilities") or [])
        return data


class RegisterForm(ResidentForm):
    """Registration: identity, the registering institution, an optional guardian and the consent."""

    institution = forms.ModelChoiceField(
        label=_("Lembaga pendaftar"), queryset=Institution.objects.none(), empty_label=None
    )
    guardian_name = forms.CharField(label=_("Nama keluarga/wali"), max_length=150, required=False)
    guardian_relationship = forms.ChoiceField(
        label=_("Hubungan"),
        choices=[("", "—"), *FamilyMember.Relationship.choices],
        required=False,
    )
    guardian_phone = PhoneField(label=_("Telepon keluarga/wali"), required=False)
    consent_given = forms.BooleanField(
        label=_("Persetujuan pemrosesan data pribadi sudah diberikan"), required=False
    )
    consent_given_on = forms.DateField(
        label=_("Tanggal persetujuan"), required=False, widget=DateInput(), validators=[recorded_date]
    )
    consent_given_by = forms.CharField(
        label=_("Diberikan oleh"),
        max_length=150,
        required=False,
        help_text=_("Nama dan hubungan, mis. PM sendiri atau wali."),
    )
    consent_scope = forms.CharField(
        label=_("Cakupan persetujuan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=_("Pencatatan dan pengolahan data untuk layanan rehabilitasi sosial."),
    )
    allow_duplicates = forms.BooleanField(
        label=_("Saya sudah memeriksa data di atas: ini orang yang berbeda, tetap daftarkan"),
        required=False,
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        self.order_fields(["institution", *RESIDENT_FIELDS])
        # The address picker starts at the province (and kab/kota) the user's institutions share.
        regions = institutions.order_by().values_list("region_id", flat=True).distinct()
        self.fields["origin_village_code"].prefill = prefill_of(regions)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("guardian_name") and not cleaned.get("guardian_relationship"):
            self.add_error("guardian_relationship", _("Pilih hubungan keluarga/wali."))
        if cleaned.get("consent_given"):
            for name in ("consent_given_on", "consent_given_by", "consent_scope"):
                if not cleaned.get(name):
                    self.add_error(name, _("Wajib diisi bila persetujuan sudah diberikan."))
        return cleaned

    def family_data(self) -> list[dict]:
        name = self.cleaned_data.get("guardian_name")
        if not name:
            return []
        relationship = self.cleaned_data["guardian_relationship"]
        return [
            {
                "name": name,
                "relationship": relationship,
                "is_guardian": True,
                "phone": self.cleaned_data.get("guardian_phone") or "",
            }
        ]

    def consent_data(self) -> dict | None:
        if not self.cleaned_data.get("consent_given"):
            return None
        return {
            "given_on": self.cleaned_data["consent_given_on"],
            "given_by": self.cleaned_data["consent_given_by"],
            "scope": self.cleaned_data["consent_scope"],
        }


# --- Placements and cases ------------------------------------------------------------------------------


class OverCapacityMixin:
    """The over-capacity reason is a head's decision: the field exists only for heads."""

    def drop_reason_unless(self, allowed: bool):
        if not allowed:
            self.fields.pop("over_capacity_reason", None)

    @property
    def can_approve_over_capacity(self) -> bool:
        return "over_capacity_reason" in self.fields


PLANNED_BEFORE_ADMISSION = _("Rencana tanggal keluar tidak boleh sebelum tanggal masuk.")


class AdmitForm(OverCapacityMixin, StyledFormMixin, forms.Form):
    institution = InstitutionChoiceField(
        label=_("Lembaga"), queryset=Institution.objects.none(), empty_label=None
    )
    on = forms.DateField(label=_("Tanggal masuk"), widget=DateInput(), validators=[recorded_date])
    referral_source = forms.ChoiceField(label=_("Sumber rujukan"), choices=Case.ReferralSource.choices)
    referral_letter_no = forms.CharField(label=_("Nomor surat rujukan"), max_length=100, required=False)
    room = forms.CharField(label=_("Kamar/wisma"), max_length=100, required=False)
    planned_discharge_on = forms.DateField(
        label=_("Rencana tanggal keluar"),
        required=False,
        widget=DateInput(),
        help_text=_("Boleh dikosongkan. Lewat tanggal ini tanpa terminasi, PM masuk daftar perhatian."),
    )
    over_capacity_reason = forms.CharField(
        label=_("Alasan menerima melebihi kapasitas (khusus kepala lembaga)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Isi hanya bila lembaga sudah penuh dan Anda menyetujui penerimaan ini."),
    )

    def __init__(self, *args, institutions, can_approve_over_capacity: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        self.initial.setdefault("on", today())
        self.drop_reason_unless(can_approve_over_capacity)

    def clean(self):
        data = super().clean()
        on, planned = data.get("on"), data.get("planned_discharge_on")
        if on and planned and planned < on:
            self.add_error("planned_discharge_on", PLANNED_BEFORE_ADMISSION)
        return data


class DischargeForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label=_("Tanggal terminasi"), widget=DateInput(), validators=[recorded_date])
    reason = forms.ChoiceField(
        label=_("Alasan terminasi"), choices=[("", "—"), *Case.TerminationReason.choices]
    )
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    # Checks other apps add to the form (the tracks app: "independent" needs a ready
    # readiness outcome or a written reason): ``check(resident, reason, notes) -> str | None``.
    checks: list = []

    @classmethod
    def register_check(cls, check) -> None:
        if check not in cls.checks:
            cls.checks.append(check)

    def __init__(self, *args, resident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resident = resident
        self.initial.setdefault("on", today())
        self.fields["reason"].error_messages["required"] = _("Pilih alasan terminasi.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason"):
            # The service's own rules (services.termination_problems): "Lainnya" needs a note.
            problems = services.termination_problems(reason=cleaned["reason"], notes=cleaned.get("notes", ""))
            for name, messages in problems.items():
                for message in messages:
                    self.add_error(name, message)
        if self.resident is not None and cleaned.get("reason"):
            for check in self.checks:
                problem = check(self.resident, cleaned["reason"], cleaned.get("notes", ""))
                if problem:
                    self.add_error("notes", problem)
        return cleaned


class StageForm(StyledFormMixin, forms.Form):
    stage = forms.ChoiceField(label=_("Tahap kasus"), choices=Case.Stage.choices)


# --- Residential events --------------------------------------------------------------------------------


class EventForm(StyledFormMixin, forms.Form):
    """One residential event. Only the fields of the chosen kind are shown (``static/js/
    event_form.js`` hides the others; without script all are shown) and only they are read:
    a value left in a field of another kind is dropped (``services.kind_values``)."""

    kind = forms.ChoiceField(label=_("Jenis kejadian"), choices=ResidentEvent.Kind.choices)
    on = forms.DateField(label=_("Tanggal"), widget=DateInput())
    expected_return_on = forms.DateField(label=_("Rencana kembali"), required=False, widget=DateInput())
    hospital = forms.CharField(label=_("Nama rumah sakit"), max_length=150, required=False)
    returned_on = forms.DateField(
        label=_("Tanggal kembali"),
        required=False,
        widget=DateInput(),
        help_text=_("Isi hanya bila PM sudah kembali."),
    )
    room = forms.CharField(label=_("Kamar/wisma baru"), max_length=100, required=False)
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, resident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resident = resident
        self.initial.setdefault("on", today())

    def kind_rows(self) -> list[tuple]:
        """``(field, kinds)`` for the template: ``kinds`` (space-separated) are the kinds that
        show the field, "" for the fields every kind shows (kind, day, notes)."""
        rows = []
        for field in self.visible_fields():
            kinds = ""
            if field.name in services.KIND_SPECIFIC:
                kinds = " ".join(kind for kind, names in services.KIND_FIELDS.items() if field.name in names)
            rows.append((field, kinds))
        return rows

    def full_clean(self):
        # Fields of other kinds are not read at all: a date typed there cannot even fail to parse.
        if self.is_bound:
            kind = self.data.get("kind")
            data = self.data.copy()
            for name in services.KIND_SPECIFIC:
                if name not in services.KIND_FIELDS.get(kind, ()):
                    data[name] = ""
            self.data = data
        super().full_clean()

    def clean(self):
        # The service's own rules (services.event_problems), shown on the fields they concern.
        cleaned = super().clean()
        problems = services.event_problems(
            kind=cleaned.get("kind"),
            on=cleaned.get("on"),
            expected_return_on=cleaned.get("expected_return_on"),
            returned_on=cleaned.get("returned_on"),
            room=cleaned.get("room") or "",
            birth_date=self.resident.birth_date if self.resident is not None else None,
        )
        for name, messages in problems.items():
            if name not in self.errors:  # a field that did not even parse keeps its own error
                for message in messages:
                    self.add_error(name, message)
        return cleaned


class EventCloseForm(StyledFormMixin, forms.Form):
    returned_on = forms.DateField(label=_("Tanggal kembali"), widget=DateInput())

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.initial.setdefault("returned_on", today())

    def clean_returned_on(self):
        value = self.cleaned_data["returned_on"]
        occurred_on = self.event.occurred_on if self.event is not None else None
        problems = services.return_problems(occurred_on=occurred_on, returned_on=value)
        if problems:
            raise forms.ValidationError(problems)
        return value


# --- Family, documents, consent ------------------------------------------------------------------------


class FamilyMemberForm(StyledFormMixin, forms.ModelForm):
    phone = PhoneField(label=_("Telepon"), required=False)
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = FamilyMember
        fields = list(services.FAMILY_FIELDS)

    def clean_nik(self):
        return sixteen_digits(self.cleaned_data.get("nik"))

    def family_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class DocumentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=Document.Kind.choices)
    file = forms.FileField(
        label=_("Berkas"), help_text=_("PDF, JPG atau PNG, paling besar 5 MB."), allow_empty_file=False
    )
    description = forms.CharField(label=_("Keterangan"), max_length=200, required=False)

    def clean_file(self):
        # The type is judged from the content by the service; the size is refused early here.
        upload = self.cleaned_data["file"]
        if upload.size > services.MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("Berkas lebih dari 5 MB."))
        return upload


class ConsentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["given_on", "given_by", "scope"]
        widgets = {"given_on": DateInput(), "scope": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].validators.append(recorded_date)
        self.initial.setdefault("given_on", today())


# --- Import --------------------------------------------------------------------------------------------


class ImportUploadForm(StyledFormMixin, forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Lembaga pendaftar"), queryset=Institution.objects.none(), empty_label=None
    )
    file = forms.FileField(label=_("Berkas XLSX"), help_text=_("Baris pertama berisi nama kolom."))

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Unggah berkas .xlsx."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (paling besar 20 MB)."))
        return upload
