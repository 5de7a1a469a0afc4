"""A named, versioned set of ward clusters: what officers agree on and reuse.

A :class:`ClusterSet` records each ward's cluster (``ward_code, ward_name, cluster_id,
cluster_name``) with everything needed to make it again: the parameters, seed, features, the
ward boundaries' vintage and district, the heterogeneity and (when evaluated) its quality
against the baselines, plus a fingerprint of the assignment and settings. It is saved as JSON,
``<name-slug>.v<version>.json``; saving a *different* set under an existing name and version is
refused (bump the version: :func:`next_version`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pandas as pd

from cspkit.analysis.places._common import slug
from cspkit.errors import FileFormatError, InputError

__all__ = ["ASSIGNMENT_COLUMNS", "PROFILE_COLUMNS", "ClusterSet", "cluster_names",
           "next_version"]

#: Columns of :attr:`ClusterSet.assignments`.
ASSIGNMENT_COLUMNS = ("ward_code", "ward_name", "cluster_id", "cluster_name")
#: Columns of :meth:`ClusterSet.profile`.
PROFILE_COLUMNS = ("cluster_id", "cluster_name", "wards", "feature", "cluster_mean",
                   "district_mean", "index", "z")


def cluster_names(labels: pd.Series, ward_names: pd.Series) -> dict[int, str]:
    """Default cluster names: the member wards' names, in ward code order, joined by ", "."""
    out = {}
    for cid, members in labels.groupby(labels):
        out[int(cid)] = ", ".join(str(ward_names.get(c, c)) for c in sorted(members.index))
    return out


def _fingerprint(assignments: pd.DataFrame, params: dict[str, Any], seed: int) -> str:
    text = json.dumps(
        {"a": assignments[["ward_code", "cluster_id"]].values.tolist(), "p": params, "s": seed},
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ClusterSet:
    """Ward -> cluster, with the settings that made it (module doc)."""

    name: str
    version: int
    assignments: pd.DataFrame
    params: dict[str, Any]
    seed: int
    features: tuple[str, ...]
    ward_vintage: str | None
    lad_code: str | None
    heterogeneity: float
    fingerprint: str
    created: str
    quality: dict[str, Any] | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    """What the features were made from (months, population note, ...)."""

    @classmethod
    def build(cls, *, name: str, version: int, labels: pd.Series, ward_names: pd.Series,
              cluster_names: dict[int, str], params: dict[str, Any], seed: int,
              features: tuple[str, ...], ward_vintage: str | None, lad_code: str | None,
              heterogeneity: float, quality: dict[str, Any] | None = None,
              inputs: dict[str, Any] | None = None) -> ClusterSet:
        """A set from ward labels (ward code index -> cluster id)."""
        if not isinstance(name, str) or not name.strip():
            raise InputError("ClusterSet: name must be a non-empty text, e.g. 'Ward clusters'")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise InputError(f"ClusterSet: version={version!r} must be a whole number from 1")
        codes = [str(c) for c in labels.index]
        assignments = pd.DataFrame({
            "ward_code": codes,
            "ward_name": [str(ward_names.get(c, c)) for c in codes],
            "cluster_id": labels.to_numpy(dtype="int64"),
        })
        assignments["cluster_name"] = assignments["cluster_id"].map(cluster_names)
        assignments = assignments.sort_values(["cluster_id", "ward_code"], ignore_index=True)
        return cls(
            name=name.strip(), version=version, assignments=assignments, params=params,
            seed=seed, features=tuple(features), ward_vintage=ward_vintage, lad_code=lad_code,
            heterogeneity=float(heterogeneity),
            fingerprint=_fingerprint(assignments, params, seed),
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            quality=quality, inputs=dict(inputs or {}),
        )

    @property
    def mapping(self) -> dict[str, int]:
        """Ward code -> cluster id."""
        return dict(zip(self.assignments["ward_code"], self.assignments["cluster_id"],
                        strict=True))

    @property
    def file_name(self) -> str:
        return f"{slug(self.name)}.v{self.version}.json"

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "assignments"}
        out["features"] = list(self.features)
        out["assignments"] = self.assignments.to_dict(orient="records")
        return cast("dict[str, Any]", json.loads(json.dumps(out, default=_jsonable)))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClusterSet:
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        fields["assignments"] = pd.DataFrame(data["assignments"], columns=list(ASSIGNMENT_COLUMNS))
        fields["features"] = tuple(data["features"])
        return cls(**fields)

    def save(self, folder: str | Path) -> Path:
        """Write ``<folder>/<name-slug>.v<version>.json``; return its path. Saving the same set
        again is harmless; another set under the same name and version is refused."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self.file_name
        if path.exists():
            old = ClusterSet.load(path)
            if old.fingerprint != self.fingerprint:
                raise InputError(
                    f"{path} already holds version {self.version} of {self.name!r} with other "
                    f"clusters or settings; save this one as version "
                    f"{next_version(folder, self.name)} (cluster_set(..., version="
                    f"{next_version(folder, self.name)})) or under another name"
                )
        path.write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> ClusterSet:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise FileFormatError(
                path, f"not a saved cluster set ({type(exc).__name__}: {exc})",
                "Give a file written by ClusterSet.save().",
            ) from None

    def profile(self, features: pd.DataFrame, columns: tuple[str, ...] | None = None
                ) -> pd.DataFrame:
        """Each cluster's mean of each feature against the district (mean over wards):
        columns :data:`PROFILE_COLUMNS`; ``index`` is 100 x cluster / district mean, ``z`` the
        difference in district standard deviations."""
        cols = list(columns or self.features)
        values = features.set_axis(features.index.astype(str))[cols].astype(float)
        district, sd = values.mean(), values.std(ddof=0).replace(0, float("nan"))
        rows = []
        for _, group in self.assignments.groupby("cluster_id"):
            cid = int(group["cluster_id"].iloc[0])
            mean = values.reindex(group["ward_code"]).mean()
            for col in cols:
                rows.append((cid, str(group["cluster_name"].iloc[0]), len(group), col,
                             float(mean[col]), float(district[col]),
                             100.0 * mean[col] / district[col] if district[col] else float("nan"),
                             (mean[col] - district[col]) / sd[col]))
        return pd.DataFrame(rows, columns=list(PROFILE_COLUMNS))


def _jsonable(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    if isinstance(value, (set, tuple)):
        return list(value)
    return str(value)


def next_version(folder: str | Path, name: str) -> int:
    """The next free version of cluster set ``name`` in ``folder`` (1 when there is none)."""
    found = [int(p.name.rsplit(".v", 1)[1].split(".")[0])
             for p in Path(folder).glob(f"{slug(name)}.v*.json")
             if p.name.rsplit(".v", 1)[1].split(".")[0].isdigit()]
    return max(found, default=0) + 1
