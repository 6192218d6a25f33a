from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Extensions the design relies on: btree_gist for exclusion constraints on
    placements, pg_trgm for name search and duplicate detection."""

    initial = True
    dependencies = []
    operations = [BtreeGistExtension(), TrigramExtension()]
