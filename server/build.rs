// The moderation app's files are carried in the binary (src/admin/app.rs): a new build of
// the app (new file names) builds the server again, even one first built without it.
// (While dist/admin/ is missing, Cargo runs this each time, and the server is built again:
// scripts/test.sh builds the app first.)
fn main() {
    println!("cargo:rerun-if-changed=../dist/admin");
}
