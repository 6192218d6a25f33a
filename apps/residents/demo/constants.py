"""The tables the demo draws from: institutions with a part to play, stays, ages, rooms, reasons."""

from ..models import Case, Disability, Religion

WINDOW_DAYS = 3 * 365  # admissions over the last three years
OVER_CAPACITY = "UPT-PSTW-JEMBER"  # two PM over capacity, approved by its head (``kepala``)
FULL = "UPT-RSBL-KEDIRI"  # exactly at capacity
# Institutions of the demo users: all their PM go through the services.
SHOWCASE = {"UPT-PSTW-JEMBER", "UPT-PSBG-TUBAN"}
CONSENT_SCOPE = "Pendataan, asesmen dan rehabilitasi sosial di lembaga; pelaporan ke Dinas Sosial."
TERMINATION_NOTES = {
    "returned_to_family": "Diserahkan kepada keluarga dengan berita acara.",
    "independent": "Sudah mandiri dan bekerja.",
    "referred": "Dirujuk ke lembaga yang lebih sesuai.",
    "ran_away": "Tidak kembali setelah kabur; pencarian tidak berhasil.",
    "other": "Terminasi atas permintaan sendiri.",
}
DEATH_NOTES = "Meninggal dunia di panti."
HOSPITAL = "RSUD dr. Soebandi"
OVER_CAPACITY_REASONS = [
    "Rujukan Dinsos Kabupaten: lansia terlantar ditemukan di jalan, tidak ada keluarga yang dapat "
    "dihubungi. Ditempatkan sementara di ruang isolasi sampai ada tempat kosong.",
    "Lansia korban bencana banjir, rumah hanyut; penempatan darurat atas permintaan camat.",
]

# (transfer from, transfer to, pattern). "in": the stay at the first institution is
# extra to its beds and the PM continues in a bed of the second; "out": the PM leaves
# a bed of the first and continues as an extra at the second.
TRANSFERS = [
    ("UPT-PSTW-BONDOWOSO", "UPT-PSTW-JEMBER", "in"),
    ("UPT-PSTW-JEMBER", "LKS-LU-KASIH-IBU-GRS", "out"),
    ("UPT-PSBG-BLITAR", "UPT-PSBG-TUBAN", "in"),
    ("UPT-PSBG-TUBAN", "UPT-PSBG-KEDIRI", "out"),
    ("UPT-RSGP-MOJOKERTO", "UPT-RSGP-PROBOLINGGO", "in"),
    ("UPT-RSGP-PROBOLINGGO", "UPT-RSBK-SIDOARJO", "out"),
    ("UPT-PSAA-SIDOARJO", "LKSA-AL-HIKMAH-SBY", "out"),
    ("UPT-PSBR-JOMBANG", "UPT-PSBR-BLITAR", "in"),
    ("UPT-RSBL-PASURUAN", "UPT-RSBL-KEDIRI", "in"),
    ("LKS-ODGJ-BERKAH-JBR", "UPT-RSBL-PASURUAN", "in"),
    ("JTG-PGP-KUDUS", "JTG-RSBL-BOYOLALI", "out"),
]
# Institutions that also serve PM in the community (no placement).
COMMUNITY = {
    "UPT-PSTW-JEMBER": 4,
    "UPT-PSBG-TUBAN": 3,
    "LKS-LU-KASIH-IBU-GRS": 5,
    "LKS-DIS-MANDIRI-SDA": 6,
    "LKSA-BUDI-MULIA-MLG": 4,
    "JTG-PSTW-SEMARANG": 3,
}
# PM away today: (institution, days since they left, days since they were due back;
# None: in hospital). Two on overdue home leave, one on leave, one in hospital.
OPEN_ABSENCES = [
    (OVER_CAPACITY, 20, 10),  # on leave 20 days ago, expected back 10 days ago: overdue
    ("UPT-PSBG-TUBAN", 12, 5),  # overdue
    ("UPT-PSTW-MAGETAN", 3, -4),  # expected back in four days
    (OVER_CAPACITY, 4, None),  # in hospital
]

