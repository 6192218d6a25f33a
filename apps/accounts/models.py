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
