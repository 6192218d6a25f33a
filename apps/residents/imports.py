"""The residents import as background jobs: a check (dry run with a preview), then the import.

The page uploads a file and queues ``residents_import_check``; its result lists every bad
row, or the counts and the first rows as they will be stored. "Impor sekarang" queues
``residents_import`` on the same stored file (its name lives only in the jobs' params),
which writes all rows or none and deletes the file.
"""

from datetime import date

from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core import jobs
from apps.core.choices import Sex
from apps.core.errors import DomainError, ImportRejected
from apps.core.imports import Column, ImportSpec, register_import, store_upload
from apps.core.models import Job
from apps.institutions.models import Institution, WelfareCategory

from .models import Case
from .permissions import mask_nik
from .services._import_rows import _REASON_WORDS
from .services.imports import IMPORT_KIND, read_import_rows, residents_import

CHECK_KIND = "residents_import_check"

COLUMNS = (
    Column("institution_code", "Kode lembaga", True, "UPT-PSTW-JEMBER"),
    Column("registration_no", "Nomor registrasi", True, "UPT-PSTW-JEMBER-2024-00007"),
    Column("full_name", "Nama lengkap", True, "Suparman"),
    Column("nickname", "Nama panggilan", False, "Pak Man"),
    Column("nik", "NIK", False, "3509011203500001"),
    Column("family_card_no", "Nomor KK", False, ""),
    Column("sex", "Jenis kelamin", True, "L"),
    Column("birth_place", "Tempat lahir", False, "Jember"),
    Column("birth_date", "Tanggal lahir", False, "1950-03-12"),
    Column("birth_date_estimated", "Tanggal lahir perkiraan", False, "N"),
    Column("welfare_category", "Kategori PPKS", True, "LUT"),
    Column("admitted_on", "Tanggal masuk", False, "2024-01-15"),
    Column("discharged_on", "Tanggal keluar", False, ""),
    Column("discharge_reason", "Alasan keluar", False, ""),
    Column("origin_village", "Desa/kelurahan asal", False, "35.09.01.2001"),
    Column("discharge_notes", "Catatan keluar", False, ""),
)


def summary(result) -> str:
    return _("Selesai: %(created)s PM baru, %(placements)s penempatan, %(unchanged)s PM tetap.") % {
        "created": result.residents_created,
        "placements": result.placements_created,
        "unchanged": result.unchanged,
    }


def _institution(params) -> Institution:
    return Institution.objects.get(pk=params["institution"])


def _run_import(actor, rows, progress, params) -> str:
    result = residents_import(actor=actor, rows=rows, institution=_institution(params), progress=progress)
    return summary(result)


def _allowed() -> dict:
    categories = WelfareCategory.objects.order_by("sort_order", "code").values_list("code", "name")
    reasons = [
        [value, label, ", ".join(sorted(w for w, v in _REASON_WORDS.items() if v == value and w != value))]
        for value, label in Case.TerminationReason.choices
    ]
    return {
        _("Kategori PPKS"): [["welfare_category", _("arti")], *[list(c) for c in categories]],
        _("Alasan keluar"): [["discharge_reason", _("arti"), _("kata lain yang diterima")], *reasons],
        _("Kode lain"): [
            ["sex", _("arti")],
            *[[value, label] for value, label in Sex.choices],
            [],
            ["birth_date_estimated", _("arti")],
            ["Y", _("ya, tanggal lahir perkiraan")],
            ["N", _("tidak (boleh kosong)")],
            [],
            [_("tanggal"), _("format")],
            ["birth_date, admitted_on, discharged_on", "YYYY-MM-DD"],
            [],
            ["origin_village", _("kode desa/kelurahan, atau nama: desa, kecamatan, kab/kota")],
            ["35.09.01.2001", "Desa Padomasan, Kec. Jombang, Kab. Jember"],
            ["Padomasan, Jombang, Jember", "Desa Padomasan, Kec. Jombang, Kab. Jember"],
        ],
    }


