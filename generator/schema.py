"""Typed schemas (pydantic) and the translation of their errors into Chinese problems."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from .errors import Problem, visible
from .yamlhints import CHINESE_FIELDS
from .yamlsrc import Document, Loc, loc_text

_BRACKETS = {"【": "】", "［": "］", "〔": "〕", "（": "）", "(": ")", "「": "」", "〖": "〗"}  # typed for [ ]
SLUG_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class Schema(BaseModel):
    """Base of every declared schema: strict types, unknown keys refused, values frozen."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, allow_inf_nan=False)


def fail(expected: str, hint: str = "") -> PydanticCustomError:
    """An error raised from a validator, carrying what was expected and a hint."""
    return PydanticCustomError("pingan", "{expected}", {"expected": expected, "hint": hint})


def refuse(message: str, hint: str = "", near: str = "") -> PydanticCustomError:
    """An error raised from a validator whose message is shown as written. `near`: a field beside this one whose
    line is shown when this one is not written at all (cover_alt missing: the cover's line)."""
    return PydanticCustomError("pingan_message", "{message}", {"message": message, "hint": hint, "near": near})


def check_slug(value: str) -> str:
    """Validate an ASCII id used in URLs."""
    if not SLUG_RE.match(value):
        hint = "网址只用英文字母和数字，且不随标题变化，例如 wuwei-pingan-cells。"
        if re.search(r"[\u4e00-\u9fff]", value):  # a Chinese name: its pinyin is what to write
            from .pinyin import slugs

            hint = f"中文名可以写成拼音，例如 {slugs([value])[value]}（网址不随标题变化）。"
        raise fail("英文标识（小写英文字母开头，只含小写字母、数字和连字符）", hint)
    return value


_TYPE_NAMES = {
    "string_type": "文本",
    "int_type": "整数",
    "int_parsing": "整数",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
    "list_type": "列表（每项以“- ”开头）",
    "dict_type": "“字段: 内容”的几项",
    "model_type": "“字段: 内容”的几项",
    "model_attributes_type": "“字段: 内容”的几项",
    "float_type": "数字",
    "float_parsing": "数字",
}
_NUMBER = r"[0-9０-９][0-9０-９.,，]*"


