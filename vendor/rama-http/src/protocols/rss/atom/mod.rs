mod builder;
pub(in crate::protocols::rss) mod names;
mod read;
mod types;
mod write;

pub use builder::AtomFeedBuilder;
pub use read::{AtomFeedStream, AtomHeader};
pub use types::{
    AtomCategory, AtomContent, AtomEntry, AtomFeed, AtomGenerator, AtomLink, AtomPerson,
    AtomSource, AtomText, AtomTextKind,
};
pub(super) use write::{write_atom_entry, write_atom_feed_close, write_atom_feed_open};
