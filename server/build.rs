// The moderation app's files are carried in the binary (src/admin/app.rs): a new build of
// the app (new file names) builds the server again, even one first built without it.
fn main() {
    println!("cargo:rerun-if-changed=../dist/admin");
}
