"""Pick the corpus sentences to be read and labeled by hand.

This script only chooses *what to read*; it never assigns a label. It draws from the
sentence table written by ``tools/split_corpus.py``:

* a uniform **random** sample of clean sentences (labeled as they come, so the natural
  label distribution can be estimated);
* **targeted** pools of sentences whose wording or actors make a given stance, or a
  hard case, more likely to be found: balancing language and several camps named
  together (``multi_vector``), closeness to one partner (``aligned``), criticism of an
  actor (``oppositional``), and negations, veiled targets, contrasts, reported speech,
  neutrality declarations and single-partner cooperation (``hard``).

Targeted pools are drawn round-robin over decades, at most ``--per-speech`` sentences
from one speech and ``--country-share`` of the rows from one country, so the data spans
countries and eras. Rows are then shuffled (readers do not see which pool a row came
from) and a random share is drawn for a second, independent reading.

With ``--named-actor`` only sentences that name a state, bloc or camp of the West,
Russia or China other than the speaker's own state are drawn (a target is then likely,
rule 2), for instance short ones (``--min-words 4 --max-words 16``), as news quotes are;
the ``--random`` rows are then drawn uniformly from those sentences and named
``named_actor`` (``sample=targeted``), as they are no sample of the corpus's natural mix.

With ``--model-says LABEL`` only sentences to which the shipped default model gives
``LABEL`` its highest probability are drawn (uncertainty sampling: what the model
believes is ``LABEL``, right or wrong, so reading them finds both more ``LABEL`` rows and
the look-alikes it confuses with it); the ``--random`` rows are then named
``model_<label>`` (``sample=targeted``). The model only picks; the readers label.
Unlike ``tools/pick_uncertain.py --label``, which takes the sentences the model finds
*most* likely to carry a label, this draws uniformly from all it labels so, confident or
not, with the length limits and cleaning rules of this script.

With ``--train-only`` the pools are drawn only from speeches that have no row in the
corpus's ``dev`` or ``test`` split, skipping sentences already picked (``--exclude``), and
named ``more_<pool>``: training rows only (``stancekit.datasets.TRAIN_ONLY_POOLS``), so
later rounds add training rows of the held-out splits' kind without changing the splits.

Usage::

    python tools/sample_candidates.py /tmp/sentences.parquet -o /tmp/candidates.csv
    python tools/sample_candidates.py /tmp/sentences.parquet --train-only --random 0 \
        --exclude data/annotation/candidates_round*.csv --first-id 40000 -o /tmp/more.csv
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from stancekit import LABELS
from stancekit.actors import find_actors

POOL_PATTERNS: dict[str, list[str]] = {
    "multi_vector": [
        r"multi-?vector",
        r"balanced (?:foreign )?polic",
        r"balanced (?:and \w+ )?(?:relations|approach|partnership|cooperation)",
        r"(?:relations|cooperation|ties|friendship|partnership) with all",
        r"with all (?:countries|States|nations|partners|our (?:neighbou?rs|partners))",
        r"\ball (?:our )?partners\b",
        r"\beast and west\b|\bwest and east\b|\beast or west\b",
        r"diversif\w+",
        r"\ball directions\b",
        r"against (?:no ?one|anyone|any (?:country|State|third))",
        r"not directed against",
        r"(?:friends|friendly relations|friendship) with (?:all|every)",
        r"(?:not|refuse to|never) (?:have to )?choose",
        r"bridge between",
        r"(?:good|friendly) relations with (?:both|all)",
        r"independent foreign policy",
        r"open to (?:cooperation|dialogue|partnership) with",
        r"no (?:permanent )?enem",
        r"pragmatic",
        r"(?:both|all) (?:the )?(?:major|great) (?:powers|Powers)",
        r"(?:neither|not) .{0,30}\bbloc",
    ],
    "aligned": [
        r"(?:closest|strategic|reliable|traditional|true|faithful|loyal|trusted|steadfast) (?:ally|allies|partner|partners|friend|friends)",
        r"strategic partnership",
        r"brotherly|fraternal",
        r"support(?:s)? (?:for )?the (?:position|efforts|initiative|proposal|stand|policy|struggle|peace) ",
        r"solidarity with",
        r"(?:grateful|gratitude|thank\w*) (?:to|for)",
        r"shoulder to shoulder",
        r"(?:European|Euro-Atlantic|Eurasian) integration",
        r"Union State",
        r"(?:accession|membership|join\w*) (?:to |in |of )?(?:the )?(?:European Union|EU|NATO|North Atlantic|CSTO|Eurasian)",
        r"our allies",
        r"alliance with",
        r"unshak|unbreakable|indestructible|special relationship",
        r"(?:together|side by side) with (?:our )?(?:friends|allies|brothers)",
        r"\bwe (?:stand|side) with",
        r"(?:close|closer|deep) (?:ties|relations|cooperation) with",
    ],
    "oppositional": [
        r"condemn",
        r"aggress",
        r"occup(?:ation|ying|ied)",
        r"imperialis",
        r"hegemon",
        r"(?:unilateral|illegal) (?:coercive )?(?:sanctions|measures)",
        r"blockade",
        r"interfer",
        r"expansion",
        r"neo-?colonial",
        r"(?:racist|apartheid|Zionist|Pretoria|puppet|Kabul|Saigon) (?:regime|entity|clique)",
        r"so-called",
        r"dictat",
        r"double standards",
        r"(?:threat|danger) to (?:our|the)",
        r"\b(?:reject|denounce|deplore)",
        r"annex",
        r"subver",
        r"arms race",
    ],
    "hard": [
        r"\bnot (?:against|directed|aimed)\b",
        r"against no",
        r"(?:not|no) (?:anyone's|one's|a) (?:vassal|satellite|puppet|pawn|colony)",
        r"\bnever\b",
        r"(?:certain|some|those) (?:States|countries|Powers|powers|Governments|forces|circles|quarters)",
        r"\bunlike\b",
        r"in contrast to",
        r"\bwhereas\b",
        r"\b(?:said|stated|declared|told us|according to|in the words of)\b",
        r"neutralit",
        r"\bneutral\b",
        r"equidistan",
        r"impartial",
        r"(?:both|all) (?:the )?parties",
        r"non-?interference",
        r"non-?align",
        r"(?:signed|concluded) (?:an? )?(?:\w+ )?(?:agreement|treaty|memorandum|protocol)s? with",
        r"\bvisit(?:ed)? (?:to )?[A-Z]",
        r"bilateral (?:relations|cooperation|ties) with",
    ],
}
# The camps whose naming makes a target likely (``--named-actor``).
GREAT_POWER_CAMPS = frozenset({"west", "russia", "china"})
_COOPERATION = re.compile(r"cooperat|relations|partner|friend|ties|dialogue|engage|trade", re.I)
_CLEAN_START = re.compile(r"^[\"'(]?[A-Z]")
_CLEAN_END = re.compile(r"[.!?][\"')]?$")
_JUNK = re.compile(r"\d{2}-\d{5}|A/\d+/PV|\bpage\b|^\d|[_|~^{}<>]|\.\.\.\.")


def clean_sentences(frame: pd.DataFrame, min_words: int, max_words: int) -> pd.DataFrame:
    """Keep whole, readable sentences: capitalised start, final punctuation, no page furniture."""
    words = frame["text"].str.split().str.len()
    keep = (
        words.between(min_words, max_words)
        & frame["text"].str.match(_CLEAN_START)
        & frame["text"].str.contains(_CLEAN_END)
        & ~frame["text"].str.contains(_JUNK)
    )
    return frame[keep]


def several_camps(text: str) -> bool:
    """True when actors of two or more camps are named together with cooperative wording."""
    camps = {m.actor.camp for m in find_actors(text)} - {"none"}
    return len(camps) >= 2 and bool(_COOPERATION.search(text))


def names_other_great_power(text: str, speaker: str) -> bool:
    """True when the sentence names an actor of the West, Russia or China other than the speaker's own state."""
    return any(
        m.actor.camp in GREAT_POWER_CAMPS and m.actor.id != speaker and m.actor.kind != "region"
        for m in find_actors(text)
    )


