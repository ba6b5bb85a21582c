//! The terminal interface: one `App` per session (a stack of screens, the status line,
//! the popups, the global keys), the screens as components (`screen`, `screens/`), the
//! keymaps, the message catalog, and the session loop that ties inputs, live events
//! and frames together.

pub mod app;
pub mod backend;
pub mod catalog;
pub mod clicks;
pub mod effects;
pub mod input;
pub mod keymap;
pub mod msg;
pub mod painter;
pub mod refusals;
pub mod screen;
pub mod screens;
pub mod session;
pub mod text;
pub mod theme;
pub mod widgets;
pub mod wording;

pub use input::{Input, Key};
