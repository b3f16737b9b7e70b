// A single-page app that swaps articles without reloading: it mounts the form for the
// article on screen and unmounts it when the reader leaves.
const stories = {
  satu: { title: 'Sekolah Alam Membuka Kelas Menanam Padi', post: 'sekolah-alam' },
  dua: { title: 'Relawan Bersihkan Pantai dari Sampah Plastik', post: 'relawan-pantai' },
};
const slot = document.getElementById('komentar');
const title = document.getElementById('judul');

function show(key) {
  const story = stories[key];
  title.textContent = story.title;
  // Mounting again replaces the previous form; no unmount needed in between.
  window.Balasan.mount(slot, { endpoint: '/api/comments', postId: story.post });
}

document.getElementById('ke-satu').addEventListener('click', () => show('satu'));
document.getElementById('ke-dua').addEventListener('click', () => show('dua'));
document.getElementById('tutup').addEventListener('click', () => window.Balasan.unmount(slot));
show('satu');
