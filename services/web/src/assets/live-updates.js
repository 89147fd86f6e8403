// Progressive enhancement: reveals the page's own "this record has changed" banner when the web
// service relays a change made after the page was made. Without scripts the page works as it is.
const banner = document.querySelector('[data-module="app-live-updates"]');
if (banner && 'EventSource' in window) {
  const url = `/live/records/${encodeURIComponent(banner.dataset.stream)}/changes?after=${encodeURIComponent(banner.dataset.revision)}`;
  const source = new window.EventSource(url);
  source.addEventListener('changed', () => {
    banner.hidden = false;
    source.close();
  });
}
