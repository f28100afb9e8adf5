"""How many CPUs this process may use: the CPUs it may run on, bounded by its container's CPU quota.

os.cpu_count() counts the machine's CPUs and os.sched_getaffinity() those this process may run on (as
does Python 3.13's os.process_cpu_count()), but neither sees a cgroup's CPU quota: a container given
two CPUs' time on a 64-CPU machine, where 64 processes would only take turns. joblib's cpu_count reads
the quota too, but it is not a dependency of factex and its import alone would be a tenth of a small
merge; the quota is two small files.

- usable_cpus(cgroup_root="/sys/fs/cgroup") -> int, at least 1
"""
from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Optional


def usable_cpus(cgroup_root="/sys/fs/cgroup") -> int:
    """The CPUs this process may run on, no more than its cgroup's quota rounded up (at least 1)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # (not Linux)
        cpus = os.cpu_count() or 1
    quota = cpu_quota(Path(cgroup_root))
    return max(1, min(cpus, math.ceil(quota)) if quota else cpus)


def cpu_quota(root: Path) -> Optional[float]:
    """CPUs' worth of time the cgroup may use (cgroup v2 `cpu.max`, else v1 `cpu.cfs_quota_us` over
    `cpu.cfs_period_us`), or None: no quota, or none to be read."""
    v2 = _read(root / "cpu.max")
    if v2 is not None:
        quota, _, period = v2.partition(" ")
        return _ratio(quota, period or "100000")
    for folder in ("cpu", "cpu,cpuacct"):
        quota = _read(root / folder / "cpu.cfs_quota_us")
        if quota is not None:
            return _ratio(quota, _read(root / folder / "cpu.cfs_period_us") or "100000")
    return None


def _ratio(quota: str, period: str) -> Optional[float]:
    try:
        q, p = int(quota), int(period)
    except ValueError:  # ("max": no quota)
        return None
    return q / p if q > 0 and p > 0 else None


def _read(path: Path) -> Optional[str]:
    try:
        return path.read_text().strip()
    except OSError:
        return None
