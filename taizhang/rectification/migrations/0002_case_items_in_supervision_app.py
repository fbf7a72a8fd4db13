"""The case's item and assignment now live in the supervision app (same tables): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('rectification', '0001_initial'),
        ('supervision', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='case',
                    name='assignment',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='case', to='supervision.assignment'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='item',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='case', to='supervision.supervisionitem'),
                ),
            ],
            database_operations=[],
        ),
    ]
