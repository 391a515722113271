"""Writing Whoosh segments: Whoosh's writer classes with the per-posting costs taken out.

Indexing an article is ~600 postings (a term in a document), and Whoosh's pure-Python
writer spends most of its time per posting: a field length looked up in a column file,
checks and calls in ``add_posting``, and its posting pool: one tuple per posting, all
sorted, and past a few thousand articles spilled as sorted runs to disk with one
``pickle.dump`` and ``pickle.load`` per posting and merged back posting by posting (at
5,000 articles in one writer that cost more than the rest of the writing). ``TermPool``
gathers each term's postings as they come instead. The classes here write the same segments
through the same Whoosh code paths otherwise (``tests/search/test_index_files.py`` compares
what an index holds, term by term and posting by posting, with what Whoosh's own classes
write, spilling or not), for Whoosh 2.7.4 as pinned: they rely on the postings writer's
block fields.

``Writer`` is a SegmentWriter with these parts; ``ParallelWriter`` is Whoosh's
MultiSegmentWriter (each sub-process writes segments of its own) whose sub-processes
use ``Writer`` (and may finish a segment every so many documents). Segments carry a plain
W3Codec, so nothing of this module is pickled into an index.
"""
import contextlib
import heapq
import marshal
import multiprocessing
import multiprocessing.connection
import os
import pickle
import queue
import struct
import threading
import traceback
from array import array
from itertools import islice
from operator import itemgetter

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name
from whoosh.writing import IndexingError, PostingPool, SegmentWriter

from archive.processes import INDEX_WRITER, become

FAILED = "failed"  # a sub-process's result: (FAILED, its traceback, None)
JOBS_WAITING = 64  # batches of documents (files) waiting for the sub-processes before a put blocks
# The sub-processes' niceness: below the process feeding them, which the other stages wait for, and
# below the extraction workers (pipeline.EXTRACT_NICE), which it waits for. Their work can wait: they
# catch up after the last batch, on both cores (+10 against +5: bench/README.md, ninth round).
WRITER_NICE = 10
RUN_POSTINGS = 100_000  # postings per marshal record of a spilled run (one record per run in memory while merging)
_SIZE = struct.Struct("<Q")  # a record's length in bytes, before it
# zlib level of each block of postings: level 1 rather than Whoosh's 3, because compressing was a
# large share of a writer's CPU for a small gain in size; no compression would double the index
# (bench/README.md, eighth round).
BLOCK_COMPRESSION = 1


class WritingCodec(W3Codec):
    """Whoosh's default codec (W3Codec), for writers only: field lengths read once per field and
    segment, postings handed to the postings writer a term at a time, and each block of
    postings compressed at zlib level BLOCK_COMPRESSION (W3Codec's 3). Every block records
    its level; readers only check that it is not 0, and zlib decompresses any level."""

    def __init__(self, blocklimit=128, compression=BLOCK_COMPRESSION, inlinelimit=1):
        super().__init__(blocklimit, compression, inlinelimit)

    def new_segment(self, storage, indexname):
        return W3Codec().new_segment(storage, indexname)

    def per_document_reader(self, storage, segment):
        return _WrittenLengths(super().per_document_reader(storage, segment))

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)


class _WrittenLengths:
    """A per-document reader whose field lengths are read once per field (same values). Writing
    a segment's postings, Whoosh looked a document's field length up once per posting."""

    def __init__(self, reader):
        self._reader, self._lengths = reader, {}

    def lengths(self, fieldname, default=0):
        """[doc_field_length(docnum, fieldname, default) for every docnum of the segment]."""
        lengths = self._lengths.get((fieldname, default))
        if lengths is None:
            read, count = self._reader.doc_field_length, self._reader.doc_count_all()
            lengths = self._lengths[fieldname, default] = [read(d, fieldname, default) for d in range(count)]
        return lengths

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self.lengths(fieldname, default)
        return (lengths[docnum] if 0 <= docnum < len(lengths)
                else self._reader.doc_field_length(docnum, fieldname, default))

    def __getattr__(self, name):
        return getattr(self._reader, name)


