"""Inputs of the reporting form: typed fields, record lists and values derived from them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

KEY_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"
Key = Annotated[str, Field(pattern=KEY_PATTERN)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    """One choice of a choice, checklist or counts field."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_]+$")]
    label: str


class InputBase(Strict):
    key: Key
    label: str
    help: str = ""
    annex2: str = ""  # the Annex 2 statement this field belongs to, for the official layout
    informational: bool = False  # shown and exported, never scored
    required: bool = False  # a cohort file must give a value (not null)
    judged: bool = False  # a judgement the province's experts settle (the county's is a claim)
    units: list[str] = Field(
        default_factory=list
    )  # who answers for it; empty: its indicator's units


class BoolInput(InputBase):
    type: Literal["bool"]


class ChoiceInput(InputBase):
    type: Literal["choice"]
    options: list[Option] = Field(min_length=2)


class ChecklistInput(InputBase):
    type: Literal["checklist"]
    options: list[Option] = Field(min_length=1)


class CountsInput(InputBase):
    """A count per option (e.g. tourist sites per grade)."""

    type: Literal["counts"]
    options: list[Option] = Field(min_length=1)
    unit: str = ""
    min: int = 0  # an increase may be negative


class CountInput(InputBase):
    type: Literal["count"]
    unit: str = ""
    max: int | None = None


class PercentInput(InputBase):
    type: Literal["percent"]
    min: float = 0.0
    max: float = 100.0


class NumberInput(InputBase):
    type: Literal["number"]
    unit: str = ""
    min: float | None = None
    max: float | None = None


class TextInput(InputBase):
    type: Literal["text"]
    max_length: int = 4000


class DateInput(InputBase):
    type: Literal["date"]


class RecordField(Strict):
    """A field of a record (one commendation, one standard, one award …)."""

    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: str
    type: Literal["text", "date", "bool", "choice", "count", "number"]
    options: list[Option] = Field(default_factory=list)
    required: bool = True

    @model_validator(mode="after")
    def _choice_has_options(self) -> RecordField:
        if self.type == "choice" and len(self.options) < 2:
            raise ValueError("a choice field needs at least two options")
        if self.type != "choice" and self.options:
            raise ValueError("only a choice field has options")
        return self


class WindowByField(Strict):
    """A window that depends on a field's value (item 43: awards counted over all years)."""

    field: str
    windows: dict[str, str]


class Dedupe(Strict):
    """One matter honoured several times counts once, at its highest level (item 43)."""

    key: str  # records with the same non-blank value of this field are one matter
    rank: str  # a choice field whose option order runs from the highest level down


class RecordsInput(InputBase):
    type: Literal["records"]
    fields: list[RecordField] = Field(min_length=1)
    title_field: str = "title"  # named in messages about a record
    date_field: str | None = None
    window: str | None = None  # id of a window in the framework's windows
    window_by: WindowByField | None = None
    dedupe: Dedupe | None = None

    @model_validator(mode="after")
    def _fields_exist(self) -> RecordsInput:
        names = {f.key: f for f in self.fields}
        if len(names) != len(self.fields):
            raise ValueError("two record fields share a key")
        if self.title_field not in names:
            raise ValueError(f"title_field '{self.title_field}' is not a field")
        if self.window and not self.date_field:
            raise ValueError("a windowed record list needs a date_field")
        if self.date_field and names.get(self.date_field) is None:
            raise ValueError(f"date_field '{self.date_field}' is not a field")
        if self.date_field and names[self.date_field].type != "date":
            raise ValueError(f"date_field '{self.date_field}' is not a date field")
        if self.window_by:
            by = names.get(self.window_by.field)
            if by is None or by.type != "choice":
                raise ValueError(f"window_by field '{self.window_by.field}' is not a choice field")
            unknown = set(self.window_by.windows) - {o.id for o in by.options}
            if unknown:
                raise ValueError(f"window_by names unknown options {sorted(unknown)}")
        if self.dedupe:
            for name in (self.dedupe.key, self.dedupe.rank):
                if name not in names:
                    raise ValueError(f"dedupe field '{name}' is not a field")
            if names[self.dedupe.rank].type != "choice":
                raise ValueError("dedupe rank must be a choice field")
        return self

    def field(self, key: str) -> RecordField | None:
        """Return the field with this key, if any."""
        return next((f for f in self.fields if f.key == key), None)


Input = Annotated[
    BoolInput
    | ChoiceInput
    | ChecklistInput
    | CountsInput
    | CountInput
    | PercentInput
    | NumberInput
    | TextInput
    | DateInput
    | RecordsInput,
    Field(discriminator="type"),
]

NUMERIC_TYPES = ("bool", "count", "percent", "number")


# ---------------------------------------------------------------- derived values


class DerivedBase(Strict):
    key: Key
    label: str
    unit: str = ""


class Term(Strict):
    value: str
    weight: float


class RatioDerived(DerivedBase):
    """numerator / denominator × scale (note 4's ratios, item 30's batches per 1,000)."""

    kind: Literal["ratio"]
    numerator: list[str] = Field(min_length=1)  # summed
    denominator: str
    scale: float = 1.0


class GrowthDerived(DerivedBase):
    """(current − base) / base × 100; a zero base is flagged, never divided by."""

    kind: Literal["growth"]
    current: str
    base: str


class LinearDerived(DerivedBase):
    """Σ weight × value (item 39's air quality, item 35's tourism composite)."""

    kind: Literal["linear"]
    terms: list[Term] = Field(min_length=1)


class Where(Strict):
    """A filter on record fields: each field equals the value or is in the list."""

    field: str
    equals: str | bool | list[str]


class CountDerived(DerivedBase):
    """The number of records of a list, in their window, matching every filter."""

    kind: Literal["count"]
    records: str
    where: list[Where] = Field(default_factory=list)


class YearsCoveredDerived(DerivedBase):
    """The number of years of the window in which at least one record falls (item 24)."""

    kind: Literal["years_covered"]
    records: str


class PointsRow(Strict):
    where: list[Where]
    points: float


class Factor(Strict):
    where: list[Where]
    times: float


class RecordPointsDerived(DerivedBase):
    """Σ of points per record by its fields, times a factor (item 42's award points)."""

    kind: Literal["record_points"]
    records: str
    points: list[PointsRow] = Field(min_length=1)
    factor: list[Factor] = Field(default_factory=list)


Derived = Annotated[
    RatioDerived
    | GrowthDerived
    | LinearDerived
    | CountDerived
    | YearsCoveredDerived
    | RecordPointsDerived,
    Field(discriminator="kind"),
]


def derived_sources(d: Derived) -> list[str]:
    """Return the keys a derived value reads."""
    if isinstance(d, RatioDerived):
        return [*d.numerator, d.denominator]
    if isinstance(d, GrowthDerived):
        return [d.current, d.base]
    if isinstance(d, LinearDerived):
        return [t.value for t in d.terms]
    return [d.records]
