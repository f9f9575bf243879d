#!/usr/bin/env python3
"""Writes the labelled person-search set: persons.csv (the persons stored, each
with an id) and queries.csv (a query, what kind of variation it carries, and the
id of the person it means, empty when that person is not stored). Deterministic:
run it again and the files are the same."""
import csv, random

random.seed(20261126)

GIVEN = ["Maria", "Jose", "Juan", "Guadalupe", "Luis", "Carmen", "Miguel", "Ana", "Jesus", "Rosa",
         "William", "Margaret", "Robert", "Elizabeth", "Katherine", "Richard", "Joseph", "James", "Michael",
         "Jennifer", "Christopher", "Daniel", "Patricia", "Anthony", "Alexander", "Linda", "Susan", "David",
         "Thomas", "Barbara", "Nguyen", "Wei", "Mei", "Hiroshi", "Priya", "Arjun", "Fatima", "Omar", "Tuan",
         "Jasmine", "Tyrone", "Keisha", "Andre", "Stephanie", "Brandon", "Ashley", "Kevin", "Jessica",
         "Francisco", "Alejandro", "Veronica", "Ricardo", "Sofia", "Diego", "Isabel", "Hector", "Lucia",
         "Samuel", "Rebecca", "Gregory"]
FAMILY = ["Garcia", "Hernandez", "Lopez", "Martinez", "Rodriguez", "Gonzalez", "Perez", "Sanchez", "Ramirez",
          "Torres", "Flores", "Rivera", "Gomez", "Diaz", "Reyes", "Morales", "Cruz", "Ortiz", "Gutierrez",
          "Chavez", "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
          "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark",
          "Lewis", "Nguyen", "Tran", "Kim", "Park", "Chen", "Wang", "Patel", "Singh", "Kaur", "Tanaka",
          "Yamamoto", "Khan", "Ali", "O'Brien", "McDonald", "Washington", "Robinson", "Walker", "Young", "King"]
ACCENTED = {"Jose": "José", "Jesus": "Jesús", "Maria": "María", "Sofia": "Sofía", "Lucia": "Lucía", "Hector": "Héctor",
            "Ramirez": "Ramírez", "Martinez": "Martínez", "Hernandez": "Hernández", "Lopez": "López", "Perez": "Pérez",
            "Sanchez": "Sánchez", "Gomez": "Gómez", "Diaz": "Díaz", "Gonzalez": "González", "Rodriguez": "Rodríguez",
            "Gutierrez": "Gutiérrez", "Chavez": "Chávez", "Ortiz": "Ortíz", "Veronica": "Verónica", "Ricardo": "Ricardo"}
NICK = {"William": "Bill", "Margaret": "Peggy", "Robert": "Bob", "Elizabeth": "Liz", "Katherine": "Kate",
        "Richard": "Rick", "Joseph": "Joe", "James": "Jim", "Michael": "Mike", "Jennifer": "Jenny",
        "Christopher": "Chris", "Daniel": "Dan", "Patricia": "Pat", "Anthony": "Tony", "Alexander": "Alex",
        "Rebecca": "Becky", "Samuel": "Sam", "Gregory": "Greg", "Susan": "Sue", "Thomas": "Tom",
        "Barbara": "Barb", "David": "Dave"}
MIDDLE = ["Ann", "Lee", "Marie", "James", "Antonio", "Elena", "Ray", "Lynn", "Jose", "Luisa"]


def dob():
    y = random.randint(1950, 2006)
    m = random.randint(1, 12)
    d = random.randint(1, 28)
    return f"{y:04d}-{m:02d}-{d:02d}"


def typo(w):
    """One keyboard slip: two letters swapped, one dropped or one doubled."""
    w = list(w)
    i = random.randint(1, len(w) - 2) if len(w) > 3 else 1
    k = random.choice(["swap", "drop", "double"])
    if k == "swap" and i + 1 < len(w):
        w[i], w[i + 1] = w[i + 1], w[i]
    elif k == "drop":
        del w[i]
    else:
        w.insert(i, w[i])
    return "".join(w)


