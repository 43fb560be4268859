"""The spaCy side of kg: tokenizer, components and the pipeline that chains them."""
