"""The supervision engine becomes its own app: its models move from `core` to `supervision`
in Django's state only. The tables (core_supervisionitem, …) stay as they are, and the content
types are renamed so that audit entries and attachments keep pointing at their records."""

import django.db.models.deletion
import taizhang.lib.clock
from django.conf import settings
from django.db import migrations, models


MODELS = ("supervisionitem", "assignment", "assignmentclock", "supervisionevent", "extensionrequest")


def _move_content_types(apps, from_label: str, to_label: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label=from_label, model__in=MODELS).update(app_label=to_label)


def rename_content_types(apps, schema_editor):
    _move_content_types(apps, "core", "supervision")


def rename_content_types_back(apps, schema_editor):
    _move_content_types(apps, "supervision", "core")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0003_supervision_clocks_decider'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Assignment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('state', models.CharField(max_length=32, verbose_name='state')),
                    ('is_open', models.BooleanField(default=True, help_text='The assigned unit has work to do.', verbose_name='open')),
                    ('deadline', models.DateField(verbose_name='deadline')),
                    ('created_at', models.DateTimeField(default=taizhang.lib.clock.now, verbose_name='assigned at')),
                    ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted at')),
                    ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                    ('escalation_level', models.PositiveSmallIntegerField(default=0, verbose_name='escalation level')),
                    ('returned_reason', models.CharField(blank=True, max_length=500, verbose_name='reason for return')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.unit', verbose_name='assigned unit')),
                ],
                options={
                    'verbose_name': 'assignment',
                    'verbose_name_plural': 'assignments',
                    'db_table': 'core_assignment',
                    'ordering': ['item_id', 'id'],
                },
            ),
            migrations.CreateModel(
                name='SupervisionEvent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('action', models.CharField(max_length=32, verbose_name='action')),
                    ('from_state', models.CharField(blank=True, max_length=32)),
                    ('to_state', models.CharField(blank=True, max_length=32)),
                    ('by_name', models.CharField(max_length=150, verbose_name='by')),
                    ('at', models.DateTimeField(default=taizhang.lib.clock.now, verbose_name='time')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                    ('deadline', models.DateField(blank=True, null=True, verbose_name='deadline')),
                    ('assignment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='supervision.assignment')),
                    ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'supervision event',
                    'verbose_name_plural': 'supervision events',
                    'db_table': 'core_supervisionevent',
                    'ordering': ['at', 'id'],
                },
            ),
            migrations.CreateModel(
                name='SupervisionItem',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('flow', models.CharField(max_length=32, verbose_name='flow')),
                    ('title', models.CharField(max_length=200, verbose_name='title')),
                    ('description', models.TextField(blank=True, verbose_name='description')),
                    ('object_id', models.CharField(blank=True, max_length=64)),
                    ('subject_repr', models.CharField(blank=True, max_length=200, verbose_name='subject')),
                    ('created_at', models.DateTimeField(default=taizhang.lib.clock.now, verbose_name='assigned at')),
                    ('deadline', models.DateField(verbose_name='deadline')),
                    ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                    ('content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('decider_unit', models.ForeignKey(blank=True, help_text='The unit that decides extension requests; empty: the supervising unit.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.unit', verbose_name='decides extensions')),
                    ('supervisor_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.unit', verbose_name='supervising unit')),
                ],
                options={
                    'verbose_name': 'supervision item',
                    'verbose_name_plural': 'supervision items',
                    'db_table': 'core_supervisionitem',
                    'ordering': ['-created_at', '-id'],
                },
            ),
            migrations.AddField(
                model_name='assignment',
                name='item',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='supervision.supervisionitem'),
            ),
            migrations.CreateModel(
                name='AssignmentClock',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(max_length=32, verbose_name='clock')),
                    ('started_on', models.DateField(verbose_name='started on')),
                    ('deadline', models.DateField(verbose_name='deadline')),
                    ('stopped_at', models.DateTimeField(blank=True, null=True, verbose_name='stopped at')),
                    ('assignment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='clocks', to='supervision.assignment')),
                ],
                options={
                    'verbose_name': 'deadline clock',
                    'verbose_name_plural': 'deadline clocks',
                    'db_table': 'core_assignmentclock',
                    'ordering': ['assignment_id', 'started_on', 'id'],
                    'constraints': [models.UniqueConstraint(fields=('assignment', 'code'), name='unique_clock_per_assignment', violation_error_message='The assignment already has this clock.'), models.CheckConstraint(condition=models.Q(('deadline__gte', models.F('started_on'))), name='clock_deadline_not_before_start', violation_error_message='The deadline is before the clock started.')],
                },
            ),
            migrations.CreateModel(
                name='ExtensionRequest',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('clock_code', models.CharField(blank=True, help_text="Empty: the assignment's deadline.", max_length=32, verbose_name='clock')),
                    ('previous_deadline', models.DateField(verbose_name='deadline before')),
                    ('requested_deadline', models.DateField(verbose_name='requested deadline')),
                    ('reason', models.CharField(max_length=500, verbose_name='reason')),
                    ('status', models.CharField(choices=[('pending', 'Pending'), ('approved', 'Approved'), ('refused', 'Refused')], default='pending', max_length=16, verbose_name='status')),
                    ('requested_at', models.DateTimeField(default=taizhang.lib.clock.now, verbose_name='requested at')),
                    ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                    ('note', models.CharField(blank=True, max_length=500, verbose_name='note')),
                    ('assignment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='extension_requests', to='supervision.assignment')),
                    ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'extension request',
                    'verbose_name_plural': 'extension requests',
                    'db_table': 'core_extensionrequest',
                    'ordering': ['-requested_at', '-id'],
                    'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('assignment',), name='one_pending_extension_per_assignment', violation_error_message='An extension request is already waiting.'), models.CheckConstraint(condition=models.Q(('requested_deadline__gt', models.F('previous_deadline'))), name='extension_moves_deadline_later', violation_error_message='The requested deadline must be after the deadline.')],
                },
            ),
            migrations.AddIndex(
                model_name='supervisionitem',
                index=models.Index(fields=['content_type', 'object_id'], name='core_superv_content_29c87c_idx'),
            ),
            migrations.AddIndex(
                model_name='supervisionitem',
                index=models.Index(fields=['closed_at'], name='core_superv_closed__cb1c7b_idx'),
            ),
            migrations.AddIndex(
                model_name='assignment',
                index=models.Index(fields=['is_open', 'deadline'], name='core_assign_is_open_7cc1f1_idx'),
            ),
            migrations.AddIndex(
                model_name='assignment',
                index=models.Index(fields=['unit', 'is_open'], name='core_assign_unit_id_7baf5f_idx'),
            ),
            migrations.AddConstraint(
                model_name='assignment',
                constraint=models.UniqueConstraint(fields=('item', 'unit'), name='unique_assignment_per_unit', violation_error_message='The item is already assigned to this unit.'),
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, rename_content_types_back),
    ]
