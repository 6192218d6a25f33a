"""The table of Django's database cache (``CACHE_URL`` unset): the same as
``manage.py createcachetable`` makes, so the rate limits hold across app processes
with nothing more to run."""

from django.db import migrations

CREATE = """
CREATE TABLE IF NOT EXISTS django_cache (
    cache_key varchar(255) NOT NULL PRIMARY KEY,
    value text NOT NULL,
    expires timestamp with time zone NOT NULL
);
CREATE INDEX IF NOT EXISTS django_cache_expires ON django_cache (expires);
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0002_siteflag")]

    operations = [migrations.RunSQL(CREATE, reverse_sql="DROP TABLE IF EXISTS django_cache;")]
