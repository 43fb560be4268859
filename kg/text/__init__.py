"""Pure-text recognisers shared by ingest (the document frame) and the spaCy components."""
