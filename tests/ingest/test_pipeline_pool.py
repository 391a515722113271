"""The extraction pool of a parallel ingest.

Where the system refuses os.nice, the extraction workers must still start and work (at their
parent's priority): a worker raising in the pool's initializer would be started again and
again and hang the ingest. The test of that refuses it for real: a child process installs a
seccomp filter (as sandboxes do) under which the setpriority system call fails with EPERM.
"""
import ctypes
import errno
import multiprocessing
import os
import platform
import struct
import traceback

import pytest

from archive import processes
from archive.ingest import pipeline
from tests.conftest import skip_without_nice, skip_without_proc


def _priority_and_name():
    with open("/proc/self/comm") as fh:
        return os.getpriority(os.PRIO_PROCESS, 0), fh.read().strip()


def test_extraction_workers_run_below_the_process_that_stores_under_their_own_name(tmp_path):
    skip_without_proc()
    skip_without_nice()
    files = [str(tmp_path / f"{n}.txt") for n in range(4)]
    own = _priority_and_name()
    with pipeline._pool(2, files) as pool:
        seen = {pool.apply_async(_priority_and_name).get(timeout=30) for _ in range(8)}
    assert seen == {(min(own[0] + pipeline.EXTRACT_NICE, 19), processes.EXTRACT)}
    assert _priority_and_name() == own  # this process keeps its priority and name


def test_a_small_run_extracts_in_this_process():
    with pipeline._pool(2, ["a.txt", "b.txt", "c.txt"]) as pool:
        assert pool is None


# (seccomp's audit architecture, the setpriority system call's number) per machine
SETPRIORITY = {"x86_64": (0xC000003E, 141), "aarch64": (0xC00000B7, 140)}


def _refuse_setpriority():
    """Make setpriority (what os.nice calls) fail with EPERM in this process and the processes it
    starts from now on, as a sandbox's seccomp filter does; return "" or why it could not."""
    if platform.machine() not in SETPRIORITY:
        return f"no seccomp filter written for {platform.machine()}"
    arch, number = SETPRIORITY[platform.machine()]
    load, equal, ret = 0x20, 0x15, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
    allow, refuse = 0x7FFF0000, 0x00050000 | errno.EPERM  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO
    program = [
        (load, 0, 0, 4),  # seccomp_data.arch
        (equal, 0, 3, arch),  # another architecture's calls: allowed
        (load, 0, 0, 0),  # seccomp_data.nr
        (equal, 0, 1, number),
        (ret, 0, 0, refuse),
        (ret, 0, 0, allow),
    ]
    code = ctypes.create_string_buffer(b"".join(struct.pack("HBBI", *op) for op in program))

    class Program(ctypes.Structure):  # struct sock_fprog
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    libc = ctypes.CDLL(None, use_errno=True)
    arg = ctypes.c_ulong
    if libc.prctl(38, arg(1), arg(0), arg(0), arg(0)):  # PR_SET_NO_NEW_PRIVS: required without CAP_SYS_ADMIN
        return f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())}"
    fprog = Program(len(program), ctypes.addressof(code))
    if libc.prctl(22, arg(2), ctypes.byref(fprog), arg(0), arg(0)):  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
        return f"prctl(PR_SET_SECCOMP) failed: {os.strerror(ctypes.get_errno())}"
    return ""


def _start_a_pool_where_nice_is_refused(conn, files):
    try:
        if reason := _refuse_setpriority():
            conn.send(("skip", reason))
            return
        try:
            os.nice(1)
        except PermissionError:
            pass
        else:
            conn.send(("error", "os.nice was not refused under the seccomp filter"))
            return
        processes.become("nghisu-test", nice=pipeline.EXTRACT_NICE)  # refused: must not raise
        own = _priority_and_name()
        with pipeline._pool(2, files) as pool:  # each worker's become() is refused too
            seen = {pool.apply_async(_priority_and_name).get(timeout=60) for _ in range(8)}
        conn.send(("ran", own, seen))
    except BaseException:
        conn.send(("error", traceback.format_exc()))


def test_where_nice_is_refused_workers_start_and_work_at_their_parents_priority(tmp_path):
    skip_without_proc()
    files = [str(tmp_path / f"{n}.txt") for n in range(4)]
    parent = os.getpriority(os.PRIO_PROCESS, 0)
    results, sender = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_start_a_pool_where_nice_is_refused,
                                                        args=(sender, files))
    child.start()
    try:
        assert results.poll(120), "the child process sent nothing: the pool hung"
        outcome = results.recv()
    finally:
        child.join(60)
    if outcome[0] == "skip":
        pytest.skip(outcome[1])
    assert outcome[0] == "ran", outcome[1]
    _, own, seen = outcome
    assert child.exitcode == 0
    assert own == (parent, "nghisu-test")  # named; its priority left as it was
    assert seen == {(parent, processes.EXTRACT)}
