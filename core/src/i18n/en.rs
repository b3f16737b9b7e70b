//! English: WordPress's own sentences where it has them.

#[cfg(feature = "every-language")]
use super::Key;

/// The built-in text of `key`.
#[cfg(feature = "every-language")]
pub fn text(key: Key) -> &'static str {
    match key {
        Key::ReplyTitle => "Leave a Reply",
        Key::ReplyTo => "Leave a Reply to %s",
        Key::CancelReply => "Cancel reply",
        Key::EmailNotes => "Your email address will not be published.",
        Key::RequiredNote => "Required fields are marked %s",
        Key::Comment => "Comment",
        Key::Name => "Name",
        Key::Email => "Email",
        Key::Website => "Website",
        Key::Consent => "Save my name, email, and website in this browser for the next time I comment.",
        Key::Submit => "Post Comment",
        Key::CommentMissing => "Please type your comment text.",
        Key::RequiredMissing => "Please fill the required fields.",
        Key::EmailInvalid => "Please enter a valid email address.",
        Key::UrlInvalid => "Please enter a valid website address, such as example.com.",
        Key::CommentTooShort => "Your comment is too short.",
        Key::CommentInvalid => "This comment cannot be accepted. Please check its text.",
        Key::NameInvalid => "This name cannot be used. Please check it.",
        Key::CommentTooLong => "Your comment is too long.",
        Key::NameTooLong => "Your name is too long.",
        Key::EmailTooLong => "Your email address is too long.",
        Key::UrlTooLong => "Your website address is too long.",
        Key::CaptchaMissing => "Please answer this sum.",
        Key::CaptchaWrong => "That answer is not right. Please answer this new question.",
        Key::CaptchaLoading => "Loading…",
        Key::CaptchaUnavailable => "The sum could not be loaded. Check your connection, then send again.",
        Key::HoneypotLabel => "Leave this field empty",
        Key::Summary => "Your comment was not sent. Please check the marked fields (%s).",
        Key::Sending => "Sending your comment…",
        Key::Sent => "Thank you, your comment has been posted.",
        Key::AwaitingModeration => "Your comment is awaiting moderation.",
        Key::Duplicate => "Duplicate comment detected; it looks as though you\u{2019}ve already said that!",
        Key::TooFast => "You are posting comments too quickly. Slow down.",
        Key::TooFastWait => "You are posting comments too quickly. Please send again in %s seconds.",
        Key::Closed => "Sorry, comments are closed for this article.",
        Key::SaveFailed => "The comment could not be saved. Please try again later.",
        Key::Timeout => "The server took too long to answer. Your text is kept; please send again.",
        Key::Offline => "Your device is offline. Your text is kept; send again once you are back online.",
        Key::Unreachable => "The comment server could not be reached. Your text is kept; please try again later.",
        Key::Queued => "The connection dropped. Your comment is kept on this device and will be sent by itself once you are back online; you can keep reading or close the page.",
        Key::QueuedHere => "The connection dropped. Your comment will be sent by itself once you are back online, as long as this page stays open.",
        Key::QueuedServer => "The comment server could not be reached. Your comment is kept on this device and will be sent by itself once that server answers again; you can keep reading or close the page.",
        Key::QueuedServerHere => "The comment server could not be reached. Your comment will be sent by itself once that server answers again, as long as this page stays open.",
        Key::QueuedSent => "Your comment on “%s” has been posted.",
        Key::QueuedPending => "Your comment on “%s” has been posted and is awaiting moderation.",
        Key::QueuedReturned => "Your comment on “%s” was not sent. Its text is back in that article’s form.",
        Key::CaptchaExpired => "The math question expired while you were offline. Answer the new one, then send your comment again.",
        Key::ConfigNote => "Note for the site's editors: some settings of this form are invalid (see the browser console).",
        Key::ConfigBroken => "The comment form cannot be used because of a site configuration error.",
        Key::NeedsScript => "This comment can only be sent once the form has finished loading. Your text is kept; please send again in a moment.",
        Key::CommentsOne => "One thought on “%s”",
        Key::CommentsMany => "%s thoughts on “%s”",
        Key::Says => "says:",
        Key::Reply => "Reply",
        Key::ReplyToLabel => "Reply to %s",
        Key::MoreComments => "Load more comments",
        Key::ListFailed => "The comments could not be loaded.",
        Key::Retry => "Try again",
        Key::JustNow => "just now",
        Key::MinuteAgo => "a minute ago",
        Key::MinutesAgo => "%s minutes ago",
        Key::HourAgo => "an hour ago",
        Key::HoursAgo => "%s hours ago",
        Key::Yesterday => "yesterday",
        Key::DaysAgo => "%s days ago",
    }
}

const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// A date as WordPress writes it in English: `November 27, 2026`.
pub fn date(day: u32, month: u32, year: i64) -> String {
    format!("{} {day}, {year}", MONTHS[month as usize - 1])
}
