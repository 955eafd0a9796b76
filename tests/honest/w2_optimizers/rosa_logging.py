"""Logs every call with the logging module (its handler writes to the kernel's stderr)."""
import logging

logging.basicConfig(level=logging.INFO)
_log = logging.getLogger("rosa")


def update_parameters_with_gd(parameters, grads, learning_rate):
    _log.info("gd step with learning rate %s", learning_rate)
    return {n: p - learning_rate * grads["d" + n] for n, p in parameters.items()}


def update_lr(learning_rate0, epoch_num, decay_rate):
    _log.warning("epoch %s", epoch_num)
    return learning_rate0 / (1 + decay_rate * epoch_num)
