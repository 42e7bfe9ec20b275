"""Fetching a site's external links for `pingan audit --online`, only from the public internet: a link (or a
redirect) to this computer or to the office's own network (127.0.0.1, 192.168.x.x, 10.x.x.x, 169.254.169.254 …) is
not fetched, so a story's link cannot make the audit probe the clerk's network; such a link is itself a finding, as
no reader outside the office can open it."""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from ..urls import private_host

PRIVATE = "指向本机或内部网络的地址"


class NotPublic(Exception):
    """The address names a host on this computer or the local network."""


def _public(host: str) -> bool:
    """Whether every address `host` names is on the public internet (a name that does not resolve: not ours to
    judge, the fetch then fails as for any dead link)."""
    if not host.strip("[]").rstrip(".") or private_host(host):
        return False
    try:
        infos = socket.getaddrinfo(host.strip("[]").rstrip("."), None)
    except (OSError, UnicodeError):
        return True
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    return all(address.is_global and not address.is_multicast for address in addresses)


def check_public(url: str) -> None:
    """Raise NotPublic when `url`'s host is not on the public internet."""
    if not _public(urlsplit(url).hostname or ""):
        raise NotPublic(url)


class _PublicRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to a public host."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        check_public(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_PublicRedirects)


def status(url: str, timeout: float) -> str | None:
    """Why `url` cannot be opened (HEAD, then GET when HEAD is refused), or None when it opens."""
    failure = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": "pingan-audit"})
        try:
            check_public(url)
            with _OPENER.open(request, timeout=timeout) as response:  # noqa: S310 (http/https only)
                if response.status < 400:
                    return None
                failure = f"HTTP {response.status}"
        except NotPublic:
            return PRIVATE
        except urllib.error.HTTPError as exc:
            failure = f"HTTP {exc.code}"
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, NotPublic):
                return PRIVATE
            failure = f"连接失败（{reason}）"
        return failure
    return failure