def model_says(texts: pd.Series, label: str) -> np.ndarray:
    """True where the shipped default model's most probable label for the text is ``label``."""
    import stancekit

    return stancekit.load_model().predict(texts.tolist()) == label


def read_excluded(paths: list[Path]) -> pd.DataFrame:
    """The candidate rows already picked (``id``, ``text``, ``speech_id``...), from ``--exclude`` files."""
    if not paths:
        return pd.DataFrame(columns=["id", "text", "speech_id"])
    return pd.concat([pd.read_csv(p) for p in paths])


def held_out_speeches() -> set[str]:
    """The speeches with rows in the bundled corpus's ``dev`` or ``test`` split."""
    import stancekit

    corpus = stancekit.load_corpus(as_frame=True).frame
    return set(corpus.loc[corpus["split"] != "train", "speech_id"])


def number_rows(rows: pd.DataFrame, first_id: int, excluded: pd.DataFrame, parser: argparse.ArgumentParser) -> None:
    """Insert ``id`` ``ungdc-NNNNN`` from ``first_id``; stop if one is already used in ``excluded``."""
    rows.insert(0, "id", [f"ungdc-{first_id + i:05d}" for i in range(len(rows))])
    taken = set(excluded["id"]) & set(rows["id"])
    if taken:
        parser.error(f"--first-id {first_id} gives ids already used in --exclude files: {sorted(taken)[:3]}")