def number_hint(found: Any, loc: Loc = ()) -> str:
    """How to write a number that was written the way a report writes it (95%, 下降18.4%, 1.15万件, 400余件); `loc`:
    where (a record's figures keep a report's words in its note, a mediator's in cases_note)."""
    if not isinstance(found, str):
        return ""
    text = found.strip()
    if re.fullmatch(r"[-+]?(?:0[0-9_]+|0[xXbBoO][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-9]+)+)", text):
        return "数字按平常的写法写（十进制，例如 1399），不要写 0x、冒号或开头的 0。"
    if re.fullmatch(r"[0-9,，.]+", text) and re.search(r"[,，]", text) and \
            not re.fullmatch(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?", text):
        return f"逗号只能用来每三位分隔（例如 1,399）：{text} 是不是写错了？照报道核对后写成不带逗号的数字。"
    if re.search(r"[余多约近超逾]", text):
        where = "cases_note" if loc and loc[0] in ("cases_handled", "cases_succeeded", "success_rate") else "note"
        return f"这里只能写确切的数；报道写的是约数（如“400余件”）时，照录在 {where} 说明里。"
    if re.match(rf"^(下降|减少|降低){_NUMBER}", text):
        return f"下降写成负数，例如 -{re.search(_NUMBER, text)[0].rstrip('.')}（上升写正数）。"  # type: ignore[index]
    if re.match(rf"^(上升|增长|增加|提高){_NUMBER}", text):
        return f"上升直接写数字，例如 {re.search(_NUMBER, text)[0].rstrip('.')}（下降写负数）。"  # type: ignore[index]
    if re.fullmatch(rf"{_NUMBER}\s*%", text):
        return f"去掉百分号，写成 {text.rstrip('%').strip()}。"
    unit = re.fullmatch(rf"({_NUMBER}万?)\s*([^\d\s.,万]+)", text)
    if unit and unit[2] == "次" and loc[:2] == ("counts", "disputes_investigated"):
        return f"“排查…次”是开展排查的次数，不是排查出的纠纷件数：请写在 screenings 下，写成 screenings: {unit[1]}。"
    if unit:
        return f"只写数字，去掉单位“{unit[2]}”，写成 {unit[1]}。"
    return ""


def _should_be(expected: str) -> str:
    """“应为” and what was expected, a space between them before a Latin letter or a digit (应为 true 或 false)."""
    return f"应为 {expected}" if expected[:1].isascii() else f"应为{expected}"


ONE_REGION_HINT = ("一篇稿件或一条记录只属于一个地区：写最具体的那一级；涉及几个地区时写它们共同的上级地区，"
                   "其余的地区可以写进标签（tags）。")
# How to shorten what is too long, by field.
TOO_LONG_HINTS = {
    "title": "请删减到 80 个字以内；次要的内容可以写进副标题（subtitle: …）或摘要。",
    "subtitle": "请删减到 80 个字以内；其余的内容写进正文。",
    "summary": "摘要是一两句话（300 字以内）；更多的内容写进正文。",
    "cite": "出处说明写一句话，例如“据武威日报2021年9月13日报道改写”。",
}


def describe(value: Any) -> str:
    """How a found value is shown in an error message."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        from .privacy import redact  # masked before it is cut, so a cut cannot leave part of a number unmasked

        value = visible(redact(value))
        return f"“{value}”" if len(value) <= 60 else f"“{value[:57]}…”"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return f"列表（{len(value)} 项）"
    if isinstance(value, dict):
        return "键值对（映射）"
    return type(value).__name__


def _known_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names accepted at `loc`'s parent, for 'did you mean' hints."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        ann = info.annotation
        for candidate in (ann, *getattr(ann, "__args__", ())):
            for inner in (candidate, *getattr(candidate, "__args__", ())):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    current = inner
                    break
    return list(getattr(current, "model_fields", {}))


def _misspelt(errors: list[Any], model: type[BaseModel]) -> set[Loc]:
    """The missing fields an unknown field beside them is a misspelling of (titel for title)."""
    out: set[Loc] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            known = _known_fields(model, loc)
            close = difflib.get_close_matches(str(loc[-1]).lower(), known, n=1, cutoff=0.6)  # ICP for icp too
            meant = CHINESE_FIELDS.get(str(loc[-1]))  # 标题: for title:
            for name in [*close, *([meant] if meant in known else [])]:
                out.add(loc[:-1] + (name,))
    return out


def problems_from(exc: ValidationError, model: type[BaseModel], doc: Document,
                  prefix: Loc = ()) -> list[Problem]:
    """Turn a pydantic ValidationError into one Chinese problem per error, with lines."""
    out: list[Problem] = []
    errors = exc.errors(include_url=False)
    wide = _wide_keys(errors, model)
    for where, keys in wide.items():  # {name：张三, role：通讯员}: one problem, not a missing and an unknown field each
        written = "{" + ", ".join(k.replace("：", ": ", 1) for k in keys) + "}"
        out.append(Problem(doc.path, doc.line_of(prefix + where), loc_text(prefix + where),
                           f"花括号里用了中文冒号“：”（{keys[0]}）", f"请改成英文冒号加空格，例如 {written}"))
    misspelt = _misspelt(errors, model)
    for err in errors:
        loc: Loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        full = prefix + loc
        kind = err["type"]
        if kind == "missing" and loc in misspelt:
            continue  # titel: … is said once, as 不认识的字段 titel (是不是要写 title？), not also as title missing
        if loc[:-1] in wide and kind in ("missing", "extra_forbidden") and (
                kind == "extra_forbidden" or any(k.startswith(f"{loc[-1]}：") for k in wide[loc[:-1]])):
            continue  # said above
        found = err.get("input")
        # a number as the file writes it: 2026.10 (a month typed with a dot) is read as 2026.1
        shown = doc.written[full] if isinstance(found, int | float) and full in doc.written else describe(found)
        ctx = err.get("ctx") or {}
        hint = ""
        if kind == "missing":
            message = "缺少必填字段"
            hint = f"请在文件中加上 {loc[-1]}: …"
        elif kind == "extra_forbidden":
            name = str(loc[-1])
            message = f"不认识的字段 {name}"
            known = _known_fields(model, loc)
            close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)  # ICP: for icp:
            hint = f"是不是要写 {close[0]}？" if close else "请检查拼写，或删除这个字段。"
            if CHINESE_FIELDS.get(name) in known:  # 标题: … written as on a printed form
                hint = f"字段名要用英文：请写成 {CHINESE_FIELDS[name]}: 内容"
        elif kind == "invalid_key":  # a key YAML read as a number, a date or a list
            message = f"字段名应为文本，实际是 {shown}"
            hint = "冒号前面要写字段名，例如 title；不认识的内容请删除。"
        elif kind == "pingan":
            message = f"{_should_be(str(ctx['expected']))}，实际是 {shown}"
            hint = ctx.get("hint", "")
        elif kind == "pingan_message":
            message = ctx["message"]
            hint = ctx.get("hint", "")
        elif kind == "literal_error":
            choices = [c.strip().strip("'") for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")]
            message = f"应为以下之一：{'、'.join(choices)}，实际是 {shown}"
            meant = _meant(found, choices)
            hint = f"是不是要写 {meant}？" if meant else ""
        elif kind == "string_too_short":
            message = "不能为空"
        elif kind == "too_short":
            message = f"至少要有 {ctx.get('min_length')} 项，实际是 {shown}"
        elif kind == "too_long":
            message = f"最多 {ctx.get('max_length')} 项，实际是 {shown}"
        elif kind == "string_too_long":
            message = f"太长：最多 {ctx.get('max_length')} 个字，实际 {len(found or '')} 个字"
            hint = TOO_LONG_HINTS.get(str(loc[-1]), f"请删减到 {ctx.get('max_length')} 个字以内。")
        elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
            bound = next(iter(ctx.values()))
            words = {"greater_than_equal": "不小于", "greater_than": "大于",
                     "less_than_equal": "不大于", "less_than": "小于"}[kind]
            bound = f"{bound:g}" if isinstance(bound, float) else bound  # 100, not 100.0
            message = f"应为{words} {bound} 的数，实际是 {shown}"
            if kind.startswith("less") and str(bound) == "100" and isinstance(found, int | float) and found > 100:
                hint = f"比率写百分号前面的数字，不超过 100，例如 91.5% 写 91.5：{shown} 是不是少了小数点？照报道核对。"
        elif kind == "finite_number":
            message = f"应为一个具体的数，实际是 {shown}"
            hint = "写报道里的数字，例如 -18.4；不知道时删掉这一行。"
        elif kind == "string_type" and found is None:
            message = "不能为空"
            hint = f"请在 {loc[-1]}: 后面填写内容。"
        elif kind in _TYPE_NAMES:
            message = f"{_should_be(_TYPE_NAMES[kind])}，实际是 {shown}"
            if kind == "list_type" and isinstance(found, str):
                inside = found.strip()
                if len(inside) > 1 and _BRACKETS.get(inside[0]) == inside[-1]:  # 【平安建设, 推进会】: wrong brackets
                    inside = inside[1:-1]
                items = [part for part in re.split(r"[、，,；;\s]+", inside) if part]
                message = f"应为列表，实际是 {shown}"
                hint = f"列表写在方括号里，各项之间用英文逗号加空格，例如 {loc[-1]}: [{', '.join(items)}]"
            elif kind in ("model_type", "dict_type", "model_attributes_type") and isinstance(found, str):
                if len(loc) >= 2 and loc[-2] == "authors":
                    message = f"应写成 {{name: …, role: …}} 的形式，实际是 {shown}"
                    hint = (f"每位作者写成 {{name: {found.strip()}, role: 记者}}"
                            "（role 可写 记者、通讯员、摄影、编辑、作者）")
                else:
                    message = f"应写成“字段: 内容”的几项（花括号里或分行缩进），实际是 {shown}"
            elif kind == "string_type" and isinstance(found, list):
                hint = f"{loc[-1]} 只写一项；" + (ONE_REGION_HINT if loc[-1] == "region" else "去掉方括号，只留一项。")
            elif kind in ("bool_type", "bool_parsing"):
                message = f"应为 true 或 false（不加引号），实际是 {shown}"
                hint = ("要发布这篇稿件，删掉 draft 这一行即可；写 draft: true 表示草稿" if loc[-1] == "draft"
                        else "写 true 或 false，不加引号。")
            elif kind == "string_type" and isinstance(found, int | float | bool):
                hint = f"如果要写成文本，请加上引号，例如 \"{shown}\"。"
            elif kind in ("int_type", "int_parsing", "float_type", "float_parsing"):
                hint = number_hint(found, loc)
        else:  # pragma: no cover - a pydantic error type we have not translated yet
            message = f"取值不正确（{err['msg']}），实际是 {shown}"
        if isinstance(found, str) and len(found) > 2 and found[0] in "“‘「『" and found[-1] in "”’」』":
            # date: “2024-09-10 09:00”, column: “gongzuo-dongtai”: quotes typed by a Chinese input method are text
            hint = (f"先去掉中文引号（值不用加引号；要加也只能用英文引号）：{loc[-1]}: {found[1:-1]}"
                    + (f"。去掉后如果还不对：{hint}" if hint else ""))
        line = doc.line_of(full)
        if ctx.get("near") and full not in doc.lines:  # not written: the line of the field it goes with
            line = doc.line_of((*full[:-1], ctx["near"]))
        out.append(Problem(doc.path, line, loc_text(full), message, hint))
    return out


# What staff write for the choices that are English words (a mediator record's kind).
_CHOICE_WORDS = {"调解员": "person", "人民调解员": "person", "个人": "person", "调解室": "room", "工作室": "room",
                 "调解工作室": "room", "综治中心": "centre", "调解中心": "centre", "调解委员会": "centre",
                 "调委会": "centre", "区级": "县级", "县区级": "县级", "州级": "市级", "地市级": "市级", "地级": "市级",
                 "省部级": "省级", "部级": "国家级", "全国": "国家级", "中央": "国家级",
                 "主编": "编辑", "责任编辑": "编辑", "责编": "编辑", "摄像": "摄影", "撰稿": "作者", "撰文": "作者"}


def _meant(found: Any, choices: list[str]) -> str | None:
    """The choice `found` most likely means: its word in this list (调解员 → person, 区级 → 县级), the negative choice
    for a negation (调解不成功 → 未成功: never the opposite of what was written), a choice it holds or is held in
    (调解成功 → 成功, 邻里纠纷 → 邻里), one that holds it without its 纠纷 (宅基地纠纷 → 房屋宅基地), or for English
    choices one spelled alike. None when in doubt."""
    if not isinstance(found, str) or not found.strip():
        return None
    text = found.strip()
    if _CHOICE_WORDS.get(text) in choices:
        return _CHOICE_WORDS[text]
    if _NEGATION.search(text):  # 调解不成功, 没有成功, 调解失败: the choice that denies what they deny
        core = _NEGATION.sub("", text) + ("成功" if "失败" in text else "")
        negative = [c for c in choices if _NEGATION.search(c) and _NEGATION.sub("", c) in core]
        return negative[0] if len(negative) == 1 else None
    held = [c for c in choices if c and (c in text or text in c)]
    if len(held) == 1:
        return held[0]
    core = re.sub("(?:纠纷|矛盾|案件|问题|类)+$", "", text)  # 宅基地纠纷 → 宅基地, held in 房屋宅基地
    held = [c for c in choices if len(core) >= 3 and core in c]  # 事故, 土地: more than one choice could be meant
    if len(held) == 1:
        return held[0]
    if all(c.isascii() for c in choices):
        close = difflib.get_close_matches(text, choices, n=1, cutoff=0.5)
        return close[0] if close else None
    return None


_NEGATION = re.compile("不|没有|没|未|失败|无果")


def _wide_keys(errors: list[Any], model: type[BaseModel]) -> dict[Loc, list[str]]:
    """The mappings written with full-width colons ({name：张三}): where each is, and its keys as written."""
    found: dict[Loc, list[str]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden" and "：" in str(loc[-1]):
            field = str(loc[-1]).split("：", 1)[0].strip()
            if field in _known_fields(model, loc):
                found.setdefault(loc[:-1], []).append(str(loc[-1]))
    return found


def web_url(value: str) -> bool:
    """Whether `value` is a web address a page may link to: http or https (any case), a host, no whitespace or
    control characters (which browsers drop, so `java\tscript:` would not be what it seems)."""
    from urllib.parse import urlsplit

    if any(c.isspace() or ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False
