"""Whoosh queries answered with numpy: the set of matching documents, and its ranking.

Whoosh matches (and scores) one document at a time in Python, so a query that matches most
of the archive cost time in proportion to the archive. Here each posting list is read once
into arrays (document numbers, weights, and position keys ``docnum << 32 | position``),
And/Or become intersections/unions, a phrase is answered from the positions exactly as
Whoosh's phrase matcher answers it (each next word 1..slop positions after the one before),
and a date range is read from the sort column. The result is the exact set
``searcher.docs_for_query`` gives, as a sorted array of global document numbers. ``top``
scores every match with numpy (Whoosh's BM25F, up to rounding) and has Whoosh score exactly
(``rescore``) the few that can reach the page. This module never writes the index and never
decides what a query means (archive/search/plan.py does).

Long posting lists are kept on disk beside the index (``<index>.arrays/<version>/<segment>/``,
or under ``ARCHIVE_SEARCH_ARRAYS_DIR``) as ``.npy`` files that every search process maps
read-only: reading a Whoosh posting list means unzipping and unpickling every block of it,
positions included (0.5 s for a word in most of 100,000 articles); a mapped array costs
nothing to open, is shared through the page cache by all the server's processes and
outlives them. A segment never changes, so its files never go stale: each file is checked
against the term's entry in the index when it is opened (a file that does not fit is read
again from the index), and a segment's files are removed with it. The directory can be
deleted at any time. Its size is capped (``ARCHIVE_SEARCH_ARRAYS_MAX_MB``): past the cap the
least recently used files go (a file's modification time is set when a process maps it), and
the terms they held are read from the index again, and kept again, when next searched.
"""
import errno
import hashlib
import itertools
import json
import os
import pickle
import shutil
import threading
import time

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length
from whoosh.util.times import datetime_to_long

from archive.search import ranking

EMPTY = np.zeros(0, dtype=np.int64)
# Bytes of posting arrays kept per process (each server worker has its own); past it the
# cache starts again (a term found in every article is the largest entry: bench/README.md).
POSTINGS_CACHE_BYTES = 128 << 20
# Phrase answers per segment (sorted local docnums), kept like postings.
PHRASE_CACHE_SIZE = 4096
# Posting lists at least this long are kept on disk as arrays (shorter ones are quick to read).
ARRAYS_MIN_POSTINGS = 1024
ARRAYS_SUFFIX = ".arrays"
# Phrases found in at least this many documents of a segment are kept beside the index too.
PHRASE_FILE_MIN_DOCS = 1024
# The layout of the files (id width, position keys, facet pairs): files of another version
# are never read, and are deleted.
ARRAYS_VERSION = "v1"
# What a mapped array counts against POSTINGS_CACHE_BYTES (its pages are the page cache's):
# enough that a long-lived process lets old mappings go.
MAPPED_ENTRY_BYTES = 64 << 10
_STALE_TMP_SECONDS = 3600
# A document repeating a phrase's word more often than this is scored by its numpy score, not by
# Whoosh's span matcher: that walks every position in Python (a crafted article of 60,000 "1"s
# cost 0.12 s per candidate), and the phrase's presence is already known exactly by phrase_docs.
RESCORE_MAX_POSITIONS = 4096
_POS_BITS = 32  # a position key is docnum << 32 | position
_POS_MASK = (1 << _POS_BITS) - 1
_LENGTH_TABLE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)

_lock = threading.Lock()
_segments = {}  # segment id -> _Segment
_cache_bytes = [0]
_unwritable = set()  # arrays roots this process could not write to (full, read-only disk)
_written_since_trim = {}  # arrays root -> bytes this process wrote there since it last measured it


class _Segment:
    """What is read once from an (immutable) segment: postings, positions, phrase answers, columns."""

    def __init__(self):
        self.postings = {}
        self.positions = {}  # (field, text) -> sorted int64 keys docnum << 32 | position
        self.phrases = {}
        self.columns = {}  # what derived() computed once: columns, lengths, facet pairs …


def _segment_id(leaf):
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    return segment.segment_id() if segment is not None else id(leaf)


def _segment(leaf):
    key = _segment_id(leaf)
    with _lock:
        seg = _segments.get(key)
        if seg is None:
            seg = _segments[key] = _Segment()
    return seg


def forget_segments_except(live, s=None):
    """Drop what was read from segments a merge or an optimize has retired; given the searcher,
    also their arrays on disk (sparing the segments of the index's newest generation, which
    this searcher may not see yet), other versions' files and temporary files left behind."""
    with _lock:
        for key in [k for k in _segments if k not in live]:
            del _segments[key]
    leaves = s.reader().leaf_readers() if s is not None else []
    root = _arrays_root(leaves[0][0]) if leaves else None
    if root is None or not os.path.isdir(root):
        return
    try:
        newest = {seg.segment_id() for seg in s._ix._read_toc().segments}
    except Exception:  # no index object, or a commit half-way: prune another time
        return
    parent = os.path.dirname(root)
    for name in os.listdir(parent):
        if name != ARRAYS_VERSION:
            shutil.rmtree(os.path.join(parent, name), ignore_errors=True)
    now = time.time()
    for name in os.listdir(root):
        path = os.path.join(root, name)
        if name not in live and name not in newest:
            shutil.rmtree(path, ignore_errors=True)
            continue
        for entry in os.scandir(path):
            try:
                if entry.name.endswith(".tmp") and now - entry.stat().st_mtime > _STALE_TMP_SECONDS:
                    os.remove(entry.path)
            except OSError:
                pass


