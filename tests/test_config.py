"""site_config.yml: every problem reported at once, with key path, expected and found, in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import ConfigError

from .conftest import BASE_CONFIG, SiteMaker


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "site_config.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return [p.format() for p in info.value.problems]


def test_valid_config_loads_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "site_config.yml"
    path.write_text(BASE_CONFIG, encoding="utf-8")
    config = load_config(path)
    assert config.site.timezone == "Asia/Shanghai"
    assert [c.id for c in config.columns] == ["dongtai", "tiaojie"]
    assert [r.name for r in config.region_chain("xian")] == ["测试省", "测试市", "测试县"]
    assert config.feeds.items == 5 and config.listing.related == 5


def test_all_problems_reported_at_once_with_lines(tmp_path: Path) -> None:
    text = """\
site:
  name: 测试
  base_url: pingan.example.gov.cn
  timezone: Mars/Base
identity:
  host: 某委
  icp: 123
  police_record: x
  site_code: "12345"
  contakt: {}
columns:
  - id: 工作动态
    name: 工作动态
  - id: a
    name: b
    descripton: x
  - id: a
    name: c
regions:
  - id: r
    name: 省
    level: 国
listing:
  page_size: 0
"""
    assert _errors(tmp_path, text) == [
        "错误：site_config.yml 第 3 行，字段 site.base_url：网站网址 pingan.example.gov.cn 没有以 http:// 或 https:// 开头\n"
        "    提示：例如 https://pingan.example.gov.cn/ 或 https://www.example.gov.cn/pingan/ ；"
        "订阅源和站点地图里的链接都以它为前缀。",
        "错误：site_config.yml 第 4 行，字段 site.timezone：应为有效的时区名称，实际是 “Mars/Base”\n"
        "    提示：中国大陆请写 Asia/Shanghai。",
        "错误：site_config.yml 第 7 行，字段 identity.icp：应为文本，实际是 123\n"
        "    提示：如果要写成文本，请加上引号，例如 \"123\"。",
        "错误：site_config.yml 第 9 行，字段 identity.site_code：网站标识码应为 10 位数字或字母，“12345”是 5 个字符\n"
        "    提示：网站标识码见政府网站信息报送系统（全国政府网站基本信息数据库），请照原样抄写。",
        "错误：site_config.yml 第 10 行，字段 identity.contakt：不认识的字段 contakt\n    提示：是不是要写 contact？",
        "错误：site_config.yml 第 12 行，字段 columns 第 1 项的 id：应为英文标识（小写英文字母开头，只含小写字母、数字和连字符），"
        "实际是 “工作动态”\n    提示：中文名可以写成拼音，例如 gong-zuo-dong-tai（网址不随标题变化）。",
        "错误：site_config.yml 第 16 行，字段 columns 第 2 项的 descripton：不认识的字段 descripton\n"
        "    提示：是不是要写 description？",
        "错误：site_config.yml 第 17 行，字段 columns 第 3 项的 id：栏目标识 a 重复（第 14 行已使用）\n"
        "    提示：每个栏目的 id 必须唯一，请改用另一个英文标识。",
        "错误：site_config.yml 第 22 行，字段 地区“省”的 level：应为以下之一：省、市、州、县、区、县级市、乡镇、街道、开发区、村、社区，"
        "实际是 “国”",
        "错误：site_config.yml 第 24 行，字段 listing.page_size：应为不小于 1 的数，实际是 0",
    ]


def test_missing_required_fields_name_the_parent_line(tmp_path: Path) -> None:
    text = "site:\n  name: 测试\n  base_url: https://a.example/\nidentity:\n  host: 某委\ncolumns: []\n"
    assert _errors(tmp_path, text) == [
        "错误：site_config.yml 第 4 行，字段 identity.icp：缺少必填字段\n    提示：请在文件中加上 icp: …",
        "错误：site_config.yml 第 4 行，字段 identity.police_record：缺少必填字段\n    提示：请在文件中加上 police_record: …",
        "错误：site_config.yml 第 4 行，字段 identity.site_code：缺少必填字段\n    提示：请在文件中加上 site_code: …",
        "错误：site_config.yml 第 6 行，字段 columns：至少要有 1 项，实际是 列表（0 项）",
    ]


def test_duplicate_key_is_reported_with_schema_errors(tmp_path: Path) -> None:
    text = BASE_CONFIG.replace("  page_size: 3\n", "  page_size: 3\n  page_size: 4\n")
    assert _errors(tmp_path, text) == [
        "错误：site_config.yml 第 32 行，字段 listing.page_size：重复的键 page_size（第 31 行已经出现过）\n"
        "    提示：同一个键只能写一次，请删除或合并其中一处。",
    ]


def test_duplicate_region_ids_anywhere_in_the_tree(tmp_path: Path) -> None:
    text = BASE_CONFIG.replace("{id: qu, name: 测试区", "{id: xian, name: 测试区")
    assert _errors(tmp_path, text) == [
        "错误：site_config.yml 第 29 行，字段 地区“测试区”的 id：地区标识 xian 重复（第 28 行已使用）\n"
        "    提示：每个地区的 id 必须唯一，请改用另一个英文标识。",
    ]


def test_yaml_syntax_error_is_explained_in_chinese(tmp_path: Path) -> None:
    assert _errors(tmp_path, "site:\n  name: x\n   bad: [\n") == [
        "错误：site_config.yml 第 3 行：格式错误：这里不能出现“键: 值”（常见原因：缩进不对，或值里有冒号却没加引号）\n"
        "    提示：检查这一行及上一行的冒号、缩进和引号；冒号后要有一个空格。",
    ]


def test_tab_indentation_is_refused(tmp_path: Path) -> None:
    assert _errors(tmp_path, "site:\n\tname: x\n") == [
        "错误：site_config.yml 第 2 行：行首使用了制表符（Tab）\n    提示：信息区和 .yml 文件只能用空格缩进，请把 Tab 换成两个空格。",
    ]


def test_missing_file_and_wrong_encoding(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "nope.yml")
    assert info.value.problems[0].message == f"找不到配置文件 {tmp_path / 'nope.yml'}（在文件夹 {tmp_path} 里找过）"
    path = tmp_path / "site_config.yml"
    path.write_bytes("site:\n  name: 平安\n".encode("gbk"))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.problems[0].format() == (
        "错误：site_config.yml 第 2 行：文件不是 UTF-8 编码，看起来是 GBK（GB18030）编码（第 2 行起无法按 UTF-8 读取）\n"
        "    提示：用记事本打开这个文件，点“文件 → 另存为”，在窗口下方的“编码”里选 UTF-8 再保存"
        "（WPS 文字同样在“另存为”里选编码）；文字本身不用改。")


def test_a_site_code_with_a_leading_zero_is_read_as_written(tmp_path: Path) -> None:
    """YAML 1.1 reads 0620000001 without quotes as an octal number (104857601), and the hint then told the user to
    write that number: digits with a leading zero are the text they are (and a count written 012 is refused)."""
    path = tmp_path / "site_config.yml"
    path.write_text(BASE_CONFIG.replace('site_code: "1234567890"', "site_code: 0620000001"), encoding="utf-8")
    assert load_config(path).identity.site_code == "0620000001"
    assert load_config(path).feeds.items == 5
    # and one without a leading zero, which YAML reads as a number: it was refused as “应为文本”
    path.write_text(BASE_CONFIG.replace('site_code: "1234567890"', "site_code: 6211220001"), encoding="utf-8")
    assert load_config(path).identity.site_code == "6211220001"
    problems = _errors(tmp_path, BASE_CONFIG.replace("  page_size: 3\n", "  page_size: 012\n"))
    assert any("字段 listing.page_size：" in p and "“012”" in p for p in problems), problems


def test_a_build_run_from_inside_the_project_is_told_the_folder_to_run_in(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """`cd content/news && pingan build`: the message names the folder looked in, and the project folder above it."""
    (tmp_path / "site_config.yml").write_text("site: {}\n", encoding="utf-8")
    inner = tmp_path / "content" / "news"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    with pytest.raises(ConfigError) as info:
        load_config(Path("site_config.yml"))
    problem = info.value.problems[0]
    assert problem.message == f"找不到配置文件 {inner / 'site_config.yml'}（在文件夹 {inner} 里找过）"
    assert problem.hint == (f"上级文件夹 {tmp_path} 里有 site_config.yml：请先进入那个文件夹（cd {tmp_path}）再运行，"
                            "或用 --config 指定它。")


def test_a_story_given_as_the_config_is_said_to_be_one(tmp_path: Path) -> None:
    """--config 稿件.md gave PyYAML's English (but found another document)."""
    story = tmp_path / "a.md"
    story.write_text("---\ntitle: 标题\n---\n\n正文\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(story)
    assert "像是一篇 .md 稿件" in info.value.problems[0].message and "found" not in info.value.problems[0].message


def test_a_county_site_may_list_its_villages_and_communities(make_site: SiteMaker) -> None:
    """A county portal groups cases by 村 and 社区 too; 社区 was refused with 是不是要写 区？ (a county-level district)."""
    config = BASE_CONFIG.replace(
        "          - {id: xian, name: 测试县, level: 县}\n",
        "          - id: xian\n            name: 测试县\n            level: 县\n            children:\n"
        "              - {id: qiaotou, name: 桥头村, level: 村}\n"
        "              - {id: dongjie, name: 东街社区, level: 社区}\n", 1)
    assert config != BASE_CONFIG
    regions = load_config(make_site(config=config)).region_map
    assert (regions["qiaotou"].level, regions["dongjie"].level) == ("村", "社区")


def test_a_field_name_in_capitals_is_pointed_to_its_spelling(make_site: SiteMaker) -> None:
    """ICP: 备案号 (as printed on the certificate) was told only 请检查拼写; it is icp, and missing icp is not said too."""
    cfg = make_site(config=BASE_CONFIG.replace("  icp: ", "  ICP: "))
    with pytest.raises(ConfigError) as caught:
        load_config(cfg)
    assert [p.format().split("\n")[1].strip() for p in caught.value.problems] == ["提示：是不是要写 icp？"]


@pytest.mark.parametrize("phone, tel", [("0000-12345678", "tel:0000-12345678"), ("0935 123 4567", "tel:09351234567"),
                                        ("+86-935-1234567", "tel:+86-935-1234567"),
                                        ("0935-1234567（工作日）", ""), ('0935"><script>', "")])
def test_the_footer_phone_is_dialled_only_when_it_is_a_number(phone: str, tel: str) -> None:
    """The footer links the office phone as tel: so a phone can dial it; a phone written with more than a number
    (hours, or markup) gets no link rather than a broken or hostile one."""
    from generator.config import Contact

    assert Contact(phone=phone).tel == tel


def test_a_key_that_is_a_year_is_not_called_an_item() -> None:
    """counts: {2023: 5, 2023: 6} was said as 字段 counts 第 2024 项: a number of four digits or more is a key."""
    from generator.yamlsrc import load, loc_text

    said = load("counts:\n  2023: 5\n  2023: 6\n", "x.yml").problems[0].format()
    assert "counts.2023" in said and "第 2024 项" not in said, said
    assert loc_text(("columns", 4, "id")) == "columns 第 5 项的 id"


@pytest.mark.parametrize(("written", "said"), [
    ("https://www.qingshi.gov.cn//pingan/", "的路径里有连续两个斜杠 //"),  # every page's styles went to host "pingan"
    ("https://www.qingshi.gov.cn/pingan//", "的路径里有连续两个斜杠 //"),
    ("https：//www.qingshi.gov.cn/pingan/", "里有全角字符“：”"),
    ("https://www.qingshi.gov.cn/平安/", "里有汉字"),
    ("https://www.qingshi.gov.cn/ping an/", "里有空格"),
    ("https://www.qingshi.gov.cn/pingan", "应以斜杠 / 结尾"),
])
def test_a_site_address_is_refused_saying_what_is_wrong_with_it(tmp_path: Path, written: str, said: str) -> None:
    """A clerk was told the address must start with https:// and end with /, which it did; and a doubled slash
    passed, and sent every page's styles and links to a host named "pingan"."""
    errors = _errors(tmp_path, BASE_CONFIG.replace("https://pingan.example.gov.cn/", f'"{written}"'))
    assert len(errors) == 1 and f"网站网址 {written} {said}" in errors[0], errors


@pytest.mark.parametrize(("field", "written", "said"), [
    ("email", "office＠example.gov.cn", "电子邮箱里有全角字符“＠”"),
    ("email", "office@example", "电子邮箱 office@example 写得不对"),
    ("site_code", '"123456789"', "网站标识码应为 10 位数字或字母，“123456789”是 9 个字符"),
    ("site_code", '"12345６7890"', "网站标识码 12345６7890 里有全角字符“６”"),
])
def test_footer_details_typed_in_a_chinese_input_method_are_refused(tmp_path: Path, field: str, written: str,
                                                                   said: str) -> None:
    """A full-width ＠ made every footer's mailto: link mail no one; a quoted 9-digit site code was told to be
    quoted."""
    old = {"email": "office@example.gov.cn", "site_code": '"1234567890"'}[field]
    errors = _errors(tmp_path, BASE_CONFIG.replace(f"{field}: {old}", f"{field}: {written}"))
    assert len(errors) == 1 and said in errors[0] and "加引号" not in errors[0], errors


def test_the_sample_s_identity_left_unchanged_is_one_warning(make_site: SiteMaker) -> None:
    """A new county published the sample's 示ICP备00000000号, 网站标识码 0000000000 and 示例市委政法委员会 in every
    footer, with no warning from check, build or audit."""
    from generator.build import check

    config = (BASE_CONFIG.replace("测试县委政法委", "示例市委政法委员会").replace("测ICP备12345678号", "示ICP备00000000号")
              .replace('"1234567890"', '"0000000000"'))
    warned = [p for p in check(make_site({}, config=config)).warnings if "示例网站" in p.message]
    assert [(p.line, p.field) for p in warned] == [(6, "identity.host")], warned
    assert warned[0].message == ("还是示例网站的内容：示例市委政法委员会（另有 2 处也是：identity.icp：示ICP备00000000号；"
                                 "identity.site_code：0000000000）")
    assert not [p for p in check(make_site({}, config=BASE_CONFIG, root=None)).warnings if "示例网站" in p.message]


@pytest.mark.parametrize(("written", "field", "slip"), [
    ("{id: qu, name：测试区, level: 区}", "地区 qu", "name：测试区"),
    ("{id：qu, name：测试区, level: 区}", "地区“测试市”下的第 2 项", "id：qu"),
])
def test_a_region_whose_name_cannot_be_read_is_not_called_its_parent(tmp_path: Path, written: str, field: str,
                                                                     slip: str) -> None:
    """name：测试区 in braces was reported as a field of 地区“测试市”, the county above the town it belongs to."""
    errors = _errors(tmp_path, BASE_CONFIG.replace("{id: qu, name: 测试区, level: 区}", written))
    assert [e.split("\n")[0] for e in errors] == [
        f"错误：site_config.yml 第 29 行，字段 {field}：花括号里用了中文冒号“：”（{slip}）"]
