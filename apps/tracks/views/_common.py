from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def year_of(request) -> int:
    """``?year=`` when it is a plausible fiscal year, else the current one (Asia/Jakarta)."""
    text = request.GET.get("year", "")
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return timezone.localdate().year


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
