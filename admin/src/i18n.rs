//! The app's words, Indonesian first (WordPress's id_ID words where it has them:
//! "Setujui", "Spam", "Tempat Sampah", "Pulihkan", "Hapus Permanen").

use crate::api::{Action, Status};

/// Every text the app shows.
pub struct Texts {
    pub title: &'static str,
    pub loading: &'static str,
    pub name: &'static str,
    pub password: &'static str,
    pub log_in: &'static str,
    pub log_out: &'static str,
    /// Before the moderator's name.
    pub logged_in_as: &'static str,
    pub login_failed: &'static str,
    pub login_locked: &'static str,
    pub busy: &'static str,
    pub unreachable: &'static str,
    pub failed: &'static str,
    pub statuses: &'static str,
    pub nothing_here: &'static str,
    pub in_reply_to: &'static str,
    pub on_page: &'static str,
    pub from_address: &'static str,
    pub edited: &'static str,
    pub session_ended: &'static str,
    pub unchanged: &'static str,
    pub logging_in: &'static str,
}

pub const ID: Texts = Texts {
    title: "Moderasi komentar",
    loading: "Memuat…",
    name: "Nama",
    password: "Kata sandi",
    log_in: "Masuk",
    log_out: "Keluar",
    logged_in_as: "Masuk sebagai",
    login_failed: "Nama atau kata sandi salah.",
    login_locked: "Terlalu banyak percobaan masuk yang gagal. Tunggu sebentar, lalu coba lagi.",
    busy: "Server sedang sibuk. Coba lagi sebentar lagi.",
    unreachable: "Server tidak dapat dihubungi. Periksa sambungan Anda, lalu coba lagi.",
    failed: "Permintaan ditolak oleh server:",
    statuses: "Status komentar",
    nothing_here: "Tidak ada komentar di sini.",
    in_reply_to: "Membalas",
    on_page: "Di",
    from_address: "dari",
    edited: "disunting",
    session_ended: "Sesi Anda telah berakhir. Silakan masuk lagi.",
    unchanged: "Komentar ini sudah diubah di tempat lain; daftarnya dimuat ulang.",
    logging_in: "Memeriksa…",
};

impl Texts {
    /// A status as the tabs name it.
    pub fn status(&self, s: Status) -> &'static str {
        match s {
            Status::Pending => "Menunggu",
            Status::Approved => "Disetujui",
            Status::Spam => "Spam",
            Status::Trash => "Tempat Sampah",
        }
    }

    /// An action as its button names it.
    pub fn action(&self, a: Action) -> &'static str {
        match a {
            Action::Approve => "Setujui",
            Action::Unapprove => "Batal Setujui",
            Action::Spam => "Spam",
            Action::Trash => "Buang",
            Action::Restore => "Pulihkan",
            Action::Delete => "Hapus Permanen",
        }
    }

    /// What is announced once an action is done.
    pub fn done(&self, a: Action) -> &'static str {
        match a {
            Action::Approve => "Komentar disetujui.",
            Action::Unapprove => "Persetujuan komentar dibatalkan.",
            Action::Spam => "Komentar ditandai sebagai spam.",
            Action::Trash => "Komentar dipindahkan ke Tempat Sampah.",
            Action::Restore => "Komentar dipulihkan.",
            Action::Delete => "Komentar dihapus permanen.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_action_has_words() {
        for s in Status::ALL {
            assert!(!ID.status(s).is_empty());
            for a in s.actions() {
                assert!(!ID.action(*a).is_empty() && ID.done(*a).ends_with('.'));
            }
        }
    }
}
