"""One labelling per map within a shared block (core.labelshare): reused only when nothing that decides it differs.

The reference for every shared result is the same step run alone, outside any block (a fresh labelling):
sharing must change no number. The labellings are counted by the strips labelled (``label_strip`` of the
first strip), which every fresh labelling runs once.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from rasters import SAMPLE, write_raster

import bluecarbon.core.patches as patches_module
from bluecarbon.core.classes import build_scheme, open_classified
from bluecarbon.core.fragmentation.engine import analyse_fragmentation
from bluecarbon.core.fragmentation.options import FragmentationOptions
from bluecarbon.core.labelshare import active, shared_labelling
from bluecarbon.core.landcover import open_landcover
from bluecarbon.core.parameters import DEFAULT_PRESETS, effective_parameters
from bluecarbon.core.parallel import StripRunner
from bluecarbon.core.patches import label_patches
from bluecarbon.core.sink import SinkOptions, assess_sink


@pytest.fixture
def first_strips(monkeypatch) -> list:
    """Paths of the maps whose first strip was labelled, one entry per fresh labelling."""
    seen: list = []
    real = patches_module.label_strip

    def counting(task, labels=None):
        if task.row0 == 0:
            seen.append(os.path.basename(task.lc.path))
        return real(task, labels)

    monkeypatch.setattr(patches_module, "label_strip", counting)
    return seen


def sample():
    return open_classified(str(SAMPLE), legend="esa_worldcover")


def sink_table(lc, scheme) -> dict:
    table = effective_parameters(DEFAULT_PRESETS).table
    res = assess_sink(lc, scheme, table, SinkOptions(draws=0, edge_depth_m=20.0, edge_factor=0.6))
    res.close()
    return res.patches


def test_fragmentation_then_sink_label_the_map_once_and_give_the_numbers_of_separate_runs(first_strips) -> None:
    lc, scheme = sample()
    alone_frag = analyse_fragmentation(lc, scheme, FragmentationOptions(edge_depth_m=20.0))
    alone_frag.close()
    alone_sink = sink_table(lc, scheme)
    assert len(first_strips) == 2  # outside a block every step labels
    first_strips.clear()
    with shared_labelling():
        frag = analyse_fragmentation(lc, scheme, FragmentationOptions(edge_depth_m=20.0))
        frag.close()  # a step closing its result does not free what the next step reuses
        shared_sink = sink_table(lc, scheme)
        again = sink_table(*sample())  # the same file opened again
        assert active()
    assert not active()
    assert first_strips == [SAMPLE.name]
    for key, column in alone_frag.patches.items():
        assert np.array_equal(frag.patches[key], column), key
    for table in (shared_sink, again):
        assert table.keys() == alone_sink.keys()
        for key, column in alone_sink.items():
            assert np.array_equal(table[key], column), key
    assert frag.labelling.store.array is None  # released when the block ended


def test_what_decides_the_labels_is_never_shared(tmp_path: Path, first_strips, monkeypatch) -> None:
    a = np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0]], dtype=np.uint8)
    path = write_raster(tmp_path / "m.tif", a, nodata=255)
    lc = open_landcover(str(path))
    scheme = build_scheme(lc.value_counts(), None)
    with shared_labelling():
        eight = label_patches(lc, scheme, 8)
        four = label_patches(lc, scheme, 4)  # another neighbour rule
        assert (eight.patches.n_patches, four.patches.n_patches) == (2, 6)  # by hand: 0s and 1s, 8 vs 4 rule
        assert label_patches(lc, scheme, 8) is eight
        assert label_patches(lc, scheme, 8, rows_per_strip=1) is not eight  # other strips: other sums order
        with_medians = label_patches(lc, scheme, 8, medians=True)  # more than the kept one has
        assert with_medians is not eight and label_patches(lc, scheme, 8) is with_medians
        os.utime(path, ns=(1, 1))  # the file changed since
        assert label_patches(open_landcover(str(path)), scheme, 8) is not with_medians
        grouped = build_scheme(lc.value_counts(), None)
        grouped.members[1] = [1, 0]  # other classes
        assert label_patches(lc, grouped, 8) is not eight
        assert first_strips == ["m.tif"] * 6
        monkeypatch.undo()  # worker processes get the real function
        # an in-memory labelling is not handed to workers in other processes, which read label files
        with StripRunner("processes", 2) as runner:
            on_disk = label_patches(lc, scheme, 8, runner=runner, medians=True)
        assert on_disk is not with_medians and on_disk.store.shard_dir is not None
        folder = on_disk.store.shard_dir
    assert not os.path.isdir(folder)  # label files deleted at the block's end


def test_outside_a_block_nothing_is_kept(tmp_path: Path) -> None:
    path = write_raster(tmp_path / "m.tif", np.array([[1, 2], [2, 1]], dtype=np.uint8))
    lc = open_landcover(str(path))
    scheme = build_scheme(lc.value_counts(), None)
    one = label_patches(lc, scheme, 8)
    one.store.close()
    assert one.store.array is None  # closed at once: nobody shares it
    assert label_patches(lc, scheme, 8) is not one