def live_segment_ids(s):
    return {_segment_id(leaf.reader()) for leaf, _ in s.leaf_searchers()}


def _arrays_root(leaf):
    """The directory of the arrays kept for this segment's index, or None (a compound
    segment, an index in memory)."""
    folder = getattr(getattr(leaf, "_storage", None), "folder", None)
    return arrays_root_of(folder) if folder else None


def arrays_root_of(index_folder):
    """Where the arrays of the index in this folder are kept: beside it, or, with
    ARCHIVE_SEARCH_ARRAYS_DIR, under that directory in a folder named after the index's path
    (indexes sharing the setting never prune each other's segments)."""
    from django.conf import settings

    folder = os.path.normpath(index_folder)
    base = getattr(settings, "ARCHIVE_SEARCH_ARRAYS_DIR", "")
    if not base:
        return os.path.join(folder + ARRAYS_SUFFIX, ARRAYS_VERSION)
    named = hashlib.sha1(os.path.abspath(folder).encode()).hexdigest()[:16]
    return os.path.join(str(base), f"{os.path.basename(folder)}-{named}", ARRAYS_VERSION)


def _max_bytes():
    from django.conf import settings

    return int(getattr(settings, "ARCHIVE_SEARCH_ARRAYS_MAX_MB", 1024)) << 20


def trim(root, limit=None):
    """Delete the least recently used files under root until they take at most 90 % of limit
    bytes (ARCHIVE_SEARCH_ARRAYS_MAX_MB); return how many bytes were deleted."""
    limit = _max_bytes() if limit is None else limit
    files, total = [], 0
    try:
        for segment in os.scandir(root):
            if segment.is_dir():
                for entry in os.scandir(segment.path):
                    if entry.name.endswith(".npy") or entry.name.endswith(".json"):
                        st = entry.stat()
                        files.append((st.st_mtime, st.st_size, entry.path))
                        total += st.st_size
    except OSError:
        return 0
    if total <= limit:
        return 0
    deleted, goal = 0, total - int(limit * 0.9)
    for _, size, path in sorted(files):
        if deleted >= goal:
            break
        try:
            os.remove(path)  # a process that maps it keeps its pages until it lets go
            deleted += size
        except OSError:
            pass
    return deleted


def _note_written(root, size):
    """Measure the arrays directory again once this process has written a sixteenth of the cap."""
    _written_since_trim[root] = _written_since_trim.get(root, 0) + size
    if _written_since_trim[root] * 16 >= _max_bytes():
        _written_since_trim[root] = 0
        trim(root)


def _arrays_path(leaf, fieldname, text, kind):
    root = _arrays_root(leaf)
    if root is None:
        return None
    digest = hashlib.sha1(f"{fieldname}\0{text}".encode()).hexdigest()[:24]
    return os.path.join(root, _segment_id(leaf), f"{digest}.{kind}.npy")


def _load(path):
    if path is None:
        return None
    try:
        found = np.load(path, mmap_mode="r")
    except (OSError, ValueError):  # not there yet (or cut short by a full disk): read the index
        return None
    try:
        os.utime(path)  # used now: the last to go when the directory passes its cap
    except OSError:
        pass
    return found


def _save(path, array):
    """Write atomically and durably (another process may be reading or writing the same file);
    False when it could not be written."""
    return _write(path, lambda fh: np.save(fh, np.ascontiguousarray(array)), "wb")


def _write(path, fill, mode):
    if path is None:
        return False
    root = os.path.dirname(os.path.dirname(path))
    if root in _unwritable or _max_bytes() == 0:  # a cap of 0: nothing kept on disk
        return False
    tmp = f"{path}.{os.getpid()}-{threading.get_ident()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, mode, **({"encoding": "utf-8"} if "b" not in mode else {})) as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())  # a crash must not leave a replaced file without its bytes
        os.replace(tmp, path)
        _note_written(root, os.path.getsize(path))
        return True
    except (OSError, TypeError, ValueError) as e:  # a read-only or full disk: kept in this process only
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT):
            _unwritable.add(root)  # do not try again (and again) in this process
        try:
            os.remove(tmp)
        except OSError:
            pass
        return False


def load_kept(leaf, name):
    """(arrays, strings) kept beside the index for this segment under name, or None."""
    path = _arrays_path(leaf, name, "", "strings")
    try:
        with open(path, encoding="utf-8") as fh:
            kept = json.load(fh)
        arrays = [_load(_arrays_path(leaf, name, str(i), "kept")) for i in range(kept["arrays"])]
        strings = kept["strings"]
    except (OSError, TypeError, ValueError, KeyError):
        return None
    return None if any(a is None for a in arrays) else (arrays, strings)


