"""Vault figures: unlock time with calibrated Argon2id parameters, and the cost of one
card authorization through the vault's envelope path against raw AES-GCM on the same
bytes, measured in the same run.

    python3 run.py python bench/vault.py [--iterations 300] [--unlocks 5] [--target 0.6]

(a) calibrate() picks the parameters as set-up does on this machine; then each unlock is
    timed as the vault does it: Argon2id, HKDF with the device secret, open the check.
(b) One authorization = card fields as JSON, a 3-digit code and a 200 KB scan. The vault
    path generates the card key and the sensitive key, wraps both with the vault key,
    seals the three parts (fresh nonce, associated data), then unwraps and opens them
    all. The raw path encrypts and decrypts the same three plaintexts with AESGCM and one
    key. Runs alternate; medians and their ratio are printed (target <= 2x).

Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import statistics
import time
from collections.abc import Callable

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from escadesk.vault.envelope import associated_data, open_sealed, seal, unwrap, wrap
from escadesk.vault.kdf import calibrate, derive
from escadesk.vault.keys import vault_key
from escadesk.vault.secret import SecretKey

PASSPHRASE = "benchmark passphrase 2018"
CHECK = b"escadesk vault check"
SCAN_BYTES = 200 * 1024


def payload() -> tuple[bytes, bytes, bytes]:
    """Card fields (JSON, as the vault stores them), the code, a 200 KB 'PNG' scan."""
    card = json.dumps(
        {
            "cardholder": "Amelie Tremblay",
            "card_number": "4111111111111111",
            "expiry": "11/2021",
            "billing_address": "Northshore Photonics Cluster, 1 Rue du Port, Quebec, Canada",
            "signed_on": "2018-09-08",
        }
    ).encode()
    scan = b"\x89PNG\r\n\x1a\n" + os.urandom(SCAN_BYTES - 8)
    return card, b"737", scan


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_unlock(runs: int, target: float) -> None:
    started = time.perf_counter()
    params = calibrate(target)
    calibration = time.perf_counter() - started
    print(f"calibrate(target={target} s) took {calibration:.2f} s -> {params.describe()}")
    print(f"  stored parameters: {params.to_json()}")
    device = SecretKey.random()
    key = vault_key(derive(PASSPHRASE, params), device)
    check = seal(key, CHECK, associated_data("vault", "check"))
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        passphrase_key = derive(PASSPHRASE, params)
        candidate = vault_key(passphrase_key, device)
        assert open_sealed(candidate, check, associated_data("vault", "check")) == CHECK
        timings.append(time.perf_counter() - started)
        passphrase_key.wipe()
        candidate.wipe()
    runs_text = ", ".join(f"{t * 1000:.0f}" for t in timings)
    print(f"unlock (Argon2id + HKDF + open check), {runs} runs: {runs_text} ms")
    print(f"  median {median_ms(timings):.0f} ms")


def vault_path(vault: SecretKey, card: bytes, code: bytes, scan: bytes) -> None:
    uid = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
    card_key, sensitive_key = SecretKey.random(), SecretKey.random()
    wrapped_card = wrap(vault, card_key, associated_data(uid, "card-key"))
    wrapped_sensitive = wrap(vault, sensitive_key, associated_data(uid, "sensitive-key"))
    card_blob = seal(card_key, card, associated_data(uid, "card"))
    code_blob = seal(sensitive_key, code, associated_data(uid, "code"))
    scan_blob = seal(sensitive_key, scan, associated_data(uid, "scan"))
    card_key.wipe()
    sensitive_key.wipe()

    card_key = unwrap(vault, wrapped_card, associated_data(uid, "card-key"))
    sensitive_key = unwrap(vault, wrapped_sensitive, associated_data(uid, "sensitive-key"))
    assert open_sealed(card_key, card_blob, associated_data(uid, "card")) == card
    assert open_sealed(sensitive_key, code_blob, associated_data(uid, "code")) == code
    assert open_sealed(sensitive_key, scan_blob, associated_data(uid, "scan")) == scan
    card_key.wipe()
    sensitive_key.wipe()


def raw_path(key: bytes, card: bytes, code: bytes, scan: bytes) -> None:
    aesgcm = AESGCM(key)
    sealed = []
    for plaintext in (card, code, scan):
        nonce = secrets.token_bytes(12)
        sealed.append((nonce, aesgcm.encrypt(nonce, plaintext, None)))
    opened = [aesgcm.decrypt(nonce, body, None) for nonce, body in sealed]
    assert opened == [card, code, scan]


def bench_authorization(iterations: int) -> None:
    card, code, scan = payload()
    vault = SecretKey.random()
    raw_key = secrets.token_bytes(32)
    cases: dict[str, Callable[[], None]] = {
        "vault envelope path": lambda: vault_path(vault, card, code, scan),
        "raw AES-GCM": lambda: raw_path(raw_key, card, code, scan),
    }
    for run in cases.values():  # warm up
        for _ in range(20):
            run()
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(iterations):
        for name, run in cases.items():  # alternate, so drift hits both alike
            started = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - started)
    size = len(card) + len(code) + len(scan)
    print(
        f"per authorization, encrypt + decrypt of {size / 1024:.0f} KiB "
        f"(card JSON {len(card)} B, code {len(code)} B, scan {len(scan) // 1024} KiB), "
        f"{iterations} iterations each:"
    )
    for name, samples in timings.items():
        quartiles = statistics.quantiles(samples, n=4)
        print(
            f"  {name:<20} median {median_ms(samples):.3f} ms "
            f"(quartiles {quartiles[0] * 1000:.3f}-{quartiles[2] * 1000:.3f} ms)"
        )
    ratio = statistics.median(timings["vault envelope path"]) / statistics.median(
        timings["raw AES-GCM"]
    )
    print(f"  ratio vault / raw: {ratio:.2f}x (target <= 2x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--unlocks", type=int, default=5)
    parser.add_argument("--target", type=float, default=0.6, help="calibration target, s")
    arguments = parser.parse_args()
    print(
        f"escadesk vault benchmark — Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}"
    )
    bench_unlock(arguments.unlocks, arguments.target)
    bench_authorization(arguments.iterations)


if __name__ == "__main__":
    main()
