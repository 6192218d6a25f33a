import pghistory

# Audit-history models are named "<Model>History", reached as ``obj.history``
# (as apps/residents/models.py does).
HISTORY = pghistory.ObjForeignKey(related_name="history")
LEVEL = pghistory.Statement


def case_visible_q(who, prefix: str = "case__"):
    """Rows whose case ``who`` may see: cases of residents visible to them (see
    ``Resident.objects.visible_to``), as a filter on ``<prefix>resident__in``."""
    from django.db.models import Q

    from apps.residents.models import Resident

    return Q(**{f"{prefix}resident__in": Resident.objects.visible_to(who).values("pk")})
