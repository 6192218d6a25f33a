from .scope import UserScope


class ScopeMiddleware:
    """Puts the user's ``UserScope`` on ``request.scope``: built once per request, read lazily."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = UserScope(request.user)
        return self.get_response(request)
