"""On PostgreSQL: trigram indexes for the project list's search box (name, code, content, owner
contain the words), so a search at 10⁵ projects reads the index instead of every row. Django's
`icontains` compares UPPER(column) LIKE UPPER(%s); the indexes are on those expressions.
SQLite has no such index; the migration does nothing there."""

from django.db import migrations

COLUMNS = ("name", "code", "content", "owner_name")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS projects_project_{column}_trgm ON projects_project "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS projects_yearplan_name_trgm ON projects_yearplan "
        "USING gin ((UPPER(name::text)) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS projects_project_{column}_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS projects_yearplan_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_plan_progress")]
    operations = [migrations.RunPython(create, drop)]
