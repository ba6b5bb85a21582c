//! The terminal interface: one `App` per session (state, update, view), the message
//! catalog, and the session loop that ties inputs, live events and frames together.

pub mod app;
pub mod backend;
pub mod catalog;
pub mod clicks;
pub mod effects;
pub mod input;
pub mod keymap;
pub mod painter;
pub mod session;
pub mod text;
pub mod theme;

pub use input::{Input, Key};
