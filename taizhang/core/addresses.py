"""The client's address (客户端地址), as far as it can be believed.

REMOTE_ADDR is the machine that connected. Behind a reverse proxy that is the proxy, and the
client is named in X-Forwarded-For, which anyone can also write. So the header is read only
when REMOTE_ADDR is a proxy listed in TAIZHANG_TRUSTED_PROXIES, and then from the right: each
trusted proxy appends the address it saw, so the rightmost address that is not a trusted
proxy is the client; anything left of it may be forged and is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(settings.TAIZHANG_TRUSTED_PROXIES))


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: Any) -> bool:
    return address is not None and any(address in network for network in trusted_networks())


def client_address(request: Any) -> str:
    """The client's IP address as text; "" without a request (a command, a test)."""
    if request is None:
        return ""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return ""
    if not _trusted(peer):
        return str(peer)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    client = peer
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:  # garbage the trusted proxy passed on: stop at what it saw
            break
        client = address
        if not _trusted(address):
            break
    return str(client)
