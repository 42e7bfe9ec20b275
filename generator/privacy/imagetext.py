"""The free text an image file carries besides its picture (EXIF, IPTC, XMP, comments) and where it was taken:
what the personal-data scan reads of a photo under content/ (site.py)."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..limits import MAX_IMAGE_BYTES, open_file, pixel_limit

# EXIF tags that hold free text: ImageDescription, Artist, Copyright, UserComment, XP* (Windows).
_EXIF_TEXT = {0x010E: "ImageDescription", 0x013B: "Artist", 0x8298: "Copyright", 0x9286: "UserComment",
              0xA430: "CameraOwnerName",
              0x9C9B: "XPTitle", 0x9C9C: "XPComment", 0x9C9D: "XPAuthor", 0x9C9E: "XPKeywords", 0x9C9F: "XPSubject"}

# Metadata Pillow keeps as bytes that hold text: a JPEG's or GIF's comment, the XMP packet of a JPEG, PNG or WebP.
_TEXT_BYTES = {"comment": "注释", "xmp": "XMP", "XML:com.adobe.xmp": "XMP"}
GPS = "GPS"  # the name `image_metadata` gives a photo's place (its text: where, as written in the file)


_COMMENT_CODES = {b"ASCII\x00\x00\x00": "utf-8", b"\x00" * 8: "utf-8"}


def _iptc(im: Any) -> dict[tuple[int, int], Any]:
    """The IPTC fields of a JPEG or TIFF (caption, keywords, by-line…), as Pillow's public reader gives them."""
    from PIL import IptcImagePlugin

    try:
        return IptcImagePlugin.getiptcinfo(im) or {}
    except Exception:  # a damaged IPTC block: nothing to read
        return {}


def image_metadata(path: Path) -> Iterator[tuple[str, str]]:
    """(tag name, text) for each free-text metadata field of an image, and (GPS, coordinates) when it says where it
    was taken."""
    from PIL import Image  # imported here: most checks never open an image

    try:
        with open_file(path, limit=MAX_IMAGE_BYTES) as handle, Image.open(handle) as im:
            if im.width * im.height > pixel_limit(im.format):
                return  # refused where it is used; reading a PNG's EXIF decodes the whole picture
            exif = im.getexif()
            info = dict(im.info)
            place = exif.get_ifd(0x8825)  # the GPS block
            inner = exif.get_ifd(0x8769)  # the Exif block: UserComment, CameraOwnerName
            iptc = _iptc(im)
    except Exception:  # unreadable images are reported where they are used
        return
    if place:
        yield GPS, " ".join(str(place.get(k, "")) for k in (1, 2, 3, 4))
    for held, label in _TEXT_BYTES.items():
        packet = info.pop(held, None)
        if isinstance(packet, bytes) and packet.strip(b"\x00 "):
            yield label, packet.decode("utf-8", "replace")
    for tag, name in _EXIF_TEXT.items():
        value = exif.get(tag) or inner.get(tag)
        if isinstance(value, bytes):
            if name == "UserComment" and value[:8] == b"UNICODE\x00":  # in the file's byte order, which may be
                body = value[8:]  # either: read both ways (the wrong one is noise that finds nothing)
                yield name, body.decode("utf-16-le", "ignore") + "\n" + body.decode("utf-16-be", "ignore")
                continue
            if name == "UserComment" and value[:8] in _COMMENT_CODES:  # 8 bytes name the encoding
                value = value[8:].decode(_COMMENT_CODES[value[:8]], "ignore")
            else:
                value = value.decode("utf-16-le" if name.startswith("XP") else "utf-8", "ignore")
            value = value.strip("\x00")
        if isinstance(value, str) and value.strip():
            yield name, value
    for (record, dataset), value in iptc.items():
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, bytes) and one.strip():
                yield f"IPTC {record}:{dataset}", one.decode("utf-8", "replace")
    for key, value in info.items():
        if isinstance(value, str) and key not in ("dpi", "icc_profile"):
            yield f"PNG:{key}", value


_ASCII_RUN = re.compile(rb"[\x20-\x7e]{6,}")
_UTF16_RUN = re.compile(rb"(?:[\x20-\x7e]\x00){6,}")
_PNG = b"\x89PNG\r\n\x1a\n"


def raw_texts(data: bytes) -> Iterator[str]:
    """Text anywhere in an image file's bytes, for one published as it is (content/root/): what a reader of the file
    can find whether or not a decoder reads it (a comment after a JPEG's picture, at a GIF's end, bytes after the
    picture, the PNG inside an .ico): runs of printable ASCII and UTF-16 and UTF-8 text, and the compressed text
    chunks of every PNG in it."""
    for m in _ASCII_RUN.finditer(data):
        yield m[0].decode("ascii")
    for m in _UTF16_RUN.finditer(data):
        yield m[0].decode("utf-16-le")
    for piece in data.decode("utf-8", "replace").split("\ufffd"):  # Chinese around the numbers (电话…)
        if len(piece) >= 4 and any("\u4e00" <= ch <= "\u9fff" for ch in piece):
            yield piece
    at, budget = data.find(_PNG), [MAX_CHUNK_TEXT * 4]  # what all packed chunks together may unpack to
    while at >= 0 and budget[0] > 0:
        yield from _png_texts(data, at + len(_PNG), budget)
        at = data.find(_PNG, at + 1)


def _png_texts(data: bytes, pos: int, budget: list[int]) -> Iterator[str]:
    """The zTXt and iTXt chunks' text of the PNG whose chunks start at `pos` (tEXt is plain: read as bytes above),
    unpacking at most `budget[0]` bytes in all (lowered as they are read)."""
    while pos + 8 <= len(data) and budget[0] > 0:
        size, kind = int.from_bytes(data[pos:pos + 4], "big"), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + size]
        pos += 12 + size
        if kind == b"IEND" or len(body) < size:
            return
        try:
            if kind == b"zTXt":
                _, _, packed = body.partition(b"\x00")
                text = zlib.decompressobj().decompress(packed[1:], min(MAX_CHUNK_TEXT, budget[0]))
                budget[0] -= len(text)
                yield text.decode("latin-1")
            elif kind == b"iTXt":
                _, _, rest = body.partition(b"\x00")
                compressed, rest = rest[:1] == b"\x01", rest[2:]
                text = rest.split(b"\x00", 2)[-1]  # after the language tag and the translated keyword
                if compressed:
                    text = zlib.decompressobj().decompress(text, min(MAX_CHUNK_TEXT, budget[0]))
                budget[0] -= len(text)
                yield text.decode("utf-8", "replace")
        except zlib.error:
            continue


MAX_CHUNK_TEXT = 1024 * 1024  # a text chunk's text read at most: a small packed chunk cannot fill the memory
