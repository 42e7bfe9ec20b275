"""The free text an image file carries besides its picture (EXIF, IPTC, XMP, comments) and where it was taken:
what the personal-data scan reads of a photo under content/ (site.py)."""

from __future__ import annotations

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
