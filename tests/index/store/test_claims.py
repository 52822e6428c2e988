"""Who may take over a source's id unasked: the same origin, or a file of the same name for an upload
stored before uploads named their sender."""

from __future__ import annotations

import pytest

from index.errors import BadDocument
from index.ingest.documents import Document
from index.store.claims import Claim

NEW_UPLOAD = "upload:telegram:42:faq.md"


def claim(origin: str | None) -> Claim:
    return Claim("faq", None, origin, "Opening hours", "hash")


def test_an_upload_stored_before_senders_were_recorded_is_replaced_by_a_file_of_its_name() -> None:
    claim("upload:faq.md").check(Document("faq", "Text.", origin=NEW_UPLOAD), None, replace=False)


def test_another_senders_file_of_the_same_name_is_refused_without_naming_either_sender() -> None:
    with pytest.raises(BadDocument) as refused:
        claim(NEW_UPLOAD).check(
            Document("faq", "Text.", origin="upload:telegram:66:faq.md"), None, replace=False
        )

    assert "from another upload named 'faq.md', not from this one" in str(refused.value)
    assert "42" not in str(refused.value) and "66" not in str(refused.value)


def test_an_old_upload_is_not_replaced_by_a_file_of_another_name() -> None:
    with pytest.raises(BadDocument):
        claim("upload:faq.md").check(
            Document("faq", "Text.", origin="upload:telegram:1:x.md"), None, replace=False
        )


@pytest.mark.parametrize("adding_to", [None, "discord:77"])
def test_an_id_a_community_holds_is_refused_without_telling_what_it_keeps(adding_to: str | None) -> None:
    """Community ids are guessable ("telegram-100500-plans"): the refusal named the title it held."""
    held = Claim("telegram-100500-plans", "telegram:-100500", NEW_UPLOAD, "Secret plans", "hash")

    with pytest.raises(BadDocument) as refused:
        held.check(Document("telegram-100500-plans", "Text.", origin="upload:x.md"), adding_to, replace=True)

    assert "another community" in str(refused.value) and "Secret plans" not in str(refused.value)


def test_a_community_is_told_which_shared_source_holds_an_id() -> None:
    with pytest.raises(BadDocument, match='"Opening hours" \\(faq\\) in the shared knowledge base'):
        claim(NEW_UPLOAD).check(
            Document("faq", "Text.", origin="upload:x.md"), "telegram:-100500", replace=True
        )