# Days a stay lasts (current occupant: days since admission), by cluster.
STAYS = {
    "lansia": (240, 1400),
    "anak": (300, 1200),
    "disabilitas": (200, 1000),
    "tuna_sosial": (45, 240),
    "napza": (90, 180),
    "perlindungan": (21, 120),
}
# Age at admission by PPKS code.
AGES = {
    "ABT": (0, 4),
    "AT": (6, 16),
    "AMPK": (6, 16),
    "AJAL": (9, 16),
    "ABH": (13, 17),
    "ADK": (7, 16),
    "AKTK": (8, 16),
    "LUT": (60, 88),
    "PD": (14, 50),
    "GEL": (25, 70),
    "PENG": (25, 70),
    "PEM": (18, 60),
    "TS": (18, 38),
    "KTRAF": (16, 32),
    "PRSE": (20, 50),
    "NAPZA": (16, 35),
    "KTK": (10, 40),
}
FEMALE_ONLY = {"TS", "KTRAF", "PRSE"}
RELIGION_WEIGHTS = {
    Religion.ISLAM: 87,
    Religion.PROTESTANT: 6,
    Religion.CATHOLIC: 4,
    Religion.HINDU: 1,
    Religion.BUDDHIST: 1,
    Religion.CONFUCIAN: 1,
}
# Disabilities by the first eight characters of the institution code.
DISABILITIES = {
    "UPT-PSBG": [Disability.INTELLECTUAL],
    "UPT-PSBN": [Disability.SENSORY],
    "JTG-PSBN": [Disability.SENSORY],
    "UPT-PSBD": [Disability.PHYSICAL],
    "LKS-DIS-": [Disability.PHYSICAL],
    "UPT-RSBL": [Disability.MENTAL],
    "JTG-RSBL": [Disability.MENTAL],
    "LKS-ODGJ": [Disability.MENTAL],
}
ROOMS = {
    "lansia": ["Wisma Melati", "Wisma Mawar", "Wisma Kenanga", "Wisma Cempaka", "Wisma Dahlia"],
    "anak": ["Asrama Putra", "Asrama Putri", "Wisma Ceria", "Wisma Harapan"],
    "disabilitas": ["Wisma Anggrek", "Wisma Teratai", "Wisma Flamboyan", "Ruang Rawat Khusus"],
    "tuna_sosial": ["Barak A", "Barak B", "Wisma Karya", "Wisma Sejahtera"],
    "napza": ["Wisma Pemulihan", "Wisma Harapan Baru"],
    "perlindungan": ["Rumah Aman 1", "Rumah Aman 2"],
}
HEALTH = ["Hipertensi", "Diabetes melitus tipe 2", "Katarak", "Riwayat stroke ringan", "Asam urat", "Asma"]
REASON_WEIGHTS = {
    "lansia": {
        "died": 40,
        "returned_to_family": 30,
        "referred": 8,
        "independent": 4,
        "ran_away": 4,
        "other": 6,
    },
    "anak": {
        "returned_to_family": 45,
        "independent": 25,
        "referred": 12,
        "ran_away": 10,
        "other": 6,
        "died": 2,
    },
    "disabilitas": {
        "returned_to_family": 45,
        "independent": 20,
        "referred": 15,
        "ran_away": 6,
        "other": 8,
        "died": 6,
    },
}
REASON_WEIGHTS_DEFAULT = {
    "returned_to_family": 35,
    "independent": 30,
    "referred": 12,
    "ran_away": 15,
    "other": 6,
    "died": 2,
}
REFERRALS = {
    "lansia": ["keluarga", "keluarga", "sendiri", "lembaga_lain", "razia"],
    "anak": ["keluarga", "keluarga", "lembaga_lain", "polisi", "rumah_sakit"],
    "disabilitas": ["keluarga", "keluarga", "lembaga_lain", "razia"],
    "tuna_sosial": ["razia", "razia", "razia", "polisi", "lembaga_lain"],
    "napza": ["polisi", "keluarga", "sendiri"],
    "perlindungan": ["polisi", "rumah_sakit", "lembaga_lain"],
}
MOBILE_PREFIXES = [11, 12, 13, 21, 22, 52, 56, 57, 81, 95]
OPEN_STAGES = [
    Case.Stage.APPROACH,
    Case.Stage.ASSESSMENT,
    Case.Stage.PLANNING,
    Case.Stage.INTERVENTION,
    Case.Stage.INTERVENTION,
    Case.Stage.RESOCIALISATION,
]
