"""The signature of a webhook's body: pure, no database."""

from moked import signing

BODY = b'{"event":"ping"}'


def test_a_known_vector():
    # printf '1700000000.{"event":"ping"}' | openssl dgst -sha256 -hmac secret
    assert signing.sign("secret", 1_700_000_000, BODY) == (
        "sha256=4d39bd2442f073b6bc62e95d0297ce25475582a17389ab860abdc778fe1d9f77"
    )


def test_verify_accepts_the_signature_and_refuses_any_change():
    signature = signing.sign("secret", 1_700_000_000, BODY)
    assert signing.verify("secret", 1_700_000_000, BODY, signature, now=1_700_000_060)
    assert not signing.verify("secret", 1_700_000_000, BODY + b" ", signature, now=1_700_000_060)
    assert not signing.verify("other", 1_700_000_000, BODY, signature, now=1_700_000_060)
    assert not signing.verify("secret", 1_700_000_001, BODY, signature, now=1_700_000_060)
    assert not signing.verify("secret", 1_700_000_000, BODY, signature.upper(), now=1_700_000_060)
    assert not signing.verify("secret", 1_700_000_000, BODY, "", now=1_700_000_060)


def test_verify_refuses_old_and_future_timestamps():
    signature = signing.sign("secret", 1_700_000_000, BODY)
    assert signing.verify("secret", 1_700_000_000, BODY, signature, now=1_700_000_300)
    assert not signing.verify("secret", 1_700_000_000, BODY, signature, now=1_700_000_301)  # replayed
    assert not signing.verify("secret", 1_700_000_000, BODY, signature, now=1_699_999_000)
    assert signing.verify("secret", 1_700_000_000, BODY, signature, now=1_700_001_000, tolerance=1_000)


def test_unicode_secrets_and_bodies():
    body = "שלום سلام".encode()
    signature = signing.sign("סוד-رمز", 5, body)
    assert signature.startswith("sha256=") and len(signature) == len("sha256=") + 64
    assert signing.verify("סוד-رمز", 5, body, signature, now=5)
