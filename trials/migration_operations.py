"""Migration operations that only touch PostgreSQL, so one history works on SQLite too."""

from django.db.migrations.operations import AddIndex, RemoveIndex


class _OnPostgresOnly:
    """Runs the operation's database step on PostgreSQL only; the model state is the same
    everywhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return self.__class__.__name__, args, kwargs


class AddIndexOnPostgres(_OnPostgresOnly, AddIndex):
    """AddIndex for PostgreSQL-only index types (GIN)."""


class RemoveIndexOnPostgres(_OnPostgresOnly, RemoveIndex):
    """RemoveIndex for an index AddIndexOnPostgres made (it never existed elsewhere)."""
