//! Small SVG charts. No chart crate for Leptos 0.8 draws stacked states and a heatmap while
//! staying small in the download (the UI's first load is already over budget), and each of
//! these is a few dozen lines of SVG.

mod heatmap;
mod stacked;

pub use heatmap::Heatmap;
pub use stacked::StackedStates;