def draw_pool(
    candidates: pd.DataFrame,
    n: int,
    rng: np.random.Generator,
    used: set,
    per_speech: Counter,
    per_country: Counter,
    max_per_speech: int,
    max_per_country: int,
) -> list[int]:
    """Draw ``n`` rows round-robin over decades, respecting speech and country caps."""
    order = candidates.sample(frac=1.0, random_state=rng.integers(2**31))
    buckets = {d: list(g.index) for d, g in order.groupby(order["year"] // 10 * 10)}
    chosen: list[int] = []
    while len(chosen) < n and any(buckets.values()):
        for decade in sorted(buckets):
            while buckets[decade]:
                index = buckets[decade].pop()
                row = candidates.loc[index]
                key = row["text"].lower()
                if key in used or per_speech[row["speech_id"]] >= max_per_speech:
                    continue
                if per_country[row["iso3"]] >= max_per_country:
                    continue
                used.add(key)
                per_speech[row["speech_id"]] += 1
                per_country[row["iso3"]] += 1
                chosen.append(index)
                break
            if len(chosen) >= n:
                break
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentences", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--random", type=int, default=850)
    parser.add_argument("--multi-vector", type=int, default=1500)
    parser.add_argument("--aligned", type=int, default=900)
    parser.add_argument("--oppositional", type=int, default=600)
    parser.add_argument("--hard", type=int, default=750)
    parser.add_argument("--second-share", type=float, default=0.15)
    parser.add_argument("--per-speech", type=int, default=3)
    parser.add_argument("--country-share", type=float, default=0.035)
    parser.add_argument("--min-words", type=int, default=6)
    parser.add_argument("--max-words", type=int, default=70)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--train-only", action="store_true", help="only speeches outside dev and test; pools more_*")
    parser.add_argument(
        "--named-actor",
        action="store_true",
        help="only sentences naming a state, bloc or camp of the West, Russia or China other than the speaker's own",
    )
    parser.add_argument(
        "--model-says",
        choices=LABELS,
        help="only sentences the shipped default model labels so (it picks; readers label)",
    )
    parser.add_argument("--exclude", type=Path, nargs="+", default=[], help="candidate CSVs already picked")
    parser.add_argument("--first-id", type=int, default=0, help="number of the first ungdc-NNNNN id")
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    frame = clean_sentences(pd.read_parquet(args.sentences), args.min_words, args.max_words)
    excluded = read_excluded(args.exclude)
    if args.train_only:
        frame = frame[~frame["speech_id"].isin(held_out_speeches())]
    if args.named_actor:
        frame = frame[[names_other_great_power(t, s) for t, s in zip(frame["text"], frame["iso3"])]]
    if args.model_says:
        frame = frame[model_says(frame["text"], args.model_says)]
    print(f"{len(frame)} clean sentences")

    quotas = {
        "multi_vector": args.multi_vector,
        "aligned": args.aligned,
        "oppositional": args.oppositional,
        "hard": args.hard,
    }
    total = args.random + sum(quotas.values())
    max_per_country = int(args.country_share * total)
    used: set[str] = set(excluded["text"].str.lower())
    per_speech: Counter = Counter(excluded["speech_id"])
    per_country: Counter = Counter()

    # The random sample comes first and is uniform: no caps, so it stays representative.
    random_rows = frame.sample(n=args.random, random_state=rng.integers(2**31))
    random_rows = random_rows[~random_rows["text"].str.lower().duplicated()]
    random_rows = random_rows[~random_rows["text"].str.lower().isin(used)]
    for _, row in random_rows.iterrows():
        used.add(row["text"].lower())
        per_speech[row["speech_id"]] += 1
        per_country[row["iso3"]] += 1
    # Drawn uniformly from a filtered table, they are no sample of the corpus's natural mix.
    if args.model_says:
        random_pool = "model_" + args.model_says.replace("-", "_")
    else:
        random_pool = "named_actor" if args.named_actor else "random"
    filtered = args.named_actor or args.model_says
    picked = [
        random_rows.assign(
            sample="targeted" if filtered else "random",
            pool=f"more_{random_pool}" if args.train_only else random_pool,
        )
    ]

    remaining = frame.drop(random_rows.index)
    for pool, n in quotas.items():
        pattern = re.compile("|".join(POOL_PATTERNS[pool]), re.IGNORECASE)
        mask = remaining["text"].str.contains(pattern)
        candidates = remaining[mask]
        if pool == "multi_vector":
            # Several camps named together: scan only sentences that name two actors or more.
            extra = remaining[~mask].sample(n=min(400_000, int((~mask).sum())), random_state=1)
            extra = extra[extra["text"].map(several_camps)]
            candidates = pd.concat([candidates, extra])
        print(f"{pool}: {len(candidates)} candidates")
        chosen = draw_pool(candidates, n, rng, used, per_speech, per_country, args.per_speech, max_per_country)
        name = f"more_{pool}" if args.train_only else pool
        picked.append(candidates.loc[chosen].assign(sample="targeted", pool=name))
        remaining = remaining.drop(chosen)

    rows = pd.concat(picked).sample(frac=1.0, random_state=rng.integers(2**31))
    rows = rows.reset_index(drop=True)
    number_rows(rows, args.first_id, excluded, parser)
    rows["double"] = rng.random(len(rows)) < args.second_share
    rows.to_csv(args.output, index=False)
    print(rows.groupby("pool").size().to_string())
    print(
        f"{len(rows)} rows, {rows['iso3'].nunique()} countries, "
        f"{int(rows['double'].sum())} to read twice -> {args.output}"
    )


if __name__ == "__main__":
    main()
