"""The command line as a user runs it: real process, real files, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from qcounty.core.synth import generate_cohort
from tests.builders import shandong


def qcounty(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qcounty.cli", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def cohort_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cohort") / "cohort.json"
    result = qcounty(
        "cohort", "generate", "--counties", "136", "--seed", "7", "--output", str(path)
    )
    assert result.returncode == 0, result.stderr
    return path


def _broken(tmp_path: Path, change) -> Path:
    data = generate_cohort(shandong(), counties=3, seed=1)
    change(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_ranking_lists_all_136_counties_with_the_ineligible_unranked(cohort_file):
    result = qcounty("score", str(cohort_file), "--all")
    assert result.returncode == 0, result.stderr
    assert "136 个县（市、区）评分排名" in result.stdout
    data = json.loads(cohort_file.read_text(encoding="utf-8"))
    for c in data["counties"]:
        assert c["name"] in result.stdout
    assert "取消创建资格" in result.stdout and "一票否决" in result.stdout
    assert "未列出" not in result.stdout


def _table_rows(stdout: str) -> list[list[str]]:
    rows = [line.split("│")[1:-1] for line in stdout.splitlines() if line.startswith("│")]
    return [[cell.strip() for cell in row] for row in rows if row and row[0].strip() != "排名"]


def test_the_ranking_shows_the_top_20_by_default_and_says_how_many_are_left_out(cohort_file):
    result = qcounty("score", str(cohort_file))
    assert result.returncode == 0, result.stderr
    rows = _table_rows(result.stdout)
    assert [r[0] for r in rows] == [str(n) for n in range(1, 21)]
    assert "136 个县（市、区）评分排名" in result.stdout
    assert "只显示前 20 名，另有 116 个县未列出；--all 显示全部" in result.stdout
    assert "参评" in result.stdout.splitlines()[-1]  # the status counts cover all 136


def test_top_n_limits_the_rows_and_all_prints_every_county(cohort_file):
    five = _table_rows(qcounty("score", str(cohort_file), "--top", "5").stdout)
    every = _table_rows(qcounty("score", str(cohort_file), "--all").stdout)
    assert [r[0] for r in five] == ["1", "2", "3", "4", "5"]
    assert len(every) == 136
    assert five == every[:5]
    assert qcounty("score", str(cohort_file), "--top", "0").returncode == 2


def test_the_json_output_carries_every_criterion_of_every_county(cohort_file):
    result = qcounty("score", str(cohort_file), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["counties"]) == 136
    first = data["counties"][0]
    assert [i["number"] for i in first["indicators"]] == list(range(1, 44))
    assert sum(len(i["criteria"]) for i in first["indicators"]) == 71
    assert first["total"] == pytest.approx(sum(i["points"] for i in first["indicators"]))
    ec = next(c for i in first["indicators"] for c in i["criteria"] if c["rule"] == "efficacy")
    assert {"xs", "xh", "group_size", "d"} <= set(ec["efficacy"][0])


def test_one_county_is_explained_indicator_by_indicator_in_chinese(cohort_file):
    result = qcounty("score", str(cohort_file), "--county", "文登区")
    assert result.returncode == 0, result.stderr
    assert "威海市文登区" in result.stdout
    for number in (1, 17, 35, 43):
        assert f"\n{number}. " in result.stdout
    assert "满意值 x_h" in result.stdout  # an efficacy explanation shows its bounds


def test_an_ambiguous_county_name_asks_for_the_city(cohort_file):
    result = qcounty("score", str(cohort_file), "--county", "市中区")
    assert result.returncode == 2
    assert "济南市市中区" in result.stderr and "枣庄市市中区" in result.stderr


def test_the_summary_is_counted_from_the_file():
    result = qcounty("framework", "summary", "shandong-county-2022", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["first_level"], data["second_level"], data["indicators"]) == (4, 15, 43)
    assert data["total_points"] == 100


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # a missing field
        (lambda d: d["counties"][0]["values"].pop("i31.rd_share"), ["R&D经费支出", "缺少该字段"]),
        # a percentage of 130
        (
            lambda d: d["counties"][0]["values"].update({"i20.coverage": 130}),
            ["自愿性认证覆盖率", "130"],
        ),
        # a negative count
        (
            lambda d: d["counties"][0]["values"].update({"i17.metrologists": -3}),
            ["注册计量师数量", "不能小于 0"],
        ),
        # text where a number belongs
        (
            lambda d: d["counties"][0]["values"].update({"i36.revenue": "很多"}),
            ["营业收入", "应为数字"],
        ),
        # an unknown county
        (lambda d: d["counties"][0].update({"name": "桃花源县"}), ["桃花源县", "不是"]),
        # an unknown indicator key
        (lambda d: d["counties"][0]["values"].update({"i99.magic": 1}), ["i99.magic", "未知字段"]),
        # a record with a date that is no date
        (
            lambda d: d["counties"][0]["values"].update(
                {
                    "i42.awards": [
                        {
                            "level": "national",
                            "grade": "first",
                            "title": "奖",
                            "first_unit": True,
                            "date": "去年",
                        }
                    ]
                }
            ),
            ["科技奖励", "获得时间", "不是有效日期"],
        ),
    ],
)
def test_bad_input_names_the_county_and_field_and_exits_with_code_2(tmp_path, change, expected):
    path = _broken(tmp_path, change)
    name = json.loads(path.read_text(encoding="utf-8"))["counties"][0]["name"]
    result = qcounty("score", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert name in result.stderr
    for text in expected:
        assert text in result.stderr


def test_broken_json_is_reported_with_its_line_and_exit_code_2(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "qcounty-cohort/1",\n "counties": [', encoding="utf-8")
    result = qcounty("score", str(path))
    assert result.returncode == 2
    assert "不是有效的 JSON" in result.stderr and "第 2 行" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_policy_value_is_refused(cohort_file):
    result = qcounty("score", str(cohort_file), "--policy", "ec_mapping=sometimes")
    assert result.returncode == 2
    assert "政策设置无效" in result.stderr


def test_a_policy_override_changes_the_scores(cohort_file):
    default = json.loads(qcounty("score", str(cohort_file), "--json").stdout)
    scaled = json.loads(
        qcounty("score", str(cohort_file), "--json", "--policy", "ec_mapping=scaled").stdout
    )
    assert scaled["policies"]["ec_mapping"] == "scaled"
    # points × (d − 60)/40 gives less than points × d/100 for every d < 100
    assert sum(c["total"] for c in scaled["counties"]) < sum(
        c["total"] for c in default["counties"]
    )


def test_the_streamed_json_is_the_whole_document_json_dumps_gives(cohort_file):
    from qcounty.core.cohort import parse_cohort, read_json
    from qcounty.core.scoring import score_cohort

    f = shandong()
    parsed = parse_cohort(read_json(cohort_file), f)
    result = score_cohort(f, parsed)
    whole = {
        "framework": f.id,
        "evaluation_year": parsed.year,
        "policies": f.policies.model_dump(mode="json"),
        "counties": [r.to_dict() for r in result.results()],
    }
    streamed = qcounty("score", str(cohort_file), "--json")
    assert streamed.returncode == 0, streamed.stderr
    assert json.loads(streamed.stdout) == json.loads(json.dumps(whole, ensure_ascii=False))
    assert streamed.stdout == json.dumps(whole, ensure_ascii=False) + "\n"


def test_the_json_is_written_county_by_county_never_held_whole(cohort_file):
    import io

    from qcounty.cli import write_json_stream
    from qcounty.core.cohort import parse_cohort, read_json
    from qcounty.core.scoring import score_cohort

    f = shandong()
    result = score_cohort(f, parse_cohort(read_json(cohort_file), f))
    stream = io.StringIO()
    asked: list[int] = []

    class Watched:
        """The cohort's results, noting how much was written when each county is asked for."""

        counties = result.counties

        def county(self, i: int):
            asked.append(stream.tell())
            return result.county(i)

    write_json_stream({"framework": f.id}, Watched(), stream)  # type: ignore[arg-type]
    assert len(asked) == 136
    # every county is asked for only after the one before it was written out
    assert all(later > earlier for earlier, later in pairwise(asked))
    data = json.loads(stream.getvalue())
    assert list(data) == ["framework", "counties"] and len(data["counties"]) == 136


