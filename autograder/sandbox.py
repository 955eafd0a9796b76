"""A sandbox around every graded notebook: bubblewrap namespaces, resource limits and a watchdog.

Student code is untrusted. Each submission's kernel, and every process it starts, runs in its own
``bwrap`` (bubblewrap) sandbox:

* **What it can see.** A fresh root holding only the system's programs and libraries (``/usr``,
  ``/lib``...), the Python installation, the ``course`` package, the data sets, and a *view* of
  the kit with nothing but the in-kernel runner (``autograder/harness/{kernel,codec}.py``) mounted
  where the ``autograder`` package lives, all read-only. The notebook's folder is a private copy
  of the submission; ``/tmp`` is private too. It cannot see the reference solutions, the task
  specs, ``source/``, the gradebook, other submissions or the course directory.
* **What it can do.** No network (a new network namespace with only loopback), no capabilities,
  an unprivileged user, its own PID namespace: when grading ends, every process of the submission
  ends with it, whatever it forked or detached.
* **How much.** Per process, kernel-enforced rlimits: address space (memory), CPU seconds, file
  size, open files. For the whole submission, a watchdog thread in the grader polls the sandbox's
  processes every ``poll_interval`` seconds and stops the sandbox when their number or their
  total memory (proportional set size: shared pages are not counted twice) passes the limit, when the notebook runs past its wall-clock limit, or when its
  private folders grow past the disk limit. The kernel talks to the grader over Unix sockets in a
  folder of the sandbox (ZeroMQ ``ipc`` transport), since it has no network.

Why bubblewrap rather than Landlock + rlimits: Landlock restricts file access and (from ABI 4) TCP,
but has no PID namespace, so a detached process would outlive the notebook; bubblewrap gives the
file view, the network, the user and the process lifetime in one tool that runs unprivileged,
and the rlimits are added on top (see README "Trusted grading").

``Sandbox`` holds the limits (configured in ``nbgrader_config.py``); ``Jail`` is one submission's
sandbox; ``SandboxKernelManager`` is the jupyter_client kernel manager that launches a kernel in
it; ``autograder.execute.SandboxedExecute`` uses them for nbgrader's autograde.
"""
from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from traitlets import Any, Bool, Float, Int
from traitlets.config import LoggingConfigurable

import autograder
import course
from autograder.harness import codec, kernel
from autograder.harness.runner import write_cases

INSIDE_UID = 1000
CASES_INSIDE = "/kit/cases"
_PAGE = os.sysconf("SC_PAGE_SIZE")
INSTALL_HINT = (
    "Install bubblewrap (Debian/Ubuntu: `sudo apt-get install bubblewrap`; Fedora: `sudo dnf "
    "install bubblewrap`). On Ubuntu 23.10 and later, unprivileged user namespaces may also "
    "need `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`. Where there is no "
    "sandbox (macOS, Windows), grade on Linux, or pass --no-sandbox to grade notebooks you trust.")


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create its namespaces on this machine."""


class Sandbox(LoggingConfigurable):
    """Limits of the sandbox each graded notebook runs in (set them in nbgrader_config.py)."""

    enabled = Bool(True, help="Run every graded kernel in a bubblewrap sandbox.").tag(config=True)
    memory_limit_mb = Int(2048, help="Memory of a submission: resident memory of all its "
                                     "processes together, and address space of each one "
                                     "(MiB).").tag(config=True)
    max_processes = Int(64, help="Processes a submission may run at once.").tag(config=True)
    output_limit_bytes = Int(10_000_000, help="Output a notebook may display in all; more is "
                                              "dropped.").tag(config=True)
    cpu_time_limit = Int(600, help="CPU seconds of each process.").tag(config=True)
    notebook_time_limit = Int(900, help="Wall-clock seconds for the whole notebook.").tag(
        config=True)
    disk_limit_mb = Int(512, help="What a submission may write to its private folders "
                                  "(MiB).").tag(config=True)
    max_files = Int(10_000, help="Files a submission may create.").tag(config=True)
    poll_interval = Float(0.05, help="Seconds between two watchdog checks.").tag(config=True)


# ----------------------------------------------------------------------------- availability

def bwrap_path() -> str | None:
    return shutil.which("bwrap")


@functools.lru_cache(maxsize=1)
def probe() -> str:
    """'' when bubblewrap can create a sandbox here, else why not."""
    if sys.platform != "linux":
        return f"there is no bubblewrap sandbox on {sys.platform}"
    path = bwrap_path()
    if path is None:
        return "the `bwrap` program (bubblewrap) is not installed"
    cmd = [path, *_system_binds(), "--unshare-all", "--unshare-user", "--uid", str(INSIDE_UID),
           "--cap-drop", "ALL", "--die-with-parent", "--", "/bin/sh", "-c", "exit 0"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap could not run ({exc})"
    if done.returncode != 0:
        return f"bubblewrap cannot create a sandbox here: {done.stderr.strip() or done.returncode}"
    return ""


def check_available() -> None:
    """Raise SandboxUnavailable, saying why and what to do, when no sandbox can be made here."""
    why = probe()
    if why:
        raise SandboxUnavailable(f"Submissions are graded in a sandbox, but {why}. {INSTALL_HINT}")


def available() -> bool:
    return not probe()


# ----------------------------------------------------------------------------- the jail

def _system_binds() -> list[str]:
    """Read-only system folders (programs, libraries) and a few files of /etc."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(name):
            args += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            args += ["--ro-bind", name, name]
    for name in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
                 "/etc/alternatives", "/etc/fonts"):
        args += ["--ro-bind-try", name, name]
    return args


