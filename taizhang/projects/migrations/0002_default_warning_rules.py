from decimal import Decimal

from django.db import migrations

# The defaults: yellow 10–30 points behind time progress, red beyond 30; a planned
# start passed by a month is yellow, by three red; one overdue coordination item is yellow,
# three red.
DEFAULTS = [
    ("time_progress", Decimal("10"), Decimal("30")),
    ("start_overdue", Decimal("1"), Decimal("3")),
    ("overdue_items", Decimal("1"), Decimal("3")),
]


def add_rules(apps, schema_editor):
    WarningRule = apps.get_model("projects", "WarningRule")
    for kind, yellow, red in DEFAULTS:
        WarningRule.objects.get_or_create(kind=kind, defaults={"yellow_from": yellow, "red_from": red})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
