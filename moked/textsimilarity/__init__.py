"""Text similarity shared by the knowledge base, classification and clustering: language-aware
normalisation of Hebrew, Persian, Finnish and English text into terms and character n-grams (pure)."""
