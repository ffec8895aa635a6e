"""Whether a value read from outside (JSON, a JSONL line) holds a NUL character anywhere: in a
string, a key, or nested in lists and objects. PostgreSQL stores none in text or jsonb, so such
input is refused before it reaches the database. Pure: no Django."""


def holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False
