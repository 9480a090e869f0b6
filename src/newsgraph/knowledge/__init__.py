"""Actor knowledge: countries, metonyms, sectors, organisations, people with tenures, groups.

``load_kb()`` returns the shipped knowledge base merged with analyst files named in ``$NEWSGRAPH_KB``;
the data files live in ``knowledge/data`` (see its README.md for formats and coding choices).
``is_case_sensitive`` tells a PhraseMatcher builder which phrases need exact-case (ORTH) matching.
"""

from .kb import KBEntry, KnowledgeBase, Tenure, load_kb
from .loader import KBFileError
from .text import is_case_sensitive, norm

__all__ = ["KBEntry", "KBFileError", "KnowledgeBase", "Tenure", "is_case_sensitive", "load_kb", "norm"]
