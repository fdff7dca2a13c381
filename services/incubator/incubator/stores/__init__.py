"""The incubator's store, one mixin per area (composed in incubator/store.py). Each area's
`ensure_indexes` and `erase_member` call super(), so that every area takes part."""
