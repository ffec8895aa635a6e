"""Handing a message to the mail server, internationalised addresses (RFC 6531/6532) included.

Django writes every address through `sanitize_address`, which turns a local part outside ASCII
into an RFC 2047 encoded word ("=?utf-8?b?...?=@example.com"): an address that does not exist.
So a message with an address outside ASCII is written here instead, with the standard library's
`email` policy, and sent with smtplib's `send_message`: the envelope and the headers carry each
domain in ASCII (A-labels), and a local part outside ASCII goes out as UTF-8 with SMTPUTF8, which
the server must offer (smtplib raises SMTPNotSupportedError when it does not: no other spelling
of such an address reaches its owner). Everything else takes Django's usual way.
"""

from __future__ import annotations

from email import message_from_bytes, policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import getaddresses

from django.core.mail import EmailMessage as DjangoEmailMessage
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend

from moked.people import addresses

ADDRESS_HEADERS = ("From", "To", "Cc", "Reply-To")


def send(email: DjangoEmailMessage) -> None:
    """Send through the configured backend; raises what the backend raises."""
    everyone = [email.from_email, *email.recipients(), *email.reply_to]
    if all(_addr_spec(value).isascii() for value in everyone):
        email.send()
        return
    connection = email.get_connection()
    if not isinstance(connection, SmtpBackend):  # the console, a file, tests' memory: as Django writes it
        email.send()
        return
    message = _international(email)
    with connection:
        connection.connection.send_message(
            message,
            from_addr=addresses.envelope(_addr_spec(email.from_email)),
            to_addrs=[addresses.envelope(_addr_spec(value)) for value in email.recipients()],
        )


def format_address(name: str, address: str) -> str:
    """ "Name <address>" for a header, quoting the name where it must be; unlike
    email.utils.formataddr, also for an address outside ASCII."""
    local, _, domain = address.rpartition("@")
    return str(Address(display_name=name, username=local, domain=domain))


def _addr_spec(value: str) -> str:
    found = getaddresses([value])
    return found[0][1] if found and found[0][1] else value


def _international(email: DjangoEmailMessage) -> EmailMessage:
    """Django's message, read back with the modern policy, its address headers written again:
    UTF-8 where a local part needs it, the domain's A-labels where only the domain is not ASCII."""
    message = message_from_bytes(email.message().as_bytes(), policy=policy.SMTP)
    values = {
        "From": [email.from_email],
        "To": email.to,
        "Cc": email.cc,
        "Reply-To": email.reply_to,
    }
    for name in ADDRESS_HEADERS:
        del message[name]
        if values[name]:
            message[name] = [_header_address(value) for value in values[name]]
    return message


def _header_address(value: str) -> Address:
    name, spec = getaddresses([value])[0]
    spec = spec or value
    local, _, domain = spec.rpartition("@")
    # A local part in ASCII keeps the whole address in ASCII; one outside it travels as UTF-8 anyway.
    if local.isascii():
        domain = addresses.ascii_domain(domain) or domain
    return Address(display_name=name, username=local, domain=domain)
