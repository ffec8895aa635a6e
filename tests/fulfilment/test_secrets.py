from moked.encryption import new_key
from moked.fulfilment.connectors.secrets import seal, unseal


def test_a_connector_secret_is_stored_encrypted_and_read_back(settings):
    settings.MOKED_ENCRYPTION_KEYS = [new_key()]
    token = seal("bind-Password-1")
    assert "bind-Password-1" not in token
    assert unseal(token) == "bind-Password-1"
    assert seal("") == "" and unseal("") == ""


def test_a_secret_sealed_with_an_old_key_is_read_after_a_new_key_comes_first(settings):
    old = new_key()
    settings.MOKED_ENCRYPTION_KEYS = [old]
    token = seal("bind-Password-1")
    settings.MOKED_ENCRYPTION_KEYS = [new_key(), old]
    assert unseal(token) == "bind-Password-1"


def test_a_secret_no_key_opens_is_refused_with_the_reason(settings):
    import pytest

    from moked.encryption import SecretUnreadable

    settings.MOKED_ENCRYPTION_KEYS = [new_key()]
    token = seal("bind-Password-1")
    settings.MOKED_ENCRYPTION_KEYS = [new_key()]
    settings.SECRET_KEY = "another"
    with pytest.raises(SecretUnreadable):
        unseal(token)
