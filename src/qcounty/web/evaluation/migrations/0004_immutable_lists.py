"""Make published lists and snapshots immutable in the database, not only in `Model.save()`.

On PostgreSQL a trigger refuses every UPDATE and DELETE of their rows, whoever runs it
(`QuerySet.update()`/`delete()`, the admin, a SQL console). TRUNCATE (Django's `flush`, the
tests' teardown) is not a row operation and still empties the tables. A later migration that
must change these rows disables the trigger around its change (ALTER TABLE … DISABLE TRIGGER).

SQLite gets no trigger: its `flush` deletes row by row (it would be refused) and its
migrations rebuild a table to alter it, losing triggers; the model's guards remain.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLES = ("evaluation_publication", "evaluation_cohortsnapshot")

FUNCTION = """
CREATE OR REPLACE FUNCTION qcounty_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable: % refused', TG_TABLE_NAME, TG_OP
        USING HINT = 'A published list is re-issued as a new version, never changed.';
END;
$$ LANGUAGE plpgsql;
"""


def trigger(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION qcounty_refuse_change();"
    )


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # its % are PL/pgSQL's, not placeholders
    for table in TABLES:
        schema_editor.execute(trigger(table))


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS qcounty_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_robustness_updated_at"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
