"""Start and stop the loopback provider from the test suite."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "jwt-allauth-loopback"
CLIENT_SECRET = "loopback-secret-not-public"
PASSWORD = "idp password 123"


@dataclass
class LoopbackIdP:
    base_url: str
    issuer: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rsa_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def start(users: list[dict], redirect_uris: list[str], state_dir: str | None = None) -> LoopbackIdP:
    """Run ``tests.idp.server`` on a free port; returns once it serves."""
    port = free_port()
    state_dir = state_dir or tempfile.mkdtemp(prefix="jwt-allauth-idp-")
    config = {
        "rsa_key": rsa_pem(),
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": redirect_uris,
        "users": [{"password": PASSWORD, **user} for user in users],
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.idp.server", str(port), state_dir],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    process.stdin.write(json.dumps(config) + "\n")
    process.stdin.close()
    line = process.stdout.readline()
    if line.strip() != "ready":
        process.kill()
        raise RuntimeError(f"the loopback provider did not start: {line!r}")
    base = f"http://127.0.0.1:{port}"
    return LoopbackIdP(base_url=base, issuer=f"{base}/o", process=process)
