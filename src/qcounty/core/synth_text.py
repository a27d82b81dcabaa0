"""Texts of the synthetic cohort, in the words of a county's real application.

Names of activities, departments, awards and documents follow Wendeng's 2023 plan (the seed,
docs/spec/wendeng-2023-plan.txt) and the indicator notes it quotes, so that a demo's Annex 2 and
quality report read like a county's own. Nothing here draws a random number: the texts depend
on the county and the record's position alone, so a seed still gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Wendeng's own slogan, as its 2023 plan states it (三、质量精神口号)
SLOGANS = {"文登区": "厚德文登，品优致远"}


@dataclass(frozen=True, slots=True)
class Place:
    """The county a text is written for: 文登区 → short 文登, level 区."""

    name: str
    city: str

    @property
    def short(self) -> str:
        return self.name[:-1] if len(self.name) > 2 else self.name

    @property
    def level(self) -> str:
        return self.name[-1]


Text = Callable[[Place], str]
RecordText = Callable[[Place, dict[str, Any], int], str]

PLAIN: dict[str, Text] = {
    "i01.slogan_text": lambda p: SLOGANS.get(p.name, f"品质{p.short}，质量兴{p.level}"),
    "i02.model_text": lambda p: (
        f"“标准+品牌+信用”质量发展模式：以标准引领产业升级，以品牌提升区域形象，以信用规范"
        f"市场秩序，已写入{p.short}{p.level}委{p.level}政府质量强{p.level}建设实施方案。"
    ),
    "i06.body_name": lambda p: f"{p.name}质量强{p.level}及品牌战略推进工作领导小组",
    "i08.detail": lambda p: (
        f"印发《{p.name}重点产业集群质量提升行动计划》，按季度调度重点产业链质量提升任务。"
    ),
    "i09.detail": lambda p: (
        "“双随机、一公开”抽查全部应用信用风险分类结果；严重违法失信名单列入管理常态化。"
    ),
    "i10.detail": lambda p: (
        "质量发展、质量监督、标准、计量、检验检测、认证认可、品牌、信用、知识产权"
        "等工作经费列入年度财政预算。"
    ),
    "i11.detail": lambda p: (
        f"《{p.name}质量强{p.level}建设扶持政策》（{p.short}政办发〔2022〕8号，"
        f"{p.name}人民政府办公室），奖补资金已按年度兑现。"
    ),
    "i12.detail": lambda p: (
        f"{p.name}质量基础设施“一站式”服务平台：标准、计量、检验检测、认证认可、"
        "知识产权咨询服务，常年运行。"
    ),
    "i13.detail": lambda p: (
        f"标准化工作纳入《{p.name}国民经济和社会发展第十四个五年规划纲要》；"
        f"《{p.name}标准化战略实施意见》（{p.short}政发〔2021〕12号）。"
    ),
    "i16.detail": lambda p: "围绕支柱产业建立产业计量测试服务站，开展计量服务中小企业行活动。",
    "i18.detail": lambda p: "开展重点用能单位能源计量审查，组织诚信计量自我承诺活动。",
    "i21.documents": lambda p: f"《{p.name}质量状况与发展前景分析报告（2022年）》",
    "i23.documents": lambda p: (
        f"《{p.name}推行企业首席质量官制度的实施意见》（{p.short}质强发〔2022〕3号，"
        f"{p.name}质量强{p.level}及品牌战略推进工作领导小组办公室）"
    ),
    "i25.detail": lambda p: "开展重点产业链质量提升、重点产品质量帮扶行动，成效被市级媒体报道。",
    "i35.medical_report": lambda p: (
        "医疗质量安全事件按规定报告处置，医疗纠纷调解成功率逐年提高，无重大医疗质量安全事件。"
    ),
    "i37.detail": lambda p: "严格落实新建住宅工程延长质量保修期制度、先验房后收房制度。",
}

# the mass quality-culture activities the plan names (四、重点任务：质量文化)
ACTIVITIES = ["“质量月”", "“品牌日”", "“3·15”国际消费者权益日", "“世界标准日”",
              "“世界计量日”", "“世界认可日”", "QC小组成果发布"]  # fmt: skip
LEVEL_ISSUERS = {
    "national": ["国务院质量强国建设领导小组办公室", "国家市场监督管理总局"],
    "provincial": ["山东省人民政府", "山东省市场监督管理局", "山东省质量强省及品牌战略推进工作领导小组"],
    "city": ["{city}人民政府", "{city}市场监督管理局", "{city}质量强市及品牌战略推进工作领导小组"],
}  # fmt: skip
INCENTIVES = {
    "china_quality_award": ("中国质量奖", "国家市场监督管理总局"),
    "national": ("专精特新“小巨人”企业", "工业和信息化部"),
    "governor_quality_award": ("山东省省长质量奖", "山东省人民政府"),
    "provincial": ("“好品山东”品牌", "山东省质量强省及品牌战略推进工作领导小组"),
    "city": ("{city}市长质量奖", "{city}人民政府"),
}
MATTERS = ["{short}西洋参", "{short}海洋食品", "{short}高端装备"]
STANDARDS = ["{short}西洋参种植技术规程", "海参增养殖技术规范", "农村公路养护质量评定规范",
             "预制菜生产质量控制规范", "休闲渔业服务规范"]  # fmt: skip


def _cycle(options: list[str]) -> RecordText:
    def text(p: Place, r: dict[str, Any], j: int) -> str:
        return options[j % len(options)].format(
            short=p.short, name=p.name, city=p.city, level=p.level
        )

    return text


def _by_level(table: dict[str, list[str]]) -> RecordText:
    def text(p: Place, r: dict[str, Any], j: int) -> str:
        options = table.get(str(r.get("level")), table["city"])
        return options[j % len(options)].format(city=p.city)

    return text


def _incentive(which: int) -> RecordText:
    def text(p: Place, r: dict[str, Any], j: int) -> str:
        pair = INCENTIVES.get(str(r.get("kind")), INCENTIVES["city"])
        return pair[which].format(city=p.city)

    return text


RECORDS: dict[tuple[str, str], RecordText] = {
    ("i03.activity_list", "title"): lambda p, r, j: (
        f"{ACTIVITIES[j % len(ACTIVITIES)]}主题宣传活动"
    ),
    ("i03.activity_list", "content"): _cycle(
        [
            "通过展板、显示屏、横幅、橱窗、电视、报纸、网络宣传质量文化",
            "质量知识进社区、进企业、进校园",
        ]
    ),
    ("i04.commendations", "issuer"): _by_level(LEVEL_ISSUERS),
    ("i04.commendations", "title"): _cycle(
        ["质量工作考核成绩突出，予以通报表扬", "质量强{level}建设工作成效明显，予以激励"]
    ),
    ("i04.media_reports", "media"): lambda p, r, j: (
        ["人民日报", "新华社", "中央广播电视总台"][j % 3]
        if r.get("level") == "national"
        else ["大众日报", "山东卫视", "山东广播电视台"][j % 3]
    ),
    ("i04.media_reports", "title"): _cycle(
        [
            "{name}：以质量强{level}推动高质量发展",
            "{short}：标准引领产业升级",
            "{short}品牌擦亮“好品”名片",
        ]
    ),
    ("i04.media_reports", "content"): _cycle(["报道本地质量提升、品牌建设的做法和成效"]),
    ("i05.events", "title"): _cycle(
        ["质量品牌建设现场交流会", "首席质量官培训暨质量管理经验交流会", "标准化试点示范项目观摩会"]
    ),
    ("i05.events", "content"): _cycle(["交流质量提升和品牌建设经验，现场观摩示范企业"]),
    ("i06.meetings", "title"): _cycle(
        ["研究部署质量强{level}创建工作", "听取质量强{level}创建进展汇报，调度重点任务"]
    ),
    ("i06.meetings", "leaders"): _cycle(["{level}委书记、{level}长", "{level}长、分管副{level}长"]),
    ("i14.standards", "title"): _cycle(STANDARDS),
    ("i14.standards", "code"): lambda p, r, j: f"DB37/T {4100 + 37 * j}—2022",
    ("i14.standards", "status"): _cycle(["现行"]),
    ("i14.standards", "drafters"): lambda p, r, j: f"{p.name}市场监督管理局（第{1 + j % 3}位）",
    ("i15.organisations", "title"): _cycle(["{short}海洋食品产业标准化工作组"]),
    ("i15.organisations", "committee"): _cycle(
        ["全国水产标准化技术委员会", "全国农产品标准化技术委员会"]
    ),
    ("i15.pilots", "title"): _cycle(
        [
            "{short}西洋参标准化种植示范区",
            "{short}农村综合改革标准化试点",
            "{short}海参养殖标准化示范区",
        ]
    ),
    ("i15.pilots", "undertaker"): _cycle(["{name}农业农村局", "{name}海洋发展局"]),
    ("i24.exchanges", "title"): _cycle(
        ["企业先进质量管理经验交流会", "卓越绩效管理现场观摩活动", "QC小组活动成果交流"]
    ),
    ("i24.trainings", "title"): _cycle(["企业首席质量官培训", "企业人员质量管理培训"]),
    ("i24.trainings", "audience"): _cycle(["规上工业企业首席质量官", "企业质量管理人员"]),
    ("i42.awards", "title"): lambda p, r, j: (
        "国家科学技术进步奖" if r.get("level") == "national" else "山东省科学技术进步奖"
    ),
    ("i43.incentives", "title"): _incentive(0),
    ("i43.incentives", "issuer"): _incentive(1),
}


def plain_text(key: str, label: str, place: Place) -> str:
    """Return a text input's value for the county, in the words of a real application."""
    make = PLAIN.get(key)
    return make(place) if make else f"{place.name}{label}情况见佐证材料"


def record_text(key: str, field: str, label: str, place: Place, r: dict[str, Any], j: int) -> str:
    """Return a record's text field, given the fields drawn before it and its position j."""
    make = RECORDS.get((key, field))
    return make(place, r, j) if make else f"{place.name}{label}（第{j + 1}条）"


def matter(place: Place, n: int) -> str:
    """Return the name of the n-th (1–3) matter several incentives may reward."""
    return MATTERS[(n - 1) % len(MATTERS)].format(short=place.short) + "产业质量提升"
