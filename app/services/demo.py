"""Realistic sample journals: `dualtui demo --size N` for trying the app, screenshots and benchmarks.

The history scales with the size (about ten years at 100,000 records, as a heavy user's would), phases
alternate every three months, and the loops are in the state a real practice leaves them: most old
papers built on, most shipped builds written up, most failures questioned, a few loops open.
"""

from __future__ import annotations

import random
from collections import deque
from datetime import date, datetime, timedelta

from dualtui.domain import (
    Build,
    BuildStatus,
    Entry,
    EntryKind,
    Paper,
    PaperStatus,
    Phase,
    PhaseKind,
    UserError,
    WriteupState,
)
from dualtui.domain.text import plural
from dualtui.store import Journal, Transaction

from .clock import Clock

PAPERS = [
    (
        "Attention Is All You Need",
        "Vaswani, Ashish and Shazeer, Noam and Parmar, Niki",
        2017,
        "NeurIPS",
        "nlp",
    ),
    (
        "The Google File System",
        "Ghemawat, Sanjay and Gobioff, Howard and Leung, Shun-Tak",
        2003,
        "SOSP",
        "storage",
    ),
    (
        "MapReduce: Simplified Data Processing on Large Clusters",
        "Dean, Jeffrey and Ghemawat, Sanjay",
        2004,
        "OSDI",
        "systems",
    ),
    (
        "Bigtable: A Distributed Storage System for Structured Data",
        "Chang, Fay and Dean, Jeffrey",
        2006,
        "OSDI",
        "storage",
    ),
    (
        "Dynamo: Amazon's Highly Available Key-value Store",
        "DeCandia, Giuseppe and Hastorun, Deniz",
        2007,
        "SOSP",
        "storage",
    ),
    (
        "In Search of an Understandable Consensus Algorithm",
        "Ongaro, Diego and Ousterhout, John",
        2014,
        "USENIX ATC",
        "consensus",
    ),
    (
        "Hidden Technical Debt in Machine Learning Systems",
        "Sculley, D. and Holt, Gary",
        2015,
        "NeurIPS",
        "mlops",
    ),
    (
        "Deep Residual Learning for Image Recognition",
        "He, Kaiming and Zhang, Xiangyu",
        2016,
        "CVPR",
        "vision",
    ),
    (
        "BERT: Pre-training of Deep Bidirectional Transformers",
        "Devlin, Jacob and Chang, Ming-Wei",
        2019,
        "NAACL",
        "nlp",
    ),
    ("The Tail at Scale", "Dean, Jeffrey and Barroso, Luiz André", 2013, "CACM", "latency"),
    (
        "Spanner: Google's Globally-Distributed Database",
        "Corbett, James C. and Dean, Jeffrey",
        2012,
        "OSDI",
        "storage",
    ),
    (
        "Deep Neural Networks for YouTube Recommendations",
        "Covington, Paul and Adams, Jay",
        2016,
        "RecSys",
        "recsys",
    ),
    (
        "Wide & Deep Learning for Recommender Systems",
        "Cheng, Heng-Tze and Koc, Levent",
        2016,
        "DLRS",
        "recsys",
    ),
    (
        "Efficient Estimation of Word Representations in Vector Space",
        "Mikolov, Tomas and Chen, Kai",
        2013,
        "ICLR",
        "nlp",
    ),
    (
        "Billion-scale similarity search with GPUs",
        "Johnson, Jeff and Douze, Matthijs and Jégou, Hervé",
        2017,
        "IEEE TBD",
        "search",
    ),
    (
        "Efficient and robust approximate nearest neighbor search using HNSW graphs",
        "Malkov, Yu. A. and Yashunin, D. A.",
        2018,
        "TPAMI",
        "search",
    ),
    (
        "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks",
        "Lewis, Patrick and Perez, Ethan",
        2020,
        "NeurIPS",
        "nlp",
    ),
    ("Scaling Laws for Neural Language Models", "Kaplan, Jared and McCandlish, Sam", 2020, "arXiv", "nlp"),
    (
        "FlashAttention: Fast and Memory-Efficient Exact Attention",
        "Dao, Tri and Fu, Daniel Y.",
        2022,
        "NeurIPS",
        "systems",
    ),
    (
        "Efficient Memory Management for LLM Serving with PagedAttention",
        "Kwon, Woosuk and Li, Zhuohan",
        2023,
        "SOSP",
        "systems",
    ),
    (
        "Monarch: Google's Planet-Scale In-Memory Time Series Database",
        "Adams, Colin and Alonso, Luis",
        2020,
        "VLDB",
        "observability",
    ),
    (
        "Dapper, a Large-Scale Distributed Systems Tracing Infrastructure",
        "Sigelman, Benjamin H. and Barroso, Luiz André",
        2010,
        "Google TR",
        "observability",
    ),
    (
        "Kafka: a Distributed Messaging System for Log Processing",
        "Kreps, Jay and Narkhede, Neha",
        2011,
        "NetDB",
        "streaming",
    ),
    ("The Dataflow Model", "Akidau, Tyler and Bradshaw, Robert", 2015, "VLDB", "streaming"),
    ("XGBoost: A Scalable Tree Boosting System", "Chen, Tianqi and Guestrin, Carlos", 2016, "KDD", "ml"),
    ("Learning to Rank using Gradient Descent", "Burges, Chris and Shaked, Tal", 2005, "ICML", "search"),
    ("The Case for Learned Index Structures", "Kraska, Tim and Beutel, Alex", 2018, "SIGMOD", "storage"),
    ("Chain-of-Thought Prompting Elicits Reasoning", "Wei, Jason and Wang, Xuezhi", 2022, "NeurIPS", "nlp"),
    ("Adam: A Method for Stochastic Optimization", "Kingma, Diederik P. and Ba, Jimmy", 2015, "ICLR", "ml"),
    ("Borg, Omega, and Kubernetes", "Burns, Brendan and Grant, Brian", 2016, "ACM Queue", "systems"),
]
TOPICS = [
    "caching",
    "ranking",
    "retrieval",
    "scheduling",
    "compression",
    "anomaly detection",
    "sharding",
    "feature stores",
    "embeddings",
    "load shedding",
    "query planning",
    "replication",
]
SETTINGS = [
    "streaming logs",
    "edge devices",
    "multi-tenant clusters",
    "search traffic",
    "sparse features",
    "long-tail queries",
    "time series",
    "mobile clients",
]
SYSTEMS = [
    "search-ranker",
    "ingest-pipeline",
    "feature-store",
    "vector-index",
    "alerting-service",
    "ab-platform",
    "cache-tier",
    "batch-scorer",
    "query-router",
    "trace-collector",
    "rec-feed",
    "llm-gateway",
]
ENTRY_TEXTS = {
    EntryKind.FAILURE: [
        "p99 latency spiked to {n} ms under peak load",
        "OOM in the {sys} worker at {n}k rows",
        "stale results served for {n} minutes after a deploy",
        "recall dropped {n}% on long-tail queries",
        "retry storm took {sys} down for {n} minutes",
    ],
    EntryKind.INSIGHT: [
        "batching requests by {n} halves the tail latency",
        "most of the gain comes from the first {n} features",
        "warm caches matter more than the model for {sys}",
        "the paper's assumption of i.i.d. traffic is what breaks",
    ],
    EntryKind.OBSERVATION: [
        "{n}% of traffic hits {n2} keys",
        "users retry after {n} s of waiting",
        "index build takes {n} min at current size",
        "{sys} CPU is idle {n}% of the day",
    ],
    EntryKind.QUESTION: [
        "why does {sys} degrade under bursty load?",
        "can a learned model replace the hand-tuned thresholds?",
        "what bound does the paper give for skewed keys?",
        "is there research on admission control for {sys}?",
    ],
    EntryKind.VALIDATED: [
        "the claimed {n}× speed-up held on production traffic",
        "quality matched the paper on real queries",
    ],
    EntryKind.REFUTED: [
        "the claimed gain vanished on real, skewed data",
        "it needs {n}× the memory the paper reports",
    ],
    EntryKind.NOTE: [
        "talked to the {sys} users about their workflow",
        "reread section {n} of the paper",
        "sketched the architecture for {sys}",
        "pairing session on {sys} tests",
    ],
}
KIND_WEIGHTS = [
    (EntryKind.OBSERVATION, 28),
    (EntryKind.NOTE, 15),
    (EntryKind.FAILURE, 15),
    (EntryKind.INSIGHT, 12),
    (EntryKind.QUESTION, 12),
    (EntryKind.VALIDATED, 9),
    (EntryKind.REFUTED, 9),
]
PHASE_GOALS = {
    PhaseKind.RESEARCH: [
        "Understand retrieval at scale",
        "Read the tail-latency literature",
        "Learn how learned indexes work",
    ],
    PhaseKind.PRODUCTION: [
        "Ship the new ranker to all users",
        "Make ingest survive peak traffic",
        "Put the vector index in production",
    ],
}


