"""The personal-data detectors: positives, look-alikes that must pass, masking and the allow-list."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Problem
from generator.privacy import compact, id18_status, luhn, mask, redact, scan

from .conftest import SiteMaker, fixture_files, make_image, story

# The GB 11643 sample number (check character X) and one with a wrong check digit.
VALID_ID = "11010519491231002X"
BAD_CHECK_ID = "110105194912310021"


def kinds(text: str, **kw: object) -> list[tuple[str, str, str]]:
    return [(f.kind, f.masked, f.level) for f in scan(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize("text, expected", [
    (f"身份证号{VALID_ID}。", [("身份证号", "110*************2X", "error")]),
    ("身份证号 110105 19491231 002X", [("身份证号", "110*************2X", "error")]),
    ("身份证号 110105-1949-1231-002x", [("身份证号", "110*************2X", "error")]),
    ("１１０１０５１９４９１２３１００２Ｘ", [("身份证号", "110*************2X", "error")]),  # full-width
    (BAD_CHECK_ID, [("身份证号", "110*************21", "warning")]),
    ("老身份证130503670401001", [("身份证号", "130**********01", "error")]),
    ("电话13812345678", [("手机号", "138******78", "error")]),
    ("电话 +86 138-1234-5678", [("手机号", "138******78", "error")]),
    ("电话 138 1234 5678", [("手机号", "138******78", "error")]),
    ("电话 008613812345678", [("手机号", "138******78", "error")]),
    ("卡号 6222 0212 3456 7890 128", [("银行卡号", "622**************28", "error")]),
    ("车牌豫H·12345", [("车牌号", "豫H*****", "error")]),
    ("新能源车甘AD12345", [("车牌号", "甘A******", "error")]),
    ("邮箱 Zhang.San@Example.com", [("电子邮箱", "z***@example.com", "error")]),
    ("QQ：123456789", [("QQ号", "1*******9", "error")]),
    ("扣扣号 12345678", [("QQ号", "1******8", "error")]),
    ("微信号：pingan_2024", [("微信号", "pin******24", "error")]),
    ("加 vx: zhangsan88", [("微信号", "zha*****88", "error")]),
])
def test_detects(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize("text", [
    "2021年9月13日（20210913）发布",  # dates
    "排查纠纷1399件，化解1387件，成功率99.1%",  # counts and rates
    "发放宣传单15000余份，30000余人次参与",
    "1,356个问题，1,289个已解决；12803件上报事项",
    "京ICP备12345678号-1　陇ICP备12345678号",  # ICP numbers
    "京公网安备 11010802020000号",  # public-security record number
    "办公电话 0935-2212345，热线 12345、110",
    "投入1100多万元，3000多路视频监控",
    "网站标识码 6206000001",
    "文号 修政〔2021〕12号",
    "“1+3+5+N”模式，4·15国家安全教育日",
    "甘南藏族自治州、豫剧、京剧",
    "微信公众号“平安修武”",
    "13 812 345 678",  # not grouped like a phone number
    "统一社会信用代码 91410821MA9F12345X",
    "6222021234567890123",  # 19 digits failing the Luhn check
])
def test_look_alikes_pass(text: str) -> None:
    assert scan(text) == []


def test_check_digit_and_luhn() -> None:
    assert id18_status(VALID_ID) == "valid"
    assert id18_status(BAD_CHECK_ID) == "checksum"
    assert id18_status("110105194902300021") is None  # 30 February is no birth date
    assert id18_status("990105194912310021") is None  # no such province code
    assert luhn("4111111111111111") and not luhn("4111111111111112")


def test_addresses_only_where_asked() -> None:
    text = "事发在幸福路12号3单元502室"
    assert scan(text) == []
    assert [f.masked for f in scan(text, addresses=True)] == ["福路**号", "*单元", "***室"]
    assert scan("在村人民调解室调解", addresses=True) == []


def test_allow_list_compares_without_separators() -> None:
    allow = frozenset({compact("138-1234-5678"), compact("Office@Example.gov.cn")})
    assert scan("电话 +86 13812345678，邮箱 office@example.gov.cn", allow=allow) == []
    assert [f.kind for f in scan("电话 13900001111", allow=allow)] == ["手机号"]


def test_masking_never_shows_the_whole_value() -> None:
    assert mask(VALID_ID, "身份证号") == "110*************2X"
    assert mask("12345", "QQ号") == "1***5"
    assert redact(f"实际是 “{VALID_ID}”，电话 138 1234 5678") == "实际是 “110*************2X”，电话 138******78"
    shown = Problem("content/news/a.md", 3, "title", f"应为文本，实际是 “{VALID_ID}”").format()
    assert VALID_ID not in shown and "110*************2X" in shown



def _scanned_site(make_site: SiteMaker, case: str) -> Path:
    """A site with personal-data warnings in many files; with "privacy", an id number too (an error), and with
    "privacy" or "building", two tags whose addresses collide (an error found when the site is built)."""
    files = fixture_files()
    for i in range(12):
        body = f"第{i}篇。登记的证件号 {BAD_CHECK_ID}。" if i % 3 == 0 else f"第{i}篇正文。"
        files[f"content/news/2021/s{i:02d}.md"] = story(f"s{i:02d}", title=f"稿件{i}", body=body)
    if case == "privacy":
        files["content/news/2021/s05.md"] = story("s05", body=f"身份证号{VALID_ID}。")
    if case in ("privacy", "building"):
        files["content/news/2021/s01.md"] = story("s01", extra="tags: [ABC]\n")
        files["content/news/2021/s02.md"] = story("s02", extra="tags: [abc]\n")
    cfg = make_site(files)
    make_image(cfg.parent / "content/images/cover.jpg")
    make_image(cfg.parent / "content/images/body.jpg", (800, 600))
    return cfg


@pytest.mark.parametrize("case", ["warnings", "privacy", "building"])
def test_a_scan_in_the_background_reports_what_a_scan_here_does(make_site: SiteMaker,
                                                              monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    """A big site is scanned for personal data in a background process while its content loads and the site is
    built: the same findings in the same order, and content the scan finds errors in stops the build as before
    (what building the site found meanwhile is not reported)."""
    from generator import privacy
    from generator.build import check
    from generator.errors import ContentError

    cfg = _scanned_site(make_site, case)

    def outcome() -> list[Problem]:
        try:
            return check(cfg).warnings
        except ContentError as exc:
            return exc.problems

    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "1")
    here = outcome()
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    monkeypatch.setattr(privacy, "PARALLEL_FROM", 1)
    monkeypatch.setattr(privacy, "PART", 3)
    parts: list[int] = []
    begin = privacy.SiteScan.__init__

    def spy(self: privacy.SiteScan, *args: object, **kwargs: object) -> None:
        begin(self, *args, **kwargs)  # type: ignore[arg-type]
        parts.append(len(self.parts))

    monkeypatch.setattr(privacy.SiteScan, "__init__", spy)
    assert outcome() == here
    assert parts[0] > 3  # scanned in parts, in the background
    where = [(p.path.removeprefix("content/news/2021/"), p.field) for p in here]
    if case == "warnings":
        assert where == [("s00.md", "正文"), ("s03.md", "正文"), ("s06.md", "正文"), ("s09.md", "正文")]
    elif case == "privacy":
        assert where == [("s05.md", "正文")]
    else:
        assert where == [("s02.md", "tags")]
