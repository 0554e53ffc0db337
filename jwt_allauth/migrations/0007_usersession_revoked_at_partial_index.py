"""Index ``revoked_at`` only where it is set: rows never revoked carry no entry for it.

The purge's second query (sessions revoked long ago) is the index's only reader;
``revoked_at <= cutoff`` implies ``IS NOT NULL``, so it still uses the index.
Rows are untouched (SQLite rebuilds the table to drop the old index).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jwt_allauth", "0006_onetimegrant_password_fingerprint"),
    ]

    operations = [
        migrations.AlterField(
            model_name="usersession",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="revoked"),
        ),
        migrations.AddIndex(
            model_name="usersession",
            index=models.Index(
                condition=models.Q(("revoked_at__isnull", False)),
                fields=["revoked_at"],
                name="jwt_session_revoked_at",
            ),
        ),
    ]
