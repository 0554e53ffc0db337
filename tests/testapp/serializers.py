"""Serializers a project might swap in through the settings."""

from django.contrib.auth import get_user_model
from rest_framework import serializers


class FirstNameOnlySerializer(serializers.ModelSerializer):
    """A project's own user details: only the first name, upper-cased on the way out."""

    shout = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = ("first_name", "shout")

    def get_shout(self, user) -> str:
        return user.first_name.upper()