def keep(leaf, name, arrays, strings):
    """Keep arrays and a list of strings derived from a large segment beside the index."""
    if leaf.doc_count_all() < ARRAYS_MIN_POSTINGS or _arrays_root(leaf) is None:
        return
    for i, array in enumerate(arrays):
        if not _save(_arrays_path(leaf, name, str(i), "kept"), array):
            return
    # Written last: the set is complete when it is there.
    _write(_arrays_path(leaf, name, "", "strings"),
           lambda fh: json.dump({"arrays": len(arrays), "strings": strings}, fh, ensure_ascii=False), "w")


def term_docs(leaf, fieldname, text):
    """Local docnums of a term, read from the index without keeping anything."""
    return np.concatenate([EMPTY] + [ids for ids, _, _ in _blocks(leaf, fieldname, text)])


def postings(leaf, fieldname, text):
    """(docnums, weights) of one term in one segment, deleted documents included."""
    return _kept(leaf, "postings", fieldname, text)


def posting_values(leaf, fieldname, text, docs):
    """Encoded values (positions) of a term in these local docs (sorted, each holding the term),
    rebuilt from its position keys in the field's format: what Whoosh's phrase matcher reads.
    Start and end characters are left at 0; phrase matching and scoring read positions only."""
    keys = positions(leaf, fieldname, text)
    docs = np.asarray(docs, dtype=np.int64)
    starts = np.searchsorted(keys, docs << _POS_BITS)
    lengths = np.searchsorted(keys, (docs + 1) << _POS_BITS) - starts
    # The keys of every doc's run, gathered in one take: run i is starts[i] .. starts[i] + lengths[i].
    ends = np.cumsum(lengths)
    take = np.repeat(starts - (ends - lengths), lengths) + np.arange(int(ends[-1]) if len(ends) else 0)
    flat = (np.asarray(keys[take]) & _POS_MASK).tolist()
    bounds = [0] + ends.tolist()
    fmt = leaf.schema[fieldname].format
    runs = (flat[a:b] for a, b in zip(bounds, bounds[1:], strict=False))
    if fmt.supports("characters"):
        return [fmt.encode([(p, 0, 0) for p in run]) for run in runs]
    return [fmt.encode(run) for run in runs]


def _remember(seg, table, key, found, size):
    with _lock:
        if _cache_bytes[0] + size > POSTINGS_CACHE_BYTES:
            for other in _segments.values():
                other.postings.clear()
                other.positions.clear()
            _cache_bytes[0] = 0
        table[key] = found
        _cache_bytes[0] += size


def positions(leaf, fieldname, text):
    """Every occurrence of a term in a segment as sorted int64 keys: docnum << 32 | position."""
    return _kept(leaf, "positions", fieldname, text)


def _kept(leaf, table, fieldname, text):
    """A term's postings or positions (table): from this process's table, else mapped from
    the files beside the index when they fit the index, else read from the index."""
    seg = _segment(leaf)
    tables = {"postings": seg.postings, "positions": seg.positions}
    found = tables[table].get((fieldname, text))
    if found is not None:
        return found
    found = (_mapped_postings if table == "postings" else _mapped_positions)(leaf, fieldname, text)
    if found is None:
        return _read_term(leaf, fieldname, text)[table == "positions"]
    _remember(seg, tables[table], (fieldname, text), found, MAPPED_ENTRY_BYTES)
    return found


def _mapped_postings(leaf, fieldname, text):
    ids = _load(_arrays_path(leaf, fieldname, text, "ids"))
    weights = _load(_arrays_path(leaf, fieldname, text, "weights"))
    if ids is None or weights is None or len(ids) != len(weights):
        return None
    return (ids, weights) if _fits(leaf, fieldname, text, len(ids), ids[:1], ids[-1:], exact=True) else None


def _mapped_positions(leaf, fieldname, text):
    keys = _load(_arrays_path(leaf, fieldname, text, "positions"))
    if keys is None:
        return None
    docs = keys[:1] >> _POS_BITS, keys[-1:] >> _POS_BITS
    return keys if _fits(leaf, fieldname, text, len(keys), *docs, exact=False) else None


def _fits(leaf, fieldname, text, count, first, last, exact):
    """Whether arrays read from a file fit the term as the index describes it: as many
    documents (at least as many positions), the same first and last document."""
    try:
        info = leaf.term_info(fieldname, text)
    except (KeyError, TermNotFound):
        return False
    if not count or (count != info.doc_frequency() if exact else count < info.doc_frequency()):
        return False
    return int(first[0]) == info.min_id() and int(last[0]) == info.max_id()


