"""The Keras program model: what a script builds, compiles and fits (see DESIGN.md)."""
