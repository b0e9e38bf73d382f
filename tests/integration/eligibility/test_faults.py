"""Every fault switch produces the right typed error, within its timeout, over real HTTPS."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from clinic_app.core.consent import ConsentItem
from clinic_app.eligibility.client import EligibilityClient, StillInProgress
from clinic_app.eligibility.http import HttpsTransport
from clinic_app.eligibility.transport import (
    HttpStatusError,
    MalformedReply,
    ReplyTooLarge,
    ServiceRefused,
    ServiceTimeout,
    TlsFailure,
    TransportError,
)
from clinic_app.sandbox.cards import prove_with_card
from clinic_app.sandbox.faults import SandboxFaults
from clinic_app.sandbox.server import SandboxServer
from clinic_app.sandbox.tls import server_tls
from tests.helpers import sandbox_env
from tests.helpers.sandbox_env import INSTITUTION, numbers_of, population

pytestmark = pytest.mark.integration

PERSON = population().by_case("valid_employee")


#: The transport fixture's read timeout, and the slack a loaded CI machine may need on top.
READ_TIMEOUT = 2.0
SLACK = 2.0
#: Failures that need no waiting must still arrive well inside the read timeout.
PROMPT = READ_TIMEOUT + SLACK / 2


def ask(client: EligibilityClient) -> object:
    return client.query_by_numbers(numbers_of(PERSON), PERSON.birthdate)


def timed(action: Callable[[], object]) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def raises_within(
    error: type[Exception], seconds: float, action: Callable[[], object]
) -> Exception:
    started = time.monotonic()
    with pytest.raises(error) as caught:
        action()
    elapsed = time.monotonic() - started
    assert elapsed < seconds, f"{error.__name__} took {elapsed:.2f}s"
    assert isinstance(caught.value, TransportError | Exception)
    return caught.value


def test_latency_is_added_but_answered(client: EligibilityClient, faults: SandboxFaults) -> None:
    faults.latency = 0.3
    assert 0.3 <= timed(lambda: ask(client)) < 0.3 + PROMPT


def test_latency_beyond_read_timeout_is_a_timeout(
    client: EligibilityClient, faults: SandboxFaults
) -> None:
    faults.latency = 3.0
    error = raises_within(ServiceTimeout, READ_TIMEOUT + SLACK, lambda: ask(client))
    assert "did not answer in time" in str(error)


def test_5xx_is_an_http_status_error_after_bounded_retries(
    client: EligibilityClient, faults: SandboxFaults
) -> None:
    faults.http_status = 503
    error = raises_within(HttpStatusError, PROMPT, lambda: ask(client))
    assert isinstance(error, HttpStatusError) and error.status == 503


def test_one_5xx_is_retried_for_an_idempotent_query(
    client: EligibilityClient, faults: SandboxFaults
) -> None:
    faults.http_status = 502
    faults.times = 1
    ask(client)
    assert faults.times == 0


def test_5xx_is_not_retried_for_a_registration(
    client: EligibilityClient, faults: SandboxFaults
) -> None:
    faults.http_status = 503
    faults.times = 1
    with pytest.raises(HttpStatusError):
        client.register_reference_number(numbers_of(PERSON), PERSON.birthdate, "R-1")
    assert faults.times == 0  # only one request reached the sandbox


def test_card_query_is_not_resent(client: EligibilityClient, faults: SandboxFaults) -> None:
    person = population().by_case("valid_dependant")
    faults.http_status = 500
    faults.times = 1
    with pytest.raises(HttpStatusError):
        client.query_by_card(
            prove_with_card(sandbox_env.jpki(person), person.pin), {ConsentItem.MEDICATION: True}
        )


def test_4xx_is_not_retried(client: EligibilityClient, faults: SandboxFaults) -> None:
    faults.http_status = 403
    faults.times = 2
    error = raises_within(HttpStatusError, PROMPT, lambda: ask(client))
    assert isinstance(error, HttpStatusError) and error.status == 403
    assert faults.times == 1


def test_dropped_connection_is_refused(client: EligibilityClient, faults: SandboxFaults) -> None:
    faults.drop_connection = True
    error = raises_within(ServiceRefused, PROMPT, lambda: ask(client))
    assert "closed the connection" in str(error) or "dropped" in str(error)


def test_one_dropped_connection_is_retried(
    client: EligibilityClient, faults: SandboxFaults
) -> None:
    faults.drop_connection = True
    faults.times = 1
    ask(client)


def test_never_answering_times_out(client: EligibilityClient, faults: SandboxFaults) -> None:
    faults.hang = 10.0
    raises_within(ServiceTimeout, READ_TIMEOUT + SLACK, lambda: ask(client))


def test_malformed_xml_is_a_malformed_reply(
    client: EligibilityClient, faults: SandboxFaults
) -> None:
    faults.malformed_xml = True
    error = raises_within(MalformedReply, PROMPT, lambda: ask(client))
    assert "cannot be read" in str(error)


def test_in_progress_is_polled_until_done(client: EligibilityClient, faults: SandboxFaults) -> None:
    faults.in_progress = 3
    result = ask(client)
    assert not result.in_progress  # type: ignore[attr-defined]
    assert faults.in_progress == 0


def test_in_progress_forever_gives_a_clear_error(
    client: EligibilityClient, faults: SandboxFaults
) -> None:
    faults.in_progress = 1000
    error = raises_within(StillInProgress, PROMPT, lambda: ask(client))
    assert "still processing after 5 tries" in str(error)
    assert faults.in_progress == 995


def test_reply_over_the_size_cap(sandbox: SandboxServer, faults: SandboxFaults) -> None:
    with HttpsTransport(sandbox.base_url, ca_bundle=sandbox.ca_file, max_reply_bytes=300) as small:
        client = EligibilityClient(small, INSTITUTION)
        raises_within(ReplyTooLarge, PROMPT, lambda: ask(client))


@pytest.fixture
def closed_port() -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        yield probe.getsockname()[1]


def test_nobody_listening_is_refused(sandbox: SandboxServer, closed_port: int) -> None:
    sleeps: list[float] = []
    with HttpsTransport(
        f"https://127.0.0.1:{closed_port}", ca_bundle=sandbox.ca_file, sleep=sleeps.append
    ) as nowhere:
        client = EligibilityClient(nowhere, INSTITUTION)
        error = raises_within(ServiceRefused, PROMPT, lambda: ask(client))
    assert "refused the connection" in str(error)
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0]  # backoff between retries


def test_untrusted_server_certificate_is_a_tls_failure(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    other_ca = server_tls(tmp_path).ca_file
    with HttpsTransport(sandbox.base_url, ca_bundle=other_ca) as untrusting:
        client = EligibilityClient(untrusting, INSTITUTION)
        error = raises_within(TlsFailure, PROMPT, lambda: ask(client))
    assert "could not be verified" in str(error)


def test_connection_is_reused(sandbox: SandboxServer, client: EligibilityClient) -> None:
    before = sandbox.connections_accepted
    for _ in range(10):
        ask(client)
    assert sandbox.connections_accepted - before == 1


def test_stop_ends_a_hanging_request_promptly(tls_dir: Path) -> None:
    server = SandboxServer(population(), sandbox_env.pki(), tls_dir=tls_dir)
    server.start()
    server.faults.hang = 30.0
    with HttpsTransport(
        server.base_url, ca_bundle=server.ca_file, read_timeout=20.0, retries=0
    ) as https:
        client = EligibilityClient(https, INSTITUTION)
        import threading

        outcome: list[BaseException] = []

        def run() -> None:
            try:
                ask(client)
            except BaseException as exc:
                outcome.append(exc)

        worker = threading.Thread(target=run)
        worker.start()
        time.sleep(0.3)
        assert timed(server.stop) < 3.0
        worker.join(5)
        assert not worker.is_alive()
    assert outcome and isinstance(outcome[0], TransportError)


@pytest.fixture(scope="module")
def client_pki(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[Path, Path]]:
    """A TEST client CA and a clinic client certificate with a password-protected key."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("client-pki")
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TEST client CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TEST clinic")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(ca_key, hashes.SHA256())
    )
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "client.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "client.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"clinic-pass"),
        )
    )
    return folder / "ca.pem", (folder / "client.pem", folder / "client.key")


