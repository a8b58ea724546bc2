"""Two dates: which patches became which, which links were lost, gained or redirected, and why.

Both dates are assessed with the same demand units and options (:func:`.engine.assess_flow`), then

- **matching**: the blue-carbon patches of both dates are overlaid cell by cell (true areas). A
  date-2 patch *inherits* from the date-1 patch it overlaps most (ties: the lower id); one with no
  overlap is *new*. The children of a date-1 patch are the date-2 patches inheriting from it, and
  its *lineage* is the patch with its children. Each date-1 patch gets one status, checked in this
  order: ``lost`` (no overlap with any date-2 patch), ``split`` (two or more children), ``merged``
  (no child, but its cells lie in a patch inheriting from another one), ``shrunk`` / ``grown``
  (one child, smaller / larger than the patch; relative tolerance 1e-9), ``unchanged``;
- **links** are compared per lineage: a date-2 link (child c → unit j) counts as the link
  (parent of c → j). ``kept``: present at both dates; ``lost``: only at date 1; ``gained``: only at
  date 2 (every link of a new patch is gained). A lineage is ``redirected`` when it sends flow at
  both dates and its largest recipient changed;
- **attribution**: the change in delivered flow ΔF = Σ_children F₂ − F₁ of each lineage is summed by
  status; the sums over the statuses and the new patches add up exactly to the change in total
  delivered flow, so the part due to patches that split or shrank is read off directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..feedback import FeedbackLike, Steps, as_steps
from ..landcover import plan_strips
from .engine import FlowResult

STATUSES: tuple[str, ...] = ("lost", "split", "merged", "shrunk", "grown", "unchanged", "new")


@dataclass
class FlowChange:
    """Lineage table, link changes and the summary of a two-date comparison."""

    lineages: dict[str, np.ndarray]  # one row per date-1 patch, then one per new date-2 patch
    links: dict[str, np.ndarray]  # one row per (lineage, unit) linked at either date
    summary: dict[str, float]
    parent_of_second: np.ndarray  # per date-2 patch-table row: date-1 patch id it inherits from (0 = new)
    first_link_change: np.ndarray  # per date-1 link: 'kept' or 'lost'
    second_link_change: np.ndarray  # per date-2 link: 'kept' or 'gained'


def compare_flows(first: FlowResult, second: FlowResult, feedback: "FeedbackLike | Steps | None" = None) -> FlowChange:
    """Match the patches of two dates and compare their flows (both results' patch-id rasters must be open)."""
    steps = as_steps(feedback)
    if not first.grid.same_as(second.grid):
        raise InputError(
            "The two land-cover rasters do not share one grid (size, cell size, origin and CRS), so their patches "
            "cannot be overlaid.",
            "Resample the second date onto the grid of the first (QGIS: Warp with the first raster's extent and "
            "resolution, nearest neighbour).",
        )
    if not np.array_equal(first.demand.unit_id, second.demand.unit_id):
        raise InputError("The two dates were assessed with different demand units.", "Use one demand layer for both dates.")
    p1, p2 = first.patches, second.patches
    area1 = np.asarray(p1["area_ha"], dtype=np.float64)
    area2 = np.asarray(p2["area_ha"], dtype=np.float64)
    ids1 = np.asarray(p1["patch_id"], dtype=np.int64)
    ids2 = np.asarray(p2["patch_id"], dtype=np.int64)
    a, b, overlap = _overlaps(first, second, ids1, ids2, steps.sub(0.0, 0.8))
    n1, n2 = ids1.size, ids2.size

    parent = np.full(n2, -1, dtype=np.int64)  # row of the date-1 patch each date-2 patch inherits from
    if a.size:
        order = np.lexsort((a, -overlap, b))
        first_of_b = order[np.r_[True, b[order][1:] != b[order][:-1]]]
        parent[b[first_of_b]] = a[first_of_b]
    touched = np.bincount(a, weights=overlap, minlength=n1) > 0
    has_parent = parent >= 0
    children = np.bincount(parent[has_parent], minlength=n1)
    lineage_area = np.bincount(parent[has_parent], weights=area2[has_parent], minlength=n1)
    status = np.full(n1, "unchanged", dtype=object)
    one = children == 1
    status[one & (lineage_area < area1 * (1 - 1e-9))] = "shrunk"
    status[one & (lineage_area > area1 * (1 + 1e-9))] = "grown"
    status[(children == 0) & touched] = "merged"
    status[children >= 2] = "split"
    status[~touched] = "lost"

    sup1 = np.asarray(p1["supply_tC_yr"], dtype=np.float64)
    sup2 = np.asarray(p2["supply_tC_yr"], dtype=np.float64)
    del1 = np.asarray(p1["delivered_tC_yr"], dtype=np.float64)
    del2 = np.asarray(p2["delivered_tC_yr"], dtype=np.float64)
    new = np.flatnonzero(~has_parent)
    lineage_supply2 = np.bincount(parent[has_parent], weights=sup2[has_parent], minlength=n1)
    lineage_delivered2 = np.bincount(parent[has_parent], weights=del2[has_parent], minlength=n1)

    # links per lineage: key = date-1 patch id, or −(date-2 id) for a new patch
    row2 = {int(i): k for k, i in enumerate(ids2)}
    l1, l2 = first.links, second.links
    key1 = np.asarray(l1["patch_id"], dtype=np.int64)
    src2 = np.array([row2[int(i)] for i in l2["patch_id"]], dtype=np.int64)
    key2 = np.where(parent[src2] >= 0, ids1[np.maximum(parent[src2], 0)], -ids2[src2])
    unit1 = np.asarray(l1["unit_id"], dtype=np.int64)
    unit2 = np.asarray(l2["unit_id"], dtype=np.int64)
    flow1 = np.asarray(l1["flow_tC_yr"], dtype=np.float64)
    flow2 = np.asarray(l2["flow_tC_yr"], dtype=np.float64)
    links, first_change, second_change = _link_changes(key1, unit1, flow1, key2, unit2, flow2)

    main1 = _main(key1, unit1, flow1)
    main2 = _main(key2, unit2, flow2)
    lin_keys = np.concatenate([ids1, -ids2[new]])
    m1 = np.array([main1.get(int(k), 0) for k in lin_keys], dtype=np.int64)
    m2 = np.array([main2.get(int(k), 0) for k in lin_keys], dtype=np.int64)
    redirected = (m1 > 0) & (m2 > 0) & (m1 != m2)
    kids = [[] for _ in range(n1)]
    for c in np.flatnonzero(has_parent):
        kids[parent[c]].append(str(ids2[c]))
    lineages = {
        "patch_id_1": np.concatenate([ids1, np.zeros(new.size, dtype=np.int64)]),
        "patch_ids_2": np.array([";".join(k) for k in kids] + [str(i) for i in ids2[new]], dtype=object),
        "status": np.concatenate([status, np.full(new.size, "new", dtype=object)]),
        "area_ha_1": np.concatenate([area1, np.zeros(new.size)]),
        "area_ha_2": np.concatenate([lineage_area, area2[new]]),
        "supply_tC_yr_1": np.concatenate([sup1, np.zeros(new.size)]),
        "supply_tC_yr_2": np.concatenate([lineage_supply2, sup2[new]]),
        "delivered_tC_yr_1": np.concatenate([del1, np.zeros(new.size)]),
        "delivered_tC_yr_2": np.concatenate([lineage_delivered2, del2[new]]),
    }
    lineages["delivered_change_tC_yr"] = lineages["delivered_tC_yr_2"] - lineages["delivered_tC_yr_1"]
    lineages["main_beneficiary_1"] = m1
    lineages["main_beneficiary_2"] = m2
    lineages["redirected"] = redirected.astype(np.int64)
    summary = _summary(lineages, links, first, second)
    steps.progress(1.0)
    return FlowChange(
        lineages, links, summary, np.where(has_parent, ids1[np.maximum(parent, 0)], 0), first_change, second_change
    )


def _overlaps(first: FlowResult, second: FlowResult, ids1, ids2, steps: Steps):
    """(row in table 1, row in table 2, overlap area in ha) for every pair of overlapping patches."""
    grid = first.grid
    row_area = _row_area_ha(first)
    look1 = np.full(int(first.labelling.patches.n_patches) + 1, -1, dtype=np.int64)
    look1[ids1] = np.arange(ids1.size)
    look2 = np.full(int(second.labelling.patches.n_patches) + 1, -1, dtype=np.int64)
    look2[ids2] = np.arange(ids2.size)
    n2 = max(ids2.size, 1)
    keys, sums = [], []
    strips = plan_strips(grid.height, grid.width)
    for s, (r0, r1) in enumerate(strips):
        steps.progress(s / len(strips))
        a = look1[first.labelling.store.rows(r0, r1)]
        b = look2[second.labelling.store.rows(r0, r1)]
        both = (a >= 0) & (b >= 0)
        if not both.any():
            continue
        rr, _cc = np.nonzero(both)
        key = a[both] * n2 + b[both]
        uniq, inv = np.unique(key, return_inverse=True)
        keys.append(uniq)
        sums.append(np.bincount(inv, weights=row_area[r0 + rr]))
    if not keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    uniq, inv = np.unique(np.concatenate(keys), return_inverse=True)
    area = np.bincount(inv, weights=np.concatenate(sums))
    return uniq // n2, uniq % n2, area


def _row_area_ha(result: FlowResult) -> np.ndarray:
    from ..landcover import cell_geometry

    return cell_geometry(result.grid).row_area_m2 / 1e4


def _main(key: np.ndarray, unit: np.ndarray, flow: np.ndarray) -> dict[int, int]:
    """Largest recipient of each lineage (flows of one lineage to one unit added first)."""
    if key.size == 0:
        return {}
    pair = np.column_stack([key, unit])
    uniq, inv = np.unique(pair, axis=0, return_inverse=True)
    total = np.bincount(inv.reshape(-1), weights=flow)
    order = np.lexsort((uniq[:, 1], -total, uniq[:, 0]))
    first = order[np.r_[True, uniq[order, 0][1:] != uniq[order, 0][:-1]]]
    return {int(k): int(u) for k, u in uniq[first]}


def _link_changes(key1, unit1, flow1, key2, unit2, flow2):
    """Per (lineage, unit): flows at both dates and the change; per link of each date: kept/lost/gained."""
    pairs = np.concatenate([np.column_stack([key1, unit1]), np.column_stack([key2, unit2])]).reshape(-1, 2)
    uniq, inv = np.unique(pairs, axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    n = uniq.shape[0]
    f1 = np.bincount(inv[: key1.size], weights=flow1, minlength=n)
    f2 = np.bincount(inv[key1.size :], weights=flow2, minlength=n)
    at1 = np.bincount(inv[: key1.size], minlength=n) > 0
    at2 = np.bincount(inv[key1.size :], minlength=n) > 0
    change = np.where(at1 & at2, "kept", np.where(at1, "lost", "gained")).astype(object)
    links = {
        "patch_id_1": np.where(uniq[:, 0] > 0, uniq[:, 0], 0),
        "new_patch_id_2": np.where(uniq[:, 0] < 0, -uniq[:, 0], 0),
        "unit_id": uniq[:, 1],
        "flow_tC_yr_1": f1,
        "flow_tC_yr_2": f2,
        "flow_change_tC_yr": f2 - f1,
        "change": change,
    }
    first_change = np.where(at2[inv[: key1.size]], "kept", "lost").astype(object)
    second_change = np.where(at1[inv[key1.size :]], "kept", "gained").astype(object)
    return links, first_change, second_change


def _summary(lineages: dict, links: dict, first: FlowResult, second: FlowResult) -> dict[str, float]:
    out: dict[str, float] = {
        "delivered_tC_yr_1": float(first.network["delivered_tC_yr"]),
        "delivered_tC_yr_2": float(second.network["delivered_tC_yr"]),
    }
    out["delivered_change_tC_yr"] = out["delivered_tC_yr_2"] - out["delivered_tC_yr_1"]
    for name in ("kept", "lost", "gained"):
        out[f"links_{name}"] = float(np.sum(links["change"] == name))
    out["lineages_redirected"] = float(np.sum(lineages["redirected"]))
    for s in STATUSES:
        sel = lineages["status"] == s
        out[f"patches_{s}"] = float(sel.sum())
        out[f"delivered_change_{s}_tC_yr"] = float(lineages["delivered_change_tC_yr"][sel].sum())
    return out
