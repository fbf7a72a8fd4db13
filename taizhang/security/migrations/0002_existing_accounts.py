"""Existing accounts under the new controls: each usable password starts the history (dated
now, so that nobody is sent to change it on the day of the upgrade), and accounts that hold a
platform role lose the superuser flag the old `create_user(admin_site=True)` gave them."""

from django.contrib.auth.hashers import is_password_usable
from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    User = apps.get_model("core", "User")
    PasswordHistory = apps.get_model("security", "PasswordHistory")
    now = timezone.now()
    PasswordHistory.objects.bulk_create(
        PasswordHistory(user_id=pk, password=password, changed_at=now)
        for pk, password in User.objects.values_list("pk", "password").iterator()
        if is_password_usable(password)
    )
    User.objects.filter(is_superuser=True, roles__isnull=False).update(is_superuser=False)


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
        ("core", "0008_security_audit_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
