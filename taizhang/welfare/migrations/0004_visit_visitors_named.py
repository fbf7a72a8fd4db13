"""Visits name their visitors as text; link each entry that is the name of exactly one person of
the visited village or a unit above it (services/visits.registry_visitors), for the visits
recorded before."""

import re
from collections import Counter

from django.db import migrations, models

SEPARATORS = re.compile(r"[\s、，,;；/]+")
STEPLEN = 4  # treebeard's path step of core.Unit


def link_visitors(apps, schema_editor):
    Visit = apps.get_model("welfare", "Visit")
    Person = apps.get_model("people", "Person")
    for visit in Visit.objects.select_related("person__unit").iterator(chunk_size=500):
        names = set(SEPARATORS.split(visit.visitors)) - {""}
        if not names:
            continue
        path = visit.person.unit.path
        paths = [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]
        found = list(Person.objects.filter(unit__path__in=paths, name__in=names))
        count = Counter(person.name for person in found)
        visit.visiting.set([person for person in found if count[person.name] == 1])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_standard_groups"),
        ("welfare", "0003_published_figures"),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="visiting",
            field=models.ManyToManyField(
                blank=True,
                related_name="welfare_visits_made",
                to="people.person",
                verbose_name="visitors named",
            ),
        ),
        migrations.RunPython(link_visitors, migrations.RunPython.noop),
    ]
