"""Programmes, budget lines per fiscal year, and the disbursements charged to them.

The rule "a disbursement never takes its line above the allocation" is held by the
database, not only by the service: a trigger keeps ``BudgetLine.disbursed`` equal to the
sum of the line's disbursements, and a CHECK keeps ``disbursed <= allocation``. The
trigger's UPDATE of the line row also serialises concurrent payments on one line, so two
payments that together overspend cannot both commit. A second trigger refuses a payment
dated outside the line's fiscal year.
"""

import uuid

import pghistory
import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import choices_check
from apps.core.models import TimeStampedModel

from .scoping import InstitutionScopedQuerySet

_HISTORY = pghistory.ObjForeignKey(related_name="history")
_LEVEL = pghistory.Statement


class Programme(models.Model):
    """Master data: a programme budgets are allocated to (``ke``, ``kube``, ``wrse``, ...)."""

    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        constraints = [
            # Codes are stored lower case; imports accept any case and lower it.
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[a-z0-9_]+$"), name="programme_code_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class BudgetLineQuerySet(models.QuerySet):
    def visible_to(self, who):
        """Lines of institutions ``who`` may see, and province-wide lines (no institution),
        which every signed-in role reads: staff charge their grants to them."""
        from apps.institutions.scope import UserScope

        scope = UserScope.of(who)
        if not scope.is_active:
            return self.none()
        if scope.is_admin:
            return self
        if not scope.is_wide and not scope.roles:
            return self.none()
        return self.filter(
            models.Q(institution__isnull=True) | models.Q(institution_id__in=scope.visible_institution_ids)
        )


_YEAR_FIXED_SQL = """
IF NEW.fiscal_year <> OLD.fiscal_year AND OLD.disbursed > 0 THEN
    RAISE EXCEPTION 'the fiscal year of a budget line with payments cannot change'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'budget_line_year_fixed_once_paid',
              TABLE = 'tracks_budgetline';
END IF;
RETURN NEW;
"""


@pghistory.track(model_name="BudgetLineHistory", obj_field=_HISTORY, level=_LEVEL, exclude=["disbursed"])
class BudgetLine(TimeStampedModel):
    """A line of the budget (kode rekening) of one fiscal year, for one programme,
    province-wide or for one institution, with its allocation in rupiah."""

    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    code = models.CharField(_("kode rekening"), max_length=60)
    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="lines"
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lembaga"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong: anggaran tingkat provinsi."),
    )
    name = models.CharField(_("uraian"), max_length=300)
    allocation = models.BigIntegerField(_("pagu (Rp)"))
    # Sum of the line's disbursements, kept by the trigger on Disbursement; never written by the app.
    disbursed = models.BigIntegerField(_("realisasi (Rp)"), default=0, editable=False)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        triggers = [
            # A paid line keeps its year: its payments were checked against that year.
            pgtrigger.Trigger(
                name="budget_line_year_fixed_once_paid",
                when=pgtrigger.Before,
                operation=pgtrigger.UpdateOf("fiscal_year"),
                func=_YEAR_FIXED_SQL,
            ),
        ]
        verbose_name = _("mata anggaran")
        verbose_name_plural = _("mata anggaran")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="budget_line_code_per_year"),
            models.CheckConstraint(
                condition=models.Q(allocation__gte=0), name="budget_line_allocation_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(disbursed__gte=0), name="budget_line_disbursed_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(disbursed__lte=models.F("allocation")),
                name="budget_line_within_allocation",
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=2000, fiscal_year__lte=2100),
                name="budget_line_fiscal_year",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "programme"], name="budget_line_year_programme")]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.code}"

    @property
    def remaining(self) -> int:
        return self.allocation - self.disbursed


def proof_upload_to(instance, filename: str) -> str:
    # A random name: no person's name ends up in a storage path or URL.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"tracks/proofs/{uuid.uuid4().hex}.{extension}"


class DisbursementQuerySet(InstitutionScopedQuerySet):
    pass


_BALANCE_SQL = """
IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE tracks_budgetline SET disbursed = disbursed - OLD.amount WHERE id = OLD.line_id;
END IF;
IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE tracks_budgetline SET disbursed = disbursed + NEW.amount WHERE id = NEW.line_id;
END IF;
RETURN NULL;
"""