def _python_folders() -> list[str]:
    """Folders of the Python installation (base interpreter, virtual environment, its paths)."""
    folders = {os.path.realpath(p) for p in (sys.base_prefix, sys.prefix, sys.exec_prefix)}
    folders |= {os.path.dirname(os.path.realpath(sys.executable))}
    for entry in sys.path:
        if entry and os.path.isdir(entry) and "site-packages" in entry:
            folders.add(os.path.realpath(entry))
    system = ("/usr/", "/bin/", "/lib")
    kit = os.path.realpath(Path(autograder.__file__).parent.parent)
    keep = sorted(f for f in folders if not f.startswith(system) and f != kit)
    return [f for f in keep if not any(f != g and f.startswith(g + os.sep) for g in keep)]


def _mpl_font_cache() -> Path | None:
    """The grader's matplotlib font list (copied into each sandbox so no kernel rebuilds it)."""
    try:
        import matplotlib
        from matplotlib import font_manager  # noqa: F401  (builds the list if missing)
    except ImportError:
        return None
    found = sorted(Path(matplotlib.get_cachedir()).glob("fontlist-*.json"))
    return found[-1] if found else None


# The first process in the sandbox: it sets the per-process limits, starts the kernel, and holds
# the read end of the jail's lifeline, a pipe whose write end only the grader holds. When the
# grader's process ends, however it ends (kill -9, a lost cluster worker, even during the few
# milliseconds in which bwrap's own --die-with-parent is not yet armed), the pipe reports EOF and
# this process kills every process of the sandbox. It exits as the kernel exits, with its status.
_LIMITS = """\
import os, resource, signal, sys, threading
for name, value in zip(("AS", "CPU", "FSIZE", "NOFILE", "CORE"), map(int, sys.argv[1:6])):
    resource.setrlimit(getattr(resource, "RLIMIT_" + name), (value, value))
lifeline, jailed = int(sys.argv[6]), sys.argv[7] == "1"
kernel = os.fork()
if kernel == 0:
    os.close(lifeline)
    os.execv(sys.argv[8], sys.argv[8:])
def watch():
    try:
        while os.read(lifeline, 64):
            pass
    except OSError:
        pass
    if jailed:
        os.kill(-1, signal.SIGKILL)  # every process of the sandbox but this one
    else:
        os.kill(kernel, signal.SIGKILL)
    os._exit(1)
threading.Thread(target=watch, daemon=True).start()
code = os.waitstatus_to_exitcode(os.waitpid(kernel, 0)[1])
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
os._exit(code)
"""

_VIEW_INIT = '"""Under grading the kernel sees only the in-kernel runner of the kit."""\n'
_VIEW_HARNESS = ('"""Hidden tests under grading: run the student\'s function, hand out what it '
                 'returns."""\nfrom autograder.harness.kernel import grade, prepare_grading_kernel  '
                 '# noqa: F401\n\nprepare_grading_kernel()  # cheaper, same results\n')


