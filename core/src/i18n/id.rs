//! Bahasa Indonesia, the default. WordPress's id_ID wording where WordPress has the
//! sentence, so readers meet the words they know from news sites; the rest in the same
//! formal register ("Anda").

use super::Key;

/// The built-in text of `key`.
pub fn text(key: Key) -> &'static str {
    match key {
        Key::ReplyTitle => "Tinggalkan Balasan",
        Key::ReplyTo => "Tinggalkan Balasan ke %s",
        Key::CancelReply => "Batalkan balasan",
        Key::EmailNotes => "Alamat email Anda tidak akan dipublikasikan.",
        Key::RequiredNote => "Ruas yang wajib ditandai %s",
        Key::Comment => "Komentar",
        Key::Name => "Nama",
        Key::Email => "Email",
        Key::Website => "Situs Web",
        Key::Consent => "Simpan nama, email, dan situs web saya pada peramban ini untuk komentar saya berikutnya.",
        Key::Submit => "Kirim Komentar",
        Key::CommentMissing => "Silakan ketik teks komentar Anda.",
        Key::RequiredMissing => "Mohon isi ruas yang diwajibkan.",
        Key::EmailInvalid => "Mohon masukkan alamat e-mail yang valid.",
        Key::UrlInvalid => "Mohon masukkan alamat situs web yang valid, misalnya contoh.com.",
        Key::CommentTooShort => "Komentar Anda terlalu pendek.",
        Key::CommentInvalid => "Komentar ini tidak dapat diterima. Mohon periksa kembali teksnya.",
        Key::NameInvalid => "Nama ini tidak dapat digunakan. Mohon periksa kembali.",
        Key::CommentTooLong => "Komentar Anda terlalu panjang.",
        Key::NameTooLong => "Nama Anda terlalu panjang.",
        Key::EmailTooLong => "Alamat email Anda terlalu panjang.",
        Key::UrlTooLong => "Alamat situs web Anda terlalu panjang.",
        Key::CaptchaMissing => "Mohon jawab soal hitungan ini.",
        Key::CaptchaWrong => "Jawaban kurang tepat. Silakan jawab soal yang baru ini.",
        Key::CaptchaLoading => "Memuat soal…",
        Key::CaptchaUnavailable => "Soal hitungan belum dapat dimuat. Periksa koneksi Anda, lalu kirim lagi.",
        Key::HoneypotLabel => "Biarkan ruas ini kosong",
        Key::Summary => "Komentar belum terkirim. Mohon periksa ruas yang ditandai (%s).",
        Key::Sending => "Mengirim komentar…",
        Key::Sent => "Terima kasih, komentar Anda telah terkirim.",
        Key::AwaitingModeration => "Komentar Anda sedang menunggu moderasi.",
        Key::Duplicate => "Komentar duplikat terdeteksi. Sepertinya Anda pernah mengatakan hal itu!",
        Key::TooFast => "Anda memposting komentar terlalu cepat. Pelankan.",
        Key::TooFastWait => "Anda memposting komentar terlalu cepat. Silakan kirim lagi dalam %s detik.",
        Key::Closed => "Maaf, komentar untuk artikel ini sudah ditutup.",
        Key::SaveFailed => "Komentar tak dapat disimpan. Silakan coba lagi nanti.",
        Key::Timeout => "Server terlalu lama menjawab. Teks Anda tetap tersimpan; silakan kirim lagi.",
        Key::Offline => "Perangkat Anda sedang tidak terhubung ke internet. Teks Anda tetap tersimpan; kirim lagi setelah koneksi pulih.",
        Key::Unreachable => "Server komentar tidak dapat dihubungi. Teks Anda tetap tersimpan; silakan coba lagi nanti.",
        Key::Queued => "Koneksi terputus. Komentar Anda disimpan di perangkat ini dan akan terkirim otomatis begitu koneksi pulih; Anda boleh lanjut membaca atau menutup halaman.",
        Key::QueuedHere => "Koneksi terputus. Komentar Anda akan terkirim otomatis begitu koneksi pulih, selama halaman ini tetap terbuka.",
        Key::QueuedServer => "Server komentar tidak dapat dihubungi. Komentar Anda disimpan di perangkat ini dan akan terkirim otomatis begitu server itu menjawab lagi; Anda boleh lanjut membaca atau menutup halaman.",
        Key::QueuedServerHere => "Server komentar tidak dapat dihubungi. Komentar Anda akan terkirim otomatis begitu server itu menjawab lagi, selama halaman ini tetap terbuka.",
        Key::QueuedSent => "Komentar Anda di “%s” telah terkirim.",
        Key::QueuedPending => "Komentar Anda di “%s” telah terkirim dan sedang menunggu moderasi.",
        Key::QueuedReturned => "Komentar Anda di “%s” belum terkirim. Teksnya kembali ke formulir artikel itu.",
        Key::CaptchaExpired => "Soal hitungan kedaluwarsa selama Anda offline. Jawab soal yang baru, lalu kirim komentar Anda lagi.",
        Key::ConfigNote => "Catatan untuk pengelola situs: sebagian pengaturan formulir ini tidak valid (lihat konsol peramban).",
        Key::ConfigBroken => "Formulir komentar belum dapat digunakan karena kesalahan pengaturan situs.",
        Key::NeedsScript => "Komentar ini baru dapat dikirim setelah formulir selesai dimuat. Teks Anda tetap tersimpan; silakan kirim lagi sebentar lagi.",
        Key::CommentsOne => "Satu tanggapan untuk “%s”",
        Key::CommentsMany => "%s tanggapan untuk “%s”",
        Key::Says => "berkata:",
        Key::Reply => "Balas",
        Key::ReplyToLabel => "Balas ke %s",
        Key::MoreComments => "Muat komentar lainnya",
        Key::ListFailed => "Komentar belum dapat dimuat.",
        Key::Retry => "Coba lagi",
        Key::JustNow => "baru saja",
        Key::MinuteAgo => "1 menit yang lalu",
        Key::MinutesAgo => "%s menit yang lalu",
        Key::HourAgo => "1 jam yang lalu",
        Key::HoursAgo => "%s jam yang lalu",
        Key::Yesterday => "kemarin",
        Key::DaysAgo => "%s hari yang lalu",
    }
}

const MONTHS: [&str; 12] = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

/// A date as Indonesian news sites write it: `27 November 2026`.
pub fn date(day: u32, month: u32, year: i64) -> String {
    format!("{day} {} {year}", MONTHS[month as usize - 1])
}
