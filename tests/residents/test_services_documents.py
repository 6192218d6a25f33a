"""Documents and consent: services.documents."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from apps.residents import services
from apps.residents.models import Document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_pdf_is_stored_under_a_random_name(staff_jember, resident):
    document = services.document_add(
        actor=staff_jember, resident=resident, kind="ktp", file=ContentFile(PDF, name="KTP Budi Santoso.pdf")
    )
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert "Budi" not in document.file.name
    assert document.file.name.startswith("residents/documents/") and document.file.name.endswith(".pdf")
    assert default_storage.open(document.file.name).read() == PDF


def test_the_type_comes_from_the_content_not_the_name(staff_jember, resident):
    document = services.document_add(
        actor=staff_jember, resident=resident, kind="kk", file=ContentFile(PNG, name="scan.pdf")
    )
    assert document.content_type == "image/png"
    assert document.file.name.endswith(".png")


def test_a_program_named_pdf_is_refused(staff_jember, resident):
    with pytest.raises(services.InvalidData) as caught:
        services.document_add(
            actor=staff_jember,
            resident=resident,
            kind="ktp",
            file=ContentFile(b"MZ\x90\x00" * 10, name="ktp.pdf"),
        )
    assert "PDF, JPEG atau PNG" in caught.value.errors["file"][0]
    assert not Document.objects.exists()


def test_a_file_over_5_mb_is_refused(staff_jember, resident):
    big = ContentFile(PDF + b"0" * (5 * 1024 * 1024), name="besar.pdf")
    with pytest.raises(services.InvalidData) as caught:
        services.document_add(actor=staff_jember, resident=resident, kind="ktp", file=big)
    assert "5 MB" in caught.value.errors["file"][0]


def test_consent_in_the_future_is_refused(staff_jember, resident):
    with pytest.raises(services.InvalidData):
        services.consent_record(
            actor=staff_jember,
            resident=resident,
            given_on=timezone.localdate() + timedelta(days=1),
            given_by="PM sendiri",
            scope="Layanan",
        )
