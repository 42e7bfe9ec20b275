"""What every hostile-input module shares: the good base site's shapes (see tests/test_bad_inputs.py)."""

from __future__ import annotations

import io

from PIL import Image

VALID_ID = "11010519491231002X"  # the GB 11643 sample number


def story(story_id: str, body: str = "正文。", *, title: str = "测试稿件", date: str = "2021-09-13 08:30",
          extra: str = "") -> str:
    return (f"---\nid: {story_id}\ntitle: {title}\ndate: {date}\ncolumn: dongtai\nsource: 测试日报\n{extra}---\n\n"
            f"{body}\n")


CASE = """id: {id}
title: 邻里排水纠纷
category: 邻里
region: xian
date: 2024-04
organisation: 某村人民调解委员会
parties: [张某, 李某]
outcome: 成功
summary: 两户因排水沟走向起争执，调解员现场查看后达成协议。
source: 测试日报
"""


def jpeg(size: tuple[int, int] = (64, 48), exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 160, 90)).save(out, "JPEG", **({"exif": exif} if exif is not None else {}))
    return out.getvalue()
