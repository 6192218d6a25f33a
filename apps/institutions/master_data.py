"""Master data of the institutions app, loaded by migration and kept after test flushes."""

# The 26 PPKS of Permensos 8/2012, with the rehabilitation cluster that serves them.
CATEGORIES = [
    ("ABT", "Anak Balita Terlantar", "anak"),
    ("AT", "Anak Terlantar", "anak"),
    ("ABH", "Anak yang Berhadapan dengan Hukum", "anak"),
    ("AJAL", "Anak Jalanan", "anak"),
    ("ADK", "Anak dengan Kedisabilitasan", "anak"),
    ("AKTK", "Anak yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah", "anak"),
    ("AMPK", "Anak yang Memerlukan Perlindungan Khusus", "anak"),
    ("LUT", "Lanjut Usia Terlantar", "lansia"),
    ("PD", "Penyandang Disabilitas", "disabilitas"),
    ("TS", "Tuna Susila", "tuna_sosial"),
    ("GEL", "Gelandangan", "tuna_sosial"),
    ("PENG", "Pengemis", "tuna_sosial"),
    ("PEM", "Pemulung", "tuna_sosial"),
    ("KM", "Kelompok Minoritas", "tuna_sosial"),
    ("BWBLP", "Bekas Warga Binaan Lembaga Pemasyarakatan", "tuna_sosial"),
    ("ODHA", "Orang dengan HIV/AIDS", "tuna_sosial"),
    ("NAPZA", "Korban Penyalahgunaan NAPZA", "napza"),
    ("KTRAF", "Korban Trafficking", "tuna_sosial"),
    ("KTK", "Korban Tindak Kekerasan", "perlindungan"),
    ("PMBS", "Pekerja Migran Bermasalah Sosial", "perlindungan"),
    ("KBA", "Korban Bencana Alam", "perlindungan"),
    ("KBS", "Korban Bencana Sosial", "perlindungan"),
    ("PRSE", "Perempuan Rawan Sosial Ekonomi", "pemberdayaan"),
    ("FM", "Fakir Miskin", "pemberdayaan"),
    ("KBSP", "Keluarga Bermasalah Sosial Psikologis", "pemberdayaan"),
    ("KAT", "Komunitas Adat Terpencil", "pemberdayaan"),
]


def ensure_welfare_categories(WelfareCategory) -> None:
    """Create or update the 26 PPKS categories (idempotent)."""
    for order, (code, name, cluster) in enumerate(CATEGORIES, start=1):
        WelfareCategory.objects.update_or_create(
            code=code, defaults={"name": name, "cluster": cluster, "sort_order": order}
        )
