//! pingshen (评审): a professional-title review system served as a terminal
//! application over SSH. The layers, from the outside in: `ssh` and `admin` (the
//! doors), `tui` (screens), `service` (one function per user action), `store`
//! (SQLite through diesel) and `domain` (the rules, pure).

pub mod admin;
pub mod config;
pub mod domain;
pub mod files;
pub mod fuzzing;
pub mod office;
pub mod service;
pub mod ssh;
pub mod store;
pub mod tui;
