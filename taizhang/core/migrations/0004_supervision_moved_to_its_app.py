"""The supervision models now belong to the supervision app (same tables): state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_supervision_clocks_decider'),
        ('supervision', '0001_initial'),
        ('rectification', '0002_case_items_in_supervision_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='AssignmentClock'),
                migrations.DeleteModel(name='ExtensionRequest'),
                migrations.DeleteModel(name='SupervisionEvent'),
                migrations.DeleteModel(name='Assignment'),
                migrations.DeleteModel(name='SupervisionItem'),
            ],
            database_operations=[],
        ),
    ]