def test_a_generated_cohort_file_has_one_county_a_line_and_the_generated_content(tmp_path):
    path = tmp_path / "cohort.json"
    result = qcounty(
        "cohort", "generate", "--counties", "140", "--seed", "3", "--output", str(path)
    )
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == generate_cohort(shandong(), counties=140, seed=3)
    lines = text.splitlines()
    assert len(lines) == 1 + 140 + 1
    assert all(json.loads(line.rstrip(","))["values"] for line in lines[1:-1])


def test_criterion_ids_starting_with_a_letter_are_printed_not_read_as_markup(tmp_path):
    # "[d1]" and "[p1]" are rich markup tags unless escaped: they vanished from --county
    from tests.core.test_structure import COHORT, TEXT

    scheme = tmp_path / "tiny-structure.yaml"
    scheme.write_text(TEXT, encoding="utf-8")
    cohort = tmp_path / "cohort.json"
    data = {
        "format": "qcounty-cohort/1",
        "framework": "tiny-structure",
        "evaluation_year": 2022,
        "counties": [{"name": n, "city": "某市", "values": v} for n, v in COHORT],
    }
    cohort.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = qcounty("score", str(cohort), "--framework", str(scheme), "--county", "乙县")
    assert result.returncode == 0, result.stderr
    for cid in ("p1", "q2", "b1", "d1"):
        assert f"[{cid}]" in result.stdout
    assert "等级 C级" in result.stdout
    assert "注：质保能力" not in result.stdout  # 3 + 2 = 5 < 6: no cap to mention
    assert "扣分项 -2.00/2" in result.stdout
    assert "基础分 7 分，加分 1 分，扣分 2 分，总分 6 分。" in result.stdout
    ranking = qcounty("score", str(cohort), "--framework", str(scheme))
    assert ranking.returncode == 0, ranking.stderr
    assert "等级" in ranking.stdout and "D级" in ranking.stdout