class DemoService:
    """Sample data for trying the app, screenshots and benchmarks."""

    def __init__(self, journal: Journal, clock: Clock) -> None:
        self.journal = journal
        self.clock = clock

    def fill(self, size: int, seed: int = 7) -> dict[str, int] | None:
        """Fill an empty journal; returns the count per table, or None when the journal holds a demo
        already (so `demo && dualtui` can be run again). Any other journal is refused untouched."""
        return fill_demo(self.journal, size, self.clock.today(), seed)


def fill_demo(journal: Journal, size: int, today: date, seed: int = 7) -> dict[str, int] | None:
    """Fill an empty journal with about `size` records; returns the count per table (None: it holds a
    demo already)."""
    if size < 10:
        raise UserError("A demo journal needs a size of at least 10 records.")
    with journal.transaction() as tx:
        existing = tx.snapshot.record_count()
        if existing and tx.meta.get("demo"):
            return None
        if existing:
            raise UserError(
                f"The journal {journal.path} already holds {plural(existing, 'record')} "
                "of your own; demo fills only an empty journal (pick another file with --db)."
            )
        tx.meta["demo"] = {"size": size, "seed": seed}
        counts = _Generator(tx, size, today, random.Random(seed)).run()
        tx.summary = f"filled a demo journal of {sum(counts.values())} records"
        return counts


