from importlib.util import find_spec

# The documented project turns MFA on: without the mfa extra (dev.py matrix noextras) skip it.
MFA_EXTRA = ("pyotp", "qrcode", "cryptography")
collect_ignore_glob = [] if all(find_spec(name) for name in MFA_EXTRA) else ["test_*.py"]
