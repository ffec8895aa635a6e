"""Which hosts Moked connects to on an admin's say (webhooks, IMAP accounts, connectors): public addresses
only, unless the installation allows a non-public network in MOKED_ALLOWED_PRIVATE_NETWORKS.

Without this, an admin's webhook (or a stolen admin session) could make Moked call the
installation's own network (a database's HTTP port, a cloud's metadata address) and read the
answer in the delivery log. A name is checked on every address it resolves to, when the
connection is made, and the connection goes to the very address checked: a name that resolves
to a public address when checked and to a private one a moment later (DNS rebinding) gains
nothing.
"""

import http.client
import ipaddress
import socket
import urllib.request
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(OSError):
    """The host is, or resolves to, an address the installation does not allow."""


def _embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64), or the address itself."""
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


@cache
def _allowed(networks: tuple[str, ...]) -> tuple:
    try:
        return tuple(
            ipaddress.ip_network(network.strip(), strict=False) for network in networks if network.strip()
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"MOKED_ALLOWED_PRIVATE_NETWORKS: {error}") from None


def allowed_networks() -> tuple:
    return _allowed(tuple(settings.MOKED_ALLOWED_PRIVATE_NETWORKS))


def is_allowed(address: IPAddress) -> bool:
    """Public (globally routable, not multicast), or in a network the installation allows."""
    seen_as = _embedded_ipv4(address)  # an IPv6 address standing for an IPv4 one is judged as that one
    if any(candidate in network for network in allowed_networks() for candidate in (address, seen_as)):
        return True
    return seen_as.is_global and not seen_as.is_multicast


def _refusal(host: str, address: IPAddress) -> AddressRefused:
    shown = str(address) if host == str(address) else f"{host} ({address})"
    return AddressRefused(
        _(
            "%(address)s is not a public address; Moked connects there only when the installation "
            "allows its network (MOKED_ALLOWED_PRIVATE_NETWORKS)."
        )
        % {"address": shown}
    )


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None


def check_host(host: str) -> None:
    """Refuse, when a webhook or mailbox is saved, a host written as a refused address (or
    `localhost`); names are checked on what they resolve to at each connection."""
    host = (host or "").strip().rstrip(".").lower()
    address = _literal(host)
    if address is None and (host == "localhost" or host.endswith(".localhost")):
        address = ipaddress.ip_address("127.0.0.1")
    if address is not None and not is_allowed(address):
        raise _refusal(host, address)


def check_url(url: str) -> None:
    check_host(urlsplit(url).hostname or "")


def vetted_addresses(host: str, port: int) -> list[tuple]:
    """Every address `host` resolves to (getaddrinfo's entries), refused as a whole if any of
    them is not allowed: a name that also points inside is not called at all."""
    entries = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for entry in entries:
        address = _literal(entry[4][0])
        if address is None or not is_allowed(address):
            raise _refusal(host, address or entry[4][0])
    return entries


def connect(host: str, port: int, timeout: float | None) -> socket.socket:
    """A TCP connection to `host`, made to one of the addresses just checked."""
    failure: OSError = OSError(_("%(host)s has no address.") % {"host": host})
    for family, kind, protocol, _name, address in vetted_addresses(host, port):
        sock = socket.socket(family, kind, protocol)
        sock.settimeout(timeout)
        try:
            sock.connect(address)
        except OSError as error:
            sock.close()
            failure = error
            continue
        return sock
    raise failure


# --- HTTP to an admin's address (webhooks, the fulfilment webhook connector) ----------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other non-2xx one: the body is never sent elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class _VettedHTTPConnection(http.client.HTTPConnection):
    """Connects only to an address the installation allows, the very one checked (moked.network)."""

    def connect(self):
        self.sock = connect(self.host, self.port, self.timeout)


class _VettedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self):
        sock = connect(self.host, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _VettedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_VettedHTTPConnection, req)


class _VettedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_VettedHTTPSConnection, req, context=self._context)


# No proxy from the environment: the address called must be the one checked.
_opener = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _NoRedirects, _VettedHTTPHandler, _VettedHTTPSHandler
)


def urlopen(request: urllib.request.Request, *, timeout: float):
    """Send `request` (urllib) to an allowed address only, without a proxy and without following
    redirects (a redirect is answered as an HTTPError, like any other non-2xx answer)."""
    return _opener.open(request, timeout=timeout)
