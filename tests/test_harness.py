"""Does the hidden-test harness grade fairly, explain failures and resist simple tampering?"""
import dataclasses
import io
import sys
import time
import warnings

import numpy as np
import pytest

from autograder.harness import grade, prepare
from autograder.harness.spec import all_tasks, get_task, tasks_of


def run(task_id, fn, seed=11):
    out = io.StringIO()
    task = get_task(task_id)
    score = grade(task_id, {task.function: fn}, seed=seed, out=out)
    return score, out.getvalue()


ALL = sorted(all_tasks().values(), key=lambda t: tuple(int(x) for x in t.id.split(".")))
MISTAKES = [(t, m) for t in ALL for m in t.mistakes]


@pytest.mark.parametrize("task", ALL, ids=lambda t: t.id)
def test_does_the_reference_score_full_marks(task):
    score, text = run(task.id, task.reference)
    assert score == task.points, text
    assert f"Score: {task.points:g} / {task.points:g}" in text


@pytest.mark.parametrize("task,mistake", MISTAKES, ids=lambda x: getattr(x, "id", None) or x.name)
def test_is_each_catalogued_mistake_caught_and_named_on_several_seeds(task, mistake):
    # the case design promise: a mistake shows in at least half of the cases, whatever the seed,
    # it is named, and it never earns more than half of the task's points
    for seed in (1, 2, 3, 11):
        score, text = run(task.id, mistake.fn, seed=seed)
        assert score <= task.points * 0.5 + 1e-9, text
        assert mistake.name in text, (seed, text)


def test_is_an_untouched_stub_scored_zero_with_a_clear_message():
    def stub(*args, **kwargs):
        raise NotImplementedError("Task 2.12: update_parameters_with_adam")

    score, text = run("2.12", stub)
    assert score == 0
    assert "Not implemented yet" in text


def test_is_a_missing_function_scored_zero_and_explained():
    out = io.StringIO()
    assert grade("2.12", {}, seed=1, out=out) == 0
    assert "No function named update_parameters_with_adam" in out.getvalue()


def test_does_a_function_right_on_some_cases_get_partial_credit():
    ref = get_task("2.12").reference

    def right_only_at_t1(parameters, grads, v, s, t, *args, **kwargs):
        if t == 1:
            return ref(parameters, grads, v, s, t, *args, **kwargs)
        return ref(parameters, grads, v, s, 1, *args, **kwargs)

    score, text = run("2.12", right_only_at_t1)
    assert 0 < score < 3, text


def test_does_the_same_seed_give_the_same_cases_and_score():
    task = get_task("2.9")
    a, b = prepare(task, 123), prepare(task, 123)
    c = prepare(task, 124)
    w_a = a.cases[0].args[0]["W1"]
    assert np.array_equal(w_a, b.cases[0].args[0]["W1"])
    assert not np.array_equal(w_a, c.cases[0].args[0]["W1"])
    bad = task.mistakes[0].fn
    assert run("2.9", bad, seed=5) == run("2.9", bad, seed=5)


def test_does_grading_print_the_seed():
    _, text = run("2.4", get_task("2.4").reference, seed=98765)
    assert "seed 98765" in text


def test_does_rebinding_numpy_comparison_helpers_gain_nothing(monkeypatch):
    wrong = get_task("2.12").mistakes[0].fn
    honest, _ = run("2.12", wrong, seed=21)
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "isclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "array_equal", lambda *a, **k: True)
    monkeypatch.setattr(np.testing, "assert_allclose", lambda *a, **k: None)
    monkeypatch.setattr(np, "abs", lambda x: 0 * x)
    monkeypatch.setattr(np, "absolute", lambda x: 0 * x)
    monkeypatch.setattr(np, "subtract", lambda a, b: 0 * a)
    monkeypatch.setattr(np, "max", lambda *a, **k: 0.0)
    cheating, text = run("2.12", wrong, seed=21)
    assert cheating == honest < 3, text


def test_does_patching_numpys_internal_reductions_gain_nothing(monkeypatch):
    from numpy._core import _methods

    wrong = get_task("2.12").mistakes[0].fn
    honest, _ = run("2.12", wrong, seed=8)
    monkeypatch.setattr(_methods, "umr_all", lambda *a, **k: True)
    monkeypatch.setattr(_methods, "umr_sum", lambda *a, **k: 0)
    cheating, _ = run("2.12", wrong, seed=8)
    assert cheating == honest < 3


class Agreeable(np.ndarray):
    """An ndarray subclass that claims to equal anything."""

    def __eq__(self, other):
        return True

    def __sub__(self, other):
        return np.zeros(self.shape).view(Agreeable)


def test_are_objects_with_odd_equality_refused():
    def sneaky(parameters, grads, learning_rate):
        return {k: np.asarray(v).view(Agreeable) for k, v in parameters.items()}

    score, text = run("2.4", sneaky)
    assert score == 0
    assert "subclass of numpy.ndarray" in text


class Sneaky(type):
    """A metaclass whose classes lie about their name and crash when asked."""

    @property
    def __name__(cls):
        raise RuntimeError("gotcha")


def test_does_a_class_with_an_odd_name_not_crash_the_grader():
    Odd = Sneaky("Odd", (Exception,), {})

    def raises(*args):
        raise Odd("boom")

    score, text = run("2.13", raises)
    assert score == 0 and "raised Odd: boom" in text


def test_are_number_subclasses_refused_but_zero_d_arrays_accepted():
    class Lying(float):
        def __float__(self):
            return 1e9

    ref = get_task("2.13").reference
    score, text = run("2.13", lambda a, e, k: Lying(ref(a, e, k)))
    assert score == 0 and "expected a number, got an object of type Lying" in text
    score, _ = run("2.13", lambda a, e, k: np.asarray(ref(a, e, k)))
    assert score == 1


