"""The personal-data gate: finds ID, phone, bank card and plate numbers, e-mail, QQ and WeChat ids, and (in case
records) street addresses, in whatever disguise they are written.

Every text is normalised once, by `normalise`, before any detector looks at it (see normalise.py): what a reader
sees joined is scanned joined, and a finding is reported on the line where it starts.

Everything that can reach the output is scanned: Markdown files (front matter and body, image alt text
included), record files, site_config.yml, file and folder names, the text fields of image metadata and the text
and attributes of SVG files. A finding is reported with file, line and field and shown masked; the full value is
never printed, and `redact` masks every message the same way (errors.Problem.format).

normalise.py  the text as the detectors read it, and the way back to the original's positions
patterns.py   what each kind looks like: patterns, ID check digit, Luhn
finding.py    what a finding is, and its value masked: `Finding`, `mask`
detect.py     findings in a text: `scan`, `redact`
files.py      one file: text by line and field, SVG, image metadata
site.py       the whole site: names, memo, background scan (`scan_site`, `SiteScan`, `scan_path`)
"""

from .detect import compact, redact, scan
from .files import SHOWN_PER_FILE, scan_file, scan_svg
from .finding import HINTS, Finding, mask, mask_name
from .imagetext import image_metadata
from .normalise import Normalised, normalise
from .patterns import id18_status, luhn
from .site import IMAGE_SUFFIXES, TEXT_SUFFIXES, SiteScan, allowed, scan_path, scan_site

__all__ = ["HINTS", "IMAGE_SUFFIXES", "SHOWN_PER_FILE", "TEXT_SUFFIXES", "Finding", "Normalised", "SiteScan",
           "allowed", "compact", "id18_status", "image_metadata", "luhn", "mask", "mask_name", "normalise", "redact",
           "scan", "scan_file", "scan_path", "scan_site", "scan_svg"]
