"""The base every jwt_allauth API view shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler


def coded_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus a ``code`` next to any bare ``detail`` it renders."""
    response = exception_handler(exc, context)
    if response is None or not isinstance(response.data, dict):
        return response
    if set(response.data) == {"detail"}:
        codes = getattr(exc, "get_codes", lambda: None)()
        if isinstance(codes, str):
            response.data["code"] = codes
    return response


class JWTAllauthAPIView(APIView):
    """APIView whose error bodies always carry a stable code."""

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return coded_exception_handler
