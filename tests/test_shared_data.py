"""Tests that read ../shared name the file they miss instead of erroring obscurely."""

import pytest

from tests.conftest import SHARED, shared_file


def test_a_missing_shared_file_fails_naming_it():
    with pytest.raises(pytest.fail.Exception, match="eval/no-such-set.jsonl") as failure:
        shared_file("eval", "no-such-set.jsonl")
    assert str(SHARED) in str(failure.value)


def test_a_present_shared_file_is_its_path():
    assert shared_file("eval", "seed_questions.jsonl").read_text(encoding="utf-8")