class _FieldWriter(W3FieldWriter):
    """W3FieldWriter that takes a term's postings whole (``add_terms``) and gives them to Whoosh's
    postings writer a block at a time: the blocks, their statistics and the term infos are the
    ones posting-by-posting ``add_posting`` makes (W3PostingsWriter), without its checks and
    calls per posting."""

    def add_terms(self, schema, lengths, terms):
        """Write (field name, term as UTF-8, document numbers, weights, values) in term order,
        each term's postings in document order (TermPool.iter_terms)."""
        if lengths is not None and not isinstance(lengths, _WrittenLengths):
            lengths = _WrittenLengths(lengths)
        lastfn = field_lengths = None
        for fieldname, btext, ids, weights, values in terms:
            if fieldname != lastfn:
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                field_lengths = lengths.lengths(fieldname) if lengths is not None else None
                lastfn = fieldname
            self.start_term(btext)
            lens = [field_lengths[d] for d in ids] if field_lengths is not None else [0] * len(ids)
            self._write_term(ids, weights, values, lens)
        if lastfn is not None:
            self.finish_field()

    def _write_term(self, ids, weights, values, lens):
        writer = self._postwriter
        limit = writer._blocklimit
        for start in range(0, len(ids), limit):
            if start:
                writer._write_block()  # a full block before more postings: as add_posting does
            end = start + limit
            writer._ids = array("I", ids[start:end])
            writer._weights = array("f", weights[start:end])
            writer._values = [v for v in values[start:end] if v]
            writer._maxweight = max(0, *weights[start:end])
            present = [n for n in lens[start:end] if n]
            writer._minlength = min(present) if present else None
            writer._maxlength = max(present) if present else 0
        self.finish_term()


