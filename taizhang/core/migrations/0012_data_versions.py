"""Data versions (core/aggregates.py): the table, and on PostgreSQL the functions of its
triggers. The triggers themselves are installed after every migrate (and flush) for the tables
that registered aggregates read (core/aggregates.install_triggers)."""

from django.db import migrations, models

# A statement on a watched table gives the table a new version inside its transaction at once
# (a transaction-local setting, seen by that transaction alone) and, the first time in the
# transaction, notes the table in core_dataversion_pending. A deferred constraint trigger on
# that table writes the new committed version when the transaction commits, so the version
# row is locked for the commit alone: writers of the same table never wait for each other's
# transactions. Tables are locked in name order (no deadlock between two commits).
POSTGRES_FUNCTIONS = """
CREATE UNLOGGED TABLE IF NOT EXISTS core_dataversion_pending (
    txid bigint NOT NULL,
    "table" varchar(100) NOT NULL,
    PRIMARY KEY (txid, "table")
);
CREATE OR REPLACE FUNCTION taizhang_version_statement() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('taizhang.v_' || TG_TABLE_NAME, true), '') = '' THEN
        INSERT INTO core_dataversion_pending (txid, "table")
        VALUES (txid_current(), TG_TABLE_NAME) ON CONFLICT DO NOTHING;
    END IF;
    PERFORM set_config('taizhang.v_' || TG_TABLE_NAME, gen_random_uuid()::text, true);
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION taizhang_version_commit() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    tables varchar(100)[];
BEGIN
    WITH noted AS (
        DELETE FROM core_dataversion_pending WHERE txid = txid_current() RETURNING "table"
    )
    SELECT array_agg("table" ORDER BY "table") INTO tables FROM noted;
    IF tables IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM core_dataversion WHERE "table" = ANY(tables) ORDER BY "table" FOR UPDATE;
    INSERT INTO core_dataversion ("table", version)
    SELECT name, gen_random_uuid()::text FROM unnest(tables) AS name
    ON CONFLICT ("table") DO UPDATE SET version = EXCLUDED.version;
    -- Constraints checked early (SET CONSTRAINTS ALL IMMEDIATE) run this before the commit:
    -- later statements of the transaction must note their tables again.
    PERFORM set_config('taizhang.v_' || name, '', true) FROM unnest(tables) AS name;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS taizhang_version_commit ON core_dataversion_pending;
CREATE CONSTRAINT TRIGGER taizhang_version_commit AFTER INSERT ON core_dataversion_pending
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION taizhang_version_commit();
"""

POSTGRES_DROP = """
DROP FUNCTION IF EXISTS taizhang_version_commit() CASCADE;
DROP FUNCTION IF EXISTS taizhang_version_statement() CASCADE;
DROP TABLE IF EXISTS core_dataversion_pending;
"""


def create_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTIONS)


def drop_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0011_personal_data_access"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("table", models.CharField(max_length=100, primary_key=True, serialize=False, verbose_name="table")),
                ("version", models.CharField(max_length=64, verbose_name="version")),
            ],
            options={
                "verbose_name": "data version",
                "verbose_name_plural": "data versions",
            },
        ),
        migrations.RunPython(create_functions, drop_functions),
    ]
