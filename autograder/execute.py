"""nbgrader's Execute step with every kernel in a sandbox, and a notebook that always finishes.

``SandboxedExecute`` replaces nbgrader's ``Execute`` in the autograde pipeline (see
``autograder.config``). Compared with stock nbgrader it

* starts the kernel in a ``autograder.sandbox.Jail`` (bubblewrap, rlimits, watchdog) with the
  hidden tests' inputs for this grading seed in ``$KIT_CASES_DIR``;
* never lets a dying kernel abort the grading: when the kernel dies (``os._exit``, a limit, a
  cell that ignores interruption), the cells after it are left empty, the cell where it happened
  says why, and the notebook goes on to be scored (hidden cells that did not run get 0 with the
  reason);
* skips the cells tagged ``demo`` (given cells that only demonstrate: training runs, figures),
  since nobody looks at them while a notebook is graded; if a hidden test then meets a
  ``NameError`` (a function that uses a name only a demo cell defines), it runs them after all;
* keeps at most ``Sandbox.output_limit_bytes`` of displayed output (the hidden tests' own results
  are counted apart);
* after the last cell, tests again the tasks whose function was missing or raised when their
  hidden cell ran (a function defined further down; ``kernel.final_pass``);
* records what happened in ``resources["kit"]`` for ``WriteVerdicts``.
"""
from __future__ import annotations

import os

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbconvert.preprocessors.execute import NotebookClient
from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade

from autograder.harness import kernel
from autograder.harness.runner import grading_seed, parse_payload
from autograder.sandbox import Jail, Sandbox, SandboxKernelManager, check_available

RESULTS_LIMIT = 64 * 1024 * 1024  # bytes of hidden-test results kept per notebook
FINAL = "kit_final_pass"  # metadata of the cell that tests unfinished tasks again at the end


def cell_name(cell, index: int) -> str:
    """How the feedback names a cell: its position and its first line."""
    first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
    if len(first) > 60:
        first = first[:57] + "..."
    return f"cell {index + 1}" + (f" (`{first}`)" if first else "")


def _size(content: dict) -> int:
    """Bytes an output message would add to the notebook (roughly)."""
    if "text" in content:
        return len(str(content["text"]))
    if "data" in content:
        return sum(len(str(v)) for v in dict(content["data"]).values())
    if "traceback" in content:
        return sum(len(str(t)) for t in content["traceback"])
    return 0