class TermPool(PostingPool):
    """A posting pool that gathers each term's postings as they come: its document numbers and
    weights in arrays, its encoded positions in a list (one-position values are shared objects,
    fields._one_position). Whoosh's pool kept one tuple per posting, sorted them all, and,
    past ``limitmb`` by its estimate of ~150 bytes a posting, spilled sorted runs of postings and
    merged them back posting by posting: most of a writer's time went to the ~600 postings of
    every article. Here a posting costs appends and ~20 bytes, and past ``limitmb`` the terms
    are spilled as a run in term order (marshal, RUN_POSTINGS postings a record), merged back a
    term at a time, a term's parts joined in the order they came.

    ``add_field`` takes one document's postings of one field; ``add`` one posting, as Whoosh's
    pool does (merging segments). Postings may come in any order; within each term they are
    written in document order. Weights are kept as 32-bit floats, as the blocks store them (a
    block's maximum weight is then that of the stored values: the same as Whoosh's for the
    whole-number weights of fields without boosts, ours).
    """

    def __init__(self, tempstore, segment, limitmb=128, **kwargs):
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self.terms = {}  # field name -> {term as UTF-8: (document numbers, weights, values)}
        self.ordered = True  # every term's postings came in document order
        self._lastdocs = {}  # field name -> the highest document number added to it
        self._spilled = -1  # the highest document number in a spilled run

    def add_field(self, fieldname, docnum, items, boost=1.0):
        """Add one document's postings of one field, ``field.index()``'s (term as UTF-8,
        frequency, weight, value) tuples; return the field's length (the sum of frequencies)."""
        self.fieldnames.add(fieldname)
        terms = self.terms.get(fieldname)
        if terms is None:
            terms = self.terms[fieldname] = {}
        spilled = docnum <= self._spilled  # a new term may have postings of later documents in a run
        later = docnum > self._lastdocs.get(fieldname, -1)  # then the field's terms are all of earlier documents
        if boost != 1.0:
            items = [(btext, freq, weight * boost, value) for btext, freq, weight, value in items]
        length = size = 0
        for btext, freq, weight, value in items:
            entry = terms.get(btext)
            if entry is None:
                if spilled:
                    self.ordered = False
                terms[btext] = (array("I", (docnum,)), array("f", (weight,)), [value])
                size += _TERM_BYTES + len(btext)
            else:
                ids, weights, values = entry
                if not later and docnum <= ids[-1]:
                    self.ordered = False
                ids.append(docnum)
                weights.append(weight)
                values.append(value)
            length += freq
            # One position is a shared value (fields._one_position); more are a value of its own.
            size += _POSTING_BYTES if freq == 1 else _POSTING_BYTES + len(value) + 33
        self._lastdocs[fieldname] = max(self._lastdocs.get(fieldname, -1), docnum)
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()
        return length

    def add(self, item):
        fieldname, btext, docnum, weight, value = item
        if value:  # read from a segment (merging): a value of its own
            self.currentsize += len(value) + 33
        self.add_field(fieldname, docnum, ((btext, 1, weight, value),))

    def save(self):
        if not self.terms:
            return
        path, f = self._new_run()
        self._write_run(f, _in_term_order(self.terms))
        self.runs.append(path)
        self.terms, self.currentsize, self._spilled = {}, 0, max(self._lastdocs.values(), default=-1)

    def _write_run(self, f, terms):
        try:
            chunk, postings = [], 0
            for fieldname, btext, ids, weights, values in terms:
                chunk.append((fieldname, btext, ids.tobytes(), weights.tobytes(), values))
                postings += len(ids)
                if postings >= RUN_POSTINGS:
                    self._write_record(f, chunk)
                    chunk, postings = [], 0
            if chunk:
                self._write_record(f, chunk)
        finally:
            f.close()

    @staticmethod
    def _write_record(f, chunk):
        data = marshal.dumps(chunk)
        f.write(_SIZE.pack(len(data)))
        f.write(data)

    def _read_run(self, path):
        # Whole records, each loaded from bytes: marshal.load on a file reads it in small pieces.
        f = self._open_run(path)
        try:
            while size := f.read(_SIZE.size):
                for fieldname, btext, ids, weights, values in marshal.loads(f.read(_SIZE.unpack(size)[0])):
                    yield fieldname, btext, _array("I", ids), _array("f", weights), values
        finally:
            f.close()
            self._remove_run(path)

    def iter_terms(self):
        """(field name, term as UTF-8, document numbers, weights, values) in term order, each
        term's postings in document order; the pool is emptied."""
        parts = [self._read_run(path) for path in self.runs] + [_in_term_order(self.terms)]
        self.runs, self.terms, self.currentsize = [], {}, 0
        if len(parts) == 1:
            terms = parts[0]
        else:  # ties in run order (heapq.merge is stable): a term's parts in the order they came
            terms = _joined(heapq.merge(*parts, key=itemgetter(0, 1)))
        return terms if self.ordered else map(_in_document_order, terms)

    def iter_postings(self):
        for fieldname, btext, ids, weights, values in self.iter_terms():
            for docnum, weight, value in zip(ids, weights, values, strict=True):
                yield fieldname, btext, docnum, weight, value

    items = iter_postings  # SortingPool's name for it

    def reduce_to(self, target, k):
        raise NotImplementedError("TermPool merges its runs only when its terms are read (iter_terms)")

    def cleanup(self):
        for path in self.runs:
            with contextlib.suppress(OSError):
                self._remove_run(path)
        self.runs, self.terms = [], {}


_POSTING_BYTES = 16  # a document number and a weight in arrays, a reference to its value in a list
_TERM_BYTES = 400  # a term's key, arrays, list and dictionary entry


def _in_term_order(fields):
    for fieldname in sorted(fields):
        terms = fields[fieldname]
        for btext in sorted(terms):
            ids, weights, values = terms[btext]
            yield fieldname, btext, ids, weights, values


def _array(typecode, data):
    out = array(typecode)
    out.frombytes(data)
    return out


