import logging

import pytest

from index import throttled_log
from index.throttled_log import ThrottledLog

log = logging.getLogger("tests.throttled")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0  # a machine up for less than a minute: its first warning is still logged

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(throttled_log.time, "monotonic", clock)
    return clock


def test_a_flood_of_the_same_warning_is_one_line_a_minute(
    clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    full = ThrottledLog(log, "%d connections open from %s.")
    with caplog.at_level(logging.WARNING):
        for second in range(120):
            clock.now = float(second)
            full.warn(48, "192.0.2.1")
    assert caplog.messages == ["48 connections open from 192.0.2.1."] * 2


def test_one_warning_does_not_hide_another(clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    one_client, everyone = ThrottledLog(log, "one client: %s"), ThrottledLog(log, "all taken: %d")
    with caplog.at_level(logging.WARNING):
        one_client.warn("192.0.2.1")
        everyone.warn(256)
        one_client.warn("192.0.2.2")
    assert caplog.messages == ["one client: 192.0.2.1", "all taken: 256"]