def test_mutual_tls_with_the_keyring_password(
    tls_dir: Path, client_pki: tuple[Path, tuple[Path, Path]]
) -> None:
    from clinic_app.secrets import CLIENT_CERT_PASSWORD, KeyringSecretStore

    client_ca, client_cert = client_pki
    KeyringSecretStore().set(CLIENT_CERT_PASSWORD, "clinic-pass")
    with SandboxServer(
        population(), sandbox_env.pki(), tls_dir=tls_dir, client_ca_file=client_ca
    ) as server:
        with HttpsTransport(
            server.base_url, ca_bundle=server.ca_file, client_cert=client_cert
        ) as https:
            ask(EligibilityClient(https, INSTITUTION))
        with HttpsTransport(server.base_url, ca_bundle=server.ca_file, retries=0) as anonymous:
            raises_within(
                TlsFailure, PROMPT, lambda: ask(EligibilityClient(anonymous, INSTITUTION))
            )


def test_card_query_survives_in_progress_replies(
    client: EligibilityClient, faults: SandboxFaults
) -> None:
    person = population().by_case("elderly_10")
    faults.in_progress = 2
    result = client.query_by_card(
        prove_with_card(sandbox_env.jpki(person), person.pin), {ConsentItem.MEDICATION: True}
    )
    assert result.records[0].name == person.name


def test_traffic_is_logged_only_below_debug(
    client: EligibilityClient, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    person = population().by_case("rare_kanji_toku")
    caplog.set_level(logging.DEBUG)
    client.query_by_numbers(numbers_of(person), person.birthdate)
    debug_text = "\n".join(record.getMessage() for record in caplog.records)
    assert person.number not in debug_text
    assert person.birthdate.strftime("%Y%m%d") not in debug_text
    caplog.clear()
    caplog.set_level(5)
    client.query_by_numbers(numbers_of(person), person.birthdate)
    traffic = [record for record in caplog.records if record.levelno == 5]
    assert traffic and all(record.levelno < logging.DEBUG for record in traffic)


def test_connection_closed_by_an_idle_server_is_replaced_quietly(
    tls_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The desk idles between patients; a registration after that must not fail."""
    from clinic_app.sandbox import server as server_module

    monkeypatch.setattr(server_module, "_IDLE_TIMEOUT", 0.2)
    with SandboxServer(population(), sandbox_env.pki(), tls_dir=tls_dir) as server:
        with HttpsTransport(server.base_url, ca_bundle=server.ca_file, retries=0) as https:
            client = EligibilityClient(https, INSTITUTION)
            ask(client)
            time.sleep(0.6)  # the server has closed the kept-alive connection by now
            client.register_reference_number(numbers_of(PERSON), PERSON.birthdate, "IDLE-1")
        assert server.connections_accepted == 2