def _joined(entries):
    last = None
    for entry in entries:
        if last is not None and entry[0] == last[0] and entry[1] == last[1]:
            last[2].extend(entry[2])
            last[3].extend(entry[3])
            last[4].extend(entry[4])
            continue
        if last is not None:
            yield last
        last = entry
    if last is not None:
        yield last


def _in_document_order(entry):
    fieldname, btext, ids, weights, values = entry
    if all(a < b for a, b in zip(ids, islice(ids, 1, None), strict=False)):
        return entry
    order = sorted(range(len(ids)), key=ids.__getitem__)
    return (fieldname, btext, array("I", [ids[i] for i in order]), array("f", [weights[i] for i in order]),
            [values[i] for i in order])


class _TermWriting:
    """What Writer and ParallelWriter share: a TermPool, whose terms are written whole."""

    def _flush_segment(self):
        # SegmentWriter._flush_segment, writing the pool's terms (not postings one by one).
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        self.fieldwriter.add_terms(self.schema, lengths, self.pool.iter_terms())
        self.fieldwriter.close()
        if lengths is not None:
            lengths.close()


class Writer(_TermWriting, SegmentWriter):
    """Whoosh's SegmentWriter with WritingCodec and TermPool (Whoosh 2.7.4 ignores its own
    ``poolclass`` argument, so the pool is replaced while still empty), adding a document's
    postings to the pool a field at a time."""

    def __init__(self, ix, limitmb=128, **kwargs):
        kwargs.setdefault("codec", WritingCodec())
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def add_document(self, **fields):
        # SegmentWriter.add_document, with each field's postings given to the pool at once.
        # Spelling words and term vectors take Whoosh's own (no field of ours has them).
        if any(f.separate_spelling() or f.vector for _, f in self.schema.items()):
            return super().add_document(**fields)
        self._check_state()
        perdoc, schema, docnum = self.perdocwriter, self.schema, self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdoc.start_doc(docnum)
        for fieldname in fieldnames:
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                boost = self._field_boost(fields, fieldname, docboost)
                length = self.pool.add_field(fieldname, docnum, field.index(value), boost)
                if not field.scorable:
                    length = 0
            stored = fields.get(f"_stored_{fieldname}", value)
            perdoc.add_field(fieldname, field, stored if field.stored else None, length)
            if field.column_type and stored is not None:
                perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(stored))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1


class _Task(SubWriterTask):
    """A sub-process of ParallelWriter: SubWriterTask.run's multisegment path, writing with
    ``Writer``, under the parent's schema, reporting a failure instead of dying silently (Whoosh
    then committed without its documents), and exiting when the parent dies (it holds copies of
    the parent's lock files: an orphan kept the index locked).

    Given ``segment_docs``, it finishes its segment and starts a new one every so many documents,
    so that most of the writing of postings (merging the pool's spilled runs, writing every term)
    happens while the parent still feeds it: Whoosh wrote one segment per sub-process, all of
    it at commit, after the last batch, with nothing else left to overlap it.
    Its result is the list of its segments.
    """

    def __init__(self, storage, indexname, jobqueue, resultqueue, kwargs, schema, segment_docs, nice):
        super().__init__(storage, indexname, jobqueue, resultqueue, kwargs, True)
        self.schema, self.segment_docs, self.nice, self.daemon = schema, segment_docs, nice, True

    def run(self):
        threading.Thread(target=_exit_with, args=(multiprocessing.parent_process(),), daemon=True).start()
        try:
            become(INDEX_WRITER, self.nice)
            segments = []
            writer = self.writer = self._open_writer()
            while (job := self.jobqueue.get()) is not None:
                # Checked before the next job, so that the last segment is never empty.
                if self.segment_docs and writer.docnum >= self.segment_docs:
                    segments.append(writer._finalize_segment())
                    writer = self.writer = self._open_writer()  # its temporary storage is the parent's: kept
                self._process_file(*job)
            # A sub-process given no document leaves its open segment unwritten: not in the TOC,
            # its files are deleted at commit (closing it would finish the parent's temporary files).
            if writer.docnum:
                segments.append(writer._finalize_segment())
            result = (None, None, segments)  # Whoosh's (run, field names, segment): only the segments are used
        except BaseException:
            self.resultqueue.put((FAILED, traceback.format_exc(), None))
            raise
        self.resultqueue.put(result)

    def _open_writer(self):
        return Writer(self.storage.open_index(self.indexname, schema=self.schema), _lk=False, **self.kwargs)


