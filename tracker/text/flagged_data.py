"""The flagged domains of a data file: what no output may link, gathered from the platforms' records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tracker.model.dataset import Dataset
from tracker.text.flagged import FlaggedDomains
from tracker.text.hosts import is_bare_hostname, normalise_host

__all__ = ["dataset_flagged_domains", "raw_flagged_domains", "shared_domains"]


def dataset_flagged_domains(dataset: Dataset) -> FlaggedDomains:
    """Every domain no output may link: named platforms' hosts and unnamed platforms' hashes.

    Raises ValueError for a host that is not bare, like `FlaggedDomains.build`: a checked dataset has none.
    """
    hosts = [d for p in dataset.platforms for d in p.domains]
    hashes = [h for p in dataset.platforms for h in p.domain_sha256]
    return FlaggedDomains.build(hosts, hashes, shared_domains(p.domains for p in dataset.platforms))


def raw_flagged_domains(data: Any) -> FlaggedDomains:
    """The same from the values as loaded, before the schema has passed them.

    The validator checks links against this set while it is still finding what is wrong with the file, so
    anything that is not a bare host name in text is left out (the validator reports it on its own line)
    instead of stopping the check.
    """
    hosts: list[str] = []
    hashes: list[str] = []
    groups: list[list[str]] = []
    platforms = data.get("platforms") if isinstance(data, dict) else None
    for platform in platforms if isinstance(platforms, list) else ():
        if isinstance(platform, dict):
            own = [h for h in _list(platform.get("domains")) if isinstance(h, str) and is_bare_hostname(h)]
            hosts += own
            groups.append(own)
            hashes += [d for d in _list(platform.get("domain_sha256")) if isinstance(d, str)]
    return FlaggedDomains.build(hosts, hashes, shared_domains(groups))


def shared_domains(groups: Iterable[Iterable[str]]) -> frozenset[str]:
    """The normalised hosts that more than one platform (each group: one platform's domains) lists."""
    seen: set[str] = set()
    shared: set[str] = set()
    for group in groups:
        own = {n for n in (normalise_host(h) for h in group) if n is not None}
        shared |= own & seen
        seen |= own
    return frozenset(shared)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
