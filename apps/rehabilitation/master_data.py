"""ATENSI components, service types and the two shipped assessment instruments.

Used by the data migration (with historical models) and by the demo; idempotent.
"""

# The seven ATENSI components (Permensos 7/2021).
COMPONENTS = [
    ("hidup_layak", "Dukungan pemenuhan hidup layak"),
    ("perawatan", "Perawatan sosial dan/atau pengasuhan"),
    ("dukungan_keluarga", "Dukungan keluarga"),
    ("terapi", "Terapi fisik, psikososial dan mental spiritual"),
    ("vokasional", "Pelatihan vokasional dan pembinaan kewirausahaan"),
    ("bantuan_sosial", "Bantuan sosial dan asistensi sosial"),
    ("aksesibilitas", "Dukungan aksesibilitas"),
]

SERVICE_TYPES = [
    ("bimbingan_fisik", "Bimbingan fisik", "terapi"),
    ("bimbingan_mental", "Bimbingan mental-spiritual", "terapi"),
    ("bimbingan_sosial", "Bimbingan sosial", "perawatan"),
    ("bimbingan_keterampilan", "Bimbingan keterampilan", "vokasional"),
    ("terapi_psikososial", "Terapi psikososial", "terapi"),
    ("dukungan_keluarga", "Dukungan keluarga", "dukungan_keluarga"),
    ("pemenuhan_kebutuhan", "Pemenuhan kebutuhan dasar", "hidup_layak"),
    ("asistensi_sosial", "Asistensi sosial", "bantuan_sosial"),
    ("aksesibilitas", "Alat bantu dan aksesibilitas", "aksesibilitas"),
]

# code, name, categories, clusters, domains [(code, name, [question texts])]
INSTRUMENTS = [
    (
        "inti",
        "Asesmen inti rehabilitasi sosial",
        [],
        [],
        [
            ("fisik", "Fisik dan kesehatan", ["Kondisi kesehatan umum", "Kemampuan merawat diri"]),
            ("mental", "Mental-spiritual", ["Kestabilan emosi", "Kegiatan ibadah"]),
            ("sosial", "Sosial dan keluarga", ["Hubungan dengan sesama PM", "Hubungan dengan keluarga"]),
            ("pendidikan", "Pendidikan dan keterampilan", ["Kemampuan baca tulis", "Keterampilan kerja"]),
            ("ekonomi", "Ekonomi dan penghidupan", ["Sumber penghasilan", "Pengelolaan uang"]),
        ],
    ),
    (
        "lansia",
        "Asesmen lanjut usia",
        ["LUT"],
        ["lansia"],
        [
            ("adl", "Aktivitas sehari-hari (ADL)", ["Makan", "Mandi", "Berjalan"]),
            ("kognitif", "Kognitif dan ingatan", ["Orientasi waktu dan tempat", "Daya ingat"]),
            ("kesehatan", "Kesehatan dan gizi", ["Penyakit kronis terkendali", "Status gizi"]),
            ("psikososial", "Psikososial dan spiritual", ["Suasana hati", "Kegiatan ibadah"]),
            ("keluarga", "Dukungan keluarga", ["Kontak dengan keluarga", "Keluarga bersedia menerima"]),
        ],
    ),
]


def ensure_master_data(component_model, service_type_model) -> None:
    for order, (code, name) in enumerate(COMPONENTS, start=1):
        component_model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    components = {c.code: c for c in component_model.objects.all()}
    for code, name, component in SERVICE_TYPES:
        service_type_model.objects.get_or_create(
            code=code, defaults={"name": name, "component": components[component]}
        )


def ensure_instruments(instrument_model, domain_model, question_model, category_model) -> None:
    for code, name, categories, clusters, domains in INSTRUMENTS:
        instrument, created = instrument_model.objects.get_or_create(
            code=code, defaults={"name": name, "clusters": clusters}
        )
        if not created:
            continue
        instrument.welfare_categories.set(category_model.objects.filter(code__in=categories))
        for order, (domain_code, domain_name, questions) in enumerate(domains, start=1):
            domain = domain_model.objects.create(
                instrument=instrument, code=domain_code, name=domain_name, order=order
            )
            for q_order, text in enumerate(questions, start=1):
                question_model.objects.create(domain=domain, order=q_order, text=text, kind="score")
