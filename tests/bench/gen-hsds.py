#!/usr/bin/env python3
"""Writes a synthetic HSDS 3.0 CSV folder, as a city's directory exports it.

Usage: tests/bench/gen-hsds.py OUT_DIR [SERVICES] [SEED]

SERVICES (default 10000) services of a large city in one language (English,
the sample's base language), with every field HSDS requires: an organization
for every eight services, one or two locations each with an address and
coordinates, a phone, weekly schedules, spoken languages, required documents
for some, and links to forty terms of the city's own taxonomy. Beside the
folder, OUT_DIR.needs.csv maps those terms to the sample's needs and facets
(frontdoor-admin import --needs). The texts come from gen-catalogue.py's
everyday words. The same SEED gives the same folder.
"""
import csv
import importlib.util
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("gen_catalogue", os.path.join(HERE, "gen-catalogue.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

NEEDS = ["mental-health", "addiction", "money", "housing", "work-study", "integration",
         "newcomers", "family-youth", "violence", "health", "legal", "digital"]
FACETS = ["free", "walk-in", "no-referral", "no-id", "anonymous", "interpreter", "accessible"]
TABLES = {
    "organization": ["id", "name", "description", "email", "website"],
    "service": ["id", "organization_id", "name", "description", "url", "status",
                "application_process", "fees_description", "eligibility_description",
                "minimum_age", "maximum_age", "assured_date"],
    "location": ["id", "location_type", "organization_id", "name", "latitude", "longitude"],
    "address": ["id", "location_id", "address_1", "city", "state_province", "postal_code",
                "country", "address_type"],
    "phone": ["id", "service_id", "location_id", "number", "type"],
    "schedule": ["id", "service_id", "freq", "byday", "opens_at", "closes_at", "description"],
    "service_at_location": ["id", "service_id", "location_id"],
    "language": ["id", "service_id", "name", "code"],
    "required_document": ["id", "service_id", "document"],
    "taxonomy": ["id", "name", "description"],
    "taxonomy_term": ["id", "code", "name", "description", "taxonomy_id"],
    "attribute": ["id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "value"],
}


def main():
    out = sys.argv[1]
    n_services = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 11)
    os.makedirs(out)
    rows = {t: [] for t in TABLES}
    topics = gen.TOPICS["en"].split()
    kinds = gen.KIND["en"]
    rows["taxonomy"].append({"id": "tax-city", "name": "harbourton-services",
                             "description": "The services the city lists"})
    terms = []
    for i in range(40):
        code = "HB-%04d" % (1000 + 25 * i)
        terms.append(code)
        rows["taxonomy_term"].append({"id": "term-%d" % i, "code": code,
                                      "name": topics[i % len(topics)].capitalize(),
                                      "description": gen.sentence(rng, "en", 8),
                                      "taxonomy_id": "tax-city"})
    with open(out.rstrip("/") + ".needs.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["term", "maps_to"])
        for i, code in enumerate(terms):
            w.writerow([code, "need:" + NEEDS[i % len(NEEDS)] if i < 33 else
                        "facet:" + FACETS[i - 33]])
    n_orgs = max(1, n_services // 8)
    for o in range(n_orgs):
        rows["organization"].append({"id": "org-%d" % o, "name": "Harbourton association %d" % o,
                                     "description": gen.sentence(rng, "en", 12),
                                     "website": "https://assoc%d.example.org/" % o})
    for i in range(n_services):
        sid = "svc-%d" % i
        rows["service"].append({
            "id": sid, "organization_id": "org-%d" % (i % n_orgs),
            "name": "%s %s %d" % (rng.choice(topics).capitalize(), rng.choice(kinds), i),
            "description": gen.sentence(rng, "en", rng.randint(20, 45)),
            "status": rng.choice(["active"] * 18 + ["inactive", "temporarily closed"]),
            "application_process": gen.sentence(rng, "en", 8),
            "fees_description": rng.choice(["Free", "Free of charge", "A small fee"]),
            "eligibility_description": gen.sentence(rng, "en", 10),
            "minimum_age": rng.choice(["", "", "16", "18"]),
            "assured_date": "2026-%02d-%02d" % (rng.randint(1, 11), rng.randint(1, 28))})
        for k in range(rng.choice([1, 1, 2])):
            lid = "loc-%d-%d" % (i, k)
            rows["location"].append({"id": lid, "location_type": "physical",
                                     "organization_id": "org-%d" % (i % n_orgs),
                                     "name": "Harbourton place %d" % rng.randrange(5000),
                                     "latitude": round(60.1 + rng.random() * 0.2, 5),
                                     "longitude": round(24.8 + rng.random() * 0.4, 5)})
            rows["address"].append({"id": "addr-%d-%d" % (i, k), "location_id": lid,
                                    "address_1": "Street %d" % rng.randrange(900),
                                    "city": "Harbourton", "state_province": "Uusimaa",
                                    "postal_code": "%05d" % rng.randrange(100000),
                                    "country": "FI", "address_type": "physical"})
            rows["service_at_location"].append({"id": "sal-%d-%d" % (i, k), "service_id": sid,
                                                "location_id": lid})
        rows["phone"].append({"id": "ph-%d" % i, "service_id": sid,
                              "number": "+358 40 %07d" % rng.randrange(10**7), "type": "voice"})
        for k in range(rng.choice([1, 1, 2])):
            days = rng.sample(gen.DAYS[:5], rng.randint(2, 5))
            rows["schedule"].append({"id": "sch-%d-%d" % (i, k), "service_id": sid, "freq": "WEEKLY",
                                     "byday": ",".join(sorted(days, key=gen.DAYS.index)),
                                     "opens_at": "%02d:00" % rng.randint(8, 12),
                                     "closes_at": "%02d:00" % rng.randint(14, 20)})
        for k, code in enumerate(rng.sample(gen.LANGS, rng.randint(1, 3))):
            rows["language"].append({"id": "lang-%d-%d" % (i, k), "service_id": sid, "code": code})
        if rng.random() < 0.2:
            rows["required_document"].append({"id": "doc-%d" % i, "service_id": sid,
                                              "document": gen.sentence(rng, "en", 5)})
        for k, t in enumerate(rng.sample(range(40), rng.randint(1, 4))):
            rows["attribute"].append({"id": "attr-%d-%d" % (i, k), "link_id": sid,
                                      "link_type": "service", "link_entity": "service",
                                      "taxonomy_term_id": "term-%d" % t})
    for table, columns in TABLES.items():
        with open(os.path.join(out, table + ".csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, columns)
            w.writeheader()
            w.writerows(rows[table])
    package = {"name": "harbourton-services", "profile": "tabular-data-package",
               "resources": [{"name": t, "path": t + ".csv", "profile": "tabular-data-resource"}
                             for t in TABLES]}
    with open(os.path.join(out, "datapackage.json"), "w", encoding="utf-8") as f:
        json.dump(package, f, indent=2)


if __name__ == "__main__":
    main()
