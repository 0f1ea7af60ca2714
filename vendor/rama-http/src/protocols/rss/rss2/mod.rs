mod builder;
mod names;
mod read;
mod types;
mod write;

pub use builder::Rss2FeedBuilder;
pub use read::{Rss2Channel, Rss2FeedStream};
pub use types::{
    Missing, Present, Rss2Category, Rss2Enclosure, Rss2Feed, Rss2Guid, Rss2Image, Rss2Item,
    Rss2Source,
};
pub(super) use write::{
    format_rss2_date, write_rss2_channel_close, write_rss2_channel_open, write_rss2_item,
};
