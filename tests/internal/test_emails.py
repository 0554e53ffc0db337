"""The canonical e-mail form over confusable and compatibility characters (issue 10, finding 1)."""

from __future__ import annotations

import string

import pytest
from django.utils.encoding import punycode
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from jwt_allauth.internal.emails import (
    MAX_LENGTH,
    EmailField,
    InvalidEmail,
    canonical_email,
    require_canonical,
)

DOTLESS_I = "\u0131"
DOTTED_CAPITAL_I = "\u0130"
KELVIN = "\u212a"
LONG_S = "\u017f"
SHARP_S = "\u00df"
CAPITAL_SHARP_S = "\u1e9e"
COMBINING_ACUTE = "\u0301"
CYRILLIC_A = "\u0430"
CONFUSABLES = [DOTLESS_I, DOTTED_CAPITAL_I, KELVIN, LONG_S, SHARP_S, CAPITAL_SHARP_S, CYRILLIC_A]
SPACES = ["", " ", "\t", "\n", "\u00a0", "\u3000"]


def fullwidth(text: str) -> str:
    """ASCII printable characters as their fullwidth compatibility forms (``a`` -> ``ａ``)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def flip_ascii_case(text: str, pattern: list[bool]) -> str:
    flags = pattern or [True]
    return "".join(
        c.swapcase() if c.isascii() and flags[i % len(flags)] else c for i, c in enumerate(text)
    )


local_parts = st.text(
    alphabet=st.sampled_from([*string.ascii_letters, *string.digits, *"._+-", KELVIN, LONG_S]),
    min_size=1,
    max_size=20,
).filter(lambda s: not s.startswith(".") and not s.endswith(".") and ".." not in s)
labels = st.text(
    alphabet=st.sampled_from(
        [*string.ascii_letters, *string.digits, "-", "\u00fc", "\u00e9", *CONFUSABLES]
    ),
    min_size=1,
    max_size=15,
)
domains = st.lists(labels, min_size=1, max_size=3).map(lambda ls: ".".join([*ls, "com"]))
addresses = st.builds(lambda local, domain: f"{local}@{domain}", local_parts, domains)


def canonical_or_skip(raw: str) -> str:
    try:
        return canonical_email(raw)
    except InvalidEmail:
        assume(False)
        raise


@settings(max_examples=300, deadline=None)
@given(addresses)
def test_the_canonical_form_is_a_fixed_point_in_ascii_lower_case(raw):
    canonical = canonical_or_skip(raw)
    assert canonical_email(canonical) == canonical
    assert canonical.isascii()
    assert canonical == canonical.lower() == canonical.strip()


@settings(max_examples=300, deadline=None)
@given(addresses)
def test_django_mails_the_canonical_domain_unchanged(raw):
    """Django punycodes the domain with IDNA 2003; ours is already ASCII, so it stays."""
    domain = canonical_or_skip(raw).rpartition("@")[2]
    assert punycode(domain) == domain


@settings(max_examples=300, deadline=None)
@given(
    addresses,
    st.lists(st.booleans(), max_size=8),
    st.sampled_from(SPACES),
    st.sampled_from(SPACES),
    st.booleans(),
    st.booleans(),
)
def test_spellings_of_one_address_have_one_canonical_form(
    raw, case, before, after, wide, trailing_dot
):
    canonical = canonical_or_skip(raw)
    spelling = flip_ascii_case(raw, case)
    if wide:
        spelling = fullwidth(spelling)
    if trailing_dot:
        spelling += "."
    assert canonical_email(before + spelling + after) == canonical


ascii_labels = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(local_parts, ascii_labels, ascii_labels, st.booleans())
def test_a_dotless_i_domain_is_never_the_dotted_one(local, head, tail, capital):
    dotted = f"{head}i{tail}.com"
    plain = canonical_or_skip(f"{local}@{dotted.upper() if capital else dotted}")
    lookalike = canonical_or_skip(f"{local}@{head}{DOTLESS_I}{tail}.com")
    assert lookalike != plain
    assert "xn--" in lookalike.rpartition("@")[2]


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("admin@fintech.io", "admin@fintech.io"),
        (" Admin@FinTech.IO\n", "admin@fintech.io"),
        ("admin@fintech.io.", "admin@fintech.io"),
        (f"admin@f{DOTLESS_I}ntech.io", "admin@xn--fntech-p9a.io"),
        ("admin@xn--fntech-p9a.io", "admin@xn--fntech-p9a.io"),
        ("admin@XN--FNTECH-P9A.IO", "admin@xn--fntech-p9a.io"),
        (f"admin@{DOTTED_CAPITAL_I}stanbul.com", "admin@xn--istanbul-o0e.com"),
        (f"{KELVIN}evin@example.com", "kevin@example.com"),
        (f"{LONG_S}am@example.com", "sam@example.com"),
        (f"demo@{KELVIN}iwi.com", "demo@kiwi.com"),
        (f"demo@{fullwidth('example')}.com", "demo@example.com"),
        (fullwidth("demo@example.com"), "demo@example.com"),
        ("\u3000demo@example.com\u3000", "demo@example.com"),
        (f"x@stra{SHARP_S}e.de", "x@xn--strae-oqa.de"),
        ("x@strasse.de", "x@strasse.de"),
        (f"x@{CAPITAL_SHARP_S}.de", "x@xn--zca.de"),
        ("x@caf\u00e9.fr", "x@xn--caf-dma.fr"),
        (f"x@cafe{COMBINING_ACUTE}.fr", "x@xn--caf-dma.fr"),
        (f"x@CAFE{COMBINING_ACUTE}.fr", "x@xn--caf-dma.fr"),
        (f"x@p{CYRILLIC_A}ypal.com", "x@xn--pypal-4ve.com"),
        ("x@b\u00fccher.de", "x@xn--bcher-kva.de"),
        ('"Quoted Name"@example.com', '"quoted name"@example.com'),
    ],
)
def test_canonical_forms(raw, canonical):
    assert canonical_email(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "no-at-sign",
        "@example.com",
        "a@",
        "a@.com",
        "a@x..com",
        "a@-x.com",
        "a@ex_ample.com",
        "a@xn--zz.com",
        "a@" + "x" * 64 + ".com",
        f"adm{DOTLESS_I}n@example.com",
        f"{DOTTED_CAPITAL_I}lker@example.com",
        "caf\u00e9@example.com",
        "a\ud800@example.com",
        "a@\udfffexample.com",
        None,
        5,
    ],
)
def test_values_without_a_canonical_form(raw):
    with pytest.raises(InvalidEmail):
        canonical_email(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"Demo@{fullwidth('example')}.com", ("demo@example.com", None)),
        ("a\ud800@example.com", (None, ["invalid"])),
        (f"adm{DOTLESS_I}n@example.com", (None, ["invalid"])),
        ("a@xn--zz.com", (None, ["invalid"])),
        ("not-an-address", (None, ["invalid"])),
        (["a@example.com"], (None, ["invalid"])),
        # 222 characters as typed, 256 in the canonical form: the limit is on what is stored.
        ("x" * 60 + "@" + ".".join(["\u00fc" * 25] * 6) + ".com", (None, ["max_length"])),
        ("  ", (None, ["blank"])),
    ],
)
def test_the_field_returns_the_canonical_form_or_a_coded_error(raw, expected):
    class Input(serializers.Serializer):
        email = EmailField()

    given_input = Input(data={"email": raw})
    valid = given_input.is_valid()
    if valid:
        assert (given_input.validated_data["email"], None) == expected
    else:
        assert (None, [e.code for e in given_input.errors["email"]]) == expected


def test_require_canonical_names_the_field():
    with pytest.raises(serializers.ValidationError) as raised:
        require_canonical("a@xn--zz.com", "email")
    assert raised.value.get_codes() == {"email": ["invalid"]}
    assert require_canonical(f"Demo@{fullwidth('example')}.com") == "demo@example.com"


def test_require_canonical_refuses_what_no_column_holds():
    """A replacement serializer may not limit the length; the flows' check does."""
    longest = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 57 + ".com"
    assert len(longest) == MAX_LENGTH
    assert require_canonical(longest) == longest
    with pytest.raises(serializers.ValidationError) as raised:
        require_canonical("e" + longest, "email")
    assert raised.value.get_codes() == {"email": ["invalid"]}


def test_a_domain_is_mapped_once_and_its_answer_kept(monkeypatch):
    from jwt_allauth.internal import emails

    calls = []
    real_encode = emails.idna_encode
    monkeypatch.setattr(emails, "idna_encode", lambda d: calls.append(d) or real_encode(d))
    domain = "kept-once.example"
    assert canonical_email(f"a@{domain}") == f"a@{domain}"
    assert calls == [domain, domain]  # encoded, then re-encoded for the round trip
    for spelling in (f"b@{domain}", f"c@{domain}.", f" d@{fullwidth(domain)} "):
        assert canonical_email(spelling).endswith(f"@{domain}")
    assert calls == [domain, domain]


def test_an_invalid_domain_is_refused_every_time():
    for _ in range(3):
        with pytest.raises(InvalidEmail):
            canonical_email("a@-bad-.example")
