"""E-mail addresses as Moked keeps and compares them, internationalised ones (RFC 6532) included.

An address has one stored form (`canonical`): lower-case, Unicode NFC, the domain in Unicode
(U-labels, "bücher.example"), however it was written ("Bücher.EXAMPLE", "xn--bcher-kva.example").
Lookups try `variants`, so a record typed with the ASCII form of its domain is found as well.
Mail servers get `envelope`: the domain in ASCII (A-labels), the local part as it is; only a
local part outside ASCII needs the SMTPUTF8 extension (`needs_smtputf8`).

Pure: no Django; the `idna` package does IDNA 2008 with the UTS 46 mapping.
"""

from __future__ import annotations

import re
import unicodedata

import idna

MAX_LOCAL_OCTETS = 64  # RFC 5321 4.5.3.1.1, counted in UTF-8 for RFC 6531
MAX_ADDRESS_OCTETS = 254  # the longest path an SMTP server must accept, less the angle brackets

# RFC 5322 atext, plus any character outside ASCII (RFC 6532 UTF8-non-ascii) but spaces,
# controls and format characters, which no mail system accepts in an address.
_ATEXT = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]")
_QUOTED = re.compile(r'"(?:[^"\\\r\n]|\\[^\r\n])*"')
_LDH_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def _atom_character(character: str) -> bool:
    if character.isascii():
        return bool(_ATEXT.fullmatch(character))
    return unicodedata.category(character) not in _FORBIDDEN_CATEGORIES


def _split(address: str) -> tuple[str, str]:
    local, at, domain = address.strip().rpartition("@")
    return (local, domain) if at else ("", address.strip())


def unicode_domain(domain: str) -> str:
    """The domain in lower-case Unicode (U-labels); as it was, lower-cased, if IDNA refuses it."""
    domain = unicodedata.normalize("NFC", domain.strip().rstrip(".")).lower()
    if domain.isascii() and "xn--" not in domain:
        return domain
    try:
        return idna.decode(domain, uts46=True)
    except (idna.IDNAError, UnicodeError, ValueError):
        return domain


def ascii_domain(domain: str) -> str | None:
    """The domain in ASCII (A-labels, "xn--bcher-kva.example"); None if it cannot be one."""
    domain = unicodedata.normalize("NFC", domain.strip().rstrip(".")).lower()
    if domain.isascii() and "xn--" not in domain:
        return domain
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return None


def canonical(address: str) -> str:
    """The stored form: lower-case, NFC, the domain in U-labels; "" stays ""."""
    if not address or not address.strip():
        return ""
    local, domain = _split(unicodedata.normalize("NFC", address))
    if not local:
        return address.strip().lower()
    return f"{local.lower()}@{unicode_domain(domain)}"


def variants(address: str) -> list[str]:
    """The forms a record of this address may be stored under: canonical, then with the domain's
    A-labels (for records typed that way); no duplicates."""
    found = canonical(address)
    if not found:
        return []
    forms = [found]
    local, domain = _split(found)
    ascii_form = ascii_domain(domain)
    if local and ascii_form and f"{local}@{ascii_form}" not in forms:
        forms.append(f"{local}@{ascii_form}")
    return forms


def domain_variants(domain: str) -> list[str]:
    """A domain in U-labels and in A-labels (an organisation's domains are kept in either)."""
    forms = [unicode_domain(domain)]
    ascii_form = ascii_domain(domain)
    if ascii_form and ascii_form not in forms:
        forms.append(ascii_form)
    return forms


def domain_of(address: str) -> str:
    return _split(canonical(address))[1]


def needs_smtputf8(address: str) -> bool:
    """Whether a mail server must speak SMTPUTF8 (RFC 6531) to carry this address: only a local
    part outside ASCII does; a Unicode domain travels as its A-labels."""
    return not _split(address)[0].isascii()


def envelope(address: str) -> str:
    """The address for the SMTP envelope: the local part as it is, the domain's A-labels."""
    local, domain = _split(address)
    return f"{local}@{ascii_domain(domain) or domain}" if local else address.strip()


def is_valid(address: str) -> bool:
    """Whether this is an address mail can be delivered to: a dot-atom (with RFC 6532 characters)
    or a quoted local part of at most 64 octets, and a domain of at least two labels that has an
    IDNA form (or "localhost"); at most 254 octets in all."""
    local, domain = _split(address)
    if not local or not domain or len(address.strip().encode()) > MAX_ADDRESS_OCTETS:
        return False
    if len(local.encode()) > MAX_LOCAL_OCTETS or not _valid_local(local):
        return False
    ascii_form = ascii_domain(domain)
    if ascii_form is None or len(ascii_form) > 253:
        return False
    if ascii_form == "localhost":  # as Django's own validator allows
        return True
    labels = ascii_form.split(".")
    return (
        len(labels) >= 2 and all(_LDH_LABEL.fullmatch(label) for label in labels) and not labels[-1].isdigit()
    )


def _valid_local(local: str) -> bool:
    if _QUOTED.fullmatch(local):
        return True
    atoms = local.split(".")
    return all(atom and all(_atom_character(c) for c in atom) for atom in atoms)