def test_every_bundled_scheme_passes_framework_check_and_is_found_by_its_id(tmp_path):
    check = qcounty("framework", "check")
    assert check.returncode == 0, check.stderr
    for scheme in ("anhui-quality-work-2014", "guangdong-brand-quality-2018"):
        assert f"✓ {scheme}" in check.stdout
    assert "质保能力：各项合计 330 分，封顶 210 分（按 210 分计）" in check.stdout
    from tests.core.test_golden_anhui import COHORT

    cohort = tmp_path / "anhui.json"
    data = {
        "format": "qcounty-cohort/1",
        "framework": "anhui-quality-work-2014",
        "evaluation_year": 2014,
        "counties": [{"name": n, "city": "安徽省", "values": v} for n, v in COHORT],
    }
    cohort.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = qcounty(
        "score", str(cohort), "--framework", "anhui-quality-work-2014", "--county", "蚌埠市"
    )
    assert result.returncode == 0, result.stderr
    # the status is the gate's own consequence (the scheme's words, not 一票否决), and a
    # scheme without tiers puts no 第0梯队 in the heading
    assert "安徽省蚌埠市：总分 100.00，不参与排名，考核结果一律为D级，等级 D级" in result.stdout
    assert "否决项：考核结果一律为D级，评定为D级。" in result.stdout
