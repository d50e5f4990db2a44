"""Custom Rasa NLU components for Dutch chat text, and the NLU evaluation."""
