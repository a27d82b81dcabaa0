"""Campaigns, applications, their values and records, as a token of a role sees them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema


class Campaign(Schema):
    id: int
    name: str
    scheme_id: str
    scheme_version: str
    evaluation_year: int
    data_cutoff: date
    department_deadline: date
    application_deadline: date
    titles: int


class County(Schema):
    id: int
    name: str
    city: str
    tier: int | None


class Application(Schema):
    id: int
    campaign_id: int
    campaign: str
    county: County
    status: str = Field(
        description="draft 填报中 · submitted 已报省 · returned 省级退回 · accepted 省级已接收"
    )
    status_label: str
    created_at: datetime


class ValueState(Schema):
    """One input of the form as the token sees it: its value and whether it may change it."""

    key: str
    label: str
    type: str
    indicator: int = Field(description="指标序号；0 为前置指标或一票否决项")
    value: Any = Field(None, description="填报值（JSON，与参评县数据文件相同）；null 为未填报")
    reported: bool
    version: int = Field(description="乐观锁版本：修改时原样发回；0 为从未保存")
    updated_at: datetime | None
    editable: bool = Field(description="该令牌现在能否修改此项（填报范围、提交状态、冻结）")


class RecordState(Schema):
    id: int
    key: str
    data: dict[str, Any]
    version: int
    updated_at: datetime
    editable: bool


class ValueWrite(Schema):
    """A value to save: as in a cohort file (null: not reported; [] for a record list: 无)."""

    value: Any = Field(description="新值；null 表示未填报；记录列表只接受 []（申报“无”）")
    version: int | None = Field(
        None, ge=0, le=2_147_483_647, description="读取时的版本；他人已修改则返回 409"
    )


class RecordCreate(Schema):
    key: str = Field(max_length=100)
    data: dict[str, Any]


class RecordUpdate(Schema):
    data: dict[str, Any]
    version: int | None = Field(None, ge=0, le=2_147_483_647)


class FlagNoteWrite(Schema):
    flag: str = Field(max_length=600, description="自查提示的标识（ident）")
    text: str = Field(max_length=2000)


class FlagNote(Schema):
    text: str
    at: datetime


class Flag(Schema):
    """A plausibility flag on the county's own data (自查), with its explanation if any."""

    ident: str
    kind: str
    severity: str
    keys: list[str]
    record: int | None
    label: str
    indicator: int
    text: str
    note: FlagNote | None


class PublishedScore(Schema):
    """The county's frozen row in a published list (公示 or final)."""

    publication_id: int
    kind: str
    title: str
    version: int
    published_on: date
    rank: int | None
    tier_rank: int | None
    total: float
    status: str
    selected: bool


class RecordWritten(RecordState):
    warning: str = Field("", description="记录不在计分时间范围内等提示；空为无")
