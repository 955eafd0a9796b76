"""Does the reference package hold every graded function of CURRICULUM.md with its exact name and
signature? (The list below is copied from the curriculum: tests must not read ../shared.)"""
import inspect

import pytest

import autograder.reference as ref

CURRICULUM = {
    # w1_initialization
    "normalize_inputs": "(X_train, X_test)",
    "initialize_parameters_zeros": "(layers_dims)",
    "initialize_parameters_random": "(layers_dims, rng, scale=10.0)",
    "initialize_parameters_xavier": "(layers_dims, rng)",
    "initialize_parameters_he": "(layers_dims, rng)",
    # w1_regularization
    "diagnose_bias_variance": "(train_error, dev_error, base_error=0.0, tolerance=*)",
    "compute_cost_with_regularization": "(A3, Y, parameters, lambd)",
    "backward_propagation_with_regularization": "(X, Y, cache, lambd)",
    "forward_propagation_with_dropout": "(X, parameters, keep_prob, rng)",
    "backward_propagation_with_dropout": "(X, Y, cache, keep_prob)",
    # w1_gradient_checking
    "gradient_check_1d": "(x, theta, epsilon=1e-07)",
    "gradient_check_n": "(parameters, gradients, X, Y, epsilon=1e-07)",
    # w2_minibatch_ewma
    "random_mini_batches": "(X, Y, mini_batch_size=64, rng=*)",
    "ewma": "(theta, beta, bias_correction=False)",
    "effective_window": "(beta)",
    # w2_optimizers
    "update_parameters_with_gd": "(parameters, grads, learning_rate)",
    "initialize_velocity": "(parameters)",
    "update_parameters_with_momentum": "(parameters, grads, v, beta, learning_rate)",
    "update_parameters_with_nesterov": "(parameters, grad_fn, v, beta, learning_rate)",
    "initialize_rmsprop": "(parameters)",
    "update_parameters_with_rmsprop":
        "(parameters, grads, s, beta2, learning_rate, epsilon=1e-08)",
    "update_parameters_with_adagrad": "(parameters, grads, s, learning_rate, epsilon=1e-07)",
    "initialize_adam": "(parameters)",
    "update_parameters_with_adam": "(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, "
                                   "beta2=0.999, epsilon=1e-08)",
    "update_lr": "(learning_rate0, epoch_num, decay_rate)",
    "schedule_lr_decay": "(learning_rate0, epoch_num, decay_rate, time_interval=1000)",
    "exponential_lr_decay": "(learning_rate0, epoch_num, k)",
    # w3_tuning_batchnorm
    "sample_log_uniform": "(low, high, size, rng)",
    "sample_ema_beta": "(low, high, size, rng)",
    "batchnorm_forward": "(Z, gamma, beta, running_mean, running_var, mode='train', "
                         "momentum=0.9, epsilon=1e-05)",
    "batchnorm_backward": "(dZ_tilde, cache)",
    # w3_softmax
    "softmax": "(Z)",
    "one_hot": "(y, C)",
    "compute_cross_entropy_cost": "(A, Y)",
    "softmax_cross_entropy_backward": "(A, Y)",
    "predict_classes": "(A)",
}


def plain_signature(fn) -> str:
    """The signature without annotations; a default the curriculum leaves open is '*'."""
    parts = []
    for p in inspect.signature(fn).parameters.values():
        parts.append(p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}")
    return "(" + ", ".join(parts) + ")"


@pytest.mark.parametrize("name", sorted(CURRICULUM))
def test_is_the_graded_function_there_with_its_curriculum_signature(name):
    assert hasattr(ref, name), f"autograder.reference has no {name}"
    got = plain_signature(getattr(ref, name))
    want = CURRICULUM[name]
    if "*" in want:  # the default exists but its value is the module's choice
        prefix = want.split("*")[0]
        assert got.startswith(prefix), got
    else:
        assert got == want


def test_are_the_given_pieces_there_too():
    for name in ("dictionary_to_vector", "vector_to_dictionary", "forward_propagation",
                 "backward_propagation", "compute_cost", "update_parameters_with_adadelta",
                 "deep_forward", "deep_backward"):
        assert callable(getattr(ref, name, None)), name
