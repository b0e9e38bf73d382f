"""Folder transport file handling: atomic writes, completeness, archive."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from clinic_app.eligibility.folder import (
    _CompleteFileReader,
    archive_file,
    looks_complete,
    reply_file_name,
    request_file_name,
    write_atomically,
)
from clinic_app.eligibility.messages import RequestKind
from clinic_app.eligibility.transport import ReplyTooLarge

DOC = b'<?xml version="1.0" encoding="UTF-8"?>\n<XmlMsg><MessageHeader/></XmlMsg>\n'


def test_file_names() -> None:
    assert request_file_name(RequestKind.SINGLE, "abc") == "OQSsiquc01req_abc.xml"
    assert reply_file_name(RequestKind.MEDICATION, "abc") == "YZKsiquc01res_abc.xml"
    assert reply_file_name(RequestKind.BULK_POLL, "x") == "OQSmuquc02res_x.xml"


def test_write_atomically_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "OQSsiquc01req_1.xml"
    write_atomically(target, DOC)
    assert target.read_bytes() == DOC
    assert os.listdir(tmp_path) == [target.name]


@pytest.mark.parametrize(
    ("data", "complete"),
    [
        (DOC, True),
        (DOC.rstrip(), True),
        (DOC[:-12], False),
        (b"", False),
        ("<XmlMsg>日本語</XmlMsg>\r\n".encode("shift_jis"), True),
    ],
)
def test_looks_complete(data: bytes, complete: bool) -> None:
    assert looks_complete(data) is complete


def test_reader_waits_for_a_stable_complete_file(tmp_path: Path) -> None:
    path = tmp_path / "r.xml"
    reader = _CompleteFileReader(settle_seconds=60, max_bytes=1000)
    assert reader.read_if_complete(path) is None  # not there yet
    path.write_bytes(DOC[:20])
    assert reader.read_if_complete(path) is None  # first sight
    assert reader.read_if_complete(path) is None  # stable but incomplete, not settled
    path.write_bytes(DOC)
    assert reader.read_if_complete(path) is None  # grew: look again
    assert reader.read_if_complete(path) == DOC


def test_reader_hands_over_a_stuck_file_after_settling(tmp_path: Path) -> None:
    path = tmp_path / "r.xml"
    path.write_bytes(DOC[:20])
    reader = _CompleteFileReader(settle_seconds=0.05, max_bytes=1000)
    assert reader.read_if_complete(path) is None
    time.sleep(0.06)
    assert reader.read_if_complete(path) == DOC[:20]  # the parser will call it malformed


def test_reader_refuses_oversized_files(tmp_path: Path) -> None:
    path = tmp_path / "r.xml"
    path.write_bytes(DOC)
    with pytest.raises(ReplyTooLarge):
        _CompleteFileReader(settle_seconds=1, max_bytes=10).read_if_complete(path)


def test_archive_by_day_with_unique_names(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    for _ in range(3):
        source = tmp_path / "OQSsiquc01res_a.xml"
        source.write_bytes(DOC)
        assert archive_file(source, archive, today=date(2026, 4, 1)) is not None
    names = sorted(p.name for p in (archive / "20260401").iterdir())
    assert names == ["OQSsiquc01res_a.1.xml", "OQSsiquc01res_a.2.xml", "OQSsiquc01res_a.xml"]
    assert archive_file(tmp_path / "gone.xml", archive) is None


def test_locked_files_are_read_later(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.xml"
    path.write_bytes(DOC)
    reader = _CompleteFileReader(settle_seconds=60, max_bytes=1000)
    original = Path.stat

    def locked(self: Path, **kwargs: object) -> os.stat_result:
        if self == path:
            raise PermissionError(13, "locked by the terminal")
        return original(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", locked)
    assert reader.read_if_complete(path) is None
    monkeypatch.setattr(Path, "stat", original)
    assert reader.read_if_complete(path) is None  # first stable sight
    assert reader.read_if_complete(path) == DOC


def test_share_lost_while_waiting_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clinic_app.eligibility.folder import FolderTransport
    from clinic_app.eligibility.transport import ServiceUnavailable

    for name in ("req", "res"):
        (tmp_path / name).mkdir()

    def share_gone(self: object, path: Path) -> bytes | None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(_CompleteFileReader, "read_if_complete", share_gone)
    transport = FolderTransport(tmp_path, timeout=1.0)
    with pytest.raises(ServiceUnavailable) as caught:
        transport.exchange(RequestKind.SINGLE, DOC, "abc", idempotent=True)
    assert "unreachable" in str(caught.value)


def test_face_result_is_never_delivered_twice_when_archiving_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clinic_app.eligibility import folder as folder_module
    from clinic_app.eligibility.folder import FaceWatcher

    (tmp_path / "face").mkdir()
    (tmp_path / "face" / "OQSsiquc01res_f1.xml").write_bytes(DOC)

    def cannot_move(path: Path, archive_root: Path, **kwargs: object) -> Path | None:
        raise PermissionError(13, "share is read-only")

    monkeypatch.setattr(folder_module, "archive_file", cannot_move)
    delivered: list[str] = []
    watcher = FaceWatcher(tmp_path, lambda name, data: delivered.append(name), settle_seconds=60)
    for _ in range(5):
        watcher.poll_once()
    assert delivered == ["OQSsiquc01res_f1.xml"]
