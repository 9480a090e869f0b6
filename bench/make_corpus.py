"""Synthetic news corpus for benchmarks: realistic-looking articles at any size, deterministic by seed.

    python bench/make_corpus.py -n 20000 --seed 7 -o /tmp/corpus.jsonl [--dup-rate 0.05] [--foreign-rate 0.02]

Each article is a dated wire-style story about one event between two actors (leaders with titles,
ministries, armed groups, international organisations, countries) in a named place, with
background sentences, a direct quote, an indirect quote, relative and absolute dates, and an
outlet byline. ``--dup-rate`` adds syndicated copies (same story, another outlet, a new headline
and closing line) and ``--foreign-rate`` adds non-English stories, so deduplication and language
filtering have something to find. Output: JSON Lines with id, title, text, url, outlet, published.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

COUNTRIES = [
    ("Iraq", "Iraqi", "Baghdad", ["Mosul", "Basra", "Kirkuk", "Tikrit"]),
    ("Syria", "Syrian", "Damascus", ["Aleppo", "Homs", "Raqqa", "Idlib"]),
    ("Egypt", "Egyptian", "Cairo", ["Alexandria", "Suez", "Port Said"]),
    ("Libya", "Libyan", "Tripoli", ["Benghazi", "Misrata", "Sirte"]),
    ("Yemen", "Yemeni", "Sanaa", ["Aden", "Taiz", "Hodeidah"]),
    ("Ukraine", "Ukrainian", "Kyiv", ["Kharkiv", "Odesa", "Donetsk"]),
    ("Russia", "Russian", "Moscow", ["St Petersburg", "Rostov"]),
    ("Iran", "Iranian", "Tehran", ["Isfahan", "Tabriz", "Mashhad"]),
    ("Turkey", "Turkish", "Ankara", ["Istanbul", "Izmir", "Gaziantep"]),
    ("France", "French", "Paris", ["Marseille", "Lyon"]),
    ("Germany", "German", "Berlin", ["Munich", "Hamburg"]),
    ("China", "Chinese", "Beijing", ["Shanghai", "Guangzhou"]),
    ("Japan", "Japanese", "Tokyo", ["Osaka", "Kyoto"]),
    ("Nigeria", "Nigerian", "Abuja", ["Lagos", "Kano", "Maiduguri"]),
    ("Kenya", "Kenyan", "Nairobi", ["Mombasa", "Kisumu"]),
    ("Mexico", "Mexican", "Mexico City", ["Guadalajara", "Monterrey"]),
    ("Brazil", "Brazilian", "Brasilia", ["Sao Paulo", "Rio de Janeiro"]),
    ("Pakistan", "Pakistani", "Islamabad", ["Karachi", "Lahore", "Peshawar"]),
    ("India", "Indian", "New Delhi", ["Mumbai", "Kolkata"]),
    ("United States", "US", "Washington", ["New York", "Chicago"]),
    ("Britain", "British", "London", ["Manchester", "Birmingham"]),
]
FIRST = ["Ahmed", "Maria", "John", "Olena", "Hassan", "Li", "Yuki", "Pierre", "Anna", "Carlos", "Amina", "David",
         "Fatima", "Sergei", "Grace", "Ravi", "Elena", "Omar", "Sofia", "James", "Nadia", "Viktor", "Chen", "Aisha"]
LAST = ["Haddad", "Petrenko", "Okafor", "Santos", "Kowalski", "Nakamura", "Dubois", "Rahman", "Ivanov", "Mwangi",
        "Garcia", "Schmidt", "Khan", "Al-Jabouri", "Moreau", "Wang", "Tanaka", "Osei", "Novak", "Sharma"]
ROLES = ["President", "Prime Minister", "Foreign Minister", "Defence Minister", "Interior Minister",
         "opposition leader", "army chief", "central bank governor", "Finance Minister"]
GROUPS = ["the Islamic State group", "the Free Army", "the National Front", "the Popular Mobilisation Forces",
          "the Democratic Union Party", "the Patriotic Movement", "the Liberation Council"]
IGOS = [("the United Nations", "UN"), ("the European Union", "EU"), ("NATO", "NATO"),
        ("the African Union", "AU"), ("the Arab League", "Arab League"), ("the World Health Organization", "WHO"),
        ("the International Monetary Fund", "IMF"), ("the Red Cross", "ICRC")]
OUTLETS = [("Global Wire", "globalwire.example.com"), ("Northern Star", "northernstar.example.org"),
           ("Capital Ledger", "capitalledger.example.net"), ("Daily Courier", "dailycourier.example.com"),
           ("Harbor Times", "harbortimes.example.com"), ("Evening Post", "eveningpost.example.org"),
           ("Metro Herald", "metroherald.example.com"), ("Frontier News", "frontiernews.example.net")]
EVENTS = [  # (verb phrase with {t} for the target, headline verb, background noun)
    ("met {t} to discuss a ceasefire", "meets", "talks"),
    ("accused {t} of violating the truce", "accuses", "dispute"),
    ("condemned {t} over the attack on civilians", "condemns", "violence"),
    ("signed a trade agreement with {t}", "signs deal with", "trade deal"),
    ("threatened {t} with new sanctions", "threatens", "sanctions"),
    ("imposed sanctions on {t}", "sanctions", "sanctions"),
    ("praised {t} for its humanitarian work", "praises", "aid effort"),
    ("rejected a proposal from {t}", "rejects", "proposal"),
    ("urged {t} to release the detained journalists", "urges", "detentions"),
    ("promised aid to {t}", "pledges aid to", "aid package"),
    ("expelled diplomats from {t}", "expels diplomats of", "diplomatic row"),
    ("warned {t} against further military action", "warns", "military action"),
    ("agreed to resume negotiations with {t}", "agrees talks with", "negotiations"),
    ("demanded an apology from {t}", "demands apology from", "row"),
]
ATTACKS = ["Militants attacked a police checkpoint in {p}, killing {n} people, officials said.",
           "Thousands of protesters marched through {p} {d}, demanding the government resign.",
           "Security forces arrested {n} suspects in {p} after a bombing near the central market.",
           "Fighting between government troops and {g} continued near {p} {d}.",
           "A car bomb exploded outside a government building in {p}, wounding {n} people."]
CUES = ["said", "told reporters", "said in a statement", "told a news conference", "wrote on social media"]
QUOTES = ["We will not accept any interference in our internal affairs",
          "This is a difficult moment, but we remain committed to dialogue",
          "The international community must act now to stop the bloodshed",
          "Our forces are ready to defend the country",
          "There can be no peace without justice for the victims",
          "We expect concrete steps, not more promises",
          "The agreement opens a new chapter in our relations"]
FILLER = ["Analysts said the move could complicate efforts to end the conflict.",
          "The ministry did not respond to a request for comment.",
          "Diplomats in {c} said further talks were expected later this month.",
          "The {n2} has been a source of tension between the two sides for years.",
          "Markets in {c} fell after the announcement, traders said.",
          "Officials said the situation in {p} remained tense but calm.",
          "Human rights groups have repeatedly criticised the government over its handling of the crisis.",
          "The decision follows weeks of negotiations behind closed doors.",
          "It was not immediately clear how the other side would respond.",
          "Several countries have offered to mediate, according to diplomatic sources."]
FOREIGN = ["Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir l'économie du pays, selon "
           "un communiqué publié à {p}. Les syndicats ont appelé à une grève générale la semaine prochaine.",
           "El presidente se reunió el lunes con los líderes de la oposición en {p} para discutir la crisis "
           "política. Los analistas dicen que las negociaciones serán largas y difíciles.",
           "Die Regierung hat am Dienstag in {p} ein neues Hilfspaket angekündigt. Kritiker sagen, die "
           "Maßnahmen kämen zu spät und seien nicht ausreichend."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _actor(rng: random.Random) -> dict[str, str]:
    """A random actor with the different ways a story names it (full, short, headline)."""
    kind = rng.random()
    country, adj, capital, cities = rng.choice(COUNTRIES)
    if kind < 0.55:
        role, first, last = rng.choice(ROLES), rng.choice(FIRST), rng.choice(LAST)
        full = f"{adj} {role} {first} {last}"
        return {"full": full, "short": last, "head": f"{adj} {role.split()[-1].lower()}", "country": country,
                "capital": capital, "city": rng.choice(cities), "adj": adj}
    if kind < 0.7:
        name, acr = rng.choice(IGOS)
        return {"full": name, "short": acr, "head": acr, "country": country, "capital": capital,
                "city": rng.choice(cities), "adj": adj}
    if kind < 0.82:
        g = rng.choice(GROUPS)
        return {"full": g, "short": g, "head": g.removeprefix("the "), "country": country, "capital": capital,
                "city": rng.choice(cities), "adj": adj}
    full = "the United States" if country == "United States" else country
    return {"full": full, "short": capital, "head": country, "country": country,
            "capital": capital, "city": rng.choice(cities), "adj": adj}


def _story(rng: random.Random, day: dt.date) -> dict[str, Any]:
    src, tgt = _actor(rng), _actor(rng)
    verb, head_verb, noun = rng.choice(EVENTS)
    wd = WEEKDAYS[(day - dt.timedelta(days=rng.randint(0, 2))).weekday()]
    when = rng.choice([f"on {wd}", "on Monday", f"on {day:%B} {day.day}", "earlier this week", "yesterday"])
    place = rng.choice([src["capital"], src["city"], tgt["capital"]])
    mood = rng.choice(["surprised", "alarmed", "pleased"])
    who = src["full"][:1].upper() + src["full"][1:]
    lead = f"{who} {verb.format(t=tgt['full'])} {when}, in a move that {mood} observers in {place}."
    q1 = rng.choice(QUOTES)
    quote = f'"{q1}," {src["short"]} {rng.choice(CUES)}.'
    reply = rng.choice(["study the proposal", "respond in due course", "not back down", "seek international support"])
    blame = rng.choice(["escalating the crisis", "ignoring earlier agreements", "acting in bad faith"])
    indirect = f"{tgt['short']} said it would {reply} and accused {src['short']} of {blame}."
    body = [lead, quote, indirect]
    for _ in range(rng.randint(1, 3)):  # background: earlier events between other actors
        a, b = _actor(rng), _actor(rng)
        month = (day - dt.timedelta(days=rng.randint(20, 300))).strftime("%B")
        body.append(f"In {month}, {a['full']} {rng.choice(EVENTS)[0].format(t=b['full'])} in {a['city']}.")
    fillers = rng.sample(FILLER, rng.randint(4, 9))
    for filler in fillers:
        capital = rng.choice([src["capital"], tgt["capital"]])
        body.append(filler.format(c=capital, p=place, n2=noun))
        if rng.random() < 0.4:
            body.append(rng.choice(ATTACKS).format(p=rng.choice([src["city"], tgt["city"]]), n=rng.randint(2, 60),
                                                   d=rng.choice(["on Sunday", "last week", "overnight"]),
                                                   g=rng.choice(GROUPS)))
    if rng.random() < 0.5:
        q2 = rng.choice(QUOTES)
        body.insert(rng.randint(3, len(body)), f'"{q2}," a spokesman for {tgt["full"]} {rng.choice(CUES)}.')
    paras = []
    while body:
        k = rng.randint(1, 3)
        paras.append(" ".join(body[:k]))
        body = body[k:]
    title = f"{src['head'][:1].upper()}{src['head'][1:]} {head_verb} {tgt['head']} amid {noun}"
    return {"title": title, "paras": paras, "place": place}


def articles(n: int, seed: int = 7, dup_rate: float = 0.0, foreign_rate: float = 0.0,
             start: dt.date = dt.date(2014, 1, 1)) -> Iterator[dict[str, Any]]:
    """``n`` article records (copies and foreign stories included in the count), deterministic by seed."""
    rng = random.Random(seed)
    recent: list[tuple[dict[str, Any], dt.date]] = []
    for i in range(n):
        day = start + dt.timedelta(days=rng.randint(0, 3 * 365))
        outlet, host = rng.choice(OUTLETS)
        r = rng.random()
        if r < foreign_rate:
            text = rng.choice(FOREIGN).format(p=rng.choice(COUNTRIES)[2])
            title, paras = f"Actualités {i}", [text]
        elif r < foreign_rate + dup_rate and recent:
            story, day = rng.choice(recent)
            title = f"{story['title']} - {outlet}" if rng.random() < 0.5 else story["title"].upper()
            paras = [*story["paras"], f"({outlet} contributed reporting.)"]
        else:
            story = _story(rng, day)
            recent = [*recent[-49:], (story, day)]
            title, paras = story["title"], [f"{story['place'].upper()} ({outlet}) - {story['paras'][0]}",
                                            *story["paras"][1:]]
        yield {"id": f"syn-{seed}-{i:08d}", "title": title, "text": "\n\n".join(paras),
               "url": f"https://{host}/{day:%Y/%m/%d}/story-{i}", "outlet": outlet, "published": day.isoformat()}


def write(out: TextIO, n: int, seed: int = 7, dup_rate: float = 0.0, foreign_rate: float = 0.0) -> int:
    count = 0
    for rec in articles(n, seed, dup_rate, foreign_rate):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        count += 1
    return count


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=1000, help="number of articles")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dup-rate", type=float, default=0.0, help="share of syndicated copies")
    ap.add_argument("--foreign-rate", type=float, default=0.0, help="share of non-English articles")
    ap.add_argument("-o", "--out", type=Path, help="output JSONL (default: stdout)")
    a = ap.parse_args(argv)
    if a.out:
        with a.out.open("w", encoding="utf-8") as f:
            write(f, a.n, a.seed, a.dup_rate, a.foreign_rate)
    else:
        write(sys.stdout, a.n, a.seed, a.dup_rate, a.foreign_rate)


if __name__ == "__main__":
    main()
