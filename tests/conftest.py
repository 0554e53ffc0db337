"""Shared fixtures: users of whatever AUTH_USER_MODEL is active, clients, delivery modes."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.helpers import PASSWORD
from tests.helpers.routing import ROUTING_SETTINGS, reload_urlconfs

_emails = itertools.count(1)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _commit_callbacks_per_request(monkeypatch):
    """Run on-commit callbacks (mails, signals) as each test-client request ends.

    Under the ``db`` fixture a test runs inside a transaction that never commits,
    so ``transaction.on_commit`` callbacks would never run. A request's own
    commit is what runs them in production; the end of the request is the
    nearest point here. Callbacks of a block the request rolled back are gone
    already, as they would be in production.
    """
    from django.test import TestCase
    from django.test.client import ClientHandler

    handle = ClientHandler.__call__

    def handle_and_commit(self, environ):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return handle(self, environ)

    monkeypatch.setattr(ClientHandler, "__call__", handle_and_commit)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user_factory(db):
    """Create users of the active user model: ``user_factory(is_staff=True)``."""

    def create(email: str | None = None, password: str = PASSWORD, **fields):
        User = get_user_model()
        email = email or f"user{next(_emails)}@example.com"
        if "username" in {f.name for f in User._meta.get_fields()}:
            fields.setdefault("username", email)
        if "role" not in {f.name for f in User._meta.get_fields()}:
            fields.pop("role", None)
        user = User(email=email, **fields)
        user.set_password(password)
        user.save()
        return user

    return create


@pytest.fixture
def user(user_factory):
    return user_factory(email="alice@example.com")


@pytest.fixture(params=["cookie", "body"])
def delivery(request, settings) -> str:
    """Run a test once with the refresh token in the cookie and once in the body."""
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = request.param == "cookie"
    return request.param


class Session:
    """What a client holds after login: the access token and the refresh token."""

    def __init__(self, response, delivery: str):
        from django.conf import settings

        self.response = response
        self.access = response.data["access"]
        if delivery == "cookie":
            name = getattr(settings, "JWT_AUTH_REFRESH_COOKIE", None) or "refresh_token"
            self.refresh = response.cookies[name].value
        else:
            self.refresh = response.data["refresh"]


@pytest.fixture
def login(delivery):
    """``login(user)`` -> Session; a fresh client per call, like a separate device."""

    def do_login(user, password: str = PASSWORD, **extra) -> Session:
        response = APIClient().post(
            "/auth/login/", {"email": user.email, "password": password}, format="json", **extra
        )
        assert response.status_code == 200, response.data
        return Session(response, delivery)

    return do_login


@pytest.fixture
def refresh(delivery):
    """``refresh(raw_token)`` -> response, sending the token the way the mode does."""

    def do_refresh(raw: str, client: APIClient | None = None):
        client = client or APIClient()
        if delivery == "cookie":
            client.cookies["refresh_token"] = raw
            return client.post("/auth/refresh/", format="json")
        return client.post("/auth/refresh/", {"refresh": raw}, format="json")

    return do_refresh


def _reroute_on_setting_change(setting: str, **kwargs) -> None:
    if setting in ROUTING_SETTINGS:
        reload_urlconfs()


def _connect_rerouting() -> None:
    from django.test.signals import setting_changed

    setting_changed.connect(_reroute_on_setting_change, dispatch_uid="jwt_allauth_tests_reroute")


_connect_rerouting()


@pytest.fixture
def reload_urls():
    """Re-read settings-dependent routing; call it after changing settings by other means.

    Changes made through the `settings` fixture reroute by themselves.
    """
    reload_urlconfs()
    yield reload_urlconfs
    reload_urlconfs()


class SMTPOutbox:
    """Mail received by a real SMTP server on loopback, parsed with the stdlib."""

    def __init__(self) -> None:
        import threading

        self.messages: list = []
        self._returned: set[int] = set()
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope) -> str:
        import email
        import email.policy

        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, to: str, timeout: float = 5):
        """The next message addressed to ``to`` not returned before; fails after ``timeout``."""

        def pending():
            for index, message in enumerate(self.messages):
                recipients = [a.addr_spec.lower() for a in message["To"].addresses]
                if index not in self._returned and to.lower() in recipients:
                    return index
            return None

        with self._arrived:
            arrived = self._arrived.wait_for(lambda: pending() is not None, timeout=timeout)
            assert arrived, f"no mail to {to} within {timeout}s"
            index = pending()
            self._returned.add(index)
            return self.messages[index]


@pytest.fixture
def smtp_outbox(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1; Django's SMTP backend points at it."""
    import socket

    Controller = pytest.importorskip("aiosmtpd.controller").Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    outbox = SMTPOutbox()
    controller = Controller(outbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield outbox
    finally:
        controller.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test item (``item.report_call``), for fixtures
    that act on failure, such as the browser screenshots."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report
