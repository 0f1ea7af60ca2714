mod max_image_preview_setting;
pub use max_image_preview_setting::MaxImagePreviewSetting;

mod custom_rule;
pub use custom_rule::CustomRule;

mod date_time;
pub use date_time::DirectiveDateTime;
