# Teams become records (志愿服务分队): the Team table and the targets' link to it, beside the
# old team name (0006 moves the names over, 0007 drops them). Three migrations, so that on
# PostgreSQL the rows updated in 0006 are committed before 0007 alters their table.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_data_versions"),
        ("volunteers", "0004_service_records"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="lettertarget", old_name="team", new_name="team_name"),
        migrations.CreateModel(
            name="Team",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=50, verbose_name="name")),
                ("is_demo", models.BooleanField(default=False, verbose_name="demo")),
                ("campaign", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="teams", to="volunteers.campaign", verbose_name="volunteer campaign")),
                ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("leader", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="teams_led", to="volunteers.volunteer", verbose_name="leader")),
                ("members", models.ManyToManyField(blank=True, related_name="teams", to="volunteers.volunteer", verbose_name="members")),
                ("unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.unit", verbose_name="organising unit")),
            ],
            options={
                "verbose_name": "team",
                "verbose_name_plural": "teams",
                "ordering": ["unit_id", "name"],
            },
        ),
        migrations.AddConstraint(
            model_name="team",
            constraint=models.UniqueConstraint(fields=("unit", "name"), name="volunteers_team_name_once_per_unit", violation_error_message="The unit already has a team of this name."),
        ),
        migrations.AddField(
            model_name="lettertarget",
            name="team",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="targets", to="volunteers.team", verbose_name="team"),
        ),
    ]
