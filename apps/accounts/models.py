from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in: institution staff, supervisor or administrator.

    What a user may see follows from their memberships (institutions app), their
    supervisor scopes (regions) and ``is_superuser`` (administrators).
    """

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def supervised_region_codes(self) -> list[str]:
        """Codes of the regions this user supervises, read once per request."""
        if not hasattr(self, "_supervised_region_codes"):
            self._supervised_region_codes = list(
                self.supervisor_scopes.order_by("region_id").values_list("region_id", flat=True)
            )
        return self._supervised_region_codes

    @property
    def is_supervisor(self) -> bool:
        return bool(self.supervised_region_codes)


class SupervisorScope(models.Model):
    """A supervisor (pengawas) sees every institution inside ``region``."""

    user = models.ForeignKey(
        User, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="supervisor_scopes"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("wilayah pengawasan")
        verbose_name_plural = _("wilayah pengawasan")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="supervisor_scope_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.region_id}"


def region_subtree_q(codes: list[str], field: str = "region") -> models.Q:
    """A filter matching rows whose region foreign key ``field`` lies inside any of ``codes``.

    ``<field>__code`` is the key column itself (Django trims the join), so the
    prefix match is served by the ``varchar_pattern_ops`` index on that column.
    """
    q = models.Q(pk__in=[])
    for code in codes:
        q |= models.Q(**{f"{field}_id": code}) | models.Q(**{f"{field}__code__startswith": f"{code}."})
    return q