class _Generator:
    def __init__(self, tx: Transaction, size: int, today: date, rng: random.Random) -> None:
        self.tx, self.size, self.today, self.rng = tx, size, today, rng
        span_days = max(150, min(3650, size * 3650 // 100_000))
        self.start = datetime.combine(today - timedelta(days=span_days), datetime.min.time()).replace(hour=9)
        self.end = datetime.combine(today, datetime.min.time()).replace(hour=9)
        self.counts = {"phases": 0, "papers": 0, "builds": 0, "entries": 0}
        self.read_papers: list[int] = []

    def moment(self, low: datetime, high: datetime) -> datetime:
        seconds = max(int((high - low).total_seconds()), 1)
        return (low + timedelta(seconds=self.rng.randrange(seconds))).replace(microsecond=0)

    def run(self) -> dict[str, int]:
        self.phases()
        papers = max(5, self.size * 20 // 100)
        builds = max(3, self.size * 8 // 100)
        entries = max(1, self.size - papers - builds - self.counts["phases"])
        paper_ids = self.papers(papers)
        build_ids = self.builds(builds, paper_ids)
        self.entries(entries, paper_ids, build_ids)
        return self.counts

    def phases(self) -> None:
        # Alternate three-month phases back from today; the open one is about a third through.
        starts: list[datetime] = []
        cursor = self.end - timedelta(days=33)
        while cursor > self.start:
            starts.append(cursor)
            cursor -= timedelta(days=91)
        starts.reverse()
        kinds = [PhaseKind.RESEARCH, PhaseKind.PRODUCTION]
        offset = len(starts) % 2  # so the open phase is research
        for index, started in enumerate(starts):
            kind = kinds[(index + offset + 1) % 2]
            is_open = index == len(starts) - 1
            ended = None if is_open else starts[index + 1]
            goal = self.rng.choice(PHASE_GOALS[kind])
            review = ""
            if ended is not None:
                review = self.rng.choice(
                    [
                        "Shipped less than planned; the failures taught more than the papers.",
                        "Good balance. Two write-ups done, one loop left open.",
                        "Read too widely; next time fewer papers, each with a build.",
                    ]
                )
            planned_end = (started + timedelta(days=92)).date()
            self.tx.insert(Phase(0, kind, goal, started, planned_end, ended, review))
            self.counts["phases"] += 1

    def papers(self, count: int) -> list[int]:
        ids = []
        for index in range(count):
            title, authors, year, venue, tag = PAPERS[index % len(PAPERS)]
            if index >= len(PAPERS):
                topic, setting = self.rng.choice(TOPICS).capitalize(), self.rng.choice(SETTINGS)
                title = f"{topic} for {setting}: {title.split(':')[0]} revisited"
                year = min(year + index // len(PAPERS), self.today.year)
            added = self.moment(self.start, self.end)
            age = (self.end - added).days
            paper = Paper(
                0,
                title,
                added,
                authors=authors.split(" and "),
                year=year,
                venue=venue,
                tags=[tag],
                priority=self.rng.choice([0, 0, 1, 2, 3]),
            )
            roll = self.rng.random()
            if (age > 60 and roll < 0.75) or (age > 20 and roll < 0.3):
                started = added + timedelta(days=self.rng.randint(0, 10))
                finished = min(started + timedelta(days=self.rng.randint(1, 20)), self.end)
                paper = paper.replace(status=PaperStatus.READ, started=started, finished=finished)
            elif roll < 0.85 and age < 60:
                started = min(added + timedelta(days=self.rng.randint(0, 5)), self.end)
                paper = paper.replace(status=PaperStatus.READING, started=started)
            elif roll > 0.95:
                paper = paper.replace(status=PaperStatus.DROPPED)
            stored = self.tx.insert(paper)
            ids.append(stored.id)
            if stored.status is PaperStatus.READ:
                self.read_papers.append(stored.id)
        self.counts["papers"] = count
        return ids

    def builds(self, count: int, paper_ids: list[int]) -> list[int]:
        read = self.read_papers or paper_ids
        ids = []
        for index in range(count):
            added = self.moment(self.start, self.end)
            age = (self.end - added).days
            name = SYSTEMS[index % len(SYSTEMS)] + (
                "" if index < len(SYSTEMS) else f"-v{index // len(SYSTEMS) + 1}"
            )
            build = Build(
                0,
                name,
                added,
                description=f"Production {name} built from what the papers claim.",
                paper_ids=self.rng.sample(read, k=min(len(read), self.rng.randint(1, 2))),
                data_source=self.rng.choice(
                    ["production query logs", "live event stream", "nightly warehouse export"]
                ),
                constraints=self.rng.choice(["p99 < 50 ms", "10k QPS on 4 cores", "under $200/month"]),
                users=self.rng.choice(["search team", "on-call engineers", "2,000 daily users"]),
            )
            if age > 45:
                status = BuildStatus.SHIPPED if self.rng.random() < 0.85 else BuildStatus.ABANDONED
                started = added + timedelta(days=2)
                if status is BuildStatus.SHIPPED:
                    shipped = min(started + timedelta(days=self.rng.randint(10, 40)), self.end)
                    build = build.replace(status=status, started=started, shipped=shipped)
                    if age > 90 and self.rng.random() < 0.8:
                        build = build.replace(
                            writeup=WriteupState.DONE,
                            writeup_changed=shipped + timedelta(days=9),
                            writeup_path=f"writeups/b{index + 1}-{name}.md",
                        )
                else:
                    build = build.replace(status=status, started=started, ended=started + timedelta(days=20))
            elif age > 10:
                build = build.replace(status=BuildStatus.BUILDING, started=added + timedelta(days=1))
            ids.append(self.tx.insert(build).id)
        self.counts["builds"] = count
        return ids

    def entries(self, count: int, paper_ids: list[int], build_ids: list[int]) -> None:
        kinds = [k for k, _ in KIND_WEIGHTS]
        weights = [w for _, w in KIND_WEIGHTS]
        moments = sorted(self.moment(self.start, self.end) for _ in range(count))
        # Loops close oldest first, as in a practice that keeps up: a question follows up the oldest
        # open failure, an observation records applying the oldest open insight.
        open_failures: deque[int] = deque()
        open_insights: deque[int] = deque()
        for at in moments:
            kind = self.rng.choices(kinds, weights)[0]
            text = self.rng.choice(ENTRY_TEXTS[kind]).format(
                n=self.rng.randint(2, 99), n2=self.rng.randint(10, 500), sys=self.rng.choice(SYSTEMS)
            )
            build_id = paper_id = answers = None
            if (
                kind in (EntryKind.FAILURE, EntryKind.OBSERVATION, EntryKind.INSIGHT)
                or self.rng.random() < 0.4
            ):
                build_id = self.rng.choice(build_ids)
            if (
                kind in (EntryKind.VALIDATED, EntryKind.REFUTED, EntryKind.QUESTION)
                or self.rng.random() < 0.2
            ):
                paper_id = self.rng.choice(paper_ids)
            if kind is EntryKind.QUESTION and open_failures:
                answers = open_failures.popleft()
            elif kind is EntryKind.OBSERVATION and open_insights and self.rng.random() < 0.5:
                answers = open_insights.popleft()
            number = self.tx.insert(Entry(0, at, kind, text, paper_id, build_id, answers)).id
            if kind is EntryKind.FAILURE:
                open_failures.append(number)
            elif kind is EntryKind.INSIGHT:
                open_insights.append(number)
        self.counts["entries"] = count
