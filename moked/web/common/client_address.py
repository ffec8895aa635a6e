"""Which address a request came from, behind a known number of reverse proxies (pure: no Django).

Each proxy appends to X-Forwarded-For the address it received the request from, so behind N
trusted proxies the client is the N-th address from the right; everything further left was
written by the client and may be forged. With no trusted proxy, or a header shorter than the
chain (a request that did not pass through every proxy), the peer's own address is the answer.
"""

import ipaddress


def client_address(peer: str, forwarded_for: str, trusted_proxies: int) -> str:
    """The client's address as text ("" when even the peer's is not one)."""
    if trusted_proxies > 0 and forwarded_for:
        hops = [hop.strip() for hop in forwarded_for.split(",")]
        if len(hops) >= trusted_proxies:
            address = _address(hops[-trusted_proxies])
            if address:
                return address
    return _address(peer)


def _address(text: str) -> str:
    """`text` as a normalised IP address, with the port some proxies add taken off; else ""."""
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return ""
