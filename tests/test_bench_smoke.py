"""Does the speed benchmark still run, and do its loop versions agree with the reference?

Tiny sizes only; nothing here looks at the times.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from autograder import bench
from autograder.reference.w2_minibatch_ewma import ewma, random_mini_batches
from autograder.reference.w2_optimizers import update_parameters_with_adam
from autograder.reference.w3_softmax import softmax
from autograder.reference.w3_tuning_batchnorm import batchnorm_backward, batchnorm_forward


def test_does_the_loop_batch_norm_agree_with_the_reference():
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((3, 7)) * 2 + 1
    gamma, beta = rng.standard_normal((3, 1)), rng.standard_normal((3, 1))
    running_mean, running_var = np.zeros((3, 1)), np.ones((3, 1))
    dout = rng.standard_normal((3, 7))
    out, cache, rm, rv = batchnorm_forward(Z, gamma, beta, running_mean, running_var)
    dZ, dgamma, dbeta = batchnorm_backward(dout, cache)
    got = bench.loop_batchnorm_forward_backward(Z, gamma, beta, running_mean, running_var, dout)
    for g, e in zip(got, (out, rm, rv, dZ, dgamma, dbeta)):
        np.testing.assert_allclose(g, e, rtol=1e-10, atol=1e-12)


def test_does_the_loop_softmax_agree_with_the_reference():
    Z = np.random.default_rng(1).uniform(-30, 30, (5, 9))
    np.testing.assert_allclose(bench.loop_softmax(Z), softmax(Z), rtol=1e-12)


def test_does_the_loop_adam_agree_with_the_reference():
    parameters, grads, v, s = bench._adam_inputs((4, 3, 2), np.random.default_rng(2))
    got = bench.loop_adam(parameters, grads, v, s, t=3)
    expected = update_parameters_with_adam(parameters, grads, v, s, t=3)
    for g, e in zip(got, expected):
        assert sorted(g) == sorted(e)
        for key in e:
            np.testing.assert_allclose(g[key], e[key], rtol=1e-12)


@pytest.mark.parametrize("shape", [(40,), (40, 3)])
@pytest.mark.parametrize("loop", [bench.loop_ewma, bench.loop_ewma_vector_steps])
def test_do_the_loop_ewmas_agree_with_the_reference(shape, loop):
    theta = np.random.default_rng(3).standard_normal(shape)
    np.testing.assert_allclose(loop(theta, 0.9), ewma(theta, 0.9, bias_correction=True),
                               rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("loop", [bench.loop_minibatches, bench.loop_minibatches_elements])
def test_do_the_loop_mini_batches_agree_with_the_reference(loop):
    rng = np.random.default_rng(4)
    X, Y = rng.standard_normal((3, 50)), rng.standard_normal((1, 50))
    got = loop(X, Y, 16, np.random.default_rng(5))
    expected = random_mini_batches(X, Y, 16, np.random.default_rng(5))
    assert len(got) == len(expected)
    for (gx, gy), (ex, ey) in zip(got, expected):
        np.testing.assert_array_equal(gx, ex)
        np.testing.assert_array_equal(gy, ey)


def test_does_the_quick_benchmark_print_a_row_per_function(capsys):
    assert bench.main(["--quick"]) == 0
    table = capsys.readouterr().out
    for name in ("batchnorm forward+backward", "softmax", "update_parameters_with_adam", "ewma",
                 "random_mini_batches"):
        assert name in table
    assert "ratio" in table and ">= 50x" in table


@pytest.mark.nbgrader
def test_does_the_grading_benchmark_report_a_class_with_its_core_seconds(tmp_path, capsys,
                                                                         sandbox_required):
    from autograder import bench_grading

    out = tmp_path / "bench.json"
    assert bench_grading.main(["--assignment", "w2_minibatch_ewma", "--class-size", "3",
                               "--skip-notebooks", "--no-stock", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "w2_minibatch_ewma: 3 submissions" in text and "core-s per submission" in text
    kit = json.loads(out.read_text())["classes"]["w2_minibatch_ewma"]["kit"]
    assert kit["n"] == 3 and kit["failed"] == 0 and kit["kernel"] > 0 and kit["grader"] > 0
