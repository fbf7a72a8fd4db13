# The team names now live in their teams (0006).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0006_team_names_to_teams")]

    operations = [migrations.RemoveField(model_name="lettertarget", name="team_name")]