def _exit_with(parent):
    multiprocessing.connection.wait([parent.sentinel])
    os._exit(1)


class ParallelWriter(_TermWriting, MpWriter):
    """Whoosh's MultiSegmentWriter (procs sub-processes, each writing segments of its own,
    kept as they are at commit) whose sub-processes write with ``Writer``, a segment every
    ``segment_docs`` documents (None or 0: one each), at a lower priority (``nice``) than this
    process; a sub-process that failed or died fails the commit, and cancelling stops the
    sub-processes.

    Up to ``jobs_waiting`` batches wait for the sub-processes (Whoosh: 4 per process), each in a
    temporary file: while a sub-process finishes a segment, this process goes on instead of
    waiting for it.
    """

    def __init__(self, ix, procs, segment_docs=None, jobs_waiting=None, nice=None, **kwargs):
        kwargs.setdefault("codec", WritingCodec())
        super().__init__(ix, procs=procs, multisegment=True, **kwargs)
        self.segment_docs = segment_docs
        self.nice = WRITER_NICE if nice is None else nice
        self.jobqueue = multiprocessing.Queue(jobs_waiting or JOBS_WAITING)  # no sub-process has it yet
        # This process's own pool only serves merges of earlier segments at commit.
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))

    def _new_task(self):
        task = _Task(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.schema,
                     self.segment_docs, self.nice)
        self.tasks.append(task)
        task.start()
        return task

    def _enqueue(self):
        # MpWriter._enqueue, with a put that gives up when no sub-process is left to take the job.
        docs, self.docbuffer = self.docbuffer, []
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as f:
            for item in docs:
                pickle.dump(item, f, 2)
        if len(self.tasks) < self.procs:
            self._new_task()
        self._put((filename, len(docs)))

    def _put(self, job):
        while True:
            try:
                return self.jobqueue.put(job, timeout=1)
            except queue.Full:
                self._check_tasks()

    def _check_tasks(self):
        if not all(t.is_alive() for t in self.tasks):
            raise IndexingError(f"an index writer process stopped before the commit: {self._exit_codes()}")

    def _exit_codes(self):
        return "exit codes " + ", ".join(str(t.exitcode) for t in self.tasks)

    def _commit(self, mergetype, optimize, merge):
        # MpWriter._commit's multisegment path: the sub-processes' results are all required.
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self._put(None)
        segments = self._merge_segments(mergetype, optimize, merge)
        results = []
        while len(results) < len(self.tasks):  # before join: a process joins only once its queue is read
            try:
                results.append(self.resultqueue.get(timeout=1))
            except queue.Empty:
                if not any(t.is_alive() for t in self.tasks) and self.resultqueue.empty():
                    break
        for task in self.tasks:
            task.join()
        errors = [detail for status, detail, _ in results if status == FAILED]
        if errors or len(results) < len(self.tasks) or any(t.exitcode for t in self.tasks):
            raise IndexingError("an index writer process failed: " + ("\n".join(errors) or self._exit_codes()))
        segments += [segment for _, _, written in results for segment in written]
        if self._added:
            segments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(segments)
        self._finish()

    def cancel(self):
        try:
            for task in self.tasks:  # MpWriter.cancel only told its own copies of them to stop
                task.terminate()
            for task in self.tasks:
                task.join()
        finally:
            SegmentWriter.cancel(self)
