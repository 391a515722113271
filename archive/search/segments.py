"""Writing Whoosh segments: Whoosh's writer classes with the per-posting costs taken out.

Indexing an article is ~600 postings (a term in a document), and Whoosh's pure-Python
writer spends most of its time per posting: a field length looked up in a column file,
checks and calls in ``add_posting``, and, past a few thousand articles, its posting pool
spilling sorted runs to disk with one ``pickle.dump`` and ``pickle.load`` per posting and
merging them back (at 5,000 articles in one writer that cost more than the rest of the
writing). The classes here write the same segments through the same Whoosh code paths
otherwise (``tests/search/test_index_files.py`` compares what an index holds, term by term
and posting by posting, with what Whoosh's own classes write, spilling or not), for
Whoosh 2.7.4 as pinned: they rely on the postings writer's block fields.

``Writer`` is a SegmentWriter with these parts; ``ParallelWriter`` is Whoosh's
MultiSegmentWriter (each sub-process writes segments of its own) whose sub-processes
use ``Writer`` (and may finish a segment every so many documents). Segments carry a plain
W3Codec, so nothing of this module is pickled into an index.
"""
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

from whoosh.codec.base import OutOfOrderError
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name
from whoosh.writing import IndexingError, PostingPool, SegmentWriter

FAILED = "failed"  # a sub-process's result: (FAILED, its traceback, None)
JOBS_WAITING = 64  # batches of documents (files) waiting for the sub-processes before a put blocks
WRITER_NICE = 5  # the sub-processes' niceness: the process feeding them, which the other stages wait for, goes first
RUN_CHUNK = 10_000  # postings per marshal record of a spilled run (one record per run in memory while merging)
_SIZE = struct.Struct("<Q")  # a record's length in bytes, before it


class WritingCodec(W3Codec):
    """Whoosh's default codec (W3Codec, default settings), for writers only: field lengths read
    once per field and segment, and postings handed to the postings writer a term at a time."""

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
        return lengths[docnum] if 0 <= docnum < len(lengths) else self._reader.doc_field_length(docnum, fieldname, default)

    def __getattr__(self, name):
        return getattr(self._reader, name)


class _FieldWriter(W3FieldWriter):
    """W3FieldWriter whose add_postings gathers each term's postings and gives them to Whoosh's
    postings writer a block at a time: the blocks, their statistics and the term infos are the
    ones posting-by-posting ``add_posting`` makes (W3PostingsWriter), without its checks and
    calls per posting."""

    def add_postings(self, schema, lengths, items):
        # FieldWriter.add_postings step by step, with a term's postings gathered in lists.
        if lengths is not None and not isinstance(lengths, _WrittenLengths):
            lengths = _WrittenLengths(lengths)
        ids, weights, values, lens = [], [], [], []
        lastfn = lasttext = field_lengths = None
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if lastfn is not None and fieldname < lastfn:
                    raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
                if lasttext is not None:
                    self._write_term(ids, weights, values, lens)
                    ids, weights, values, lens = [], [], [], []
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                field_lengths = lengths.lengths(fieldname) if lengths is not None else None
                lastfn, lasttext = fieldname, None
            elif lasttext and btext < lasttext:
                raise OutOfOrderError(f"Term {lastfn}:{lasttext!r} .. {fieldname}:{btext!r}")
            if docnum == -1:  # Whoosh's spelling words: not postings
                continue
            if btext != lasttext:
                if lasttext is not None:
                    self._write_term(ids, weights, values, lens)
                    ids, weights, values, lens = [], [], [], []
                self.start_term(btext)
                lasttext = btext
            ids.append(docnum)
            weights.append(weight)
            values.append(value)
            lens.append(field_lengths[docnum] if field_lengths is not None else 0)
        if lasttext is not None:
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


class RunPool(PostingPool):
    """Whoosh's posting pool (sorted in memory up to ``limitmb``, by Whoosh's estimate of a
    posting's size, then spilled as a sorted run), spilling and reading runs with marshal a
    chunk of postings at a time instead of pickle one posting at a time."""

    def add(self, item):
        # PostingPool.add without its type assertions (our postings are made by Whoosh's fields).
        self.fieldnames.add(item[0])
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or "")  # Whoosh's estimate
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def _write_run(self, f, items):
        items = iter(items)
        try:
            while chunk := list(islice(items, RUN_CHUNK)):
                data = marshal.dumps(chunk)
                f.write(_SIZE.pack(len(data)))
                f.write(data)
        finally:
            f.close()

    def _read_run(self, path):
        # Whole records, each loaded from bytes: marshal.load on a file reads it in small pieces.
        f = self._open_run(path)
        try:
            while size := f.read(_SIZE.size):
                yield from marshal.loads(f.read(_SIZE.unpack(size)[0]))
        finally:
            f.close()
            self._remove_run(path)

    def _merge_runs(self, paths):
        return heapq.merge(*[self._read_run(path) for path in paths])


class Writer(SegmentWriter):
    """Whoosh's SegmentWriter with WritingCodec and RunPool (Whoosh 2.7.4 ignores its own
    ``poolclass`` argument, so the pool is replaced while still empty)."""

    def __init__(self, ix, limitmb=128, **kwargs):
        kwargs.setdefault("codec", WritingCodec())
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = RunPool(self._tempstorage, self.newsegment, limitmb=limitmb)


class _Task(SubWriterTask):
    """A sub-process of ParallelWriter: SubWriterTask.run's multisegment path, writing with
    ``Writer``, under the parent's schema, reporting a failure instead of dying silently (Whoosh
    then committed without its documents), and exiting when the parent dies (it holds copies of
    the parent's lock files: an orphan kept the index locked).

    Given ``segment_docs``, it finishes its segment and starts a new one every so many documents,
    so that most of the writing of postings (merging the pool's sorted runs, writing every posting)
    happens while the parent still feeds it: Whoosh wrote one segment per sub-process, all of
    it at commit (at 100,000 articles, 163 s after the last batch with nothing else to do).
    Its result is the list of its segments.
    """

    def __init__(self, storage, indexname, jobqueue, resultqueue, kwargs, schema, segment_docs, nice):
        super().__init__(storage, indexname, jobqueue, resultqueue, kwargs, True)
        self.schema, self.segment_docs, self.nice, self.daemon = schema, segment_docs, nice, True

    def run(self):
        threading.Thread(target=_exit_with, args=(multiprocessing.parent_process(),), daemon=True).start()
        try:
            if self.nice:
                os.nice(self.nice)
            segments = []
            writer = self.writer = self._open_writer()
            while (job := self.jobqueue.get()) is not None:
                # Checked before the next job, so that the last segment is never empty.
                if self.segment_docs and writer.docnum >= self.segment_docs:
                    segments.append(writer._finalize_segment())
                    writer = self.writer = self._open_writer()  # its temporary storage is the parent's: kept
                self._process_file(*job)
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


class ParallelWriter(MpWriter):
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
        self.pool = RunPool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))

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
