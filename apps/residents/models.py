"""Residents (PM), their cases, placements and residential events.

The rules that must never be broken live in the database: one placement at a
time (exclusion constraint), a closed case has a termination reason and a final
stage, an ended placement has an end reason, one open absence at a time, NIK
unique when given, choice fields hold one of their choices (see each Meta).
Writes go through ``services.py``; every change is in the audit history
(django-pghistory, with the acting user from the request).
"""

import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Sex, choices_check
from apps.core.models import TimeStampedModel

# Audit-history models are named "<Model>History", reached as ``obj.history``.
_HISTORY = pghistory.ObjForeignKey(related_name="history")
# Statement-level triggers: one history insert (and one context lookup) per statement,
# not per row, so a bulk import of thousands of rows keeps its audit trail at bulk speed.
_LEVEL = pghistory.Statement


class Religion(models.TextChoices):
    ISLAM = "islam", _("Islam")
    PROTESTANT = "kristen", _("Kristen")
    CATHOLIC = "katolik", _("Katolik")
    HINDU = "hindu", _("Hindu")
    BUDDHIST = "buddha", _("Buddha")
    CONFUCIAN = "khonghucu", _("Khonghucu")
    BELIEF = "kepercayaan", _("Kepercayaan terhadap Tuhan YME")
    UNKNOWN = "tidak_diketahui", _("Tidak diketahui")


class MaritalStatus(models.TextChoices):
    SINGLE = "belum_kawin", _("Belum kawin")
    MARRIED = "kawin", _("Kawin")
    DIVORCED = "cerai_hidup", _("Cerai hidup")
    WIDOWED = "cerai_mati", _("Cerai mati")
    UNKNOWN = "tidak_diketahui", _("Tidak diketahui")


class Education(models.TextChoices):
    NONE = "tidak_sekolah", _("Tidak/belum sekolah")
    SD = "sd", _("SD/sederajat")
    SMP = "smp", _("SMP/sederajat")
    SMA = "sma", _("SMA/SMK/sederajat")
    DIPLOMA = "diploma", _("Diploma (D1-D3)")
    BACHELOR = "s1", _("S1/D4 atau lebih")
    UNKNOWN = "tidak_diketahui", _("Tidak diketahui")


class Disability(models.TextChoices):
    PHYSICAL = "fisik", _("Disabilitas fisik")
    INTELLECTUAL = "intelektual", _("Disabilitas intelektual")
    MENTAL = "mental", _("Disabilitas mental/psikososial (termasuk ODGJ)")
    SENSORY = "sensorik", _("Disabilitas sensorik (netra, rungu, wicara)")


# Up to this many visible institutions, residents are found through the GIN index on
# ``institution_ids``; above it (supervisors), by testing each row (see visible_to).
VISIBILITY_INDEX_LIMIT = 20


class ResidentQuerySet(models.QuerySet):
    def visible_to(self, who):
        """Residents ``who`` (a user or its ``UserScope``) may see.

        Administrators see all. Staff and heads see residents placed (now or
        before) at one of their institutions, or registered there (PM served in
        the community have no placement). Supervisors see the same for every
        institution inside their regions.
        """
        from apps.institutions.scope import UserScope

        scope = UserScope.of(who)
        if not scope.is_active:
            return self.none()
        if scope.is_admin:
            return self
        ids = scope.visible_institution_ids
        if not ids:
            return self.none()
        # ``institution_ids`` (kept by triggers) holds the registering institution and every
        # placement's: one array test per row instead of a join to placements, which the
        # planner turned into a hash of every placement in scope.
        if len(ids) <= VISIBILITY_INDEX_LIMIT:
            # A few institutions hold few residents: the GIN index finds them.
            return self.filter(institution_ids__overlap=ids)
        # A supervisor's hundreds of institutions cover much of the table; merging hundreds
        # of GIN posting lists took 170 ms (bench_residents). Test each row instead, while
        # walking the index of the list's order: the same array, written so no index applies.
        unindexed = models.Func(
            models.F("institution_ids"),
            template="(%(expressions)s || '{}'::bigint[])",
            output_field=ArrayField(models.BigIntegerField()),
        )
        return self.alias(_visible_ids=unindexed).filter(_visible_ids__overlap=ids)


