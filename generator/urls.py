"""URL rules: ASCII only, stable, never built from a Chinese title. Paths have no leading slash."""

from __future__ import annotations

import functools
import ipaddress
import posixpath
import re
import socket
import unicodedata
from datetime import datetime
from urllib.parse import unquote, urlsplit


def story(date: datetime, story_id: str) -> str:
    return f"news/{date:%Y/%m/%d}/{story_id}/"


def paged(base: str, number: int) -> str:
    """Page 1 lives at `base`, page n at `base/page/n/`."""
    return base if number == 1 else f"{base}page/{number}/"


def column(column_id: str) -> str:
    return f"columns/{column_id}/"


def tag(slug: str) -> str:
    return f"tags/{slug}/"


def region(region_id: str) -> str:
    return f"regions/{region_id}/"


def year(value: int) -> str:
    return f"news/{value}/"


NEWS = "news/"
TAGS = "tags/"
REGIONS = "regions/"
SEARCH = "search/"
SITEMAP = "sitemap/"  # the readers' site map (sitemap.xml is the search engines')
CASES = "cases/"
MEDIATORS = "mediators/"
HONORS = "honors/"
DATA = "data/"
# The record folders under content/, by the name `pingan new` gives each kind (pingan new case → content/cases/).
RECORD_FOLDERS = {"case": "cases", "mediator": "mediators", "honor": "honors", "metrics": "metrics"}


def figure(record_id: str, key: str) -> str:
    """The data page's row of one figure of a record (`key`: a count, a rate or changes.<name>), to cite it by."""
    return f"{DATA}#pa-fig-{record_id}-{key.replace('.', '-')}"


def case(case_id: str) -> str:
    return f"{CASES}{case_id}/"


def mediator(mediator_id: str) -> str:
    return f"{MEDIATORS}{mediator_id}/"


def src_uri(url: str) -> str:
    """The virtual Markdown source that MkDocs turns into `url` with directory URLs."""
    return f"{url}index.md" if url else "index.md"


@functools.lru_cache(maxsize=1 << 15)
def _segments(path: str) -> tuple[str, ...]:
    """A path's segments. Kept for the last 32,768 paths: a large site links each page's address from ~25
    pages and to ~25 addresses from each (the 246,057 links of 5,000 stories: 0.56 s without
    keeping them, 0.31 s with)."""
    parts = path.split("/")
    if "" in parts or "." in parts:
        parts = [part for part in parts if part and part != "."]
    return tuple(parts)


def relative(target: str, from_url: str) -> str:
    """A link from the page at `from_url` to `target`, both site-root paths.

    Plain string work on the path segments (the same result as posixpath.relpath, which normalises through
    the file system's rules and was a tenth of a large site's build time). A large site's pages make a few
    hundred thousand of these links (cards of stories on lists and beside stories).
    """
    base = _segments(from_url)
    parts = _segments(target)
    if ".." in base or ".." in parts:  # not produced by our own URL rules; let posixpath resolve them
        rel = posixpath.relpath("/" + target, "/" + from_url)
    else:
        common = 0
        for a, b in zip(base, parts, strict=False):
            if a != b:
                break
            common += 1
        up = len(base) - common
        rel = "../" * up + "/".join(parts[common:]) if common < len(parts) else "../" * up
        rel = rel.removesuffix("/") or "."
    if (not target or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel


def absolute(base_url: str, path: str) -> str:
    return base_url + path


EXAMPLE_PICTURE = "/images/文件名.jpg"  # the picture the story template shows how to write (authoring/new.py)


# A file on the writer's own computer (file:, C:\…, \\server\…): never an address a published page can use.
LOCAL_FILE = re.compile(r"^(?:file:|[A-Za-z]:(?!//)|\\\\|/(?:Users|home|Volumes|private)/)", re.IGNORECASE)


# Names that lead to this computer or the office's own network, whatever the DNS says: a link to one opens only
# inside the office (an OA system's address copied into a story), and `pingan audit --online` never fetches one.
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".intranet", ".corp", ".home.arpa")


def url_host(href: str) -> str:
    """The host a browser opens for the web address `href` ('' for another kind of link): http:192.168.1.4 is
    http://192.168.1.4, escapes are undone and full-width or circled digits read as digits (１９２, ①⑨②)."""
    text = re.sub(r"[\t\n\r]", "", href).strip("".join(map(chr, range(0x21))))  # as browsers drop them
    scheme = re.match(r"(https?):[\\/]*", text, re.IGNORECASE)
    if scheme is not None:
        text = "//" + text[scheme.end():]
    elif not text.startswith(("//", "\\\\")):
        return ""
    try:
        host = urlsplit(text.replace("\\", "/")).hostname or ""
    except ValueError:
        return ""
    return unicodedata.normalize("NFKC", unquote(host)).lower()


def private_host(host: str) -> bool:
    """Whether `host` (a URL's host, without the port) is this computer or a private network by its very name: an
    address that is not global (127.0.0.1, 10.x, 192.168.x, 169.254.x, [::1], also written as browsers read them:
    127.1, 0x7f.1, 0177.0.0.1, 2130706433), localhost, a local suffix, or a single label (http://oa/)."""
    name = unicodedata.normalize("NFKC", host).strip("[]").rstrip(".").lower()
    if not name:
        return False
    try:
        address = ipaddress.ip_address(name.split("%")[0])
    except ValueError:
        if re.fullmatch(r"[0-9a-fx.]+", name) and re.search(r"[0-9]", name):
            try:  # the short and octal/hex forms a browser reads as an IPv4 address
                address = ipaddress.ip_address(socket.inet_aton(name))
            except OSError:
                return False
        else:
            return name == "localhost" or name.endswith(_LOCAL_SUFFIXES) or "." not in name
    return not address.is_global or address.is_multicast
