"""Positions read from a block of Whoosh postings at once, against Whoosh's own decoding."""
import numpy as np
import pytest

from archive.search.engines.whoosh import matching


@pytest.mark.parametrize("fmt_name", ["Characters", "Positions"])
def test_block_decoding_of_positions_equals_whooshs_own(fmt_name):
    from whoosh import formats

    fmt = getattr(formats, fmt_name)()
    rng = np.random.default_rng(3)
    values = []
    for _ in range(130):
        posns = np.unique(rng.integers(0, 5000, size=int(rng.integers(1, 40)))).tolist()
        values.append(fmt.encode([(p, 7 * p, 7 * p + 3) for p in posns] if fmt_name == "Characters" else posns))
    expected = [fmt.decode_positions(v) for v in values]
    for block in (values, values[:1], values[5:9]):
        counts, flat = matching._decode_positions(fmt, block)
        want = [fmt.decode_positions(v) for v in block]
        assert counts.tolist() == [len(w) for w in want]
        assert flat.tolist() == [p for w in want for p in w]
    # A value in another encoding (no pickle header): decoded one by one, the same answer.
    odd = values[:3] + [values[3][:4] + values[3][6:]]
    counts, flat = matching._decode_positions(fmt, odd)
    assert flat.tolist() == [p for w in expected[:3] for p in w] + expected[3]
    counts, flat = matching._decode_positions(fmt, [])
    assert counts.tolist() == [] and flat.tolist() == []
