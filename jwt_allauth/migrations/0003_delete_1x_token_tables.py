"""Drop jwt-allauth 1.x's refresh-token whitelist and generic token tables.

Nothing is carried over from them: 1.x refresh tokens name their session in a
claim this package does not read, so they are refused (401 ``token_not_valid``)
and their users sign in again; the links and MFA challenges they tracked were
short-lived. See docs/upgrading.rst.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('jwt_allauth', '0002_usersession_onetimegrant'),
    ]

    operations = [
        migrations.DeleteModel(name='GenericTokenModel'),
        migrations.DeleteModel(name='RefreshTokenWhitelistModel'),
    ]
