"""The chat gateway stand-in of the scenario local stack: a real FastAPI app in front of vLLM."""
