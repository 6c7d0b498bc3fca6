"""The body of a cable, read line by line: the opening and id line (:mod:`.idline`), the head's
fields (:mod:`.head`, with :mod:`.tags`, :mod:`.references` and :mod:`.classified_by`), the text's
paragraphs and sections (:mod:`.paragraphs`, with :mod:`.pages` for page debris and :mod:`.lines`
for the shapes of a line), the summary and comment (:mod:`.blocks`) and the signer
(:mod:`.signature`); :class:`BodyParser` (:mod:`.reader`) reads them in order into
:class:`BodyFields` (:mod:`.fields`).

Regexes are anchored or bounded, so the whole pass is linear in the size of the text.
"""

from .classified_by import classified_by_name
from .fields import BodyFields
from .idline import IdLine, parse_id_line
from .reader import BodyParser
from .references import references

__all__ = ["BodyFields", "BodyParser", "IdLine", "classified_by_name", "parse_id_line", "references"]