class SandboxedExecute(Execute):
    """nbgrader's Execute, with the kernel in a sandbox and a run that always finishes."""

    def preprocess(self, nb, resources=None, km=None):
        resources = resources if resources is not None else {}
        sandbox = Sandbox(parent=self)
        if sandbox.enabled:
            check_available()
        seed = grading_seed()
        assignment = resources["nbgrader"]["assignment"]
        path = resources.get("metadata", {}).get("path") or os.getcwd()
        kit = resources.setdefault("kit", {})
        kit.update(seed=seed, events=[], stopped=None, final={},
                   restored=dict(nb.metadata.get("kit", {}).get("restored", {})))
        budget = max(1.0, 0.75 * self.timeout) if self.timeout else 45.0
        self.jail = Jail(sandbox, path, assignment, seed, budget)
        self.output_limit = sandbox.output_limit_bytes
        self._output_bytes = self._results_bytes = 0
        self._limited_cells: set = set()
        try:
            NotebookClient.__init__(self, nb, km)
            self.shutdown_kernel = "immediate"
            self.reset_execution_trackers()
            self._check_assign_resources(resources)
            self._run_cells(kit)
        finally:
            self.jail.close()
            watchdog = self.jail.watchdog
            kit["peak_memory_mb"] = round(watchdog.peak_memory / 2**20, 1) if watchdog else 0.0
            kit["kernel_cpu"] = round(watchdog.cpu_seconds, 3) if watchdog else 0.0
        return self.nb, self.resources

    def create_kernel_manager(self):
        self.km = SandboxKernelManager(jail=self.jail, kernel_name="python3", config=self.config)
        return self.km

    def _run_cells(self, kit: dict) -> None:
        cells = self.nb.cells
        try:
            with self.setup_kernel():
                info = self.wait_for_reply(self.kc.kernel_info())
                if info is not None:
                    self.nb.metadata["language_info"] = info["content"]["language_info"]
                skipped = [i for i, c in enumerate(cells) if self._skipped(c)]
                for index in range(len(cells)):
                    self._run_one(kit, index)
                if kit["stopped"] is None and skipped and self._needs_demo_cells():
                    # a function may need a name that only a skipped demo cell defines
                    self.skip_cells_with_tag = ""
                    for index in skipped:
                        self._run_one(kit, index)
                if kit["stopped"] is None:
                    kit["final"] = self._final_pass()
        except DeadKernelError:
            self._stop(kit, None, 0, self.jail.stop_reason or "the kernel stopped")
        except RuntimeError as exc:  # the kernel did not start or answer
            log = self.jail.kernel_log(600).strip()
            self._stop(kit, None, 0, f"the kernel could not start ({exc})"
                       + (f"; it wrote: {log}" if log else ""))
        for index, cell in enumerate(cells):
            if index in self._limited_cells:
                cell.outputs.append(new_output(
                    "stream", name="stdout",
                    text=f"\n[The notebook reached the limit of {self.output_limit / 1e6:g} MB "
                         f"of output here: the rest of its output was not kept.]\n"))

    def _skipped(self, cell) -> bool:
        return bool(self.skip_cells_with_tag) and self.skip_cells_with_tag in cell.get(
            "metadata", {}).get("tags", [])

    def _run_one(self, kit: dict, index: int) -> None:
        """Run one cell; a kernel that dies or a cell that will not stop ends the notebook."""
        cell = self.nb.cells[index]
        if kit["stopped"] is not None:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
            return
        try:
            self.preprocess_cell(cell, self.resources, index)
        except DeadKernelError:
            self._stop(kit, cell, index, self.jail.stop_reason
                       or "the kernel stopped (the code ended its own process?)")
        except CellTimeoutError:
            self.jail.kill(f"it ran past the {self.timeout} s limit for one cell and did not "
                           f"stop when interrupted")
            self._stop(kit, cell, index, self.jail.stop_reason)
        else:
            if any(o.output_type == "error" and o.get("ename") == "CellTimeoutError"
                   for o in cell.get("outputs", [])):
                kit["events"].append(f"{cell_name(cell, index)} ran past the {self.timeout} s "
                                     f"limit and was interrupted")

    def _needs_demo_cells(self) -> bool:
        """Whether a hidden test's function raised NameError (it may need a demo cell's name)."""
        for cell in self.nb.cells:
            if not is_grade(cell):
                continue
            for output in cell.get("outputs", []):
                payload = parse_payload(output.get("data", {}).get(kernel.RESULTS_MIME))
                if payload and any(str(r.get("message", "")).startswith("NameError")
                                   for r in payload["results"] if isinstance(r, dict)):
                    return True
        return False

    def _final_pass(self) -> dict:
        """Run ``kernel.final_pass`` in a cell of its own after the notebook; task -> payload.

        The cell is removed again: it is not part of the graded notebook.
        """
        cell = new_code_cell("import autograder.harness.kernel as _kit_kernel\n"
                             "_kit_kernel.final_pass(globals())", metadata={FINAL: True})
        self.nb.cells.append(cell)
        try:
            self.preprocess_cell(cell, self.resources, len(self.nb.cells) - 1)
        except (DeadKernelError, CellTimeoutError):
            return {}
        finally:
            self.nb.cells.pop()
        found = {}
        for output in cell.get("outputs", []):
            payload = parse_payload(output.get("data", {}).get(kernel.RESULTS_MIME))
            if payload is not None and payload.get("final") is True:
                found[payload.get("task")] = payload
        return found

    def _stop(self, kit: dict, cell, index: int, reason: str) -> None:
        where = cell_name(cell, index) if cell is not None else "the start"
        kit["stopped"] = {"index": index, "where": where, "reason": reason}
        kit["events"].append(f"the notebook stopped in {where}: {reason}")
        if cell is not None and cell.cell_type == "code":
            message = (f"The grader stopped this notebook here: {reason}. "
                       f"The cells below did not run.")
            cell.outputs.append(new_output("error", ename="NotebookStopped", evalue=message,
                                           traceback=[f"NotebookStopped: {message}"]))

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        data = content.get("data") or {}
        cell = self.nb.cells[cell_index]
        if (msg.get("msg_type") == "display_data" and kernel.RESULTS_MIME in data
                and (is_grade(cell) or cell.metadata.get(FINAL))):
            self._results_bytes += _size(content)
            if self._results_bytes <= RESULTS_LIMIT:
                return super().output(outs, msg, display_id, cell_index)
            return None
        size = _size(content)
        if self._output_bytes + size > self.output_limit:
            if self._output_bytes <= self.output_limit:  # the first output over the limit
                self._limited_cells.add(cell_index)
                self._output_bytes = self.output_limit + 1
                self.resources["kit"]["events"].append(
                    f"{cell_name(self.nb.cells[cell_index], cell_index)} reached the "
                    f"{self.output_limit / 1e6:g} MB output limit; later output was dropped")
            return None
        self._output_bytes += size
        return super().output(outs, msg, display_id, cell_index)
