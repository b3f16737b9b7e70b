//! Bahasa Melayu. WordPress's ms_MY wording where its translation has the sentence
//! (Tinggalkan Jawapan, Komen, Tapak Web, "Komen anda sedang ditapis.", the duplicate,
//! flood and closed messages, the required-fields and e-mail errors, as Debian's
//! wordpress-l10n 6.1 ships them); the rest written in the same register ("anda").

#[cfg(feature = "every-language")]
use super::Key;

/// The built-in text of `key`.
#[cfg(feature = "every-language")]
pub fn text(key: Key) -> &'static str {
    match key {
        Key::ReplyTitle => "Tinggalkan Jawapan",
        Key::ReplyTo => "Tinggalkan Jawapan kepada %s",
        Key::CancelReply => "Batal jawapan",
        Key::EmailNotes => "Alamat e-mel anda tidak akan ditunjukkan.",
        Key::RequiredNote => "Ruangan yang diwajibkan ditanda %s",
        Key::Comment => "Komen",
        Key::Name => "Nama",
        Key::Email => "E-mel",
        Key::Website => "Tapak Web",
        Key::Consent => "Simpan nama, e-mel dan tapak web saya dalam pelayar ini untuk komen saya yang seterusnya.",
        Key::Submit => "Kirim Komen",
        Key::CommentMissing => "Sila taip teks komen anda.",
        Key::RequiredMissing => "Sila isi ruangan yang diwajibkan.",
        Key::EmailInvalid => "Sila masukkan alamat e-mel yang sah.",
        Key::UrlInvalid => "Sila masukkan alamat tapak web yang sah, contohnya contoh.com.",
        Key::CommentTooShort => "Komen anda terlalu pendek.",
        Key::CommentInvalid => "Komen ini tidak dapat diterima. Sila semak teksnya semula.",
        Key::NameInvalid => "Nama ini tidak dapat digunakan. Sila semak semula.",
        Key::CommentTooLong => "Komen anda terlalu panjang.",
        Key::NameTooLong => "Nama anda terlalu panjang.",
        Key::EmailTooLong => "Alamat e-mel anda terlalu panjang.",
        Key::UrlTooLong => "Alamat tapak web anda terlalu panjang.",
        Key::CaptchaMissing => "Sila jawab soalan kira-kira ini.",
        Key::CaptchaWrong => "Jawapan itu tidak betul. Sila jawab soalan baharu ini.",
        Key::CaptchaLoading => "Memuatkan…",
        Key::CaptchaUnavailable => "Soalan kira-kira tidak dapat dimuatkan. Semak sambungan anda, kemudian kirim semula.",
        Key::HoneypotLabel => "Biarkan ruangan ini kosong",
        Key::Summary => "Komen anda belum dikirim. Sila semak ruangan yang ditanda (%s).",
        Key::Sending => "Mengirim komen…",
        Key::Sent => "Terima kasih, komen anda telah dikirim.",
        Key::AwaitingModeration => "Komen anda sedang ditapis.",
        Key::Duplicate => "Komen berganda telah dikesan; anda telah pun mengirim komen ini!",
        Key::TooFast => "Anda terlalu cepat mengirim komen. Sila perlahan sedikit.",
        Key::TooFastWait => "Anda terlalu cepat mengirim komen. Sila kirim semula dalam %s saat.",
        Key::Closed => "Maaf, komen ditutup bagi rencana ini.",
        Key::SaveFailed => "Komen tidak dapat disimpan. Sila cuba lagi nanti.",
        Key::Timeout => "Pelayan terlalu lama menjawab. Teks anda masih disimpan; sila kirim semula.",
        Key::Offline => "Peranti anda tidak disambungkan ke internet. Teks anda masih disimpan; kirim semula apabila sambungan pulih.",
        Key::Unreachable => "Pelayan komen tidak dapat dihubungi. Teks anda masih disimpan; sila cuba lagi nanti.",
        Key::Queued => "Sambungan terputus. Komen anda disimpan dalam peranti ini dan akan dikirim sendiri sebaik sahaja sambungan pulih; anda boleh terus membaca atau menutup halaman.",
        Key::QueuedHere => "Sambungan terputus. Komen anda akan dikirim sendiri sebaik sahaja sambungan pulih, selagi halaman ini terbuka.",
        Key::QueuedServer => "Pelayan komen tidak dapat dihubungi. Komen anda disimpan dalam peranti ini dan akan dikirim sendiri sebaik sahaja pelayan itu menjawab semula; anda boleh terus membaca atau menutup halaman.",
        Key::QueuedServerHere => "Pelayan komen tidak dapat dihubungi. Komen anda akan dikirim sendiri sebaik sahaja pelayan itu menjawab semula, selagi halaman ini terbuka.",
        Key::QueuedSent => "Komen anda di “%s” telah dikirim.",
        Key::QueuedPending => "Komen anda di “%s” telah dikirim dan sedang ditapis.",
        Key::QueuedReturned => "Komen anda di “%s” belum dikirim. Teksnya kembali ke borang artikel itu.",
        Key::CaptchaExpired => "Soalan matematik telah tamat tempoh semasa anda di luar talian. Jawab soalan baharu, kemudian kirim komen anda semula.",
        Key::ConfigNote => "Nota untuk pengurus laman: sebahagian tetapan borang ini tidak sah (lihat konsol pelayar).",
        Key::ConfigBroken => "Borang komen belum dapat digunakan kerana ralat tetapan laman.",
        Key::NeedsScript => "Komen ini hanya boleh dikirim setelah borang selesai dimuatkan. Teks anda masih disimpan; sila kirim semula sebentar lagi.",
        Key::CommentsOne => "Satu respons kepada “%s”",
        Key::CommentsMany => "%s respons kepada “%s”",
        Key::Says => "berkata:",
        Key::Reply => "Balas",
        Key::ReplyToLabel => "Balas kepada %s",
        Key::MoreComments => "Muatkan lebih banyak komen",
        Key::ListFailed => "Komen belum dapat dimuatkan.",
        Key::Retry => "Cuba lagi",
        Key::JustNow => "sebentar tadi",
        Key::MinuteAgo => "1 minit yang lalu",
        Key::MinutesAgo => "%s minit yang lalu",
        Key::HourAgo => "1 jam yang lalu",
        Key::HoursAgo => "%s jam yang lalu",
        Key::Yesterday => "semalam",
        Key::DaysAgo => "%s hari yang lalu",
    }
}

const MONTHS: [&str; 12] = ["Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai", "Ogos", "September", "Oktober", "November", "Disember"];

/// A date as Malaysian sites write it: `27 November 2026`.
pub fn date(day: u32, month: u32, year: i64) -> String {
    format!("{day} {} {year}", MONTHS[month as usize - 1])
}
