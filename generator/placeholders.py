"""Values left from the sample `site_config.yml`: a new site that keeps them shows every reader a made-up 备案号,
网站标识码 and 主办单位 in its footer. Said as warnings (a site tried out as it comes may keep them)."""

from __future__ import annotations

import re
from pathlib import Path

from .config import SiteConfig
from .content.frontmatter import read_text
from .errors import Problem
from .yamlsrc import YamlError, load

# 示例市委政法委员会, 平安建设宣传网（示例站）, 示ICP备00000000号, 示公网安备 …
_SAMPLE = re.compile(r"示例|^示(?:ICP|公网安备)")
_NUMBERED = ("icp", "police_record", "site_code")  # all zeros: no office's number
HINT = ("发布前请换成本单位的真实信息：备案号见工信部 ICP 备案和公安机关互联网站安全管理服务平台，"
        "网站标识码见政府网站信息报送系统；只是试用示例网站时可以不管这条提示。")


def sample_values(config: SiteConfig, path: Path) -> list[Problem]:
    """A warning naming every field of the site's name and identity that still holds the sample's value."""
    identity = config.identity
    fields = [(("site", "name"), config.site.name), (("identity", "host"), identity.host),
              (("identity", "organizer"), identity.organizer), (("identity", "contact", "address"),
                                                                identity.contact.address),
              (("identity", "icp"), identity.icp), (("identity", "police_record"), identity.police_record),
              (("identity", "site_code"), identity.site_code)]
    left = [(loc, value) for loc, value in fields
            if _SAMPLE.search(value) or (loc[-1] in _NUMBERED and set(re.sub(r"\D", "", value)) == {"0"})]
    if not left:
        return []
    try:
        doc = load(read_text(path, path.name), path.name)
    except (OSError, YamlError):  # read a moment ago: changed since, the next build says so
        doc = None
    loc, value = left[0]
    more = "；".join(f"{'.'.join(where)}：{written}" for where, written in left[1:])
    return [Problem(path.name, doc.line_of(loc) if doc is not None else None, ".".join(loc),
                    f"还是示例网站的内容：{value}" + (f"（另有 {len(left) - 1} 处也是：{more}）" if more else ""), HINT,
                    level="warning")]
