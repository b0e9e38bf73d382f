"""The composition root's eligibility wrapper asks for the 限度額 details on every query."""

from __future__ import annotations

from typing import Any

from clinic_app.core.consent import ConsentItem
from clinic_app.wiring import LimitInfoRequested


class RecordingClient:
    """Records each call's name, arguments and keyword arguments."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> str:
            self.calls.append((name, args, kwargs))
            return name

        return call


def test_every_eligibility_query_sets_limit_consent() -> None:
    client = RecordingClient()
    wrapped = LimitInfoRequested(client)
    consents = {ConsentItem.MEDICATION: True}
    assert wrapped.query_by_numbers("numbers", "birthdate") == "query_by_numbers"
    assert wrapped.query_by_card("prove", consents) == "query_by_card"
    assert wrapped.query_by_card_visual_check(b"cert", consents, "7") == (
        "query_by_card_visual_check"
    )
    assert [(name, kwargs) for name, _args, kwargs in client.calls] == [
        ("query_by_numbers", {"limit_consent": True}),
        ("query_by_card", {"limit_consent": True}),
        ("query_by_card_visual_check", {"limit_consent": True}),
    ]
    assert client.calls[2][1] == (b"cert", consents, "7")


def test_history_calls_pass_through_unchanged() -> None:
    client = RecordingClient()
    wrapped = LimitInfoRequested(client)
    wrapped.fetch_medication("numbers", "birthdate")
    assert client.calls == [("fetch_medication", ("numbers", "birthdate"), {})]
