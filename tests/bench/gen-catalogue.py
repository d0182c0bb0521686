#!/usr/bin/env python3
"""Writes a synthetic catalogue bundle for the search benchmark.

Usage: tests/bench/gen-catalogue.py OUT.json [SERVICES] [SEED]

SERVICES (default 10000) services in twelve languages, sized like a large
city's catalogue: every name in all twelve languages, descriptions in the
base language and three others, who-it-is-for and application texts, service
keywords in two languages, facets, weekly schedules, one or two locations
with coordinates and addresses, phones, spoken languages, and links to
twenty needs whose names and keywords are in all twelve languages. The texts
are built from everyday words of each language, so the index has the
vocabulary a real one has; numbered place and organization names add the
long tail of rare words. The same SEED gives the same file.
"""
import json
import random
import sys

LANGS = ["en", "fi", "sv", "da", "nb", "es", "ar", "fa", "uk", "ru", "so", "ti"]

# Everyday words per language: topics a service is about, and the words
# around them in names and descriptions.
TOPICS = {
    "en": "housing rent debt money food meals depression anxiety stress sleep alcohol drugs gambling job work study school course language family children youth parents violence abuse safety health doctor medicine clinic nurse dentist lawyer rights asylum residence refugee computer phone internet email loneliness grief pregnancy disability elderly",
    "fi": "asunto vuokra velka raha ruoka ateria masennus ahdistus stressi uni alkoholi huumeet rahapelit työ työpaikka opiskelu koulu kurssi kieli perhe lapset nuoret vanhemmat väkivalta kaltoinkohtelu turvallisuus terveys lääkäri lääke terveysasema hoitaja hammaslääkäri juristi oikeudet turvapaikka oleskelulupa pakolainen tietokone puhelin internet sähköposti yksinäisyys suru raskaus vammaisuus ikääntyneet",
    "sv": "bostad hyra skulder pengar mat måltid depression ångest stress sömn alkohol droger spel jobb arbete studier skola kurs språk familj barn unga föräldrar våld misshandel trygghet hälsa läkare medicin hälsostation sjukskötare tandläkare jurist rättigheter asyl uppehållstillstånd flykting dator telefon internet e-post ensamhet sorg graviditet funktionsnedsättning äldre",
    "da": "bolig husleje gæld penge mad måltid depression angst stress søvn alkohol stoffer spil job arbejde studie skole kursus sprog familie børn unge forældre vold overgreb sikkerhed sundhed læge medicin klinik sygeplejerske tandlæge advokat rettigheder asyl opholdstilladelse flygtning computer telefon internet e-mail ensomhed sorg graviditet handicap ældre",
    "nb": "bolig husleie gjeld penger mat måltid depresjon angst stress søvn alkohol rus pengespill jobb arbeid studier skole kurs språk familie barn unge foreldre vold overgrep trygghet helse lege medisin legevakt sykepleier tannlege advokat rettigheter asyl oppholdstillatelse flyktning datamaskin telefon internett e-post ensomhet sorg graviditet funksjonshemming eldre",
    "es": "vivienda alquiler deudas dinero comida comidas depresión ansiedad estrés sueño alcohol drogas juego empleo trabajo estudios escuela curso idioma familia niños jóvenes padres violencia maltrato seguridad salud médico medicina clínica enfermera dentista abogado derechos asilo residencia refugiado ordenador teléfono internet correo soledad duelo embarazo discapacidad mayores",
    "ar": "سكن إيجار ديون مال طعام وجبات اكتئاب قلق توتر نوم كحول مخدرات قمار عمل وظيفة دراسة مدرسة دورة لغة عائلة أطفال شباب والدين عنف إساءة أمان صحة طبيب دواء عيادة ممرضة أسنان محامي حقوق لجوء إقامة لاجئ حاسوب هاتف إنترنت بريد وحدة حزن حمل إعاقة مسنين",
    "fa": "مسکن اجاره بدهی پول غذا وعده افسردگی اضطراب استرس خواب الکل مواد قمار کار شغل تحصیل مدرسه دوره زبان خانواده کودکان جوانان والدین خشونت آزار امنیت سلامت پزشک دارو درمانگاه پرستار دندانپزشک وکیل حقوق پناهندگی اقامت پناهنده کامپیوتر تلفن اینترنت ایمیل تنهایی سوگ بارداری معلولیت سالمندان",
    "uk": "житло оренда борги гроші їжа харчування депресія тривога стрес сон алкоголь наркотики азартні робота працевлаштування навчання школа курси мова сім'я діти молодь батьки насильство кривдження безпека здоров'я лікар ліки поліклініка медсестра стоматолог юрист права притулок проживання біженець комп'ютер телефон інтернет пошта самотність горе вагітність інвалідність літні",
    "ru": "жильё аренда долги деньги еда питание депрессия тревога стресс сон алкоголь наркотики азартные работа трудоустройство учёба школа курсы язык семья дети молодёжь родители насилие жестокость безопасность здоровье врач лекарство поликлиника медсестра стоматолог юрист права убежище проживание беженец компьютер телефон интернет почта одиночество горе беременность инвалидность пожилые",
    "so": "guri kiro deyn lacag cunto cunno niyadjab walwal cadaadis hurdo khamri daroogo qamaar shaqo shaqaale waxbarasho iskuul koorso luqad qoys carruur dhallinyaro waalid rabshad xadgudub ammaan caafimaad dhakhtar daawo xarun kalkaaliye ilkaha qareen xuquuq magangelyo degenaansho qaxooti kombiyuutar telefoon internet iimayl kalinimo murugo uur naafo waayeel",
    "ti": "ገዛ ክራይ ዕዳ ገንዘብ መግቢ ምግቢ ጭንቀት ሻቕሎት ጸቕጢ ድቃስ መስተ ዕጸ ቁማር ስራሕ ስራሕተኛ ትምህርቲ ቤትትምህርቲ ኮርስ ቋንቋ ስድራ ቆልዑ መንእሰይ ወለዲ ዓመጽ ግፍዒ ድሕንነት ጥዕና ሓኪም መድሃኒት ክሊኒክ ነርስ ስኒ ጠበቓ መሰል ዑቕባ መንበሪ ስደተኛ ኮምፒተር ተለፎን ኢንተርነት ኢመይል ጽምዋ ሓዘን ጥንሲ ስንክልና ኣረጋውያን",
}
FILLER = {
    "en": "help advice support for people who need with without an appointment free of charge we can talk about your situation and find the right service together in your own language open to everyone in the city",
    "fi": "apua neuvontaa tukea ihmisille jotka tarvitsevat ilman ajanvarausta maksutta voimme puhua tilanteestasi ja löytää oikean palvelun yhdessä omalla kielelläsi avoin kaikille kaupungissa",
    "sv": "hjälp rådgivning stöd för personer som behöver utan tidsbokning avgiftsfritt vi kan prata om din situation och hitta rätt tjänst tillsammans på ditt eget språk öppet för alla i staden",
    "da": "hjælp rådgivning støtte til personer som har brug for uden tidsbestilling gratis vi kan tale om din situation og finde den rigtige tjeneste sammen på dit eget sprog åbent for alle i byen",
    "nb": "hjelp rådgivning støtte for personer som trenger uten timebestilling gratis vi kan snakke om situasjonen din og finne riktig tjeneste sammen på ditt eget språk åpent for alle i byen",
    "es": "ayuda asesoramiento apoyo para personas que necesitan sin cita previa gratis podemos hablar de tu situación y encontrar el servicio adecuado juntos en tu propio idioma abierto a todos en la ciudad",
    "ar": "مساعدة استشارة دعم للأشخاص الذين يحتاجون بدون موعد مجانا يمكننا التحدث عن وضعك وإيجاد الخدمة المناسبة معا بلغتك الخاصة مفتوح للجميع في المدينة",
    "fa": "کمک مشاوره حمایت برای افرادی که نیاز دارند بدون وقت قبلی رایگان می‌توانیم درباره وضعیت شما صحبت کنیم و خدمت مناسب را با هم پیدا کنیم به زبان خودتان باز برای همه در شهر",
    "uk": "допомога консультація підтримка для людей які потребують без запису безкоштовно ми можемо поговорити про вашу ситуацію і знайти потрібну службу разом вашою мовою відкрито для всіх у місті",
    "ru": "помощь консультация поддержка для людей которым нужно без записи бесплатно мы можем поговорить о вашей ситуации и найти нужную службу вместе на вашем языке открыто для всех в городе",
    "so": "caawimaad talo taageero dadka u baahan la'aan ballan lacag la'aan waxaan ka hadli karnaa xaaladdaada oo aan helno adeegga saxda ah si wadajir ah luqaddaada furan dhammaan magaalada",
    "ti": "ሓገዝ ምኽሪ ደገፍ ንሰባት ዘድልዮም ብዘይ ቆጸራ ብነጻ ብዛዕባ ኩነታትካ ክንዛረብ ንኽእል ቅኑዕ ኣገልግሎት ብሓባር ክንረክብ ብቋንቋኻ ንኹሉ ክፉት ኣብ ከተማ",
}
KIND = {
    "en": ["Advice", "Centre", "Helpline", "Support", "Clinic", "Group", "Service", "Desk"],
    "fi": ["neuvonta", "keskus", "auttava puhelin", "tuki", "vastaanotto", "ryhmä", "palvelu", "piste"],
    "sv": ["rådgivning", "center", "stödlinje", "stöd", "mottagning", "grupp", "tjänst", "punkt"],
    "da": ["rådgivning", "center", "hjælpelinje", "støtte", "klinik", "gruppe", "tjeneste", "skranke"],
    "nb": ["rådgivning", "senter", "hjelpetelefon", "støtte", "klinikk", "gruppe", "tjeneste", "skranke"],
    "es": ["asesoría", "centro", "línea de ayuda", "apoyo", "clínica", "grupo", "servicio", "punto"],
    "ar": ["استشارة", "مركز", "خط مساعدة", "دعم", "عيادة", "مجموعة", "خدمة", "مكتب"],
    "fa": ["مشاوره", "مرکز", "خط کمک", "حمایت", "درمانگاه", "گروه", "خدمت", "میز"],
    "uk": ["консультація", "центр", "гаряча лінія", "підтримка", "клініка", "група", "служба", "пункт"],
    "ru": ["консультация", "центр", "горячая линия", "поддержка", "клиника", "группа", "служба", "пункт"],
    "so": ["talo", "xarun", "khadka caawimaadda", "taageero", "rug", "koox", "adeeg", "miis"],
    "ti": ["ምኽሪ", "ማእከል", "መስመር ሓገዝ", "ደገፍ", "ክሊኒክ", "ጉጅለ", "ኣገልግሎት", "ቤት ጽሕፈት"],
}
FACETS = ["free", "walk-in", "no-referral", "no-id", "anonymous", "interpreter", "accessible"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
N_NEEDS = 20


def words(rng, lang, n):
    topics = TOPICS[lang].split()
    filler = FILLER[lang].split()
    return [rng.choice(topics) if rng.random() < 0.3 else rng.choice(filler) for _ in range(n)]


def sentence(rng, lang, n):
    w = words(rng, lang, n)
    w[0] = w[0][:1].upper() + w[0][1:]
    return " ".join(w) + ("۔" if lang == "fa" else "." if lang != "ti" else "።")


def main():
    out = sys.argv[1]
    n_services = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 11)
    terms, translations = [], []

    def tr(entity, id_, field, lang, text):
        translations.append({"entity": entity, "id": id_, "field": field, "lang": lang, "text": text})

    topic_lists = {lang: TOPICS[lang].split() for lang in LANGS}
    n_topics = min(len(t) for t in topic_lists.values())
    for i in range(N_NEEDS):
        nid = "need-%d" % i
        picks = [(i * 2 + k) % n_topics for k in range(6)]
        terms.append({"id": nid, "code": "need-%d" % i, "taxonomy": "frontdoor-need",
                      "name": " ".join(topic_lists["en"][p] for p in picks[:2]).capitalize(),
                      "description": sentence(rng, "en", 12),
                      "keywords": [topic_lists["en"][p] for p in picks]})
        for lang in LANGS[1:]:
            tr("taxonomy_term", nid, "name", lang, " ".join(topic_lists[lang][p] for p in picks[:2]))
            tr("taxonomy_term", nid, "description", lang, sentence(rng, lang, 12))
            tr("taxonomy_term", nid, "keywords", lang, ", ".join(topic_lists[lang][p] for p in picks))
    for code in FACETS:
        terms.append({"id": "facet-" + code, "code": code, "taxonomy": "frontdoor-facet",
                      "name": code.replace("-", " ").capitalize()})

    services = []
    n_orgs = max(1, n_services // 8)
    for i in range(n_services):
        sid = "svc-%d" % i
        topic = rng.randrange(n_topics)
        kind = rng.randrange(len(KIND["en"]))
        org = i % n_orgs
        def name(lang):
            return "%s %s %d" % (topic_lists[lang][topic], KIND[lang][kind], i)
        locations = []
        for k in range(rng.choice([1, 1, 2])):
            locations.append({"id": "sal-%d-%d" % (i, k), "location": {
                "id": "loc-%d-%d" % (i, k), "name": "Harbourton place %d" % rng.randrange(5000),
                "latitude": round(60.1 + rng.random() * 0.2, 5),
                "longitude": round(24.8 + rng.random() * 0.4, 5),
                "addresses": [{"address_1": "Street %d" % rng.randrange(900), "city": "Harbourton",
                               "postal_code": "%05d" % rng.randrange(100000)}]}})
        days = rng.sample(DAYS[:5], rng.randint(2, 5))
        needs = rng.sample(range(N_NEEDS), rng.choice([1, 1, 2, 3]))
        services.append({
            "id": sid, "name": name("en"), "status": rng.choice(["active"] * 18 + ["inactive", "temporarily closed"]),
            "description": sentence(rng, "en", rng.randint(20, 45)),
            "eligibility_description": sentence(rng, "en", 10),
            "application_process": sentence(rng, "en", 8),
            "keywords": words(rng, "en", 3),
            "organization": {"id": "org-%d" % org, "name": "Harbourton association %d" % org},
            "service_at_locations": locations,
            "phones": [{"number": "+358 40 %07d" % rng.randrange(10**7)}],
            "schedules": [{"byday": ",".join(sorted(days, key=DAYS.index)),
                           "opens_at": "%02d:00" % rng.randint(8, 12), "closes_at": "%02d:00" % rng.randint(14, 20)}],
            "languages": [{"code": c} for c in rng.sample(LANGS, rng.randint(1, 4))],
            "attributes": [{"taxonomy_term_id": "need-%d" % n} for n in needs]
            + [{"taxonomy_term_id": "facet-" + f} for f in rng.sample(FACETS, rng.randint(0, 4))],
        })
        others = rng.sample(LANGS[1:], 3)
        for lang in LANGS[1:]:
            tr("service", sid, "name", lang, name(lang))
            if lang in others:
                tr("service", sid, "description", lang, sentence(rng, lang, rng.randint(20, 45)))
        kw_lang = rng.choice(LANGS[1:])
        tr("service", sid, "keywords", kw_lang, ", ".join(words(rng, kw_lang, 3)))

    bundle = {"format": "frontdoor-catalogue", "version": 1, "language": "en",
              "taxonomy_terms": terms, "services": services, "translations": translations}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(bundle, f, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main()