class Jail:
    """One submission's sandbox: private folders, the command that starts a kernel in it, the
    watchdog, and the cleanup.

    Folders (in a temporary directory of the grader): ``work`` (a copy of the notebook's folder,
    the kernel's working directory), ``tmp`` and ``shm`` (its /tmp and /dev/shm; everything else
    is read-only, so all it writes is on disk and counted), ``cases`` (the hidden tests' inputs),
    ``run`` (the kernel's connection file and sockets), ``view`` (the kit as the kernel sees it).
    """

    def __init__(self, sandbox: Sandbox, notebook_dir: str | Path, assignment: str, seed: int,
                 budget: float = 30.0):
        self.sandbox = sandbox
        self.notebook_dir = os.path.realpath(notebook_dir)
        self.root = Path(tempfile.mkdtemp(prefix=f"kit-{os.getpid()}-"))
        self.work, self.tmp = self.root / "work", self.root / "tmp"
        self.cases, self.run, self.view = self.root / "cases", self.root / "run", self.root / "view"
        self.shm = self.root / "shm"
        for folder in (self.tmp, self.cases, self.run, self.shm):
            folder.mkdir()
        shutil.copytree(self.notebook_dir, self.work, symlinks=True,
                        ignore=shutil.ignore_patterns("*.ipynb"))
        write_cases(assignment, seed, self.cases, budget)
        self._write_view()
        (self.tmp / "matplotlib").mkdir()
        fonts = _mpl_font_cache()
        if fonts is not None:
            shutil.copy(fonts, self.tmp / "matplotlib" / fonts.name)
        (self.root / "passwd").write_text(f"student:x:{INSIDE_UID}:{INSIDE_UID}::/tmp:/bin/sh\n")
        (self.root / "group").write_text(f"student:x:{INSIDE_UID}:\n")
        self.log_path = self.root / "kernel.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115  (closed in close())
        self.lifeline, self._lifeline_writer = os.pipe()  # see _LIMITS
        self.pid: int | None = None
        self.watchdog: Watchdog | None = None

    def _write_view(self) -> None:
        package = self.view / "autograder"
        (package / "harness").mkdir(parents=True)
        (package / "__init__.py").write_text(_VIEW_INIT)
        (package / "harness" / "__init__.py").write_text(_VIEW_HARNESS)
        for module in (kernel, codec):
            shutil.copy(module.__file__, package / "harness" / Path(module.__file__).name)

    # -------------------------------------------------------------- the command

    def env(self) -> dict:
        """The kernel's whole environment (nothing of the grader's leaks in)."""
        tmp = "/tmp" if self.sandbox.enabled else str(self.tmp)
        return {
            "PATH": f"{os.path.dirname(sys.executable)}:/usr/local/bin:/usr/bin:/bin",
            "HOME": tmp, "TMPDIR": tmp, "USER": "student", "LANG": "C.UTF-8",
            "MPLBACKEND": "Agg", "MPLCONFIGDIR": f"{tmp}/matplotlib",
            "IPYTHONDIR": f"{tmp}/ipython", "XDG_CACHE_HOME": f"{tmp}/.cache",
            "JUPYTER_RUNTIME_DIR": f"{tmp}/jupyter", "JUPYTER_DATA_DIR": f"{tmp}/jupyter",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "MALLOC_ARENA_MAX": "2", "PYTHONDONTWRITEBYTECODE": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "NBGRADER_EXECUTION": "autograde", kernel.CASES_ENV: self.cases_inside,
            "KIT_DATASETS_DIR": str(_datasets_dir()),
        }

    @property
    def cases_inside(self) -> str:
        return CASES_INSIDE if self.sandbox.enabled else str(self.cases)

    def limits_prefix(self) -> list[str]:
        """Run a command with the per-process rlimits set (trusted code, before the kernel)."""
        s = self.sandbox
        memory = s.memory_limit_mb * 1024 * 1024
        return [sys.executable, "-c", _LIMITS, str(memory), str(s.cpu_time_limit),
                str(s.disk_limit_mb * 1024 * 1024), "1024", "0", str(self.lifeline),
                "1" if s.enabled else "0"]

    @property
    def pass_fds(self) -> tuple:
        """The file descriptors the command needs: give them to its ``Popen(pass_fds=...)``."""
        return (self.lifeline,)

    def command(self, inner: list[str]) -> list[str]:
        """``inner`` (the kernel command) wrapped in the limits and, if enabled, in bwrap."""
        inner = self.limits_prefix() + inner
        if not self.sandbox.enabled:
            return inner
        args = [bwrap_path(), "--unshare-all", "--unshare-user", "--uid", str(INSIDE_UID),
                "--gid", str(INSIDE_UID), "--cap-drop", "ALL", "--die-with-parent",
                "--new-session", "--hostname", "sandbox", *_system_binds(),
                "--ro-bind", str(self.root / "passwd"), "/etc/passwd",
                "--ro-bind", str(self.root / "group"), "/etc/group",
                "--proc", "/proc", "--dev", "/dev", "--bind", str(self.shm), "/dev/shm",
                "--remount-ro", "/dev",
                # /tmp first: what follows may live under /tmp (a kit cloned there) and is
                # mounted on top of the private /tmp, not hidden by it
                "--bind", str(self.tmp), "/tmp"]
        for folder in _python_folders():
            args += ["--ro-bind", folder, folder]
        course_dir = os.path.realpath(Path(course.__file__).parent)
        kit_dir = os.path.realpath(Path(autograder.__file__).parent)
        args += ["--ro-bind", course_dir, course_dir,
                 "--ro-bind", str(_datasets_dir()), str(_datasets_dir()),
                 "--ro-bind", str(self.view / "autograder"), kit_dir,
                 "--bind", str(self.work), self.notebook_dir,
                 "--ro-bind", str(self.cases), CASES_INSIDE,
                 "--bind", str(self.run), str(self.run),
                 "--remount-ro", "/", "--chdir", self.notebook_dir, "--clearenv"]
        for key, value in self.env().items():
            args += ["--setenv", key, value]
        return args + ["--", *inner]

    # -------------------------------------------------------------- life

    def started(self, pid: int) -> None:
        """The kernel's outermost process is ``pid``: watch it and its descendants."""
        self.pid = pid
        self._close_fd("lifeline")  # the sandbox holds it now
        self.watchdog = Watchdog(self, pid)
        self.watchdog.start()

    def _close_fd(self, name: str) -> None:
        fd = getattr(self, name)
        if fd is not None:
            setattr(self, name, None)
            os.close(fd)

    @property
    def stop_reason(self) -> str:
        return self.watchdog.reason if self.watchdog else ""

    def kill(self, reason: str = "") -> None:
        """Stop every process of the submission now."""
        if self.watchdog:
            self.watchdog.kill(reason)

    def close(self) -> None:
        """Kill whatever is left, wait for it, and delete the private folders."""
        if self.watchdog:
            self.watchdog.stop()
        self._close_fd("lifeline")
        self._close_fd("_lifeline_writer")
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def kernel_log(self, limit: int = 2000) -> str:
        """The end of what the kernel process wrote to its own stdout/stderr."""
        try:
            with open(self.log_path, "rb") as fh:
                fh.seek(max(0, os.path.getsize(self.log_path) - limit))
                return fh.read().decode("utf-8", "replace")
        except OSError:
            return ""