def _read_term(leaf, fieldname, text):
    """((docnums, weights), position keys) of a term, read from the index in one pass (the
    keys empty when the field keeps no positions); kept in this process's tables and, for a
    long list, in files."""
    seg = _segment(leaf)
    fmt = leaf.schema[fieldname].format if fieldname in leaf.schema else None
    with_positions = fmt is not None and fmt.supports("positions")
    ids, weights, keys = [EMPTY], [np.zeros(0)], [EMPTY]
    for block_ids, block_weights, values in _blocks(leaf, fieldname, text, with_values=with_positions):
        ids.append(block_ids)
        weights.append(block_weights)
        if with_positions:
            counts, flat = _decode_positions(fmt, values)
            keys.append((np.repeat(block_ids, counts) << _POS_BITS) | flat)
    ids, weights, keys = np.concatenate(ids), np.concatenate(weights), np.concatenate(keys)
    if len(ids) >= ARRAYS_MIN_POSTINGS:
        _keep_term(leaf, fieldname, text, ids, weights, keys if with_positions else None)
    _remember(seg, seg.postings, (fieldname, text), (ids, weights), ids.nbytes + weights.nbytes)
    _remember(seg, seg.positions, (fieldname, text), keys, keys.nbytes)
    return (ids, weights), keys


def _keep_term(leaf, fieldname, text, ids, weights, keys):
    """Write a term's arrays beside the index, each only when the one before could be written;
    the ids last: the pair is complete when they are there."""
    if keys is not None and not _save(_arrays_path(leaf, fieldname, text, "positions"), keys):
        return
    if _save(_arrays_path(leaf, fieldname, text, "weights"), weights):
        _save(_arrays_path(leaf, fieldname, text, "ids"), ids.astype(np.int32))


def _blocks(leaf, fieldname, text, with_values=False):
    """The term's postings in the index, block by block: (docnums, weights, encoded values)."""
    if fieldname not in leaf.schema or (fieldname, text) not in leaf:
        return
    try:
        if hasattr(leaf, "_terms"):  # a segment: its postings before the deletions filter
            tbytes = leaf._text_to_bytes(fieldname, text)
            matcher = leaf._terms.matcher(fieldname, tbytes, leaf.schema[fieldname].format)
        else:
            matcher = leaf.postings(fieldname, text)
    except (KeyError, TermNotFound):
        return
    if not isinstance(matcher, W3LeafMatcher) or matcher._byteids:
        ids, weights, values = [], [], []
        while matcher.is_active():  # inlined postings: a handful of documents
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value() if with_values else None)
            matcher.next()
        yield np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64), values
        return
    # The whoosh3 block layout: each block's data is (delta-coded ids, weights, values).
    while True:
        matcher._read_data()
        block_ids, block_weights, values = matcher._data
        n = matcher._blocklength
        if block_weights is None:
            block_weights = np.ones(n)
        elif isinstance(block_weights, float):
            block_weights = np.full(n, block_weights)
        else:
            block_weights = np.asarray(block_weights, dtype=np.float64)
        yield np.cumsum(np.asarray(block_ids, dtype=np.int64)), block_weights, values
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)


def _decode_positions(fmt, values):
    """(positions per value, all positions) of a block's encoded values, in Whoosh's Positions
    or Characters format: a 4-byte count, then a pickled list of position deltas (with
    Characters, (position delta, start delta, length) triples)."""
    if values and all(v[4:6] == b"\x80\x02" and v[-1:] == b"." for v in values):
        # One pickle for the block: the values' pickles between one mark and one list.
        lists = pickle.loads(b"\x80\x02(" + b"".join(v[6:-1] for v in values) + b"l.")
    else:
        lists = [fmt.decode_positions(v) for v in values]
        return (np.fromiter(map(len, lists), dtype=np.int64, count=len(lists)),
                np.fromiter(itertools.chain.from_iterable(lists), dtype=np.int64))
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    total = int(counts.sum())
    if not total:
        return counts, EMPTY
    items = itertools.chain.from_iterable(lists)
    if fmt.supports("characters"):
        deltas = np.fromiter(items, dtype=np.dtype((np.int64, 3)), count=total)[:, 0]
    else:
        deltas = np.fromiter(items, dtype=np.int64, count=total)
    running = np.cumsum(deltas)
    # Each value's deltas start from position 0: take off the running sum before it.
    starts = np.cumsum(counts) - counts
    before = np.where(starts > 0, running[np.maximum(starts - 1, 0)], 0)
    return counts, running - np.repeat(before, counts)


def _members(values, sorted_keys):
    """Which of values occur in sorted_keys (a boolean array over values)."""
    if not len(sorted_keys):
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(sorted_keys, values)
    at[at >= len(sorted_keys)] = len(sorted_keys) - 1
    return sorted_keys[at] == values


def _sorted_unique(a):
    """np.unique of an array that is already sorted (position keys and the chains walked from them
    are), in one pass instead of a sort; any other array goes through np.unique."""
    a = np.asarray(a)
    if len(a) < 2:
        return a.copy()
    if not (a[1:] >= a[:-1]).all():
        return np.unique(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))]


