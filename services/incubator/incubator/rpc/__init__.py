"""The incubator's entrypoints, one mixin per area (composed in incubator/service.py). Each area's
`export_of` adds its part to super()'s, so that a member's export covers every area."""