def clean_stale_jails() -> int:
    """Delete the private folders of sandboxes whose grading process is gone (a run that was
    killed cannot clean up after itself); how many."""
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob("kit-*-*"):
        pid = folder.name.split("-")[1]
        if pid.isdigit() and not os.path.exists(f"/proc/{pid}") and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _datasets_dir() -> Path:
    from course.data import _datasets_dir as find

    return Path(os.path.realpath(find()))


# ----------------------------------------------------------------------------- the watchdog

def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (read from /proc, children of every thread)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{p}/task/{tid}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
            except OSError:
                continue
    return found


def _memory_bytes(pid: int) -> int:
    """Memory of one process, its shared pages divided among the processes sharing them
    (proportional set size), so that forked processes are not counted many times over."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _disk_usage(folders: list[Path], max_entries: int) -> tuple[int, int]:
    """(bytes, files) under ``folders``, counting at most ``max_entries + 1`` entries."""
    total = count = 0
    todo = [str(f) for f in folders]
    while todo and count <= max_entries:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:
            continue
        for entry in entries:
            count += 1
            try:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(entry.path)
                else:
                    total += entry.stat(follow_symlinks=False).st_blocks * 512
            except OSError:
                continue
    return total, count


class Watchdog(threading.Thread):
    """Polls a sandbox's processes and stops it at the first limit passed; records why."""

    def __init__(self, jail: Jail, pid: int):
        super().__init__(daemon=True, name=f"kit-watchdog-{pid}")
        self.jail, self.pid = jail, pid
        self.reason = ""
        self.ns: str | None = None  # the sandbox's PID namespace, once seen
        self.peak_memory = 0
        self.peak_processes = 0
        self.cpu_seconds = 0.0  # CPU time of the sandbox's processes (polled; set at stop)
        self._cpu: dict = {}
        self._stop_event = threading.Event()
        self._t0 = time.monotonic()

    def run(self) -> None:
        s = self.jail.sandbox
        memory_cap = s.memory_limit_mb * 1024 * 1024
        next_disk = 0.0
        while not self._stop_event.wait(s.poll_interval):
            pids = descendants(self.pid)
            self._find_namespace(pids)
            # bwrap's own two processes and the first one in the sandbox (_LIMITS) do not count
            mine = len(pids) - (3 if s.enabled else 1)
            self.peak_processes = max(self.peak_processes, mine)
            if mine > s.max_processes:
                self.kill(f"it started more than {s.max_processes} processes")
                continue
            for p in pids:  # the latest CPU time of every process seen
                self._cpu[p] = max(self._cpu.get(p, 0.0), _cpu_seconds(p))
            memory = sum(_memory_bytes(p) for p in pids)
            self.peak_memory = max(self.peak_memory, memory)
            if memory > memory_cap:
                self.kill(f"it used more than the {s.memory_limit_mb} MiB memory limit")
            elif time.monotonic() - self._t0 > s.notebook_time_limit:
                self.kill(f"it ran past the {s.notebook_time_limit} s limit for a whole notebook")
            elif time.monotonic() > next_disk:
                next_disk = time.monotonic() + 1.0
                used, files = _disk_usage([self.jail.work, self.jail.tmp, self.jail.shm],
                                          s.max_files)
                if files > s.max_files:
                    self.kill(f"it created more than {s.max_files} files")
                elif used > s.disk_limit_mb * 1024 * 1024:
                    self.kill(f"it wrote more than {s.disk_limit_mb} MiB to disk")

    def _find_namespace(self, pids: list) -> None:
        """Remember the sandbox's PID namespace (bwrap's first child lives in it)."""
        if self.ns is None and self.jail.sandbox.enabled:
            for p in pids[1:]:
                ns = _pid_namespace(p)
                if ns and ns != _OUR_NAMESPACE:
                    self.ns = ns
                    return

    def _members(self) -> list:
        """Every process of the sandbox: the tree below bwrap, and whatever else is in its PID
        namespace (a process whose parent died is no longer in the tree)."""
        pids = descendants(self.pid)
        self._find_namespace(pids)
        if self.ns is not None:
            pids += [p for p in in_namespace(self.ns) if p not in pids]
        return pids

    def kill(self, reason: str = "") -> None:
        """SIGKILL every process of the sandbox (first reason wins)."""
        if reason and not self.reason:
            self.reason = reason
        for _ in range(3):  # a fork between listing and killing is caught by the next round
            pids = self._members()
            for p in reversed(pids):
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
            if len(pids) <= 1:
                break

    def stop(self) -> None:
        """End the watch: kill whatever is left of the sandbox and wait until it is gone."""
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout=5)
        for p in self._members():
            self._cpu[p] = max(self._cpu.get(p, 0.0), _cpu_seconds(p))
        self.cpu_seconds = sum(self._cpu.values())
        self.kill()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (
                (self.ns is not None and in_namespace(self.ns)) or _alive(self.pid)):
            self.kill()
            time.sleep(0.02)


