#!/usr/bin/env python3
"""Synthetic people with ground truth (entity_id), for the benchmark.

`sinergi synth` is the reference generator; this script is
(a) the fallback used by run.sh when `sinergi synth` is not available, and
(b) the generator of the non-Indonesian (US-style) generality set.
All data is synthetic: names are drawn from pools, identifiers are random.

usage: gen.py id N SEED OUT.csv      Indonesian, standard columns
       gen.py us N SEED OUT.csv      US-style: given/family name, street/city/zip, SSN
       gen.py malformed IN.csv OUT.csv SEED   copy with 10% malformed rows
"""
import csv, random, sys

MALE = "agus budi bambang joko slamet heru eko dwi tri wahyu hendra yudi rudi andi ahmad abdul rizki fajar dimas bayu arif hadi imam yusuf ilham reza taufik hari sugeng supriyadi suparman sutrisno mulyono purnomo wibowo setiawan kurniawan hidayat nugroho prasetyo santoso susanto gunawan hermawan firmansyah saputra pratama ramadhan hakim rahman fauzi syaiful khoirul zainal nurhadi sukirno sumarno darmawan irwan yanto adi aris candra dedi edi fikri galih hasan ikhsan jaka kholil lukman mahmud nanang oki pandu qomar rohmat samsul teguh umar wawan yoga zaki".split()
FEMALE = "siti sri dewi rina wati yuni ani eka dian fitri lestari wulandari rahayu handayani susanti indah ratna puji nur aminah fatimah aisyah khadijah maryam zahra nurul laila dwi tri ayu putri kartika novita yulia endang sulastri suryani sumiati ningsih astuti utami purwanti mulyani hartini sari murni rohmah hasanah mardiyah ernawati kusuma anggraini permata cahya diah erna farida gita hesti ika juwita kiki lina mega nia oktavia peni rini tuti umi vina winda yanti zulaikha".split()
FAMILY = "santoso wijaya susilo hartono setiawan kurniawan saputra hidayat nugroho wibowo pratama purnomo prasetyo gunawan hermawan utomo sugiarto suharto sudirman siswanto riyanto haryanto budiman effendi hakim rahman syahputra firdaus maulana habibi hasibuan siregar lubis nasution harahap tanjung sihombing simanjuntak panjaitan wahyudi yulianto mardani ramli salim anwar basuki cahyono darmanto fadilah ghozali hamzah iskandar jamaludin kusnadi lesmana munir nasrullah oktaviani permana qodir ridwan sumarni trisno umbara virgiawan wicaksono yusuf zainuddin".split()
PLACES = ["Malang", "Kota Malang", "Batu", "Blitar", "Kediri", "Surabaya", "Pasuruan", "Probolinggo", "Lumajang", "Jember", "Tulungagung", "Banyuwangi", "Sidoarjo", "Mojokerto", "Jombang", "Madiun", "Ponorogo", "Trenggalek", "Nganjuk", "Bojonegoro"]
OLD_PLACE = {"Jember": "Djember", "Surabaya": "Soerabaja", "Kediri": "Kediri", "Banyuwangi": "Banjoewangi"}
STREETS = "mawar melati anggrek kenanga dahlia cempaka flamboyan soekarno hatta diponegoro sudirman gajayana veteran ijen kawi semeru bromo arjuno panderman brawijaya ahmad yani merdeka pahlawan kartini dewi sartika sumbersari dinoyo tlogomas".split()
DESA = "sumbersari dinoyo ketawanggede tlogomas merjosari jatimulyo tunggulwulung tasikmadu mojolangu purwantoro blimbing kedungkandang sawojajar madyopuro lesanpuro bumiayu gadang ciptomulyo tegalgondo landungsari tegalweru pendem junrejo beji torongrejo sidomulyo punten".split()
KEC = "lowokwaru blimbing klojen sukun kedungkandang dau singosari lawang karangploso pakis tumpang batu junrejo bumiaji kepanjen turen".split()
REG = [("3507", "Kab. Malang"), ("3573", "Kota Malang"), ("3579", "Kota Batu"), ("3505", "Kab. Blitar"), ("3506", "Kab. Kediri"), ("3578", "Kota Surabaya")]
MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()


def old_spelling(s, r):
    t = s
    for new, old in (("u", "oe"), ("j", "dj"), ("c", "tj"), ("y", "j"), ("kh", "ch"), ("sy", "sj")):
        if new in t.lower() and r.random() < 0.7:
            t = t.replace(new, old)
    return t


def typo(s, r):
    if len(s) < 4:
        return s
    i = r.randrange(1, len(s) - 1)
    k = r.random()
    if k < 0.3:
        return s[:i] + s[i + 1:]
    if k < 0.6:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if k < 0.8:
        return s[:i] + r.choice("aiueonrstkm") + s[i + 1:]
    return s[:i] + s[i] + s[i:]