persons = []  # id, name, dob, parts
seen = set()
while len(persons) < 160:
    g, f = random.choice(GIVEN), random.choice(FAMILY)
    if (g, f) in seen:
        continue
    seen.add((g, f))
    kind = random.random()
    middle = random.choice(MIDDLE) if kind < 0.25 else ""
    f2 = random.choice(FAMILY) if 0.25 <= kind < 0.4 else ""
    persons.append({"id": f"P{len(persons) + 1:03d}", "given": g, "middle": middle, "family": f, "family2": f2, "dob": dob()})


def full(p, accents=False):
    g, f = p["given"], p["family"]
    if accents:
        g, f = ACCENTED.get(g, g), ACCENTED.get(f, f)
    fam = f + ("-" + p["family2"] if p["family2"] else "")
    return " ".join(x for x in [g, p["middle"], fam] if x)


stored = []
for p in persons:
    stored.append((p["id"], full(p, accents=random.random() < 0.3), p["dob"]))
# Different people with similar names: the same name born on another day, or a
# near name (one letter off) in the same family.
distractors = []
for p in random.sample(persons, 40):
    d = dob()
    distractors.append((f"D{len(distractors) + 1:03d}", f"{p['given']} {p['family']}", d))
for p in random.sample(persons, 20):
    distractors.append((f"D{len(distractors) + 1:03d}", f"{typo(p['given'])} {p['family']}", dob()))
stored += distractors

queries = []  # kind, name, dob, expected


def q(kind, name, d, expected):
    queries.append((kind, name, d, expected))


for p in persons:
    pid, d = p["id"], p["dob"]
    y, m, dd = d.split("-")
    g, f = p["given"], p["family"]
    fam = f + ("-" + p["family2"] if p["family2"] else "")
    q("exact", full(p), d, pid)
    r = random.random()
    if r < 0.5:
        q("typo_family", f"{g} {typo(f)}", d, pid)
    else:
        q("typo_given", f"{typo(g)} {f}", d, pid)
    if g in NICK:
        q("nickname", f"{NICK[g]} {f}", d, pid)
    if random.random() < 0.5:
        q("swapped", f"{fam} {g}", d, pid)
    else:
        q("family_comma_given", f"{fam}, {g}", d, pid)
    if p["middle"]:
        q("missing_middle", f"{g} {fam}", d, pid)
    elif random.random() < 0.3:
        q("extra_middle", f"{g} {random.choice(MIDDLE)} {fam}", d, pid)
    if p["family2"]:
        q("hyphen_part", f"{g} {random.choice([f, p['family2']])}", d, pid)
        q("hyphen_space", f"{g} {f} {p['family2']}", d, pid)
    if g in ACCENTED or f in ACCENTED:
        q("accents", full(p, accents=True), d, pid)
    r = random.random()
    if r < 0.35:
        q("dob_day_month_swapped", f"{g} {f}", f"{dd}/{m}/{y}", pid)
    elif r < 0.7:
        q("dob_year_off", f"{g} {f}", f"{int(y) + random.choice([1, -1]):04d}-{m}-{dd}", pid)
    elif r < 0.85:
        q("dob_us_format", f"{g} {f}", f"{m}/{dd}/{y}", pid)
# Name only, for persons whose name nobody else bears.
crowded = {n.lower() for _, n, _ in distractors}
for p in random.sample(persons, 60):
    if f"{p['given']} {p['family']}".lower() not in crowded:
        q("name_only", full(p), "", p["id"])
# Persons who are not stored: names stored for someone else, another date of birth.
for p in random.sample(persons, 30):
    q("different_person_same_name", f"{p['given']} {p['family']}", dob(), "")
for i in range(10):
    q("not_stored", f"{random.choice(GIVEN)} Zyskowski", dob(), "")

with open("persons.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["id", "name", "dob"])
    w.writerows(stored)
with open("queries.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["kind", "name", "dob", "expected"])
    w.writerows(queries)
print(len(stored), "persons,", len(queries), "queries")
