from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Bahasa Indonesia unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    office computers in Indonesia run an English browser: the product's language is
    Indonesian by default, English only on request (the switch sets a cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


# Features no page of this product uses: a page (or an injected script) cannot ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


def public_data(max_age: int):
    """A view whose answer holds no personal data (region names, say): the browser may keep
    it ``max_age`` seconds, and ``PrivacyHeadersMiddleware`` leaves it cacheable."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                response.headers["Cache-Control"] = f"private, max-age={max_age}"
                response.public_data = True
            return response

        return wrapper

    return decorator


class PrivacyHeadersMiddleware:
    """``Permissions-Policy`` on every response; ``Cache-Control: no-store`` on every page
    served to a signed-in user, so no personal data stays in a browser's or a proxy's
    cache (a shared office computer, the back button after logout). Views marked
    ``@public_data`` are the exception."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not getattr(response, "public_data", False):
            response.headers["Cache-Control"] = "no-store, private"
        return response


class RejectNulMiddleware:
    """A NUL byte in a query parameter or a form field is refused with 400 before any view
    runs: no person types one, PostgreSQL refuses it in text (a server error), and Django's
    form fields refuse it anyway. Uploaded files are not looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request.GET) or (request.method == "POST" and self._has_nul(request.POST)):
            from django.template.response import TemplateResponse

            response = TemplateResponse(request, "400.html", status=400)
            return response.render()
        return self.get_response(request)

    @staticmethod
    def _has_nul(data) -> bool:
        try:
            return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)
        except Exception:  # noqa: BLE001 - an unreadable body is Django's to refuse, later
            return False
