"""The signature Django passes to a system check."""

from __future__ import annotations

from collections.abc import Sequence

from django.apps import AppConfig

AppConfigs = Sequence[AppConfig] | None
