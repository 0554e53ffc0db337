"""The tables of this package: per-device sessions and one-time grants."""

import django.db.models.deletion
import django.utils.timezone
import jwt_allauth.internal.timeuuid
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jwt_allauth', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='UserSession',
            fields=[
                ('id', models.UUIDField(default=jwt_allauth.internal.timeuuid.uuid7, editable=False, primary_key=True, serialize=False)),
                ('current_jti', models.CharField(max_length=64, verbose_name='current token id')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                ('last_used_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='last used')),
                ('expires_at', models.DateTimeField(db_index=True, verbose_name='expires')),
                ('revoked_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='revoked')),
                ('revoke_reason', models.CharField(blank=True, choices=[('logout', 'Logged out'), ('logout_all', 'Logged out everywhere'), ('replay', 'Refresh token replayed'), ('user', 'Revoked by its owner'), ('admin', 'Revoked by an administrator'), ('password', 'Password changed'), ('inactive', 'Account inactive')], max_length=16, verbose_name='revoke reason')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                ('user_agent', models.CharField(blank=True, max_length=512, verbose_name='user agent')),
                ('browser', models.CharField(blank=True, max_length=100, verbose_name='browser')),
                ('os', models.CharField(blank=True, max_length=100, verbose_name='operating system')),
                ('device', models.CharField(blank=True, max_length=100, verbose_name='device')),
                ('device_type', models.CharField(blank=True, choices=[('mobile', 'Mobile'), ('tablet', 'Tablet'), ('pc', 'Computer'), ('bot', 'Bot'), ('other', 'Other')], max_length=8, verbose_name='device type')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='jwt_sessions', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'ordering': ('-last_used_at',),
            },
        ),
        migrations.CreateModel(
            name='OneTimeGrant',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('purpose', models.CharField(choices=[('password_reset', 'Password reset'), ('set_password', 'Set password'), ('mfa_login', 'Two-factor sign-in challenge'), ('mfa_setup', 'Two-factor setup challenge'), ('totp_pending', 'Pending authenticator secret')], max_length=32, verbose_name='purpose')),
                ('email', models.EmailField(blank=True, help_text='Where the grant was mailed; following it proves control of this address.', max_length=254, verbose_name='e-mail address')),
                ('secret_hash', models.CharField(max_length=64, unique=True, verbose_name='secret hash')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                ('expires_at', models.DateTimeField(db_index=True, verbose_name='expires')),
                ('used_at', models.DateTimeField(blank=True, null=True, verbose_name='used')),
                ('attempts', models.PositiveIntegerField(default=0, help_text='Codes tried against this grant so far.', verbose_name='attempts')),
                ('payload', models.TextField(blank=True, default='', help_text='Data the grant carries, encrypted: the secret of a pending authenticator.', verbose_name='payload')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='jwt_grants', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'one-time grant',
                'verbose_name_plural': 'one-time grants',
                'indexes': [models.Index(fields=['user', 'purpose'], name='jwt_grant_user_purpose')],
            },
        ),
    ]
