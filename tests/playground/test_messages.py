"""Crafted messages: every bad field gets a one-line error, quickly, and the server keeps going."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainrule.playground import limits as lim
from chainrule.playground.actions import HANDLERS, handle
from chainrule.playground.session import Session
from chainrule.playground.state import Settings


@pytest.fixture
def session() -> Session:
    return Session()


def _points_text(rows: list[tuple[float, float, int]], classes: int = 2) -> str:
    """Points in the link's encoding, written here from its description (not by the code)."""
    import base64
    import struct

    raw = struct.pack("<HB", len(rows), classes) + b"".join(
        struct.pack("<hhi", round(x * 1000), round(y * 1000), lab) for x, y, lab in rows)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


BAD = [
    ("not an object", [1, 2], "JSON object"),
    ("unknown op", {"op": "exec"}, "op: expected one of"),
    ("no settings", {"op": "config"}, "missing field 'settings'"),
    ("too many layers", {"op": "config", "settings": {"hidden": [2] * 7}}, "hidden"),
    ("too many neurons", {"op": "config", "settings": {"hidden": [9]}}, "hidden[0]"),
    ("zero neurons", {"op": "config", "settings": {"hidden": [0]}}, "hidden[0]"),
    ("too many points", {"op": "config", "settings": {"points": 10**9}}, "points"),
    ("bool as int", {"op": "config", "settings": {"points": True}}, "points"),
    ("string number", {"op": "config", "settings": {"lr": "0.1"}}, "lr"),
    ("unknown setting", {"op": "config", "settings": {"__class__": 1}}, "unknown field"),
    ("unknown feature", {"op": "config", "settings": {"features": ["os.system"]}}, "features"),
    ("huge count", {"op": "train", "unit": "epoch", "count": 10**12}, "count"),
    ("bad unit", {"op": "train", "unit": "forever"}, "unit"),
    ("unknown weight", {"op": "set", "name": "w99", "value": 1.0}, "no weight or bias"),
    ("weight inf", {"op": "set", "name": "w[1]_{1,1}", "value": 1e308 * 10}, "value"),
    ("sample out of range", {"op": "walk", "sample": 10**6}, "sample"),
    ("long name", {"op": "derivation", "name": "x" * 10_000}, "name"),
    ("point outside", {"op": "add_point", "x": 100.0, "y": 0.0, "label": 0}, "x"),
    ("bad label", {"op": "add_point", "x": 1.0, "y": 0.0, "label": 7}, "label"),
    ("not a number", {"op": "check", "key": "E", "value": "__import__('os')"}, "not a number"),
    ("bad csv", {"op": "load_csv", "text": "a,b,c\n1,2\n"}, "CSV"),
    ("export what", {"op": "export", "what": "/etc/passwd"}, "what"),
    ("edits not a dict", {"op": "config", "settings": {"edits": [1]}}, "edits"),
    ("too many edits", {"op": "config", "settings": {"edits": {f"w{i}": 0 for i in
                                                             range(lim.MAX_EDITS + 1)}}},
     "edits"),
    ("edit not a number", {"op": "config", "settings": {"edits": {"w": "1"}}}, "edits['w']"),
    ("edit too large", {"op": "config", "settings": {"edits": {"w": 1e9}}}, "edits['w']"),
    ("data not base64", {"op": "config", "settings": {"data": "*" * 12}}, "data"),
    ("data too long", {"op": "config", "settings": {"data": "A" * 10**6}}, "data"),
    ("data ragged", {"op": "config", "settings": {"data": "AAAAAAAAAA"}}, "data"),
    ("data outside", {"op": "config", "settings": {"data": _points_text([(9.0, 0.0, 0)] * 3)}},
     "out of range"),
    ("data labels", {"op": "config", "settings": {"data": _points_text([(1.0, 0.0, 5)] * 3)}},
     "labels"),
    ("data for regression", {"op": "config", "settings": {
        "dataset": "plane", "data": _points_text([(1.0, 0.0, 1)] * 3)}}, "labels do not fit"),
]


