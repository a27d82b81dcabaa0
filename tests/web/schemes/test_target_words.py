"""The scheme library words the core's equal-targets problem in Chinese."""

from __future__ import annotations


def test_equal_targets_are_explained_in_chinese_with_what_to_do() -> None:
    from qcounty.core.framework.checks import equal_targets
    from qcounty.web.schemes.checking import _translate

    assert _translate(equal_targets(95.0)) == (
        "满意值与不允许值都是 95，功效系数 d 的分母为零，无法计算：请写两个不同的值，"
        "或在 policies 中写明 ec_zero_range（full：恰为该值时 d = 100；sixty_flag：d = 60）"
    )
