"""newsgraph: news articles in, auditable event data, quotes and timelines out."""

from newsgraph.records import Actor, ActorRef, Article, DateRef, DocRecords, Event, Mention, Quote, Rejected

__all__ = ["Actor", "ActorRef", "Article", "DateRef", "DocRecords", "Event", "Mention", "Quote", "Rejected"]
__version__ = "0.1.0"
