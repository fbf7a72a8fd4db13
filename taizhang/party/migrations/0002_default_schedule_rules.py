"""The schedule rules of 中国共产党支部工作条例（试行） 2018 for a branch (党支部): 党员大会 once a
quarter, 支委会 and 党小组会 monthly, a 主题党日 on a fixed day each month, 党课 at least yearly,
组织生活会 and 民主评议党员 yearly. Decisions of 党员大会 and 支委会 need a quorum. The fixed
day of the 主题党日 (the 15th) is the district's choice and may be changed like every rule."""

from django.db import migrations

SOURCE = "中国共产党支部工作条例（试行）2018"
RULES = (
    ("general", "quarter", None, 15, True),
    ("committee", "month", None, 15, True),
    ("group", "month", None, 15, False),
    ("theme_day", "month", 15, 15, False),
    ("lecture", "year", None, 31, False),
    ("life_meeting", "year", None, 31, False),
    ("appraisal", "year", None, 31, False),
)


def add_rules(apps, schema_editor):
    ScheduleRule = apps.get_model("party", "ScheduleRule")
    for kind, period, day, grace, quorum in RULES:
        ScheduleRule.objects.get_or_create(
            kind=kind,
            level="branch",
            defaults={
                "period": period,
                "day_of_month": day,
                "grace_days": grace,
                "needs_quorum": quorum,
                "source": SOURCE,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("party", "0001_initial")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