def phrase_docs(leaf, fieldname, words, slop=1):
    """Sorted local docnums holding the words in order, each 1..slop positions after the one
    before (Whoosh's SpanNear2 with ordered=True, mindist=1: what its Phrase matches)."""
    keys = [positions(leaf, fieldname, w) for w in words]
    if not keys or any(not len(k) for k in keys):
        return EMPTY
    if len(keys) == 1:
        return _sorted_unique(np.asarray(keys[0]) >> _POS_BITS)
    if slop < 1:
        return EMPTY  # no next word is 1..0 positions away
    # Start from the rarest word's occurrences and walk outwards word by word: forwards keeping
    # each chain's anchor (that occurrence) and its last word, then backwards from the anchors
    # that reached the end, keeping the first word. A chain dies where no next word is.
    rare = min(range(len(keys)), key=lambda i: len(keys[i]))
    anchor = end = np.asarray(keys[rare], dtype=np.int64)
    for i in range(rare + 1, len(keys)):
        anchor, end = _steps(anchor, end, slop, keys[i])
    anchor = end = _sorted_unique(anchor)
    for i in range(rare - 1, -1, -1):
        anchor, end = _steps(anchor, end, -slop, keys[i])
    return _sorted_unique(anchor >> _POS_BITS)


def _steps(anchor, end, slop, sorted_keys):
    """The chains (anchor, end) that go on to an occurrence 1..slop positions past end
    (before it, for a negative slop), with that occurrence as their new end, each once."""
    sign = 1 if slop > 0 else -1
    anchors, ends = [], []
    for d in range(1, abs(slop) + 1):
        moved = end + sign * d
        ok = _members(moved, sorted_keys)
        anchors.append(anchor[ok])
        ends.append(moved[ok])
    if len(anchors) == 1:
        return anchors[0], ends[0]
    anchor, end = np.concatenate(anchors), np.concatenate(ends)
    if len(anchor) > 1:  # paths through the slop can meet: one chain per (anchor, end)
        order = np.lexsort((end, anchor))
        anchor, end = anchor[order], end[order]
        new = np.ones(len(anchor), dtype=bool)
        new[1:] = (anchor[1:] != anchor[:-1]) | (end[1:] != end[:-1])
        anchor, end = anchor[new], end[new]
    return anchor, end