def make_entity(r, eid):
    sex = r.choice("LP")
    if sex == "L":
        toks = []
        if r.random() < 0.3:
            toks.append("muhammad")
        toks.append(r.choice(MALE))
    else:
        toks = []
        if r.random() < 0.25:
            toks.append("siti")
        toks.append(r.choice(FEMALE))
    k = r.random()
    if k < 0.12:
        pass  # mononym (or muhammad/siti + one)
    elif k < 0.85:
        toks.append(r.choice(FAMILY if r.random() < 0.6 else (MALE if sex == "L" else FEMALE)))
    else:
        toks.append(r.choice(MALE if sex == "L" else FEMALE))
        toks.append(r.choice(FAMILY))
    y = r.randint(1965, 2006)
    m = r.randint(1, 12)
    d = r.randint(1, 28)
    reg, regname = r.choice(REG)
    kec = r.randint(1, 30)
    dd = d + 40 if sex == "P" else d
    nik = f"{reg}{kec:02d}{dd:02d}{m:02d}{y % 100:02d}{r.randint(1, 4000):04d}"
    phone = "8" + r.choice(["12", "13", "21", "22", "52", "53", "55", "56", "57", "77", "78", "95", "96"]) + "".join(r.choice("0123456789") for _ in range(r.randint(7, 8)))
    addr = dict(street=r.choice(STREETS), no=r.randint(1, 200), rt=r.randint(1, 15), rw=r.randint(1, 12), desa=r.choice(DESA), kec=r.choice(KEC), kab=regname)
    return dict(eid=eid, toks=toks, sex=sex, date=(y, m, d), place=r.choice(PLACES), nik=nik, phone=phone, addr=addr, region=f"{reg}{kec:02d}")


def render(e, r, variant):
    toks = list(e["toks"])
    if variant:
        out = []
        for t in toks:
            x = r.random()
            if t == "muhammad" and x < 0.6:
                t = r.choice(["M.", "Moch.", "Mochamad", "Mohammad", "Muhamad", "Moh."])
            elif t == "siti" and x < 0.3:
                t = "St."
            elif t == "abdul" and x < 0.4:
                t = "Abd."
            elif t == "nur" and x < 0.4:
                t = "Nurul"
            elif x < 0.12:
                t = typo(t, r)
            elif x < 0.22:
                t = old_spelling(t, r)
            out.append(t)
        toks = out
        if len(toks) >= 3 and r.random() < 0.08:
            toks.pop(r.randrange(len(toks)))
    name = " ".join(t.capitalize() if not t.endswith(".") else t.capitalize() for t in toks)
    if variant and r.random() < 0.08 and len(toks) >= 2:
        name = f"{toks[-1].capitalize()}, {' '.join(t.capitalize() for t in toks[:-1])}"
    if r.random() < 0.1:
        name = (r.choice(["H. ", "Hj. ", "Dr. ", "Ir. ", "Drs. "]) if r.random() < 0.5 else "") + name + (r.choice([", S.Pd.", ", S.H.", ", S.E.", " S.Kom"]) if r.random() < 0.6 else "")
    if r.random() < 0.3:
        name = name.upper()
    y, m, d = e["date"]
    f = r.random()
    if variant and r.random() < 0.04:
        d2 = min(28, max(1, d + r.choice([-1, 1])))
        d = d2
    if f < 0.4:
        date = f"{d:02d}/{m:02d}/{y}"
    elif f < 0.7:
        date = f"{y}-{m:02d}-{d:02d}"
    elif f < 0.85:
        date = f"{d:02d}-{m:02d}-{y % 100:02d}"
    else:
        date = f"{d} {MONTHS[m - 1]} {y}"
    if variant and r.random() < 0.08:
        date = ""
    nik = e["nik"]
    if r.random() < 0.35:
        nik = ""
    elif variant and r.random() < 0.05:
        i = r.randrange(12, 16)
        nik = nik[:i] + str((int(nik[i]) + 1) % 10) + nik[i + 1:]
    p = e["phone"]
    f = r.random()
    phone = "0" + p if f < 0.4 else ("+62" + p if f < 0.6 else ("62" + p if f < 0.7 else f"0{p[:3]}-{p[3:7]}-{p[7:]}"))
    if r.random() < 0.35:
        phone = ""
    a = e["addr"]
    if r.random() < 0.5:
        addr = f"Jl. {a['street'].capitalize()} No. {a['no']} RT {a['rt']:02d}/RW {a['rw']:02d} Ds. {a['desa'].capitalize()} Kec. {a['kec'].capitalize()} {a['kab']}"
    else:
        addr = f"JALAN {a['street'].upper()} {a['no']}, RT.{a['rt']:03d} RW.{a['rw']:03d}, Desa {a['desa'].capitalize()}, Kecamatan {a['kec'].capitalize()}"
    if r.random() < 0.2:
        addr = ""
    place = e["place"]
    if variant and r.random() < 0.2:
        place = OLD_PLACE.get(place, place).upper()
    sex = e["sex"] if r.random() < 0.7 else {"L": "Laki-laki", "P": "Perempuan"}[e["sex"]]
    if r.random() < 0.1:
        sex = ""
    return [name, date, sex, place, nik, phone, addr, e["region"]]