SPEC = register_import(
    ImportSpec(
        kind=IMPORT_KIND,
        title=gettext_lazy("Impor PM dari XLSX"),
        columns=COLUMNS,
        run=_run_import,
        allowed=_allowed,
    )
)


def _preview_row(row) -> dict:
    def day(value: date | None) -> str:
        return value.isoformat() if value else ""

    identity = row.identity
    return {
        "row": row.number,
        "registration_no": row.registration_no,
        "full_name": identity["full_name"],
        "nik": mask_nik(identity["nik"]),
        "sex": identity["sex"],
        "birth_date": day(identity["birth_date"]),
        "birth_date_estimated": identity["birth_date_estimated"],
        "category": identity["welfare_category_id"],
        "institution": row.institution.name,
        "admitted_on": day(row.admitted_on),
        "discharged_on": day(row.discharged_on),
        "reason": row.reason,
    }


@jobs.register(CHECK_KIND)
def _check(job, progress) -> dict:
    """The dry run: every bad row, or the counts and a preview. The file stays for the import
    only when it may be imported."""
    name = job.params["file"]
    keep = False
    try:
        progress(stage=_("Membaca berkas"))
        with default_storage.open(name, "rb") as handle:
            rows = read_import_rows(handle, filename=name)
        result = residents_import(
            actor=job.created_by,
            rows=rows,
            dry_run=True,
            institution=_institution(job.params),
            progress=progress,
        )
    except ImportRejected as rejected:
        errors = [{"row": e.row, "message": e.message} for e in rejected.errors]
        return {"summary": rejected.message, "errors": errors, "rejected": True}
    else:
        keep = True
    finally:
        if not keep:
            default_storage.delete(name)
    codes = dict(WelfareCategory.objects.values_list("pk", "code"))
    preview = [_preview_row(r) for r in result.preview]
    for row in preview:
        row["category"] = codes.get(row["category"], "")
    return {
        "summary": _("Berkas siap: %(rows)s baris, %(count)s PM baru akan diimpor.")
        % {"rows": result.rows, "count": result.residents_created},
        "errors": [],
        "rows": result.rows,
        "count": result.residents_created,
        "placements": result.placements_created,
        "unchanged": result.unchanged,
        "warnings": [{"row": w.row, "message": w.message} for w in result.warnings],
        "preview": preview,
    }


def import_check_start(*, actor, upload, institution) -> Job:
    """Store ``upload`` under a random name and queue its check for ``institution``."""
    name = store_upload(upload)
    return jobs.job_start(actor=actor, kind=CHECK_KIND, params={"file": name, "institution": institution.pk})


def import_confirm(*, actor, check: Job) -> Job:
    """Queue the import of a checked file, once: confirming again returns the same import job.

    The caller has checked that ``check`` is the actor's successful check and that the
    actor may still import into its institution. The preview leaves the check's result
    (it names people; the import's result does not need it)."""
    with transaction.atomic():
        check = Job.objects.select_for_update(of=("self",)).get(pk=check.pk)
        started = check.result.get("import_job")
        if started:
            return Job.objects.get(pk=started)
        if not default_storage.exists(check.params["file"]):
            raise DomainError(_("Berkas impor tidak ditemukan lagi; unggah ulang."))
        job = jobs.job_start(
            actor=actor,
            kind=IMPORT_KIND,
            params={
                "file": check.params["file"],
                "institution": check.params["institution"],
                "check": check.pk,
            },
        )
        result = {k: v for k, v in check.result.items() if k != "preview"}
        Job.objects.filter(pk=check.pk).update(result={**result, "import_job": job.pk})
    return job


def is_confirmable(check: Job) -> bool:
    return (
        check.kind == CHECK_KIND
        and check.status == Job.Status.DONE
        and not check.result.get("errors")
        and not check.result.get("rejected")
    )


def job_url(job: Job) -> str:
    return reverse("residents:import_job", args=[job.pk])
