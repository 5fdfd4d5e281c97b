"""Argon2id parameters: stored as JSON, calibrated to the machine, never below the floor."""

from __future__ import annotations

import pytest

from escadesk.vault import kdf
from escadesk.vault.kdf import (
    MIN_ITERATIONS,
    MIN_MEMORY_KIB,
    TARGET_SECONDS,
    KdfParams,
    calibrate,
    derive,
    fast_test_params,
    new_salt,
)


def test_params_survive_a_json_round_trip() -> None:
    params = KdfParams(new_salt(), memory_kib=96 * 1024, iterations=5, lanes=2)

    again = KdfParams.from_json(params.to_json())

    assert again == params
    assert len(again.salt) == 16
    assert "argon2id" in params.to_json()
    assert params.describe() == "Argon2id, 96 MiB, 5 iterations, 2 lanes"


def test_salts_are_random() -> None:
    assert len({new_salt() for _ in range(50)}) == 50


def test_derive_depends_on_passphrase_salt_and_cost() -> None:
    params = fast_test_params()

    key = derive("correct horse battery", params)

    assert len(key) == 32
    assert key.same_as(derive("correct horse battery", params))
    assert not key.same_as(derive("correct horse batterz", params))
    assert not key.same_as(derive("correct horse battery", fast_test_params()))  # new salt
    harder = KdfParams(params.salt, params.memory_kib, params.iterations + 1)
    assert not key.same_as(derive("correct horse battery", harder))


def test_an_unknown_algorithm_is_refused() -> None:
    params = KdfParams(new_salt(), 64, 1, algorithm="scrypt")

    with pytest.raises(ValueError, match="scrypt"):
        derive("passphrase", params)


def _machine(seconds_per_mib_iteration: float):
    """A pretend machine on which Argon2id costs memory x iterations."""

    def timing(params: KdfParams) -> float:
        return seconds_per_mib_iteration * params.memory_kib / 1024 * params.iterations

    return timing


def _cost(params: KdfParams, seconds_per_mib_iteration: float) -> float:
    return _machine(seconds_per_mib_iteration)(params)


# From a very slow machine (64 MiB x 3 takes 3 s) to a fast one (1.5 ms).
SPEEDS = [3 / 192, 1 / 192, 0.3 / 192, 0.1 / 192, 0.05 / 192, 0.01 / 192, 0.0015 / 192]


@pytest.mark.parametrize("speed", SPEEDS)
def test_calibration_never_goes_below_the_floor(
    monkeypatch: pytest.MonkeyPatch, speed: float
) -> None:
    monkeypatch.setattr(kdf, "_time", _machine(speed))

    params = calibrate()

    assert params.memory_kib >= MIN_MEMORY_KIB == 64 * 1024
    assert params.iterations >= MIN_ITERATIONS == 3
    assert params.algorithm == "argon2id"
    assert len(params.salt) == 16


@pytest.mark.parametrize("speed", [0.1 / 192, 0.05 / 192, 0.03 / 192, 0.01 / 192])
def test_calibration_aims_at_the_target(monkeypatch: pytest.MonkeyPatch, speed: float) -> None:
    """Where the floor and the caps leave room, unlocking takes about the target time
    (the issue asks for 0.5-1 s), and memory is raised before iterations."""
    monkeypatch.setattr(kdf, "_time", _machine(speed))

    params = calibrate()

    assert TARGET_SECONDS <= _cost(params, speed) <= 1.0
    assert params.memory_kib > MIN_MEMORY_KIB  # a fast machine gets more memory first


def test_a_slow_machine_stays_at_the_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kdf, "_time", _machine(3 / 192))  # 3 s at the floor already

    params = calibrate()

    assert (params.memory_kib, params.iterations) == (MIN_MEMORY_KIB, MIN_ITERATIONS)


def test_a_custom_target_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    speed = 0.2 / 192
    monkeypatch.setattr(kdf, "_time", _machine(speed))

    params = calibrate(target_seconds=2.0)

    assert 2.0 <= _cost(params, speed) <= 2.5


def test_real_calibration_with_a_tiny_target_keeps_the_floor() -> None:
    """With the real Argon2id (a tiny target keeps the test quick), the floor holds and
    the parameters derive a key."""
    params = calibrate(target_seconds=0.01)

    assert (params.memory_kib, params.iterations) == (MIN_MEMORY_KIB, MIN_ITERATIONS)
    assert len(derive("a passphrase long enough", params)) == 32


def test_the_fast_test_profile_is_weak_on_purpose() -> None:
    params = fast_test_params()

    assert params.memory_kib < MIN_MEMORY_KIB and params.iterations < MIN_ITERATIONS
