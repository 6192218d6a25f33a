"""A list's filters kept in the session under an opaque token, so no search text is in a URL.

A search box may hold a name or a NIK, which must never reach a URL (access logs, browser
history, the Referer header). A list that is POSTed stores what was posted here and
redirects to (or pushes) ``?s=<token>&page=N``: the back button and a reload then show the
same list without a resubmission prompt, and the token means nothing outside the session
that made it (another session, or a guessed token, gets the plain list).
"""

import secrets

from django.http import QueryDict

SESSION_KEY = "search_state"
# Tokens kept per list: enough for a few tabs and the back button, small in the session.
KEEP = 20
TOKEN_BYTES = 12
TOKEN_MAX_LENGTH = 32


def _saved(session, key: str) -> list:
    return session.get(SESSION_KEY, {}).get(key, [])


def remember(request, key: str, data: QueryDict) -> str:
    """The token of ``data`` (the filters of the list ``key``) in this session: the same
    filters get the same token again, so typing back and forth does not pile tokens up."""
    stored = {name: values for name, values in data.lists() if any(values)}
    saved = _saved(request.session, key)
    token = next((t for t, values in saved if values == stored), None) or secrets.token_urlsafe(TOKEN_BYTES)
    saved = [(token, stored)] + [(t, v) for t, v in saved if t != token]
    state = dict(request.session.get(SESSION_KEY, {}))
    state[key] = [list(item) for item in saved[:KEEP]]
    request.session[SESSION_KEY] = state
    return token


def recall(request, key: str, token: str) -> QueryDict | None:
    """The filters stored under ``token`` for the list ``key`` in this session, or None."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    for saved_token, values in _saved(request.session, key):
        if secrets.compare_digest(saved_token.encode(), token.encode()):
            data = QueryDict(mutable=True)
            for name, items in values.items():
                data.setlist(name, items)
            return data
    return None
