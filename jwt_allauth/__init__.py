"""JWT authentication API for Django REST framework, built on django-allauth."""

__version__ = "0.1.0"
