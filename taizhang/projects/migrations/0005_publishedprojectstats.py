"""Published project statistics move from report intake to the project bank: state only; the
table (intake_publishedprojectstats) stays and its content type is renamed, so that source
links, audit entries and attachments keep pointing at their records."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def _move_content_type(apps, from_label: str, to_label: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label=from_label, model="publishedprojectstats").update(
        app_label=to_label
    )


def rename_content_type(apps, schema_editor):
    _move_content_type(apps, "intake", "projects")


def rename_content_type_back(apps, schema_editor):
    _move_content_type(apps, "projects", "intake")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_supervision_moved_to_its_app'),
        ('intake', '0001_initial'),
        ('projects', '0004_search_trigram_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PublishedProjectStats',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveIntegerField(verbose_name='year')),
                        ('count', models.PositiveIntegerField(blank=True, null=True, verbose_name='projects')),
                        ('total_investment_wan', models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name='total investment (10k yuan)')),
                        ('new_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='new projects')),
                        ('continued_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='continued projects')),
                        ('industry_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='industry projects')),
                        ('infrastructure_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='infrastructure projects')),
                        ('livelihood_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='livelihood projects')),
                        ('over_1bn_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='1 billion yuan and more')),
                        ('source_start', models.PositiveIntegerField(verbose_name='span start')),
                        ('source_end', models.PositiveIntegerField(verbose_name='span end')),
                        ('remarks', models.TextField(blank=True, verbose_name='remarks')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('source_report', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='intake.intakereport', verbose_name='source report')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.unit', verbose_name='unit')),
                    ],
                    options={
                        'verbose_name': 'published project statistics',
                        'verbose_name_plural': 'published project statistics',
                        'db_table': 'intake_publishedprojectstats',
                        'ordering': ['-year', '-id'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('year__gte', 1990), ('year__lte', 2100)), name='published_stats_year_range', violation_error_message='The year must be from 1990 to 2100.')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, rename_content_type_back),
    ]