def test_does_an_infinite_expected_value_match_an_infinite_answer():
    from autograder.harness.compare import compare

    assert compare(np.array([np.inf, 1.0]), np.array([np.inf, 1.0])) is None
    assert compare(float("inf"), float("-inf")) is not None


def test_are_non_string_dict_keys_explained():
    score, text = run("2.5", lambda parameters: {1: np.zeros((3, 2))})
    assert score == 0 and "dict keys must be strings like 'dW1'; got a key of type int" in text


def test_does_feedback_name_a_single_returned_value():
    ref = get_task("2.4").reference

    def off(parameters, grads, learning_rate):
        out = ref(parameters, grads, learning_rate)
        out["W1"] = out["W1"] + 1.0
        return out

    _, text = run("2.4", off)
    assert "parameters['W1']: " in text


def test_is_a_wrong_structure_reported_in_words():
    score, text = run("2.6", lambda parameters, grads, v, beta, learning_rate: parameters)
    assert score == 0
    assert "expected 2 values (a tuple), got a dict" in text


def test_does_a_student_exception_fail_the_case_not_the_grader():
    def crashes(*args, **kwargs):
        raise SystemExit(3)

    score, text = run("2.4", crashes)
    assert score == 0 and "raised SystemExit" in text


def test_does_an_endless_loop_hit_the_time_limit():
    # prepared for a fresh seed with a short limit; grade() then finds it by (task id, seed)
    prepare(dataclasses.replace(get_task("2.13"), time_limit=0.2), 424242)

    def forever(*args):
        while True:
            pass

    def stubborn(*args):  # swallows the first interruption
        try:
            while True:
                pass
        except BaseException:  # noqa: BLE001  (the point of this student)
            while True:
                pass

    for fn in (forever, stubborn):
        start = time.perf_counter()
        score, text = run("2.13", fn, seed=424242)
        assert score == 0 and "did not return within 0.2 s" in text
        assert time.perf_counter() - start < 10


def test_does_the_harness_never_write_to_stderr(capsys):
    def noisy(parameters, grads, learning_rate):
        print("debug", file=sys.stderr)
        warnings.warn("student warning")
        np.log(np.zeros(2))  # divide-by-zero warning
        return {k: v / 0.0 for k, v in parameters.items()}

    score, text = run("2.4", noisy)
    captured = capsys.readouterr()
    assert captured.err == ""
    assert score == 0
    assert "printed" in text  # the student's prints are counted, not shown


def test_do_task_ids_match_the_curriculum_list():
    names = [t.function for t in tasks_of("w2_optimizers")]
    assert names == [
        "update_parameters_with_gd", "initialize_velocity", "update_parameters_with_momentum",
        "update_parameters_with_nesterov", "initialize_rmsprop", "update_parameters_with_rmsprop",
        "update_parameters_with_adagrad", "initialize_adam", "update_parameters_with_adam",
        "update_lr", "schedule_lr_decay", "exponential_lr_decay",
    ]


def test_is_a_function_that_returns_nothing_told_to_return_its_result():
    def in_place(parameters, grads, learning_rate):
        for name in parameters:
            parameters[name] -= learning_rate * grads["d" + name]

    score, text = run("2.4", in_place)
    assert score == 0 and "returned None: return the result (parameters)" in text


def test_is_a_mistake_that_most_cases_cannot_show_capped_at_half():
    # cases where inverse-time and exponential decay agree (epoch 0) but one: the named mistake
    # passes 3 of 4 cases, yet earns at most half of the task's points
    from autograder.harness.spec import Case

    task = get_task("2.13")

    def cases(rng):
        return [Case(f"epoch 0 ({k})", (0.5 + k / 10, 0, 0.3)) for k in range(3)] + [
            Case("epoch 7", (0.5, 7, 0.3))]

    prepare(dataclasses.replace(task, cases=cases), 515151)
    exponential = next(m for m in task.mistakes if "exponential" in m.name)
    score, text = run("2.13", exponential.fn, seed=515151)
    assert score == 0.5 and "capped at half" in text
    assert text.index("Known mistake") < text.index("In case")  # the mistake first


def test_are_outputs_that_are_one_object_refused():
    def same_dict(parameters):
        v = {"d" + n: np.zeros(p.shape) for n, p in parameters.items()}
        return v, v

    def same_arrays(parameters):
        v = {"d" + n: np.zeros(p.shape) for n, p in parameters.items()}
        return v, dict(v)

    for fn in (same_dict, same_arrays):
        score, text = run("2.11", fn)
        assert score == 0 and "one and the same object" in text, text
    score, text = run("2.11", lambda p: ({"d" + n: np.zeros(a.shape) for n, a in p.items()},
                                         {"d" + n: np.zeros(a.shape) for n, a in p.items()}))
    assert score == 1, text


def test_does_an_update_that_loops_over_every_key_of_grads_lose_points():
    # real gradients also hold dA/dZ keys, and some cases pass them
    def every_key(parameters, grads, v, beta, learning_rate):
        new_v = {k: beta * v[k] + (1 - beta) * grads[k] for k in grads}
        return {n: p - learning_rate * new_v["d" + n] for n, p in parameters.items()}, new_v

    score, text = run("2.6", every_key)
    assert 0 < score < 2 and "grads also holding dA/dZ" in text


def test_does_feedback_lead_with_the_output_that_explains_the_mistake():
    ref = get_task("2.12").reference

    def beta1_for_beta2(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                        epsilon=1e-8):
        return ref(parameters, grads, v, s, t, learning_rate, beta1, beta1, epsilon)

    _, text = run("2.12", beta1_for_beta2, seed=5)
    first = next(line for line in text.splitlines() if "In case" in line)
    assert ": s['" in first, text
