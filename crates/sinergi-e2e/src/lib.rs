//! Browser journeys live in tests/.
