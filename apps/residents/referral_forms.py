"""Forms of referrals and over-capacity requests. They check input; the rules live in
``services.referrals``."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from apps.core.dates import recorded_date, today
from apps.core.forms import StyledFormMixin
from apps.institutions.models import Institution
from apps.regions.models import Region

from . import services
from .filters import DateInput
from .forms import InstitutionChoiceField, OverCapacityMixin, with_occupancy


def destination_choices(*, category_id, exclude_id, show_all: bool) -> tuple[list, dict]:
    """Receiving institutions as ``<optgroup>`` choices, by province and kab/kota, with
    their occupancy: those serving the PM's PPKS category first; the others only with
    ``show_all``, in groups marked as not serving it. Returns ``(choices, {id: institution})``;
    two queries."""
    serves = Institution.categories.through.objects.filter(
        institution_id=OuterRef("pk"), welfarecategory_id=category_id
    )
    institutions = with_occupancy(Institution.objects.active().exclude(pk=exclude_id)).annotate(
        serves=Exists(serves)
    )
    if not show_all:
        institutions = institutions.filter(serves=True)
    institutions = list(institutions)
    codes = {i.region_id[:2] for i in institutions} | {i.region_id[:5] for i in institutions}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    labeller = InstitutionChoiceField(queryset=Institution.objects.none())
    groups: dict[tuple, list] = {}
    for institution in institutions:
        key = (not institution.serves, institution.region_id[:2], institution.region_id[:5])
        groups.setdefault(key, []).append(institution)
    choices: list = [("", _("— pilih lembaga —"))]
    for (not_serving, province, regency), members in sorted(groups.items()):
        label = f"{names.get(province, province)} — {names.get(regency, regency)}"
        if not_serving:
            label = _("%(group)s (tidak melayani kategori PM ini)") % {"group": label}
        options = [
            (str(i.pk), labeller.label_from_instance(i))
            for i in sorted(members, key=lambda i: (i.name, i.pk))
        ]
        choices.append((label, options))
    return choices, {str(i.pk): i for i in institutions}


class ReferralForm(StyledFormMixin, forms.Form):
    """The sending institution's proposal: where to, from which day, why, and the letter."""

    to_institution = forms.ChoiceField(label=_("Lembaga tujuan"))
    on = forms.DateField(
        label=_("Tanggal pindah yang diusulkan"), widget=DateInput(), validators=[recorded_date]
    )
    letter_no = forms.CharField(label=_("Nomor surat rujukan"), max_length=100)
    reason = forms.CharField(label=_("Alasan rujukan"), widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(
        label=_("Pindaian surat rujukan"),
        required=False,
        allow_empty_file=False,
        help_text=_("Opsional. PDF, JPG atau PNG, paling besar 5 MB; disimpan di dokumen PM."),
    )

    def __init__(self, *args, choices, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.institutions = institutions
        self.fields["to_institution"].choices = choices
        self.initial.setdefault("on", today())

    def clean_to_institution(self):
        institution = self.institutions.get(self.cleaned_data["to_institution"])
        if institution is None:
            raise forms.ValidationError(_("Pilih lembaga tujuan dari daftar."))
        return institution

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and upload.size > services.MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("Berkas lebih dari 5 MB."))
        return upload


class ReferralAcceptForm(OverCapacityMixin, StyledFormMixin, forms.Form):
    """The receiver's acceptance: the day (the proposed one or later) and the room."""

    on = forms.DateField(label=_("Tanggal pindah"), widget=DateInput(), validators=[recorded_date])
    room = forms.CharField(label=_("Kamar/wisma"), max_length=100, required=False)
    over_capacity_reason = forms.CharField(
        label=_("Alasan menerima melebihi kapasitas (khusus kepala lembaga)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Isi hanya bila lembaga sudah penuh dan Anda menyetujui penerimaan ini."),
    )

    def __init__(self, *args, proposed_on, can_approve_over_capacity: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", proposed_on)
        self.fields["on"].help_text = _("Tanggal yang diusulkan atau sesudahnya, paling lambat hari ini.")
        self.drop_reason_unless(can_approve_over_capacity)


class ReasonForm(StyledFormMixin, forms.Form):
    """Declining or cancelling a referral, refusing a request: a reason is required."""

    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


CAPACITY_REQUEST_FIELD = "capacity_request_reason"


def offer_capacity_request(form) -> None:
    """Give a placing form (admission, acceptance) the field for a request to the head, for
    users who cannot approve going over capacity themselves. The page shows it only after
    the service has refused for lack of room."""
    if form.can_approve_over_capacity:
        return
    form.fields[CAPACITY_REQUEST_FIELD] = forms.CharField(
        label=_("Alasan permintaan kepada kepala lembaga"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_("Kepala lembaga akan menyetujui atau menolak; PM belum ditempatkan sampai disetujui."),
    )