_OUR_NAMESPACE = os.readlink("/proc/self/ns/pid") if os.path.exists("/proc/self/ns/pid") else ""


def _pid_namespace(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/ns/pid")
    except OSError:
        return None


def in_namespace(ns: str) -> list:
    """The processes of this machine in PID namespace ``ns`` (not yet reaped zombies excluded)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _pid_namespace(int(entry)) == ns and _alive(int(entry)):
            found.append(int(entry))
    return found


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def _alive(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


# ----------------------------------------------------------------------------- kernel manager

class SandboxKernelManager(AsyncKernelManager):
    """Starts an IPython kernel inside a ``Jail`` and talks to it over Unix sockets."""

    jail = Any(allow_none=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        self.ip = str(self.jail.run / "k")
        self.connection_file = str(self.jail.run / "kernel.json")
        self._kernel_spec = KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3 (kit sandbox)", language="python",
            interrupt_mode="message", env={})

    @property
    def kernel_spec(self):
        return self._kernel_spec

    def format_kernel_cmd(self, extra_arguments=None):
        return self.jail.command(super().format_kernel_cmd(extra_arguments))

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw["env"] = self.jail.env() if not self.jail.sandbox.enabled else {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        kw["stdout"] = kw["stderr"] = self.jail.log
        kw["cwd"] = self.jail.notebook_dir if self.jail.sandbox.enabled else str(self.jail.work)
        kw["pass_fds"] = self.jail.pass_fds
        await super()._async_launch_kernel(kernel_cmd, **kw)
        self.jail.started(self.provisioner.process.pid)

    _launch_kernel = _async_launch_kernel
