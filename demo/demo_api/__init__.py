"""The demo's own app: an example API view, a landing page and the demo accounts."""
