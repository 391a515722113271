"""The one-pass dedupe of sorted position keys the phrase matcher uses (matching._sorted_unique)."""
import numpy as np

from archive.search.engines.whoosh.matching import _sorted_unique


def test_sorted_unique_is_np_unique_on_sorted_and_unsorted_keys():
    rng = np.random.default_rng(7)
    for values in (np.array([], dtype=np.int64), np.array([5]), np.sort(rng.integers(0, 50, 400)),
                   rng.integers(0, 50, 400), np.array([3, 3, 3, 1])):
        assert _sorted_unique(values).tolist() == np.unique(values).tolist()
