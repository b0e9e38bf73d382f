"""HTTPS transport: one ``requests`` session, explicit timeouts, a controlled trust store.

``POST {base_url}/v1/{request prefix}`` with the request XmlMsg as the body
returns the reply XmlMsg; ``POST {base_url}/v1/challenge`` returns a fresh card
challenge (raw bytes). This is the sandbox's interface and the one a certified
gateway would offer for the direct-card path.

Habits (STYLE.md item 9): every call has a connect and a read timeout plus an
overall deadline; TLS is verified against the configured CA bundle only (never
the system store, never disabled); replies are streamed and cut off past a
size cap; failures become typed :class:`TransportError` subclasses. Requests are
sent again (with backoff) only when that cannot do harm: always when the
connection was never made, otherwise only for idempotent requests.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests
import requests.adapters
import urllib3.exceptions

from clinic_app.eligibility.transport import (
    HttpStatusError,
    MalformedReply,
    ReplyTooLarge,
    ServiceRefused,
    ServiceTimeout,
    ServiceUnavailable,
    TlsFailure,
    TransportError,
    log_traffic,
)

if TYPE_CHECKING:
    from clinic_app.eligibility.messages import RequestKind
    from clinic_app.secrets import SecretStore

log = logging.getLogger(__name__)

DEFAULT_MAX_REPLY_BYTES = 20 * 1024 * 1024
_CHUNK = 64 * 1024
#: HTTP statuses worth asking again for (the service said it is briefly unable).
_RETRY_STATUSES = frozenset({502, 503, 504})
CHALLENGE_PATH = "/v1/challenge"


class _ContextAdapter(requests.adapters.HTTPAdapter):
    """An adapter whose connections use our own ``ssl.SSLContext`` (client cert with password)."""

    def __init__(self, context: ssl.SSLContext, **kwargs: Any) -> None:
        self._context = context
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._context
        super().init_poolmanager(*args, **kwargs)


class HttpsTransport:
    """Talks to the eligibility service (or the sandbox) over HTTPS."""

    def __init__(
        self,
        base_url: str,
        *,
        ca_bundle: str | Path,
        client_cert: tuple[str | Path, str | Path] | None = None,
        secret_store: SecretStore | None = None,
        connect_timeout: float = 3.0,
        read_timeout: float = 10.0,
        total_timeout: float = 30.0,
        max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
        retries: int = 2,
        backoff: float = 0.2,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """``client_cert`` is (certificate PEM, key PEM); the key's password, if
        any, is read from the secret store entry ``client-certificate-password``."""
        if not base_url.lower().startswith("https://"):
            raise ServiceUnavailable(
                "The eligibility service address must start with https://. "
                "Check the service URL in the settings."
            )
        ca_path = Path(ca_bundle)
        if not ca_path.is_file():
            raise TlsFailure(
                f"The CA certificate file for the eligibility service is missing ({ca_path}). "
                "Check the CA bundle in the settings."
            )
        self._base_url = base_url.rstrip("/")
        self._timeout = (connect_timeout, read_timeout)
        self._total_timeout = total_timeout
        self._max_reply_bytes = max_reply_bytes
        self._retries = max(0, retries)
        self._backoff = backoff
        self._sleep = sleep
        context = self._ssl_context(ca_path, client_cert, secret_store)
        self._session = requests.Session()
        self._session.trust_env = False  # no proxies or CA bundles from the environment
        self._session.verify = str(ca_path)
        adapter = _ContextAdapter(context, pool_connections=1, pool_maxsize=8, max_retries=0)
        self._session.mount("https://", adapter)
        self._session.headers.update({"User-Agent": "Madoguchi", "Accept": "application/xml"})

    @staticmethod
    def _ssl_context(
        ca_path: Path,
        client_cert: tuple[str | Path, str | Path] | None,
        secret_store: SecretStore | None,
    ) -> ssl.SSLContext:
        try:
            context = ssl.create_default_context(cafile=str(ca_path))
        except (ssl.SSLError, OSError) as exc:
            raise TlsFailure(
                f"The CA certificate file for the eligibility service cannot be read ({exc}). "
                "Check the CA bundle in the settings."
            ) from exc
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if client_cert is not None:
            from clinic_app.secrets import CLIENT_CERT_PASSWORD, KeyringSecretStore

            store = secret_store if secret_store is not None else KeyringSecretStore()
            password = store.get(CLIENT_CERT_PASSWORD)
            cert_file, key_file = client_cert
            try:
                # Never None: OpenSSL would then prompt on the terminal for an encrypted key.
                context.load_cert_chain(str(cert_file), str(key_file), password=password or "")
            except (ssl.SSLError, OSError) as exc:
                raise TlsFailure(
                    "The client certificate could not be loaded (wrong file or wrong password "
                    "in the keyring). Check the client certificate settings."
                ) from exc
        return context

    @property
    def base_url(self) -> str:
        return self._base_url

    def exchange(
        self, kind: RequestKind, body: bytes, file_identifier: str, *, idempotent: bool
    ) -> bytes:
        """POST one request XmlMsg and return the reply's bytes (see the module doc)."""
        log_traffic("send", kind.request_prefix, body)
        reply = self._post(f"/v1/{kind.request_prefix}", body, idempotent=idempotent)
        log_traffic("recv", kind.reply_prefix, reply)
        log.debug("eligibility exchange %s %s: %d bytes", kind.value, file_identifier, len(reply))
        return reply

    def challenge(self) -> bytes:
        """A fresh card challenge from the service."""
        challenge = self._post(CHALLENGE_PATH, b"", idempotent=True)
        if not 16 <= len(challenge) <= 256:
            raise MalformedReply(
                "The eligibility service sent an unusable card challenge. Try again."
            )
        return challenge

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HttpsTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ---------------------------------------------------------

    def _post(self, path: str, body: bytes, *, idempotent: bool) -> bytes:
        url = self._base_url + path
        attempt = 0
        while True:
            try:
                return self._post_once(url, body)
            except _Retryable as retry:
                if attempt >= self._retries or not (idempotent or retry.never_sent):
                    raise retry.error from retry.__cause__
                delay = self._backoff * (2**attempt)
                attempt += 1
                log.info(
                    "eligibility service: %s; retry %d in %.1fs", retry.error.code, attempt, delay
                )
                self._sleep(delay)

    def _post_once(self, url: str, body: bytes) -> bytes:
        started = time.monotonic()
        try:
            response = self._session.post(
                url,
                data=body,
                headers={"Content-Type": "application/xml"},
                timeout=self._timeout,
                stream=True,
            )
        except requests.exceptions.SSLError as exc:
            raise TlsFailure(
                "The eligibility service's certificate could not be verified (or it refused our "
                "client certificate). Check the CA bundle and certificate settings; do not "
                "continue with an unverified service."
            ) from exc
        except requests.exceptions.ConnectTimeout as exc:
            raise _Retryable(
                ServiceTimeout(
                    "The eligibility service did not accept a connection in time. Check the "
                    "network; the desk can continue by numbers and re-check later."
                ),
                never_sent=True,
            ) from exc
        except requests.exceptions.ReadTimeout as exc:
            raise ServiceTimeout(
                "The eligibility service did not answer in time. Try again shortly; the desk can "
                "continue and re-check later."
            ) from exc
        except requests.exceptions.ConnectionError as exc:
            never_sent = _connection_refused(exc)
            message = (
                "The eligibility service refused the connection (is it running?). "
                if never_sent
                else "The eligibility service closed the connection without answering. "
            )
            raise _Retryable(
                ServiceRefused(
                    message + "Try again shortly; the desk can continue and re-check later."
                ),
                never_sent=never_sent,
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise TransportError(
                f"The eligibility service could not be asked ({type(exc).__name__})."
            ) from exc
        with response:
            if response.status_code >= 400:
                error = HttpStatusError(
                    f"The eligibility service answered with HTTP status {response.status_code}. "
                    + (
                        "It is briefly unavailable; try again shortly."
                        if response.status_code >= 500
                        else "The request was refused; check the service settings."
                    ),
                    status=response.status_code,
                )
                if response.status_code in _RETRY_STATUSES or response.status_code == 500:
                    raise _Retryable(error, never_sent=False)
                raise error
            return self._read_capped(response, started)

    def _read_capped(self, response: requests.Response, started: float) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > self._max_reply_bytes:
            raise ReplyTooLarge(self._too_large_message())
        chunks: list[bytes] = []
        received = 0
        try:
            for chunk in response.iter_content(_CHUNK):
                received += len(chunk)
                if received > self._max_reply_bytes:
                    raise ReplyTooLarge(self._too_large_message())
                if time.monotonic() - started > self._total_timeout:
                    raise ServiceTimeout(
                        "The eligibility service's reply took too long to arrive. Try again "
                        "shortly; the desk can continue and re-check later."
                    )
                chunks.append(chunk)
        except requests.exceptions.ConnectionError as exc:
            if _is_read_timeout(exc):
                raise ServiceTimeout(
                    "The eligibility service stopped sending its reply. Try again shortly."
                ) from exc
            raise _Retryable(
                ServiceRefused(
                    "The eligibility service dropped the connection while answering. Try again."
                ),
                never_sent=False,
            ) from exc
        except (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            raise _Retryable(
                ServiceRefused(
                    "The eligibility service dropped the connection while answering. Try again."
                ),
                never_sent=False,
            ) from exc
        return b"".join(chunks)

    def _too_large_message(self) -> str:
        return (
            f"The eligibility service's reply is larger than the {self._max_reply_bytes:,} byte "
            "limit and was not read. Ask IT to check the reply size limit setting."
        )


class _Retryable(Exception):
    """Carries a TransportError that may be retried."""

    def __init__(self, error: TransportError, *, never_sent: bool) -> None:
        super().__init__(error.message)
        self.error = error
        self.never_sent = never_sent


def _connection_refused(exc: BaseException) -> bool:
    """Whether the connection was never established (so the request was never sent)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError | urllib3.exceptions.NewConnectionError):
            return True
        current = current.__cause__ or current.__context__ or _first_arg_exception(current)
    return False


def _is_read_timeout(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, urllib3.exceptions.ReadTimeoutError | TimeoutError):
            return True
        current = current.__cause__ or current.__context__ or _first_arg_exception(current)
    return False


def _first_arg_exception(exc: BaseException) -> BaseException | None:
    """urllib3 wraps its causes in ``args`` (MaxRetryError.reason) rather than ``__cause__``."""
    reason = getattr(exc, "reason", None)
    if isinstance(reason, BaseException):
        return reason
    for arg in exc.args:
        if isinstance(arg, BaseException):
            return arg
    return None
