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
# in SVG: a CSS url() or @import to anything but an element of the same file (#id)
CSS_OUTSIDE = re.compile(r"@import|url\(\s*['\"]?\s*(?!['\"#\s])", re.IGNORECASE)
XHTML_OR_MATHML = ("http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML")


def _read_url(value: str) -> str:
    """A URL as the browser reads it: tabs and line breaks dropped anywhere, C0 controls and spaces trimmed,
    backslashes taken as slashes (`java\tscript:`, `\\\\host\\x` are `javascript:` and `//host/x` to it)."""
    return re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21)))).replace("\\", "/")


def _css(text: str) -> str:
    """CSS with comments removed and escapes undone (`u\\72l(` is `url(` to the browser)."""
    text = re.sub(r"/\*.*?(?:\*/|$)", "", text, flags=re.DOTALL)
    return re.sub(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))",
                  lambda m: chr(min(int(m[1], 16), 0x10FFFF) or 0xFFFD) if m[1] else m[2], text, flags=re.DOTALL)


def _fetches_from(url: str, own_host: str) -> bool:
    """Whether the browser would load `url` from another host (any other scheme than http(s) counts too)."""
    read = _read_url(url)
    parts = urlsplit(read)
    if parts.scheme and parts.scheme.lower() not in ("http", "https", "data"):
        return True
    return bool(parts.hostname) and parts.hostname != own_host


def _local_name(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""  # "{ns}name" or "prefix:name"


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
                if re.match(r"(?:javascript|vbscript)\s*:", _read_url(value), re.IGNORECASE):
                    problems.append(f"{where}: {short}={value!r} on <{tag}>")
            if short == "style" and (MARKER.search(value) or CSS_URL.search(_css(value))):
                problems.append(f"{where}: style={value!r} on <{tag}>")
            if short == "srcdoc":  # a whole document in an attribute
                problems.append(f"{where}: srcdoc on <{tag}>")
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            target = (el.get("content") or "").partition("=")[2].strip("'\" ")
            if target and (_fetches_from(target, own_host) or MARKER.search(target)):
                problems.append(f"{where}: <meta refresh> to {target!r}")
        for name in (*FETCHED.get(tag, ()), "background", *(("ping",) if tag in ("a", "area") else ())):
            value = el.get(name)
            if value is None:
                continue
            # every word of a srcset could be a candidate's URL: more than the browser takes, never fewer
            for url in re.split(r"[\s,]+", value) if "srcset" in name else [value]:
                if url and _fetches_from(url, own_host):
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
        if tag == "style" and (MARKER.search(el.text or "") or CSS_URL.search(_css(el.text or ""))):
            problems.append(f"{where}: <style> holds the marker or an outside URL")
    return problems


def svg_problems(data: bytes, where: str) -> list[str]:
    """What is active or outside in a published SVG file."""
    problems: list[str] = []
    # A DOCTYPE naming SVG's own DTD (matplotlib writes one) is inert: no browser loads it. Declarations in it
    # are not: entities, and default attributes (<!ATTLIST svg onload ...>) that some XML parsers apply.
    if b"<!ENTITY" in data or b"<!ATTLIST" in data or re.search(rb"<!DOCTYPE[^>\[]*\[", data, re.IGNORECASE):
        problems.append(f"{where}: DOCTYPE with declarations, or ENTITY")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:  # entity expansion refused, for one
        return [*problems, f"{where}: does not parse ({error})"]
    for node in (*root.itersiblings(preceding=True), *root.iter(etree.PI)):
        if isinstance(node, etree._ProcessingInstruction) and node.target.lower() == "xml-stylesheet":
            problems.append(f"{where}: <?xml-stylesheet?> loads a style sheet")
    for el in root.iter(etree.Element):
        tag = _local_name(el.tag)
        if tag in ("script", "foreignobject", "animate", "set", "animatemotion", "animatetransform", "handler"):
            problems.append(f"{where}: <{tag}>")
        if etree.QName(el).namespace in XHTML_OR_MATHML:  # live elements in an SVG document (an <img> fetches)
            problems.append(f"{where}: XHTML or MathML element <{tag}>")
        for name, value in el.attrib.items():
            short = _local_name(name)
            if short.startswith("on") or re.match(r"(?:javascript|vbscript)\s*:", _read_url(value), re.IGNORECASE):
                problems.append(f"{where}: {short}={value!r} on <{tag}>")
            read = _read_url(value)
            if short == "href" and re.match(r"[a-z][a-z0-9+.-]*:|//", read, re.I) and read[:11].lower() != "data:image/":
                problems.append(f"{where}: <{tag} href> fetches {value!r}")
            if short == "base":  # xml:base
                problems.append(f"{where}: xml:base on <{tag}>")
            if not name.startswith("{") and CSS_OUTSIDE.search(_css(value)):  # style, fill="url(...)", ...
                problems.append(f"{where}: {short}={value!r} on <{tag}>")
        if tag == "style" and CSS_OUTSIDE.search(_css("".join(el.itertext()))):
            problems.append(f"{where}: <style> loads from outside")
    return problems


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


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
        elif path.suffix == ".csv":  # a spreadsheet must not run a cell as a formula
            import csv
            import io

            for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
                # a spreadsheet may drop leading spaces (no-break and full-width ones too) and read full-width signs
                problems += [f"{rel}: formula cell {cell!r}" for cell in row
                             if (start := cell.lstrip(" \u00a0\u3000")[:1]) in ("=", "+", "@", "\t", "\r", "＝", "＋", "＠")
                             or (start in ("-", "－") and not _number(cell.strip()))]
        elif path.suffix == ".json":
            json.loads(data)  # open data and search files must stay valid JSON
        elif path.suffix == ".svg":
            problems += svg_problems(data, rel)
    return problems