@pytest.mark.parametrize(("why", "msg", "says"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_message_gets_one_line_error(session, why, msg, says):
    start = time.perf_counter()
    reply = handle(session, msg)
    assert reply["type"] == "error", why
    assert says in reply["message"] and "\n" not in reply["message"]
    assert time.perf_counter() - start < 2.0
    # the session still works afterwards
    assert handle(session, {"op": "train", "unit": "batch"})["type"] == "frame"


def test_work_is_capped_before_it_starts(session):
    settings = {"hidden": [8] * 6, "points": lim.MAX_POINTS, "ratio": 90,
                "features": ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]}
    assert handle(session, {"op": "config", "settings": settings})["type"] == "state"
    start = time.perf_counter()
    reply = handle(session, {"op": "train", "unit": "epoch", "count": lim.MAX_EPOCHS_PER_REQUEST})
    assert reply["type"] == "error" and "too much work" in reply["message"]
    assert time.perf_counter() - start < 0.5


def test_divergence_rewinds_and_says_so(session):
    handle(session, {"op": "config", "settings": {"dataset": "plane", "lr": 10.0,
                                                  "activation": "linear", "hidden": [8, 8]}})
    reply = handle(session, {"op": "train", "unit": "epoch", "count": 50})
    if reply["type"] == "error":
        assert "diverged" in reply["message"]
    else:  # stayed finite: then every number is finite
        assert all(abs(v) < float("inf") for row in reply["weights"][0] for v in row)


def test_a_link_reproduces_clicked_points_and_hand_set_weights():
    """What a page did by hand (points added and removed, a weight and a bias set) comes back
    from its settings in a new session, to the bit, and trains the same from there."""
    a = Session()
    handle(a, {"op": "config", "settings": {"dataset": "xor", "hidden": [3], "points": 40}})
    handle(a, {"op": "add_point", "x": 1.23456, "y": -2.5, "label": 1})
    x0, y0 = a.points.X[5]
    handle(a, {"op": "remove_point", "x": float(x0), "y": float(y0)})
    handle(a, {"op": "set", "name": "w[1]_{1,2}", "value": 1.5})
    reply = handle(a, {"op": "set", "name": "b[2]_1", "value": -0.25})
    link = json.loads(json.dumps(reply["settings"]))          # through the URL's JSON
    assert link["edits"] == {"w[1]_{1,2}": 1.5, "b[2]_1": -0.25}
    assert len(link["data"]) < 40 * 12                         # compact: ~11 characters a point
    b = Session()
    state = handle(b, {"op": "config", "settings": link})
    assert state["type"] == "state", state
    assert np.array_equal(b.points.X, a.points.X) and np.array_equal(b.points.y, a.points.y)
    assert b.points.n_train == a.points.n_train and [1.235, -2.5] in b.points.X.tolist()
    assert len(b.points.X) == 40                              # 40 + 1 added − 1 removed
    assert state["frame"]["weights"] == reply["weights"]
    assert state["frame"]["biases"] == reply["biases"]
    names = state["layout"]["layers"][0]["weights"]
    j, i = next((j, i) for j, row in enumerate(names) for i, n in enumerate(row)
                if n == "w[1]_{1,2}")
    assert state["frame"]["weights"][0][j][i] == 1.5
    fa = handle(a, {"op": "train", "unit": "epoch"})
    fb = handle(b, {"op": "train", "unit": "epoch"})
    assert fa["weights"] == fb["weights"]
    handle(b, {"op": "rewind"})                               # the link's start is the edited one
    assert handle(b, {"op": "walk"})["values"]["w[1]_{1,2}"] == 1.5


def test_the_controls_keep_points_but_a_new_network_drops_edits():
    s = Session()
    handle(s, {"op": "config", "settings": {"hidden": [2], "points": 30}})
    handle(s, {"op": "add_point", "x": 0.5, "y": 0.5, "label": 0})
    handle(s, {"op": "set", "name": "w[1]_{1,1}", "value": 2.0})
    controls = {k: v for k, v in s.settings.to_dict().items() if k not in ("edits", "data")}
    kept = handle(s, {"op": "config", "settings": {**controls, "lr": 0.3}})
    assert kept["settings"]["edits"] == {"w[1]_{1,1}": 2.0} and len(kept["points"]["X"]) == 31
    new = handle(s, {"op": "config", "settings": {**controls, "activation": "relu"}})
    assert new["settings"]["edits"] == {} and len(new["points"]["X"]) == 31
    fresh = handle(s, {"op": "config", "settings": {**controls, "noise": 10}})
    assert fresh["settings"]["data"] == "" and len(fresh["points"]["X"]) == 30


def test_settings_round_trip_through_the_url_form():
    s = Settings.read({"dataset": "gaussian", "classes": 3, "hidden": [3, 5], "lr": 0.3,
                       "loss": "cce", "hide": ["data", "edit"]})
    again = Settings.read(json.loads(json.dumps(s.to_dict())))
    assert again == s and again.to_dict()["hidden"] == [3, 5]


def test_websocket_refuses_oversize_bad_json_and_other_origins():
    from starlette.testclient import TestClient

    from chainrule.playground.server import create_app

    client = TestClient(create_app())
    with client.websocket_connect("/ws") as ws:
        ws.send_text("{" * 10)
        assert "not valid JSON" in ws.receive_json()["message"]
        ws.send_text(json.dumps({"op": "export", "what": "x" * (lim.MAX_MESSAGE_BYTES + 10)}))
        assert "too long" in ws.receive_json()["message"]
        ws.send_text(json.dumps({"op": "config", "settings": {}, "id": 3}))
        reply = ws.receive_json()
        assert reply["type"] == "state" and reply["id"] == 3
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect), \
            client.websocket_connect("/ws", headers={"origin": "http://evil.example"}) as ws:
        ws.receive_text()
    assert client.get("/static/../server.py").status_code == 404
    page = client.get("/")
    assert page.status_code == 200 and "default-src 'self'" in page.headers[
        "content-security-policy"]
    assert "http" not in page.text.replace("http://www.w3.org", "")  # nothing from outside