def gen_id(n, seed, out):
    r = random.Random(seed)
    rows = []
    eid = 0
    while len(rows) < n:
        e = make_entity(r, eid)
        k = 1 + (r.random() < 0.5) + (r.random() < 0.25) + (r.random() < 0.1)
        for j in range(k):
            rows.append([f"E{eid}"] + render(e, r, j > 0))
        eid += 1
    rows = rows[:n]
    r.shuffle(rows)
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "entity_id", "full_name", "birth_date", "sex", "birth_place", "nik", "phone", "address", "region_code"])
        for i, row in enumerate(rows):
            w.writerow([f"r{i}"] + row)


US_GIVEN = "james john robert michael william david richard joseph thomas charles mary patricia jennifer linda elizabeth barbara susan jessica sarah karen daniel matthew anthony mark donald steven paul andrew joshua kenneth nancy lisa betty margaret sandra ashley kimberly emily donna michelle maria jose carlos juan luis wei li".split()
US_FAMILY = "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts".split()
US_STREET = "main oak pine maple cedar elm washington lake hill park view sunset river church spring".split()
US_CITY = [("Springfield", "62701"), ("Riverside", "92501"), ("Franklin", "37064"), ("Greenville", "29601"), ("Bristol", "06010"), ("Clinton", "20735"), ("Fairview", "97024"), ("Salem", "97301"), ("Madison", "53703"), ("Georgetown", "78626")]
NICK = {"william": "bill", "robert": "bob", "richard": "dick", "james": "jim", "michael": "mike", "elizabeth": "liz", "joseph": "joe", "thomas": "tom", "daniel": "dan", "jennifer": "jen"}


def gen_us(n, seed, out):
    r = random.Random(seed)
    rows = []
    eid = 0
    while len(rows) < n:
        g, f = r.choice(US_GIVEN), r.choice(US_FAMILY)
        mid = r.choice(US_GIVEN)[0] if r.random() < 0.4 else ""
        dob = (r.randint(1940, 2004), r.randint(1, 12), r.randint(1, 28))
        ssn = f"{r.randint(100, 899):03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
        street = f"{r.randint(1, 9999)} {r.choice(US_STREET).capitalize()} {r.choice(['St', 'Street', 'Ave', 'Avenue', 'Rd', 'Road'])}"
        city, zipc = r.choice(US_CITY)
        k = 1 + (r.random() < 0.5) + (r.random() < 0.25)
        for j in range(k):
            gg, ff = g, f
            if j > 0:
                x = r.random()
                if x < 0.15:
                    gg = typo(gg, r)
                elif x < 0.25:
                    ff = typo(ff, r)
                elif x < 0.32:
                    gg = NICK.get(gg, gg)
            given = f"{gg} {mid}".strip() if r.random() < 0.7 else gg
            y, m, d = dob
            if j > 0 and r.random() < 0.04:
                d = min(28, d + 1)
            date = f"{m:02d}/{d:02d}/{y}" if r.random() < 0.6 else f"{y}-{m:02d}-{d:02d}"
            s = ssn if r.random() < 0.7 else ""
            if s and r.random() < 0.5:
                s = f"{s[:3]}-{s[3:5]}-{s[5:]}"
            if j > 0 and s and r.random() < 0.03:
                s = s[:-1] + str((int(s[-1]) + 3) % 10)
            st = street if r.random() < 0.85 else ""
            if st and r.random() < 0.3:
                st = st.replace("Street", "St").replace("Avenue", "Ave").replace("Road", "Rd").upper()
            rows.append([f"P{eid}", given.title(), ff.title(), date if r.random() < 0.95 else "", s, st, city, zipc if r.random() < 0.9 else ""])
        eid += 1
    rows = rows[:n]
    r.shuffle(rows)
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["person_id", "entity_id", "first", "last", "dob", "ssn", "street", "city", "zip"])
        for i, row in enumerate(rows):
            w.writerow([f"u{i}", row[0]] + row[1:])


def malformed(src, out, seed):
    """Copies src, breaking 10% of the rows (extra fields, bad dates, empty ids, bad bytes)."""
    r = random.Random(seed)
    with open(src, newline="") as fh, open(out, "wb") as oh:
        rd = csv.reader(fh)
        header = next(rd)
        oh.write((",".join(header) + "\n").encode())
        for row in rd:
            line = None
            if r.random() < 0.10:
                k = r.randrange(4)
                if k == 0:
                    row = row + ["extra", "fields"]
                elif k == 1:
                    row[header.index("birth_date")] = "31/02/19x0"
                    row[header.index("phone")] = "call me"
                elif k == 2:
                    row[0] = ""
                else:
                    line = b",".join(c.encode() for c in row[:2]) + b",\xff\xfe broken," + b",".join(c.encode() for c in row[3:]) + b"\n"
            if line is None:
                buf = []
                for c in row:
                    buf.append('"' + c.replace('"', '""') + '"' if ("," in c or '"' in c) else c)
                line = (",".join(buf) + "\n").encode()
            oh.write(line)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "id":
        gen_id(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif mode == "us":
        gen_us(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif mode == "malformed":
        malformed(sys.argv[2], sys.argv[3], int(sys.argv[4]))
