from tests.conftest import new_refresh


def test_login_refresh_replay(user, login, refresh, delivery):
    session = login(user)
    first = refresh(session.refresh)
    assert first.status_code == 200, first.data
    second_token = new_refresh(first, delivery)
    replay = refresh(session.refresh)
    assert replay.status_code == 401
    assert replay.data["code"] == "token_reused"
    after = refresh(second_token)
    assert after.status_code == 401
    assert after.data["code"] == "session_ended"
