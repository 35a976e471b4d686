"""The teaching app (Solara): the page, its controls and its charts."""
