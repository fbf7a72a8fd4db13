"""Published project statistics now belong to the project bank (same table): state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0001_initial'),
        ('projects', '0005_publishedprojectstats'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='PublishedProjectStats')],
            database_operations=[],
        ),
    ]
