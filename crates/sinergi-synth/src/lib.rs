//! sinergi-synth