def test_pages_are_capped_and_a_closed_page_frees_its_place():
    import contextlib

    from starlette.testclient import TestClient

    from chainrule.playground.server import create_app

    client = TestClient(create_app())
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(client.websocket_connect("/ws"))
                   for _ in range(lim.MAX_SESSIONS)]
        for i, ws in enumerate(sockets):               # each page has its own session
            ws.send_text(json.dumps({"op": "train", "unit": "batch", "id": i}))
            reply = ws.receive_json()
            assert reply.get("iterations") == 1, reply
        with client.websocket_connect("/ws") as extra:
            assert "too many playground pages" in extra.receive_json()["message"]
        sockets[0].close()
        deadline, reply = time.monotonic() + 5, {}
        while time.monotonic() < deadline:    # the server notices the close, frees the place
            with client.websocket_connect("/ws") as again:
                again.send_text(json.dumps({"op": "train", "unit": "batch", "id": 1}))
                reply = again.receive_json()
            if reply["type"] == "frame":
                break
            time.sleep(0.05)
        assert reply["type"] == "frame"


_JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**12, 10**12)
                     | st.floats(allow_nan=False) | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
_KEYS = ["settings", "unit", "count", "name", "value", "sample", "layer", "key", "x", "y",
         "label", "text", "what", "new_weights", "id"]


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(op=st.sampled_from([*sorted(HANDLERS), "nope"]),
       fields=st.dictionaries(st.sampled_from(_KEYS), _JSON, max_size=5))
def test_any_message_gets_a_reply_never_an_exception(session, op, fields):
    start = time.perf_counter()
    reply = handle(session, {"op": op, **fields})
    assert reply["type"] in ("state", "frame", "walk", "derivation", "judgement", "export",
                             "error")
    if reply["type"] == "error":
        assert reply["message"] and "\n" not in reply["message"]
    json.dumps(reply, allow_nan=False)                  # what the server sends must encode
    assert time.perf_counter() - start < 5.0
