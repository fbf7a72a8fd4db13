import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("party", "0002_default_schedule_rules"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="lecturer",
            field=models.ForeignKey(
                blank=True,
                help_text="Who gave a party lecture (党课); the chair if no one is named.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="people.person",
                verbose_name="lecturer",
            ),
        ),
        migrations.AddField(
            model_name="rubricitem",
            name="measure",
            field=models.CharField(
                blank=True,
                help_text="For an item scored from a measure of the members' records: its key.",
                max_length=40,
                verbose_name="measure",
            ),
        ),
        migrations.AddField(
            model_name="rubricitem",
            name="target",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="The measure per member that gives the full points.",
                max_digits=8,
                null=True,
                verbose_name="target per member",
            ),
        ),
        migrations.AlterField(
            model_name="rubricitem",
            name="auto_source",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Scored by assessors"),
                    ("meeting_compliance", "Meeting compliance"),
                    ("milestones_met", "Action-project milestones met"),
                    ("members_measure", "A measure of the members' records"),
                ],
                max_length=30,
                verbose_name="scored from",
            ),
        ),
    ]
