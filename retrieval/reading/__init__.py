"""Reading a question: its terms, what it asks for, its parts, its spelling against the
corpus, the outlets it cites. Pure rules; may import the shared base only."""
