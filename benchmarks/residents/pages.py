"""The page scenarios and their measurement.

The residents list (plain, search, filter, page 2), its count (loaded after a supervisor's
list) and a resident's file, each requested as the staff member, the supervisor and the
administrator of the data set.
"""

from dataclasses import dataclass
from functools import partial
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import OperationalError, models
from django.http import HttpResponse

from apps.institutions.models import Institution
from apps.residents.models import Placement, Resident, ResidentEvent
from benchmarks.common import RESULT_HEADER, WARMUP, page_client, result_cells, time_page, write_verdict

from .data import ADMIN, PREFIX, STAFF, SUPERVISED_PROVINCE, SUPERVISOR

LIST_TARGET_MS = 100
DETAIL_TARGET_MS = 50


@dataclass(frozen=True)
class Page:
    label: str
    url: str
    # The search goes in a POST body, as the page sends it (names never travel in URLs): by
    # htmx as it is typed, answered with the rows (a form without htmx is redirected to them).
    post: dict | None
    target_ms: int
    # The count loaded after a supervisor's list: of the search ``post`` made, by its token.
    count_of_search: bool = False

    def request(self, client) -> HttpResponse:
        if self.count_of_search:
            return client.get(f"{self.url}?s={_search_token(client, self.post)}")
        if self.post is None:
            return client.get(self.url)
        return client.post(self.url, self.post, headers={"HX-Request": "true"})


_tokens: dict = {}


def _search_token(client, post: dict) -> str:
    """The token of the list searched with ``post`` in the client's session (searched once,
    during the warm-up, so the timed requests are the count alone)."""
    key = (client.cookies[settings.SESSION_COOKIE_NAME].value, tuple(sorted(post.items())))
    if key not in _tokens:
        location = client.post("/residents/", post)["Location"]
        _tokens[key] = parse_qs(urlsplit(location).query)["s"][0]
    return _tokens[key]


def pages(search: str) -> tuple[list[Page], int, int]:
    """The pages to measure, with the resident whose file is opened and the category filtered on."""
    home = Institution.objects.filter(code__startswith=PREFIX).order_by("code").first()
    # A resident in care at the staff member's institution (all three may open it), with events if any.
    in_care = Placement.objects.current().filter(institution=home)
    resident_id = (
        ResidentEvent.objects.filter(placement__in=in_care)
        .order_by("resident_id")
        .values_list("resident_id", flat=True)
        .first()
        or in_care.order_by("resident_id").values_list("resident_id", flat=True).first()
        or Resident.objects.filter(registered_at=home).order_by("id").values_list("id", flat=True).first()
    )
    category_id = (
        Resident.objects.filter(registered_at=home)
        .values_list("welfare_category_id", flat=True)
        .annotate(n=models.Count("id"))
        .order_by("-n", "welfare_category_id")
        .first()
    )
    filtered = f"/residents/?category={category_id}&sex=P&status=in_care"
    return (
        [
            Page("daftar", "/residents/", None, LIST_TARGET_MS),
            Page(f"daftar q={search}", "/residents/", {"q": search}, LIST_TARGET_MS),
            Page("daftar filter", filtered, None, LIST_TARGET_MS),
            Page("daftar hal. 2", "/residents/?page=2", None, LIST_TARGET_MS),
            Page("jumlah", "/residents/count/", None, LIST_TARGET_MS),
            Page(f"jumlah q={search}", "/residents/count/", {"q": search}, LIST_TARGET_MS, True),
            Page("detail", f"/residents/{resident_id}/", None, DETAIL_TARGET_MS),
        ],
        resident_id,
        category_id,
    )


def measure(out, style, *, runs: int, search: str, timeout: int) -> None:
    """Print a row per user and page: what the user sees, status, queries, p50/p95 against the target."""
    User = get_user_model()
    users = [
        ("petugas", User.objects.get(username=STAFF)),
        (f"pengawas {SUPERVISED_PROVINCE}", User.objects.get(username=SUPERVISOR)),
        ("admin", User.objects.get(username=ADMIN)),
    ]
    scenarios, resident_id, category_id = pages(search)
    sizes = {
        "lembaga": Institution.objects.count(),
        "PM": Resident.objects.count(),
        "penempatan": Placement.objects.count(),
        "kejadian": ResidentEvent.objects.count(),
    }
    out.write("Ukuran data: " + ", ".join(f"{count:,} {label}" for label, count in sizes.items()))
    out.write(
        f"Pengukuran: {runs} permintaan per halaman setelah {WARMUP} pemanasan; waktu server "
        "(klien uji di dalam proses, objek awal dibekukan dari GC), DEBUG=False; "
        f"batas waktu kueri {timeout} s. "
        f"Detail: PM #{resident_id}; filter: kategori #{category_id}, perempuan, dalam panti."
    )
    header = f"{'pengguna':<12} {'halaman':<18} {'terlihat':>9} " + RESULT_HEADER
    out.write(header)
    out.write("-" * len(header))
    failures = 0
    with page_client(timeout=timeout) as client:
        for label, user in users:
            try:
                visible = f"{Resident.objects.visible_to(user).count():,}"
            except OperationalError:
                visible = "timeout"
            client.force_login(user)
            for page in scenarios:
                timing = time_page(partial(page.request, client), runs=runs)
                cells, ok = result_cells(timing, page.target_ms, style)
                out.write(f"{label:<12} {page.label:<18} {visible:>9} " + cells)
                failures += not ok
            client.logout()
    out.write(
        f"Target: daftar p95 < {LIST_TARGET_MS} ms, detail p95 < {DETAIL_TARGET_MS} ms. Kolom 'kueri' "
        "(jumlah kueri per permintaan) harus sama pada data kecil dan besar: bandingkan dengan "
        "--residents 2000 --placements 3000 --institutions 60. 'maks ms': kueri terlambat."
    )
    write_verdict(out, style, failures)
