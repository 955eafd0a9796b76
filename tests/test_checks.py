"""Do the visible checks catch what the hidden tests would refuse, with a helpful message?"""
import numpy as np
import pytest

from course.checks import check_close, scaled


def test_does_a_matching_result_print_one_success_line(capsys):
    check_close("Task 9.9 demo", {"W1": np.ones((2, 2))}, {"W1": np.ones((2, 2))})
    assert capsys.readouterr().out == "Task 9.9 demo: all values match the expected output.\n"


@pytest.mark.parametrize("got,message", [
    ([[1.0, 1.0]], "expected a numpy array, got list"),
    (np.ones((1, 2), dtype=np.float32), "expected dtype float64, got dtype float32"),
    (np.ones((2, 1)), "expected shape (1, 2), got shape (2, 1)"),
    (np.array([[1.0, 2.5]]), "at index (0, 1) expected 1, got 2.5"),
])
def test_are_wrong_arrays_refused_with_the_reason(got, message):
    with pytest.raises(AssertionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_close("x", got, np.ones((1, 2)))


def test_are_dict_keys_and_tuple_lengths_checked():
    with pytest.raises(AssertionError, match="missing \\['dW1'\\]"):
        check_close("v", {"W1": np.zeros(1)}, {"dW1": np.zeros(1)})
    with pytest.raises(AssertionError, match="tuple of 2 items"):
        check_close("out", (np.zeros(1),), (np.zeros(1), np.zeros(1)))


def test_is_a_number_compared_as_a_number():
    check_close("lr", np.float64(0.25), 0.25)
    with pytest.raises(AssertionError, match="expected a single number"):
        check_close("lr", [0.25], 0.25)


def test_does_scaled_shrink_loops_only_under_grading(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert scaled(3000, 150) == 3000
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert scaled(3000, 150) == 150


class Liar:
    """Claims to equal anything."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


class Nested:
    """A sequence whose items are itself: numpy used to spin on it for a minute."""

    def __len__(self):
        return 3

    def __getitem__(self, i):
        if i < 3:
            return self
        raise IndexError(i)


ODD_CASES = [(odd, expected) for odd in (Liar(), Nested())
             for expected in (np.ones(2), 1.5, "high bias", {"W1": np.ones(2)}, (np.ones(2),))]
ODD_CASES += [({"W1": Nested()}, {"W1": np.ones(2)}), ([Liar()], (np.ones(2),))]


@pytest.mark.parametrize("odd,expected", ODD_CASES)
def test_is_an_odd_object_refused_before_any_conversion(odd, expected):
    # refused by its type, so numpy never walks it (a Nested used to spin for a minute)
    with pytest.raises(AssertionError, match="an object of type (Liar|Nested)"):
        check_close("x", odd, expected)