def _intersect(a, b, size):
    """Sorted unique docnums in both a and b (both sorted unique, below size)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return EMPTY
    if len(a) * 32 < len(b):
        return np.asarray(a)[_members(a, b)]
    mask = np.zeros(size, dtype=bool)
    mask[b] = True
    return np.asarray(a)[mask[a]]


def _union(parts, size):
    parts = [p for p in parts if len(p)]
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    mask = np.zeros(size, dtype=bool)
    for p in parts:
        mask[p] = True
    return np.flatnonzero(mask)


def _difference(a, b, size):
    if not len(a) or not len(b):
        return a
    mask = np.zeros(size, dtype=bool)
    mask[b] = True
    return np.asarray(a)[~mask[a]]


def derived(leaf, key, compute):
    """What compute() derives from a segment, computed once per process while the segment
    lives (a segment never changes, only its deletions grow)."""
    seg = _segment(leaf)
    if key not in seg.columns:
        found = compute()
        with _lock:
            seg.columns.setdefault(key, found)
    return seg.columns[key]


def column(leaf, fieldname):
    """A segment's column as an array (sort_date: Whoosh's long for each document), or None."""
    def read():
        if not leaf.has_column(fieldname):
            return None
        return np.array(list(leaf.column_reader(fieldname, translate=False)), dtype=np.int64)

    return derived(leaf, ("column", fieldname), read)


ARTICLE_CT = "archive.article"  # Haystack's content type of an article's document


def article_ids(leaf):
    """The article id of every document of a segment (0 for a document that is not an article's),
    read once from the stored fields and, for a large segment, kept beside the index: the date
    sorts break ties by article id and every page maps docnums to articles, and one stored-fields
    read per document cost 1.3 s for a CSV export of 5,000 at 100,000 articles."""
    def read():
        kept = load_kept(leaf, "article-ids")
        if kept is not None and kept[1] == [ARTICLE_CT]:
            return kept[0][0].astype(np.int64)
        ids = np.zeros(leaf.doc_count_all(), dtype=np.int64)
        for docnum in range(leaf.doc_count_all()):  # deleted ones too: docnums index the array
            fields = leaf.stored_fields(docnum)
            raw = str(fields.get("django_id", ""))
            if fields.get("django_ct") == ARTICLE_CT and raw.isdigit():
                ids[docnum] = int(raw)
        keep(leaf, "article-ids", [ids], [ARTICLE_CT])
        return ids

    return derived(leaf, "article-ids", read)


def field_lengths(leaf, fieldname):
    def read():
        perdoc = getattr(leaf, "_perdoc", None)
        reader = None
        if perdoc is not None and hasattr(perdoc, "_cached_reader"):
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN

            reader = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if reader is not None:
            return _LENGTH_TABLE[np.array(list(reader), dtype=np.int64)]
        return np.array([leaf.doc_field_length(d, fieldname, 0) or 0 for d in range(leaf.doc_count_all())],
                        dtype=np.float64)

    return derived(leaf, ("length", fieldname), read)


def _deleted(leaf):
    if not leaf.has_deletions():
        return None
    perdoc = getattr(leaf, "_perdoc", None)
    if perdoc is not None:
        return np.fromiter(perdoc.deleted_docs(), dtype=np.int64)
    return np.array([d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d)], dtype=np.int64)


class Matcher:
    """Match sets for one searcher (one view of the index); cheap to make per search."""

    def __init__(self, s):
        self.s = s
        self.leaves = [(sub, sub.reader(), offset) for sub, offset in s.leaf_searchers()]
        self.size = s.reader().doc_count_all()

    def docs(self, q):
        """Sorted global docnums of the live documents matching q (what docs_for_query gives)."""
        parts = []
        for sub, leaf, offset in self.leaves:
            local = self._leaf(sub, leaf, q)
            deleted = _deleted(leaf)
            if deleted is not None and len(local):
                local = local[~np.isin(local, deleted, assume_unique=True)]
            if len(local):
                parts.append(local + offset)
        return np.concatenate(parts) if parts else EMPTY

    def _leaf(self, sub, leaf, q):
        size = leaf.doc_count_all()
        if isinstance(q, wq.Term):
            return postings(leaf, q.fieldname, q.text)[0]
        if isinstance(q, wq.And):
            result = None
            for child in q.subqueries:
                docs = self._leaf(sub, leaf, child)
                result = docs if result is None else _intersect(result, docs, size)
                if not len(result):
                    return EMPTY
            return EMPTY if result is None else result
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            return _union([self._leaf(sub, leaf, child) for child in q.subqueries], size)
        if isinstance(q, wq.AndMaybe):
            return self._leaf(sub, leaf, q.a)
        if isinstance(q, wq.AndNot):
            return _difference(self._leaf(sub, leaf, q.a), self._leaf(sub, leaf, q.b), size)
        if isinstance(q, wq.Phrase):
            return self._phrase(leaf, q)
        if isinstance(q, wq.Every) and not q.fieldname:
            return np.arange(size, dtype=np.int64)
        if isinstance(q, wq.NumericRange) and q.fieldname == "sort_date":
            values = column(leaf, q.fieldname)
            if values is not None:
                return self._range(values, q)
        if q is wq.NullQuery:
            return EMPTY
        # Anything else: Whoosh's own matcher (deleted documents removed by the caller anyway).
        matcher = q.matcher(sub, sub.boolean_context())
        return np.fromiter(matcher.all_ids(), dtype=np.int64)

    @staticmethod
    def _range(values, q):
        start, end = q.start, q.end
        if hasattr(start, "year"):
            start = datetime_to_long(start)
        if hasattr(end, "year"):
            end = datetime_to_long(end)
        mask = np.ones(len(values), dtype=bool)
        if start is not None:
            mask &= values > start if q.startexcl else values >= start
        if end is not None:
            mask &= values < end if q.endexcl else values <= end
        return np.flatnonzero(mask).astype(np.int64)

    @staticmethod
    def _phrase(leaf, q):
        """Sorted local docnums (deleted ones included) where the phrase q occurs."""
        if q.fieldname not in leaf.schema:
            return EMPTY
        seg = _segment(leaf)
        key = (q.fieldname, tuple(q.words), q.slop)
        found = seg.phrases.get(key)
        if found is None:
            # A segment never changes (its deleted documents are counted in), so what one web
            # worker found for a phrase holds for all: kept beside the index when it is long.
            # The first "tinh uy" of each worker cost 1.1 s of CPU at 100,000 articles.
            path = _arrays_path(leaf, q.fieldname, "\0".join(q.words) + f"\0{q.slop}", "phrase")
            found = _load(path)
            if found is None or (len(found) and int(found[-1]) >= leaf.doc_count_all()):
                found = phrase_docs(leaf, q.fieldname, q.words, q.slop)
                if len(found) >= PHRASE_FILE_MIN_DOCS:
                    _save(path, found)
            with _lock:
                if len(seg.phrases) >= PHRASE_CACHE_SIZE:
                    seg.phrases.clear()
                seg.phrases[key] = found
        return found

    def top(self, q, docs, needed, depth, bounds=None):
        """The first `needed` of docs (sorted global docnums) in relevance order for q: Whoosh's
        score, compared as ``ranking.rounded``, equal scores by article id (``ranking.order``:
        the order every engine gives).

        Every document gets a numpy score (BM25 per term as Whoosh computes it, phrases
        where they occur): Whoosh's own score up to rounding, and never below it otherwise
        (a DisjunctionMax counts the sum of its parts). Documents are scored exactly by
        Whoosh (``rescore``) in that order, in batches, until no score left can reach the
        needed-th exact score, or `depth` documents were scored. So the order is Whoosh's
        own whenever the numpy scores stop the search before `depth` (the first batch,
        as a rule).
        """
        if needed <= 0 or not len(docs):
            return EMPTY
        bounds = self.bounds(q, docs) if bounds is None else bounds
        order = ranking.order(bounds, self.article_ids(docs))
        scored_docs, scored = [], []
        # The numpy scores are Whoosh's up to rounding: the first batch holds the page as a rule.
        start, batch = 0, needed + 10
        while start < len(order) and start < depth:
            chosen = np.sort(docs[order[start:min(start + batch, depth)]])
            scored_docs.append(chosen)
            scored.append(self.rescore(q, chosen))
            start += len(chosen)
            batch *= 2  # each batch builds Whoosh's matchers again: few, growing batches
            if start >= len(order):
                break
            exact = np.concatenate(scored)
            if len(exact) >= needed:
                threshold = np.partition(-exact, needed - 1)[needed - 1] * -1
                # Equal scores (as rounded) go by article id: a bound that rounds to the
                # threshold may still belong on the page, so only a clearly lower one stops.
                if bounds[order[start]] < threshold - 3 * 10.0 ** -ranking.DECIMALS:
                    break
        if not scored_docs:
            return EMPTY
        found, scores = np.concatenate(scored_docs), np.concatenate(scored)
        return found[ranking.order(scores, self.article_ids(found))][:needed]

    def bounds(self, q, docs):
        """The numpy score of q for each of docs (sorted global docnums): Whoosh's up to rounding,
        never below it."""
        bounds = np.zeros(len(docs))
        for _sub, leaf, offset in self.leaves:
            lo, hi = np.searchsorted(docs, [offset, offset + leaf.doc_count_all()])
            if lo != hi:
                bounds[lo:hi] = self._approx(q, leaf, docs[lo:hi] - offset, {})[1]
        return bounds

    def ranked(self, q, docs, needed, depth):
        """The first `needed` of docs (all of them when None) in relevance order: Whoosh's exact
        order for the first `depth` (``top``), then the others by their numpy score, ties by
        article id. Deep pages cost one numpy pass, never a Python score per match: Whoosh's own
        paging scored every match of "tỉnh ủy" (10⁵ documents) for each page past the depth."""
        if needed is not None and needed <= depth:
            return self.top(q, docs, needed, depth)
        bounds = self.bounds(q, docs)
        head = self.top(q, docs, depth, depth, bounds)
        order = docs[ranking.order(bounds, self.article_ids(docs))]
        rest = order[~np.isin(order, head, assume_unique=True)]
        return np.concatenate([head, rest])[:needed]

    def _approx(self, q, leaf, local, memo):
        """(present, score) arrays over local docnums for q: Whoosh's score up to rounding
        (a phrase scores the sum of its words' scores, where it occurs)."""
        boost = getattr(q, "boost", 1.0)
        if isinstance(q, wq.Term):
            present, score = self._bm25(leaf, q.fieldname, q.text, local, memo)
        elif isinstance(q, wq.Phrase):
            parts = [self._bm25(leaf, q.fieldname, word, local, memo) for word in q.words]
            present = _members(local, self._phrase(leaf, q))
            score = np.where(present, sum(s for _, s in parts), 0.0)
        elif isinstance(q, wq.AndMaybe):
            present, score = self._approx(q.a, leaf, local, memo)
            b_present, b_score = self._approx(q.b, leaf, local, memo)
            score = score + np.where(b_present, b_score, 0.0)
        elif isinstance(q, wq.AndNot):
            present, score = self._approx(q.a, leaf, local, memo)
            present = present & ~_members(local, self._leaf(None, leaf, q.b))
            score = np.where(present, score, 0.0)
        elif isinstance(q, (wq.And, wq.Or, wq.DisjunctionMax)) and q.subqueries:
            parts = [self._approx(child, leaf, local, memo) for child in q.subqueries]
            if isinstance(q, wq.And):
                present = np.logical_and.reduce([p for p, _ in parts])
            else:
                present = np.logical_or.reduce([p for p, _ in parts])
            score = np.where(present, sum(s for _, s in parts), 0.0)
        elif isinstance(q, wq.Every):  # Whoosh scores every document its weight, 1.0
            present, score = np.ones(len(local), dtype=bool), np.ones(len(local))
        else:
            return np.ones(len(local), dtype=bool), np.zeros(len(local))
        return present, score * boost

    def _bm25(self, leaf, fieldname, text, local, memo):
        """(present, Whoosh's BM25F score) of a term over local docnums, once per term (memo)."""
        found = memo.get((fieldname, text))
        if found is not None:
            return found
        ids, weights = postings(leaf, fieldname, text)
        if not len(ids):
            found = np.zeros(len(local), dtype=bool), np.zeros(len(local))
        else:
            if len(local) * 32 > leaf.doc_count_all():  # many documents: one dense pass
                dense = np.zeros(leaf.doc_count_all())
                dense[ids] = weights
                tf = dense[local]
                present = tf > 0
            else:
                pos = np.searchsorted(ids, local)
                pos[pos >= len(ids)] = len(ids) - 1
                present = ids[pos] == local
                tf = np.where(present, weights[pos], 0.0)
            fl = field_lengths(leaf, fieldname)[local]
            avgfl = self.s.avg_field_length(fieldname) or 1
            found = present, ranking.bm25(self.s.idf(fieldname, text), tf, fl, avgfl)
        memo[(fieldname, text)] = found
        return found

    def rescore(self, q, docs):
        """Whoosh's own score of q for each of docs (sorted global docnums), as an array.

        Whoosh's matchers run over postings cut down to these documents (the same weights,
        positions and scorers), so a phrase matcher cannot walk the rest of the archive
        between two candidates, and every score is the one a full search would give.
        """
        from whoosh.searching import Searcher

        scores = np.zeros(len(docs))
        phrase_terms = set()
        _collect_phrase_terms(q, phrase_terms)
        for _sub, leaf, offset in self.leaves:
            lo, hi = np.searchsorted(docs, [offset, offset + leaf.doc_count_all()])
            if lo == hi:
                continue
            local = docs[lo:hi] - offset
            heavy = np.zeros(len(local), dtype=bool)
            for fieldname, word in phrase_terms:
                heavy |= _term_frequencies(leaf, fieldname, word, local) > RESCORE_MAX_POSITIONS
            exact = local[~heavy]
            restricted = Searcher(_CandidateReader(leaf, exact, phrase_terms), weighting=self.s.weighting,
                                  closereader=False, parent=self.s)
            matcher = q.matcher(restricted, self.s.context())
            found = {}
            while matcher.is_active():
                found[matcher.id()] = matcher.score()
                matcher.next()
            part = np.array([found.get(d, 0.0) for d in local.tolist()])
            if heavy.any():
                part[heavy] = self._approx(q, leaf, local[heavy], {})[1]
            scores[lo:hi] = part
        return scores

    def by_date(self, docs, reverse, undated_last_from=None):
        """docs by the sort_date column: newest first (reverse) or oldest first, undated last;
        equal dates in order of article id, lowest first, as every engine orders them (Whoosh's
        own sort puts them in index order, which an update or a merge changes)."""
        docs = np.asarray(docs, dtype=np.int64)
        keys = np.zeros(len(docs), dtype=np.int64)
        for _sub, leaf, offset in self.leaves:
            lo, hi = np.searchsorted(docs, [offset, offset + leaf.doc_count_all()])
            if lo != hi:
                keys[lo:hi] = column(leaf, "sort_date")[docs[lo:hi] - offset]
        undated = keys < undated_last_from if undated_last_from is not None else np.zeros(len(docs), dtype=bool)
        return docs[np.lexsort((self.article_ids(docs), -keys if reverse else keys, undated))]

    def article_ids(self, docs):
        """The article id of each of docs (global docnums, in any order; 0 where none)."""
        docs = np.asarray(docs, dtype=np.int64)
        ids = np.zeros(len(docs), dtype=np.int64)
        for _sub, leaf, offset in self.leaves:
            inside = (docs >= offset) & (docs < offset + leaf.doc_count_all())
            if inside.any():
                ids[inside] = article_ids(leaf)[docs[inside] - offset]
        return ids


class _CandidateReader:
    """A segment reader whose postings hold only the candidate documents."""

    def __init__(self, leaf, candidates, phrase_terms):
        self._leaf = leaf
        self._candidates = candidates
        self._phrase_terms = phrase_terms

    def __getattr__(self, name):
        return getattr(self._leaf, name)

    def __contains__(self, term):
        return term in self._leaf

    def is_atomic(self):
        return True

    def doc_frequency(self, fieldname, text):
        # Whoosh orders a query's matchers by it; the segment's term table is slow to ask.
        return derived(self._leaf, ("df", fieldname, text), lambda: self._leaf.doc_frequency(fieldname, text))

    def postings(self, fieldname, text, scorer=None):
        from whoosh.matching import ListMatcher

        if isinstance(text, bytes):
            text = self._leaf.schema[fieldname].from_bytes(text)
        ids, weights = postings(self._leaf, fieldname, text)
        local = self._candidates
        pos = np.searchsorted(ids, local)
        pos[pos >= len(ids)] = max(len(ids) - 1, 0)
        present = (ids[pos] == local) if len(ids) else np.zeros(len(local), dtype=bool)
        kept_ids, kept_weights = local[present].tolist(), weights[pos[present]].tolist()
        values = None
        if (fieldname, text) in self._phrase_terms and kept_ids:
            values = posting_values(self._leaf, fieldname, text, local[present])
        fmt = self._leaf.schema[fieldname].format
        return ListMatcher(kept_ids, kept_weights, values, fmt, scorer=scorer, term=(fieldname, text))


def _term_frequencies(leaf, fieldname, text, local):
    """How often a term occurs in each of local (sorted local docnums): 0 where it does not."""
    ids, weights = postings(leaf, fieldname, text)
    if not len(ids):
        return np.zeros(len(local))
    pos = np.minimum(np.searchsorted(ids, local), len(ids) - 1)
    return np.where(ids[pos] == local, weights[pos], 0.0)


def _collect_phrase_terms(q, out):
    if isinstance(q, wq.Phrase):
        out.update((q.fieldname, word) for word in q.words)
    elif isinstance(q, wq.AndMaybe):
        _collect_phrase_terms(q.a, out)
        _collect_phrase_terms(q.b, out)
    elif hasattr(q, "subqueries"):
        for child in q.subqueries:
            _collect_phrase_terms(child, out)


