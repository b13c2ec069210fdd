"""The full-text index of ideas (see parvis.ideas.search): an FTS5 table on SQLite, a
table of tsvector documents with a GIN index on PostgreSQL."""

from django.db import migrations

CREATE = {
    "sqlite": [
        "CREATE VIRTUAL TABLE ideas_idea_fts USING fts5(document, tokenize = 'unicode61')",
    ],
    "postgresql": [
        "CREATE TABLE ideas_idea_search (idea_id bigint PRIMARY KEY, document tsvector NOT NULL)",
        "CREATE INDEX ideas_idea_search_document ON ideas_idea_search USING GIN (document)",
    ],
}
DROP = {
    "sqlite": ["DROP TABLE ideas_idea_fts"],
    "postgresql": ["DROP TABLE ideas_idea_search"],
}


def run(statements):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):

    dependencies = [
        ("ideas", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(run(CREATE), run(DROP)),
    ]
