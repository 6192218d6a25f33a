"""Master data the app starts with; the administrator adds more in the Django admin."""

PROGRAMMES = [
    ("ke", "Penanganan kemiskinan ekstrem"),
    ("pkh_plus", "PKH Plus"),
    ("aspd", "Asistensi sosial penyandang disabilitas (ASPD)"),
    ("blt_dbhcht", "BLT DBHCHT"),
    ("buffer_stock", "Buffer stock (alat bantu mobilitas)"),
    ("rehsos_upt", "Rehabilitasi sosial dasar dalam UPT"),
    ("lks", "Dukungan LKS"),
    ("kube", "Kelompok Usaha Bersama (KUBE)"),
    ("wrse", "Wanita rawan sosial ekonomi (WRSE)"),
    ("kemandirian", "Kemandirian sosial PM dalam UPT"),
    ("kewirausahaan", "Kewirausahaan sosial eks-PM"),
]

COURSE_TYPES = [
    ("menjahit", "Menjahit"),
    ("pertukangan", "Pertukangan kayu"),
    ("tata_boga", "Tata boga (memasak)"),
    ("las", "Pengelasan"),
    ("pertanian", "Pertanian"),
    ("salon", "Salon dan tata rias"),
    ("kerajinan", "Kerajinan tangan"),
    ("komputer", "Komputer"),
]

# (name, weight, required)
READINESS_CRITERIA = [
    ("Mampu merawat diri dan kesehatan sendiri", 3, True),
    ("Memiliki keterampilan kerja atau usaha", 3, True),
    ("Ada tempat tinggal dan dukungan keluarga/masyarakat", 2, False),
    ("Mampu mengelola uang", 2, False),
    ("Memiliki dokumen kependudukan (KTP/KK)", 1, False),
]


def ensure_master_data(programme_model, course_type_model, criterion_model, using="default") -> None:
    """Load the lists above where missing (a data migration, or after a test flush).
    Existing rows keep what the administrator changed; missing codes are added."""
    for order, (code, name) in enumerate(PROGRAMMES, start=1):
        programme_model.objects.using(using).get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    for order, (code, name) in enumerate(COURSE_TYPES, start=1):
        course_type_model.objects.using(using).get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    if not criterion_model.objects.using(using).exists():
        for order, (name, weight, required) in enumerate(READINESS_CRITERIA, start=1):
            criterion_model.objects.using(using).create(
                name=name, weight=weight, required=required, sort_order=order
            )
