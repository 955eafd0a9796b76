"""What can code in the sandbox see and do? (Probed with a plain Python process in a Jail.)

The whole grading path (kernels, limits, the batch) is tested in test_hostile.py; these tests pin
the sandbox's view of the machine, cheaply, one property each.
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import sandboxed_processes

from autograder.config import REPO_ROOT, make_config
from autograder.sandbox import Jail, Sandbox

pytestmark = pytest.mark.usefixtures("sandbox_required")


def in_jail(tmp_path, code: str, **limits) -> tuple[int, str, str]:
    """Run ``code`` in a fresh jail whose notebook folder is ``tmp_path/nb``; (exit status,
    output, why the watchdog stopped it)."""
    folder = tmp_path / "nb"
    folder.mkdir(exist_ok=True)
    (folder / "helper.py").write_text("VALUE = 42\n")
    sandbox = Sandbox(config=make_config())
    for name, value in limits.items():
        setattr(sandbox, name, value)
    jail = Jail(sandbox, folder, "w2_optimizers", seed=1)
    try:
        proc = subprocess.Popen(jail.command([sys.executable, "-c", code]), cwd=folder,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env={"PATH": os.environ["PATH"]}, pass_fds=jail.pass_fds)
        jail.started(proc.pid)
        out, _ = proc.communicate(timeout=120)
        return proc.returncode, out.decode(), jail.stop_reason
    finally:
        jail.close()


def test_does_the_kernel_see_course_and_data_but_not_the_instructor_side(tmp_path):
    probe = f"""
import importlib, json, os
def can_import(name):
    try:
        importlib.import_module(name)
        return True
    except ImportError:
        return False
kit = {str(REPO_ROOT)!r}
print(json.dumps({{
    "course": can_import("course.data"), "runner": can_import("autograder.harness.kernel"),
    "reference": can_import("autograder.reference"), "tasks": can_import("autograder.tasks"),
    "grading": can_import("autograder.grading"),
    "kit files": sorted(os.listdir(os.path.join(kit, "autograder"))),
    "source": os.path.exists(os.path.join(kit, "source")),
    "gradebook": os.path.exists(os.path.join(kit, "gradebook.db")),
    "datasets": os.path.exists(os.path.join(kit, "datasets", "digits.csv.gz")),
    "cases": sorted(os.listdir(os.environ["KIT_CASES_DIR"]))[:2],
    "own folder": open("helper.py").read().strip(),
    "digits": __import__("course.data").data.load_digits()[0].shape,
}}))
"""
    status, out, _ = in_jail(tmp_path, probe)
    seen = json.loads(out.strip().splitlines()[-1])
    assert status == 0
    assert seen["course"] and seen["runner"]
    assert not (seen["reference"] or seen["tasks"] or seen["grading"])
    assert seen["kit files"] == ["__init__.py", "harness"]
    assert not seen["source"] and not seen["gradebook"]
    assert seen["datasets"] and seen["digits"][0] > 0
    assert seen["cases"] == ["2.10.json", "2.11.json"]
    assert seen["own folder"] == "VALUE = 42"


def test_can_the_kernel_write_only_its_private_folders(tmp_path):
    probe = f"""
import os
for path in ["written.txt", "/tmp/x.txt", "/dev/shm/x.txt", {str(REPO_ROOT / "intruder.txt")!r},
             {str(tmp_path / "outside.txt")!r}, "/usr/x.txt", "/x.txt", "/dev/x.txt"]:
    try:
        open(path, "w").write("x")
        print("wrote", path)
    except OSError as exc:
        print("refused", path, type(exc).__name__)
"""
    _, out, _ = in_jail(tmp_path, probe)
    # its folder, /tmp and /dev/shm are private folders on disk (counted against the disk limit);
    # everything else is read-only, so nothing fills memory-backed file systems either
    assert "wrote written.txt" in out and "wrote /tmp/x.txt" in out
    assert "wrote /dev/shm/x.txt" in out
    for path in ("/usr/x.txt", "/x.txt", "/dev/x.txt"):
        assert f"refused {path} " in out
    if not str(REPO_ROOT).startswith("/tmp/"):  # a kit under /tmp sits in the private /tmp
        assert f"refused {REPO_ROOT / 'intruder.txt'} " in out
    assert not (REPO_ROOT / "intruder.txt").exists() and not (tmp_path / "outside.txt").exists()
    assert not (tmp_path / "nb" / "written.txt").exists()  # a private copy, not the real folder


def test_is_there_no_network_but_a_private_loopback(tmp_path):
    probe = """
import socket
print(sorted(name for _, name in socket.if_nameindex()))
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2)
    print("connected")
except OSError as exc:
    print("no network", type(exc).__name__)
