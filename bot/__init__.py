"""qabot's front ends: the `qabot` CLI and console, and the Telegram and Discord adapters.

Each turns a platform's message into a question for `index.service.QAService` and renders the
`index.answer.Answer` it gets back; none of them retrieves or stores anything itself.
"""
