"""What the residents models share: how their audit history is kept."""

import pghistory

# Audit-history models are named "<Model>History", reached as ``obj.history``.
HISTORY = pghistory.ObjForeignKey(related_name="history")
# Statement-level triggers: one history insert (and one context lookup) per statement,
# not per row, so a bulk import of thousands of rows keeps its audit trail at bulk speed.
LEVEL = pghistory.Statement
