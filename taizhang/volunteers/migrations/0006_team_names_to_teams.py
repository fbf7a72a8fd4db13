# Each distinct team name of a letter campaign's targets becomes a Team of the campaign's issuing
# unit, and the targets point at it (back: the names are written again from the teams).

from django.db import migrations


def names_to_teams(apps, schema_editor):
    Team = apps.get_model("volunteers", "Team")
    LetterTarget = apps.get_model("volunteers", "LetterTarget")
    teams = {}
    targets = (
        LetterTarget.objects.exclude(team_name="")
        .select_related("letter_campaign")
        .order_by("pk")
    )
    for target in targets.iterator():
        key = (target.letter_campaign.unit_id, target.team_name.strip()[:50])
        if not key[1]:
            continue
        if key not in teams:
            teams[key], _ = Team.objects.get_or_create(unit_id=key[0], name=key[1])
        target.team = teams[key]
        target.save(update_fields=["team"])


def teams_to_names(apps, schema_editor):
    LetterTarget = apps.get_model("volunteers", "LetterTarget")
    for target in LetterTarget.objects.filter(team__isnull=False).select_related("team"):
        target.team_name = target.team.name
        target.save(update_fields=["team_name"])


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0005_teams")]

    operations = [migrations.RunPython(names_to_teams, teams_to_names)]
