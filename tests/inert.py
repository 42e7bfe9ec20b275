"""Is a built site inert? Every page, feed and data file is parsed, and a planted marker (`pwn`, in any case)
may be text, but never an element, an attribute name, an event handler, a script, a style rule or a
`javascript:` URL; no element may make the reader's browser fetch from another site.

Hostile fixtures plant the marker in what they inject: `<pwn-tag>`, `onerror="pwn()"`, `<script>pwn</script>`,
`javascript:pwn`, `https://pwn.example/…` and so on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

MARKER = re.compile(r"pwn", re.IGNORECASE)
URL_ATTRIBUTES = ("src", "href", "poster", "srcset", "data", "action", "formaction", "xlink:href", "background",
                  "{http://www.w3.org/1999/xlink}href")
# attributes whose URL the browser fetches by itself (a link's href is only followed when clicked)
FETCHED = {"img": ("src", "srcset"), "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
           "track": ("src",), "iframe": ("src",), "embed": ("src",), "object": ("data",), "script": ("src",),
           "link": ("href",), "image": ("href", "{http://www.w3.org/1999/xlink}href"),
           "use": ("href", "{http://www.w3.org/1999/xlink}href"), "input": ("src",)}
CSS_URL = re.compile(r"(?:@import|url\s*\()\s*['\"]?\s*(?:https?:)?//", re.IGNORECASE)


def _local_name(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def html_problems(text: str, where: str, own_host: str) -> list[str]:
    """What is active or outside in one HTML document or fragment (empty: inert)."""
    problems: list[str] = []
    if not text.strip():
        return problems
    root = lxml_html.document_fromstring(text) if "<html" in text[:2000].lower() else \
        lxml_html.fragment_fromstring(text, create_parent="div")
    for el in root.iter():
        tag = _local_name(el.tag)
        if MARKER.search(tag):
            problems.append(f"{where}: element <{tag}>")
        for name, value in el.attrib.items():
            short = _local_name(name) if name.startswith("{") else name.lower()
            if MARKER.search(short):
                problems.append(f"{where}: attribute {short} on <{tag}>")
            if short.startswith("on") and MARKER.search(value):
                problems.append(f"{where}: handler {short}={value!r} on <{tag}>")
            if short in URL_ATTRIBUTES or name in URL_ATTRIBUTES:
                if re.match(r"\s*(?:javascript|vbscript)\s*:", value, re.IGNORECASE):
                    problems.append(f"{where}: {short}={value!r} on <{tag}>")
            if short == "style" and (MARKER.search(value) or CSS_URL.search(value)):
                problems.append(f"{where}: style={value!r} on <{tag}>")
        for name in FETCHED.get(tag, ()):
            value = el.get(name)
            if value is None:
                continue
            for url in re.split(r",\s*", value) if name == "srcset" else [value]:
                host = urlsplit(url.strip().split(" ")[0]).hostname
                if host and host != own_host:
                    problems.append(f"{where}: <{tag} {name}> fetches {url!r}")
        if tag == "script":
            body = el.text or ""
            kind = (el.get("type") or "").lower()
            if kind == "application/ld+json":
                try:
                    json.loads(body)
                except ValueError as error:
                    problems.append(f"{where}: JSON-LD does not parse ({error})")
            elif MARKER.search(body):
                problems.append(f"{where}: script holds the marker")
        if tag == "style" and (MARKER.search(el.text or "") or CSS_URL.search(el.text or "")):
            problems.append(f"{where}: <style> holds the marker or an outside URL")
    return problems


def svg_problems(data: bytes, where: str) -> list[str]:
    """What is active or outside in a published SVG file."""
    problems: list[str] = []
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data.upper():
        problems.append(f"{where}: DOCTYPE or ENTITY")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    for el in root.iter():
        tag = _local_name(el.tag)
        if tag in ("script", "foreignobject", "animate", "set", "animatemotion", "animatetransform", "handler"):
            problems.append(f"{where}: <{tag}>")
        for name, value in el.attrib.items():
            short = _local_name(name)
            if short.startswith("on") or re.match(r"\s*javascript\s*:", value, re.IGNORECASE):
                problems.append(f"{where}: {short}={value!r} on <{tag}>")
            if short == "href" and re.match(r"\s*(?:https?:)?//", value):
                problems.append(f"{where}: <{tag} href> fetches {value!r}")
            if short == "style" and CSS_URL.search(value):
                problems.append(f"{where}: style={value!r} on <{tag}>")
        if tag == "style" and CSS_URL.search(el.text or ""):
            problems.append(f"{where}: <style> loads from outside")
    return problems


def site_problems(site: Path, own_host: str = "pingan.example.gov.cn") -> list[str]:
    """Every problem in a built site: pages, feeds (and the HTML inside them), JSON, sitemap, SVG files."""
    problems: list[str] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if path.suffix == ".html":
            problems += html_problems(data.decode("utf-8"), rel, own_host)
        elif path.suffix == ".xml":
            tree = etree.fromstring(data)  # a feed or sitemap that does not parse fails here
            for el in tree.iter():
                tag = _local_name(el.tag)
                if MARKER.search(tag):
                    problems.append(f"{rel}: XML element <{tag}>")
                # RSS descriptions and content:encoded are HTML; Atom's text constructs only with type="html"
                html_text = tag in ("description", "encoded") or el.get("type") in ("html", "xhtml")
                if html_text and el.text and "<" in el.text:
                    problems += html_problems(el.text, f"{rel} <{tag}>", own_host)
        elif path.suffix == ".json":
            json.loads(data)  # open data and search files must stay valid JSON
        elif path.suffix == ".svg":
            problems += svg_problems(data, rel)
    return problems
