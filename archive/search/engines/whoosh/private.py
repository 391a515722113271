"""The private names of Whoosh that the Whoosh engine relies on, listed in one place.

Whoosh 2.7.4 is the last release and will not change under us, but another version (a fork, a
2.7.5) could rename any of these and the engine would fail in the middle of a write or return
wrong matches. So start-up refuses another version (``archive.search.checks``, naming the one
installed), and ``missing()`` tells which of these names the installed Whoosh no longer has
(``tests/search/test_whoosh_private.py`` also checks that the engine's code uses no other
private Whoosh name). Each entry: (the Whoosh object that owns the name, the name, what we use
it for). Methods we override keep Whoosh's calling conventions, so they are listed too.
Must never be imported for anything else than these checks.
"""
import importlib
import inspect

WHOOSH_VERSION = (2, 7, 4)

USED = (
    # matching.py: reading posting lists block by block into numpy arrays
    ("whoosh.codec.whoosh3._lenfield", None, "the column name of a field's lengths"),
    ("whoosh.codec.whoosh3.W3PerDocReader", "_cached_reader", "the field-length column of a segment"),
    ("whoosh.codec.whoosh3.W3LeafMatcher", "_byteids", "block ids stored as bytes (we read int ids only)"),
    ("whoosh.codec.whoosh3.W3LeafMatcher", "_read_data", "decode the current block's ids, weights, values"),
    ("whoosh.codec.whoosh3.W3LeafMatcher", "_data", "the decoded block"),
    ("whoosh.codec.whoosh3.W3LeafMatcher", "_blocklength", "postings in the current block"),
    ("whoosh.codec.whoosh3.W3LeafMatcher", "_lastblock", "whether the block is the term's last"),
    ("whoosh.codec.whoosh3.W3LeafMatcher", "_goto", "go to the next block"),
    ("whoosh.codec.whoosh3.W3LeafMatcher", "_nextoffset", "where the next block starts"),
    ("whoosh.reading.SegmentReader", "_perdoc", "a segment's per-document reader (field lengths)"),
    ("whoosh.reading.SegmentReader", "_storage", "the folder of a segment's files (arrays go beside it)"),
    ("whoosh.reading.SegmentReader", "_text_to_bytes", "a term's bytes in the terms file"),
    ("whoosh.reading.SegmentReader", "_terms", "the segment's terms reader (its matcher)"),
    ("whoosh.searching.Searcher", "_ix", "the index behind a searcher (its newest table of contents)"),
    ("whoosh.index.FileIndex", "_read_toc", "the segments of the index's newest generation"),
    # segments.py: our segment writers, term pool and parallel writer
    ("whoosh.codec.whoosh3.W3FieldWriter", "_postwriter", "the posting writer of a field"),
    ("whoosh.codec.whoosh3.W3PostingsWriter", "_blocklimit", "postings per block"),
    ("whoosh.codec.whoosh3.W3PostingsWriter", "_write_block", "write a full block"),
    ("whoosh.codec.whoosh3.W3PostingsWriter", "_ids", "the block being written: ids"),
    ("whoosh.codec.whoosh3.W3PostingsWriter", "_weights", "… weights"),
    ("whoosh.codec.whoosh3.W3PostingsWriter", "_values", "… encoded values"),
    ("whoosh.codec.whoosh3.W3PostingsWriter", "_maxweight", "… the block's largest weight"),
    ("whoosh.codec.whoosh3.W3PostingsWriter", "_minlength", "… the block's shortest field length"),
    ("whoosh.codec.whoosh3.W3PostingsWriter", "_maxlength", "… the block's longest field length"),
    ("whoosh.writing.PostingPool", "_new_run", "a spilled run's file"),
    ("whoosh.writing.PostingPool", "_open_run", "read a spilled run"),
    ("whoosh.writing.PostingPool", "_remove_run", "delete a spilled run"),
    ("whoosh.externalsort.SortingPool", "_write_run", "overridden: write a run in term order"),
    ("whoosh.externalsort.SortingPool", "_read_run", "overridden: read a run back"),
    ("whoosh.writing.SegmentWriter", "_tempstorage", "where a pool spills runs"),
    ("whoosh.writing.SegmentWriter", "_flush_segment", "overridden: write the pool's terms"),
    ("whoosh.writing.SegmentWriter", "_check_state", "refuse a closed writer"),
    ("whoosh.writing.SegmentWriter", "_doc_boost", "a document's boost"),
    ("whoosh.writing.SegmentWriter", "_field_boost", "a field's boost in a document"),
    ("whoosh.writing.SegmentWriter", "_check_fields", "refuse unknown fields"),
    ("whoosh.writing.SegmentWriter", "_added", "whether the writer holds a new document"),
    ("whoosh.writing.SegmentWriter", "_finalize_segment", "close and describe the new segment"),
    ("whoosh.writing.SegmentWriter", "_close_segment", "close a segment that got nothing"),
    ("whoosh.writing.SegmentWriter", "_merge_segments", "the merge policy at commit"),
    ("whoosh.writing.SegmentWriter", "_commit_toc", "write the new table of contents"),
    ("whoosh.multiproc.SubWriterTask", "_process_file", "a job of documents for a sub-process"),
    ("whoosh.multiproc.MpWriter", "_new_task", "overridden: start a sub-process"),
    ("whoosh.multiproc.MpWriter", "_enqueue", "overridden: hand a job to a sub-process"),
    ("whoosh.multiproc.MpWriter", "_commit", "overridden: gather the sub-processes' segments"),
    # indexing.py: Haystack's conversion of a prepared value to what its Whoosh backend stores
    ("haystack.backends.whoosh_backend.WhooshSearchBackend", "_from_python", "a prepared value as Whoosh stores it"),
)


def _resolve(dotted):
    module, _, name = dotted.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def missing():
    """The entries the installed Whoosh lacks, as "owner.name" strings (empty: all there)."""
    gone = []
    for owner, name, _ in USED:
        obj = _resolve(owner)
        if obj is None:
            gone.append(owner)
            continue
        if name is None or hasattr(obj, name):
            continue
        try:  # an attribute set on instances: its name in the class's code
            source = inspect.getsource(obj)
        except (OSError, TypeError):
            source = ""
        if f".{name}" not in source and f"def {name}" not in source:
            gone.append(f"{owner}.{name}")
    return gone


def installed_version():
    import whoosh

    return tuple(whoosh.__version__)


def names():
    """Every private name listed (for the test that the engine uses no other)."""
    return {name or owner.rpartition(".")[2] for owner, name, _ in USED}
