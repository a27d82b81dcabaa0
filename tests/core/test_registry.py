"""The primitives registry: rule kind → class, the same set the framework file can name."""

import re
import typing

from qcounty.core.rules import REGISTRY, RuleSpec


def union_classes():
    union, _discriminator = typing.get_args(RuleSpec)
    return list(typing.get_args(union))


def kind_of(cls):
    (kind,) = typing.get_args(cls.model_fields["kind"].annotation)
    return kind


def test_every_registered_kind_can_be_written_in_a_framework_file_and_vice_versa():
    in_union = {kind_of(cls): cls for cls in union_classes()}
    assert in_union == REGISTRY


def test_each_class_is_registered_under_its_own_kind():
    for kind, cls in REGISTRY.items():
        assert kind_of(cls) == kind


def test_every_primitive_has_a_summary_in_chinese():
    for kind, cls in REGISTRY.items():
        assert re.search(r"[\u4e00-\u9fff]", cls.summary), f"{kind} has no Chinese summary"


def test_no_two_primitives_share_a_summary():
    summaries = [cls.summary for cls in REGISTRY.values()]
    assert len(set(summaries)) == len(summaries)
