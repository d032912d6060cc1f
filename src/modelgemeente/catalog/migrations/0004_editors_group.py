from django.db import migrations

EDITORS_GROUP = "redactie"  # catalog.releases.EDITORS_GROUP, as it was when this migration was written


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=EDITORS_GROUP)


class Migration(migrations.Migration):
    """The editors' group exists from the start, so that administrators only add people to it."""

    dependencies = [("catalog", "0003_releases"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