_FISCAL_YEAR_SQL = """
IF EXTRACT(YEAR FROM NEW.paid_on)::integer <> (
    SELECT fiscal_year FROM tracks_budgetline WHERE id = NEW.line_id
) THEN
    RAISE EXCEPTION 'payment dated outside the fiscal year of its budget line'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'disbursement_in_fiscal_year',
              TABLE = 'tracks_disbursement';
END IF;
RETURN NEW;
"""


class DisbursementKind(models.TextChoices):
    GRANT = "grant", _("Bantuan modal usaha")
    KIT = "kit", _("Paket peralatan kerja (starter kit)")
    AID = "aid", _("Bantuan sosial")


class DisbursementForm(models.TextChoices):
    CASH = "cash", _("Tunai/transfer")
    IN_KIND = "in_kind", _("Barang")


@pghistory.track(model_name="DisbursementHistory", obj_field=_HISTORY, level=_LEVEL)
class Disbursement(TimeStampedModel):
    """Money (or goods bought with it) paid from a budget line: a start-up grant, a starter
    kit, social aid. Paid to a PM, or to a KUBE group."""

    Kind = DisbursementKind

    Form = DisbursementForm

    line = models.ForeignKey(
        BudgetLine, verbose_name=_("mata anggaran"), on_delete=models.PROTECT, related_name="disbursements"
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lembaga"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Lembaga yang menyalurkan dan mendampingi."),
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    form = models.CharField(_("bentuk"), max_length=10, choices=Form.choices, default=Form.CASH)
    items = models.TextField(_("rincian barang"), blank=True)
    amount = models.BigIntegerField(_("nilai (Rp)"))
    paid_on = models.DateField(_("tanggal penyaluran"))
    resident = models.ForeignKey(
        "residents.Resident",
        verbose_name=_("penerima manfaat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    group = models.ForeignKey(
        "tracks.KubeGroup",
        verbose_name=_("kelompok KUBE"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursements",
    )
    business = models.ForeignKey(
        "tracks.Business",
        verbose_name=_("usaha"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursements",
    )
    enrollment = models.ForeignKey(
        "tracks.Enrollment",
        verbose_name=_("peserta pelatihan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kits",
    )
    proof = models.FileField(_("bukti penyaluran"), upload_to=proof_upload_to, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    objects = DisbursementQuerySet.as_manager()

    class Meta:
        verbose_name = _("penyaluran")
        verbose_name_plural = _("penyaluran")
        triggers = [
            pgtrigger.Trigger(
                name="disbursement_keeps_line_balance",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=_BALANCE_SQL,
            ),
            pgtrigger.Trigger(
                name="disbursement_in_fiscal_year",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.UpdateOf("paid_on", "line_id"),
                func=_FISCAL_YEAR_SQL,
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="disbursement_amount_positive"),
            # To a PM or to a group, never both, never neither.
            models.CheckConstraint(
                condition=models.Q(resident__isnull=False, group__isnull=True)
                | models.Q(resident__isnull=True, group__isnull=False),
                name="disbursement_one_recipient",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="kit") | models.Q(enrollment__isnull=False),
                name="disbursement_kit_has_enrollment",
            ),
            models.CheckConstraint(
                condition=~models.Q(form="in_kind") | ~models.Q(items=""),
                name="disbursement_in_kind_has_items",
            ),
            # A grant is identified by its line, PM and day: importing the same file twice adds nothing.
            models.UniqueConstraint(
                fields=["line", "resident", "paid_on"],
                condition=models.Q(kind="grant", resident__isnull=False),
                name="disbursement_grant_once_a_day",
            ),
            choices_check(name="disbursement_kind_choices", field="kind", choices=DisbursementKind),
            choices_check(name="disbursement_form_choices", field="form", choices=DisbursementForm),
        ]
        indexes = [
            models.Index(fields=["line", "resident"], name="disbursement_line_resident"),
            models.Index(fields=["institution", "paid_on"], name="disbursement_institution_date"),
            models.Index(fields=["resident", "paid_on"], name="disbursement_resident_date"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.paid_on} {self.amount}"
