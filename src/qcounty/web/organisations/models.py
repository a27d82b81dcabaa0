"""The province, its prefecture cities (with their tier), counties and county departments."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("地级市")
        COUNTY = "county", _("县（市、区）")
        DEPARTMENT = "department", _("部门")

    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    tier = models.PositiveSmallIntegerField(_("梯队"), null=True, blank=True)
    # a county made up for tests and benchmarks (合成县0001): the core accepts its name
    synthetic = models.BooleanField(_("合成（虚构）"), default=False)
    # an evaluated unit's attributes its scheme declares (industry, size class …): attribute key
    # → option id, e.g. {"industry": "food"}; a scheme grouping by one compares within its option
    attributes = models.JSONField(
        _("属性"),
        default=dict,
        blank=True,
        help_text=_('评价体系声明的参评单位属性：属性键 → 选项，例如 {"industry": "food"}'),
    )

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_name_under_parent")
        ]
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        if self.kind == self.Kind.DEPARTMENT and self.parent is not None:
            county = self.parent.name
            # "区市场监管局" of 文登区 is 文登区市场监管局 (its 区 is the county's), not 文登区区…
            if county and self.name[:1] == county[-1:] and self.name[:1] in "区县市旗":
                return county + self.name[1:]
            return county + self.name
        return self.name

    @property
    def county(self) -> Organisation | None:
        """Return the county this organisation is or belongs to."""
        if self.kind == self.Kind.COUNTY:
            return self
        if self.kind == self.Kind.DEPARTMENT:
            return self.parent
        return None

    @property
    def city(self) -> Organisation | None:
        """Return the city this organisation is or belongs to (none for a unit of the province
        itself, such as a city a scheme evaluates directly)."""
        county = self.county
        if county is None:
            return self if self.kind == self.Kind.CITY else None
        parent = county.parent
        return parent if parent is not None and parent.kind == self.Kind.CITY else None

    @property
    def city_name(self) -> str:
        """Return the name of the city the unit belongs to; empty when its parent is the province."""
        city = self.city
        return city.name if city is not None and city is not self else ""


class UnitAssignment(models.Model):
    """A county's department that answers for a responsible-unit role (数据来源) of a framework."""

    county = models.ForeignKey(
        Organisation,
        verbose_name=_("县（市、区）"),
        on_delete=models.CASCADE,
        related_name="unit_assignments",
    )
    framework_id = models.CharField(_("评价体系"), max_length=100)
    unit_id = models.CharField(_("责任单位角色"), max_length=60)
    department = models.ForeignKey(
        Organisation, verbose_name=_("部门"), on_delete=models.CASCADE, related_name="assignments"
    )

    class Meta:
        verbose_name = _("责任单位分工")
        verbose_name_plural = _("责任单位分工")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "framework_id", "unit_id", "department"],
                name="unique_unit_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.county.name} {self.unit_id} → {self.department.name}"
