"""System checks for settings a project can get wrong (ids jwt_allauth.E0xx / W0xx).

Importing this package registers them all under the ``jwt_allauth`` tag.
"""

from __future__ import annotations

from jwt_allauth.checks.accounts import (
    check_email_verification,
    check_grant_cookies,
    check_mail_delivery,
    check_redirects,
    check_registration_roles,
    check_templates,
)
from jwt_allauth.checks.installation import (
    check_account_adapter,
    check_authentication_classes,
    check_dependencies,
    check_dotted_paths,
    check_email_login,
    check_migration_module,
)
from jwt_allauth.checks.legacy import (
    check_legacy_ignored,
    check_legacy_mfa_lockout,
    check_legacy_refresh_cookie_max_age,
    check_legacy_session_lifetime,
    check_legacy_session_model,
    check_legacy_signing_key,
    check_legacy_token_retention,
)
from jwt_allauth.checks.links import check_link_base_url, check_link_host
from jwt_allauth.checks.mfa import check_mfa_dependencies, check_mfa_limits, check_mfa_mode
from jwt_allauth.checks.social import check_social_extra, check_social_settings
from jwt_allauth.checks.tokens import (
    check_refresh_cookie,
    check_refresh_cookie_path,
    check_throttle_rates,
    check_token_lifetimes,
    check_user_attributes,
)

__all__ = [
    "check_account_adapter",
    "check_authentication_classes",
    "check_dependencies",
    "check_dotted_paths",
    "check_email_login",
    "check_migration_module",
    "check_email_verification",
    "check_grant_cookies",
    "check_legacy_ignored",
    "check_legacy_mfa_lockout",
    "check_legacy_refresh_cookie_max_age",
    "check_legacy_session_lifetime",
    "check_legacy_session_model",
    "check_legacy_signing_key",
    "check_legacy_token_retention",
    "check_link_base_url",
    "check_link_host",
    "check_mail_delivery",
    "check_mfa_dependencies",
    "check_mfa_limits",
    "check_mfa_mode",
    "check_redirects",
    "check_social_extra",
    "check_social_settings",
    "check_refresh_cookie",
    "check_refresh_cookie_path",
    "check_registration_roles",
    "check_templates",
    "check_throttle_rates",
    "check_token_lifetimes",
    "check_user_attributes",
]
