from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.db.models.lookups import Regex
from django.utils.translation import gettext_lazy as _

from apps.core.choices import choices_check
from apps.core.models import TimeStampedModel
from apps.regions.models import region_subtree_q


class Cluster(models.TextChoices):
    """Service clusters (klaster) of social rehabilitation."""

    CHILDREN = "anak", _("Anak")
    DISABILITY = "disabilitas", _("Penyandang disabilitas")
    ELDERLY = "lansia", _("Lanjut usia")
    SOCIAL_DEVIANCE = "tuna_sosial", _("Tuna sosial dan korban perdagangan orang")
    ADDICTION = "napza", _("Korban penyalahgunaan NAPZA")
    PROTECTION = "perlindungan", _("Perlindungan dan jaminan sosial")
    EMPOWERMENT = "pemberdayaan", _("Pemberdayaan sosial")


class WelfareCategory(models.Model):
    """A PPKS category of Permensos 8/2012 (ABT, AT, ..., KAT): master data."""

    code = models.CharField(_("kode"), max_length=10, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    cluster = models.CharField(_("klaster"), max_length=20, choices=Cluster.choices)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kategori PPKS")
        verbose_name_plural = _("kategori PPKS")
        ordering = ["sort_order", "code"]
        constraints = [
            choices_check(name="welfare_category_cluster_choices", field="cluster", choices=Cluster)
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class InstitutionQuerySet(models.QuerySet):
    def visible_to(self, who):
        """Institutions ``who`` (a user or a ``UserScope``) may see: administrators all,
        supervisors their region subtree, staff and heads the institutions they belong to."""
        from .scope import UserScope

        scope = UserScope.of(who)
        if not scope.is_active:
            return self.none()
        if scope.is_admin:
            return self
        q = models.Q(
            pk__in=Membership.objects.filter(user_id=scope.user.pk).values("institution_id")
        ) | region_subtree_q(scope.region_codes)
        return self.filter(q)

    def active(self):
        return self.filter(is_active=True)


# Choices at module level, where Meta can name them for the database checks; the models
# still offer them as ``Institution.Kind``, ``Membership.Role`` and so on.


class InstitutionKind(models.TextChoices):
    UPT = "UPT", _("UPT (pemerintah)")
    LKS = "LKS", _("LKS (masyarakat)")


class InstitutionOperator(models.TextChoices):
    PROVINCE = "province", _("Pemerintah provinsi")
    REGENCY = "regency", _("Pemerintah kabupaten/kota")
    COMMUNITY = "community", _("Masyarakat")


class AccreditationGrade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"


class Institution(TimeStampedModel):
    """A UPT (government) or LKS (non-government) welfare institution."""

    Kind = InstitutionKind
    Operator = InstitutionOperator
    Grade = AccreditationGrade

    code = models.CharField(
        _("kode"),
        max_length=30,
        unique=True,
        help_text=_("Huruf besar, angka dan tanda hubung, mis. UPT-PSTW-JEMBER."),
    )
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=3, choices=Kind.choices)
    operator = models.CharField(_("penyelenggara"), max_length=10, choices=Operator.choices)
    categories = models.ManyToManyField(
        WelfareCategory, verbose_name=_("kategori PPKS dilayani"), blank=True, related_name="+"
    )
    clusters = ArrayField(
        models.CharField(max_length=20, choices=Cluster.choices),
        verbose_name=_("klaster dilayani"),
        default=list,
        blank=True,
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kabupaten/kota, kecamatan atau desa tempat lembaga berada."),
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas (daya tampung)"))
    accreditation_grade = models.CharField(_("akreditasi"), max_length=1, choices=Grade.choices, blank=True)
    accreditation_expires_on = models.DateField(_("akreditasi berlaku s.d."), null=True, blank=True)
    licence_number = models.CharField(_("nomor izin operasional"), max_length=100, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("lembaga")
        verbose_name_plural = _("lembaga")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="institution_capacity_positive"),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z0-9][A-Z0-9-]*$"), name="institution_code_format"
            ),
            models.CheckConstraint(
                condition=models.Q(accreditation_grade="") | models.Q(accreditation_expires_on__isnull=False),
                name="institution_accreditation_has_expiry",
            ),
            # A kab/kota or finer region, never a province alone. A regex on the key column
            # itself (a lookup on a foreign key would need a join, which a check cannot have).
            models.CheckConstraint(
                condition=Regex(models.F("region"), r"^[0-9]{2}\.[0-9]{2}"),
                name="institution_region_regency_or_below",
            ),
            choices_check(name="institution_kind_choices", field="kind", choices=InstitutionKind),
            choices_check(name="institution_operator_choices", field="operator", choices=InstitutionOperator),
            models.CheckConstraint(
                condition=models.Q(clusters__contained_by=Cluster.values), name="institution_clusters_choices"
            ),
            choices_check(
                name="institution_accreditation_grade_choices",
                field="accreditation_grade",
                choices=AccreditationGrade,
                blank=True,
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"], name="institution_region_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="institution_name_trgm"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        # Also a database check (institution_region_regency_or_below), with a message here.
        if self.region_id and "." not in self.region_id:
            raise ValidationError({"region": _("Pilih kabupaten/kota atau wilayah yang lebih rinci.")})


class MembershipRole(models.TextChoices):
    STAFF = "staff", _("Petugas")
    HEAD = "head", _("Kepala")


class Membership(TimeStampedModel):
    """A user working at an institution, as staff or as its head."""

    Role = MembershipRole

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("lembaga"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices, default=Role.STAFF)

    class Meta:
        verbose_name = _("keanggotaan staf")
        verbose_name_plural = _("keanggotaan staf")
        constraints = [
            models.UniqueConstraint(fields=["user", "institution"], name="membership_unique"),
            # One head per institution.
            models.UniqueConstraint(
                fields=["institution"], condition=models.Q(role="head"), name="membership_one_head"
            ),
            choices_check(name="membership_role_choices", field="role", choices=MembershipRole),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.institution_id} ({self.role})"
