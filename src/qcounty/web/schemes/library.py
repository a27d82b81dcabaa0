"""Find schemes: the bundled files and the province's uploaded versions, by id and version.

A campaign names a scheme by id and version. A bundled scheme at that version is read from the
package (no query); any other is read from the library's row, parsed once per text and process.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from qcounty.core.framework.lineage import comparable
from qcounty.core.framework.loader import (
    FrameworkError,
    bundled_ids,
    load_framework,
    parse_framework,
    resolve,
)
from qcounty.core.framework.model import Framework
from qcounty.web.caching import Cache
from qcounty.web.schemes.models import SchemeVersion

CACHED_SCHEMES = 8
_parsed: Cache[str, Framework] = Cache("schemes.parsed", CACHED_SCHEMES)


@dataclass(frozen=True)
class Entry:
    """One version in the library: bundled with qcounty, or uploaded (a draft or published)."""

    scheme_id: str
    version: str
    name: str
    row: SchemeVersion | None = None

    @property
    def bundled(self) -> bool:
        return self.row is None

    @property
    def published(self) -> bool:
        return self.row is None or self.row.is_published

    @property
    def key(self) -> str:
        return key_of(self.scheme_id, self.version)


def key_of(scheme_id: str, version: str) -> str:
    """Return the text that names a version in a URL or a form choice."""
    return f"{scheme_id}@{version}"


def split_key(key: str) -> tuple[str, str]:
    scheme_id, _, version = key.partition("@")
    return scheme_id, version


def bundled() -> list[Entry]:
    """Return the schemes shipped with qcounty (each at the version its file declares)."""
    out = []
    for scheme_id in bundled_ids():
        f = load_framework(scheme_id)
        out.append(Entry(f.id, f.version, f.name))
    return out


def is_bundled(scheme_id: str, version: str) -> bool:
    return any(e.scheme_id == scheme_id and e.version == version for e in bundled())


def entries(published_only: bool = False) -> list[Entry]:
    """Return every version in the library, bundled first, then uploaded by id and time."""
    rows = SchemeVersion.objects.defer("text").select_related("uploaded_by")
    if published_only:
        rows = rows.filter(status=SchemeVersion.Status.PUBLISHED)
    return [*bundled(), *(Entry(r.scheme_id, r.version, r.name, r) for r in rows)]


def find(scheme_id: str, version: str) -> Entry | None:
    """Return the library's entry for this id and version, or None."""
    for e in bundled():
        if e.scheme_id == scheme_id and e.version == version:
            return e
    row = SchemeVersion.objects.filter(scheme_id=scheme_id, version=version).first()
    return Entry(row.scheme_id, row.version, row.name, row) if row is not None else None


def text_of(scheme_id: str, version: str) -> str:
    """Return the full text of this version (the bundled file when no row has it)."""
    if not is_bundled(scheme_id, version):
        row = SchemeVersion.objects.filter(scheme_id=scheme_id, version=version).first()
        if row is not None:
            return row.text
    return resolve(scheme_id).read_text(encoding="utf-8")


def framework_of(scheme_id: str, version: str) -> Framework:
    """Return this version parsed (a bundled file when no uploaded version has it)."""
    if is_bundled(scheme_id, version):
        return load_framework(scheme_id)
    row = (
        SchemeVersion.objects.filter(scheme_id=scheme_id, version=version)
        .only("text", "sha256", "file_name")
        .first()
    )
    if row is None:
        return load_framework(scheme_id)  # a campaign set up before the library: by its id
    return _parsed.get_or_set(row.sha256, lambda: parse_framework(row.text, row.file_name))


def framework_of_entry(entry: Entry) -> Framework:
    if entry.row is None:
        return load_framework(entry.scheme_id)
    row = entry.row
    return _parsed.get_or_set(
        row.sha256, lambda: parse_framework(text_of(row.scheme_id, row.version), row.file_name)
    )


def is_used(scheme_id: str, version: str) -> bool:
    """Return whether a campaign uses this version (it can then never change)."""
    from qcounty.web.campaigns.models import Campaign  # campaigns build on the library

    return Campaign.objects.filter(framework_id=scheme_id, framework_version=version).exists()


def campaigns_using(scheme_id: str, version: str) -> list[str]:
    from qcounty.web.campaigns.models import Campaign

    return list(
        Campaign.objects.filter(framework_id=scheme_id, framework_version=version).values_list(
            "name", flat=True
        )
    )


def used_versions() -> dict[tuple[str, str], list[str]]:
    """Return the campaigns' names by the (id, version) they use."""
    from qcounty.web.campaigns.models import Campaign

    out: dict[tuple[str, str], list[str]] = {}
    for scheme_id, version, name in Campaign.objects.values_list(
        "framework_id", "framework_version", "name"
    ):
        out.setdefault((scheme_id, version), []).append(name)
    return out


def lookup(scheme_id: str, version: str) -> Framework | None:
    """Return this exact version (bundled or uploaded), or None if the library has none."""
    entry = find(scheme_id, version)
    if entry is None:
        return None
    try:
        return framework_of_entry(entry)
    except FrameworkError:
        return None


def comparable_to(new: Framework, old: Framework) -> dict[int, int | None]:
    """Return, per indicator of `new`, the comparable indicator of `old` (None: 不可比)."""
    return comparable(new, old, lookup)


def predecessor_problems(f: Framework) -> list[tuple[str, str]]:
    """Return (path, Chinese message) where the predecessor or its numbers are not found."""
    p = f.predecessor
    if p is None:
        return []
    old = lookup(p.id, p.version)
    if old is None:
        return [
            (
                "predecessor",
                _(
                    "评价体系库中没有前一版本“{id}” {version} 版：请先上传它，或改正编号和版本"
                ).format(id=p.id, version=p.version),
            )
        ]
    numbers = {i.number for i in old.indicators()}
    out = []
    for k, m in enumerate(p.mapping):
        for n in m.from_:
            if n not in numbers:
                out.append(
                    (
                        f"predecessor.mapping[{k}].from",
                        _("前一版本没有指标 {n}").format(n=n),
                    )
                )
    return out
