"""What every rehabilitation service uses: the house rules live in ``apps.core``."""

from apps.core.dates import refuse_future as not_in_future
from apps.core.dates import today
from apps.core.services import require, service

__all__ = ["not_in_future", "require", "service", "today"]
