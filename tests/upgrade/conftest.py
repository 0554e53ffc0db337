"""Without the mfa extra (dev.py matrix noextras), the 1.x project cannot be rebuilt."""

from __future__ import annotations

from importlib.util import find_spec

# 1.5.1's project signs with RS256 and has MFA (pyotp gives the fixture's codes).
MFA_EXTRA = ("pyotp", "qrcode", "cryptography")
collect_ignore = (
    []
    if all(find_spec(name) for name in MFA_EXTRA)
    else ["test_upgrade.py", "test_older_1x.py", "test_encrypt_mfa_secrets.py"]
)
