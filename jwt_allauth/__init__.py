"""JWT authentication API for Django REST framework, built on django-allauth."""

__version__ = "2.0.0.dev0"