# SQL that recomputes ``Resident.institution_ids`` from registrations and placements, for
# loads that bypass the triggers (the benchmark's COPY).
INSTITUTION_IDS_REFRESH_SQL = """
UPDATE residents_resident r SET institution_ids = s.ids
FROM (
    SELECT r2.id, ARRAY(
        SELECT DISTINCT x FROM unnest(r2.registered_at_id || COALESCE(array_agg(p.institution_id)
            FILTER (WHERE p.institution_id IS NOT NULL), '{}'::bigint[])) AS x ORDER BY x
    ) AS ids
    FROM residents_resident r2 LEFT JOIN residents_placement p ON p.resident_id = r2.id
    GROUP BY r2.id, r2.registered_at_id
) s
WHERE s.id = r.id AND r.institution_ids IS DISTINCT FROM s.ids
"""


@pghistory.track(model_name="ResidentHistory", obj_field=_HISTORY, level=_LEVEL, exclude=["institution_ids"])
class Resident(TimeStampedModel):
    """A PM (penerima manfaat): a person served, in a panti or in the community."""

    registration_no = models.CharField(_("nomor registrasi"), max_length=50, unique=True)
    registered_at = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lembaga pendaftar"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    nickname = models.CharField(_("nama panggilan/alias"), max_length=100, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    birth_date_estimated = models.BooleanField(_("tanggal lahir perkiraan"), default=False)
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True, unique=True)
    family_card_no = models.CharField(_("nomor KK"), max_length=16, blank=True)
    religion = models.CharField(_("agama"), max_length=20, choices=Religion.choices, default=Religion.UNKNOWN)
    marital_status = models.CharField(
        _("status perkawinan"), max_length=20, choices=MaritalStatus.choices, default=MaritalStatus.UNKNOWN
    )
    education = models.CharField(
        _("pendidikan"), max_length=20, choices=Education.choices, default=Education.UNKNOWN
    )
    origin_village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan asal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    origin_street = models.CharField(_("alamat asal (jalan)"), max_length=200, blank=True)
    origin_rt = models.CharField(_("RT"), max_length=3, blank=True)
    origin_rw = models.CharField(_("RW"), max_length=3, blank=True)
    mother_name = models.CharField(_("nama ibu kandung"), max_length=150, blank=True)
    welfare_category = models.ForeignKey(
        "institutions.WelfareCategory",
        verbose_name=_("kategori PPKS"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    disabilities = ArrayField(
        models.CharField(max_length=20, choices=Disability.choices),
        verbose_name=_("disabilitas"),
        default=list,
        blank=True,
    )
    health_notes = models.TextField(_("catatan kesehatan"), blank=True)
    allergies = models.CharField(_("alergi"), max_length=300, blank=True)
    photo = models.ImageField(_("foto"), upload_to="residents/photos/%Y/", blank=True)
    dtsen_id = models.CharField(_("ID DTSEN"), max_length=30, blank=True)
    welfare_decile = models.PositiveSmallIntegerField(_("desil kesejahteraan"), null=True, blank=True)
    # Every institution that registered or ever placed this PM: who may see the file.
    # Kept by database triggers (below and on Placement), never written by the app.
    institution_ids = ArrayField(models.BigIntegerField(), default=list, blank=True, editable=False)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        triggers = [
            pgtrigger.Trigger(
                name="resident_institution_ids_registered",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.UpdateOf("registered_at_id"),
                func=(
                    "IF NOT (COALESCE(NEW.institution_ids, '{}') @> ARRAY[NEW.registered_at_id]) THEN "
                    "NEW.institution_ids := array_append(COALESCE(NEW.institution_ids, '{}'), "
                    "NEW.registered_at_id); END IF; RETURN NEW;"
                ),
            ),
        ]
        verbose_name = _("penerima manfaat")
        verbose_name_plural = _("penerima manfaat")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nik__isnull=True) | models.Q(nik__regex=r"^[0-9]{16}$"),
                name="resident_nik_16_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(family_card_no="") | models.Q(family_card_no__regex=r"^[0-9]{16}$"),
                name="resident_family_card_16_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(welfare_decile__isnull=True)
                | models.Q(welfare_decile__gte=1, welfare_decile__lte=10),
                name="resident_decile_1_to_10",
            ),
            models.CheckConstraint(condition=models.Q(sex__in=["L", "P"]), name="resident_sex_l_or_p"),
            models.CheckConstraint(condition=~models.Q(full_name=""), name="resident_full_name_not_empty"),
            # An estimated birth date is still a date (the form asks for one); "unknown" is no date.
            models.CheckConstraint(
                condition=models.Q(birth_date_estimated=False) | models.Q(birth_date__isnull=False),
                name="resident_estimated_birth_date_set",
            ),
            choices_check(name="resident_religion_choices", field="religion", choices=Religion),
            choices_check(
                name="resident_marital_status_choices", field="marital_status", choices=MaritalStatus
            ),
            choices_check(name="resident_education_choices", field="education", choices=Education),
            models.CheckConstraint(
                condition=models.Q(disabilities__contained_by=Disability.values),
                name="resident_disabilities_choices",
            ),
        ]
        indexes = [
            # Search and duplicate detection by similar name (pg_trgm).
            GinIndex(OpClass(Upper("full_name"), name="gin_trgm_ops"), name="resident_name_trgm"),
            GinIndex(OpClass(Upper("nickname"), name="gin_trgm_ops"), name="resident_nickname_trgm"),
            GinIndex(OpClass(Upper("mother_name"), name="gin_trgm_ops"), name="resident_mother_trgm"),
            GinIndex(
                OpClass(Upper("registration_no"), name="gin_trgm_ops"), name="resident_registration_no_trgm"
            ),
            # The list's order: without it a page of a million residents sorts them all.
            models.Index(fields=["full_name", "id"], name="resident_name_order_idx"),
            # The list filtered by category (and sex), still in name order.
            models.Index(
                fields=["welfare_category", "sex", "full_name", "id"], name="resident_category_name_idx"
            ),
            models.Index(fields=["registered_at", "id"], name="resident_registered_at_idx"),
            GinIndex(fields=["institution_ids"], name="resident_institution_ids_gin"),
            models.Index(fields=["birth_date"], name="resident_birth_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_no} {self.full_name}"


# The choices of the models below live at module level, where their Meta can reach them
# for the database checks; each model still offers them as ``Model.<Name>``.


class FamilyRelationship(models.TextChoices):
    FATHER = "ayah", _("Ayah")
    MOTHER = "ibu", _("Ibu")
    SPOUSE = "pasangan", _("Suami/istri")
    CHILD = "anak", _("Anak")
    SIBLING = "saudara", _("Saudara kandung")
    RELATIVE = "kerabat", _("Kerabat lain")
    GUARDIAN = "wali", _("Wali")
    OTHER = "lainnya", _("Lainnya")


@pghistory.track(model_name="FamilyMemberHistory", obj_field=_HISTORY, level=_LEVEL)
class FamilyMember(TimeStampedModel):
    """A relative or guardian of a resident, with how to reach them."""

    Relationship = FamilyRelationship

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="family")
    name = models.CharField(_("nama"), max_length=150)
    relationship = models.CharField(_("hubungan"), max_length=20, choices=Relationship.choices)
    is_guardian = models.BooleanField(_("wali/penanggung jawab"), default=False)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("keluarga/wali")
        verbose_name_plural = _("keluarga/wali")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nik="") | models.Q(nik__regex=r"^[0-9]{16}$"),
                name="family_member_nik_16_digits",
            ),
            choices_check(
                name="family_member_relationship_choices", field="relationship", choices=FamilyRelationship
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"


def document_upload_to(instance, filename: str) -> str:
    # A random name: no person's name or NIK ends up in a storage path or URL.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"residents/documents/{uuid.uuid4().hex}.{extension}"


class DocumentKind(models.TextChoices):
    KTP = "ktp", _("KTP")
    KK = "kk", _("Kartu Keluarga")
    BIRTH_CERTIFICATE = "akta_lahir", _("Akta kelahiran")
    REFERRAL = "surat_rujukan", _("Surat rujukan")
    SKTM = "sktm", _("SKTM")
    HANDOVER = "berita_acara", _("Berita acara serah terima")
    OTHER = "lainnya", _("Lainnya")


@pghistory.track(model_name="DocumentHistory", obj_field=_HISTORY, level=_LEVEL)
class Document(TimeStampedModel):
    """A scanned document of a resident, kept through Django's storage API."""

    Kind = DocumentKind

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to=document_upload_to)
    content_type = models.CharField(_("tipe berkas"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    description = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        constraints = [choices_check(name="document_kind_choices", field="kind", choices=DocumentKind)]

    def __str__(self) -> str:
        return self.get_kind_display()


@pghistory.track(model_name="ConsentHistory", obj_field=_HISTORY, level=_LEVEL)
class Consent(TimeStampedModel):
    """Consent to processing a resident's personal data (UU PDP)."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="consents")
    given_on = models.DateField(_("tanggal persetujuan"))
    given_by = models.CharField(
        _("diberikan oleh"), max_length=150, help_text=_("Nama dan hubungan, mis. PM sendiri atau wali.")
    )
    scope = models.TextField(_("cakupan persetujuan"))

    class Meta:
        verbose_name = _("persetujuan pemrosesan data")
        verbose_name_plural = _("persetujuan pemrosesan data")

    def __str__(self) -> str:
        return f"{self.given_on} {self.given_by}"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)


class CaseReferralSource(models.TextChoices):
    OUTREACH = "razia", _("Penjangkauan/razia")
    FAMILY = "keluarga", _("Keluarga")
    POLICE = "polisi", _("Kepolisian")
    HOSPITAL = "rumah_sakit", _("Rumah sakit")
    INSTITUTION = "lembaga_lain", _("Lembaga lain")
    SELF = "sendiri", _("Datang sendiri")
    OTHER = "lainnya", _("Lainnya")


class CaseStage(models.TextChoices):
    APPROACH = "pendekatan_awal", _("Pendekatan awal")
    ASSESSMENT = "asesmen", _("Asesmen")
    PLANNING = "rencana_intervensi", _("Rencana intervensi")
    INTERVENTION = "intervensi", _("Intervensi")
    RESOCIALISATION = "resosialisasi", _("Resosialisasi")
    TERMINATION = "terminasi", _("Terminasi")
    AFTERCARE = "bimbingan_lanjut", _("Bimbingan lanjut")


class CaseTerminationReason(models.TextChoices):
    RETURNED_TO_FAMILY = "returned_to_family", _("Kembali ke keluarga")
    INDEPENDENT = "independent", _("Mandiri")
    REFERRED = "referred", _("Dirujuk ke lembaga lain")
    DIED = "died", _("Meninggal dunia")
    RAN_AWAY = "ran_away", _("Melarikan diri")
    OTHER = "other", _("Lainnya")


@pghistory.track(model_name="CaseHistory", obj_field=_HISTORY, level=_LEVEL)
class Case(TimeStampedModel):
    """A case opens at intake and closes at termination (PP 39/2012 stages)."""

    ReferralSource = CaseReferralSource
    Stage = CaseStage
    TerminationReason = CaseTerminationReason

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="cases")
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lembaga penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_on = models.DateField(_("tanggal masuk (intake)"))
    referral_source = models.CharField(_("sumber rujukan"), max_length=20, choices=ReferralSource.choices)
    referral_letter_no = models.CharField(_("nomor surat rujukan"), max_length=100, blank=True)
    stage = models.CharField(_("tahap"), max_length=20, choices=Stage.choices, default=Stage.APPROACH)
    closed_on = models.DateField(_("tanggal terminasi"), null=True, blank=True)
    termination_reason = models.CharField(
        _("alasan terminasi"), max_length=20, choices=TerminationReason.choices, blank=True
    )
    termination_notes = models.TextField(_("catatan terminasi"), blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("kasus")
        verbose_name_plural = _("kasus")
        constraints = [
            # A closed case needs a reason, an open one has none.
            models.CheckConstraint(
                condition=(models.Q(closed_on__isnull=True) & models.Q(termination_reason=""))
                | (models.Q(closed_on__isnull=False) & ~models.Q(termination_reason="")),
                name="case_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
            # At most one open case per resident.
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(closed_on__isnull=True),
                name="case_one_open_per_resident",
            ),
            # After termination a case may only move on to aftercare (bimbingan lanjut).
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(stage__in=[CaseStage.TERMINATION, CaseStage.AFTERCARE]),
                name="case_closed_in_termination_or_aftercare",
            ),
            choices_check(
                name="case_referral_source_choices", field="referral_source", choices=CaseReferralSource
            ),
            choices_check(name="case_stage_choices", field="stage", choices=CaseStage),
            choices_check(
                name="case_termination_reason_choices",
                field="termination_reason",
                choices=CaseTerminationReason,
                blank=True,
            ),
        ]
        indexes = [models.Index(fields=["resident", "opened_on"], name="case_resident_idx")]

    def __str__(self) -> str:
        return f"{self.resident_id} {self.opened_on}"


class PlacementQuerySet(models.QuerySet):
    def current(self, on=None):
        """Placements holding a place on day ``on`` (today by default): start <= on < end."""
        from django.utils import timezone

        return self.filter(period__contains=on or timezone.localdate())


class PlacementEndReason(models.TextChoices):
    TRANSFER = "transfer", _("Pindah ke lembaga lain")
    DISCHARGE = "discharge", _("Keluar (terminasi)")


@pghistory.track(model_name="PlacementHistory", obj_field=_HISTORY, level=_LEVEL)
class Placement(TimeStampedModel):
    """A resident's stay at one institution over ``[start, end)``; end empty = still there."""

    EndReason = PlacementEndReason

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="placements")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="placements")
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("lembaga"), on_delete=models.PROTECT, related_name="+"
    )
    period = DateRangeField(_("periode"))
    room = models.CharField(_("kamar/wisma"), max_length=100, blank=True)
    end_reason = models.CharField(_("alasan berakhir"), max_length=20, choices=EndReason.choices, blank=True)
    over_capacity_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disetujui melebihi kapasitas oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    over_capacity_reason = models.TextField(_("alasan melebihi kapasitas"), blank=True)
    # Set at admission: past this day with no discharge, the resident is on the attention list.
    planned_discharge_on = models.DateField(_("rencana tanggal keluar"), null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        triggers = [
            pgtrigger.Trigger(
                name="placement_adds_resident_institution",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.UpdateOf("institution_id"),
                func=(
                    "UPDATE residents_resident SET institution_ids = "
                    "array_append(institution_ids, NEW.institution_id) "
                    "WHERE id = NEW.resident_id AND NOT (institution_ids @> ARRAY[NEW.institution_id]); "
                    "RETURN NULL;"
                ),
            ),
        ]
        verbose_name = _("penempatan")
        verbose_name_plural = _("penempatan")
        constraints = [
            # A resident never has two placements at once.
            ExclusionConstraint(
                name="placement_no_overlap",
                expressions=[("resident", RangeOperators.EQUAL), ("period", RangeOperators.OVERLAPS)],
            ),
            models.CheckConstraint(
                condition=models.Q(period__isempty=False), name="placement_period_not_empty"
            ),
            models.CheckConstraint(condition=models.Q(period__lower_inf=False), name="placement_has_start"),
            models.CheckConstraint(
                condition=models.Q(over_capacity_approved_by__isnull=True)
                | ~models.Q(over_capacity_reason=""),
                name="placement_over_capacity_has_reason",
            ),
            # An ended placement says why it ended (transfer or discharge); an open one has no reason.
            models.CheckConstraint(
                condition=models.Q(period__upper_inf=True, end_reason="")
                | (models.Q(period__upper_inf=False) & ~models.Q(end_reason="")),
                name="placement_closed_has_end_reason",
            ),
            choices_check(
                name="placement_end_reason_choices",
                field="end_reason",
                choices=PlacementEndReason,
                blank=True,
            ),
        ]
        indexes = [
            GistIndex(fields=["institution", "period"], name="placement_institution_period"),
            models.Index(fields=["resident", "id"], name="placement_resident_idx"),
            # "Residents ever placed at these institutions" as an index-only scan.
            models.Index(fields=["institution", "resident"], name="placement_institution_res_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} @ {self.institution_id} {self.period}"

    @property
    def start(self):
        return self.period.lower

    @property
    def end(self):
        return self.period.upper


class EventKind(models.TextChoices):
    HOME_LEAVE = "home_leave", _("Izin pulang")
    RAN_AWAY = "ran_away", _("Kabur")
    RETURNED = "returned", _("Kembali setelah kabur")
    HOSPITAL = "hospital", _("Rawat inap")
    DEATH = "death", _("Meninggal dunia")
    ROOM_MOVE = "room_move", _("Pindah kamar/wisma")


# Kinds during which the resident is away but keeps the place, ended by ``returned_on``.
ABSENCE_KINDS = (EventKind.HOME_LEAVE, EventKind.HOSPITAL, EventKind.RAN_AWAY)


class ResidentEventQuerySet(models.QuerySet):
    def open_absences(self):
        """Leave, hospital stays and running away not yet ended by a return."""
        return self.filter(kind__in=ResidentEvent.ABSENCE_KINDS, returned_on__isnull=True)

    def overdue_leaves(self, on):
        """Home leave still not returned from after its expected return (before ``on``), of
        residents who still hold their place (a leave of someone discharged is not overdue)."""
        return self.filter(
            kind=ResidentEvent.Kind.HOME_LEAVE,
            returned_on__isnull=True,
            expected_return_on__lt=on,
            placement__period__contains=on,
        )


@pghistory.track(model_name="ResidentEventHistory", obj_field=_HISTORY, level=_LEVEL)
class ResidentEvent(TimeStampedModel):
    """Something that happened in residential life: leave, running away, hospital, death, room move."""

    Kind = EventKind
    ABSENCE_KINDS = ABSENCE_KINDS

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="events")
    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("jenis kejadian"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("tanggal"))
    expected_return_on = models.DateField(_("rencana kembali"), null=True, blank=True)
    returned_on = models.DateField(_("tanggal kembali"), null=True, blank=True)
    room = models.CharField(_("kamar/wisma baru"), max_length=100, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("kejadian")
        verbose_name_plural = _("kejadian")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(returned_on__isnull=True)
                | models.Q(returned_on__gte=models.F("occurred_on")),
                name="event_return_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(expected_return_on__isnull=True)
                | models.Q(expected_return_on__gte=models.F("occurred_on")),
                name="event_expected_return_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EventKind.HOME_LEAVE) | models.Q(expected_return_on__isnull=False),
                name="event_home_leave_has_expected_return",
            ),
            # One absence at a time: a PM on leave cannot also be recorded in hospital or run away.
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(kind__in=ABSENCE_KINDS, returned_on__isnull=True),
                name="event_one_open_absence_per_resident",
            ),
            choices_check(name="event_kind_choices", field="kind", choices=EventKind),
        ]
        indexes = [
            models.Index(fields=["resident", "occurred_on"], name="event_resident_idx"),
            models.Index(
                fields=["expected_return_on"],
                condition=models.Q(kind="home_leave", returned_on__isnull=True),
                name="event_open_leave_idx",
            ),
        ]

    objects = ResidentEventQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"

    @property
    def is_open_absence(self) -> bool:
        return self.kind in self.ABSENCE_KINDS and self.returned_on is None

    @property
    def is_overdue(self) -> bool:
        """A home leave past its expected return date with no return recorded (as of today)."""
        from django.utils import timezone

        return (
            self.kind == self.Kind.HOME_LEAVE
            and self.returned_on is None
            and self.expected_return_on is not None
            and self.expected_return_on < timezone.localdate()
        )


class RegistrationCounter(models.Model):
    """Last serial used for registration numbers per institution and year (row-locked)."""

    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="registration_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.institution_id}/{self.year}: {self.last_serial}"


class AccessLogAction(models.TextChoices):
    VIEW = "view", _("Membuka berkas")
    EXPORT = "export", _("Ekspor")
    IMPORT = "import", _("Impor")
    DOCUMENT = "document", _("Mengunduh dokumen")


class AccessLog(models.Model):
    """Who opened which resident file, exported or imported what (UU PDP). Append-only."""

    Action = AccessLogAction

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    # Empty only for work done from the command line without ``--user`` (an operator with shell access).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("penerima manfaat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    detail = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("log akses")
        verbose_name_plural = _("log akses")
        indexes = [models.Index(fields=["resident", "at"], name="accesslog_resident_idx")]
        constraints = [
            choices_check(name="accesslog_action_choices", field="action", choices=AccessLogAction)
        ]

    def __str__(self) -> str:
        return f"{self.at} {self.user_id} {self.action}"
