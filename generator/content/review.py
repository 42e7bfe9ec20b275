"""A story's 三审 record (初审、复审、终审), kept in its file and never published, and the times it is written in."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo

from ..config import Text
from ..dates import parse_datetime
from ..schema import Schema
from .common import ctx as _ctx


def _dt(value: Any, info: ValidationInfo) -> datetime:
    return parse_datetime(value, _ctx(info)["zone"])


DateTime = Annotated[datetime, BeforeValidator(_dt)]


class ReviewStep(Schema):
    """三审中的一审：审核人和审核时间。"""

    by: Text = Field(max_length=20, description="审核人（只有空格不算：Text）。")
    at: DateTime = Field(description="审核时间，例如 2024-05-01 10:00。")


class Review(Schema):
    """三审记录（初审、复审、终审）。只保存在稿件文件里，不出现在网站上。"""

    first: ReviewStep | None = Field(None, alias="初审", description="初审。")
    second: ReviewStep | None = Field(None, alias="复审", description="复审。")
    final: ReviewStep | None = Field(None, alias="终审", description="终审。")

    @property
    def steps(self) -> list[tuple[str, ReviewStep | None]]:
        return [("初审", self.first), ("复审", self.second), ("终审", self.final)]

    @property
    def complete(self) -> bool:
        return all(step is not None for _, step in self.steps)

    @property
    def missing(self) -> list[str]:
        return [name for name, step in self.steps if step is None]

    def done_by(self, published: datetime) -> bool:
        """All three steps written, none after the story's publish time (a review after publishing is none)."""
        return self.complete and all(step is not None and step.at <= published for _, step in self.steps)

    def lacking(self, published: datetime) -> str:
        """What the chain lacks for a story published at `published`, in the words of the report."""
        if self.missing:
            return "缺" + "、".join(self.missing)
        late = [name for name, step in self.steps if step is not None and step.at > published]
        return "、".join(late) + "时间晚于发布时间"