"""
    _, out, _ = in_jail(tmp_path, probe)
    assert "['lo']" in out and "no network" in out


def test_does_the_kernel_run_as_an_unprivileged_user_in_its_own_process_tree(tmp_path):
    probe = """
import os
print(os.getuid(), os.getpid(), sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
print(open("/proc/self/status").read().split("CapEff:")[1].split()[0])
"""
    _, out, _ = in_jail(tmp_path, probe)
    first, caps = out.strip().splitlines()[-2:]
    uid, pid, pids = first.split(" ", 2)
    assert uid == "1000" and int(pid) <= 3
    assert len(json.loads(pids)) <= 3  # bwrap's init, the launcher, itself
    assert int(caps, 16) == 0


def test_is_memory_capped_per_process_and_for_all_processes_together(tmp_path):
    one_big = "import numpy as np\ntry:\n    np.ones(2**31)\nexcept MemoryError:\n    print('MemoryError')\n"
    _, out, reason = in_jail(tmp_path, one_big, memory_limit_mb=1024)
    assert "MemoryError" in out and reason == ""
    many = """
import os, time
import numpy as np
for _ in range(4):
    if os.fork() == 0:
        try:
            block = np.ones(2**26)  # 512 MiB each, written
            time.sleep(30)
        finally:
            os._exit(0)
time.sleep(30)
"""
    status, _, reason = in_jail(tmp_path, many, memory_limit_mb=1024)
    assert status == -9 and "1024 MiB memory limit" in reason


def test_are_processes_capped_and_all_killed_at_the_end(tmp_path):
    bomb = "import os, time\nfor _ in range(500):\n    if os.fork() == 0:\n        time.sleep(60)\n        os._exit(0)\ntime.sleep(60)\n"
    status, _, reason = in_jail(tmp_path, bomb, max_processes=16)
    assert status == -9 and "more than 16 processes" in reason


def test_are_orphans_and_detached_processes_gone_when_the_sandbox_ends(tmp_path):
    detach = """
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(60)
    os._exit(0)
print("parent leaves")
"""
    assert sandboxed_processes() == []
    status, out, _ = in_jail(tmp_path, detach)
    assert status == 0 and "parent leaves" in out
    assert sandboxed_processes() == []


GRADER = """
import os, subprocess, sys, time
from pathlib import Path
from autograder import sandbox
from autograder.sandbox import Jail, Sandbox
sandbox.write_cases = lambda *args, **kwargs: []  # no hidden tests needed: start quickly
folder = Path(sys.argv[1])
folder.mkdir()
jail = Jail(Sandbox(), folder, "w2_optimizers", seed=1)
proc = subprocess.Popen(jail.command([sys.executable, "-c", "import time; time.sleep(60)"]),
                        cwd=folder, env={"PATH": os.environ["PATH"]}, start_new_session=True,
                        pass_fds=jail.pass_fds)
print("started", flush=True)
jail.started(proc.pid)
time.sleep(60)
"""


def bwrap_processes() -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            proc = Path("/proc") / entry
            if entry.isdigit() and (proc / "comm").read_text().strip() == "bwrap" \
                    and (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                found.append(int(entry))
        except OSError:
            continue
    return found


def test_is_the_sandbox_gone_when_its_grader_is_killed_while_the_sandbox_starts(tmp_path):
    # bwrap's --die-with-parent is armed only once bwrap has set itself up: a grader killed with
    # SIGKILL in the first few milliseconds of bwrap used to leave the sandbox running for good.
    # Measured without the lifeline (sandbox._LIMITS): about 1 kill in 8 at 0 to 8 ms after
    # Popen returned left the sandbox behind, so these 24 kills catch it with 96 % probability.
    assert sandboxed_processes() == [] and bwrap_processes() == []
    for i in range(24):
        delay = i * 0.00035
        grader = subprocess.Popen([sys.executable, "-c", GRADER, str(tmp_path / f"nb{i}")],
                                  stdout=subprocess.PIPE)
        assert grader.stdout.readline() == b"started\n"
        time.sleep(delay)
        grader.kill()
        grader.wait()
        deadline = time.monotonic() + 10
        while (sandboxed_processes() or bwrap_processes()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sandboxed_processes() == [] and bwrap_processes() == [], f"left by try {i}"


def test_does_a_kit_that_lives_under_tmp_still_see_itself(tmp_path, monkeypatch):
    # the sandbox's private /tmp must not hide a kit (or a notebook) cloned under /tmp
    import autograder.sandbox as sb

    fake_venv = tmp_path / "venv-under-tmp"
    fake_venv.mkdir()
    (fake_venv / "marker.txt").write_text("here")
    real = sb._python_folders
    monkeypatch.setattr(sb, "_python_folders", lambda: real() + [str(fake_venv)])
    _, out, _ = in_jail(tmp_path, f"print(open({str(fake_venv / 'marker.txt')!r}).read())")
    assert "here" in out
