import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from .formatting import address_label


def region_subtree_q(codes, field: str = "region") -> models.Q:
    """A filter matching rows whose region foreign key ``field`` lies inside any of ``codes``.

    The one definition of "inside a region": the region itself or any code below it
    (``35`` holds ``35.09`` and ``35.09.01.2001``). ``<field>__code`` is the key column
    itself (Django trims the join), so the prefix match is served by the
    ``varchar_pattern_ops`` index on that column. ``field="pk"`` filters regions themselves.
    """
    key = "code" if field == "pk" else f"{field}_id"
    prefix = "code__startswith" if field == "pk" else f"{field}__code__startswith"
    q = models.Q(pk__in=[])
    for code in codes:
        q |= models.Q(**{key: code}) | models.Q(**{prefix: f"{code}."})
    return q


CODE_PATTERN = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")


def is_region_code(value) -> bool:
    """``value`` is written like a Kemendagri code (35, 35.78, 35.78.01, 35.78.01.1001)."""
    return isinstance(value, str) and CODE_PATTERN.fullmatch(value) is not None


def in_region_subtree(region_code: str | None, codes) -> bool:
    """``region_code`` lies inside one of ``codes`` (the same rule as ``region_subtree_q``)."""
    if not region_code:
        return False
    return any(region_code == code or region_code.startswith(f"{code}.") for code in codes)


class RegionQuerySet(models.QuerySet):
    def subtree(self, code: str):
        """The region ``code`` and every region inside it (served by the prefix index)."""
        return self.filter(region_subtree_q([code], field="pk"))


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("Provinsi")
    REGENCY = 2, _("Kabupaten/Kota")
    DISTRICT = 3, _("Kecamatan")
    VILLAGE = 4, _("Desa/Kelurahan")


class Region(models.Model):
    """A Kemendagri administrative region: 35, 35.78, 35.78.01, 35.78.01.1001."""

    Level = RegionLevel

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        indexes = [
            # LIKE 'prefix%' needs the pattern operator class to use a btree.
            models.Index(fields=["code"], name="region_code_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "name"], name="region_level_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"),
                name="region_code_format",
            ),
            models.CheckConstraint(
                condition=models.Q(level=1, parent__isnull=True)
                | models.Q(level__gt=1, parent__isnull=False),
                name="region_parent_by_level",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=RegionLevel.values), name="region_level_choices"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def address_label(self) -> str:
        """ "Desa Padomasan, Kec. Jombang, Kab. Jember" (see ``formatting.address_label``)."""
        return address_label(self)
