"""The groups every district starts with (人员类别); the district adds, renames or retires them
as data afterwards."""

from django.db import migrations

STANDARD_GROUPS = [
    ("dibao", "低保户", "最低生活保障家庭、低保", "Minimum living allowance (低保)"),
    ("tekun", "特困供养", "五保户、特困人员、五保", "Extreme poverty support (特困供养, formerly 五保)"),
    ("kunnan-dangyuan", "困难党员", "", "Party members in difficulty"),
    ("guagua-laoren", "孤寡老人", "孤寡", "Elderly people living alone without family"),
    ("dabing", "大病患者", "重病、重病患者", "People with a serious illness"),
    ("canji", "残疾人", "残疾", "People with a disability"),
    ("tuiyi-junren", "退役军人", "", "Veterans"),
    ("qiye-tuixiu", "企业退休人员", "退休人员", "Enterprise retirees under community management"),
    ("daxuesheng", "在校大学生", "大学生", "University students"),
    ("laomo", "劳动模范", "劳模", "Model workers"),
    ("gongshang", "工伤", "工伤人员", "People injured at work"),
]


def add_groups(apps, schema_editor):
    group = apps.get_model("people", "Group")
    for code, name, aliases, description in STANDARD_GROUPS:
        group.objects.get_or_create(
            code=code, defaults={"name": name, "aliases": aliases, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(add_groups, migrations.RunPython.noop)]
