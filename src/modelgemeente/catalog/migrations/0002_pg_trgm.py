"""The pg_trgm extension for the search's typo tolerance (docs/search.md).

TrigramExtension does nothing on databases other than PostgreSQL, so SQLite
is unaffected. pg_trgm is a trusted extension (PostgreSQL 13+): the owner of
the database may create it without superuser rights.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
    ]
